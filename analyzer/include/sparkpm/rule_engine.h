// Runs the SQL rules of a catalog over a loaded database and turns the rows they
// return into Findings, with the runbook's remediation filled with the bundle's real
// names. A rule whose required tables are empty is reported as not evaluated.
//
//   RuleSettings settings;
//   settings.overrides["task-failure-recovery.index-fails-repeatedly.min_failures"] = "3";
//   Result<Evaluation> e = EvaluateRules(db, catalog, settings);
#pragma once

#include <map>
#include <utility>
#include <string>
#include <vector>

#include "sparkpm/database.h"
#include "sparkpm/report.h"
#include "sparkpm/rule_catalog.h"

namespace sparkpm {

struct RuleSettings {
  std::map<std::string, std::string> overrides;  // "RULE.PARAM" -> value (from --set)
  int evidence_rows = 20;                        // evidence rows kept per finding
};

struct Evaluation {
  std::vector<Finding> findings;  // causal order, see RankFindings
  std::vector<NotEvaluated> not_evaluated;
  // Wall time each evaluated rule took (prepare, bind, step), in catalog order.
  std::vector<std::pair<std::string, double>> rule_seconds;
};

// Checks that every --set names an existing rule and parameter.
Status ValidateOverrides(const RuleCatalog& catalog, const RuleSettings& settings);

// Evaluates every rule. A rule whose SQL fails at run time is listed as not
// evaluated with the SQLite message; evaluation of the others goes on.
Result<Evaluation> EvaluateRules(Database& db, const RuleCatalog& catalog,
                                 const RuleSettings& settings);

// Orders findings root cause first: a finding whose rule `explains` another fired
// finding's rule becomes its cause (chains allowed, cycles broken by rank). Roots come
// first, ordered by the highest severity in their group, then group size, then rule
// id; each root is followed by everything it explains. Fills consequences,
// explained_by and rank_reason.
void RankFindings(const RuleCatalog& catalog, std::vector<Finding>& findings);

// Replaces {name} in text with values[name]; unknown names become <name>.
std::string FillPlaceholders(std::string_view text,
                             const std::map<std::string, std::string>& values);

// Returns the bundle-wide placeholder values: namespace, app_id, app_name, driver_pod.
std::map<std::string, std::string> BundlePlaceholders(Database& db);

}  // namespace sparkpm
