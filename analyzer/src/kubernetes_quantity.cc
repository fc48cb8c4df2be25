// Kubernetes resource quantities ("4Gi", "500m", "1.5", "129e6") as whole numbers.
// Like the API's Value()/MilliValue(), a fraction of the unit rounds up.
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "sparkpm/json_loaders.h"

namespace sparkpm {
namespace {

using Wide = unsigned __int128;

constexpr int kMaxSignificantDigits = 19;
constexpr Wide kInt64Max = static_cast<Wide>(std::numeric_limits<int64_t>::max());

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
  if (suffix.empty()) {
  } else if (suffix.size() == 2 && suffix[1] == 'i') {
    switch (suffix[0]) {
      case 'K': exp2 = 10; break;
      case 'M': exp2 = 20; break;
      case 'G': exp2 = 30; break;
      case 'T': exp2 = 40; break;
      case 'P': exp2 = 50; break;
      case 'E': exp2 = 60; break;
      default: return std::nullopt;
    }
  } else if (suffix.size() == 1) {
    switch (suffix[0]) {
      case 'n': exp10 -= 9; break;
      case 'u': exp10 -= 6; break;
      case 'm': exp10 -= 3; break;
      case 'k': exp10 += 3; break;
      case 'M': exp10 += 6; break;
      case 'G': exp10 += 9; break;
      case 'T': exp10 += 12; break;
      case 'P': exp10 += 15; break;
      case 'E': exp10 += 18; break;
      default: return std::nullopt;
    }
  } else if (suffix[0] == 'e' || suffix[0] == 'E') {
    size_t i = 1;
    bool exp_negative = false;
    if (i < suffix.size() && (suffix[i] == '+' || suffix[i] == '-')) {
      exp_negative = suffix[i] == '-';
      ++i;
    }
    if (i >= suffix.size() || suffix.size() - i > 3) return std::nullopt;
    int e = 0;
    for (; i < suffix.size(); ++i) {
      if (suffix[i] < '0' || suffix[i] > '9') return std::nullopt;
      e = e * 10 + (suffix[i] - '0');
    }
    exp10 += exp_negative ? -e : e;
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
