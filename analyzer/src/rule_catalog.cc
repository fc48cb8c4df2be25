#include "sparkpm/rule_catalog.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "sparkpm/database.h"
#include "sparkpm/embedded_data.h"

namespace sparkpm {
namespace {

namespace fs = std::filesystem;

std::string Stem(std::string_view path) {
  size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = name.find_last_of('.');
  return std::string(dot == std::string_view::npos ? name : name.substr(0, dot));
}

std::string Where(const std::string& file, const YAML::Node& node) {
  return fmt::format("{}:{}", file, node.Mark().line + 1);
}

std::string Scalar(const YAML::Node& node) {
  if (!node || !node.IsScalar()) return {};
  return node.Scalar();
}

// Reads the `alerts` list of a rule file; a site alert replaces a built-in one by id.
void ReadAlerts(const std::string& file, const std::string& runbook, const YAML::Node& alerts,
                RuleCatalog& catalog, std::map<std::string, size_t>& alert_index) {
  if (!alerts.IsSequence()) {
    catalog.problems.push_back(fmt::format("{}: 'alerts' must be a list", Where(file, alerts)));
    return;
  }
  for (const YAML::Node& a : alerts) {
    std::string where = Where(file, a);
    if (!a.IsMap()) {
      catalog.problems.push_back(
          fmt::format("{}: an alert is a mapping with id, expr, section", where));
      continue;
    }
    AlertSpec alert;
    alert.id = Scalar(a["id"]);
    alert.runbook = runbook;
    alert.expr = Scalar(a["expr"]);
    alert.for_duration = Scalar(a["for"]);
    alert.summary = Scalar(a["summary"]);
    alert.section = Scalar(a["section"]);
    alert.file = file;
    alert.line = a.Mark().line + 1;
    if (alert.id.empty()) {
      catalog.problems.push_back(fmt::format("{}: an alert needs an 'id'", where));
      continue;
    }
    std::string sev = Scalar(a["severity"]);
    if (sev.empty()) sev = "warning";
    if (auto s = ParseSeverity(sev)) {
      alert.severity = *s;
    } else {
      catalog.problems.push_back(fmt::format(
          "{}: alert '{}' severity '{}' is not critical, warning or info", where, alert.id, sev));
    }
    if (auto it = alert_index.find(alert.id); it != alert_index.end()) {
      if (catalog.alerts[it->second].file == file) {
        catalog.problems.push_back(
            fmt::format("{}: alert id '{}' is defined twice", where, alert.id));
      }
      catalog.alerts[it->second] = std::move(alert);
    } else {
      alert_index[alert.id] = catalog.alerts.size();
      catalog.alerts.push_back(std::move(alert));
    }
  }
}

// Reads one rule file into the catalog; problems are appended, never thrown.
void ReadRuleFile(const std::string& file, std::string_view text, RuleCatalog& catalog,
                  std::map<std::string, size_t>& rule_index,
                  std::map<std::string, size_t>& pattern_index,
                  std::map<std::string, size_t>& alert_index) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    catalog.problems.push_back(fmt::format("{}:{}: YAML error: {}", file, e.mark.line + 1, e.msg));
    return;
  }
  if (!root.IsMap()) {
    catalog.problems.push_back(
        fmt::format("{}:1: a rule file is a YAML mapping with runbook, patterns, rules", file));
    return;
  }
  std::string runbook = Scalar(root["runbook"]);
  if (runbook.empty()) {
    catalog.problems.push_back(fmt::format("{}:1: missing 'runbook:'", file));
    runbook = Stem(file);
  }
  if (runbook != Stem(file)) {
    catalog.problems.push_back(fmt::format("{}: runbook '{}' does not match the file name",
                                           Where(file, root["runbook"]), runbook));
  }
  if (YAML::Node patterns = root["patterns"]; patterns) {
    if (!patterns.IsSequence()) {
      catalog.problems.push_back(
          fmt::format("{}: 'patterns' must be a list", Where(file, patterns)));
    } else {
      for (const YAML::Node& p : patterns) {
        PatternSpec spec;
        spec.id = Scalar(p["id"]);
        spec.regex = Scalar(p["regex"]);
        spec.file = file;
        spec.line = p.Mark().line + 1;
        if (spec.id.empty() || spec.regex.empty()) {
          catalog.problems.push_back(
              fmt::format("{}: a pattern needs 'id' and 'regex'", Where(file, p)));
          continue;
        }
        if (YAML::Node samples = p["samples"]; samples && samples.IsSequence()) {
          for (const YAML::Node& s : samples) spec.samples.push_back(Scalar(s));
        }
        if (auto it = pattern_index.find(spec.id); it != pattern_index.end()) {
          catalog.patterns[it->second] = std::move(spec);
        } else {
          pattern_index[spec.id] = catalog.patterns.size();
          catalog.patterns.push_back(std::move(spec));
        }
      }
    }
  }
  if (YAML::Node alerts = root["alerts"]; alerts) {
    ReadAlerts(file, runbook, alerts, catalog, alert_index);
  }
  if (YAML::Node rules = root["rules"]; rules) {
    if (!rules.IsSequence()) {
      catalog.problems.push_back(fmt::format("{}: 'rules' must be a list", Where(file, rules)));
      return;
    }
    for (const YAML::Node& r : rules) {
      RuleSpec rule;
      rule.id = Scalar(r["id"]);
      rule.runbook = runbook;
      rule.title = Scalar(r["title"]);
      rule.section = Scalar(r["section"]);
      rule.sql = Scalar(r["sql"]);
      rule.message = Scalar(r["message"]);
      rule.file = file;
      rule.line = r.Mark().line + 1;
      std::string where = Where(file, r);
      if (rule.id.empty()) {
        catalog.problems.push_back(fmt::format("{}: a rule needs an 'id'", where));
        continue;
      }
      for (auto [key, value] : {std::pair<const char*, const std::string*>{"title", &rule.title},
                                {"section", &rule.section},
                                {"sql", &rule.sql},
                                {"message", &rule.message}}) {
        if (value->empty()) {
          catalog.problems.push_back(fmt::format("{}: rule '{}' has no '{}'", where, rule.id, key));
        }
      }
      std::string sev = Scalar(r["severity"]);
      if (auto s = ParseSeverity(sev)) {
        rule.severity = *s;
      } else {
        catalog.problems.push_back(fmt::format(
            "{}: rule '{}' severity '{}' is not critical, warning or info", where, rule.id, sev));
      }
      if (YAML::Node req = r["requires"]; req) {
        if (req.IsSequence()) {
          for (const YAML::Node& t : req) rule.requires_tables.push_back(Scalar(t));
        } else {
          catalog.problems.push_back(
              fmt::format("{}: rule '{}' requires must be a list of tables", where, rule.id));
        }
      }
      if (YAML::Node ex = r["explains"]; ex) {
        if (ex.IsSequence()) {
          for (const YAML::Node& t : ex) rule.explains.push_back(Scalar(t));
        } else {
          catalog.problems.push_back(
              fmt::format("{}: rule '{}' explains must be a list of rule ids", where, rule.id));
        }
      }
      if (YAML::Node params = r["params"]; params) {
        if (!params.IsMap()) {
          catalog.problems.push_back(
              fmt::format("{}: rule '{}' params must be a mapping", where, rule.id));
        } else {
          for (const auto& kv : params) {
            RuleParam param;
            param.name = kv.first.as<std::string>("");
            if (kv.second.IsMap()) {
              param.default_value = Scalar(kv.second["default"]);
              param.description = Scalar(kv.second["description"]);
            } else {
              param.default_value = Scalar(kv.second);
            }
            if (param.default_value.empty()) {
              catalog.problems.push_back(fmt::format("{}: param '{}' of rule '{}' has no default",
                                                     Where(file, kv.second), param.name, rule.id));
            }
            rule.params.push_back(std::move(param));
          }
        }
      }
      if (auto it = rule_index.find(rule.id); it != rule_index.end()) {
        if (catalog.rules[it->second].file == file) {
          catalog.problems.push_back(
              fmt::format("{}: rule id '{}' is defined twice", where, rule.id));
        }
        catalog.rules[it->second] = std::move(rule);
      } else {
        rule_index[rule.id] = catalog.rules.size();
        catalog.rules.push_back(std::move(rule));
      }
    }
  }
}

bool ReadTextFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// Returns the names inside {braces} of a message template.
std::vector<std::string> Placeholders(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = text.find('{', pos)) != std::string_view::npos) {
    size_t end = text.find('}', pos);
    if (end == std::string_view::npos) break;
    std::string_view name = text.substr(pos + 1, end - pos - 1);
    bool ident = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
    if (ident) out.emplace_back(name);
    pos = end + 1;
  }
  return out;
}

// Checks the alerts: a valid name, an expression, a section of an existing runbook.
std::vector<std::string> LintAlerts(const RuleCatalog& catalog) {
  std::vector<std::string> problems;
  std::set<std::string> ids;
  for (const AlertSpec& a : catalog.alerts) {
    std::string where = fmt::format("{}:{}", a.file, a.line);
    if (!ids.insert(a.id).second)
      problems.push_back(fmt::format("{}: duplicate alert id '{}'", where, a.id));
    bool name_ok =
        std::all_of(a.id.begin(), a.id.end(),
                    [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':';
                    }) &&
        !std::isdigit(static_cast<unsigned char>(a.id.front()));
    if (!name_ok) {
      problems.push_back(
          fmt::format("{}: alert id '{}' should be a Prometheus name (letters, digits, '_', ':')",
                      where, a.id));
    }
    if (a.expr.find_first_not_of(" \t\r\n") == std::string::npos)
      problems.push_back(fmt::format("{}: alert '{}' has no 'expr'", where, a.id));
    if (a.summary.empty())
      problems.push_back(fmt::format("{}: alert '{}' has no 'summary'", where, a.id));
    auto rb = catalog.runbooks.find(a.runbook);
    if (rb == catalog.runbooks.end()) {
      problems.push_back(
          fmt::format("{}: runbook '{}' not found (runbooks/{}.md)", where, a.runbook, a.runbook));
    } else if (a.section.empty() || !rb->second.Find(a.section)) {
      problems.push_back(fmt::format("{}: alert '{}' section '#{}' is not a heading of {}", where,
                                     a.id, a.section, rb->second.file));
    }
  }
  return problems;
}

}  // namespace

bool RuleIdMatches(std::string_view pattern, std::string_view id) {
  if (pattern.ends_with("*")) return id.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == id;
}

const RunbookSection* Runbook::Find(std::string_view anchor) const {
  for (const RunbookSection& s : sections) {
    if (s.anchor == anchor) return &s;
  }
  return nullptr;
}

std::string AnchorSlug(std::string_view heading) {
  std::string out;
  for (char c : heading) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out.push_back(static_cast<char>(std::tolower(u)));
    } else if (c == ' ' || c == '-') {
      out.push_back('-');
    } else if (c == '_') {
      out.push_back('_');
    } else if (u >= 0x80) {
      out.push_back(c);
    }
  }
  return out;
}

Runbook ParseRunbook(std::string id, std::string file, std::string_view md) {
  Runbook rb;
  rb.id = std::move(id);
  rb.file = std::move(file);
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= md.size()) {
    size_t nl = md.find('\n', pos);
    if (nl == std::string_view::npos) nl = md.size();
    lines.push_back(md.substr(pos, nl - pos));
    pos = nl + 1;
  }
  bool in_fence = false;
  std::vector<size_t> heading_lines;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view l = lines[i];
    if (l.starts_with("```")) in_fence = !in_fence;
    if (in_fence || !l.starts_with("#")) continue;
    size_t level = l.find_first_not_of('#');
    if (level == std::string_view::npos || level > 6 || l[level] != ' ') continue;
    RunbookSection s;
    s.level = static_cast<int>(level);
    s.title = std::string(l.substr(level + 1));
    while (!s.title.empty() && (s.title.back() == ' ' || s.title.back() == '\r'))
      s.title.pop_back();
    s.anchor = AnchorSlug(s.title);
    s.line = static_cast<int>(i + 1);
    if (s.level == 1 && rb.title.empty()) rb.title = s.title;
    rb.sections.push_back(std::move(s));
    heading_lines.push_back(i);
  }
  for (size_t k = 0; k < rb.sections.size(); ++k) {
    size_t end = lines.size();
    for (size_t j = k + 1; j < rb.sections.size(); ++j) {
      if (rb.sections[j].level <= rb.sections[k].level) {
        end = heading_lines[j];
        break;
      }
    }
    std::string body;
    for (size_t i = heading_lines[k] + 1; i < end; ++i) {
      body.append(lines[i]);
      body.push_back('\n');
    }
    size_t first = body.find_first_not_of("\n");
    size_t last = body.find_last_not_of("\n");
    rb.sections[k].body =
        first == std::string::npos ? "" : body.substr(first, last - first + 1) + "\n";
  }
  return rb;
}

Result<RuleCatalog> LoadRuleCatalog(const std::optional<fs::path>& site_dir) {
  RuleCatalog catalog;
  std::map<std::string, size_t> rule_index;
  std::map<std::string, size_t> pattern_index;
  std::map<std::string, size_t> alert_index;
  for (const embedded::File& f : embedded::Files()) {
    if (f.path.starts_with("rules/") && f.path.ends_with(".yaml")) {
      ReadRuleFile(std::string(f.path), f.content, catalog, rule_index, pattern_index, alert_index);
    } else if (f.path.starts_with("runbooks/") && f.path.ends_with(".md")) {
      std::string id = Stem(f.path);
      catalog.runbooks[id] = ParseRunbook(id, std::string(f.path), f.content);
    }
  }
  if (site_dir) {
    std::error_code ec;
    if (!fs::is_directory(*site_dir, ec)) {
      return Error{
          "rules folder not found",
          site_dir->string(),
          {},
          "--rules takes a folder of <runbook>.yaml rule files and optional <runbook>.md runbooks"};
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(*site_dir, ec)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& p : files) {
      std::string text;
      std::string ext = p.extension().string();
      if (ext != ".yaml" && ext != ".yml" && ext != ".md") continue;
      if (!ReadTextFile(p, &text)) {
        catalog.problems.push_back(fmt::format("{}: cannot read file", p.string()));
        continue;
      }
      if (ext == ".md") {
        std::string id = p.stem().string();
        catalog.runbooks[id] = ParseRunbook(id, p.string(), text);
      } else {
        ReadRuleFile(p.string(), text, catalog, rule_index, pattern_index, alert_index);
      }
    }
  }
  std::sort(catalog.rules.begin(), catalog.rules.end(),
            [](const RuleSpec& a, const RuleSpec& b) { return a.id < b.id; });
  return catalog;
}

void AddRuleFileText(RuleCatalog& catalog, const std::string& file, std::string_view yaml) {
  std::map<std::string, size_t> rule_index;
  std::map<std::string, size_t> pattern_index;
  std::map<std::string, size_t> alert_index;
  for (size_t i = 0; i < catalog.rules.size(); ++i) rule_index[catalog.rules[i].id] = i;
  for (size_t i = 0; i < catalog.patterns.size(); ++i) pattern_index[catalog.patterns[i].id] = i;
  for (size_t i = 0; i < catalog.alerts.size(); ++i) alert_index[catalog.alerts[i].id] = i;
  ReadRuleFile(file, yaml, catalog, rule_index, pattern_index, alert_index);
  std::sort(catalog.rules.begin(), catalog.rules.end(),
            [](const RuleSpec& a, const RuleSpec& b) { return a.id < b.id; });
}

std::vector<std::string> LintCatalog(const RuleCatalog& catalog) {
  std::vector<std::string> problems = catalog.problems;
  // Each pattern alone first, so one bad regex does not hide the others' problems.
  std::vector<PatternSpec> valid;
  for (const PatternSpec& p : catalog.patterns) {
    Result<PatternSet> one = PatternSet::Compile({p});
    if (!one) {
      problems.push_back(one.error().ToString());
    } else {
      valid.push_back(p);
    }
  }
  Result<PatternSet> set = PatternSet::Compile(valid);
  if (!set) {
    problems.push_back(set.error().ToString());
  } else {
    for (std::string& p : set->CheckSamples()) problems.push_back(std::move(p));
  }
  for (const PatternSpec& p : catalog.patterns) {
    if (p.samples.empty()) {
      problems.push_back(fmt::format("{}:{}: pattern '{}' has no samples", p.file, p.line, p.id));
    }
  }
  for (std::string& p : LintAlerts(catalog)) problems.push_back(std::move(p));
  auto db = Database::Open(":memory:");
  if (!db) {
    problems.push_back(db.error().ToString());
    return problems;
  }
  if (Status s = (*db)->ApplySchema(); !s) problems.push_back(s.error().ToString());
  std::set<std::string> ids;
  for (const RuleSpec& r : catalog.rules) {
    std::string where = fmt::format("{}:{}", r.file, r.line);
    if (!ids.insert(r.id).second)
      problems.push_back(fmt::format("{}: duplicate rule id '{}'", where, r.id));
    if (!r.id.starts_with(r.runbook + ".")) {
      problems.push_back(
          fmt::format("{}: rule id '{}' should start with '{}.'", where, r.id, r.runbook));
    }
    auto rb = catalog.runbooks.find(r.runbook);
    if (rb == catalog.runbooks.end()) {
      problems.push_back(
          fmt::format("{}: runbook '{}' not found (runbooks/{}.md)", where, r.runbook, r.runbook));
    } else if (!rb->second.Find(r.section)) {
      problems.push_back(fmt::format("{}: rule '{}' section '#{}' is not a heading of {}", where,
                                     r.id, r.section, rb->second.file));
    }
    for (const std::string& pattern : r.explains) {
      bool any = std::any_of(catalog.rules.begin(), catalog.rules.end(), [&](const RuleSpec& o) {
        return o.id != r.id && RuleIdMatches(pattern, o.id);
      });
      if (!any) {
        problems.push_back(fmt::format("{}: rule '{}' explains '{}', which names no other rule",
                                       where, r.id, pattern));
      }
    }
    for (const std::string& t : r.requires_tables) {
      if (!(*db)->HasTable(t)) {
        problems.push_back(
            fmt::format("{}: rule '{}' requires unknown table '{}'", where, r.id, t));
      }
    }
    if (r.sql.empty()) continue;
    auto st = (*db)->Prepare(r.sql);
    if (!st) {
      problems.push_back(
          fmt::format("{}: rule '{}' SQL does not prepare: {}", where, r.id, st.error().why));
      continue;
    }
    std::set<std::string> declared;
    for (const RuleParam& p : r.params) declared.insert(p.name);
    for (int i = 1; i <= st->ParameterCount(); ++i) {
      std::string name = st->ParameterName(i);
      if (name.empty() || !declared.count(name.substr(1))) {
        problems.push_back(
            fmt::format("{}: rule '{}' SQL uses parameter '{}' that is not in params", where, r.id,
                        name.empty() ? "?" : name));
      }
    }
    std::set<std::string> columns;
    for (int c = 0; c < st->ColumnCount(); ++c) columns.insert(st->ColumnName(c));
    for (const std::string& ph : Placeholders(r.message)) {
      if (!columns.count(ph)) {
        problems.push_back(fmt::format(
            "{}: rule '{}' message uses {{{}}} but the SQL has no such column", where, r.id, ph));
      }
    }
  }
  return problems;
}

}  // namespace sparkpm
