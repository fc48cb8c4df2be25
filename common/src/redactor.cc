// The redaction rules, their tokens and counts, text and log redaction, and the
// leftover high-entropy scan. JSON redaction lives in json_redaction.cc.
#include "sparkpm/redactor.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace sparkpm {
namespace {

// Names whose values are secrets: a superset of Spark's spark.redaction.regex default
// "(?i)secret|password|token|access[.]key".
constexpr std::string_view kSecretWords =
    R"(secret|passw(?:or)?d|token|credential|access[._-]?key|private[._-]?key|)"
    R"(api[._-]?key|session[._-]?key|client[._-]?key|sasl[._-]?jaas|jaas[._-]?config)";

// Names that hold a reference to a secret (a file, a path, an object name), not the
// secret itself: their values stay, so the bundle still says where secrets come from.
constexpr const char* kReferenceNames =
    R"((?i)(?:name|names|ref|file|path|dir|enabled|provider|class|mode|type|url|uri)$)";

constexpr const char* kPemPattern =
    R"((?s)-----BEGIN [A-Z0-9 ]{1,64}-----.*?(?:-----END [A-Z0-9 ]{1,64}-----|$))";

// The shortest learned value that is replaced wherever it appears later.
constexpr size_t kMinLearnedValue = 8;

// Returns the length of a kubectl --timestamps prefix ("2026-11-21T06:00:00.123Z "),
// or 0 when the line has none.
size_t TimestampPrefix(std::string_view line) {
  if (line.size() < 21 || line[4] != '-' || line[7] != '-' || line[10] != 'T') return 0;
  size_t space = line.find(' ');
  if (space == std::string_view::npos || space > 40) return 0;
  return space + 1;
}

bool IsTokenChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '=' || c == '_' || c == '-';
}

double ShannonEntropy(std::string_view s) {
  std::array<int, 256> freq{};
  for (char c : s) ++freq[static_cast<unsigned char>(c)];
  double h = 0;
  for (int f : freq) {
    if (f == 0) continue;
    double p = static_cast<double>(f) / static_cast<double>(s.size());
    h -= p * std::log2(p);
  }
  return h;
}

}  // namespace

struct Redactor::Patterns {
  std::vector<std::unique_ptr<RE2>> compiled;  // per rule (null for structural ones)
  std::vector<size_t> text_rules;              // indexes of kText rules, in Set order
  std::unique_ptr<RE2::Set> text_set;
  std::unique_ptr<RE2> excluded_name;  // reference-like names ("...File")
};

std::vector<RedactionRule> BuiltinRedactionRules() {
  using T = RedactionRule::Target;
  std::string names = "(?i)" + std::string(kSecretWords);
  std::string assignment = R"((?P<key>[A-Za-z0-9_.\-]*(?i:)" + std::string(kSecretWords) +
                           R"()[A-Za-z0-9_.\-]*)["']?[ \t]*[=:][ \t]*["']?)"
                           R"((?P<secret>[^\s"',;&<>{}\[\]()]+))";
  return {
      {"spark-conf-secret", T::kName, names, kPropertyName, {}},
      {"env-secret", T::kName, names, kEnvName, {}},
      {"secret-field", T::kName, names, kFieldName, {}},
      // Counted by the JSON pass: every value under data/stringData of a kind: Secret.
      {"k8s-secret-data", T::kName, {}, 0, {}},
      {"pem-block", T::kText, kPemPattern, 0, {}},
      {"bearer-token", T::kText, R"((?i)\bbearer\s+(?P<secret>[A-Za-z0-9\-._~+/]{12,}=*))", 0, {}},
      {"basic-auth",
       T::kText,
       R"((?i)authorization["']?\s*[:=]\s*["']?basic\s+(?P<secret>[A-Za-z0-9+/]{4,}={0,2}))",
       0,
       {}},
      {"jwt",
       T::kText,
       R"(\b(?P<secret>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}))",
       0,
       {}},
      {"aws-access-key",
       T::kText,
       R"(\b(?P<secret>(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16})\b)",
       0,
       {}},
      {"url-password",
       T::kText,
       R"((?i)\b[a-z][a-z0-9+.\-]{1,20}://[^\s:/@"'<>]{1,256}:(?P<secret>[^\s@/"'<>]{1,256})@)",
       0,
       {}},
      {"secret-assignment", T::kText, assignment, 0, {}},
  };
}

Result<std::vector<RedactionRule>> LoadRedactionRules(const std::filesystem::path& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path.string());
  } catch (const YAML::Exception& e) {
    return Error{"cannot read redaction rules", path.string(), e.what(),
                 "the file holds `rules:`, a list of {id, pattern} or {id, name}"};
  }
  YAML::Node list = root.IsMap() ? root["rules"] : YAML::Node();
  if (!list || !list.IsSequence()) {
    return Error{"redaction rules file has no `rules:` list",
                 path.string(),
                 {},
                 "write `rules:` followed by items `- id: ...` with `pattern:` or `name:`"};
  }
  std::vector<RedactionRule> out;
  for (const YAML::Node& item : list) {
    std::string where = fmt::format("{}:{}", path.string(), item.Mark().line + 1);
    if (!item.IsMap()) return Error{"a redaction rule must be a mapping", where, {}, {}};
    RedactionRule rule;
    rule.file = where;
    for (const auto& kv : item) {
      std::string key = kv.first.as<std::string>("");
      if (key != "id" && key != "pattern" && key != "name" && key != "description") {
        return Error{fmt::format("unknown key '{}' in a redaction rule", key),
                     where,
                     {},
                     "a rule has id, pattern (text) or name (property/env/field names), "
                     "and an optional description"};
      }
    }
    rule.id = item["id"] ? item["id"].as<std::string>("") : "";
    bool id_ok = !rule.id.empty() && rule.id.size() <= 64 &&
                 std::all_of(rule.id.begin(), rule.id.end(), [](char c) {
                   return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                 });
    if (!id_ok) {
      return Error{"a redaction rule needs an id of lowercase letters, digits and '-'",
                   where,
                   {},
                   "for example `id: internal-api-key`"};
    }
    bool has_pattern = static_cast<bool>(item["pattern"]);
    bool has_name = static_cast<bool>(item["name"]);
    if (has_pattern == has_name) {
      return Error{fmt::format("redaction rule '{}' needs exactly one of pattern or name", rule.id),
                   where,
                   {},
                   {}};
    }
    rule.target = has_pattern ? RedactionRule::Target::kText : RedactionRule::Target::kName;
    rule.pattern = (has_pattern ? item["pattern"] : item["name"]).as<std::string>("");
    rule.contexts = kAnyName;
    RE2 re(rule.pattern, RE2::Quiet);
    if (!re.ok() || rule.pattern.empty()) {
      return Error{fmt::format("redaction rule '{}' has an invalid pattern", rule.id), where,
                   re.error(), "patterns use RE2 syntax"};
    }
    out.push_back(std::move(rule));
  }
  return out;
}

Result<std::unique_ptr<Redactor>> Redactor::Create(std::vector<RedactionRule> rules) {
  std::unique_ptr<Redactor> r(new Redactor());
  r->patterns_ = std::make_unique<Patterns>();
  Patterns& p = *r->patterns_;
  RE2::Options options;
  options.set_log_errors(false);
  p.text_set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (size_t i = 0; i < rules.size(); ++i) {
    const RedactionRule& rule = rules[i];
    for (size_t j = 0; j < i; ++j) {
      if (rules[j].id == rule.id) {
        return Error{fmt::format("redaction rule id '{}' is defined twice", rule.id),
                     rule.file,
                     {},
                     "built-in rule ids: see `sparkpm-collect --help`"};
      }
    }
    if (rule.pattern.empty()) {
      p.compiled.push_back(nullptr);
      continue;
    }
    auto re = std::make_unique<RE2>(rule.pattern, options);
    if (!re->ok()) {
      return Error{
          fmt::format("redaction rule '{}' does not compile", rule.id), rule.file, re->error(), {}};
    }
    if (rule.target == RedactionRule::Target::kText) {
      std::string set_error;
      if (p.text_set->Add(rule.pattern, &set_error) < 0) {
        return Error{
            fmt::format("redaction rule '{}' does not compile", rule.id), rule.file, set_error, {}};
      }
      p.text_rules.push_back(i);
    }
    p.compiled.push_back(std::move(re));
  }
  if (!p.text_set->Compile()) {
    return Error{"the redaction patterns do not compile together", {}, {}, {}};
  }
  p.excluded_name = std::make_unique<RE2>(kReferenceNames, options);
  r->rules_ = std::move(rules);
  for (const RedactionRule& rule : r->rules_) r->counts_[rule.id] = 0;
  return r;
}

Redactor::~Redactor() = default;

void Redactor::CountRule(std::string_view rule_id) {
  std::lock_guard lock(mu_);
  auto it = counts_.find(rule_id);
  if (it == counts_.end()) it = counts_.emplace(std::string(rule_id), 0).first;
  ++it->second;
}

std::string Redactor::Token(std::string_view rule_id, std::string_view value) {
  std::lock_guard lock(mu_);
  auto count = counts_.find(rule_id);
  if (count == counts_.end()) count = counts_.emplace(std::string(rule_id), 0).first;
  ++count->second;
  auto it = tokens_.find(value);
  if (it != tokens_.end()) return it->second;
  int64_t n = ++type_counters_[std::string(rule_id)];
  std::string token = fmt::format("<redacted:{}:{}>", rule_id, n);
  tokens_.emplace(std::string(value), token);
  return token;
}

void Redactor::Learn(std::string_view rule_id, std::string_view value) {
  if (value.size() < kMinLearnedValue || value.find('\n') != std::string_view::npos) return;
  std::unique_lock lock(known_mu_);
  for (const auto& [v, id] : known_) {
    if (v == value) return;
  }
  known_.emplace_back(std::string(value), std::string(rule_id));
  // Longest first, so a value containing another is replaced whole.
  std::sort(known_.begin(), known_.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

const RedactionRule* Redactor::MatchName(std::string_view name, NameContext context) const {
  if (name.empty() || name.size() > 1024) return nullptr;
  if (RE2::PartialMatch(name, *patterns_->excluded_name)) return nullptr;
  for (size_t i = 0; i < rules_.size(); ++i) {
    const RedactionRule& rule = rules_[i];
    if (rule.target != RedactionRule::Target::kName || !patterns_->compiled[i]) continue;
    if ((rule.contexts & context) == 0) continue;
    if (RE2::PartialMatch(name, *patterns_->compiled[i])) return &rule;
  }
  return nullptr;
}

bool Redactor::ApplyTextRule(size_t index, std::string_view in, std::string* out) {
  const RE2& re = *patterns_->compiled[index];
  const std::string& id = rules_[index].id;
  int groups = re.NumberOfCapturingGroups();
  const std::map<std::string, int>& names = re.NamedCapturingGroups();
  auto secret_it = names.find("secret");
  auto key_it = names.find("key");
  int secret_group = secret_it == names.end() ? 0 : secret_it->second;
  int key_group = key_it == names.end() ? -1 : key_it->second;
  std::vector<re2::StringPiece> match(static_cast<size_t>(groups) + 1);
  std::string result;
  size_t copied = 0;
  size_t pos = 0;
  bool changed = false;
  while (pos <= in.size() &&
         re.Match(in, pos, in.size(), RE2::UNANCHORED, match.data(), groups + 1)) {
    re2::StringPiece whole = match[0];
    re2::StringPiece secret = match[static_cast<size_t>(secret_group)];
    size_t whole_end = static_cast<size_t>(whole.data() - in.data()) + whole.size();
    pos = std::max(whole_end, pos + 1);
    if (secret.data() == nullptr || secret.empty()) continue;
    std::string_view value(secret.data(), secret.size());
    if (value.starts_with("<redacted:")) continue;
    if (key_group > 0) {
      re2::StringPiece key = match[static_cast<size_t>(key_group)];
      if (key.data() != nullptr && RE2::PartialMatch(key, *patterns_->excluded_name)) continue;
    }
    size_t begin = static_cast<size_t>(secret.data() - in.data());
    result.append(in.substr(copied, begin - copied));
    result += Token(id, value);
    copied = begin + value.size();
    changed = true;
  }
  if (!changed) return false;
  result.append(in.substr(copied));
  *out = std::move(result);
  return true;
}

bool Redactor::RedactTextInto(std::string_view text, std::string* out) {
  std::vector<int> hits;
  bool any_rule = patterns_->text_set->Match(text, &hits);
  std::shared_lock known_lock(known_mu_);
  if (!any_rule && known_.empty()) return false;
  std::string current(text);
  bool changed = false;
  if (any_rule) {
    std::sort(hits.begin(), hits.end());
    std::string next;
    for (int hit : hits) {
      if (ApplyTextRule(patterns_->text_rules[static_cast<size_t>(hit)], current, &next)) {
        current.swap(next);
        changed = true;
      }
    }
  }
  for (const auto& [value, rule_id] : known_) {
    size_t at = current.find(value);
    if (at == std::string::npos) continue;
    std::string token;
    std::string next;
    size_t copied = 0;
    while (at != std::string::npos) {
      if (token.empty())
        token = Token(rule_id, value);
      else
        CountRule(rule_id);
      next.append(current, copied, at - copied);
      next += token;
      copied = at + value.size();
      at = current.find(value, copied);
    }
    next.append(current, copied);
    current.swap(next);
    changed = true;
  }
  if (changed) *out = std::move(current);
  return changed;
}

std::string Redactor::RedactText(std::string_view text) {
  std::string out;
  if (RedactTextInto(text, &out)) return out;
  return std::string(text);
}

std::string Redactor::RedactLog(std::string_view text) {
  constexpr size_t kMaxPemLines = 400;
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < text.size()) lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  bool trailing_newline = !text.empty() && text.back() == '\n';
  std::string out;
  out.reserve(text.size());
  std::string redacted;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    size_t begin = line.find("-----BEGIN ");
    bool opens_block = begin != std::string_view::npos &&
                       line.find("-----", begin + 11) != std::string_view::npos &&
                       line.find("-----END ", begin) == std::string_view::npos;
    if (!opens_block) {
      if (RedactTextInto(line, &redacted)) {
        out += redacted;
      } else {
        out.append(line);
      }
      if (i + 1 < lines.size() || trailing_newline) out.push_back('\n');
      continue;
    }
    // A PEM block over several lines: one token for the whole block (its body is the
    // value), written on every line of the block so line numbers stay.
    size_t end = i + 1;
    std::string body(line.substr(begin));
    while (end < lines.size() && end - i < kMaxPemLines) {
      std::string_view l = lines[end];
      body += '\n';
      body.append(l.substr(TimestampPrefix(l)));
      if (l.find("-----END ") != std::string_view::npos) break;
      ++end;
    }
    if (end >= lines.size()) end = lines.size() - 1;
    std::string token = Token("pem-block", body);
    for (size_t k = i; k <= end; ++k) {
      std::string_view l = lines[k];
      if (k == i) {
        out += RedactText(l.substr(0, begin));
        out += token;
      } else {
        out.append(l.substr(0, TimestampPrefix(l)));
        out += token;
        size_t close = l.find("-----END ");
        if (close != std::string_view::npos) {
          size_t tail = l.find("-----", close + 9);
          if (tail != std::string_view::npos) out += RedactText(l.substr(tail + 5));
        }
      }
      if (k + 1 < lines.size() || trailing_newline) out.push_back('\n');
    }
    i = end;
  }
  return out;
}

void Redactor::ScanLeftovers(std::string_view path, std::string_view text) {
  constexpr size_t kMinLength = 24;
  constexpr size_t kMaxLength = 4096;
  constexpr double kMinEntropy = 4.0;
  int64_t line = 1;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (!IsTokenChar(c)) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && IsTokenChar(text[i])) ++i;
    size_t length = i - start;
    if (length < kMinLength || length > kMaxLength) continue;
    std::string_view run = text.substr(start, length);
    bool upper = false, lower = false, digit = false;
    for (char ch : run) {
      upper |= ch >= 'A' && ch <= 'Z';
      lower |= ch >= 'a' && ch <= 'z';
      digit |= ch >= '0' && ch <= '9';
    }
    if (!(upper && lower && digit)) continue;
    // Dotted or slashed names (Java classes, paths) read as words, not keys.
    double entropy = ShannonEntropy(run);
    if (entropy < kMinEntropy) continue;
    std::lock_guard lock(mu_);
    ++warnings_total_;
    if (warnings_.size() < kMaxWarnings) {
      warnings_.push_back({std::string(path), line, length, entropy});
    }
  }
}

std::vector<RuleCount> Redactor::Counts() const {
  std::lock_guard lock(mu_);
  std::vector<RuleCount> out;
  for (const RedactionRule& rule : rules_) {
    auto it = counts_.find(rule.id);
    out.push_back({rule.id, it == counts_.end() ? 0 : it->second});
  }
  return out;
}

std::vector<RedactionWarning> Redactor::Warnings() const {
  std::lock_guard lock(mu_);
  return warnings_;
}

int64_t Redactor::warnings_total() const {
  std::lock_guard lock(mu_);
  return warnings_total_;
}

int64_t Redactor::distinct_values() const {
  std::lock_guard lock(mu_);
  return static_cast<int64_t>(tokens_.size());
}

}  // namespace sparkpm
