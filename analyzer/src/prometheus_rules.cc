#include "sparkpm/prometheus_rules.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <vector>

namespace sparkpm {

std::string RunbookUrl(const AlertSpec& alert, const PrometheusExportOptions& options) {
  return options.runbook_base_url + alert.runbook + ".md#" + alert.section;
}

std::string PrometheusRuleManifest(const RuleCatalog& catalog,
                                   const PrometheusExportOptions& options) {
  std::map<std::string, std::vector<const AlertSpec*>> by_runbook;
  for (const AlertSpec& a : catalog.alerts) {
    // An alert without an expression would be rejected by the operator; lint reports it.
    if (a.expr.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    by_runbook[a.runbook].push_back(&a);
  }

  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "apiVersion" << YAML::Value << "monitoring.coreos.com/v1";
  out << YAML::Key << "kind" << YAML::Value << "PrometheusRule";
  out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << options.name;
  if (!options.namespace_name.empty()) {
    out << YAML::Key << "namespace" << YAML::Value << options.namespace_name;
  }
  out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "app.kubernetes.io/name" << YAML::Value << "sparkpm";
  out << YAML::EndMap << YAML::EndMap;
  out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "groups" << YAML::Value << YAML::BeginSeq;
  for (const auto& [runbook, alerts] : by_runbook) {
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << "sparkpm." + runbook;
    out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
    for (const AlertSpec* a : alerts) {
      out << YAML::BeginMap;
      out << YAML::Key << "alert" << YAML::Value << a->id;
      std::string expr = a->expr;
      while (!expr.empty() && (expr.back() == '\n' || expr.back() == ' ')) expr.pop_back();
      out << YAML::Key << "expr" << YAML::Value;
      if (expr.find('\n') != std::string::npos) out << YAML::Literal;
      out << expr;
      if (!a->for_duration.empty()) out << YAML::Key << "for" << YAML::Value << a->for_duration;
      out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap;
      out << YAML::Key << "severity" << YAML::Value << SeverityName(a->severity);
      out << YAML::Key << "runbook" << YAML::Value << a->runbook;
      out << YAML::EndMap;
      out << YAML::Key << "annotations" << YAML::Value << YAML::BeginMap;
      out << YAML::Key << "summary" << YAML::Value << a->summary;
      out << YAML::Key << "runbook_url" << YAML::Value << RunbookUrl(*a, options);
      out << YAML::EndMap;
      out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace sparkpm
