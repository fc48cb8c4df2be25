// Expected findings of a recorded incident (testdata/incidents/<scenario>/expected.yaml)
// and their comparison with what the analyzer found, for `sparkpm check`.
//
//   Result<Expectation> e = ReadExpectation("expected.yaml");
//   std::string diff = DiffFindings(*e, report.findings);   // empty when they agree
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sparkpm/report.h"
#include "sparkpm/status.h"

namespace sparkpm {

struct ExpectedFinding {
  std::string rule;
  std::string severity;
};

struct Expectation {
  std::string description;
  std::vector<ExpectedFinding> findings;  // in report order
};

Result<Expectation> ReadExpectation(const std::filesystem::path& path);
// Writes the findings as an expectation, keeping the old description.
Status WriteExpectation(const std::filesystem::path& path, const std::string& description,
                        const std::vector<Finding>& findings);
// Returns a readable diff ("- expected" / "+ found" lines, order changes noted), or
// an empty string when the findings equal the expectation.
std::string DiffFindings(const Expectation& expected, const std::vector<Finding>& found);

}  // namespace sparkpm
