// The runbooks' Prometheus alerts: reading `alerts:` from rule files, their lint, and the
// PrometheusRule manifest written by `sparkpm rules export-prometheus`.
#include "sparkpm/prometheus_rules.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "test_support.h"

namespace sparkpm {
namespace {

bool AnyContains(const std::vector<std::string>& lines, std::string_view needle) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(needle) != std::string::npos; });
}

// Finds the alert named `alert` in a parsed manifest; returns a null node when absent.
YAML::Node FindAlert(const YAML::Node& manifest, const std::string& alert) {
  for (const YAML::Node& group : manifest["spec"]["groups"]) {
    for (const YAML::Node& rule : group["rules"]) {
      if (rule["alert"].as<std::string>("") == alert) return rule;
    }
  }
  return YAML::Node();
}

constexpr const char* kSiteRules = R"(runbook: site-alerts
alerts:
  - id: SiteDriverRestarting
    expr: |
      increase(kube_pod_container_status_restarts_total{container="spark-kubernetes-driver"}[15m]) > 2
    for: 5m
    severity: critical
    summary: 'Driver {{ $labels.pod }} restarted more than twice in 15 minutes'
    section: driver-restarts
  - id: SiteNoSection
    expr: up == 0
    summary: 'points nowhere'
    section: not-a-heading
  - id: SiteNoExpr
    expr: ''
    summary: 'has no expression'
    section: driver-restarts
  - id: 9bad-name
    expr: up == 0
    summary: 'bad name'
    section: driver-restarts
)";

constexpr const char* kSiteRunbook =
    "# Site alerts\n\n## Remediation\n\n### Driver restarts\n\nRestart less.\n";

TEST(AlertCatalogTest, ReadsAlertsAndLintFindsEachProblem) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "site-alerts.yaml", kSiteRules);
  testing::WriteFile(dir.path() / "site-alerts.md", kSiteRunbook);
  Result<RuleCatalog> c = LoadRuleCatalog(dir.path());
  ASSERT_TRUE(c.ok());
  auto it = std::find_if(c->alerts.begin(), c->alerts.end(),
                         [](const AlertSpec& a) { return a.id == "SiteDriverRestarting"; });
  ASSERT_NE(it, c->alerts.end());
  EXPECT_EQ(it->runbook, "site-alerts");
  EXPECT_EQ(it->for_duration, "5m");
  EXPECT_EQ(it->severity, Severity::kCritical);
  EXPECT_EQ(it->section, "driver-restarts");
  EXPECT_NE(it->expr.find("kube_pod_container_status_restarts_total"), std::string::npos);
  EXPECT_EQ(it->line, 3);

  std::vector<std::string> problems = LintCatalog(*c);
  EXPECT_TRUE(
      AnyContains(problems, "site-alerts.yaml:10: alert 'SiteNoSection' section '#not-a-heading'"))
      << ::testing::PrintToString(problems);
  EXPECT_TRUE(AnyContains(problems, "alert 'SiteNoExpr' has no 'expr'"));
  EXPECT_TRUE(AnyContains(problems, "alert id '9bad-name' should be a Prometheus name"));
  EXPECT_FALSE(AnyContains(problems, "SiteDriverRestarting"));
}

TEST(AlertCatalogTest, BuiltInAlertsLintClean) {
  Result<RuleCatalog> c = LoadRuleCatalog(std::nullopt);
  ASSERT_TRUE(c.ok());
  EXPECT_GE(c->alerts.size(), 4u);
  std::vector<std::string> problems = LintCatalog(*c);
  for (const std::string& p : problems) {
    if (p.find("alert") != std::string::npos) ADD_FAILURE() << p;
  }
}

TEST(PrometheusRuleManifestTest, ParsesAsPrometheusRuleWithRunbookUrls) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "site-alerts.yaml", kSiteRules);
  testing::WriteFile(dir.path() / "site-alerts.md", kSiteRunbook);
  Result<RuleCatalog> c = LoadRuleCatalog(dir.path());
  ASSERT_TRUE(c.ok());
  PrometheusExportOptions o;
  o.runbook_base_url = "https://git.example.com/ops/sparkpm/blob/main/runbooks/";
  o.namespace_name = "monitoring";
  YAML::Node m = YAML::Load(PrometheusRuleManifest(*c, o));
  EXPECT_EQ(m["apiVersion"].as<std::string>(), "monitoring.coreos.com/v1");
  EXPECT_EQ(m["kind"].as<std::string>(), "PrometheusRule");
  EXPECT_EQ(m["metadata"]["name"].as<std::string>(), "sparkpm-runbooks");
  EXPECT_EQ(m["metadata"]["namespace"].as<std::string>(), "monitoring");
  YAML::Node a = FindAlert(m, "SiteDriverRestarting");
  ASSERT_TRUE(a.IsMap());
  EXPECT_EQ(
      a["expr"].as<std::string>(),
      "increase(kube_pod_container_status_restarts_total{container=\"spark-kubernetes-driver\"}"
      "[15m]) > 2");
  EXPECT_EQ(a["for"].as<std::string>(), "5m");
  EXPECT_EQ(a["labels"]["severity"].as<std::string>(), "critical");
  EXPECT_EQ(a["annotations"]["summary"].as<std::string>(),
            "Driver {{ $labels.pod }} restarted more than twice in 15 minutes");
  EXPECT_EQ(
      a["annotations"]["runbook_url"].as<std::string>(),
      "https://git.example.com/ops/sparkpm/blob/main/runbooks/site-alerts.md#driver-restarts");
  // An alert without an expression is left out (lint reports it).
  EXPECT_FALSE(FindAlert(m, "SiteNoExpr").IsMap());
  // Every group is named after a runbook and every alert links into its runbook.
  for (const YAML::Node& group : m["spec"]["groups"]) {
    std::string name = group["name"].as<std::string>();
    ASSERT_TRUE(name.starts_with("sparkpm.")) << name;
    std::string runbook = name.substr(8);
    for (const YAML::Node& rule : group["rules"]) {
      std::string url = rule["annotations"]["runbook_url"].as<std::string>();
      EXPECT_TRUE(url.starts_with(o.runbook_base_url + runbook + ".md#")) << url;
      EXPECT_FALSE(rule["expr"].as<std::string>().empty());
    }
  }
}

TEST(PrometheusRuleManifestTest, CommandWritesBuiltInAlertsToFile) {
  testing::TempDir dir;
  std::filesystem::path out = dir.path() / "rules.yaml";
  std::string output;
  int rc = testing::RunCommand(
      testing::SparkpmBinary().string() + " rules export-prometheus -o " + out.string() + " 2>&1",
      &output);
  ASSERT_EQ(rc, 0) << output;
  YAML::Node m = YAML::LoadFile(out.string());
  EXPECT_EQ(m["kind"].as<std::string>(), "PrometheusRule");
  YAML::Node a = FindAlert(m, "SparkDriverCrashLooping");
  ASSERT_TRUE(a.IsMap()) << testing::ReadFile(out);
  EXPECT_EQ(a["annotations"]["runbook_url"].as<std::string>(),
            "runbooks/driver-crash-loop.md#driver-container-in-a-crash-loop");
  EXPECT_NE(a["expr"].as<std::string>().find("CrashLoopBackOff"), std::string::npos);
}

}  // namespace
}  // namespace sparkpm
