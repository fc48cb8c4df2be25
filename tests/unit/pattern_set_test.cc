// Tests of PatternSet: one RE2::Set over every log pattern, named captures, error
// messages for bad regexes and duplicate ids, and sample checking.
#include "sparkpm/pattern_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "sparkpm/rule_catalog.h"
#include "test_support.h"

namespace sparkpm {
namespace {

PatternSpec Spec(std::string id, std::string regex, std::vector<std::string> samples = {},
                 int line = 1) {
  PatternSpec s;
  s.id = std::move(id);
  s.regex = std::move(regex);
  s.samples = std::move(samples);
  s.file = "rules/test.yaml";
  s.line = line;
  return s;
}

TEST(PatternSet, MatchesAnywhereInTheLineWithNamedCaptures) {
  auto set = PatternSet::Compile({
      Spec("jvm-oom", R"(java\.lang\.OutOfMemoryError: (?P<kind>.*))"),
      Spec("exit-code", R"(exit code (?P<exit_code>\d+)(?: \((?P<signal>SIG\w+)\))?)"),
  });
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  std::vector<PatternHit> hits;
  ASSERT_TRUE(set->Match("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space",
                         &hits));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].index, 0);
  EXPECT_EQ(hits[0].pattern_id, "jvm-oom");
  ASSERT_EQ(hits[0].captures.size(), 1u);
  EXPECT_EQ(hits[0].captures[0].first, "kind");
  EXPECT_EQ(hits[0].captures[0].second, "Java heap space");

  // A group that does not take part in the match is left out.
  hits.clear();
  ASSERT_TRUE(set->Match("Container exited with exit code 137", &hits));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].pattern_id, "exit-code");
  ASSERT_EQ(hits[0].captures.size(), 1u);
  EXPECT_EQ(hits[0].captures[0].first, "exit_code");
  EXPECT_EQ(hits[0].captures[0].second, "137");

  hits.clear();
  ASSERT_TRUE(set->Match("exit code 143 (SIGTERM)", &hits));
  ASSERT_EQ(hits[0].captures.size(), 2u);
  EXPECT_EQ(hits[0].captures[1].first, "signal");
  EXPECT_EQ(hits[0].captures[1].second, "SIGTERM");
}

TEST(PatternSet, ReportsEveryMatchingPatternInSpecOrderAndAppends) {
  auto set = PatternSet::Compile({
      Spec("b", "heap"),
      Spec("a", "OutOfMemory"),
      Spec("c", "never-there"),
  });
  ASSERT_TRUE(set.ok());
  std::vector<PatternHit> hits(1);  // existing content stays
  hits[0].pattern_id = "earlier";
  ASSERT_TRUE(set->Match("java.lang.OutOfMemoryError: Java heap space", &hits));
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].pattern_id, "earlier");
  EXPECT_EQ(hits[1].pattern_id, "b");
  EXPECT_EQ(hits[2].pattern_id, "a");

  EXPECT_FALSE(set->Match("all good", &hits));
  EXPECT_EQ(hits.size(), 3u);
}

TEST(PatternSet, IsCaseSensitive) {
  auto set = PatternSet::Compile({Spec("oom", "OutOfMemory")});
  ASSERT_TRUE(set.ok());
  std::vector<PatternHit> hits;
  EXPECT_FALSE(set->Match("outofmemory", &hits));
}

TEST(PatternSet, BadRegexNamesFileLineAndId) {
  auto set = PatternSet::Compile({Spec("ok", "fine"), Spec("broken", "(unclosed", {}, 12)});
  ASSERT_FALSE(set.ok());
  std::string msg = set.error().ToString();
  EXPECT_EQ(msg.rfind("rules/test.yaml:12: pattern 'broken': missing )", 0), 0u) << msg;
}

TEST(PatternSet, DuplicateIdsAreAnError) {
  auto set = PatternSet::Compile({Spec("same", "a", {}, 3), Spec("same", "b", {}, 9)});
  ASSERT_FALSE(set.ok());
  std::string msg = set.error().ToString();
  EXPECT_NE(msg.find("rules/test.yaml:9"), std::string::npos) << msg;
  EXPECT_NE(msg.find("duplicate pattern id 'same'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("rules/test.yaml:3"), std::string::npos) << msg;
}

TEST(PatternSet, CheckSamplesReportsSamplesThatDoNotMatch) {
  auto set = PatternSet::Compile({
      Spec("oom", R"(java\.lang\.OutOfMemoryError)",
           {"java.lang.OutOfMemoryError: Java heap space", "OutOfMemoryError alone"}, 7),
      Spec("exit", R"(exit code \d+)", {"exit code 137"}, 20),
  });
  ASSERT_TRUE(set.ok());
  std::vector<std::string> problems = set->CheckSamples();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "rules/test.yaml:7: sample does not match pattern 'oom': OutOfMemoryError alone");
}

TEST(PatternSet, EmptySetMatchesNothing) {
  auto set = PatternSet::Compile({});
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(set->empty());
  std::vector<PatternHit> hits;
  EXPECT_FALSE(set->Match("anything", &hits));
  EXPECT_TRUE(set->CheckSamples().empty());
}

TEST(PatternSet, TwoHundredPatternsCompileAndMatch) {
  std::vector<PatternSpec> specs;
  for (int i = 0; i < 200; ++i) {
    specs.push_back(Spec("p" + std::to_string(i),
                         "(?P<word>[a-z]+)-" + std::to_string(i) + R"(\b.*(?:failed|lost) \w+)"));
  }
  auto set = PatternSet::Compile(std::move(specs));
  ASSERT_TRUE(set.ok()) << set.error().ToString();
  std::vector<PatternHit> hits;
  ASSERT_TRUE(set->Match("task executor-137 was lost forever", &hits));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].pattern_id, "p137");
  EXPECT_EQ(hits[0].captures[0].second, "executor");
  hits.clear();
  EXPECT_FALSE(set->Match("task executor-200 was lost forever", &hits));
}

TEST(PatternSet, BinaryInputDoesNotCrash) {
  auto set = PatternSet::Compile({Spec("any", "(?P<rest>x.*)")});
  ASSERT_TRUE(set.ok());
  std::vector<PatternHit> hits;
  std::string line("a\0b\xff\xfex\xc3(", 9);
  ASSERT_TRUE(set->Match(line, &hits));
  ASSERT_EQ(hits.size(), 1u);
  ASSERT_FALSE(hits[0].captures[0].second.empty());
  EXPECT_EQ(hits[0].captures[0].second[0], 'x');
}

TEST(PatternSet, MovedSetStillMatches) {
  auto set = PatternSet::Compile({Spec("a", "alpha")});
  ASSERT_TRUE(set.ok());
  PatternSet moved = std::move(*set);
  std::vector<PatternHit> hits;
  EXPECT_TRUE(moved.Match("alpha beta", &hits));
  EXPECT_EQ(moved.specs().size(), 1u);
}

}  // namespace
}  // namespace sparkpm

namespace sparkpm {
namespace {

// Lines the scan offers, walking text as the log loader does.
std::vector<size_t> CandidateLines(const PatternSet& set, std::string_view text) {
  std::vector<size_t> lines;
  size_t pos = 0;
  while ((pos = set.NextCandidateLine(text, pos)) != std::string_view::npos) {
    lines.push_back(pos);
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return lines;
}

TEST(PatternSetScan, NeverSkipsALineThatMatchesAcrossEveryRecordedLog) {
  Result<RuleCatalog> catalog = LoadRuleCatalog(std::nullopt);
  ASSERT_TRUE(catalog.ok());
  Result<PatternSet> set = PatternSet::Compile(catalog->patterns);
  ASSERT_TRUE(set.ok());
  // Every line of every recorded incident's logs, plus each pattern's samples with a
  // kubectl timestamp in front and a CRLF ending.
  std::string text;
  for (const auto& f :
       std::filesystem::recursive_directory_iterator(testing::SourceDir() / "testdata/incidents")) {
    if (f.path().extension() != ".log") continue;
    std::ifstream in(f.path(), std::ios::binary);
    text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!text.empty() && text.back() != '\n') text += '\n';
  }
  for (const PatternSpec& p : catalog->patterns) {
    for (const std::string& s : p.samples) text += "2026-03-01T10:00:00.000000000Z " + s + "\r\n";
  }
  ASSERT_GT(text.size(), 100'000u);
  std::vector<size_t> offered = CandidateLines(*set, text);
  size_t matching = 0, lines = 0;
  std::vector<PatternHit> hits;
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    std::string_view line = std::string_view(text).substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++lines;
    hits.clear();
    if (set->Match(line, &hits)) {
      ++matching;
      EXPECT_TRUE(std::binary_search(offered.begin(), offered.end(), start))
          << "the scan skipped a matching line: " << line;
    }
    start = nl + 1;
  }
  EXPECT_GT(matching, 50u);
  // The scan is worth having: it offers few more lines than those that match.
  EXPECT_LT(offered.size(), matching * 2 + 10) << "of " << lines << " lines";
}

TEST(PatternSetScan, AnchoredAndGroupedPatternsStillFindTheirLines) {
  Result<PatternSet> set =
      PatternSet::Compile({Spec("start", "^Lost executor (?P<id>\\d+)$", {"Lost executor 7"}),
                           Spec("class", "[^\\]]x(?P<id>[$a-z]+)\\z", {"]axyz"})});
  ASSERT_TRUE(set.ok());
  std::string text =
      "noise\n2026-03-01T10:00:00Z Lost executor 12\r\nmore noise\nqq axyz\nLost executor 3 x\n";
  std::vector<size_t> offered = CandidateLines(*set, text);
  EXPECT_EQ(offered, (std::vector<size_t>{6, 56}));
  EXPECT_EQ(set->NextCandidateLine(text, text.size()), std::string_view::npos);
}

TEST(PatternSetScan, LiteralsEveryMatchNeedsFindTheirLinesInAnyCase) {
  Result<PatternSet> set = PatternSet::Compile(
      {Spec("oom", "java\\.lang\\.OutOfMemoryError: (?P<kind>.+)",
            {"java.lang.OutOfMemoryError: Java heap space"}),
       Spec("exit", "exited with exit code (?P<code>52|137)\\b", {"exited with exit code 137"})});
  ASSERT_TRUE(set.ok());
  const std::string text =
      "INFO fine\n"
      "ERROR JAVA.LANG.OUTOFMEMORYERROR: upper case, offered but no match\n"
      "WARN exited with exit code 1\n"
      "noise java.lang.OutOfMemory\n"
      "x exited with exit code 137\n"
      "tail without newline java.lang.OutOfMemoryError: Metaspace";
  std::vector<size_t> offered = CandidateLines(*set, text);
  EXPECT_EQ(offered,
            (std::vector<size_t>{text.find("ERROR"), text.find("x exited"), text.find("tail")}));
  // A literal cut by the end of the text, and a pos past every literal.
  EXPECT_EQ(set->NextCandidateLine("java.lang.OutOfMemoryErr", 0), std::string_view::npos);
  EXPECT_EQ(set->NextCandidateLine(text, text.find("tail") + 1), text.find("tail") + 1);
}

// The scan looks at 32 positions at a time and the last few bytes one by one, and looks
// for each literal's rarest bytes, not its first: a literal is found at every place, at
// the end of the text, and next to near misses.
TEST(PatternSetScan, FindsALiteralAtEveryPositionOfALongText) {
  Result<PatternSet> set = PatternSet::Compile(
      {Spec("hb", "Removing executor (?P<id>\\d+) with no recent heartbeats",
            {"Removing executor 3 with no recent heartbeats"}),
       Spec("oom", "java\\.lang\\.OutOfMemoryError", {"java.lang.OutOfMemoryError"})});
  ASSERT_TRUE(set.ok());
  const std::string noise = "with no recent heartbeat java.lang.OutOfMemoryErro with no recen ";
  for (const std::string literal : {" with no recent heartbeats", "JAVA.LANG.OUTOFMEMORYERROR"}) {
    for (size_t at = 0; at < 100; ++at) {
      std::string line;
      while (line.size() < at) line += noise;
      line.resize(at);
      line += literal;
      for (size_t tail : {size_t{0}, size_t{1}, size_t{40}}) {
        const std::string text = "first line\n" + line + std::string(tail, 'z');
        EXPECT_EQ(set->NextCandidateLine(text, 0), 11u) << literal << " at " << at << "+" << tail;
        EXPECT_EQ(set->NextCandidateLine(text, 11 + at), 11 + at);
        EXPECT_EQ(set->NextCandidateLine(text, 12 + at), std::string_view::npos);
      }
      std::string miss = line.substr(0, at) + literal.substr(0, literal.size() - 1) + "\n";
      EXPECT_EQ(set->NextCandidateLine(miss, 0), std::string_view::npos) << literal << " at " << at;
    }
  }
}

TEST(PatternSetScan, AnEmptySetOffersNoLine) {
  Result<PatternSet> set = PatternSet::Compile({});
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->NextCandidateLine("anything\n", 0), std::string_view::npos);
}

}  // namespace
}  // namespace sparkpm
