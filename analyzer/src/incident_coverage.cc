#include "sparkpm/incident_coverage.h"

#include <algorithm>
#include <system_error>

namespace sparkpm {
namespace {

// Returns true when the expectation lists a finding of the rule.
bool Lists(const Expectation& e, const std::string& rule_id) {
  return std::any_of(e.findings.begin(), e.findings.end(),
                     [&](const ExpectedFinding& f) { return f.rule == rule_id; });
}

}  // namespace

std::vector<std::string> IncidentCoverage::FiringIn(const std::string& rule_id) const {
  std::vector<std::string> out;
  for (const auto& [name, e] : incidents) {
    if (Lists(e, rule_id)) out.push_back(name);
  }
  return out;
}

std::vector<std::string> IncidentCoverage::AbsentIn(const std::string& rule_id) const {
  std::vector<std::string> out;
  for (const auto& [name, e] : incidents) {
    if (!Lists(e, rule_id)) out.push_back(name);
  }
  return out;
}

Result<IncidentCoverage> ReadIncidentCoverage(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Error{"incidents folder not found", dir.string(), ec ? ec.message() : std::string(),
                 "give the folder holding <scenario>/expected.yaml (testdata/incidents)"};
  }
  IncidentCoverage out;
  std::filesystem::directory_iterator it(dir, ec), end;
  if (ec) return Error{"cannot list the incidents folder", dir.string(), ec.message(), {}};
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    std::filesystem::path expected = it->path() / "expected.yaml";
    if (!std::filesystem::is_regular_file(expected, ec)) continue;
    Result<Expectation> e = ReadExpectation(expected);
    if (!e) {
      out.problems.push_back(expected.string() + ": " + e.error().ToString());
      continue;
    }
    out.incidents[it->path().filename().string()] = std::move(*e);
  }
  return out;
}

}  // namespace sparkpm
