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
#include "sparkpm/time_parse.h"

namespace sparkpm {
namespace {

using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

constexpr size_t kLongValueBytes = 200;     // longer values leave the table for a code block
constexpr size_t kLongMessageBytes = 2000;  // the same for a finding's message paragraph
constexpr size_t kPreviewBytes = 80;        // how much of a long value the table cell shows
constexpr std::string_view kNullCell = "\xE2\x80\x94";  // "—"

// Returns true when a value should be shown in a code block rather than inline.
bool IsLong(std::string_view value, size_t max_bytes = kLongValueBytes) {
  return value.size() > max_bytes || value.find('\n') != std::string_view::npos;
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
std::string EscapeInline(std::string_view text, bool line_start = true) {
  std::string visible = MakeVisible(text);
  std::string out;
  out.reserve(visible.size() + 8);
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
      case '\t':
        out.push_back(' ');
        break;
      case '<':
        out += "&lt;";
        break;
      case '(':  // "\]" already stops a link; escaping "(" keeps "](" out of the text too
        if (!out.empty() && out.back() == ']') out.push_back('\\');
        out.push_back(c);
        break;
      case '>':
        out += "&gt;";
        break;
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
      default:
        out.push_back(c);
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

// Appends a value as a paragraph, or as a code block when it is long or has several lines.
void AppendParagraph(std::string& out, std::string_view value) {
  if (IsLong(value, kLongMessageBytes)) {
    AppendFenced(out, value);
  } else {
    out += EscapeInline(value);
    out += "\n\n";
  }
}

// Returns a fenced code block's info string reduced to a language name.
std::string_view FenceInfo(std::string_view info) {
  size_t b = info.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  info.remove_prefix(b);
  size_t n = 0;
  while (n < info.size() && n < 32 &&
         ((info[n] >= 'a' && info[n] <= 'z') || (info[n] >= 'A' && info[n] <= 'Z') ||
          (info[n] >= '0' && info[n] <= '9') || info[n] == '-' || info[n] == '+' ||
          info[n] == '_')) {
    ++n;
  }
  return info.substr(0, n);
}

// Returns true when a link target may stay a link: https:// or #anchor, URL characters only.
bool IsSafeLinkTarget(std::string_view url) {
  if (!(url.starts_with("#") || (url.starts_with("https://") && url.size() > 8))) return false;
  return std::all_of(url.begin(), url.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-._~:/?#@!$&'*+,;=%").find(c) != std::string_view::npos;
  });
}

// Returns text as an inline code span whose backtick fence no run inside can close.
std::string CodeSpan(std::string_view code) {
  size_t longest = 0;
  size_t run = 0;
  for (char c : code) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  bool pad = !code.empty() && (code.front() == '`' || code.back() == '`');
  return fence + (pad ? " " : "") + std::string(code) + (pad ? " " : "") + fence;
}

// Rewrites one line of runbook text keeping only `code`, **bold** and links to https:// or
// #anchors; everything else is escaped. IMPORTANT: text must have gone through MakeVisible.
std::string SafeInline(std::string_view t, bool links, bool line_start) {
  std::string out;
  std::string plain;
  auto flush = [&] {
    out += EscapeInline(plain, line_start && out.empty());
    plain.clear();
  };
  size_t i = 0;
  while (i < t.size()) {
    char c = t[i];
    if (c == '`') {
      size_t n = t.find_first_not_of('`', i);
      n = (n == std::string_view::npos ? t.size() : n) - i;
      size_t close = std::string_view::npos;
      for (size_t j = i + n; j < t.size();) {
        size_t m = t.find_first_not_of('`', j);
        m = (m == std::string_view::npos ? t.size() : m) - j;
        if (t[j] == '`' && m == n) {
          close = j;
          break;
        }
        j += t[j] == '`' ? m : 1;
      }
      if (close == std::string_view::npos) {
        plain.append(n, '`');
        i += n;
        continue;
      }
      flush();
      out += CodeSpan(t.substr(i + n, close - i - n));
      i = close + n;
      continue;
    }
    if (c == '*' && t.substr(i, 2) == "**") {
      size_t close = t.find("**", i + 2);
      if (close != std::string_view::npos && close > i + 2) {
        flush();
        out += "**" + SafeInline(t.substr(i + 2, close - i - 2), links, false) + "**";
        i = close + 2;
        continue;
      }
    }
    if (c == '[' && links) {
      size_t close = t.find(']', i + 1);
      if (close != std::string_view::npos && close + 1 < t.size() && t[close + 1] == '(') {
        size_t end = t.find(')', close + 2);
        if (end != std::string_view::npos) {
          std::string_view text = t.substr(i + 1, close - i - 1);
          std::string_view url = t.substr(close + 2, end - close - 2);
          flush();
          if (IsSafeLinkTarget(url)) {
            out += "[" + SafeInline(text, false, false) + "](" + std::string(url) + ")";
          } else {
            out += SafeInline(text, false, false) + " (" + EscapeInline(url, false) + ")";
          }
          i = end + 1;
          continue;
        }
      }
    }
    plain.push_back(c);
    ++i;
  }
  flush();
  return out;
}

// Appends runbook Markdown re-written to the safe subset the HTML converter also knows
// (headings, lists, fenced code, `code`, **bold**, https:// and #anchor links). Our
// runbooks stay as written; bundle values filled into them come out escaped.
void AppendRunbookMarkdown(std::string& out, std::string_view markdown) {
  std::string visible = MakeVisible(markdown);
  std::vector<std::string_view> lines;
  for (std::string_view rest = visible; !rest.empty();) {
    size_t nl = rest.find('\n');
    lines.push_back(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    size_t b = line.find_first_not_of(" \t");
    if (b == std::string_view::npos) {
      out += "\n";
      continue;
    }
    std::string_view lead = line.substr(0, b);
    std::string_view rest = line.substr(b);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
    char c = rest[0];
    size_t run = rest.find_first_not_of(c);
    run = run == std::string_view::npos ? rest.size() : run;
    if ((c == '`' || c == '~') && run >= 3 &&
        (c == '~' || rest.find('`', run) == std::string_view::npos)) {
      std::string code;
      size_t j = i + 1;
      for (; j < lines.size(); ++j) {
        std::string_view l = lines[j];
        size_t lb = l.find_first_not_of(" \t");
        std::string_view lr = lb == std::string_view::npos ? std::string_view() : l.substr(lb);
        while (!lr.empty() && (lr.back() == ' ' || lr.back() == '\t')) lr.remove_suffix(1);
        if (!lr.empty() && lr.find_first_not_of(c) == std::string_view::npos && lr.size() >= run) {
          break;
        }
        size_t strip = 0;  // the opening fence's indentation belongs to the surrounding list
        while (strip < lead.size() && strip < l.size() && l[strip] == ' ') ++strip;
        code.append(l.substr(strip));
        code.push_back('\n');
      }
      out += lead;
      std::string block;
      AppendFenced(block, code, FenceInfo(rest.substr(run)));
      block.pop_back();  // AppendFenced ends with a blank line; keep the source's spacing
      for (size_t k = 0; k < block.size(); ++k) {  // indent every line like the opening fence
        out.push_back(block[k]);
        if (block[k] == '\n' && k + 1 < block.size()) out += lead;
      }
      i = j;
      continue;
    }
    size_t hashes = rest.find_first_not_of('#');
    if (c == '#' && hashes != std::string_view::npos && hashes <= 6 && rest[hashes] == ' ') {
      out += fmt::format("{}{} {}\n", lead, rest.substr(0, hashes),
                         SafeInline(rest.substr(hashes + 1), true, true));
      continue;
    }
    if ((c == '-' || c == '*' || c == '_') && run >= 3 && run == rest.size()) {
      out += fmt::format("{}***\n", lead);
      continue;
    }
    size_t marker = 0;
    if ((c == '-' || c == '*' || c == '+') && rest.size() > 1 && rest[1] == ' ') {
      marker = 1;
    } else {
      size_t d = rest.find_first_not_of("0123456789");
      if (d != std::string_view::npos && d > 0 && d <= 9 && (rest[d] == '.' || rest[d] == ')') &&
          d + 1 < rest.size() && rest[d + 1] == ' ') {
        marker = d + 1;
      }
    }
    if (marker > 0) {
      std::string_view item = rest.substr(marker + 1);
      item.remove_prefix(std::min(item.size(), item.find_first_not_of(' ')));
      out += fmt::format("{}{} {}\n", lead, rest.substr(0, marker), SafeInline(item, true, true));
      continue;
    }
    out += fmt::format("{}{}\n", lead, SafeInline(rest, true, true));
  }
  out += "\n";
}

// Appends the title, the application line and where the report came from.
void AppendHeader(std::string& out, const Report& report) {
  out += "# Spark incident report\n\n";
  std::vector<std::string> parts;
  if (auto name = report.Fact("app_name")) parts.push_back("**" + EscapeInline(*name) + "**");
  if (auto id = report.Fact("app_id")) parts.push_back(EscapeInline(*id));
  if (auto ns = report.Fact("namespace")) parts.push_back("namespace " + EscapeInline(*ns));
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
    if (!top->consequences.empty()) {
      out += "It explains:\n\n";
      for (const Finding& f : report.findings) {
        if (std::find(top->consequences.begin(), top->consequences.end(), f.rule) ==
            top->consequences.end()) {
          continue;
        }
        out += fmt::format("- {} ({}){}\n", EscapeInline(f.title), SeverityName(f.severity),
                           f.explained_by == top->rule
                               ? ""
                               : " \xE2\x80\x94 through " + Identifier(f.explained_by));
      }
      out += "\n";
    }
  }
  std::array<int64_t, 3> counts{};
  for (const auto& f : report.findings) ++counts[static_cast<size_t>(f.severity)];
  out += fmt::format("{}: {} critical, {} warning, {} info.\n\n",
                     CountText(static_cast<int64_t>(report.findings.size()), "finding"), counts[2],
                     counts[1], counts[0]);
}

// Appends one finding: what, where the runbook is, evidence, sources, SQL, remediation.
void AppendFinding(std::string& out, const Finding& f, size_t index) {
  std::string_view severity = f.severity == Severity::kCritical  ? "CRITICAL"
                              : f.severity == Severity::kWarning ? "WARNING"
                                                                 : "INFO";
  out += fmt::format("### {}. {}: {}\n\n", index, severity, EscapeInline(f.title));
  out += fmt::format("- **Rule:** {}\n", Identifier(f.rule));
  if (!f.rank_reason.empty()) out += fmt::format("- **Rank:** {}\n", EscapeInline(f.rank_reason));
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
    out += fmt::format(" ({})", CountText(shown, "row"));
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

  out += "## Timeline (UTC)\n\n";
  if (report.timeline.empty()) {
    out += "No timed failure, warning event or error log line in the bundle.\n\n";
  } else {
    if (report.timeline_total > static_cast<int64_t>(report.timeline.size())) {
      out += fmt::format("Showing the first {} of {} entries.\n\n", report.timeline.size(),
                         report.timeline_total);
    }
    std::vector<Row> rows;
    for (const TimelineEntry& e : report.timeline) {
      std::string where = e.where.path.empty() ? ""
                          : e.where.line > 0   ? fmt::format("{}:{}", e.where.path, e.where.line)
                                               : e.where.path;
      rows.push_back(
          {FormatIsoMs(e.time_ms), e.source, e.object, std::string(Preview(e.what, 240)), where});
    }
    AppendTable(out, {"Time", "Source", "Object", "What", "Where"}, rows);
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
    out += CountText(static_cast<int64_t>(report.inputs.size()), "bundle entry", "bundle entries") +
           ".\n\n";
    std::vector<Row> rows;
    for (const auto& in : report.inputs) {
      rows.push_back({in.path, in.kind, in.status, in.detail, IntCell(in.bytes), IntCell(in.rows)});
    }
    AppendTable(out, {"Path", "Kind", "Status", "Detail", "Bytes", "Rows"}, rows);
  }

  out += "## Load errors\n\n";
  int64_t total =
      std::max<int64_t>(report.load_errors_total, static_cast<int64_t>(report.load_errors.size()));
  if (total == 0) {
    out += "No load errors.\n\n";
  } else {
    int64_t shown = static_cast<int64_t>(report.load_errors.size());
    out += shown < total ? fmt::format("Showing {} of {} load errors.\n\n", shown, total)
                         : CountText(total, "load error") + ".\n\n";
    std::vector<Row> rows;
    for (const auto& e : report.load_errors) {
      rows.push_back(
          {e.path, e.line > 0 ? Cell(std::to_string(e.line)) : Cell(), e.severity, e.message});
    }
    AppendTable(out, {"Path", "Line", "Severity", "Message"}, rows);
  }
  while (out.size() >= 2 && out.ends_with("\n\n")) out.pop_back();
  return out;
}

}  // namespace sparkpm
