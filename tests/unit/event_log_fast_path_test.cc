// The fast reader of task events (event_log_fast_json.h) against simdjson: every line is
// parsed both ways and must give the same error, kind, time and event. The lines are the
// event logs of testdata/ and the corpus, hand-written edge cases, and mutations of real
// task events.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "event_log_events.h"
#include "sparkpm/event_log_codecs.h"
#include "test_support.h"

namespace sparkpm::event_log {
namespace {

namespace fs = std::filesystem;
using testing::CorpusDir;
using testing::ReadFile;
using testing::SourceDir;

struct Compared {
  int lines = 0;
  int task_lines = 0;
  int read_fast = 0;
};

// Parses line with and without the fast reader and expects the same outcome.
void ExpectSameBothWays(std::string_view line, const std::string& where, Compared* counts) {
  simdjson::padded_string padded(line);
  const size_t capacity = padded.size() + simdjson::SIMDJSON_PADDING;
  EventParser fast;
  EventParser slow;
  slow.UseFastPath(false);
  EventKind fast_kind = EventKindOf(line);
  EventKind slow_kind = fast_kind;
  simdjson::error_code fast_error = fast.Parse(padded, capacity, &fast_kind);
  simdjson::error_code slow_error = slow.Parse(padded, capacity, &slow_kind);
  ++counts->lines;
  if (fast.read_fast()) ++counts->read_fast;
  const bool task = slow_kind == EventKind::kTaskEnd || slow_kind == EventKind::kTaskStart ||
                    slow_kind == EventKind::kTaskGettingResult;
  if (task) ++counts->task_lines;
  ASSERT_EQ(simdjson::error_message(fast_error), simdjson::error_message(slow_error))
      << where << ": " << line;
  ASSERT_EQ(fast_kind, slow_kind) << where;
  if (slow_error != simdjson::SUCCESS) return;
  EXPECT_EQ(fast.time_ms(), slow.time_ms()) << where << ": " << line;
  if (slow_kind == EventKind::kTaskEnd) {
    EXPECT_TRUE(fast.task_end() == slow.task_end()) << where << ": " << line;
  } else if (task) {
    EXPECT_TRUE(fast.task_start() == slow.task_start()) << where << ": " << line;
  }
}

// Decodes an event log file (plain, zstd or lz4) and compares each of its lines.
void CompareFile(const fs::path& path, Compared* counts) {
  std::string raw = ReadFile(path);
  EventLogCodec codec = DetectEventLogCodec(path.string(), std::string_view(raw).substr(0, 4096));
  std::string text;
  if (codec == EventLogCodec::kPlain) {
    text = std::move(raw);
  } else {
    auto decoder = EventLogDecoder::Create(codec);
    if (!decoder) return;  // a codec this build does not read
    struct Collect : DecodedSink {
      std::string* out;
      Status Write(std::string_view b) override {
        out->append(b);
        return Ok();
      }
    } sink;
    sink.out = &text;
    // A damaged or cut stream (spark-events-broken) still gives the lines before the damage.
    (void)(*decoder)->Decode(raw, sink);
  }
  size_t start = 0;
  int line_no = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_no;
    std::string_view line(text.data() + start, end - start);
    if (!line.empty()) {
      ExpectSameBothWays(line, path.string() + ":" + std::to_string(line_no), counts);
      if (::testing::Test::HasFailure()) return;  // one line per file tells enough
    }
    start = end + 1;
  }
}

// Every regular file under folder whose first bytes look like an event log.
std::vector<fs::path> EventLogsUnder(const fs::path& folder) {
  std::vector<fs::path> out;
  if (!fs::exists(folder)) return out;
  for (const auto& e : fs::recursive_directory_iterator(folder)) {
    if (!e.is_regular_file() || e.is_symlink()) continue;
    const std::string name = e.path().filename().string();
    if (name.ends_with(".json") || name.ends_with(".md") || name.ends_with(".yaml") ||
        name.ends_with(".log") || name.starts_with("appstatus_")) {
      continue;
    }
    std::string head = ReadFile(e.path()).substr(0, 4096);
    EventLogCodec codec = DetectEventLogCodec(e.path().string(), head);
    if (codec != EventLogCodec::kPlain || head.starts_with("{\"Event\":")) out.push_back(e.path());
  }
  return out;
}

TEST(EventLogFastPath, TestdataEventLogsReadTheSameBothWays) {
  Compared counts;
  std::vector<fs::path> logs = EventLogsUnder(SourceDir() / "testdata");
  ASSERT_GE(logs.size(), 4u);
  for (const fs::path& log : logs) CompareFile(log, &counts);
  EXPECT_GT(counts.task_lines, 50);
  // Nearly every task line is plain: the fast reader must take them.
  EXPECT_GE(counts.read_fast * 10, counts.task_lines * 9)
      << counts.read_fast << " of " << counts.task_lines << " task lines read fast";
}

TEST(EventLogFastPath, CorpusEventLogsReadTheSameBothWays) {
  SPARKPM_REQUIRE_CORPUS();
  Compared counts;
  int files = 0;
  for (const char* folder : {"spark-events", "spark-events-broken", "spark-events-external",
                             "spark-events-historical", "spark-events-sql"}) {
    for (const fs::path& log : EventLogsUnder(CorpusDir() / folder)) {
      CompareFile(log, &counts);
      ++files;
    }
  }
  EXPECT_GT(files, 20);
  EXPECT_GT(counts.task_lines, 1000);
  EXPECT_GT(counts.read_fast, counts.task_lines / 2)
      << counts.read_fast << " of " << counts.task_lines << " task lines read fast";
}

// A task end as Spark 3.5 writes it, with one field of every kind the reader handles.
constexpr std::string_view kTaskEnd =
    R"({"Event":"SparkListenerTaskEnd","Stage ID":3,"Stage Attempt ID":1,"Task Type":"ResultTask",)"
    R"("Task End Reason":{"Reason":"FetchFailed","Block Manager Address":{"Executor ID":"7",)"
    R"("Host":"10.1.2.3","Port":7337},"Shuffle ID":2,"Map ID":41,"Map Index":5,"Reduce ID":9,)"
    R"("Message":"Failed to connect"},"Task Info":{"Task ID":1234,"Index":17,"Attempt":2,)"
    R"("Partition ID":17,"Launch Time":1700000000123,"Executor ID":"4","Host":"10.1.2.4",)"
    R"("Locality":"PROCESS_LOCAL","Speculative":true,"Getting Result Time":0,)"
    R"("Finish Time":1700000004567,"Failed":true,"Killed":false,"Accumulables":[{"ID":1,)"
    R"("Name":"x","Update":1.5e3,"Value":-0.25,"Internal":false,"Count Failed Values":true,)"
    R"("Metadata":null}]},"Task Executor Metrics":{"JVMHeapMemory":123,"TotalGCTime":45},)"
    R"("Task Metrics":{"Executor Deserialize Time":1,"Executor Run Time":4000,)"
    R"("Executor CPU Time":3000000000,"Result Size":10,"JVM GC Time":20,)"
    R"("Memory Bytes Spilled":-1,"Shuffle Read Metrics":{"Remote Blocks Fetched":3,)"
    R"("Fetch Wait Time":5,"Remote Bytes Read":100},"Shuffle Write Metrics":)"
    R"({"Shuffle Bytes Written":7},"Input Metrics":{"Bytes Read":8,"Records Read":9},)"
    R"("Output Metrics":{"Bytes Written":0,"Records Written":0},"Updated Blocks":[]}})";

TEST(EventLogFastPath, APlainTaskEndIsReadFastAndFully) {
  simdjson::padded_string padded(kTaskEnd);
  EventParser parser;
  EventKind kind = EventKindOf(kTaskEnd);
  ASSERT_EQ(parser.Parse(padded, padded.size() + simdjson::SIMDJSON_PADDING, &kind),
            simdjson::SUCCESS);
  EXPECT_TRUE(parser.read_fast());
  const TaskEndEvent& t = parser.task_end();
  EXPECT_EQ(t.stage_id, 3);
  EXPECT_EQ(t.stage_attempt, 1);
  EXPECT_EQ(t.reason.reason, "FetchFailed");
  EXPECT_TRUE(t.reason.has_block_manager);
  EXPECT_EQ(t.reason.bm_port, 7337);
  EXPECT_EQ(t.reason.map_index, 5);
  EXPECT_EQ(t.info.task_id, 1234);
  EXPECT_EQ(t.info.finish_ms, 1700000004567);
  EXPECT_TRUE(t.info.speculative);
  EXPECT_TRUE(t.metrics.present);
  EXPECT_EQ(t.metrics.executor_cpu_time, 3000000000);
  EXPECT_EQ(t.metrics.memory_bytes_spilled, -1);
  EXPECT_EQ(t.metrics.shuffle_remote_bytes_read, 100);
  EXPECT_EQ(t.executor_metrics.Get(kTotalGcTime), 45);
  EXPECT_EQ(parser.time_ms(), 1700000004567);
  Compared counts;
  ExpectSameBothWays(kTaskEnd, "kTaskEnd", &counts);
}

// Lines the fast reader must leave to simdjson (or read exactly as simdjson does).
TEST(EventLogFastPath, EdgeCasesReadTheSameBothWays) {
  const std::string start = R"({"Event":"SparkListenerTaskStart","Stage ID":1,"Task Info":)";
  const std::string end = R"({"Event":"SparkListenerTaskEnd","Stage ID":1,)";
  const std::vector<std::string> lines = {
      start + R"({"Task ID":1,"Host":"h\u00e9","Launch Time":5}})",         // escape
      start + R"({"Task ID":1,"Host":"h\"q","Launch Time":5}})",            // escaped quote
      start + "{\"Task ID\":1,\"Host\":\"h\xc3\xa9\",\"Launch Time\":5}}",  // UTF-8
      start + "{\"Task ID\":1,\"Host\":\"h\xff\",\"Launch Time\":5}}",      // bad UTF-8
      start + "{\"Task ID\":1,\"Host\":\"a\tb\",\"Launch Time\":5}}",       // raw tab
      start + R"({"Task ID":1.0,"Launch Time":5}})",                        // whole double
      start + R"({"Task ID":1.5e2,"Launch Time":5}})",                      // exponent
      start + R"({"Task ID":007,"Launch Time":5}})",                        // leading zeros
      start + R"({"Task ID":-0,"Launch Time":5}})",                         // minus zero
      start + R"({"Task ID":123456789012345678,"Launch Time":5}})",         // 18 digits
      start + R"({"Task ID":1234567890123456789,"Launch Time":5}})",        // 19 digits
      start + R"({"Task ID":99999999999999999999,"Launch Time":5}})",       // out of range
      start + R"({"Task ID":"12","Launch Time":5}})",                       // string for int
      start + R"({"Task ID":null,"Host":null,"Launch Time":5}})",           // nulls
      start + R"({"Task ID":1,"Speculative":"yes","Launch Time":5}})",      // string for bool
      start + R"({"Task ID":1,"Speculative":1,"Launch Time":5}})",          // int for bool
      start + R"({"Task ID":1,"Host":7,"Launch Time":5}})",                 // int for string
      start + R"({"Task ID":1,"Task ID":2,"Launch Time":5}})",              // duplicate key
      start + R"({}})",                                                     // empty object
      start + R"([]})",                                                     // array, not object
      start + R"("x"})",                                                    // string, not object
      start + R"({"Task ID":1} } )",                                        // trailing space
      start + R"({"Task ID":1}}x)",                                         // trailing bytes
      start + R"({"Task ID":1}}{"Task ID":2})",                             // second object
      start + R"({"Task ID":1})",                                           // unclosed
      start + R"({"Task ID":1,})",                                          // trailing comma
      start + R"({"Task ID":1 "Attempt":2}})",                              // missing comma
      start + R"({"Task ID" 1}})",                                          // missing colon
      start + R"({"Task ID":tru}})",                                        // bad literal
      start + R"({"Task ID":1,"X":nul}})",                                  // bad skipped literal
      start + R"({"Task ID":1,"X":[1,2,}})",                                // bad skipped array
      start + R"({"Task ID":1,"X":-}})",                                    // bad number
      start + R"({"Task ID":1,"X":1.}})",                                   // bad fraction
      start + R"({"Task ID":1,"X":1e}})",                                   // bad exponent
      start + R"({"Task ID":1,"X":"unterminated}})",                        // open string
      start +
          R"({"Task ID":1,"X":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}})",
      start + " { \"Task ID\" : 1 ,\n\"Launch Time\"\r:\t5 } } ",  // whitespace
      end + R"("Task End Reason":{"Reason":"ExceptionFailure","Class Name":"java.io.IOException",)"
            R"("Description":"disk","Stack Trace":[{"Declaring Class":"A","Method Name":"m",)"
            R"("File Name":"A.java","Line Number":3},{"Declaring Class":"B","Method Name":"n",)"
            R"("File Name":null,"Line Number":-2}],"Full Stack Trace":"java.io.IOException: )"
            R"j(disk\n\tat A.m(A.java:3)"},"Task Info":{"Task ID":9,"Finish Time":77}})j",
      end + R"("Task End Reason":{"Reason":"ExecutorLostFailure","Executor ID":"3",)"
            R"("Exit Caused By App":true,"Loss Reason":"Container killed"},"Task Info":{}})",
      end + R"("Task End Reason":{"Reason":"ExecutorLostFailure","Exit Caused By App":"no"}})",
      end +
          R"("Task End Reason":{"Reason":"TaskKilled","Kill Reason":"another attempt succeeded"}})",
      end + R"("Task End Reason":{"Reason":"FetchFailed","Block Manager Address":null}})",
      end + R"("Task End Reason":{"Reason":"FetchFailed","Block Manager Address":{}}})",
      end + R"("Task Metrics":null})",
      end + R"("Task Metrics":{}})",
      end + R"("Task Metrics":{"Shuffle Read Metrics":[]}})",
      end + R"("Task Executor Metrics":{"TotalGCTime":5,"JVMHeapMemory":6,"Unknown":7}})",
      end + R"("Task Executor Metrics":{"TotalGCTime":1.5}})",
      R"({"Event":"SparkListenerTaskGettingResult","Task Info":{"Task ID":4,"Launch Time":3}})",
      R"({"Stage ID":1,"Event":"SparkListenerTaskEnd"})",
      R"({"Event":"SparkListenerTaskEnd"})",
      R"({"Event":"SparkListenerTaskEnd")",
      R"({"Event":"SparkListenerTaskEnd",)",
  };
  Compared counts;
  for (size_t i = 0; i < lines.size(); ++i) {
    ExpectSameBothWays(lines[i], "edge case " + std::to_string(i), &counts);
  }
  EXPECT_GT(counts.read_fast, 5);
  EXPECT_LT(counts.read_fast, counts.lines);
}

// Single-byte changes, deletions and insertions anywhere in a real task end, with the
// bytes that matter to a JSON reader.
TEST(EventLogFastPath, MutatedTaskEndsReadTheSameBothWays) {
  const std::string base(kTaskEnd);
  const std::string bytes = "\"\\{}[],:0-1.eE +tfn\x80\xff\x01\t\n";
  std::mt19937 random(20261121);
  Compared counts;
  for (int i = 0; i < 4000; ++i) {
    std::string line = base;
    const size_t at = random() % line.size();
    const char byte = bytes[random() % bytes.size()];
    switch (i % 3) {
      case 0:
        line[at] = byte;
        break;
      case 1:
        line.erase(at, 1 + random() % 3);
        break;
      default:
        line.insert(at, 1, byte);
        break;
    }
    ExpectSameBothWays(line, "mutation " + std::to_string(i), &counts);
    if (::testing::Test::HasFailure()) return;
  }
  // Most mutations break the line or take it off the fast path; some keep it on.
  EXPECT_GT(counts.read_fast, 100);
  EXPECT_LT(counts.read_fast, counts.lines);
}

}  // namespace
}  // namespace sparkpm::event_log
