#include "sparkpm/rule_engine.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
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
  std::stable_sort(out.findings.begin(), out.findings.end(),
                   [](const Finding& a, const Finding& b) {
                     if (a.severity != b.severity) return a.severity > b.severity;
                     return a.rule < b.rule;
                   });
  return out;
}

}  // namespace sparkpm
