#include "markdown_to_html.h"
#include "sparkpm/utf8.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace sparkpm {
namespace {

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD


// Appends the UTF-8 encoding of a code point below U+10000.
void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Returns true for code points that reorder or hide the direction of the text around them.
bool IsBidiControl(uint32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

// Appends text with the five HTML-significant characters as character references.
// IMPORTANT: text must already have gone through MakeVisible.
void AppendMarkupEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
}

// Returns the number of leading columns of blank space (a tab counts 4).
int IndentOf(std::string_view line) {
  int n = 0;
  for (char c : line) {
    if (c == ' ') {
      ++n;
    } else if (c == '\t') {
      n += 4;
    } else {
      break;
    }
  }
  return n;
}

// Returns line without leading and trailing spaces and tabs.
std::string_view Trim(std::string_view line) {
  size_t b = line.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = line.find_last_not_of(" \t");
  return line.substr(b, e - b + 1);
}

// Returns the length of the run of c starting at s[i].
size_t RunLength(std::string_view s, size_t i, char c) {
  size_t j = i;
  while (j < s.size() && s[j] == c) ++j;
  return j - i;
}

// Returns true when an (escaped) link target may become an href.
bool IsAllowedUrl(std::string_view url) {
  if (url.find_first_of(" \t\n\\") != std::string_view::npos) return false;
  if (url.starts_with("#")) return true;
  return url.starts_with("https://") && url.size() > 8;
}

// Applies code spans, **bold** and links to one escaped block of text.
std::string RenderInline(std::string_view t, bool links) {
  std::string out;
  size_t i = 0;
  while (i < t.size()) {
    char c = t[i];
    if (c == '`') {
      size_t n = RunLength(t, i, '`');
      size_t j = i + n;
      size_t close = std::string_view::npos;
      while (j < t.size()) {
        if (t[j] != '`') {
          ++j;
          continue;
        }
        size_t m = RunLength(t, j, '`');
        if (m == n) {
          close = j;
          break;
        }
        j += m;
      }
      if (close == std::string_view::npos) {
        out.append(n, '`');
        i += n;
        continue;
      }
      std::string_view code = t.substr(i + n, close - i - n);
      if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ' &&
          code.find_first_not_of(' ') != std::string_view::npos) {
        code = code.substr(1, code.size() - 2);
      }
      out += "<code>";
      out.append(code);
      out += "</code>";
      i = close + n;
      continue;
    }
    if (c == '*' && t.substr(i, 2) == "**") {
      size_t close = t.find("**", i + 2);
      if (close != std::string_view::npos && close > i + 2) {
        out += "<strong>";
        out += RenderInline(t.substr(i + 2, close - i - 2), links);
        out += "</strong>";
        i = close + 2;
        continue;
      }
      out += "**";
      i += 2;
      continue;
    }
    if (c == '[' && links) {
      size_t close = t.find(']', i + 1);
      if (close != std::string_view::npos && close + 1 < t.size() && t[close + 1] == '(') {
        size_t end = t.find(')', close + 2);
        if (end != std::string_view::npos) {
          std::string_view text = t.substr(i + 1, close - i - 1);
          std::string_view url = Trim(t.substr(close + 2, end - close - 2));
          if (IsAllowedUrl(url)) {
            out += "<a href=\"";
            out.append(url);
            out += url.starts_with("#") ? "\">" : "\" rel=\"noopener noreferrer\">";
            out += RenderInline(text, false);
            out += "</a>";
          } else {
            out += RenderInline(text, false);
            out += " (";
            out.append(url);
            out += ")";
          }
          i = end + 1;
          continue;
        }
      }
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

// Turns runbook Markdown, line by line, into an HTML fragment.
class MarkdownConverter {
 public:
  explicit MarkdownConverter(MarkdownToHtmlOptions options) : options_(options) {}

  // Converts the whole document.
  std::string Convert(std::string_view markdown) {
    std::string visible = MakeVisible(markdown);
    std::string_view rest = visible;
    while (!rest.empty()) {
      size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      Line(line);
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
    if (in_fence_) EmitCode();
    FlushParagraph();
    while (!lists_.empty()) CloseList();
    return std::move(out_);
  }

 private:
  struct List {
    bool ordered = false;
    int indent = 0;          // column of the marker
    int content_indent = 0;  // column where the item's text starts
    bool item_has_content = false;
  };

  // Handles one line of Markdown.
  void Line(std::string_view line) {
    int indent = IndentOf(line);
    std::string_view rest = Trim(line);
    if (in_fence_) {
      if (indent <= fence_indent_ + 3 && RunLength(rest, 0, fence_char_) >= fence_len_ &&
          rest.find_first_not_of(fence_char_) == std::string_view::npos) {
        EmitCode();
        return;
      }
      code_.append(StripColumns(line, fence_indent_));
      code_.push_back('\n');
      return;
    }
    if (rest.empty()) {
      FlushParagraph();
      blank_before_ = true;
      return;
    }
    bool was_blank = blank_before_;
    blank_before_ = false;
    if (OpenFence(indent, rest)) return;
    if (indent <= 3 && Heading(rest)) return;
    if (ListItem(indent, rest)) return;
    if (indent <= 3 && IsThematicBreak(rest)) {
      FlushParagraph();
      CloseListsNotContaining(indent);
      out_ += "<hr>\n";
      return;
    }
    if (was_blank) CloseListsNotContaining(indent);
    paragraph_.emplace_back(rest);
  }

  // Starts a fenced code block when the line opens one.
  bool OpenFence(int indent, std::string_view rest) {
    char c = rest.empty() ? '\0' : rest[0];
    if (c != '`' && c != '~') return false;
    size_t n = RunLength(rest, 0, c);
    if (n < 3) return false;
    if (c == '`' && rest.find('`', n) != std::string_view::npos) return false;
    FlushParagraph();
    CloseListsNotContaining(indent);
    in_fence_ = true;
    fence_char_ = c;
    fence_len_ = n;
    fence_indent_ = indent;
    code_.clear();
    return true;
  }

  // Emits a heading when the line is an ATX heading.
  bool Heading(std::string_view rest) {
    size_t level = RunLength(rest, 0, '#');
    if (level == 0 || level > 6) return false;
    if (level < rest.size() && rest[level] != ' ' && rest[level] != '\t') return false;
    std::string_view text = Trim(rest.substr(level));
    size_t closing = text.find_last_not_of('#');
    if (closing == std::string_view::npos) {
      text = {};
    } else if (closing + 1 < text.size() && (text[closing] == ' ' || text[closing] == '\t')) {
      text = Trim(text.substr(0, closing + 1));
    }
    FlushParagraph();
    while (!lists_.empty()) CloseList();
    int h = std::min(6, static_cast<int>(level) + std::max(0, options_.heading_offset));
    out_ += fmt::format("<h{}>", h);
    out_ += Inline(text);
    out_ += fmt::format("</h{}>\n", h);
    return true;
  }

  // Opens a list item (and its list when needed) when the line starts with a marker.
  bool ListItem(int indent, std::string_view rest) {
    bool ordered;
    size_t marker;
    if (rest[0] == '-' || rest[0] == '*' || rest[0] == '+') {
      ordered = false;
      marker = 1;
    } else {
      size_t digits = 0;
      while (digits < rest.size() && digits < 10 && rest[digits] >= '0' && rest[digits] <= '9') {
        ++digits;
      }
      if (digits == 0 || digits > 9 || digits >= rest.size()) return false;
      if (rest[digits] != '.' && rest[digits] != ')') return false;
      ordered = true;
      marker = digits + 1;
    }
    if (marker < rest.size() && rest[marker] != ' ' && rest[marker] != '\t') return false;
    if (!ordered && IsThematicBreak(rest)) return false;
    FlushParagraph();
    while (!lists_.empty() && lists_.back().indent > indent) CloseList();
    bool sibling = !lists_.empty() && indent < lists_.back().content_indent;
    if (sibling && lists_.back().ordered != ordered) {
      CloseList();
      sibling = false;
    }
    if (sibling) {
      out_ += "</li>\n<li>";
      lists_.back().item_has_content = false;
    } else {
      if (!lists_.empty()) lists_.back().item_has_content = true;
      if (ordered) {
        int start = std::stoi(std::string(rest.substr(0, marker - 1)));
        out_ +=
            start == 1 ? std::string("<ol>\n<li>") : fmt::format("<ol start=\"{}\">\n<li>", start);
      } else {
        out_ += "<ul>\n<li>";
      }
      lists_.push_back({ordered, indent, indent + static_cast<int>(marker) + 1, false});
    }
    std::string_view text = Trim(rest.substr(marker));
    if (!text.empty()) paragraph_.emplace_back(text);
    return true;
  }

  // Returns true for "---", "***" or "___" (three or more, spaces allowed).
  static bool IsThematicBreak(std::string_view rest) {
    char c = rest[0];
    if (c != '-' && c != '*' && c != '_') return false;
    size_t count = 0;
    for (char x : rest) {
      if (x == c) {
        ++count;
      } else if (x != ' ' && x != '\t') {
        return false;
      }
    }
    return count >= 3;
  }

  // Returns line without its first `columns` columns of blank space.
  static std::string_view StripColumns(std::string_view line, int columns) {
    int col = 0;
    size_t i = 0;
    while (i < line.size() && col < columns && (line[i] == ' ' || line[i] == '\t')) {
      col += line[i] == '\t' ? 4 : 1;
      ++i;
    }
    return line.substr(i);
  }

  // Closes the lists whose items cannot hold text starting at this column.
  void CloseListsNotContaining(int indent) {
    while (!lists_.empty() && indent < lists_.back().content_indent) CloseList();
  }

  // Closes the innermost list and its open item.
  void CloseList() {
    out_ += lists_.back().ordered ? "</li>\n</ol>\n" : "</li>\n</ul>\n";
    lists_.pop_back();
  }

  // Escapes text and applies the inline markup.
  static std::string Inline(std::string_view visible) {
    std::string escaped;
    AppendMarkupEscaped(escaped, visible);
    return RenderInline(escaped, true);
  }

  // Emits the pending paragraph lines, bare as the first text of a list item.
  void FlushParagraph() {
    if (paragraph_.empty()) return;
    std::string joined;
    for (size_t i = 0; i < paragraph_.size(); ++i) {
      if (i > 0) joined.push_back('\n');
      joined += paragraph_[i];
    }
    paragraph_.clear();
    if (!lists_.empty() && !lists_.back().item_has_content) {
      out_ += Inline(joined);
      lists_.back().item_has_content = true;
      return;
    }
    out_ += "<p>";
    out_ += Inline(joined);
    out_ += "</p>\n";
  }

  // Emits the pending fenced code block.
  void EmitCode() {
    in_fence_ = false;
    out_ += "<pre><code>";
    AppendMarkupEscaped(out_, code_);
    out_ += "</code></pre>\n";
    code_.clear();
    if (!lists_.empty()) lists_.back().item_has_content = true;
  }

  MarkdownToHtmlOptions options_;
  std::string out_;
  std::vector<std::string> paragraph_;
  std::vector<List> lists_;
  bool blank_before_ = false;
  bool in_fence_ = false;
  char fence_char_ = '`';
  size_t fence_len_ = 3;
  int fence_indent_ = 0;
  std::string code_;
};

}  // namespace

std::string MakeVisible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      } else if (c == '\t' || c == '\n' || (c >= 0x20 && c < 0x7F)) {
        out.push_back(static_cast<char>(c));
        ++i;
      } else {
        AppendUtf8(out, c == 0x7F ? 0x2421 : 0x2400 + c);  // control pictures
        ++i;
      }
      continue;
    }
    uint32_t cp = 0;
    size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) {
      out += kReplacementChar;
      ++i;
      continue;
    }
    if (cp <= 0x9F || IsBidiControl(cp)) {
      out += fmt::format("[U+{:04X}]", cp);
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

void AppendHtmlEscaped(std::string& out, std::string_view text) {
  AppendMarkupEscaped(out, MakeVisible(text));
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  AppendHtmlEscaped(out, text);
  return out;
}

std::string MarkdownToHtml(std::string_view markdown, MarkdownToHtmlOptions options) {
  return MarkdownConverter(options).Convert(markdown);
}

}  // namespace sparkpm
