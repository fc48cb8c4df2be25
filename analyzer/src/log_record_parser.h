// Reading one log line: the kubectl --timestamps prefix, log4j text headers
// ("yy/MM/dd HH:mm:ss[.SSS] [thread] LEVEL Logger: message", ISO dates, a bare
// "LEVEL Logger: message"), Spark 4 JSON layout lines, Java exception names and stack
// trace continuation lines. Pure functions over string views (no allocation, no I/O;
// only JsonLogLineParser keeps reusable buffers) so that each can be unit-tested and
// fuzzed; LogLoader assembles records from them.
//
//   ParsedLogLine p = ParseLogLine("2026-11-21T10:42:00.123456789Z 26/11/21 10:42:00 "
//                                  "ERROR Executor: Exception in task 0.0");
//   // p.kubectl_ms, p.body == "26/11/21 10:42:00 ERROR ...", p.header.level == "ERROR"
//   auto e = ParseExceptionLine("java.lang.OutOfMemoryError: Java heap space");
//   // e->class_name == "java.lang.OutOfMemoryError", e->message == "Java heap space"
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sparkpm {

// Returns the canonical level (TRACE, DEBUG, INFO, WARN, ERROR, FATAL) for a level
// word as log layouts print it ("WARNING" -> "WARN"), or an empty view. The returned
// view points to static storage.
std::string_view CanonicalLogLevel(std::string_view word);

// A Java/Scala exception named in a line, e.g. "java.lang.OutOfMemoryError: Java heap
// space". message is empty (has_message false) for "java.lang.OutOfMemoryError" alone.
struct ExceptionName {
  std::string_view class_name;
  std::string_view message;
  bool has_message = false;
};

// Parses a line that is an exception header from its first character: a dotted name
// whose last part ends in Exception/Error/Throwable, followed by ": message" or the end
// of the line; or a package-qualified class name (lower-case packages, upper-case
// class) followed by ": message".
std::optional<ExceptionName> ParseExceptionLine(std::string_view line);

// Finds the first exception class named anywhere in text (a dotted name ending in
// Exception/Error/Throwable followed by ':' or the end of the text), e.g. in
// "Lost task 0.0 (TID 1): java.lang.OutOfMemoryError: Java heap space".
std::optional<ExceptionName> FindExceptionInText(std::string_view text);

// How a line that starts no record relates to the record before it.
enum class ContinuationKind {
  kNone,        // not a continuation line
  kIndented,    // starts with a space or tab ("\tat ...", "\t... 12 more", "\tSuppressed: ")
  kStackFrame,  // "at org.x.Y.method(Y.java:12)" without indentation
  kCausedBy,    // "Caused by: java.io.IOException: ..."
  kSuppressed,  // "Suppressed: ..."
  kMore,        // "... 12 more"
};

// Classifies a line as a stack-trace continuation, or kNone.
ContinuationKind ClassifyContinuation(std::string_view line);

// A timestamp at the start of a line, as ISO 8601 / RFC 3339.
struct IsoTimePrefix {
  int64_t time_ms = 0;
  size_t length = 0;      // characters used by the timestamp
  int frac_digits = 0;    // digits after the seconds' '.' or ','
  bool has_t = false;     // 'T' between date and time (else a space)
  bool has_zone = false;  // ends in 'Z' or an offset
};

// Reads "YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|+HH:MM]" at the start of text, followed by a
// space or the end of text. Times without zone are UTC.
std::optional<IsoTimePrefix> ParseIsoTimePrefix(std::string_view text);

// The "RFC3339Nano " prefix that kubectl logs --timestamps puts before each line.
struct KubectlStamp {
  int64_t time_ms = 0;
  int frac_digits = 0;
  std::string_view rest;  // the line as the container wrote it
};

// Splits a kubectl timestamp prefix ("2026-11-21T10:42:00.123456789Z ") off a line.
std::optional<KubectlStamp> SplitKubectlTimestamp(std::string_view line);

// The header of a log4j-style text line. Views point into the parsed line.
struct TextHeader {
  std::optional<int64_t> time_ms;  // layout time, read as UTC when it has no zone
  std::string_view level;          // canonical level, empty when none
  std::string_view thread;         // empty when the layout prints none
  std::string_view logger;         // empty when none
  std::string_view message;        // the rest of the line
};

// Parses a text header: a log4j or ISO time followed by an optional thread, a level
// and "Logger: message"; or, without time, a strict "LEVEL Logger: message". Returns
// nullopt when the line starts no record.
std::optional<TextHeader> ParseTextHeader(std::string_view line);

// What a physical line looks like.
enum class LineLayout {
  kPlain,          // no header: continuation or free text
  kText,           // log4j-style text header (header is set)
  kJsonCandidate,  // body starts with '{': try JsonLogLineParser
};

struct ParsedLogLine {
  std::string_view body;              // the line without the kubectl prefix
  std::optional<int64_t> kubectl_ms;  // time of the kubectl prefix
  LineLayout layout = LineLayout::kPlain;
  TextHeader header;  // valid for kText
};

// Reads the kubectl prefix and the text header of one physical line (no '\n' or
// trailing '\r').
ParsedLogLine ParseLogLine(std::string_view line);

// A Spark 4 JSON layout event (SparkLayout.json): ts, level, msg, logger, exception.
// Views are valid until the next Parse() on the same parser.
struct JsonLogLine {
  std::optional<int64_t> time_ms;
  std::string_view level;  // canonical, empty when absent or unknown
  std::string_view logger;
  std::string_view thread;
  std::string_view message;
  std::string_view exception_class;
  std::string_view exception_message;
  bool has_exception_message = false;
  std::string_view stack;  // frames rendered as "\tat class.method(file:line)" lines
};

// Parses JSON layout lines with one reused simdjson parser and buffers.
class JsonLogLineParser {
 public:
  // Parses line as one JSON log event; false when it is not a JSON object holding at
  // least one of ts, level or msg.
  bool Parse(std::string_view line, JsonLogLine* out);

 private:
  simdjson::dom::parser parser_;
  std::string padded_;  // line copy with simdjson's padding
  std::string stack_;   // rendered stack frames
};

// Returns the longest prefix of text no longer than max_bytes that does not end
// inside a UTF-8 sequence (when text is valid UTF-8).
std::string_view CapUtf8(std::string_view text, size_t max_bytes);

}  // namespace sparkpm
