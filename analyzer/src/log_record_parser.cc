#include "log_record_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sparkpm/time_parse.h"

namespace sparkpm {
namespace {

// A stack frame or class name longer than this is not looked at as an exception.
constexpr size_t kMaxClassNameBytes = 512;
// The level of a text header is searched for in the first bytes after the time only.
constexpr size_t kMaxThreadBytes = 512;

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }

// The character classes of Java names, one table lookup each: the loops over logger and
// class names run for every line of every log.
constexpr uint8_t kIdentStart = 1;  // A-Z a-z _ $
constexpr uint8_t kIdentChar = 2;   // an ident start or 0-9
constexpr uint8_t kLoggerChar = 4;  // an ident char, '.' or '-'
constexpr std::array<uint8_t, 256> kCharClasses = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool start = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '$';
    const bool ident = start || (c >= '0' && c <= '9');
    const bool logger = ident || c == '.' || c == '-';
    t[c] = static_cast<uint8_t>((start ? kIdentStart : 0) | (ident ? kIdentChar : 0) |
                                (logger ? kLoggerChar : 0));
  }
  return t;
}();
bool HasClass(char c, uint8_t cls) { return (kCharClasses[static_cast<uint8_t>(c)] & cls) != 0; }
bool IsIdentStart(char c) { return HasClass(c, kIdentStart); }
bool IsIdentChar(char c) { return HasClass(c, kIdentChar); }
bool IsLoggerChar(char c) { return HasClass(c, kLoggerChar); }

// The end of the run of logger characters that starts at s[from], 16 bytes at a time
// while 16 remain (SSE2, which every x86-64 has).
size_t EndOfLoggerChars(std::string_view s, size_t from) {
  size_t i = from;
#if defined(__SSE2__)
  const __m128i case_bit = _mm_set1_epi8(0x20);
  const __m128i a = _mm_set1_epi8('a'), letters = _mm_set1_epi8('z' - 'a');
  const __m128i zero = _mm_set1_epi8('0'), digits = _mm_set1_epi8(9);
  const __m128i underscore = _mm_set1_epi8('_'), dollar = _mm_set1_epi8('$');
  const __m128i dot = _mm_set1_epi8('.'), dash = _mm_set1_epi8('-');
  // x - lo <= span, unsigned: x is in [lo, lo + span].
  auto in_range = [](__m128i x, __m128i lo, __m128i span) {
    const __m128i d = _mm_sub_epi8(x, lo);
    return _mm_cmpeq_epi8(_mm_min_epu8(d, span), d);
  };
  while (i + 16 <= s.size()) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i ok = in_range(_mm_or_si128(v, case_bit), a, letters);
    ok = _mm_or_si128(ok, in_range(v, zero, digits));
    ok = _mm_or_si128(ok, _mm_or_si128(_mm_cmpeq_epi8(v, underscore), _mm_cmpeq_epi8(v, dollar)));
    ok = _mm_or_si128(ok, _mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, dash)));
    const unsigned stop = ~static_cast<unsigned>(_mm_movemask_epi8(ok)) & 0xFFFFu;
    if (stop != 0) return i + static_cast<size_t>(__builtin_ctz(stop));
    i += 16;
  }
#endif
  while (i < s.size() && IsLoggerChar(s[i])) ++i;
  return i;
}

std::string_view TrimLeft(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

std::string_view TrimRight(std::string_view s) {
  size_t n = s.size();
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) --n;
  return s.substr(0, n);
}

bool HasExceptionSuffix(std::string_view name) {
  return name.ends_with("Exception") || name.ends_with("Error") || name.ends_with("Throwable");
}

// A dotted Java name ("java.lang.OutOfMemoryError") found at some position.
struct DottedName {
  size_t end = 0;              // one past the last character
  int segments = 0;            // parts between dots
  size_t last_start = 0;       // start of the last part (the simple class name)
  bool packages_lower = true;  // every part but the last starts lower-case
};

// Scans a dotted identifier starting at s[pos]; nullopt when none starts there.
std::optional<DottedName> ScanDottedName(std::string_view s, size_t pos) {
  DottedName d;
  size_t i = pos;
  if (i >= s.size() || !IsIdentStart(s[i])) return std::nullopt;
  while (true) {
    size_t seg = i;
    while (i < s.size() && IsIdentChar(s[i])) ++i;
    ++d.segments;
    d.last_start = seg;
    if (i + 1 < s.size() && s[i] == '.' && IsIdentStart(s[i + 1])) {
      if (!IsAsciiLower(s[seg])) d.packages_lower = false;
      ++i;
      continue;
    }
    break;
  }
  d.end = i;
  return d;
}

// Builds the exception named by s[start, end) with the message after its ':'.
ExceptionName MakeException(std::string_view s, size_t start, size_t end) {
  ExceptionName e;
  e.class_name = s.substr(start, end - start);
  if (end < s.size() && s[end] == ':') {
    std::string_view msg = TrimRight(TrimLeft(s.substr(end + 1)));
    e.message = msg;
    e.has_message = !msg.empty();
  }
  return e;
}

// Parses "LEVEL Logger: message" (or "LEVEL Logger - message") at rest[i]. Without a
// logger, accepts "LEVEL message" only when require_logger is false.
bool ParseLevelAndLogger(std::string_view rest, size_t i, bool require_logger, TextHeader* h) {
  size_t j = i;
  while (j < rest.size() && IsAsciiUpper(rest[j]) && j - i < 8) ++j;
  std::string_view level = CanonicalLogLevel(rest.substr(i, j - i));
  if (level.empty()) return false;
  if (j < rest.size() && rest[j] != ' ') return false;
  size_t k = j;
  while (k < rest.size() && rest[k] == ' ') ++k;
  const size_t l = EndOfLoggerChars(rest, k);
  if (l > k && l < rest.size()) {
    if (rest[l] == ':' && (l + 1 == rest.size() || rest[l + 1] == ' ')) {
      h->level = level;
      h->logger = rest.substr(k, l - k);
      h->message = rest.substr(std::min(l + 2, rest.size()));
      return true;
    }
    if (rest.substr(l).starts_with(" - ")) {
      h->level = level;
      h->logger = rest.substr(k, l - k);
      h->message = rest.substr(l + 3);
      return true;
    }
  }
  if (require_logger) return false;
  h->level = level;
  h->message = rest.substr(k);
  return true;
}

// Returns the thread as printed before the level, without brackets and spaces.
std::string_view CleanThread(std::string_view s) {
  s = TrimRight(TrimLeft(s));
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  return s;
}

}  // namespace

std::string_view CanonicalLogLevel(std::string_view word) {
  switch (word.size()) {
    case 4:
      if (word == "INFO") return "INFO";
      if (word == "WARN") return "WARN";
      break;
    case 5:
      if (word == "TRACE") return "TRACE";
      if (word == "DEBUG") return "DEBUG";
      if (word == "ERROR") return "ERROR";
      if (word == "FATAL") return "FATAL";
      break;
    case 7:
      if (word == "WARNING") return "WARN";
      break;
    default:
      break;
  }
  return {};
}

std::optional<ExceptionName> ParseExceptionLine(std::string_view line) {
  auto d = ScanDottedName(line, 0);
  if (!d || d->segments < 2 || d->end > kMaxClassNameBytes) return std::nullopt;
  std::string_view simple = line.substr(d->last_start, d->end - d->last_start);
  bool suffix = HasExceptionSuffix(simple);
  if (d->end == line.size()) {
    if (!suffix) return std::nullopt;
    return MakeException(line, 0, d->end);
  }
  if (line[d->end] != ':' || (d->end + 1 < line.size() && line[d->end + 1] != ' ')) {
    return std::nullopt;
  }
  if (!suffix && !(d->packages_lower && IsAsciiUpper(line[d->last_start]))) return std::nullopt;
  return MakeException(line, 0, d->end);
}

std::optional<ExceptionName> FindExceptionInText(std::string_view text) {
  // A class name ends at a ':' followed by a space or the end of the text, or at the end of
  // the text. Names are runs of name characters, so the first that ends such a place is
  // also the first that starts.
  size_t from = 0;
  while (true) {
    size_t end = text.find(':', from);
    if (end == std::string_view::npos) {
      end = text.size();
    } else if (end + 1 < text.size() && text[end + 1] != ' ') {
      from = end + 1;
      continue;
    }
    std::string_view before = text.substr(0, end);
    size_t suffix = before.ends_with("Exception")   ? 9
                    : before.ends_with("Error")     ? 5
                    : before.ends_with("Throwable") ? 9
                                                    : 0;
    if (suffix > 0) {
      const size_t hit = end - suffix;
      size_t start = hit;
      while (start > 0 && hit - start < kMaxClassNameBytes &&
             (IsIdentChar(text[start - 1]) || text[start - 1] == '.')) {
        --start;
      }
      if (!(start > 0 && (IsIdentChar(text[start - 1]) || text[start - 1] == '.'))) {
        while (start < hit && text[start] == '.') ++start;
        auto d = ScanDottedName(text, start);
        if (d && d->end == end && d->segments >= 2) return MakeException(text, start, end);
      }
    }
    if (end == text.size()) return std::nullopt;
    from = end + 1;
  }
}

ContinuationKind ClassifyContinuation(std::string_view line) {
  if (line.empty()) return ContinuationKind::kNone;
  if (line[0] == ' ' || line[0] == '\t') return ContinuationKind::kIndented;
  if (line.starts_with("Caused by:")) return ContinuationKind::kCausedBy;
  if (line.starts_with("Suppressed:")) return ContinuationKind::kSuppressed;
  if (line.starts_with("... ") && line.ends_with(" more")) {
    std::string_view n = line.substr(4, line.size() - 9);
    if (!n.empty() && std::all_of(n.begin(), n.end(), IsAsciiDigit)) return ContinuationKind::kMore;
    return ContinuationKind::kNone;
  }
  if (line.starts_with("at ")) {
    auto d = ScanDottedName(line, 3);
    if (d && d->segments >= 2 && d->end < line.size() &&
        (line[d->end] == '(' || line[d->end] == '/' || line[d->end] == '.')) {
      return ContinuationKind::kStackFrame;
    }
  }
  return ContinuationKind::kNone;
}

std::optional<IsoTimePrefix> ParseIsoTimePrefix(std::string_view t) {
  if (t.size() < 19 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != ' ') ||
      t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  IsoTimePrefix p;
  p.has_t = t[10] == 'T';
  size_t pos = 19;
  int64_t frac_ms = 0;
  if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {
    size_t q = pos + 1;
    while (q < t.size() && IsAsciiDigit(t[q])) {
      if (q - pos <= 3) frac_ms = frac_ms * 10 + (t[q] - '0');
      ++q;
    }
    if (q == pos + 1) return std::nullopt;
    for (size_t digits = q - pos - 1; digits < 3; ++digits) frac_ms *= 10;
    p.frac_digits = static_cast<int>(std::min<size_t>(q - pos - 1, 1000));
    pos = q;
  }
  int64_t offset_ms = 0;
  if (pos < t.size() && t[pos] == 'Z') {
    ++pos;
    p.has_zone = true;
  } else if (pos + 6 <= t.size() && (t[pos] == '+' || t[pos] == '-') && IsAsciiDigit(t[pos + 1]) &&
             IsAsciiDigit(t[pos + 2]) && t[pos + 3] == ':' && IsAsciiDigit(t[pos + 4]) &&
             IsAsciiDigit(t[pos + 5])) {
    offset_ms = (((t[pos + 1] - '0') * 10 + (t[pos + 2] - '0')) * 60 + (t[pos + 4] - '0') * 10 +
                 (t[pos + 5] - '0')) *
                60000;
    if (t[pos] == '-') offset_ms = -offset_ms;
    pos += 6;
    p.has_zone = true;
  }
  if (pos < t.size() && t[pos] != ' ') return std::nullopt;
  const std::optional<int64_t> seconds = ParseIsoSecondsMs(t);
  if (!seconds) return std::nullopt;
  p.time_ms = *seconds + frac_ms - offset_ms;
  p.length = pos;
  return p;
}

std::optional<KubectlStamp> SplitKubectlTimestamp(std::string_view line) {
  if (line.size() < 20 || line[10] != 'T') return std::nullopt;
  auto iso = ParseIsoTimePrefix(line);
  if (!iso || !iso->has_t || !iso->has_zone) return std::nullopt;
  KubectlStamp k;
  k.time_ms = iso->time_ms;
  k.frac_digits = iso->frac_digits;
  k.rest = iso->length < line.size() ? line.substr(iso->length + 1) : std::string_view();
  return k;
}

std::optional<TextHeader> ParseTextHeader(std::string_view line) {
  TextHeader h;
  size_t pos = 0;
  if (line.size() >= 17 && line[2] == '/') {
    size_t consumed = 0;
    if (auto t = ParseLog4jTimeMs(line, &consumed)) {
      h.time_ms = t;
      pos = consumed;
    }
  } else if (line.size() >= 19 && line[4] == '-') {
    if (auto iso = ParseIsoTimePrefix(line)) {
      h.time_ms = iso->time_ms;
      pos = iso->length;
    }
  }
  if (h.time_ms) {
    if (pos < line.size() && line[pos] != ' ') return std::nullopt;
    std::string_view rest = TrimLeft(line.substr(pos));
    size_t limit = std::min(rest.size(), kMaxThreadBytes);
    for (size_t i = 0; i < limit; ++i) {
      if (i > 0 && rest[i - 1] != ' ') continue;
      char c = rest[i];
      if (c != 'T' && c != 'D' && c != 'I' && c != 'W' && c != 'E' && c != 'F') continue;
      if (ParseLevelAndLogger(rest, i, /*require_logger=*/i != 0, &h)) {
        if (i > 0) h.thread = CleanThread(rest.substr(0, i));
        return h;
      }
    }
    h.message = rest;
    return h;
  }
  if (ParseLevelAndLogger(line, 0, /*require_logger=*/true, &h)) return h;
  return std::nullopt;
}

ParsedLogLine ParseLogLine(std::string_view line) {
  ParsedLogLine p;
  p.body = line;
  if (auto k = SplitKubectlTimestamp(line)) {
    std::string_view rest = k->rest;
    if (!rest.empty() && rest[0] == '{') {
      p.body = rest;
      p.kubectl_ms = k->time_ms;
      p.layout = LineLayout::kJsonCandidate;
      return p;
    }
    std::optional<TextHeader> inner = ParseTextHeader(rest);
    // An ISO log4j time ("2026-11-21T10:42:00.123Z main INFO X: m") looks like a kubectl
    // prefix; kubectl prints nanoseconds, so a short fraction with a level after it is
    // read as the layout's own time.
    if (!(inner && inner->time_ms) && (k->frac_digits <= 3 || !inner)) {
      std::optional<TextHeader> whole = ParseTextHeader(line);
      if (whole && !whole->level.empty()) {
        p.layout = LineLayout::kText;
        p.header = *whole;
        return p;
      }
    }
    p.body = rest;
    p.kubectl_ms = k->time_ms;
    if (inner) {
      p.layout = LineLayout::kText;
      p.header = *inner;
    }
    return p;
  }
  if (!line.empty() && line[0] == '{') {
    p.layout = LineLayout::kJsonCandidate;
    return p;
  }
  if (auto h = ParseTextHeader(line)) {
    p.layout = LineLayout::kText;
    p.header = *h;
  }
  return p;
}

bool JsonLogLineParser::Parse(std::string_view line, JsonLogLine* out) {
  *out = JsonLogLine{};
  std::string_view trimmed = TrimRight(line);
  if (trimmed.size() < 2 || trimmed.front() != '{' || trimmed.back() != '}') return false;
  padded_.assign(trimmed);
  padded_.resize(trimmed.size() + simdjson::SIMDJSON_PADDING);
  simdjson::dom::element doc;
  if (parser_.parse(padded_.data(), trimmed.size(), false).get(doc)) return false;
  simdjson::dom::object obj;
  if (doc.get_object().get(obj)) return false;

  bool known = false;
  std::string_view s;
  for (const char* key : {"ts", "timestamp", "@timestamp"}) {
    if (!obj[key].get_string().get(s)) {
      known = true;
      out->time_ms = ParseRfc3339Ms(s);
      break;
    }
  }
  if (!obj["level"].get_string().get(s)) {
    known = true;
    out->level = CanonicalLogLevel(s);
    if (out->level.empty() && s.size() <= 8) {
      std::array<char, 8> upper{};
      for (size_t i = 0; i < s.size(); ++i) {
        upper[i] = IsAsciiLower(s[i]) ? static_cast<char>(s[i] - 'a' + 'A') : s[i];
      }
      out->level = CanonicalLogLevel(std::string_view(upper.data(), s.size()));
    }
  }
  if (!obj["msg"].get_string().get(s) || !obj["message"].get_string().get(s)) {
    known = true;
    out->message = s;
  }
  if (!known) return false;
  if (!obj["logger"].get_string().get(s)) out->logger = s;
  if (!obj["thread"].get_string().get(s) || !obj["thread_name"].get_string().get(s)) {
    out->thread = s;
  }

  stack_.clear();
  simdjson::dom::object exc;
  if (!obj["exception"].get_object().get(exc)) {
    if (!exc["class"].get_string().get(s)) out->exception_class = s;
    if (!exc["msg"].get_string().get(s)) {
      out->exception_message = s;
      out->has_exception_message = true;
    }
    simdjson::dom::array frames;
    if (!exc["stacktrace"].get_array().get(frames)) {
      for (simdjson::dom::element frame : frames) {
        std::string_view cls, method, file;
        int64_t line_no = 0;
        bool has_line = !frame["line"].get_int64().get(line_no);
        if (frame["class"].get_string().get(cls)) cls = "?";
        if (frame["method"].get_string().get(method)) method = "?";
        bool has_file = !frame["file"].get_string().get(file);
        if (!stack_.empty()) stack_ += '\n';
        stack_ += "\tat ";
        stack_ += cls;
        stack_ += '.';
        stack_ += method;
        stack_ += '(';
        if (has_file) {
          stack_ += file;
          if (has_line && line_no >= 0) {
            fmt::format_to(std::back_inserter(stack_), ":{}", line_no);
          }
        } else {
          stack_ += "Unknown Source";
        }
        stack_ += ')';
      }
    }
  }
  out->stack = stack_;
  return true;
}

std::string_view CapUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t n = max_bytes;
  while (n > 0 && max_bytes - n < 4 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

}  // namespace sparkpm
