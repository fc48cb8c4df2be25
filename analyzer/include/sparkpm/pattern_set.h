// The log patterns of every rule file compiled into one RE2::Set, so that each log
// line is scanned once for all patterns; only the patterns the set reports are then
// run individually to extract their named groups.
//
//   auto set = PatternSet::Compile(specs);          // Result<PatternSet>
//   std::vector<PatternHit> hits;
//   set->Match("java.lang.OutOfMemoryError: Java heap space", &hits);
//   // hits[0].pattern_id == "jvm-oom", hits[0].captures == {{"kind","Java heap space"}}
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sparkpm/status.h"

namespace re2 {
class RE2;
class Set;
}  // namespace re2

namespace sparkpm {

class LiteralScan;

// A pattern as written in rules/<runbook>.yaml.
struct PatternSpec {
  std::string id;                    // unique across all rule files
  std::string regex;                 // RE2 syntax, named groups (?P<name>...)
  std::vector<std::string> samples;  // lines that must match
  std::string file;                  // rule file it came from (for messages)
  int line = 0;                      // line of the pattern in that file
};

struct PatternHit {
  int index = 0;  // index into the spec list
  std::string pattern_id;
  std::vector<std::pair<std::string, std::string>> captures;  // named groups that matched
};

class PatternSet {
 public:
  // Compiles every pattern (unanchored, case-sensitive) into one set. An invalid
  // regex is an Error naming file:line and RE2's message.
  static Result<PatternSet> Compile(std::vector<PatternSpec> specs);

  PatternSet(PatternSet&&) noexcept;
  PatternSet& operator=(PatternSet&&) noexcept;
  ~PatternSet();

  // Appends the patterns matching line to hits (in spec order). Returns true if any.
  bool Match(std::string_view line, std::vector<PatternHit>* hits) const;
  // Returns the offset of the first line of text, from offset pos (a line start) on,
  // on which some pattern may match, or npos when none can. One pass over many lines
  // instead of one Match call per line: a line it skips cannot match (lines of text end
  // with '\n'); a line it returns still goes through Match. The pass looks for the
  // literals every match must contain when each pattern has some, else runs a DFA.
  size_t NextCandidateLine(std::string_view text, size_t pos) const;
  // Replaces *starts with the offsets of every candidate line of text, in order (text
  // may begin inside a line: offset 0 stands for that partial line).
  void CandidateLines(std::string_view text, std::vector<size_t>* starts) const;
  // Checks every sample of every spec; returns one message per sample that does not
  // match its own pattern ("rules/x.yaml:12: sample does not match pattern 'id': ...").
  std::vector<std::string> CheckSamples() const;

  const std::vector<PatternSpec>& specs() const { return specs_; }
  bool empty() const { return specs_.empty(); }

 private:
  PatternSet();
  // Builds literals_ and scan_ from specs_ (each left null when a pattern cannot take
  // part).
  void CompileScan();
  std::vector<PatternSpec> specs_;
  std::vector<std::unique_ptr<re2::RE2>> regexes_;
  std::unique_ptr<re2::Set> set_;
  // Every pattern in one alternation, multi-line, without groups or start anchors:
  // matches wherever a pattern could match a line. Null: every line is a candidate.
  std::unique_ptr<re2::RE2> scan_;
  // The literals at least one of which any line a pattern matches contains (RE2's
  // prefilter atoms, ASCII case folded). Null: the scan_ DFA finds candidate lines.
  std::unique_ptr<LiteralScan> literals_;
};

}  // namespace sparkpm
