// Safe text for the reports: bundle bytes made visible and valid (MakeVisible), escaped
// for HTML (AppendHtmlEscaped), and our runbook Markdown turned into HTML that cannot
// carry markup, scripts or links other than https:// and in-page anchors (MarkdownToHtml).
//
//   std::string out;
//   AppendHtmlEscaped(out, pod_name);           // "<b>" -> "&lt;b&gt;", bidi made visible
//   out += MarkdownToHtml(runbook_section, {.heading_offset = 3});   // "# Fix" -> <h4>
//
// The converter knows headings, paragraphs, bullet and numbered lists (nested by
// indentation), fenced code blocks, inline `code`, **bold** and [text](url) links. Every
// byte of the input is escaped before any markup is applied; nothing else is HTML.
#pragma once

#include <string>
#include <string_view>

namespace sparkpm {

// Returns text as valid UTF-8 that shows everything it holds: invalid bytes become
// U+FFFD; C0/C1 control characters other than tab and newline become visible
// (U+2400 control pictures or "[U+0085]"); "\r\n" becomes "\n"; bidi embedding,
// override and isolate characters and the directional marks become "[U+202E]" etc.
std::string MakeVisible(std::string_view text);

// Appends MakeVisible(text) to out with & < > " ' escaped as character references.
void AppendHtmlEscaped(std::string& out, std::string_view text);

// Returns MakeVisible(text) with & < > " ' escaped as character references.
std::string HtmlEscape(std::string_view text);

struct MarkdownToHtmlOptions {
  // Added to every heading level ("#" becomes h(1 + offset)), capped at h6.
  int heading_offset = 0;
};

// Converts runbook Markdown to an HTML fragment (see the header comment for what is
// understood). Links are kept only when the target starts with "https://" or "#"; any
// other link keeps its text and shows its target as plain text.
std::string MarkdownToHtml(std::string_view markdown, MarkdownToHtmlOptions options = {});

}  // namespace sparkpm
