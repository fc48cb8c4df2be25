// Rules and runbooks as data: rules/<runbook>.yaml (patterns + SQL rules) and
// runbooks/<runbook>.md, compiled into the binary and overridable by id from a site
// folder (--rules DIR). See rules/README.md for the file format.
//
//   Result<RuleCatalog> c = LoadRuleCatalog(std::nullopt);   // built-in only
//   std::vector<std::string> problems = LintCatalog(*c);     // "file:line: ..." each
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sparkpm/pattern_set.h"
#include "sparkpm/report.h"
#include "sparkpm/status.h"

namespace sparkpm {

struct RuleParam {
  std::string name;
  std::string default_value;  // as written in YAML
  std::string description;
};

struct RuleSpec {
  std::string id;
  std::string runbook;
  std::string title;
  Severity severity = Severity::kInfo;
  std::string section;  // runbook heading anchor
  std::vector<std::string> requires_tables;
  // Rule ids (a trailing '*' matches a prefix) whose findings this rule's finding
  // explains: they are reported as its consequences, under it.
  std::vector<std::string> explains;
  std::vector<RuleParam> params;
  std::string sql;
  std::string message;
  std::string file;  // where it was defined, for messages
  int line = 0;
};

// A Prometheus alert of a runbook: the live counterpart of its offline rules, exported by
// `sparkpm rules export-prometheus` (rules/README.md, key `alerts`).
struct AlertSpec {
  std::string id;       // alert name ("SparkDriverCrashLooping"), unique
  std::string runbook;  // runbook the alert belongs to
  std::string expr;     // PromQL expression; the alert fires while it returns series
  std::string for_duration;  // how long expr must hold ("5m"); empty fires at once
  Severity severity = Severity::kWarning;
  std::string summary;  // one line for the notification
  std::string section;  // runbook heading anchor the runbook_url points at
  std::string file;     // where it was defined, for messages
  int line = 0;
};

struct RunbookSection {
  std::string anchor;  // GitHub-style slug of the heading
  std::string title;   // heading text
  int level = 0;       // 1 for "#", 2 for "##", ...
  int line = 0;        // 1-based line of the heading
  std::string body;    // Markdown up to the next heading of the same or a higher level
};

struct Runbook {
  std::string id;     // file stem ("oom-kill-mitigation")
  std::string title;  // first "#" heading
  std::string file;
  std::vector<RunbookSection> sections;
  // Returns the section with that anchor, or nullptr.
  const RunbookSection* Find(std::string_view anchor) const;
};

struct RuleCatalog {
  std::vector<PatternSpec> patterns;
  std::vector<RuleSpec> rules;              // sorted by id
  std::vector<AlertSpec> alerts;            // in file order; a site file replaces by id
  std::map<std::string, Runbook> runbooks;  // by id
  std::vector<std::string> problems;        // "file:line: what" found while reading files
};

// Reads the embedded rules and runbooks, then the *.yaml and *.md files of
// site_dir (if given), whose patterns, rules and runbooks replace built-in ones with
// the same id. Unreadable files or YAML errors are collected in problems; an Error
// is returned only when site_dir is not a readable folder.
Result<RuleCatalog> LoadRuleCatalog(const std::optional<std::filesystem::path>& site_dir);

// Reads the text of one rule file into catalog as LoadRuleCatalog reads each file: its
// patterns, rules and alerts replace those with the same id, problems are appended to
// catalog.problems. For tests and the fuzzer (no file system involved).
void AddRuleFileText(RuleCatalog& catalog, const std::string& file, std::string_view yaml);

// Checks everything a user can edit: every pattern compiles and matches its samples,
// every SQL prepares against the real schema, its :params are declared, message
// placeholders are result columns, required tables exist, every runbook anchor
// resolves, ids are unique, every alert has an expression and a resolving section.
// Returns "file:line: problem" lines (empty when clean).
std::vector<std::string> LintCatalog(const RuleCatalog& catalog);

// Returns true when a rule id matches an `explains` entry (exact, or prefix with '*').
bool RuleIdMatches(std::string_view pattern, std::string_view id);

// Returns the GitHub-style anchor of a Markdown heading ("Container OOM (137)" ->
// "container-oom-137").
std::string AnchorSlug(std::string_view heading);

// Parses a runbook's Markdown into sections.
Runbook ParseRunbook(std::string id, std::string file, std::string_view markdown);

}  // namespace sparkpm
