// The part of reading a log that needs no state from the lines before: where each line of
// a chunk ends, its layout, level and time, whether its header's message names an
// exception, and whether a pattern may match it. PrepareLogChunk runs on whichever thread
// has time (ReadAhead's prepare step), so that the thread feeding LogLoader only assembles
// records. What a prepared line keeps is small (the few records stored parse their header
// line again), so that preparing costs little memory traffic.
//
//   PreparedLogChunk prepared;
//   PrepareLogChunk(patterns, chunk, limits.max_line_bytes, &prepared);
//   loader.Feed(chunk, prepared);
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "log_record_parser.h"
#include "sparkpm/pattern_set.h"

namespace sparkpm {

// What assembling records needs to know of one physical line.
struct LogLineFacts {
  std::string_view raw;   // the line without '\n' and a trailing '\r'
  std::string_view body;  // raw without the kubectl prefix
  LineLayout layout = LineLayout::kPlain;
  std::optional<int64_t> kubectl_ms;
  std::optional<int64_t> time_ms;  // kText: the kubectl time, else the header's
  std::string_view level;          // kText: canonical level, or empty
  bool message_exception = false;  // kText: FindExceptionInText(header.message) finds one
};

// The facts of one line from its parse.
LogLineFacts FactsOf(std::string_view raw, const ParsedLogLine& p);

struct PreparedLogChunk {
  struct Line {
    size_t end = 0;            // offset of the line's '\n' in the chunk
    uint32_t body_offset = 0;  // where the body starts in the line
    uint8_t layout = 0;        // LineLayout
    uint8_t level = 0;         // index into kPreparedLevels
    uint8_t flags = 0;         // kParsed | kCandidate | ...
    int64_t time_ms = 0;       // valid with kHasTime
  };
  static constexpr uint8_t kParsed = 1;     // else longer than the limit: the feeder cuts it
  static constexpr uint8_t kCandidate = 2;  // the line scan found that a pattern may match it
  static constexpr uint8_t kCr = 4;         // ends in '\r' before the '\n'
  static constexpr uint8_t kHasKubectl = 8;
  static constexpr uint8_t kHasTime = 16;
  static constexpr uint8_t kMessageException = 32;

  // Every line of the chunk that ends in it: the first line_count entries of lines (the
  // vector only grows, so that its entries are reused from chunk to chunk). The first may
  // continue a line begun in the chunk before; the feeder knows, and parses that one
  // again whole.
  std::vector<Line> lines;
  size_t line_count = 0;
  std::vector<size_t> candidate_starts;  // PatternSet::CandidateLines of the chunk

  // The facts of a parsed line that starts at start.
  static LogLineFacts Facts(std::string_view chunk, size_t start, const Line& line);
};

// Fills *out for chunk; lines longer than max_line_bytes are left unparsed. Safe to run
// on any thread (patterns is only read).
void PrepareLogChunk(const PatternSet& patterns, std::string_view chunk, size_t max_line_bytes,
                     PreparedLogChunk* out);

}  // namespace sparkpm
