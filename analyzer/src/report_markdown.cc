// RenderMarkdown: the report as GitHub/GitLab Markdown. Bundle text only ever reaches the
// output escaped (EscapeInline) or inside a fenced code block longer than any backtick
// run it holds (AppendFenced), so it cannot open links, images, HTML or break a table.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "markdown_to_html.h"
#include "sparkpm/report.h"

namespace sparkpm {
namespace {

using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

constexpr size_t kLongValueBytes = 200;  // longer values leave the table for a code block
constexpr size_t kPreviewBytes = 80;     // how much of a long value the table cell shows
constexpr std::string_view kNullCell = "\xE2\x80\x94";  // "—"

// Returns true when a value should be shown in a code block rather than inline.
bool IsLong(std::string_view value) {
  return value.size() > kLongValueBytes || value.find('\n') != std::string_view::npos;
}

// Returns the first line of value cut to about max_bytes without splitting a UTF-8 sequence.
std::string_view Preview(std::string_view value, size_t max_bytes) {
  std::string_view line = value.substr(0, value.find('\n'));
  if (line.size() <= max_bytes) return line;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return line.substr(0, cut);
}

// Escapes text so that Markdown shows it literally on one line: no links, images, HTML,
// emphasis, code, table cells or block structure can come out of it.
std::string EscapeInline(std::string_view text) {
  std::string visible = MakeVisible(text);
  std::string out;
  out.reserve(visible.size() + 8);
  bool line_start = true;
  for (size_t i = 0; i < visible.size(); ++i) {
    char c = visible[i];
    if (line_start && (c == ' ' || c == '\t')) {
      out += "&#32;";
      continue;
    }
    if (line_start) {
      line_start = false;
      if (c == '#' || c == '-' || c == '+' || c == '=') {
        out.push_back('\\');
        out.push_back(c);
        continue;
      }
      if (c >= '0' && c <= '9') {  // "1. " or "1) " would start an ordered list
        size_t j = i;
        while (j < visible.size() && visible[j] >= '0' && visible[j] <= '9') ++j;
        out.append(visible, i, j - i);
        if (j < visible.size() && (visible[j] == '.' || visible[j] == ')')) {
          out.push_back('\\');
          out.push_back(visible[j]);
          ++j;
        }
        i = j - 1;
        continue;
      }
    }
    switch (c) {
      case '\n':
      case '\r':
      case '\t': out.push_back(' '); break;
      case '<': out += "&lt;"; break;
      case '(':  // only "](" could form a link; "\]" before it already breaks it, twice is safer
        if (!out.empty() && out.back() == ']') out.push_back('\\');
        out.push_back(c);
        break;
      case '>': out += "&gt;"; break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '~':
      case '&':
        out.push_back('\\');
        out.push_back(c);
        break;
      default: out.push_back(c);
    }
  }
  return out;
}

// Returns text as an inline code span when it is a plain identifier, else escaped text.
std::string Identifier(std::string_view text) {
  bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("._:/#@=+-").find(c) != std::string_view::npos;
  });
  if (!plain) return EscapeInline(text);
  return fmt::format("`{}`", text);
}

// Appends text as a fenced code block whose fence is longer than any backtick run inside.
void AppendFenced(std::string& out, std::string_view text, std::string_view info = {}) {
  std::string visible = MakeVisible(text);
  size_t longest = 0;
  size_t run = 0;
  for (char c : visible) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  out += fence;
  out += info;
  out.push_back('\n');
  out += visible;
  if (visible.empty() || visible.back() != '\n') out.push_back('\n');
  out += fence;
  out += "\n\n";
}

// Appends a GFM table; long cells show a preview and follow the table as code blocks.
void AppendTable(std::string& out, const std::vector<std::string>& header,
                 const std::vector<Row>& rows) {
  if (header.empty()) return;
  out += "|";
  for (const auto& h : header) out += fmt::format(" {} |", EscapeInline(h));
  out += "\n|";
  for (size_t i = 0; i < header.size(); ++i) out += " --- |";
  out += "\n";
  struct LongValue {
    size_t row;
    size_t column;
  };
  std::vector<LongValue> long_values;
  for (size_t r = 0; r < rows.size(); ++r) {
    out += "|";
    for (size_t c = 0; c < header.size(); ++c) {
      const Cell* cell = c < rows[r].size() ? &rows[r][c] : nullptr;
      if (cell == nullptr || !cell->has_value()) {
        out += fmt::format(" {} |", kNullCell);
      } else if (IsLong(**cell)) {
        long_values.push_back({r, c});
        out += fmt::format(" {}\xE2\x80\xA6 (row {}, see below) |",
                           EscapeInline(Preview(**cell, kPreviewBytes)), r + 1);
      } else {
        out += fmt::format(" {} |", EscapeInline(**cell));
      }
    }
    out += "\n";
  }
  out += "\n";
  for (const auto& lv : long_values) {
    out += fmt::format("Row {}, {}:\n\n", lv.row + 1, EscapeInline(header[lv.column]));
    AppendFenced(out, *rows[lv.row][lv.column]);
  }
}

// Appends a value as a paragraph, or as a code block when it is long.
void AppendParagraph(std::string& out, std::string_view value) {
  if (IsLong(value)) {
    AppendFenced(out, value);
  } else {
    out += EscapeInline(value);
    out += "\n\n";
  }
}

// Appends runbook Markdown unchanged, closing a fenced block it leaves open.
void AppendRunbookMarkdown(std::string& out, std::string_view markdown) {
  std::string visible = MakeVisible(markdown);
  out += visible;
  if (!visible.empty() && visible.back() != '\n') out.push_back('\n');
  char fence_char = 0;
  size_t fence_len = 0;
  std::string_view rest = visible;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    size_t b = line.find_first_not_of(' ');
    if (b == std::string_view::npos || b > 3) continue;
    line.remove_prefix(b);
    char c = line[0];
    if (c != '`' && c != '~') continue;
    size_t n = line.find_first_not_of(c);
    n = n == std::string_view::npos ? line.size() : n;
    if (n < 3) continue;
    if (fence_char == 0) {
      fence_char = c;
      fence_len = n;
    } else if (c == fence_char && n >= fence_len && n == line.size()) {
      fence_char = 0;
    }
  }
  if (fence_char != 0) out += std::string(fence_len, fence_char) + "\n";
  out += "\n";
}

// Returns the value of a bundle fact, or nullopt when absent or empty.
std::optional<std::string_view> Fact(const Report& report, std::string_view key) {
  for (const auto& [k, v] : report.bundle) {
    if (k == key && !v.empty()) return std::string_view(v);
  }
  return std::nullopt;
}

// Returns "N rows" / "N row".
std::string Count(int64_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

// Appends the title, the application line and where the report came from.
void AppendHeader(std::string& out, const Report& report) {
  out += "# Spark incident report\n\n";
  std::vector<std::string> parts;
  if (auto name = Fact(report, "app_name")) parts.push_back("**" + EscapeInline(*name) + "**");
  if (auto id = Fact(report, "app_id")) parts.push_back(EscapeInline(*id));
  if (auto ns = Fact(report, "namespace")) parts.push_back("namespace " + EscapeInline(*ns));
  if (!parts.empty()) {
    out += "Application: ";
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) out += " \xC2\xB7 ";
      out += parts[i];
    }
    out += "\n\n";
  }
  out += fmt::format("Generated {} by {} from {}.\n\n", EscapeInline(report.generated_at),
                     EscapeInline(report.tool_version), EscapeInline(report.bundle_path));
}

// Appends the one-sentence verdict and the finding counts.
void AppendVerdict(std::string& out, const Report& report) {
  out += "## Verdict\n\n";
  const Finding* top = report.findings.empty() ? nullptr : &report.findings.front();
  if (top == nullptr || top->severity == Severity::kInfo) {
    out += "**No warning or critical findings.**\n\n";
  } else {
    std::string_view first_line = Preview(top->message, 300);
    out += fmt::format("**Most likely cause: {}** \xE2\x80\x94 {}\n\n", EscapeInline(top->title),
                       EscapeInline(first_line));
  }
  std::array<int64_t, 3> counts{};
  for (const auto& f : report.findings) ++counts[static_cast<size_t>(f.severity)];
  out += fmt::format("{}: {} critical, {} warning, {} info.\n\n",
                     Count(static_cast<int64_t>(report.findings.size()), "finding"), counts[2],
                     counts[1], counts[0]);
}

// Appends one finding: what, where the runbook is, evidence, sources, SQL, remediation.
void AppendFinding(std::string& out, const Finding& f, size_t index) {
  std::string_view severity = f.severity == Severity::kCritical  ? "CRITICAL"
                              : f.severity == Severity::kWarning ? "WARNING"
                                                                 : "INFO";
  out += fmt::format("### {}. {}: {}\n\n", index, severity, EscapeInline(f.title));
  out += fmt::format("- **Rule:** {}\n", Identifier(f.rule));
  out += fmt::format("- **Runbook:** {}", Identifier("runbooks/" + f.runbook + ".md#" + f.section));
  if (!f.section_title.empty() || !f.runbook_title.empty()) {
    out += fmt::format(" ({}{}{})", EscapeInline(f.runbook_title),
                       f.runbook_title.empty() || f.section_title.empty() ? "" : " \xE2\x80\xBA ",
                       EscapeInline(f.section_title));
  }
  out += "\n\n";
  AppendParagraph(out, f.message);

  const EvidenceTable& ev = f.evidence;
  out += "**Evidence**";
  int64_t shown = static_cast<int64_t>(ev.rows.size());
  if (ev.total > shown) {
    out += fmt::format(" (showing {} of {} rows)", shown, ev.total);
  } else {
    out += fmt::format(" ({})", Count(shown, "row"));
  }
  out += "\n\n";
  AppendTable(out, ev.columns, ev.rows);

  if (!f.sources.empty()) {
    out += "**Sources**\n\n";
    for (const auto& s : f.sources) {
      std::string ref = s.line > 0 ? fmt::format("{}:{}", s.path, s.line) : s.path;
      out += fmt::format("- {}\n", EscapeInline(ref));
    }
    out += "\n";
  }
  if (!f.sql.empty()) {
    out += "<details>\n<summary>SQL</summary>\n\n";
    AppendFenced(out, f.sql, "sql");
    out += "</details>\n\n";
  }
  out += "#### Remediation\n\n";
  if (f.remediation.empty()) {
    out += "The runbook section is empty.\n\n";
  } else {
    AppendRunbookMarkdown(out, f.remediation);
  }
}

// Returns an optional integer as a table cell.
Cell IntCell(const std::optional<int64_t>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

}  // namespace

std::string RenderMarkdown(const Report& report) {
  std::string out;
  AppendHeader(out, report);
  AppendVerdict(out, report);

  out += "## Findings\n\n";
  if (report.findings.empty()) out += "No rule fired.\n\n";
  for (size_t i = 0; i < report.findings.size(); ++i) {
    AppendFinding(out, report.findings[i], i + 1);
  }

  out += "## Application summary\n\n";
  if (report.bundle.empty()) {
    out += "Nothing is known about the application.\n\n";
  } else {
    std::vector<Row> rows;
    for (const auto& [k, v] : report.bundle) rows.push_back({k, v});
    AppendTable(out, {"Fact", "Value"}, rows);
  }

  out += "## Rules not evaluated\n\n";
  if (report.not_evaluated.empty()) {
    out += "Every rule was evaluated.\n\n";
  } else {
    std::vector<Row> rows;
    for (const auto& n : report.not_evaluated) rows.push_back({n.rule, n.reason});
    AppendTable(out, {"Rule", "Reason"}, rows);
  }

  out += "## Inputs\n\n";
  if (report.inputs.empty()) {
    out += "The bundle held no entries.\n\n";
  } else {
    out += Count(static_cast<int64_t>(report.inputs.size()), "bundle entry") + ".\n\n";
    std::vector<Row> rows;
    for (const auto& in : report.inputs) {
      rows.push_back({in.path, in.kind, in.status, in.detail, IntCell(in.bytes), IntCell(in.rows)});
    }
    AppendTable(out, {"Path", "Kind", "Status", "Detail", "Bytes", "Rows"}, rows);
  }

  out += "## Load errors\n\n";
  int64_t total = std::max<int64_t>(report.load_errors_total,
                                    static_cast<int64_t>(report.load_errors.size()));
  if (total == 0) {
    out += "No load errors.\n\n";
  } else {
    int64_t shown = static_cast<int64_t>(report.load_errors.size());
    out += shown < total ? fmt::format("Showing {} of {} load errors.\n\n", shown, total)
                         : Count(total, "load error") + ".\n\n";
    std::vector<Row> rows;
    for (const auto& e : report.load_errors) {
      rows.push_back({e.path, e.line > 0 ? Cell(std::to_string(e.line)) : Cell(), e.severity,
                      e.message});
    }
    AppendTable(out, {"Path", "Line", "Severity", "Message"}, rows);
  }
  while (out.size() >= 2 && out.ends_with("\n\n")) out.pop_back();
  return out;
}

}  // namespace sparkpm
