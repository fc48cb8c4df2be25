// The rule engine: evaluation, not-evaluated reasons, parameters, evidence capping,
// sources and remediation placeholders.
#include "sparkpm/rule_engine.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace sparkpm {
namespace {

RuleCatalog SmallCatalog() {
  RuleCatalog c;
  c.runbooks["rb"] = ParseRunbook(
      "rb", "runbooks/rb.md",
      "# Runbook\n\n## Remediation\n\n### Restarts\n\n"
      "kubectl -n {namespace} describe pod {pod_name} # on {node_name}, app {app_id}\n");
  RuleSpec restarts;
  restarts.id = "rb.restarts";
  restarts.runbook = "rb";
  restarts.title = "Containers restarted";
  restarts.severity = Severity::kWarning;
  restarts.section = "restarts";
  restarts.requires_tables = {"containers"};
  restarts.params = {{"min_restarts", "2", "restarts that count"}};
  restarts.sql =
      "SELECT pod_name, restart_count, 'k8s/pods.json' AS source_path FROM containers "
      "WHERE restart_count >= :min_restarts ORDER BY restart_count DESC, pod_name";
  restarts.message = "{pod_name} restarted {restart_count} times";
  RuleSpec crit = restarts;
  crit.id = "rb.any-pod";
  crit.severity = Severity::kCritical;
  crit.params = {};
  crit.sql = "SELECT name AS pod_name FROM pods";
  crit.message = "pod {pod_name}";
  RuleSpec logs = restarts;
  logs.id = "rb.logs";
  logs.requires_tables = {"log_files"};
  logs.params = {};
  logs.sql = "SELECT 1";
  c.rules = {crit, logs, restarts};
  return c;
}

std::unique_ptr<Database> Db() {
  auto db = testing::NewDatabase();
  EXPECT_TRUE(
      db->Exec("INSERT INTO pods(namespace, name, spark_role, node_name) VALUES ('ns1', "
               "'app-driver', 'driver', 'n1');"
               "INSERT INTO containers(namespace, pod_name, name, init, restart_count) VALUES "
               "('ns1','e1','c',0,5),('ns1','e2','c',0,2),('ns1','e3','c',0,1);")
          .ok());
  return db;
}

TEST(RuleEngineTest, EvaluatesSortsAndExplainsWhatWasNotEvaluated) {
  auto db = Db();
  Result<Evaluation> e = EvaluateRules(*db, SmallCatalog(), RuleSettings{});
  ASSERT_TRUE(e.ok()) << e.error().ToString();
  ASSERT_EQ(e->findings.size(), 2u);
  EXPECT_EQ(e->findings[0].rule, "rb.any-pod");  // critical first
  EXPECT_EQ(e->findings[1].rule, "rb.restarts");
  const Finding& f = e->findings[1];
  EXPECT_EQ(f.message, "e1 restarted 5 times");
  EXPECT_EQ(f.evidence.total, 2);
  EXPECT_EQ(f.evidence.columns,
            (std::vector<std::string>{"pod_name", "restart_count", "source_path"}));
  ASSERT_EQ(f.sources.size(), 1u);
  EXPECT_EQ(f.sources[0].path, "k8s/pods.json");
  EXPECT_EQ(f.remediation, "kubectl -n ns1 describe pod e1 # on <node_name>, app <app_id>\n");
  ASSERT_EQ(e->not_evaluated.size(), 1u);
  EXPECT_EQ(e->not_evaluated[0].rule, "rb.logs");
  EXPECT_NE(e->not_evaluated[0].reason.find("no rows in log_files"), std::string::npos);
}

TEST(RuleEngineTest, OverridesChangeParametersAndAreValidated) {
  auto db = Db();
  RuleSettings s;
  s.overrides["rb.restarts.min_restarts"] = "1";
  s.evidence_rows = 2;
  Result<Evaluation> e = EvaluateRules(*db, SmallCatalog(), s);
  ASSERT_TRUE(e.ok());
  const Finding& f = e->findings[1];
  EXPECT_EQ(f.evidence.total, 3);
  EXPECT_EQ(f.evidence.rows.size(), 2u);
  RuleSettings bad;
  bad.overrides["rb.restarts.nope"] = "1";
  EXPECT_FALSE(EvaluateRules(*db, SmallCatalog(), bad).ok());
  bad.overrides.clear();
  bad.overrides["rb.missing.x"] = "1";
  Status v = ValidateOverrides(SmallCatalog(), bad);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().what.find("no rule 'rb.missing'"), std::string::npos);
}

TEST(RuleEngineTest, ARuleWhoseSqlFailsIsNotEvaluatedAndOthersGoOn) {
  auto db = Db();
  RuleCatalog c = SmallCatalog();
  c.rules[1].requires_tables = {};
  c.rules[1].sql = "SELECT abs(-9223372036854775807 - 1)";  // integer overflow at run time
  Result<Evaluation> e = EvaluateRules(*db, c, RuleSettings{});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->findings.size(), 2u);
  ASSERT_EQ(e->not_evaluated.size(), 1u);
  EXPECT_NE(e->not_evaluated[0].reason.find("SQL failed"), std::string::npos);
}

TEST(FillPlaceholdersTest, FillsKnownAndMarksUnknown) {
  std::map<std::string, std::string> v{{"a", "1"}, {"pod", "<script>"}};
  EXPECT_EQ(FillPlaceholders("{a}-{b}-{pod} {not valid} {}", v), "1-<b>-<script> {not valid} {}");
  EXPECT_EQ(FillPlaceholders("json {\"k\": 1} {a", v), "json {\"k\": 1} {a");
}

TEST(BundlePlaceholdersTest, PrefersManifestThenObjects) {
  auto db = Db();
  auto v = BundlePlaceholders(*db);
  EXPECT_EQ(v["namespace"], "ns1");
  EXPECT_EQ(v["driver_pod"], "app-driver");
  ASSERT_TRUE(db->Exec("INSERT INTO bundle_meta VALUES ('namespace', 'from-manifest')").ok());
  EXPECT_EQ(BundlePlaceholders(*db)["namespace"], "from-manifest");
}

}  // namespace
}  // namespace sparkpm

namespace sparkpm {
namespace {

Finding Fired(std::string rule, Severity s) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = s;
  return f;
}

TEST(RankFindingsTest, PutsTheRootCauseFirstWithItsConsequencesUnderIt) {
  RuleCatalog c;
  for (const char* id :
       {"a.node-lost", "a.executor-lost", "a.job-failed", "a.other", "a.x", "a.y"}) {
    RuleSpec r;
    r.id = id;
    c.rules.push_back(r);
  }
  c.rules[0].explains = {"a.executor-lost"};
  c.rules[1].explains = {"a.job-*"};
  c.rules[4].explains = {"a.y"};  // x and y explain each other: the cycle is broken
  c.rules[5].explains = {"a.x"};
  std::vector<Finding> f = {
      Fired("a.job-failed", Severity::kCritical), Fired("a.executor-lost", Severity::kWarning),
      Fired("a.node-lost", Severity::kWarning),   Fired("a.other", Severity::kInfo),
      Fired("a.x", Severity::kWarning),           Fired("a.y", Severity::kInfo)};
  RankFindings(c, f);
  std::vector<std::string> order;
  for (const Finding& x : f) order.push_back(x.rule);
  EXPECT_EQ(order, (std::vector<std::string>{"a.node-lost", "a.job-failed", "a.executor-lost",
                                             "a.x", "a.y", "a.other"}));
  EXPECT_EQ(f[0].consequences, (std::vector<std::string>{"a.job-failed", "a.executor-lost"}));
  EXPECT_EQ(f[0].explained_by, "");
  EXPECT_NE(f[0].rank_reason.find("Ranked first"), std::string::npos);
  EXPECT_EQ(f[1].explained_by, "a.executor-lost");
  EXPECT_NE(f[1].rank_reason.find("itself explained by a.node-lost"), std::string::npos);
  EXPECT_EQ(f[2].explained_by, "a.node-lost");
  EXPECT_EQ(f[4].explained_by, "a.x");
  EXPECT_TRUE(f[5].consequences.empty());
}

}  // namespace
}  // namespace sparkpm
