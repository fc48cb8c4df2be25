// The incident report: a plain value built once from the findings and the database,
// and three renderers, each a pure function of it.
//
//   Report r = ...;                       // see analysis.h
//   std::string md = RenderMarkdown(r);
//   std::string html = RenderHtml(r);     // one self-contained file, no scripts
//   std::string json = RenderJson(r);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sparkpm {

enum class Severity { kInfo = 0, kWarning = 1, kCritical = 2 };

// "info" | "warning" | "critical".
const char* SeverityName(Severity s);
std::optional<Severity> ParseSeverity(std::string_view name);

// Rows a rule's SQL returned, capped; total counts every row.
struct EvidenceTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;  // NULL -> nullopt
  int64_t total = 0;
};

// A place in the bundle: path and 1-based line (0 when the whole entry is meant).
struct SourceRef {
  std::string path;
  int64_t line = 0;
};

struct Finding {
  std::string rule;           // rule id ("oom.container-oomkilled")
  std::string runbook;        // runbook id ("oom-kill-mitigation")
  std::string runbook_title;  // the runbook's first heading
  std::string section;        // anchor in runbooks/<runbook>.md
  std::string section_title;  // the heading text of that anchor
  Severity severity = Severity::kInfo;
  std::string title;    // rule title
  std::string message;  // the rule's message template filled from the first row
  EvidenceTable evidence;
  std::vector<SourceRef> sources;  // distinct, in evidence order
  std::string sql;                 // the SQL that produced the evidence
  std::string remediation;         // Markdown of the runbook section, names filled in
  // Causal ranking (rule_engine.h RankFindings): the findings this one explains, the
  // finding that explains this one ("" for a root cause), and why it ranks where it does.
  std::vector<std::string> consequences;
  std::string explained_by;
  std::string rank_reason;
};

// One moment of the incident, from any source, for the merged UTC timeline.
struct TimelineEntry {
  int64_t time_ms = 0;
  std::string source;  // k8s-event | container | pod | spark-job | spark-stage | executor | task | log
  std::string object;  // pod, node, job 3, stage 4.1, executor 7, ...
  std::string what;    // one line: reason and message
  SourceRef where;     // bundle location when known
};

struct NotEvaluated {
  std::string rule;
  std::string reason;  // "no rows in containers (the bundle has no pod JSON)"
};

// One bundle entry and what became of it (bundle_files).
struct InputEntry {
  std::string path;
  std::string kind;
  std::string status;
  std::string detail;
  std::optional<int64_t> bytes;
  std::optional<int64_t> rows;
};

struct LoadErrorEntry {
  std::string path;
  int64_t line = 0;
  std::string severity;
  std::string message;
};

struct Report {
  std::string tool_version;  // "sparkpm 0.1.0"
  std::string generated_at;  // ISO time of the analysis
  std::string bundle_path;   // as given on the command line
  // Facts about the bundle and the application, in display order:
  // {"namespace", "spark-jobs"}, {"app_id", "spark-7f3c"}, {"app_name", ...},
  // {"app_status", "FAILED"}, {"executors", "12 (5 dead)"}, ...
  std::vector<std::pair<std::string, std::string>> bundle;
  // Root causes first, each followed by the findings it explains (see RankFindings).
  std::vector<Finding> findings;
  std::vector<TimelineEntry> timeline;  // UTC order, capped; timeline_total counts all
  int64_t timeline_total = 0;
  std::vector<NotEvaluated> not_evaluated;
  std::vector<InputEntry> inputs;
  std::vector<LoadErrorEntry> load_errors;  // capped; load_errors_total counts all
  int64_t load_errors_total = 0;

  // Returns the value of a bundle fact, or nullopt when absent or empty.
  std::optional<std::string_view> Fact(std::string_view key) const;
};

// Returns "1 row" / "N rows"; plural defaults to noun + "s".
std::string CountText(int64_t n, std::string_view noun, std::string_view plural = {});

// Renders Markdown for GitHub/GitLab and tickets. Bundle text is escaped so that it
// cannot open links, images or HTML.
std::string RenderMarkdown(const Report& report);
// Renders one self-contained HTML page: inline CSS only, no script, no external
// resource, a restrictive Content-Security-Policy, every bundle byte escaped.
std::string RenderHtml(const Report& report);
// Renders the stable JSON shape:
// {"bundle":{...},"findings":[{"rule","runbook","section","severity","title","message",
//  "evidence":[{col:value}],"evidence_total","sources":["path:line"],...}],
//  "not_evaluated":[{"rule","reason"}],"inputs":[{"path","kind","status","detail"}]}
std::string RenderJson(const Report& report);

}  // namespace sparkpm
