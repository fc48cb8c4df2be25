// The runbooks' Prometheus alerts as a PrometheusRule manifest (prometheus-operator,
// monitoring.coreos.com/v1): the live counterpart of the offline rules, one rule group
// per runbook, each alert annotated with the runbook section that explains it.
//
//   Result<RuleCatalog> c = LoadRuleCatalog(std::nullopt);
//   PrometheusExportOptions o;
//   o.runbook_base_url = "https://git.example.com/sparkpm/runbooks/";
//   std::string yaml = PrometheusRuleManifest(*c, o);   // kubectl apply -f -
#pragma once

#include <string>

#include "sparkpm/rule_catalog.h"

namespace sparkpm {

struct PrometheusExportOptions {
  std::string name = "sparkpm-runbooks";  // metadata.name
  std::string namespace_name;             // metadata.namespace; omitted when empty
  // Prefix of every runbook_url: the URL is base + "<runbook>.md#<section>".
  std::string runbook_base_url = "runbooks/";
};

// Returns the runbook_url annotation of an alert.
std::string RunbookUrl(const AlertSpec& alert, const PrometheusExportOptions& options);

// Renders every alert of the catalog that has an expression as one PrometheusRule
// manifest (YAML), groups ordered by runbook id, alerts in file order.
std::string PrometheusRuleManifest(const RuleCatalog& catalog,
                                   const PrometheusExportOptions& options);

}  // namespace sparkpm
