#include "sparkpm/rule_engine.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <set>

namespace sparkpm {
namespace {

std::string ColumnValueText(const Statement& st, int c) {
  switch (st.ColumnType(c)) {
    case SQLITE_NULL:
      return {};
    case SQLITE_FLOAT: {
      double v = st.ColumnDouble(c);
      return fmt::format("{:.4g}", v);
    }
    default:
      return st.ColumnText(c);
  }
}

void BindParam(Statement& st, int index, const std::string& value) {
  int64_t i = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), i);
  if (ec == std::errc() && p == value.data() + value.size()) {
    st.Bind(index, i);
    return;
  }
  char* end = nullptr;
  double d = std::strtod(value.c_str(), &end);
  if (!value.empty() && end == value.c_str() + value.size()) {
    st.Bind(index, d);
    return;
  }
  st.Bind(index, value);
}

std::string TableNote(std::string_view table) {
  if (table == "pods" || table == "containers" || table == "pod_conditions")
    return "the bundle has no pod JSON (k8s/pods.json)";
  if (table == "events") return "the bundle has no Kubernetes events (k8s/events.json)";
  if (table == "nodes" || table == "node_conditions")
    return "the bundle has no node JSON (k8s/nodes.json)";
  if (table == "log_files" || table == "log_records" || table == "pattern_matches")
    return "the bundle has no logs";
  if (table == "tasks")
    return "the bundle has no Spark task lists (spark/<app>/stages/<id>/<attempt>/taskList.json)";
  if (table == "stages" || table == "jobs" || table == "applications" || table == "executors" ||
      table == "spark_properties") {
    return "the bundle has no Spark REST JSON for it (spark/<app>/...)";
  }
  return "no rows";
}

}  // namespace

std::string FillPlaceholders(std::string_view text,
                             const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find('{', pos);
    if (open == std::string_view::npos) break;
    size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    std::string_view name = text.substr(open + 1, close - open - 1);
    bool ident =
        !name.empty() && name.size() < 64 && std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        });
    out.append(text.substr(pos, open - pos));
    if (!ident) {
      out.push_back('{');
      pos = open + 1;
      continue;
    }
    auto it = values.find(std::string(name));
    if (it != values.end() && !it->second.empty()) {
      out.append(it->second);
    } else {
      out.append("<").append(name).append(">");
    }
    pos = close + 1;
  }
  out.append(text.substr(std::min(pos, text.size())));
  return out;
}

std::map<std::string, std::string> BundlePlaceholders(Database& db) {
  std::map<std::string, std::string> v;
  auto one = [&](const char* key, const char* sql) {
    if (v.count(key) && !v[key].empty()) return;
    auto st = db.Prepare(sql);
    if (!st) return;
    auto r = st->Step();
    if (r && *r && !st->IsNull(0)) v[key] = st->ColumnText(0);
  };
  one("namespace", "SELECT value FROM bundle_meta WHERE key = 'namespace'");
  one("namespace",
      "SELECT namespace FROM pods WHERE namespace IS NOT NULL ORDER BY spark_role = 'driver' DESC "
      "LIMIT 1");
  one("app_id", "SELECT value FROM bundle_meta WHERE key = 'app_id'");
  one("app_id", "SELECT app_id FROM applications WHERE app_id <> '' LIMIT 1");
  one("app_id", "SELECT spark_app_selector FROM pods WHERE spark_app_selector IS NOT NULL LIMIT 1");
  one("app_name", "SELECT value FROM bundle_meta WHERE key = 'app_name'");
  one("app_name", "SELECT name FROM applications WHERE name IS NOT NULL LIMIT 1");
  one("app_name", "SELECT name FROM sparkapplications LIMIT 1");
  one("app_name", "SELECT spark_app_name FROM pods WHERE spark_app_name IS NOT NULL LIMIT 1");
  one("driver_pod",
      "SELECT name FROM pods WHERE spark_role = 'driver' ORDER BY creation_ms DESC LIMIT 1");
  one("driver_pod",
      "SELECT driver_pod FROM sparkapplications WHERE driver_pod IS NOT NULL LIMIT 1");
  return v;
}

Status ValidateOverrides(const RuleCatalog& catalog, const RuleSettings& settings) {
  for (const auto& [key, value] : settings.overrides) {
    size_t dot = key.rfind('.');
    std::string rule_id = dot == std::string::npos ? key : key.substr(0, dot);
    std::string param = dot == std::string::npos ? "" : key.substr(dot + 1);
    auto it = std::find_if(catalog.rules.begin(), catalog.rules.end(),
                           [&](const RuleSpec& r) { return r.id == rule_id; });
    if (it == catalog.rules.end()) {
      return Error{fmt::format("--set {}={}: no rule '{}'", key, value, rule_id),
                   {},
                   {},
                   "see `sparkpm rules list` for rule ids and their parameters"};
    }
    bool known = std::any_of(it->params.begin(), it->params.end(),
                             [&](const RuleParam& p) { return p.name == param; });
    if (!known) {
      std::string names;
      for (const RuleParam& p : it->params) names += (names.empty() ? "" : ", ") + p.name;
      return Error{
          fmt::format("--set {}={}: rule '{}' has no parameter '{}'", key, value, rule_id, param),
          {},
          names.empty() ? "it takes no parameters" : "its parameters: " + names,
          {}};
    }
  }
  return Ok();
}

Result<Evaluation> EvaluateRules(Database& db, const RuleCatalog& catalog,
                                 const RuleSettings& settings) {
  if (Status s = ValidateOverrides(catalog, settings); !s) return s.error();
  Evaluation out;
  std::map<std::string, std::string> bundle_values = BundlePlaceholders(db);
  std::map<std::string, int64_t> table_rows;
  for (const RuleSpec& rule : catalog.rules) {
    std::vector<std::string> empty;
    for (const std::string& t : rule.requires_tables) {
      if (!table_rows.count(t)) table_rows[t] = db.CountRows(t);
      if (table_rows[t] <= 0) empty.push_back(t);
    }
    if (!empty.empty()) {
      std::string reason = "no rows in ";
      for (size_t i = 0; i < empty.size(); ++i) {
        reason += (i ? ", " : "") + empty[i];
      }
      reason += " (" + TableNote(empty.front()) + ")";
      out.not_evaluated.push_back({rule.id, reason});
      continue;
    }
    const auto started = std::chrono::steady_clock::now();
    auto st = db.Prepare(rule.sql);
    if (!st) {
      out.not_evaluated.push_back({rule.id, "SQL does not prepare: " + st.error().why});
      continue;
    }
    for (int i = 1; i <= st->ParameterCount(); ++i) {
      std::string name = st->ParameterName(i);
      std::string pname = name.size() > 1 ? name.substr(1) : name;
      std::string value;
      if (auto o = settings.overrides.find(rule.id + "." + pname); o != settings.overrides.end()) {
        value = o->second;
      } else {
        for (const RuleParam& p : rule.params) {
          if (p.name == pname) value = p.default_value;
        }
      }
      BindParam(*st, i, value);
    }
    Finding f;
    int cols = st->ColumnCount();
    for (int c = 0; c < cols; ++c) f.evidence.columns.push_back(st->ColumnName(c));
    int path_col = -1, line_col = -1;
    for (int c = 0; c < cols; ++c) {
      if (f.evidence.columns[c] == "source_path") path_col = c;
      if (f.evidence.columns[c] == "source_line") line_col = c;
    }
    std::map<std::string, std::string> first_row;
    std::set<std::pair<std::string, int64_t>> seen_sources;
    bool failed = false;
    while (true) {
      Result<bool> r = st->Step();
      if (!r) {
        out.not_evaluated.push_back({rule.id, "SQL failed: " + r.error().why});
        failed = true;
        break;
      }
      if (!*r) break;
      ++f.evidence.total;
      if (f.evidence.total == 1) {
        for (int c = 0; c < cols; ++c) first_row[f.evidence.columns[c]] = ColumnValueText(*st, c);
      }
      if (static_cast<int>(f.evidence.rows.size()) < settings.evidence_rows) {
        std::vector<std::optional<std::string>> row;
        for (int c = 0; c < cols; ++c) {
          if (st->IsNull(c)) {
            row.emplace_back(std::nullopt);
          } else {
            row.emplace_back(ColumnValueText(*st, c));
          }
        }
        f.evidence.rows.push_back(std::move(row));
      }
      if (path_col >= 0 && !st->IsNull(path_col) && seen_sources.size() < 50) {
        std::string p = st->ColumnText(path_col);
        int64_t line = line_col >= 0 && !st->IsNull(line_col) ? st->ColumnInt(line_col) : 0;
        if (seen_sources.insert({p, line}).second) f.sources.push_back({p, line});
      }
    }
    out.rule_seconds.emplace_back(
        rule.id,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (failed || f.evidence.total == 0) continue;
    f.rule = rule.id;
    f.runbook = rule.runbook;
    f.section = rule.section;
    f.severity = rule.severity;
    f.title = rule.title;
    f.sql = rule.sql;
    f.message = FillPlaceholders(rule.message, first_row);
    std::map<std::string, std::string> values = bundle_values;
    for (auto& [k, v] : first_row) {
      if (!v.empty()) values[k] = v;
    }
    if (auto rb = catalog.runbooks.find(rule.runbook); rb != catalog.runbooks.end()) {
      f.runbook_title = rb->second.title;
      if (const RunbookSection* sec = rb->second.Find(rule.section)) {
        f.section_title = sec->title;
        f.remediation = FillPlaceholders(sec->body, values);
      }
    }
    out.findings.push_back(std::move(f));
  }
  RankFindings(catalog, out.findings);
  return out;
}

void RankFindings(const RuleCatalog& catalog, std::vector<Finding>& findings) {
  const size_t n = findings.size();
  std::map<std::string, const RuleSpec*> specs;
  for (const RuleSpec& r : catalog.rules) specs[r.id] = &r;
  auto explains = [&](size_t a, size_t b) {
    auto it = specs.find(findings[a].rule);
    if (a == b || it == specs.end()) return false;
    return std::any_of(it->second->explains.begin(), it->second->explains.end(),
                       [&](const std::string& p) { return RuleIdMatches(p, findings[b].rule); });
  };
  // Priority among possible causes: severity, then how much it explains, then id.
  std::vector<size_t> reach(n, 0);
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = 0; b < n; ++b) reach[a] += explains(a, b) ? 1 : 0;
  }
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  auto before = [&](size_t a, size_t b) {
    if (findings[a].severity != findings[b].severity) {
      return findings[a].severity > findings[b].severity;
    }
    if (reach[a] != reach[b]) return reach[a] > reach[b];
    return findings[a].rule < findings[b].rule;
  };
  std::sort(order.begin(), order.end(), before);
  std::vector<int> parent(n, -1);
  auto descends_from = [&](size_t x, size_t ancestor) {
    for (int p = static_cast<int>(x); p >= 0; p = parent[static_cast<size_t>(p)]) {
      if (static_cast<size_t>(p) == ancestor) return true;
    }
    return false;
  };
  // Causes are placed in priority order, so a cycle is broken in favour of the
  // higher-ranked finding.
  for (size_t a : order) {
    for (size_t b : order) {
      if (parent[b] < 0 && explains(a, b) && !descends_from(a, b)) parent[b] = static_cast<int>(a);
    }
  }
  auto root_of = [&](size_t x) {
    while (parent[x] >= 0) x = static_cast<size_t>(parent[x]);
    return x;
  };
  std::vector<std::vector<size_t>> group(n);
  for (size_t x : order) {
    if (parent[x] >= 0) group[root_of(x)].push_back(x);
  }
  auto top_severity = [&](size_t r) {
    Severity s = findings[r].severity;
    for (size_t x : group[r]) s = std::max(s, findings[x].severity);
    return s;
  };
  std::vector<size_t> roots;
  for (size_t x : order) {
    if (parent[x] < 0) roots.push_back(x);
  }
  std::stable_sort(roots.begin(), roots.end(), [&](size_t a, size_t b) {
    if (top_severity(a) != top_severity(b)) return top_severity(a) > top_severity(b);
    if (group[a].size() != group[b].size()) return group[a].size() > group[b].size();
    return findings[a].rule < findings[b].rule;
  });
  std::vector<Finding> ranked;
  ranked.reserve(n);
  for (size_t ri = 0; ri < roots.size(); ++ri) {
    size_t r = roots[ri];
    Finding root = findings[r];
    for (size_t x : group[r]) root.consequences.push_back(findings[x].rule);
    std::string explained;
    for (size_t i = 0; i < root.consequences.size() && i < 6; ++i) {
      explained += (i ? ", " : "") + root.consequences[i];
    }
    if (root.consequences.size() > 6) {
      explained += fmt::format(" and {} more", root.consequences.size() - 6);
    }
    std::string place =
        ri == 0 ? "Ranked first" : fmt::format("Root cause {} of {}", ri + 1, roots.size());
    if (group[r].empty()) {
      root.rank_reason = fmt::format("{}: {}, and no other finding explains it.", place,
                                     SeverityName(root.severity));
    } else {
      root.rank_reason = fmt::format(
          "{}: {}; no other finding explains it, and it explains {} finding{} ({}), listed "
          "under it.",
          place, SeverityName(top_severity(r)), group[r].size(), group[r].size() == 1 ? "" : "s",
          explained);
    }
    ranked.push_back(std::move(root));
    for (size_t x : group[r]) {
      Finding f = findings[x];
      f.explained_by = findings[static_cast<size_t>(parent[x])].rule;
      f.rank_reason =
          parent[x] == static_cast<int>(r)
              ? fmt::format("A consequence of {}: listed under it.", f.explained_by)
              : fmt::format("A consequence of {}, itself explained by {}: listed under {}.",
                            f.explained_by, findings[r].rule, findings[r].rule);
      ranked.push_back(std::move(f));
    }
  }
  findings = std::move(ranked);
}

}  // namespace sparkpm
