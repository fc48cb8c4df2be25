#include "sparkpm/report.h"

#include <fmt/format.h>

namespace sparkpm {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "critical";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "info";
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  if (name == "critical") return Severity::kCritical;
  if (name == "warning") return Severity::kWarning;
  if (name == "info") return Severity::kInfo;
  return std::nullopt;
}

std::optional<std::string_view> Report::Fact(std::string_view key) const {
  for (const auto& [k, v] : bundle) {
    if (k == key && !v.empty()) return std::string_view(v);
  }
  return std::nullopt;
}

std::string CountText(int64_t n, std::string_view noun, std::string_view plural) {
  if (n == 1) return fmt::format("1 {}", noun);
  return plural.empty() ? fmt::format("{} {}s", n, noun) : fmt::format("{} {}", n, plural);
}

}  // namespace sparkpm
