// RenderHtml: the report as one self-contained page. Inline CSS only, no script, no
// external resource, a Content-Security-Policy that forbids both, and every byte of report
// text escaped and wrapped in <bdi> (Value) so that it can neither become markup nor
// reorder the text around it. The only links point at anchors inside the page.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "markdown_to_html.h"
#include "sparkpm/report.h"
#include "sparkpm/time_parse.h"

namespace sparkpm {
namespace {

using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

constexpr size_t kLongValueBytes = 200;     // longer table values fold into a <details>
constexpr size_t kLongMessageBytes = 2000;  // the same for a finding's message
constexpr size_t kPreviewBytes = 100;       // how much of a folded value its summary shows
constexpr size_t kMultiLineFold = 3;        // values with more lines than this fold too

constexpr std::string_view kStyle = R"css(
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;
--critical:#b42318;--critical-bg:#fef3f2;--warning:#9a5b00;--warning-bg:#fffaeb;
--info:#175cd3;--info-bg:#eff8ff;--ok:#067647;--ok-bg:#ecfdf3}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:1180px;padding:24px 28px 48px;color:var(--fg);background:#fff;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:36px 0 12px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:17px;margin:0 0 8px}
h4{font-size:14px;margin:18px 0 6px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
h5,h6{font-size:14px;margin:14px 0 4px}
p{margin:6px 0}
a{color:var(--info)}
code,pre{font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
code{background:var(--soft);padding:1px 4px;border-radius:4px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px 12px;
margin:6px 0;white-space:pre-wrap;overflow-wrap:anywhere}
pre code{background:none;padding:0}
.app{font-size:16px;margin:0}
.meta{color:var(--muted);font-size:13px;margin:2px 0 0}
nav{margin:16px 0 0;font-size:14px}
nav a{margin-right:14px}
.verdict{margin:20px 0 0;padding:14px 18px;border-radius:8px;border-left:6px solid var(--ok);
background:var(--ok-bg)}
.verdict p{margin:2px 0}
.verdict .lead{font-size:17px}
.verdict a{color:inherit}
.verdict.critical{border-color:var(--critical);background:var(--critical-bg)}
.verdict.warning{border-color:var(--warning);background:var(--warning-bg)}
.badge{display:inline-block;min-width:72px;text-align:center;padding:1px 8px;margin-right:8px;
border-radius:10px;font-size:11px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;
color:#fff;background:var(--info);vertical-align:2px}
.badge.critical{background:var(--critical)}
.badge.warning{background:var(--warning)}
.overview{margin:0;padding-left:22px}
.overview li{margin:3px 0}
.finding{margin:16px 0;padding:14px 18px;border:1px solid var(--line);border-left:6px solid var(--info);
border-radius:8px}
.finding.critical{border-left-color:var(--critical)}
.finding.warning{border-left-color:var(--warning)}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:4px 0 8px;font-size:14px}
.facts dt{color:var(--muted)}
.facts dd{margin:0}
.message{font-size:15px;font-weight:500}
.note{color:var(--muted);font-size:13px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:6px 0;font-size:13px;min-width:40%}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td{white-space:pre-wrap;overflow-wrap:break-word;max-width:60ch}
td pre{overflow-wrap:anywhere}
td.num{text-align:right;white-space:nowrap}
.null{color:var(--muted)}
details{margin:6px 0}
summary{cursor:pointer;color:var(--muted)}
td details{margin:0}
td summary{color:inherit}
.sources{margin:4px 0;padding-left:22px}
.remediation{border-top:1px dashed var(--line);padding-top:2px}
.remediation ul,.remediation ol{padding-left:22px}
footer{margin-top:40px;color:var(--muted);font-size:12px}
@media print{
body{max-width:none;padding:0;font-size:10.5pt}
nav{display:none}
a{color:inherit;text-decoration:none}
h2{break-after:avoid}
.finding{break-inside:avoid-page}
.scroll{overflow:visible}
td{max-width:none}
.badge,.verdict,.finding{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
@media print{details::details-content{content-visibility:visible;display:contents}}
)css";

// Returns text escaped and isolated for display.
std::string Value(std::string_view text) { return "<bdi>" + HtmlEscape(text) + "</bdi>"; }

// Returns true when a value is folded into a <details> instead of shown whole.
bool IsLong(std::string_view value, size_t max_bytes) {
  return value.size() > max_bytes ||
         static_cast<size_t>(std::count(value.begin(), value.end(), '\n')) >= kMultiLineFold;
}

// Returns the first line of value cut to about max_bytes without splitting a UTF-8 sequence.
std::string_view Preview(std::string_view value, size_t max_bytes) {
  std::string_view line = value.substr(0, value.find('\n'));
  if (line.size() <= max_bytes) return line;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return line.substr(0, cut);
}

// Returns a value for a table cell or paragraph: whole, or folded when long.
std::string Folded(std::string_view value, size_t max_bytes = kLongValueBytes) {
  if (!IsLong(value, max_bytes)) return Value(value);
  return "<details><summary>" + Value(Preview(value, kPreviewBytes)) +
         "\xE2\x80\xA6</summary><pre>" + Value(value) + "</pre></details>";
}

// Returns the CSS class of a severity ("critical", "warning", "info").
std::string_view SeverityClass(Severity s) { return SeverityName(s); }

// Appends a table whose cells are report values; numeric columns align right.
void AppendTable(std::string& out, const std::vector<std::string>& header,
                 const std::vector<Row>& rows, const std::vector<bool>& numeric = {}) {
  out += "<div class=\"scroll\"><table>\n<thead><tr>";
  for (const auto& h : header) out += "<th>" + Value(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (size_t c = 0; c < header.size(); ++c) {
      bool num = c < numeric.size() && numeric[c];
      const Cell* cell = c < row.size() ? &row[c] : nullptr;
      if (cell == nullptr || !cell->has_value()) {
        out += "<td class=\"null\" title=\"NULL\">\xE2\x80\x94</td>";
      } else {
        out += num ? "<td class=\"num\">" : "<td>";
        out += Folded(**cell);
        out += "</td>";
      }
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table></div>\n";
}

// Appends <head>: the CSP first, then the charset, the title and the style sheet.
void AppendHead(std::string& out, const Report& report) {
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"light\">\n";
  out += "<title>Spark incident report";
  if (auto name = report.Fact("app_name")) {
    out += " \xE2\x80\x94 ";
    AppendHtmlEscaped(out, *name);
  }
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n";
}

// Appends the title, the application line, the provenance line and the contents.
void AppendHeader(std::string& out, const Report& report) {
  out += "<header>\n<h1>Spark incident report</h1>\n";
  std::vector<std::string> parts;
  if (auto name = report.Fact("app_name")) parts.push_back("<strong>" + Value(*name) + "</strong>");
  if (auto id = report.Fact("app_id")) parts.push_back("<code>" + Value(*id) + "</code>");
  if (auto ns = report.Fact("namespace")) parts.push_back("namespace " + Value(*ns));
  if (!parts.empty()) {
    out += "<p class=\"app\">Application ";
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) out += " \xC2\xB7 ";
      out += parts[i];
    }
    out += "</p>\n";
  }
  out +=
      fmt::format("<p class=\"meta\">Generated {} by {} from {}</p>\n", Value(report.generated_at),
                  Value(report.tool_version), Value(report.bundle_path));
  out += fmt::format(
      "<nav><a href=\"#verdict\">Verdict</a><a href=\"#findings\">Findings ({})</a>"
      "<a href=\"#timeline\">Timeline</a>"
      "<a href=\"#application\">Application</a><a href=\"#not-evaluated\">Not evaluated ({})</a>"
      "<a href=\"#inputs\">Inputs ({})</a><a href=\"#load-errors\">Load errors ({})</a></nav>\n",
      report.findings.size(), report.not_evaluated.size(), report.inputs.size(),
      std::max<int64_t>(report.load_errors_total, static_cast<int64_t>(report.load_errors.size())));
  out += "</header>\n";
}

// Appends the one-sentence verdict and the finding counts.
void AppendVerdict(std::string& out, const Report& report) {
  const Finding* top = report.findings.empty() ? nullptr : &report.findings.front();
  bool serious = top != nullptr && top->severity != Severity::kInfo;
  out += fmt::format("<section id=\"verdict\" class=\"verdict{}\">\n",
                     serious ? fmt::format(" {}", SeverityClass(top->severity)) : "");
  if (serious) {
    out += fmt::format(
        "<p class=\"lead\">Most likely cause: <a href=\"#finding-1\"><strong>{}</strong></a> "
        "\xE2\x80\x94 {}</p>\n",
        Value(top->title), Value(Preview(top->message, 300)));
    if (!top->consequences.empty()) {
      out += "<p>It explains:</p>\n<ul class=\"chain\">\n";
      for (size_t i = 0; i < report.findings.size(); ++i) {
        const Finding& f = report.findings[i];
        if (std::find(top->consequences.begin(), top->consequences.end(), f.rule) ==
            top->consequences.end()) {
          continue;
        }
        out += fmt::format(
            "<li><span class=\"badge {}\">{}</span><a href=\"#finding-{}\">{}</a>{}</li>\n",
            SeverityClass(f.severity), SeverityClass(f.severity), i + 1, Value(f.title),
            f.explained_by == top->rule
                ? ""
                : " \xE2\x80\x94 through <code>" + Value(f.explained_by) + "</code>");
      }
      out += "</ul>\n";
    }
  } else {
    out += "<p class=\"lead\"><strong>No warning or critical findings</strong></p>\n";
  }
  std::array<int64_t, 3> counts{};
  for (const auto& f : report.findings) ++counts[static_cast<size_t>(f.severity)];
  out += fmt::format("<p>{}: {} critical, {} warning, {} info.</p>\n</section>\n",
                     CountText(static_cast<int64_t>(report.findings.size()), "finding"), counts[2],
                     counts[1], counts[0]);
}

// Appends one finding: what, where the runbook is, evidence, sources, SQL, remediation.
void AppendFinding(std::string& out, const Finding& f, size_t index) {
  std::string_view sev = SeverityClass(f.severity);
  out += fmt::format("<article class=\"finding {}\" id=\"finding-{}\">\n", sev, index);
  out += fmt::format("<h3><span class=\"badge {}\">{}</span>{}</h3>\n", sev, sev, Value(f.title));
  out += "<dl class=\"facts\">\n";
  out += "<dt>Rule</dt><dd><code>" + Value(f.rule) + "</code></dd>\n";
  if (!f.rank_reason.empty()) out += "<dt>Rank</dt><dd>" + Value(f.rank_reason) + "</dd>\n";
  out += fmt::format("<dt>Runbook</dt><dd><a href=\"#finding-{}-remediation\">{}</a>", index,
                     Value("runbooks/" + f.runbook + ".md#" + f.section));
  if (!f.runbook_title.empty() || !f.section_title.empty()) {
    out += " \xE2\x80\x94 " + Value(f.runbook_title);
    if (!f.runbook_title.empty() && !f.section_title.empty()) out += " \xE2\x80\xBA ";
    out += Value(f.section_title);
  }
  out += "</dd>\n</dl>\n";
  out += "<div class=\"message\">" + Folded(f.message, kLongMessageBytes) + "</div>\n";

  const EvidenceTable& ev = f.evidence;
  int64_t shown = static_cast<int64_t>(ev.rows.size());
  out += "<h4>Evidence</h4>\n<p class=\"note\">";
  out += ev.total > shown ? fmt::format("showing {} of {} rows", shown, ev.total)
                          : CountText(shown, "row");
  out += "</p>\n";
  if (!ev.columns.empty()) AppendTable(out, ev.columns, ev.rows);

  if (!f.sources.empty()) {
    out += "<h4>Sources</h4>\n<ul class=\"sources\">\n";
    for (const auto& s : f.sources) {
      std::string ref = s.line > 0 ? fmt::format("{}:{}", s.path, s.line) : s.path;
      out += "<li><code>" + Value(ref) + "</code></li>\n";
    }
    out += "</ul>\n";
  }
  if (!f.sql.empty()) {
    out += "<details class=\"sql\"><summary>SQL</summary><pre><code>";
    AppendHtmlEscaped(out, f.sql);
    out += "</code></pre></details>\n";
  }
  out += fmt::format("<h4 id=\"finding-{}-remediation\">Remediation</h4>\n", index);
  if (f.remediation.empty()) {
    out += "<p class=\"note\">The runbook section is empty.</p>\n";
  } else {
    out += "<div class=\"remediation\">\n";
    out += MarkdownToHtml(f.remediation, {.heading_offset = 3});
    out += "</div>\n";
  }
  out += "</article>\n";
}

// Appends the findings: a linked overview, then each finding in the given order.
void AppendFindings(std::string& out, const Report& report) {
  out += "<section id=\"findings\">\n<h2>Findings</h2>\n";
  if (report.findings.empty()) {
    out += "<p>No rule fired.</p>\n</section>\n";
    return;
  }
  out += "<ol class=\"overview\">\n";
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    std::string_view sev = SeverityClass(f.severity);
    out +=
        fmt::format("<li><span class=\"badge {}\">{}</span><a href=\"#finding-{}\">{}</a></li>\n",
                    sev, sev, i + 1, Value(f.title));
  }
  out += "</ol>\n";
  for (size_t i = 0; i < report.findings.size(); ++i) {
    AppendFinding(out, report.findings[i], i + 1);
  }
  out += "</section>\n";
}

// Returns an optional integer as a table cell.
Cell IntCell(const std::optional<int64_t>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

}  // namespace

std::string RenderHtml(const Report& report) {
  std::string out;
  AppendHead(out, report);
  out += "<body>\n";
  AppendHeader(out, report);
  out += "<main>\n";
  AppendVerdict(out, report);
  AppendFindings(out, report);

  out += "<section id=\"timeline\">\n<h2>Timeline (UTC)</h2>\n";
  if (report.timeline.empty()) {
    out += "<p>No timed failure, warning event or error log line in the bundle.</p>\n";
  } else {
    if (report.timeline_total > static_cast<int64_t>(report.timeline.size())) {
      out += fmt::format("<p class=\"note\">showing the first {} of {} entries</p>\n",
                         report.timeline.size(), report.timeline_total);
    }
    std::vector<Row> rows;
    for (const TimelineEntry& e : report.timeline) {
      std::string where = e.where.path.empty() ? ""
                          : e.where.line > 0   ? fmt::format("{}:{}", e.where.path, e.where.line)
                                               : e.where.path;
      rows.push_back({FormatIsoMs(e.time_ms), e.source, e.object, e.what, where});
    }
    AppendTable(out, {"Time", "Source", "Object", "What", "Where"}, rows);
  }
  out += "</section>\n";

  out += "<section id=\"application\">\n<h2>Application summary</h2>\n";
  if (report.bundle.empty()) {
    out += "<p>Nothing is known about the application.</p>\n";
  } else {
    std::vector<Row> rows;
    for (const auto& [k, v] : report.bundle) rows.push_back({k, v});
    AppendTable(out, {"Fact", "Value"}, rows);
  }
  out += "</section>\n";

  out += "<section id=\"not-evaluated\">\n<h2>Rules not evaluated</h2>\n";
  if (report.not_evaluated.empty()) {
    out += "<p>Every rule was evaluated.</p>\n";
  } else {
    std::vector<Row> rows;
    for (const auto& n : report.not_evaluated) rows.push_back({n.rule, n.reason});
    AppendTable(out, {"Rule", "Reason"}, rows);
  }
  out += "</section>\n";

  out += "<section id=\"inputs\">\n<h2>Inputs</h2>\n";
  if (report.inputs.empty()) {
    out += "<p>The bundle held no entries.</p>\n";
  } else {
    out += "<p class=\"note\">" +
           CountText(static_cast<int64_t>(report.inputs.size()), "bundle entry", "bundle entries") +
           "</p>\n";
    std::vector<Row> rows;
    for (const auto& in : report.inputs) {
      rows.push_back({in.path, in.kind, in.status, in.detail, IntCell(in.bytes), IntCell(in.rows)});
    }
    AppendTable(out, {"Path", "Kind", "Status", "Detail", "Bytes", "Rows"}, rows,
                {false, false, false, false, true, true});
  }
  out += "</section>\n";

  out += "<section id=\"load-errors\">\n<h2>Load errors</h2>\n";
  int64_t total =
      std::max<int64_t>(report.load_errors_total, static_cast<int64_t>(report.load_errors.size()));
  if (total == 0) {
    out += "<p>No load errors.</p>\n";
  } else {
    int64_t shown = static_cast<int64_t>(report.load_errors.size());
    out += "<p class=\"note\">" +
           (shown < total ? fmt::format("showing {} of {} load errors", shown, total)
                          : CountText(total, "load error")) +
           "</p>\n";
    std::vector<Row> rows;
    for (const auto& e : report.load_errors) {
      rows.push_back(
          {e.path, e.line > 0 ? Cell(std::to_string(e.line)) : Cell(), e.severity, e.message});
    }
    AppendTable(out, {"Path", "Line", "Severity", "Message"}, rows, {false, true, false, false});
  }
  out += "</section>\n</main>\n";
  out += "<footer>" + Value(report.tool_version) +
         " \xC2\xB7 static report: no scripts, no external resources.</footer>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace sparkpm
