// Rule files and runbooks: parsing, overriding by id, and the lint that checks them.
#include "sparkpm/rule_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_support.h"

namespace sparkpm {
namespace {

bool AnyContains(const std::vector<std::string>& lines, std::string_view needle) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(needle) != std::string::npos; });
}

TEST(AnchorSlugTest, FollowsGitHubRules) {
  EXPECT_EQ(AnchorSlug("Container killed by the kernel OOM killer"),
            "container-killed-by-the-kernel-oom-killer");
  EXPECT_EQ(AnchorSlug("Exit code 137 (SIGKILL)"), "exit-code-137-sigkill");
  EXPECT_EQ(AnchorSlug("spark.executor.memoryOverhead too small"),
            "sparkexecutormemoryoverhead-too-small");
}

TEST(RunbookTest, SplitsSectionsAndIgnoresHashesInCode) {
  Runbook rb = ParseRunbook(
      "x", "runbooks/x.md",
      "# Title\n\n## Remediation\n\n### First case\n\nDo A.\n```sh\n# not a heading\n```\n"
      "### Second case\n\nDo B.\n\n## Prevention\n\nP.\n");
  EXPECT_EQ(rb.title, "Title");
  const RunbookSection* first = rb.Find("first-case");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->level, 3);
  EXPECT_NE(first->body.find("Do A."), std::string::npos);
  EXPECT_NE(first->body.find("# not a heading"), std::string::npos);
  EXPECT_EQ(first->body.find("Do B."), std::string::npos);
  EXPECT_EQ(rb.Find("not-a-heading"), nullptr);
  const RunbookSection* rem = rb.Find("remediation");
  ASSERT_NE(rem, nullptr);
  EXPECT_NE(rem->body.find("Do B."), std::string::npos);
  EXPECT_EQ(rem->body.find("P."), std::string::npos);
}

TEST(RuleCatalogTest, BuiltInCatalogLintsClean) {
  Result<RuleCatalog> c = LoadRuleCatalog(std::nullopt);
  ASSERT_TRUE(c.ok());
  std::vector<std::string> problems = LintCatalog(*c);
  for (const std::string& p : problems) ADD_FAILURE() << p;
  EXPECT_GE(c->runbooks.size(), 3u);
  EXPECT_GE(c->rules.size(), 6u);
  for (const char* rb : {"executor-failures", "oom-kill-mitigation", "task-failure-recovery"}) {
    EXPECT_TRUE(c->runbooks.count(rb)) << rb;
    EXPECT_TRUE(std::any_of(c->rules.begin(), c->rules.end(), [&](const RuleSpec& r) {
      return r.runbook == rb;
    })) << rb;
  }
}

TEST(RuleCatalogTest, LintReportsEveryKindOfProblemWithFileAndLine) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "site.md", "# Site\n\n## Remediation\n\n### Fix it\n\nDo.\n");
  testing::WriteFile(
      dir.path() / "site.yaml",
      "runbook: site\n"
      "patterns:\n"
      "  - id: bad-regex\n"
      "    regex: '(unclosed'\n"
      "    samples: ['x']\n"
      "  - id: sample-miss\n"
      "    regex: 'hello (?P<who>\\w+)'\n"
      "    samples: ['goodbye world']\n"
      "rules:\n"
      "  - id: site.bad-sql\n"
      "    title: t\n"
      "    severity: warning\n"
      "    section: fix-it\n"
      "    sql: SELECT nope FROM no_such_table\n"
      "    message: m\n"
      "  - id: site.bad-anchor\n"
      "    title: t\n"
      "    severity: loud\n"
      "    section: missing-anchor\n"
      "    requires: [no_table]\n"
      "    sql: SELECT pod_name AS name FROM containers WHERE restart_count > :undeclared\n"
      "    message: '{pod_name} restarted'\n");
  Result<RuleCatalog> c = LoadRuleCatalog(dir.path());
  ASSERT_TRUE(c.ok());
  std::vector<std::string> p = LintCatalog(*c);
  std::string site = (dir.path() / "site.yaml").string();
  EXPECT_TRUE(AnyContains(p, "bad-regex")) << ::testing::PrintToString(p);
  EXPECT_TRUE(AnyContains(p, "sample does not match pattern 'sample-miss'"));
  EXPECT_TRUE(AnyContains(p, site + ":10: rule 'site.bad-sql' SQL does not prepare"));
  EXPECT_TRUE(AnyContains(p, "severity 'loud'"));
  EXPECT_TRUE(AnyContains(p, "section '#missing-anchor'"));
  EXPECT_TRUE(AnyContains(p, "unknown table 'no_table'"));
  EXPECT_TRUE(AnyContains(p, ":undeclared"));
  EXPECT_TRUE(AnyContains(p, "{pod_name}"));
}

TEST(RuleCatalogTest, SiteRulesOverrideBuiltInOnesById) {
  Result<RuleCatalog> builtin = LoadRuleCatalog(std::nullopt);
  ASSERT_TRUE(builtin.ok());
  ASSERT_FALSE(builtin->rules.empty());
  const RuleSpec& original = builtin->rules.front();
  testing::TempDir dir;
  testing::WriteFile(dir.path() / (original.runbook + ".yaml"),
                     "runbook: " + original.runbook + "\nrules:\n  - id: " + original.id +
                         "\n    title: Site title\n    severity: info\n    section: " +
                         original.section + "\n    sql: SELECT 1 AS one\n    message: site\n");
  Result<RuleCatalog> c = LoadRuleCatalog(dir.path());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->rules.size(), builtin->rules.size());
  auto it = std::find_if(c->rules.begin(), c->rules.end(),
                         [&](const RuleSpec& r) { return r.id == original.id; });
  ASSERT_NE(it, c->rules.end());
  EXPECT_EQ(it->title, "Site title");
  EXPECT_EQ(it->severity, Severity::kInfo);
}

TEST(RuleCatalogTest, RuleFileTextOverridesLikeASiteFile) {
  Result<RuleCatalog> c = LoadRuleCatalog(std::nullopt);
  ASSERT_TRUE(c.ok());
  const RuleSpec original = c->rules.front();
  size_t rules = c->rules.size();
  AddRuleFileText(*c, "site/" + original.runbook + ".yaml",
                  "runbook: " + original.runbook + "\nrules:\n  - id: " + original.id +
                      "\n    title: Text title\n    severity: info\n    section: " +
                      original.section + "\n    sql: SELECT 1 AS one\n    message: site\n");
  EXPECT_EQ(c->rules.size(), rules);
  auto it = std::find_if(c->rules.begin(), c->rules.end(),
                         [&](const RuleSpec& r) { return r.id == original.id; });
  ASSERT_NE(it, c->rules.end());
  EXPECT_EQ(it->title, "Text title");
  AddRuleFileText(*c, "site/broken.yaml", "rules: [\n");
  EXPECT_TRUE(AnyContains(c->problems, "site/broken.yaml:"));
}

TEST(RuleCatalogTest, BrokenYamlIsAProblemNotACrash) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "broken.yaml", "runbook: broken\nrules: [\n  - {id: x\n");
  Result<RuleCatalog> c = LoadRuleCatalog(dir.path());
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(AnyContains(c->problems, "broken.yaml:"));
  EXPECT_FALSE(LoadRuleCatalog(dir.path() / "missing").ok());
}

}  // namespace
}  // namespace sparkpm
