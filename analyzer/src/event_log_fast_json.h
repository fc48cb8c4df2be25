// Private to the event log loader: a one-pass reader for the plain JSON of Spark's task
// events, which are nearly every line of a large event log. It reads strict JSON as
// Spark writes it (ASCII strings without escapes, integers, true and false) straight
// from the line, without simdjson's structural index. Anything else (an escape, a
// non-ASCII byte, a fraction or exponent where an integer is read, null or another type
// where a value is read, broken JSON, deep nesting, bytes after the object) stops it
// with kNotFast, and the caller parses the line again with simdjson, which decides what
// it means. Whatever this reader accepts is valid JSON, so the two agree on every line
// it reads; event_log_fast_path_test compares them over every corpus event log.
//
//   fast_json::Reader reader(line.data(), line.data() + line.size());
//   fast_json::Value top(reader);
//   error_code e = top.Fields([&](std::string_view key, fast_json::Value& v) { ... });
//   if (!e && reader.AtEnd()) ... else parse the line with simdjson
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sparkpm::event_log::fast_json {

using simdjson::error_code;
using simdjson::SUCCESS;

// The only error of this reader: "not read here, ask simdjson".
inline constexpr error_code kNotFast = simdjson::UNEXPECTED_ERROR;
// The simdjson path's own limit is far deeper; Spark's task events nest four levels.
inline constexpr int kMaxDepth = 32;
// Bytes the string scan may read past the end of the line.
inline constexpr size_t kReadPast = 16;

class Value;

class Reader {
 public:
  // IMPORTANT: kReadPast readable bytes must follow end (the string scan reads 16 at a
  // time); simdjson's padding behind every line gives them.
  Reader(const char* begin, const char* end) : p_(begin), end_(end) {}

  // True when only JSON whitespace is left.
  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }

  // Calls fn(key, value) for each field of the object that starts here; a field fn does
  // not read is skipped (checked, not stored).
  template <typename Fn>
  error_code Fields(Fn&& fn);
  // Calls fn(value) for each element of the array that starts here.
  template <typename Fn>
  error_code Elements(Fn&& fn);

  // Reads a string without escapes or non-ASCII bytes; the view points into the line.
  error_code String(std::string_view* out) {
    SkipSpace();
    if (p_ >= end_ || *p_ != '"') return kNotFast;
    const char* start = p_ + 1;
    const char* q = start;
#if defined(__SSE2__)
    // The first quote, backslash, control byte or byte >= 0x80 (negative as a signed
    // char, so one signed compare with 0x20 finds both kinds).
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (true) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
      __m128i hit =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                       _mm_cmplt_epi8(v, space));
      int mask = _mm_movemask_epi8(hit);
      if (mask != 0) {
        q += __builtin_ctz(static_cast<unsigned>(mask));
        break;
      }
      q += 16;
      if (q >= end_) return kNotFast;
    }
#else
    while (q < end_ && *q != '"' && *q != '\\' && static_cast<unsigned char>(*q) >= 0x20 &&
           static_cast<unsigned char>(*q) < 0x80) {
      ++q;
    }
#endif
    if (q >= end_ || *q != '"') return kNotFast;
    *out = std::string_view(start, static_cast<size_t>(q - start));
    p_ = q + 1;
    return SUCCESS;
  }

  // Reads an integer of at most 18 digits (no fraction, no exponent, no leading zero).
  error_code Int(int64_t* out) {
    SkipSpace();
    const char* q = p_;
    bool negative = q < end_ && *q == '-';
    if (negative) ++q;
    const char* digits = q;
    uint64_t x = 0;
    while (q < end_ && IsDigit(*q)) {
      x = x * 10 + static_cast<uint64_t>(*q - '0');
      ++q;
    }
    size_t n = static_cast<size_t>(q - digits);
    if (n == 0 || n > 18 || (n > 1 && *digits == '0') || !Delimiter(q)) return kNotFast;
    *out = negative ? -static_cast<int64_t>(x) : static_cast<int64_t>(x);
    p_ = q;
    return SUCCESS;
  }

  // Reads true or false.
  error_code Bool(bool* out) {
    SkipSpace();
    if (Word("true")) {
      *out = true;
      return SUCCESS;
    }
    if (Word("false")) {
      *out = false;
      return SUCCESS;
    }
    return kNotFast;
  }

  // Checks and passes over one value of any type.
  error_code Skip();
  // Skips v when the callback left it unread.
  error_code SkipUnread(const Value& v);

 private:
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  static bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  void SkipSpace() {
    while (p_ < end_ && IsSpace(*p_)) ++p_;
  }
  // Passes over c (after whitespace) when it is next.
  bool Take(char c) {
    SkipSpace();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  // What may follow a number or a literal.
  bool Delimiter(const char* q) const {
    return q == end_ || *q == ',' || *q == '}' || *q == ']' || IsSpace(*q);
  }
  template <size_t N>
  bool Word(const char (&word)[N]) {
    constexpr size_t n = N - 1;
    if (static_cast<size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0 || !Delimiter(p_ + n))
      return false;
    p_ += n;
    return true;
  }
  // JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  error_code SkipNumber() {
    const char* q = p_;
    if (q < end_ && *q == '-') ++q;
    if (q < end_ && *q == '0') {
      ++q;
    } else if (q < end_ && *q >= '1' && *q <= '9') {
      while (q < end_ && IsDigit(*q)) ++q;
    } else {
      return kNotFast;
    }
    auto digits = [&]() {
      const char* first = q;
      while (q < end_ && IsDigit(*q)) ++q;
      return q > first;
    };
    if (q < end_ && *q == '.' && (++q, !digits())) return kNotFast;
    if (q < end_ && (*q == 'e' || *q == 'E')) {
      ++q;
      if (q < end_ && (*q == '+' || *q == '-')) ++q;
      if (!digits()) return kNotFast;
    }
    if (!Delimiter(q)) return kNotFast;
    p_ = q;
    return SUCCESS;
  }

  const char* p_;
  const char* end_;
  int depth_ = 0;
};

// One value of an object or array, read at most once; the reader skips it when the
// callback leaves it unread.
class Value {
 public:
  explicit Value(Reader& reader) : reader_(reader) {}
  error_code GetInt(int64_t& out) { return Use().Int(&out); }
  error_code GetString(std::string_view& out) { return Use().String(&out); }
  error_code GetBool(bool& out) { return Use().Bool(&out); }
  template <typename Fn>
  error_code Fields(Fn&& fn) {
    return Use().Fields(fn);
  }
  template <typename Fn>
  error_code Elements(Fn&& fn) {
    return Use().Elements(fn);
  }
  bool read() const { return read_; }

 private:
  Reader& Use() {
    read_ = true;
    return reader_;
  }
  Reader& reader_;
  bool read_ = false;
};

template <typename Fn>
error_code Reader::Fields(Fn&& fn) {
  if (!Take('{') || ++depth_ > kMaxDepth) return kNotFast;
  if (!Take('}')) {
    do {
      std::string_view key;
      if (error_code e = String(&key); e) return e;
      if (!Take(':')) return kNotFast;
      Value v(*this);
      if (error_code e = fn(key, v); e) return e;
      if (error_code e = SkipUnread(v); e) return e;
    } while (Take(','));
    if (!Take('}')) return kNotFast;
  }
  --depth_;
  return SUCCESS;
}

template <typename Fn>
error_code Reader::Elements(Fn&& fn) {
  if (!Take('[') || ++depth_ > kMaxDepth) return kNotFast;
  if (!Take(']')) {
    do {
      Value v(*this);
      if (error_code e = fn(v); e) return e;
      if (error_code e = SkipUnread(v); e) return e;
    } while (Take(','));
    if (!Take(']')) return kNotFast;
  }
  --depth_;
  return SUCCESS;
}

inline error_code Reader::SkipUnread(const Value& v) { return v.read() ? SUCCESS : Skip(); }

inline error_code Reader::Skip() {
  SkipSpace();
  if (p_ >= end_) return kNotFast;
  switch (*p_) {
    case '{':
      return Fields([](std::string_view, Value&) { return SUCCESS; });
    case '[':
      return Elements([](Value&) { return SUCCESS; });
    case '"': {
      std::string_view s;
      return String(&s);
    }
    case 't':
      return Word("true") ? SUCCESS : kNotFast;
    case 'f':
      return Word("false") ? SUCCESS : kNotFast;
    case 'n':
      return Word("null") ? SUCCESS : kNotFast;
    default:
      return SkipNumber();
  }
}

}  // namespace sparkpm::event_log::fast_json
