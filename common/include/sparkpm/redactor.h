// Redaction of secrets on their way into a bundle, shared by sparkpm-collect and
// `sparkpm redact`. Values become stable typed tokens ("<redacted:aws-access-key:1>"):
// within one Redactor (one bundle) the same value always gets the same token, so joins
// and correlations survive. Counts per rule feed the manifest's "redaction" section.
//
//   auto r = Redactor::Create(BuiltinRedactionRules());     // Result<unique_ptr<Redactor>>
//   std::string line = (*r)->RedactText("Authorization: Bearer abcdef0123456789");
//   // "Authorization: Bearer <redacted:bearer-token:1>"
//   Result<std::string> json = (*r)->RedactJson(pods_json);  // env values by name, ...
//   (*r)->ScanLeftovers("logs/p/c.log", redacted_text);    // high-entropy warnings
//
// Thread-safe: one Redactor may serve every collection thread at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "sparkpm/status.h"

namespace sparkpm {

// Where a name-matching rule applies: the name of a Spark/Hadoop property (a key with a
// dot, or the first of a ["name", "value"] pair), a container env var ({"name", "value"}
// objects), or any other JSON object key.
enum NameContext : unsigned {
  kPropertyName = 1,
  kEnvName = 2,
  kFieldName = 4,
  kAnyName = kPropertyName | kEnvName | kFieldName,
};

struct RedactionRule {
  enum class Target {
    kText,  // pattern finds secrets in text: the group named "secret" (or the whole match)
    kName,  // pattern matches names (properties, env vars, fields) whose values are secret
  };
  std::string id;  // "aws-access-key": the manifest counts and the token type use it
  Target target = Target::kText;
  std::string pattern;           // RE2 syntax
  unsigned contexts = kAnyName;  // kName rules only: NameContext bits
  std::string file;              // where a user rule was defined ("rules.yaml:12"), for messages
};

// The built-in rules: Spark properties, env vars and fields named like secrets (a
// superset of Spark's spark.redaction.regex default), bearer tokens, basic auth, AWS
// access keys, JWTs, passwords in URLs, PEM blocks and secret=value assignments.
std::vector<RedactionRule> BuiltinRedactionRules();

// Reads user rules from a YAML file:
//   rules:
//     - id: internal-api-key
//       pattern: 'X-Internal-Key: (?P<secret>\w+)'   # text rule
//     - id: vault-settings
//       name: '(?i)vault'                            # names whose values are secret
// Returns an Error naming file:line for a bad rule (unknown key, bad regex, ...).
Result<std::vector<RedactionRule>> LoadRedactionRules(const std::filesystem::path& path);

// A leftover that looks like a secret after redaction (long, mixed, high entropy).
// The value itself is never kept.
struct RedactionWarning {
  std::string path;
  int64_t line = 0;  // 1-based
  size_t length = 0;
  double entropy = 0;  // bits per character
};

struct RuleCount {
  std::string id;
  int64_t count = 0;
};

class Redactor {
 public:
  // Compiles the rules (ids must be unique). An invalid pattern is an Error.
  static Result<std::unique_ptr<Redactor>> Create(std::vector<RedactionRule> rules);
  ~Redactor();
  Redactor(const Redactor&) = delete;
  Redactor& operator=(const Redactor&) = delete;

  // Returns text with every secret the text rules (and values learned from names)
  // find replaced by its token.
  std::string RedactText(std::string_view text);
  // As RedactText; returns false (and leaves out untouched) when nothing was redacted.
  bool RedactTextInto(std::string_view text, std::string* out);
  // Redacts a whole log: every line as RedactText, and PEM blocks spread over several
  // lines (kubectl --timestamps prefixes kept), keeping the number of lines.
  std::string RedactLog(std::string_view text);
  // Rewrites a JSON document, keeping its formatting: values of secret-named
  // properties, env vars and fields, all data of Kubernetes Secret objects, and secrets
  // inside any string (JSON inside strings included). An Error when it is not valid
  // JSON (the caller falls back to RedactLog).
  Result<std::string> RedactJson(std::string_view json);
  // Warns about high-entropy strings left in text (the redacted content of path).
  void ScanLeftovers(std::string_view path, std::string_view text);

  // Returns the token for value under rule_id, counting one redaction.
  std::string Token(std::string_view rule_id, std::string_view value);
  // Remembers a value redacted by name (rule_id), so that later text containing it is
  // redacted too (values shorter than 8 bytes are not remembered).
  void Learn(std::string_view rule_id, std::string_view value);
  // Returns the rule of kind kName matching name in that context, or nullptr.
  const RedactionRule* MatchName(std::string_view name, NameContext context) const;
  // Every rule with its count of redactions, in rule order.
  std::vector<RuleCount> Counts() const;
  // Leftover warnings (capped at kMaxWarnings) and how many there were in all.
  std::vector<RedactionWarning> Warnings() const;
  int64_t warnings_total() const;
  // Distinct secret values replaced so far.
  int64_t distinct_values() const;
  const std::vector<RedactionRule>& rules() const { return rules_; }

  static constexpr size_t kMaxWarnings = 100;

 private:
  Redactor() = default;
  void CountRule(std::string_view rule_id);
  bool ApplyTextRule(size_t index, std::string_view in, std::string* out);

  struct Patterns;  // the compiled RE2 objects (redactor.cc)

  std::vector<RedactionRule> rules_;
  std::unique_ptr<Patterns> patterns_;

  mutable std::mutex mu_;  // guards tokens_, counts_, type_counters_, warnings_
  std::map<std::string, std::string, std::less<>> tokens_;  // value -> token
  std::map<std::string, int64_t, std::less<>> counts_;      // rule id -> redactions
  std::map<std::string, int64_t, std::less<>> type_counters_;
  std::vector<RedactionWarning> warnings_;
  int64_t warnings_total_ = 0;

  mutable std::shared_mutex known_mu_;                      // guards known_
  std::vector<std::pair<std::string, std::string>> known_;  // value, rule id (learned)
};

}  // namespace sparkpm
