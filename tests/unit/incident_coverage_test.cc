// Recorded incidents as the rules' regression suite: every rule must fire in at least
// one incident and stay silent in at least one, healthy and near-miss incidents must
// hold nothing above info, and expectations may only name rules that exist.
#include "sparkpm/incident_coverage.h"

#include <gtest/gtest.h>

#include <map>

#include "sparkpm/rule_catalog.h"
#include "test_support.h"

namespace sparkpm {
namespace {

namespace fs = std::filesystem;

fs::path IncidentsDir() { return testing::SourceDir() / "testdata" / "incidents"; }

class IncidentCoverageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<RuleCatalog> c = LoadRuleCatalog(std::nullopt);
    ASSERT_TRUE(c.ok()) << c.error().ToString();
    catalog_ = std::move(*c);
    Result<IncidentCoverage> cov = ReadIncidentCoverage(IncidentsDir());
    ASSERT_TRUE(cov.ok()) << cov.error().ToString();
    coverage_ = std::move(*cov);
    for (const std::string& p : coverage_.problems) ADD_FAILURE() << p;
  }

  RuleCatalog catalog_;
  IncidentCoverage coverage_;
};

TEST_F(IncidentCoverageTest, EveryRuleFiresSomewhereAndIsSilentSomewhere) {
  ASSERT_GE(coverage_.incidents.size(), 10u);
  ASSERT_GE(catalog_.rules.size(), 19u);
  for (const RuleSpec& r : catalog_.rules) {
    EXPECT_FALSE(coverage_.FiringIn(r.id).empty())
        << r.id << " (" << r.file << ":" << r.line
        << ") fires in no recorded incident: add testdata/incidents/<scenario> where it fires";
    EXPECT_FALSE(coverage_.AbsentIn(r.id).empty())
        << r.id << " fires in every recorded incident: add one where it must stay silent";
  }
}

TEST_F(IncidentCoverageTest, HealthyAndNearMissIncidentsHaveNothingAboveInfo) {
  int checked = 0;
  for (const auto& [name, expectation] : coverage_.incidents) {
    if (!name.starts_with("healthy-") && !name.starts_with("near-miss-")) continue;
    ++checked;
    for (const ExpectedFinding& f : expectation.findings) {
      EXPECT_EQ(f.severity, "info") << name << " expects " << f.rule << " at " << f.severity;
    }
  }
  EXPECT_GE(checked, 2);
}

TEST_F(IncidentCoverageTest, ExpectationsNameExistingRulesWithTheirSeverity) {
  std::map<std::string, std::string> severity;
  for (const RuleSpec& r : catalog_.rules) severity[r.id] = SeverityName(r.severity);
  for (const auto& [name, expectation] : coverage_.incidents) {
    for (const ExpectedFinding& f : expectation.findings) {
      auto it = severity.find(f.rule);
      if (it == severity.end()) {
        ADD_FAILURE() << name << " expects unknown rule " << f.rule;
      } else {
        EXPECT_EQ(f.severity, it->second) << name << ": " << f.rule;
      }
    }
  }
}

TEST_F(IncidentCoverageTest, EveryIncidentHasADescriptionAndASmallBundle) {
  for (const auto& [name, expectation] : coverage_.incidents) {
    EXPECT_FALSE(expectation.description.empty()) << name << " has no description";
    fs::path bundle = IncidentsDir() / name / "bundle";
    ASSERT_TRUE(fs::is_directory(bundle)) << name;
    uintmax_t bytes = 0;
    for (const auto& e : fs::recursive_directory_iterator(bundle)) {
      if (e.is_regular_file()) bytes += e.file_size();
    }
    // New incidents are kept under 500 KB; the limit leaves room for the older sample.
    EXPECT_LT(bytes, 1024u * 1024u)
        << name << " bundle is " << bytes << " bytes: keep incidents small";
  }
}

TEST(IncidentCoverageReadTest, ListsFiringAndSilentIncidents) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "a" / "expected.yaml",
                     "description: x\nfindings:\n  - rule: r.one\n    severity: warning\n");
  testing::WriteFile(dir.path() / "b" / "expected.yaml", "description: y\nfindings: []\n");
  testing::WriteFile(dir.path() / "c" / "expected.yaml", "findings: [oops\n");
  testing::WriteFile(dir.path() / "d" / "notes.txt", "no expectation here\n");
  Result<IncidentCoverage> c = ReadIncidentCoverage(dir.path());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->incidents.size(), 2u);
  EXPECT_EQ(c->FiringIn("r.one"), std::vector<std::string>{"a"});
  EXPECT_EQ(c->AbsentIn("r.one"), std::vector<std::string>{"b"});
  ASSERT_EQ(c->problems.size(), 1u);
  EXPECT_NE(c->problems[0].find("c/expected.yaml"), std::string::npos);
  EXPECT_FALSE(ReadIncidentCoverage(dir.path() / "missing").ok());
}

TEST(IncidentCoverageReadTest, RulesListShowsIncidentsOrSaysNoneFound) {
  std::string out;
  int rc = testing::RunCommand("cd " + testing::SourceDir().string() + " && " +
                                   testing::SparkpmBinary().string() + " rules list 2>&1",
                               &out);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("oom-kill-mitigation.container-oomkilled"), std::string::npos);
  EXPECT_NE(out.find("fires in: executor-oom-137"), std::string::npos) << out;
  testing::TempDir empty;
  rc = testing::RunCommand("cd " + empty.path().string() + " && " +
                               testing::SparkpmBinary().string() + " rules list 2>&1",
                           &out);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("no recorded incidents found"), std::string::npos) << out;
}

}  // namespace
}  // namespace sparkpm
