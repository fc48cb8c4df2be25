// Kubernetes resource quantities ("4Gi", "500m", "1.5", "129e6") as whole numbers.
// Like the API's Value()/MilliValue(), a fraction of the unit rounds up.
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "sparkpm/json_loaders.h"

namespace sparkpm {
namespace {

__extension__ typedef unsigned __int128 Wide;  // holds digits * 2^60 without overflow

constexpr int kMaxSignificantDigits = 19;
constexpr Wide kInt64Max = static_cast<Wide>(std::numeric_limits<int64_t>::max());

// A unit suffix: the value is multiplied by 10^exp10 * 2^exp2.
struct QuantitySuffix {
  std::string_view text;
  int exp10;
  int exp2;
};

constexpr QuantitySuffix kSuffixes[] = {
    {"", 0, 0},    {"Ki", 0, 10}, {"Mi", 0, 20}, {"Gi", 0, 30}, {"Ti", 0, 40}, {"Pi", 0, 50},
    {"Ei", 0, 60}, {"n", -9, 0},  {"u", -6, 0},  {"m", -3, 0},  {"k", 3, 0},   {"M", 6, 0},
    {"G", 9, 0},   {"T", 12, 0},  {"P", 15, 0},  {"E", 18, 0},
};

// Parses an exponent suffix ("e3", "E-2", at most three digits).
std::optional<int> ParseExponent(std::string_view suffix) {
  if (suffix.size() < 2 || (suffix[0] != 'e' && suffix[0] != 'E')) return std::nullopt;
  size_t i = 1;
  bool negative = false;
  if (suffix[i] == '+' || suffix[i] == '-') {
    negative = suffix[i] == '-';
    ++i;
  }
  if (i >= suffix.size() || suffix.size() - i > 3) return std::nullopt;
  int e = 0;
  for (; i < suffix.size(); ++i) {
    if (suffix[i] < '0' || suffix[i] > '9') return std::nullopt;
    e = e * 10 + (suffix[i] - '0');
  }
  return negative ? -e : e;
}

// Parses q and returns its value times 10^scale, rounded up; nullopt if malformed
// or out of int64 range.
std::optional<int64_t> ParseScaled(std::string_view q, int scale) {
  if (q.empty() || q.size() > 64) return std::nullopt;
  size_t pos = 0;
  bool negative = false;
  if (q[pos] == '+' || q[pos] == '-') {
    negative = q[pos] == '-';
    ++pos;
  }
  Wide digits = 0;
  int significant = 0;
  int fraction_digits = 0;
  int dropped_integer_digits = 0;  // integer digits beyond the kept precision
  bool any_digit = false;
  bool seen_point = false;
  for (; pos < q.size(); ++pos) {
    char c = q[pos];
    if (c == '.') {
      if (seen_point) return std::nullopt;
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any_digit = true;
    if (digits == 0 && c == '0') {
      if (seen_point) ++fraction_digits;
      continue;
    }
    if (significant < kMaxSignificantDigits) {
      digits = digits * 10 + static_cast<Wide>(c - '0');
      ++significant;
      if (seen_point) ++fraction_digits;
    } else if (!seen_point) {
      ++dropped_integer_digits;  // too large to matter: it overflows below
    }
  }
  if (!any_digit) return std::nullopt;

  // Suffix: binary (Ki..Ei), decimal (n u m "" k M G T P E) or exponent (e3, E-2).
  std::string_view suffix = q.substr(pos);
  int exp10 = dropped_integer_digits;
  int exp2 = 0;
  const QuantitySuffix* unit = nullptr;
  for (const auto& candidate : kSuffixes) {
    if (candidate.text == suffix) unit = &candidate;
  }
  if (unit != nullptr) {
    exp10 += unit->exp10;
    exp2 = unit->exp2;
  } else if (auto exponent = ParseExponent(suffix)) {
    exp10 += *exponent;
  } else {
    return std::nullopt;
  }

  // value = digits * 2^exp2 * 10^(exp10 + scale - fraction_digits), rounded up.
  int power = exp10 + scale - fraction_digits;
  Wide numerator = digits << exp2;  // digits < 10^19 < 2^64, exp2 <= 60: fits
  Wide result = 0;
  if (numerator == 0) {
    result = 0;
  } else if (power >= 0) {
    result = numerator;
    for (int i = 0; i < power; ++i) {
      result *= 10;
      if (result > kInt64Max) return std::nullopt;
    }
  } else if (-power > 38) {
    result = 1;  // a positive amount far below one unit still rounds up to one
  } else {
    Wide denominator = 1;
    for (int i = 0; i < -power; ++i) denominator *= 10;
    result = numerator / denominator + (numerator % denominator != 0 ? 1 : 0);
  }
  if (result > kInt64Max) return std::nullopt;
  int64_t value = static_cast<int64_t>(result);
  return negative ? -value : value;
}

}  // namespace

std::optional<int64_t> ParseQuantityBytes(std::string_view q) { return ParseScaled(q, 0); }

std::optional<int64_t> ParseCpuMillis(std::string_view q) { return ParseScaled(q, 3); }

}  // namespace sparkpm
