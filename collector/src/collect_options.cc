// Duration and size arguments.
#include "collect_options.h"

#include <fmt/format.h>

#include <cctype>

namespace sparkpm::collect {

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  auto bad = [&] {
    return Error{fmt::format("'{}' is not a duration", text),
                 {},
                 {},
                 "use e.g. 90s, 15m, 2h, 1h30m, 500ms or a number of seconds"};
  };
  if (text.empty()) return bad();
  int64_t total_ms = 0;
  size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start || i - start > 12) return bad();
    int64_t n = std::stoll(std::string(text.substr(start, i - start)));
    size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    int64_t scale;
    if (unit.empty() && !any && i == text.size())
      scale = 1000;
    else if (unit == "ms")
      scale = 1;
    else if (unit == "s")
      scale = 1000;
    else if (unit == "m")
      scale = 60'000;
    else if (unit == "h")
      scale = 3'600'000;
    else if (unit == "d")
      scale = 86'400'000;
    else
      return bad();
    total_ms += n * scale;
    any = true;
  }
  if (total_ms <= 0) return bad();
  return std::chrono::milliseconds(total_ms);
}

Result<uint64_t> ParseByteSize(std::string_view text) {
  auto bad = [&] {
    return Error{
        fmt::format("'{}' is not a size", text), {}, {}, "use e.g. 1048576, 64k, 50MiB, 2G"};
  };
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0 || i > 15) return bad();
  uint64_t n = std::stoull(std::string(text.substr(0, i)));
  std::string unit;
  for (char c : text.substr(i))
    unit.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  uint64_t scale;
  if (unit.empty() || unit == "b")
    scale = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib")
    scale = 1ull << 10;
  else if (unit == "m" || unit == "mb" || unit == "mib")
    scale = 1ull << 20;
  else if (unit == "g" || unit == "gb" || unit == "gib")
    scale = 1ull << 30;
  else if (unit == "t" || unit == "tb" || unit == "tib")
    scale = 1ull << 40;
  else
    return bad();
  return n * scale;
}

}  // namespace sparkpm::collect
