// Tests of LogLoader: line splitting across chunks, time and header parsing, stack
// trace folding, the storage policy, pattern matches, limits and hostile bytes.
#include "sparkpm/log_loader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../../analyzer/src/log_chunk.h"
#include "test_support.h"

namespace sparkpm {
namespace {

using testing::NewDatabase;
using testing::QueryColumn;
using testing::QueryInt;

// 2026-11-21T10:42:00Z in epoch milliseconds.
constexpr int64_t kT0 = 1795257720000;

PatternSpec Spec(std::string id, std::string regex) {
  PatternSpec s;
  s.id = std::move(id);
  s.regex = std::move(regex);
  s.file = "rules/test.yaml";
  s.line = 1;
  return s;
}

PatternSet Patterns(std::vector<PatternSpec> specs) {
  auto set = PatternSet::Compile(std::move(specs));
  EXPECT_TRUE(set.ok()) << set.error().ToString();
  return std::move(*set);
}

PatternSet DefaultPatterns() {
  return Patterns({
      Spec("jvm-oom", R"(java\.lang\.OutOfMemoryError: (?P<kind>[^\r\n]*))"),
      Spec("exit-code", R"(exit code (?P<exit_code>\d+)(?:\((?P<signal>SIG\w+))?)"),
  });
}

struct LoadSpec {
  std::string path = "logs/app-exec-1/spark-kubernetes-executor.log";
  size_t chunk = 0;    // 0: the whole text at once
  bool marks = false;  // feed each chunk prepared beforehand (PrepareLogChunk)
  LogOptions options;
  LoadLimits limits;
};

// Loads text as one log file into db and returns the summary.
LogFileSummary Load(Database& db, std::string_view text, const PatternSet& patterns,
                    const LoadSpec& spec = {}) {
  LoadContext ctx(db, spec.limits);
  LogLoader loader(ctx, patterns, spec.options);
  Status s = loader.Begin(LogFileInfoFromPath(spec.path));
  EXPECT_TRUE(s.ok()) << s.error().ToString();
  size_t step = spec.chunk == 0 ? std::max<size_t>(text.size(), 1) : spec.chunk;
  PreparedLogChunk prepared;
  for (size_t i = 0; i < text.size(); i += step) {
    std::string_view piece = text.substr(i, step);
    if (spec.marks) {
      PrepareLogChunk(patterns, piece, spec.limits.max_line_bytes, &prepared);
      loader.Feed(piece, prepared);
    } else {
      loader.Feed(piece);
    }
  }
  return loader.Finish();
}

// Renders every row of a table (text as hex, so NUL bytes survive) in a fixed order.
std::vector<std::string> Dump(Database& db, const std::string& table, const std::string& order) {
  std::vector<std::string> rows;
  auto st = db.Prepare("SELECT * FROM " + table + " ORDER BY " + order);
  EXPECT_TRUE(st.ok());
  if (!st) return rows;
  while (true) {
    auto r = st->Step();
    if (!r.ok() || !*r) break;
    std::string row;
    for (int c = 0; c < st->ColumnCount(); ++c) {
      if (st->IsNull(c)) {
        row += "NULL";
      } else {
        std::string v = st->ColumnText(c);
        static const char* kHex = "0123456789abcdef";
        for (unsigned char ch : v) {
          row += kHex[ch >> 4];
          row += kHex[ch & 15];
        }
      }
      row += '|';
    }
    rows.push_back(row);
  }
  return rows;
}

// Every table the log loader writes, dumped.
std::vector<std::string> DumpLogTables(Database& db) {
  std::vector<std::string> all;
  for (auto [table, order] : std::vector<std::pair<std::string, std::string>>{
           {"log_files", "file_id"},
           {"log_records", "file_id, line"},
           {"pattern_matches", "file_id, match_line, pattern_id"},
           {"load_errors", "id"}}) {
    all.push_back("== " + table);
    for (std::string& row : Dump(db, table, order)) all.push_back(std::move(row));
  }
  return all;
}

TEST(LogFileInfoFromPath, SplitsPodContainerAndPrevious) {
  LogFileInfo a = LogFileInfoFromPath("logs/etl-exec-7/spark-kubernetes-executor.previous.log");
  EXPECT_EQ(a.path, "logs/etl-exec-7/spark-kubernetes-executor.previous.log");
  EXPECT_EQ(a.pod, "etl-exec-7");
  EXPECT_EQ(a.container, "spark-kubernetes-executor");
  EXPECT_TRUE(a.previous);

  LogFileInfo b = LogFileInfoFromPath("logs/etl-driver/spark-kubernetes-driver.log");
  EXPECT_EQ(b.pod, "etl-driver");
  EXPECT_EQ(b.container, "spark-kubernetes-driver");
  EXPECT_FALSE(b.previous);

  for (const char* other : {"driver.log", "logs/driver.log", "logs/a/b/c.log", "logs//c.log",
                            "logs/p/.log", "logs/p/c.txt", "eventlogs/p/c.log"}) {
    LogFileInfo c = LogFileInfoFromPath(other);
    EXPECT_EQ(c.path, other);
    EXPECT_FALSE(c.pod) << other;
    EXPECT_FALSE(c.container) << other;
    EXPECT_FALSE(c.previous) << other;
  }
}

// A log using every feature: kubectl prefixes, CRLF, a stack trace, a JSON line, a
// line over the limit, hostile bytes and no final newline.
std::string MixedLog() {
  std::string log =
      "2026-11-21T10:42:00.000000000Z 26/11/21 10:42:00 INFO Executor: Running task 0.0 in "
      "stage 1.0 (TID 1)\r\n"
      "2026-11-21T10:42:01.500000000Z 26/11/21 10:42:01 ERROR Executor: Exception in task 0.0 "
      "in stage 1.0 (TID 1)\n"
      "2026-11-21T10:42:01.500000001Z java.lang.OutOfMemoryError: Java heap space\n"
      "2026-11-21T10:42:01.500000002Z \tat org.acme.Big.alloc(Big.java:10)\n"
      "2026-11-21T10:42:01.6Z Caused by: java.io.IOException: disk\n"
      "2026-11-21T10:42:01.7Z \t... 3 more\n"
      "2026-11-21T10:42:02Z {\"ts\":\"2026-11-21T10:42:02.000Z\",\"level\":\"WARN\",\"msg\":"
      "\"exit code 143(SIGTERM)\",\"logger\":\"Executor\"}\n";
  log += "2026-11-21T10:42:03Z 26/11/21 10:42:03 INFO Big: " + std::string(600, 'x') +
         " exit code 137\n";
  log += "2026-11-21T10:42:05Z 26/11/21 10:42:05 WARN TaskSetManager: Lost task: exit code 1\n";
  static constexpr char kHostile[] = "plain \xff\xfe and \0 bytes exit code 9";
  log += std::string(kHostile, sizeof(kHostile) - 1);
  return log;
}

TEST(LogLoader, ChunkBoundariesDoNotChangeTheResult) {
  const std::string log = MixedLog();
  PatternSet patterns = DefaultPatterns();
  LoadSpec spec;
  spec.limits.max_line_bytes = 256;

  auto whole_db = NewDatabase();
  LogFileSummary whole = Load(*whole_db, log, patterns, spec);
  std::vector<std::string> expected = DumpLogTables(*whole_db);
  EXPECT_EQ(whole.lines, 10);
  EXPECT_EQ(whole.long_lines, 1);
  EXPECT_EQ(whole.records, 5);  // the last, plain line folds into the WARN record
  EXPECT_EQ(whole.format, "kubectl-timestamps");

  for (bool marks : {false, true}) {
    for (size_t chunk : {1, 2, 7, 64, 255, 256, 257, 100000}) {
      auto db = NewDatabase();
      spec.chunk = chunk;
      spec.marks = marks;
      LogFileSummary s = Load(*db, log, patterns, spec);
      EXPECT_EQ(DumpLogTables(*db), expected) << "chunk size " << chunk << (marks ? ", marks" : "");
      EXPECT_EQ(s.lines, whole.lines);
      EXPECT_EQ(s.records_stored, whole.records_stored);
      EXPECT_EQ(s.matches, whole.matches);
    }
  }
}

// A record is read without its logger, thread and message until it is kept; one kept
// because of a later line (an exception in its stack trace, a pattern match) still gets
// its header's fields, wherever the chunks end.
TEST(LogLoader, ARecordKeptForALaterLineKeepsItsHeaderFields) {
  const std::string log =
      "26/11/21 10:42:00 [dispatcher-1] INFO BlockManager: Removing RDD 7\n"
      "26/11/21 10:42:01.250 [task-2] INFO Executor: Finished task 0.0\n"
      "\tat org.acme.Job.run(Job.java:3)\n"
      "java.lang.IllegalStateException: stopped\n"
      "26/11/21 10:42:02 [task-3] INFO Executor: worker said exit code 137\n"
      "26/11/21 10:42:03 [task-4] INFO Executor: done\n"
      "26/11/21 10:42:04 [task-5] WARN Executor: last line, no newline";
  PatternSet patterns = DefaultPatterns();
  for (bool marks : {false, true}) {
    for (size_t chunk : {0, 1, 5, 40, 70, 99}) {
      auto db = NewDatabase();
      LoadSpec spec;
      spec.chunk = chunk;
      spec.marks = marks;
      LogFileSummary s = Load(*db, log, patterns, spec);
      const std::string where = "chunk " + std::to_string(chunk) + (marks ? ", marks" : "");
      EXPECT_EQ(s.records, 5) << where;
      EXPECT_EQ(s.records_stored, 3) << where;
      auto st = db->Prepare(
          "SELECT line || ' ' || line_count || ' ' || time_ms || ' ' || level || ' ' || logger "
          "|| ' [' || thread || '] ' || message || ' | ' || coalesce(exception_class, '-') "
          "FROM log_records ORDER BY line");
      ASSERT_TRUE(st.ok());
      std::vector<std::string> rows;
      while (true) {
        auto r = st->Step();
        ASSERT_TRUE(r.ok());
        if (!*r) break;
        rows.push_back(st->ColumnText(0));
      }
      EXPECT_EQ(rows, (std::vector<std::string>{
                          "2 3 1795257721250 INFO Executor [task-2] Finished task 0.0 | "
                          "java.lang.IllegalStateException",
                          "5 1 1795257722000 INFO Executor [task-3] worker said exit code 137 | -",
                          "7 1 1795257724000 WARN Executor [task-5] last line, no newline | -"}))
          << where;
    }
  }
}

TEST(LogLoader, ReadsKubectlTimestampsBeforeLog4jTimes) {
  auto db = NewDatabase();
  PatternSet patterns = DefaultPatterns();
  LogFileSummary s = Load(
      *db,
      "2026-11-21T10:42:00.123456789Z 26/11/21 10:41:59 INFO SparkContext: Running Spark "
      "version 3.5.1\n"
      "2026-11-21T10:42:01.5Z 26/11/21 10:42:01 WARN TaskSetManager: Lost task 0.0 in stage 1.0 "
      "(TID 1) (10.0.0.7 executor 2): java.lang.OutOfMemoryError: Java heap space\n",
      patterns);
  EXPECT_EQ(s.format, "kubectl-timestamps");
  EXPECT_EQ(s.records, 2);
  EXPECT_EQ(s.records_stored, 1);
  EXPECT_EQ(QueryInt(*db, "SELECT first_ms FROM log_files"), kT0 + 123);
  EXPECT_EQ(QueryInt(*db, "SELECT last_ms FROM log_files"), kT0 + 1500);
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT pod_name || '/' || container_name || '/' || previous || '/' "
                        "|| format || '/' || bytes FROM log_files"),
            std::vector<std::string>{"app-exec-1/spark-kubernetes-executor/0/kubectl-timestamps/" +
                                     std::to_string(s.bytes)});
  EXPECT_EQ(QueryInt(*db, "SELECT time_ms FROM log_records"), kT0 + 1500);
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT level || '|' || logger || '|' || ifnull(thread, 'NULL') || "
                        "'|' || exception_class || '|' || exception_message || '|' || "
                        "ifnull(cause_class, 'NULL') FROM log_records"),
            std::vector<std::string>{"WARN|TaskSetManager|NULL|java.lang.OutOfMemoryError|Java "
                                     "heap space|NULL"});
  EXPECT_EQ(QueryColumn(*db, "SELECT message FROM log_records"),
            std::vector<std::string>{"Lost task 0.0 in stage 1.0 (TID 1) (10.0.0.7 executor 2): "
                                     "java.lang.OutOfMemoryError: Java heap space"});
  // The kubectl prefix is not part of the stored text.
  EXPECT_EQ(QueryInt(*db,
                     "SELECT count(*) FROM log_records WHERE text LIKE '26/11/21 10:42:01 "
                     "WARN TaskSetManager: Lost task%'"),
            1);
}

TEST(LogLoader, ReadsLog4jTimesAsUtcWithThreads) {
  auto db = NewDatabase();
  PatternSet patterns = DefaultPatterns();
  LoadSpec spec;
  spec.path = "driver.log";
  spec.options.store_all_records = true;
  LogFileSummary s = Load(*db,
                          "26/11/21 10:42:00.250 dispatcher-event-loop-1 ERROR TaskSchedulerImpl: "
                          "Lost executor 1 on 10.0.0.7: exited\n"
                          "26/11/21 10:42:05 INFO DAGScheduler: Job 0 failed\n",
                          patterns, spec);
  EXPECT_EQ(s.format, "log4j");
  EXPECT_EQ(s.records_stored, 2);
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT time_ms || '|' || level || '|' || ifnull(thread, 'NULL') || "
                        "'|' || logger || '|' || message FROM log_records ORDER BY line"),
            (std::vector<std::string>{
                std::to_string(kT0 + 250) +
                    "|ERROR|dispatcher-event-loop-1|TaskSchedulerImpl|Lost executor 1 on "
                    "10.0.0.7: exited",
                std::to_string(kT0 + 5000) + "|INFO|NULL|DAGScheduler|Job 0 failed"}));
  EXPECT_EQ(QueryInt(*db,
                     "SELECT count(*) FROM log_files WHERE pod_name IS NULL AND "
                     "container_name IS NULL AND previous = 0 AND truncated = 0 AND "
                     "error_records = 1 AND warn_records = 0"),
            1);
}

TEST(LogLoader, FoldsStackTracesAndKeepsTheInnermostCause) {
  auto db = NewDatabase();
  PatternSet patterns = DefaultPatterns();
  LogFileSummary s =
      Load(*db,
           "26/11/21 10:42:00 INFO Executor: Running task 0.0 in stage 1.0 (TID 1)\n"
           "26/11/21 10:42:01 ERROR Executor: Exception in task 0.0 in stage 1.0 (TID 1)\n"
           "org.apache.spark.SparkException: Task failed while writing rows.\n"
           "\tat org.apache.spark.sql.execution.datasources.FileFormatWriter$.executeTask("
           "FileFormatWriter.scala:500)\n"
           "\tat org.apache.spark.scheduler.Task.run(Task.scala:141)\n"
           "Caused by: java.io.IOException: Failed to write to s3a://bucket/key\n"
           "\tat org.apache.hadoop.fs.s3a.S3AOutputStream.write(S3AOutputStream.java:1)\n"
           "\t... 12 more\n"
           "\tSuppressed: java.lang.IllegalStateException: closed\n"
           "\t\tCaused by: java.lang.ArithmeticException: inner of suppressed\n"
           "\t\t... 3 more\n"
           "Caused by: java.lang.OutOfMemoryError: Java heap space\n"
           "\tat java.nio.HeapByteBuffer.<init>(HeapByteBuffer.java:57)\n"
           "\t... 20 more\n"
           "26/11/21 10:42:02 INFO Executor: Finished task 1.0 in stage 1.0 (TID 2)\n",
           patterns);
  EXPECT_EQ(s.lines, 15);
  EXPECT_EQ(s.records, 3);
  EXPECT_EQ(s.records_stored, 1);
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT line || '|' || line_count || '|' || exception_class || '|' || "
                        "exception_message || '|' || cause_class || '|' || cause_message "
                        "FROM log_records"),
            std::vector<std::string>{"2|13|org.apache.spark.SparkException|Task failed while "
                                     "writing rows.|java.lang.OutOfMemoryError|Java heap space"});
  std::vector<std::string> text = QueryColumn(*db, "SELECT text FROM log_records");
  ASSERT_EQ(text.size(), 1u);
  EXPECT_EQ(text[0].rfind("26/11/21 10:42:01 ERROR Executor: Exception in task", 0), 0u);
  EXPECT_NE(text[0].find("\n\t... 12 more\n"), std::string::npos);
  EXPECT_TRUE(text[0].ends_with("\n\t... 20 more")) << text[0];
  // The OOM line is a stack trace line: its match points at the record's first line.
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT pattern_id || '|' || line || '|' || match_line || '|' || "
                        "time_ms || '|' || captures_json FROM pattern_matches"),
            std::vector<std::string>{"jvm-oom|2|12|" + std::to_string(kT0 + 1000) +
                                     "|{\"kind\":\"Java heap space\"}"});
}

TEST(LogLoader, FoldsUnindentedFramesAndMoreLinesOfPlainLogs) {
  auto db = NewDatabase();
  PatternSet patterns = DefaultPatterns();
  LogFileSummary s = Load(*db,
                          "Exception in thread \"main\" java.lang.IllegalStateException: boom\n"
                          "at org.acme.Main.main(Main.java:5)\n"
                          "Caused by: java.lang.IllegalArgumentException: bad\n"
                          "... 5 more\n"
                          "\n"
                          "done\n"
                          "java.lang.RuntimeException: second\n"
                          "\tat org.acme.Main.run(Main.java:9)\n",
                          patterns);
  EXPECT_EQ(s.format, "plain");
  EXPECT_EQ(s.lines, 8);
  EXPECT_EQ(s.records, 3);
  EXPECT_EQ(s.records_stored, 2);
  EXPECT_EQ(
      QueryColumn(*db,
                  "SELECT line || '|' || line_count || '|' || ifnull(level, 'NULL') || "
                  "'|' || ifnull(time_ms, 'NULL') || '|' || exception_class || '|' || "
                  "exception_message || '|' || ifnull(cause_class, 'NULL') || '|' || "
                  "ifnull(cause_message, 'NULL') FROM log_records ORDER BY line"),
      (std::vector<std::string>{"1|4|NULL|NULL|java.lang.IllegalStateException|boom|"
                                "java.lang.IllegalArgumentException|bad",
                                "7|2|NULL|NULL|java.lang.RuntimeException|second|NULL|NULL"}));
  EXPECT_EQ(QueryInt(*db,
                     "SELECT count(*) FROM log_files WHERE first_ms IS NULL AND last_ms IS "
                     "NULL AND format = 'plain'"),
            1);
}

TEST(LogLoader, StoresWarnErrorExceptionAndMatchedRecordsOnly) {
  const std::string log =
      "26/11/21 10:42:00 INFO A: plain info\n"
      "26/11/21 10:42:01 DEBUG B: debug\n"
      "26/11/21 10:42:02 WARN C: warned\n"
      "26/11/21 10:42:03 ERROR D: failed\n"
      "26/11/21 10:42:04 FATAL E: fatal\n"
      "26/11/21 10:42:05 INFO F: retrying after java.net.SocketTimeoutException: Read timed out\n"
      "26/11/21 10:42:06 INFO G: container exit code 137\n"
      "26/11/21 10:42:07 INFO H: Stage 3 finished\n"
      "26/11/21 10:42:08 INFO I: multi-line message\n"
      "  exit code 143\n";
  PatternSet patterns = DefaultPatterns();
  auto db = NewDatabase();
  LogFileSummary s = Load(*db, log, patterns);
  EXPECT_EQ(s.records, 9);
  EXPECT_EQ(s.records_stored, 6);
  EXPECT_EQ(s.matches, 2);
  EXPECT_EQ(QueryColumn(*db, "SELECT line FROM log_records ORDER BY line"),
            (std::vector<std::string>{"3", "4", "5", "6", "7", "9"}));
  EXPECT_EQ(QueryInt(*db, "SELECT records FROM log_files"), 9);
  EXPECT_EQ(QueryInt(*db, "SELECT records_stored FROM log_files"), 6);
  EXPECT_EQ(QueryInt(*db, "SELECT error_records FROM log_files"), 2);
  EXPECT_EQ(QueryInt(*db, "SELECT warn_records FROM log_files"), 1);
  EXPECT_EQ(QueryInt(*db, "SELECT lines FROM log_files"), 10);
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT line || '|' || match_line FROM pattern_matches ORDER BY "
                        "match_line"),
            (std::vector<std::string>{"7|7", "9|10"}));

  auto all_db = NewDatabase();
  LoadSpec spec;
  spec.options.store_all_records = true;
  LogFileSummary all = Load(*all_db, log, patterns, spec);
  EXPECT_EQ(all.records_stored, 9);
  EXPECT_EQ(QueryInt(*all_db, "SELECT count(*) FROM log_records"), 9);
  EXPECT_EQ(QueryInt(*all_db, "SELECT line_count FROM log_records WHERE line = 9"), 2);
}

TEST(LogLoader, WritesPatternCapturesAsJson) {
  PatternSet patterns = Patterns({
      Spec("exit-code", R"(exit code (?P<exit_code>\d+)(?:\((?P<signal>SIG\w+))?)"),
      Spec("said", R"(said: (?P<what>.*))"),
  });
  auto db = NewDatabase();
  Load(*db,
       "2026-11-21T10:42:00Z 26/11/21 10:42:00 ERROR TaskSchedulerImpl: Lost executor 1: exit "
       "code 137(SIGKILL)\n"
       "2026-11-21T10:42:01Z 26/11/21 10:42:01 INFO A: it said: \"hi\" \\ there\n"
       "2026-11-21T10:42:02Z 26/11/21 10:42:02 INFO A: exit code 0\n",
       patterns);
  EXPECT_EQ(
      QueryColumn(*db,
                  "SELECT pattern_id || '|' || line || '|' || time_ms || '|' || "
                  "captures_json FROM pattern_matches ORDER BY match_line"),
      (std::vector<std::string>{
          "exit-code|1|" + std::to_string(kT0) + "|{\"exit_code\":\"137\",\"signal\":\"SIGKILL\"}",
          "said|2|" + std::to_string(kT0 + 1000) + "|{\"what\":\"\\\"hi\\\" \\\\ there\"}",
          "exit-code|3|" + std::to_string(kT0 + 2000) + "|{\"exit_code\":\"0\"}"}));
  EXPECT_EQ(QueryColumn(*db, "SELECT text FROM pattern_matches WHERE line = 1"),
            std::vector<std::string>{"26/11/21 10:42:00 ERROR TaskSchedulerImpl: Lost executor 1: "
                                     "exit code 137(SIGKILL)"});
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM pattern_matches WHERE json_valid(captures_json)"),
            3);
  // Matched INFO records are stored.
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM log_records"), 3);
}

TEST(LogLoader, CutsLongLinesWithOneWarning) {
  std::string log = "26/11/21 10:42:00 ERROR A: " + std::string(100, 'x') + " exit code 137\n";
  log += "26/11/21 10:42:01 WARN B: short\n";
  log += std::string(200, 'y') + "\n";
  log += "26/11/21 10:42:02 INFO C: end\n";
  PatternSet patterns = DefaultPatterns();
  for (size_t chunk : {0, 5}) {
    auto db = NewDatabase();
    LoadSpec spec;
    spec.limits.max_line_bytes = 64;
    spec.chunk = chunk;
    LogFileSummary s = Load(*db, log, patterns, spec);
    EXPECT_EQ(s.lines, 4);
    EXPECT_EQ(s.long_lines, 2);
    EXPECT_EQ(s.records, 3);
    EXPECT_EQ(s.matches, 0);  // "exit code" was beyond the cut
    EXPECT_EQ(QueryInt(*db, "SELECT truncated FROM log_files"), 1);
    EXPECT_EQ(QueryColumn(*db,
                          "SELECT path || '|' || line || '|' || severity || '|' || message "
                          "|| '|' || help FROM load_errors"),
              std::vector<std::string>{
                  "logs/app-exec-1/spark-kubernetes-executor.log|1|warning|line 1 longer than 64 "
                  "bytes was cut|raise the limit with --max-line-bytes"});
    EXPECT_EQ(QueryInt(*db, "SELECT length(text) FROM log_records WHERE line = 1"), 64);
    EXPECT_EQ(QueryInt(*db, "SELECT length(text) FROM log_records WHERE line = 2"), 31 + 1 + 64);
  }
}

TEST(LogLoader, KeepsTruncatedFlagFromTheManifest) {
  auto db = NewDatabase();
  PatternSet patterns = DefaultPatterns();
  LoadContext ctx(*db, LoadLimits{});
  LogLoader loader(ctx, patterns, LogOptions{});
  LogFileInfo info = LogFileInfoFromPath("logs/p/c.log");
  info.truncated = true;
  ASSERT_TRUE(loader.Begin(info).ok());
  loader.Feed("hello\n");
  loader.Finish();
  EXPECT_EQ(QueryInt(*db, "SELECT truncated FROM log_files"), 1);
}

TEST(LogLoader, SurvivesNulBytesAndInvalidUtf8) {
  PatternSet patterns = Patterns({Spec("reason", R"(reason=(?P<r>.*))")});
  static constexpr char kBytes[] =
      "26/11/21 10:42:00 ERROR A: bad \xff\xfe bytes \0 here reason=\xc3(\xff\n"
      "\0\0\0\n"
      "\xff\n"
      "{\"msg\":\"\xff\"}\n";
  const std::string log(kBytes, sizeof(kBytes) - 1);
  auto db = NewDatabase();
  LoadSpec spec;
  spec.chunk = 3;
  LogFileSummary s = Load(*db, log, patterns, spec);
  EXPECT_EQ(s.lines, 4);
  EXPECT_EQ(s.records, 1);
  EXPECT_EQ(QueryInt(*db, "SELECT line_count FROM log_records"), 4);
  // Bytes are stored as given.
  EXPECT_EQ(QueryInt(*db, "SELECT length(CAST(text AS BLOB)) FROM log_records"),
            static_cast<int64_t>(log.size() - 1));
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM pattern_matches WHERE json_valid(captures_json)"),
            1);

  // The same bytes in a plain log.
  auto plain_db = NewDatabase();
  LogFileSummary p = Load(*plain_db, log.substr(log.find('\n') + 1), patterns, spec);
  EXPECT_EQ(p.lines, 3);
  EXPECT_EQ(p.records, 3);
  EXPECT_EQ(p.format, "plain");
}

TEST(LogLoader, ReadsSparkJsonLayout) {
  PatternSet patterns = DefaultPatterns();
  auto db = NewDatabase();
  LogFileSummary s = Load(
      *db,
      R"j({"ts":"2024-07-02T10:00:00.250Z","level":"INFO","msg":"Running task","logger":"Executor"})j"
      "\n"
      R"j({"ts":"2024-07-02T10:00:01.000Z","level":"ERROR","msg":"Exception in task 0.0 in stage )j"
      R"j(1.0 (TID 1)","context":{"task_id":"1"},"exception":{"class":"java.lang.OutOfMemoryError",)j"
      R"j("msg":"Java heap space","stacktrace":[{"class":"org.acme.A","method":"run","file":)j"
      R"j("A.java","line":12}]},"logger":"Executor"})j"
      "\n",
      patterns);
  EXPECT_EQ(s.format, "log4j-json");
  EXPECT_EQ(s.records, 2);
  EXPECT_EQ(s.records_stored, 1);
  EXPECT_EQ(QueryInt(*db, "SELECT first_ms FROM log_files"), 1719914400250);
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT time_ms || '|' || level || '|' || logger || '|' || message || "
                        "'|' || exception_class || '|' || exception_message || '|' || text "
                        "FROM log_records"),
            std::vector<std::string>{
                "1719914401000|ERROR|Executor|Exception in task 0.0 in stage 1.0 (TID 1)|"
                "java.lang.OutOfMemoryError|Java heap space|Exception in task 0.0 in stage 1.0 "
                "(TID 1)\njava.lang.OutOfMemoryError: Java heap space\n\tat "
                "org.acme.A.run(A.java:12)"});
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT match_line || '|' || captures_json || '|' || text FROM "
                        "pattern_matches"),
            std::vector<std::string>{"2|{\"kind\":\"Java heap space\"}|"
                                     "java.lang.OutOfMemoryError: Java heap space"});
}

TEST(LogLoader, BoundsTheLinesOfOneRecord) {
  std::string log = "26/11/21 10:42:00 ERROR A: huge trace\n";
  for (int i = 0; i < 10'000; ++i) log += "\tat org.acme.Deep.call(Deep.java:1)\n";
  PatternSet patterns = DefaultPatterns();
  auto db = NewDatabase();
  LogFileSummary s = Load(*db, log, patterns);
  EXPECT_EQ(s.lines, 10'001);
  EXPECT_EQ(s.records, 2);
  EXPECT_EQ(QueryInt(*db, "SELECT line_count FROM log_records WHERE line = 1"), 10'000);
  EXPECT_LE(QueryInt(*db, "SELECT length(CAST(text AS BLOB)) FROM log_records WHERE line = 1"),
            64 * 1024);
  EXPECT_GE(QueryInt(*db, "SELECT length(CAST(text AS BLOB)) FROM log_records WHERE line = 1"),
            64 * 1024 - 40);
}

TEST(LogLoader, LoadsSeveralFilesAndRejectsADuplicatePath) {
  auto db = NewDatabase();
  PatternSet patterns = DefaultPatterns();
  LoadContext ctx(*db, LoadLimits{});
  LogLoader loader(ctx, patterns, LogOptions{});
  ASSERT_TRUE(loader.Begin(LogFileInfoFromPath("logs/a/c.log")).ok());
  loader.Feed("26/11/21 10:42:00 WARN A: one\n");
  LogFileSummary a = loader.Finish();
  ASSERT_TRUE(loader.Begin(LogFileInfoFromPath("logs/b/c.log")).ok());
  loader.Feed("26/11/21 10:42:00 WARN A: one\n26/11/21 10:42:00 WARN A: two\n");
  LogFileSummary b = loader.Finish();
  EXPECT_NE(a.file_id, b.file_id);
  EXPECT_EQ(a.records_stored, 1);
  EXPECT_EQ(b.records_stored, 2);

  Status dup = loader.Begin(LogFileInfoFromPath("logs/a/c.log"));
  EXPECT_FALSE(dup.ok());
  EXPECT_NE(dup.error().ToString().find("logs/a/c.log"), std::string::npos);
  loader.Feed("26/11/21 10:42:00 WARN A: ignored\n");  // no open file: ignored, no crash
  loader.Finish();
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM log_records"), 3);
}

TEST(LogLoader, ReadsTheSparkRapidsDriverLog) {
  SPARKPM_REQUIRE_CORPUS();
  std::string text =
      testing::ReadFile(testing::CorpusDir() / "logs" / "spark-rapids-tools" / "driverlog");
  ASSERT_FALSE(text.empty());
  PatternSet patterns = DefaultPatterns();
  auto db = NewDatabase();
  LoadSpec spec;
  spec.path = "driverlog";
  spec.chunk = 4096;
  LogFileSummary s = Load(*db, text, patterns, spec);
  EXPECT_EQ(s.format, "log4j");
  EXPECT_EQ(s.lines, 298);
  EXPECT_EQ(s.records, 270);  // 28 lines of two GpuOverrides plans are folded
  EXPECT_EQ(s.records_stored, 7);
  EXPECT_EQ(s.bytes, static_cast<int64_t>(text.size()));
  EXPECT_EQ(QueryInt(*db, "SELECT warn_records FROM log_files"), 7);
  EXPECT_EQ(QueryInt(*db, "SELECT error_records FROM log_files"), 0);
  EXPECT_EQ(QueryInt(*db, "SELECT first_ms FROM log_files"),
            1699354764335);  // 23/11/07 10:59:24.335
  EXPECT_EQ(QueryInt(*db, "SELECT last_ms FROM log_files"),
            1699354829697);  // 23/11/07 11:00:29.697
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT line || '|' || line_count FROM log_records WHERE logger = "
                        "'GpuOverrides' ORDER BY line"),
            (std::vector<std::string>{"198|17", "254|13"}));
  EXPECT_EQ(
      QueryColumn(*db,
                  "SELECT thread FROM log_records WHERE logger = "
                  "'MultiFileReaderThreadPool'"),
      std::vector<std::string>{"Executor task launch worker for task 0.0 in stage 2.0 (TID 1825)"});
}

}  // namespace
}  // namespace sparkpm
