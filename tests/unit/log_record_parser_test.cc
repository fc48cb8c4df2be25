// Tests of the line-level log parsing: kubectl prefixes, log4j headers, JSON layout
// lines, exception names and stack trace continuation lines.
#include "../../analyzer/src/log_record_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace sparkpm {
namespace {

// 2026-11-21T10:42:00Z in epoch milliseconds.
constexpr int64_t kT0 = 1795257720000;

TEST(CanonicalLogLevel, MapsLayoutWordsToSchemaLevels) {
  EXPECT_EQ(CanonicalLogLevel("INFO"), "INFO");
  EXPECT_EQ(CanonicalLogLevel("WARNING"), "WARN");
  EXPECT_EQ(CanonicalLogLevel("FATAL"), "FATAL");
  EXPECT_EQ(CanonicalLogLevel("info"), "");
  EXPECT_EQ(CanonicalLogLevel("ERRORS"), "");
  EXPECT_EQ(CanonicalLogLevel(""), "");
}

TEST(ParseExceptionLine, ReadsClassAndMessage) {
  auto e = ParseExceptionLine("java.lang.OutOfMemoryError: Java heap space");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->class_name, "java.lang.OutOfMemoryError");
  EXPECT_EQ(e->message, "Java heap space");
  EXPECT_TRUE(e->has_message);

  e = ParseExceptionLine("org.apache.spark.shuffle.FetchFailedException");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->class_name, "org.apache.spark.shuffle.FetchFailedException");
  EXPECT_FALSE(e->has_message);

  // Message with further colons stays whole.
  e = ParseExceptionLine(
      "org.apache.spark.SparkException: Job aborted due to stage failure: Task 0 failed");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->class_name, "org.apache.spark.SparkException");
  EXPECT_EQ(e->message, "Job aborted due to stage failure: Task 0 failed");

  // Scala inner classes and java.lang.Error itself.
  e = ParseExceptionLine("scala.MatchError: 3 (of class java.lang.Integer)");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->class_name, "scala.MatchError");
  e = ParseExceptionLine("java.lang.Error: boom");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->class_name, "java.lang.Error");

  // A package-qualified class without the usual suffix, when followed by ':'.
  e = ParseExceptionLine("java.lang.ThreadDeath: stopped");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->class_name, "java.lang.ThreadDeath");
}

TEST(ParseExceptionLine, RejectsOrdinaryText) {
  EXPECT_FALSE(ParseExceptionLine("OutOfMemoryError: Java heap space"));  // not dotted
  EXPECT_FALSE(ParseExceptionLine("spark.executor.memory: 4g"));          // lower-case class
  EXPECT_FALSE(ParseExceptionLine("java.lang.ThreadDeath"));              // no suffix, no ':'
  EXPECT_FALSE(ParseExceptionLine("java.lang.OutOfMemoryError:x"));
  EXPECT_FALSE(ParseExceptionLine("java.lang.OutOfMemoryError thrown"));
  EXPECT_FALSE(ParseExceptionLine("\tat java.lang.Thread.run(Thread.java:750)"));
  EXPECT_FALSE(ParseExceptionLine("Caused by: java.io.IOException: x"));
  EXPECT_FALSE(ParseExceptionLine("Exception in task 0.0 in stage 1.0 (TID 1)"));
  EXPECT_FALSE(ParseExceptionLine(""));
  EXPECT_FALSE(ParseExceptionLine("."));
}

TEST(FindExceptionInText, FindsTheFirstExceptionInAMessage) {
  auto e = FindExceptionInText(
      "Lost task 0.0 in stage 1.0 (TID 1) (10.0.0.7 executor 2): java.lang.OutOfMemoryError: "
      "Java heap space");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->class_name, "java.lang.OutOfMemoryError");
  EXPECT_EQ(e->message, "Java heap space");

  e = FindExceptionInText(
      "Exception in thread \"main\" org.apache.spark.SparkException: Job aborted.");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->class_name, "org.apache.spark.SparkException");
  EXPECT_EQ(e->message, "Job aborted.");

  // The earliest class wins even when a later one has a suffix searched first.
  e = FindExceptionInText("x: org.acme.WrapperError: inner java.lang.IllegalStateException: y");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->class_name, "org.acme.WrapperError");
  EXPECT_EQ(e->message, "inner java.lang.IllegalStateException: y");

  // A ':' that does not end a class name (no space after it) is passed over.
  e = FindExceptionInText("url http://a.b.FooException:8080/x then java.io.IOException: y");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->class_name, "java.io.IOException");
  EXPECT_EQ(e->message, "y");

  e = FindExceptionInText("task failed with java.io.IOException");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->class_name, "java.io.IOException");
  EXPECT_FALSE(e->has_message);
}

TEST(FindExceptionInText, IgnoresNamesThatAreNotExceptions) {
  EXPECT_FALSE(FindExceptionInText("Exception in task 0.0 in stage 1.0 (TID 1)"));
  EXPECT_FALSE(
      FindExceptionInText("at org.apache.spark.SparkException.foo(SparkException.scala:12)"));
  EXPECT_FALSE(FindExceptionInText("ErrorHandler: started"));
  EXPECT_FALSE(FindExceptionInText("com.acme.MyErrors: 3"));
  EXPECT_FALSE(FindExceptionInText("Caught java.lang.InterruptedException while waiting"));
  EXPECT_FALSE(FindExceptionInText("..Error: x"));
  EXPECT_FALSE(FindExceptionInText(""));
  // A long run of suffixes must stay cheap and find nothing.
  std::string hostile;
  for (int i = 0; i < 20000; ++i) hostile += "xException";
  EXPECT_FALSE(FindExceptionInText(hostile));
}

TEST(ClassifyContinuation, RecognisesStackTraceLines) {
  EXPECT_EQ(ClassifyContinuation("\tat org.apache.spark.executor.Executor.run(Executor.scala:1)"),
            ContinuationKind::kIndented);
  EXPECT_EQ(ClassifyContinuation("    at x.Y.z(Y.java:1)"), ContinuationKind::kIndented);
  EXPECT_EQ(ClassifyContinuation("at org.apache.spark.rdd.RDD.iterator(RDD.scala:329)"),
            ContinuationKind::kStackFrame);
  EXPECT_EQ(ClassifyContinuation("at java.base/java.lang.Thread.run(Thread.java:829)"),
            ContinuationKind::kStackFrame);
  EXPECT_EQ(ClassifyContinuation("at org.acme.Foo.<init>(Foo.java:3)"),
            ContinuationKind::kStackFrame);
  EXPECT_EQ(ClassifyContinuation("Caused by: java.io.IOException: x"), ContinuationKind::kCausedBy);
  EXPECT_EQ(ClassifyContinuation("Suppressed: java.io.IOException: x"),
            ContinuationKind::kSuppressed);
  EXPECT_EQ(ClassifyContinuation("... 12 more"), ContinuationKind::kMore);
  EXPECT_EQ(ClassifyContinuation("... some more"), ContinuationKind::kNone);
  EXPECT_EQ(ClassifyContinuation("at least one executor"), ContinuationKind::kNone);
  EXPECT_EQ(ClassifyContinuation("java.lang.OutOfMemoryError: x"), ContinuationKind::kNone);
  EXPECT_EQ(ClassifyContinuation(""), ContinuationKind::kNone);
}

TEST(SplitKubectlTimestamp, ReadsNanosecondStamps) {
  auto k = SplitKubectlTimestamp("2026-11-21T10:42:00.123456789Z hello world");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->time_ms, kT0 + 123);
  EXPECT_EQ(k->frac_digits, 9);
  EXPECT_EQ(k->rest, "hello world");

  // RFC3339Nano drops trailing zeros; an offset is applied.
  k = SplitKubectlTimestamp("2026-11-21T12:42:00.5+02:00 x");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->time_ms, kT0 + 500);
  EXPECT_EQ(k->rest, "x");

  EXPECT_FALSE(SplitKubectlTimestamp("2026-11-21 10:42:00.123Z x"));  // no 'T'
  EXPECT_FALSE(SplitKubectlTimestamp("2026-11-21T10:42:00.123 x"));   // no zone
  EXPECT_FALSE(SplitKubectlTimestamp("2026-11-21T10:42:00.123Zx"));
  EXPECT_FALSE(SplitKubectlTimestamp("2026-13-21T10:42:00Z x"));
}

TEST(ParseTextHeader, ReadsSparkDefaultLayout) {
  auto h = ParseTextHeader("26/11/21 10:42:00 WARN TaskSetManager: Lost task 0.0 in stage 1.0");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->time_ms, kT0);
  EXPECT_EQ(h->level, "WARN");
  EXPECT_EQ(h->logger, "TaskSetManager");
  EXPECT_EQ(h->thread, "");
  EXPECT_EQ(h->message, "Lost task 0.0 in stage 1.0");
}

TEST(ParseTextHeader, ReadsDriverLoggerLayoutWithThreads) {
  auto h = ParseTextHeader(
      "23/11/07 11:00:29.262 Executor task launch worker for task 0.0 in stage 2.0 (TID 1825) "
      "WARN MultiFileReaderThreadPool: Configuring the file reader thread pool");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->time_ms, 1699354829262);
  EXPECT_EQ(h->thread, "Executor task launch worker for task 0.0 in stage 2.0 (TID 1825)");
  EXPECT_EQ(h->level, "WARN");
  EXPECT_EQ(h->logger, "MultiFileReaderThreadPool");
  EXPECT_EQ(h->message, "Configuring the file reader thread pool");

  h = ParseTextHeader("26/11/21 10:42:00.123 [main] INFO  org.apache.spark.SparkContext: Hi");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->time_ms, kT0 + 123);
  EXPECT_EQ(h->thread, "main");
  EXPECT_EQ(h->level, "INFO");
  EXPECT_EQ(h->logger, "org.apache.spark.SparkContext");
  EXPECT_EQ(h->message, "Hi");

  // An empty message after "Logger: ".
  h = ParseTextHeader("23/11/07 11:00:28.714 main WARN GpuOverrides: ");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->logger, "GpuOverrides");
  EXPECT_EQ(h->message, "");
}

TEST(ParseTextHeader, ALoggerNameEndsAtTheFirstCharacterNoLoggerHas) {
  // Logger names are read 16 bytes at a time: every length, every kind of character,
  // and a stop at every position of a block.
  const std::string name_chars = "Aa0_$.-zZ9";
  for (size_t n = 1; n <= 40; ++n) {
    std::string logger;
    for (size_t i = 0; i < n; ++i) logger += name_chars[i % name_chars.size()];
    for (const char* tail : {": message text that is long enough", ":", " - dashed message"}) {
      const std::string line = "26/11/21 10:42:00 WARN " + logger + tail;
      auto h = ParseTextHeader(line);
      ASSERT_TRUE(h) << line;
      EXPECT_EQ(h->logger, logger) << line;
    }
    // A character no logger name has, right after the first n: no logger, the rest is
    // the message.
    for (std::string stop : {"@", "[", "`", "{", "/", " ", "\x80", "\xc3\xa9", "\x7f", "~"}) {
      const std::string line =
          "26/11/21 10:42:00 WARN " + logger + stop + "Tail: message text after it";
      auto h = ParseTextHeader(line);
      ASSERT_TRUE(h) << line;
      EXPECT_EQ(h->logger, "") << line;
      EXPECT_EQ(h->message, logger + stop + "Tail: message text after it") << line;
    }
  }
}

TEST(ParseTextHeader, ReadsIsoTimesAndBareLevels) {
  auto h = ParseTextHeader("2026-11-21 10:42:00,123 ERROR Executor: Exception in task 0.0");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->time_ms, kT0 + 123);
  EXPECT_EQ(h->level, "ERROR");
  EXPECT_EQ(h->logger, "Executor");

  h = ParseTextHeader("2026-11-21T10:42:00.123Z INFO Foo - hello");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->time_ms, kT0 + 123);
  EXPECT_EQ(h->logger, "Foo");
  EXPECT_EQ(h->message, "hello");

  // A time without a level still starts a record.
  h = ParseTextHeader("26/11/21 10:42:00 something happened");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->level, "");
  EXPECT_EQ(h->message, "something happened");

  // Without time, only the strict "LEVEL Logger: message" form.
  h = ParseTextHeader("ERROR SparkContext: Error initializing SparkContext.");
  ASSERT_TRUE(h);
  EXPECT_FALSE(h->time_ms);
  EXPECT_EQ(h->level, "ERROR");
  EXPECT_EQ(h->logger, "SparkContext");

  EXPECT_FALSE(ParseTextHeader("WARN: something"));
  EXPECT_FALSE(ParseTextHeader("INFO starting"));
  EXPECT_FALSE(ParseTextHeader("Setting default log level to \"WARN\"."));
  EXPECT_FALSE(ParseTextHeader("26/11/21 10:42:00x INFO A: b"));
  EXPECT_FALSE(ParseTextHeader(""));
}

TEST(ParseLogLine, CombinesKubectlPrefixAndLog4jHeader) {
  ParsedLogLine p = ParseLogLine(
      "2026-11-21T10:42:01.500000000Z 26/11/21 10:42:00 ERROR Executor: Exception in task 0.0");
  EXPECT_EQ(p.layout, LineLayout::kText);
  EXPECT_EQ(p.kubectl_ms, kT0 + 1500);
  EXPECT_EQ(p.header.time_ms, kT0);
  EXPECT_EQ(p.body, "26/11/21 10:42:00 ERROR Executor: Exception in task 0.0");
  EXPECT_EQ(p.header.logger, "Executor");

  p = ParseLogLine("2026-11-21T10:42:01.5Z \tat x.Y.z(Y.java:1)");
  EXPECT_EQ(p.layout, LineLayout::kPlain);
  EXPECT_EQ(p.kubectl_ms, kT0 + 1500);
  EXPECT_EQ(p.body, "\tat x.Y.z(Y.java:1)");

  p = ParseLogLine("2026-11-21T10:42:01.123456Z {\"level\":\"INFO\"}");
  EXPECT_EQ(p.layout, LineLayout::kJsonCandidate);
  EXPECT_EQ(p.body, "{\"level\":\"INFO\"}");

  // An ISO log4j line with a thread is not mistaken for a kubectl prefix.
  p = ParseLogLine("2026-11-21T10:42:00.123Z main INFO Foo: bar");
  EXPECT_EQ(p.layout, LineLayout::kText);
  EXPECT_FALSE(p.kubectl_ms);
  EXPECT_EQ(p.header.time_ms, kT0 + 123);
  EXPECT_EQ(p.header.thread, "main");
  EXPECT_EQ(p.body, "2026-11-21T10:42:00.123Z main INFO Foo: bar");

  p = ParseLogLine("+ exec /usr/bin/tini -s -- /opt/spark/bin/spark-submit");
  EXPECT_EQ(p.layout, LineLayout::kPlain);
  EXPECT_FALSE(p.kubectl_ms);
}

TEST(JsonLogLineParser, ReadsSparkJsonLayout) {
  JsonLogLineParser parser;
  JsonLogLine j;
  ASSERT_TRUE(parser.Parse(
      R"({"ts":"2026-11-21T10:42:00.123Z","level":"ERROR","msg":"Exception in task 0.0",)"
      R"("context":{"task_id":"1"},"exception":{"class":"java.lang.OutOfMemoryError",)"
      R"("msg":"Java heap space","stacktrace":[{"class":"org.acme.A","method":"run",)"
      R"("file":"A.java","line":12},{"class":"java.lang.Thread","method":"run"}]},)"
      R"("logger":"Executor"})",
      &j));
  EXPECT_EQ(j.time_ms, kT0 + 123);
  EXPECT_EQ(j.level, "ERROR");
  EXPECT_EQ(j.message, "Exception in task 0.0");
  EXPECT_EQ(j.logger, "Executor");
  EXPECT_EQ(j.exception_class, "java.lang.OutOfMemoryError");
  EXPECT_EQ(j.exception_message, "Java heap space");
  EXPECT_EQ(j.stack, "\tat org.acme.A.run(A.java:12)\n\tat java.lang.Thread.run(Unknown Source)");

  ASSERT_TRUE(parser.Parse(R"({"ts":"2026-11-21T10:42:00Z","level":"warning","msg":"m"} )", &j));
  EXPECT_EQ(j.level, "WARN");
  EXPECT_EQ(j.exception_class, "");
  EXPECT_EQ(j.stack, "");

  EXPECT_FALSE(parser.Parse(R"({"kind":"PodList"})", &j));
  EXPECT_FALSE(parser.Parse(R"({"msg":"unterminated)", &j));
  EXPECT_FALSE(parser.Parse("{\"msg\":\"\xff\xfe\"}", &j));
  EXPECT_FALSE(parser.Parse("[1,2]", &j));
}

TEST(CapUtf8, DoesNotCutInsideASequence) {
  std::string s =
      "ab\xc3\xa9"
      "cd";  // "abécd"
  EXPECT_EQ(CapUtf8(s, 10), s);
  EXPECT_EQ(CapUtf8(s, 3), "ab");
  EXPECT_EQ(CapUtf8(s, 4), "ab\xc3\xa9");
  EXPECT_EQ(CapUtf8("\xff\xff\xff", 2), "\xff\xff");
}

}  // namespace
}  // namespace sparkpm
