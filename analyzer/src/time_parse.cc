#include "sparkpm/time_parse.h"

#include <fmt/format.h>

#include <cstring>

namespace sparkpm {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

std::optional<int64_t> Compose(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s,
                               int64_t ms) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi) * 60000 + s * 1000 + ms;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

// The last date-and-time prefix (N bytes, down to the second) read on this thread and
// its value: consecutive log lines share theirs, so most lines only read their fraction.
template <size_t N>
class SecondsCache {
 public:
  bool Find(std::string_view t, int64_t* seconds_ms) const {
    if (!valid_ || t.size() < N || std::memcmp(t.data(), prefix_, N) != 0) return false;
    *seconds_ms = seconds_ms_;
    return true;
  }
  // t holds at least N bytes: it was just parsed as a whole prefix.
  void Store(std::string_view t, int64_t seconds_ms) {
    std::memcpy(prefix_, t.data(), N);
    seconds_ms_ = seconds_ms;
    valid_ = true;
  }

 private:
  char prefix_[N] = {};
  int64_t seconds_ms_ = 0;
  bool valid_ = false;
};

}  // namespace

std::optional<int64_t> ParseIsoSecondsMs(std::string_view t) {
  thread_local SecondsCache<19> cache;
  int64_t seconds_ms;
  if (cache.Find(t, &seconds_ms)) return seconds_ms;
  int64_t y, mo, d, h, mi, s;
  if (!Digits(t, 0, 4, &y) || t.size() < 19 || t[4] != '-' || !Digits(t, 5, 2, &mo) ||
      t[7] != '-' || !Digits(t, 8, 2, &d) || (t[10] != 'T' && t[10] != ' ' && t[10] != 't') ||
      !Digits(t, 11, 2, &h) || t[13] != ':' || !Digits(t, 14, 2, &mi) || t[16] != ':' ||
      !Digits(t, 17, 2, &s)) {
    return std::nullopt;
  }
  auto composed = Compose(y, mo, d, h, mi, s, 0);
  if (!composed) return std::nullopt;
  cache.Store(t, *composed);
  return composed;
}

std::optional<int64_t> ParseRfc3339Ms(std::string_view t) {
  const std::optional<int64_t> seconds = ParseIsoSecondsMs(t);
  if (!seconds) return std::nullopt;
  const int64_t seconds_ms = *seconds;
  size_t pos = 19;
  int64_t ms = 0;
  if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {
    ++pos;
    int digits = 0;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      if (digits < 3) ms = ms * 10 + (t[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) ms *= 10;
  }
  std::optional<int64_t> base = seconds_ms + ms;
  std::string_view zone = t.substr(pos);
  if (zone.empty() || zone == "Z" || zone == "z" || zone == "GMT" || zone == "UTC") return base;
  if ((zone[0] == '+' || zone[0] == '-') && zone.size() >= 6 && zone[3] == ':') {
    int64_t zh, zm;
    if (!Digits(zone, 1, 2, &zh) || !Digits(zone, 4, 2, &zm)) return std::nullopt;
    int64_t offset = (zh * 60 + zm) * 60000;
    return zone[0] == '+' ? *base - offset : *base + offset;
  }
  return std::nullopt;
}

std::optional<int64_t> ParseSparkRestTimeMs(std::string_view text) { return ParseRfc3339Ms(text); }

std::optional<int64_t> ParseLog4jTimeMs(std::string_view t, size_t* consumed) {
  thread_local SecondsCache<17> cache;  // "yy/MM/dd HH:mm:ss"
  int64_t seconds_ms;
  if (!cache.Find(t, &seconds_ms)) {
    int64_t y, mo, d, h, mi, s;
    if (t.size() < 17 || !Digits(t, 0, 2, &y) || t[2] != '/' || !Digits(t, 3, 2, &mo) ||
        t[5] != '/' || !Digits(t, 6, 2, &d) || t[8] != ' ' || !Digits(t, 9, 2, &h) ||
        t[11] != ':' || !Digits(t, 12, 2, &mi) || t[14] != ':' || !Digits(t, 15, 2, &s)) {
      return std::nullopt;
    }
    auto composed = Compose(2000 + y, mo, d, h, mi, s, 0);
    if (!composed) return std::nullopt;
    seconds_ms = *composed;
    cache.Store(t, seconds_ms);
  }
  size_t pos = 17;
  int64_t ms = 0;
  if (pos + 3 < t.size() + 0 && (t[pos] == '.' || t[pos] == ',') && Digits(t, pos + 1, 3, &ms)) {
    pos += 4;
  } else {
    ms = 0;
  }
  if (consumed) *consumed = pos;
  return seconds_ms + ms;
}

std::string FormatIsoMs(int64_t ms) {
  int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
  int64_t rem = ms - days * 86400000;
  // civil_from_days
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", y, m, d, rem / 3600000,
                     (rem / 60000) % 60, (rem / 1000) % 60, rem % 1000);
}

}  // namespace sparkpm
