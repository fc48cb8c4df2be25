// The recorded incidents (testdata/incidents/<scenario>/expected.yaml) seen from the
// rules: which incidents each rule fires in. `sparkpm rules list` prints it and
// incident_coverage_test demands, for every rule, one incident where it fires and one
// where it does not.
//
//   Result<IncidentCoverage> c = ReadIncidentCoverage("testdata/incidents");
//   for (const std::string& s : c->FiringIn("oom-kill-mitigation.container-oomkilled")) ...
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sparkpm/expectation.h"
#include "sparkpm/status.h"

namespace sparkpm {

struct IncidentCoverage {
  // Scenario name (the folder name) -> its expectation, sorted by name.
  std::map<std::string, Expectation> incidents;
  // "path: why" for every expected.yaml that could not be read.
  std::vector<std::string> problems;

  // Returns the scenarios whose expectation lists the rule, sorted.
  std::vector<std::string> FiringIn(const std::string& rule_id) const;
  // Returns the scenarios whose expectation does not list the rule, sorted.
  std::vector<std::string> AbsentIn(const std::string& rule_id) const;
};

// Reads <dir>/*/expected.yaml. An unreadable file becomes a problem, not an error; an
// Error is returned only when dir is not a readable folder.
Result<IncidentCoverage> ReadIncidentCoverage(const std::filesystem::path& dir);

}  // namespace sparkpm
