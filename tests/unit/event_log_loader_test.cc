// The event log loader on small logs written here: the rows and counters of each
// entity, the end-reason details, malformed and cut lines, incomplete and multi-attempt
// logs, rolling parts, codecs inside a bundle, and the merge with REST JSON.
#include "sparkpm/event_log_loader.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <lz4.h>
#include <zstd.h>

#include <cstring>
#include <string>
#include <vector>

#include "sparkpm/bundle_loader.h"
#include "sparkpm/event_log_codecs.h"
#include "test_support.h"

namespace sparkpm {
namespace {

namespace fs = std::filesystem;
using testing::QueryColumn;
using testing::QueryInt;
using testing::TempDir;
using testing::WriteFile;

constexpr int64_t kT0 = 1780000000000;  // 2026-05-28

// Writes Spark listener events, one JSON line each, as Spark's JsonProtocol does.
class Log {
 public:
  Log& LogStart() { return Add(R"({"Event":"SparkListenerLogStart","Spark Version":"3.5.1"})"); }
  Log& Environment(const std::string& app) {
    return Add(fmt::format(
        R"({{"Event":"SparkListenerEnvironmentUpdate","JVM Information":{{"Java Home":"/opt/java","Java Version":"17.0.9","Scala Version":"version 2.12.18"}},"Spark Properties":{{"spark.app.id":"{}","spark.executor.memory":"4g","spark.task.cpus":"1"}},"Hadoop Properties":{{"fs.defaultFS":"file:///"}},"System Properties":{{"user.timezone":"UTC"}},"Classpath Entries":{{"/opt/spark/jars/spark-core.jar":"System Classpath"}}}})",
        app));
  }
  Log& BlockManager(const std::string& exec, const std::string& host, int64_t t) {
    return Add(fmt::format(
        R"({{"Event":"SparkListenerBlockManagerAdded","Block Manager ID":{{"Executor ID":"{}","Host":"{}","Port":7079}},"Maximum Memory":2147483648,"Timestamp":{}}})",
        exec, host, kT0 + t));
  }
  Log& AppStart(const std::string& app, const std::string& attempt = "") {
    std::string a = attempt.empty() ? "" : fmt::format(R"(,"App Attempt ID":"{}")", attempt);
    return Add(fmt::format(
        R"({{"Event":"SparkListenerApplicationStart","App Name":"orders-etl","App ID":"{}","Timestamp":{},"User":"spark"{}}})",
        app, kT0, a));
  }
  Log& ExecutorAdded(const std::string& exec, const std::string& host, int64_t t) {
    return Add(fmt::format(
        R"({{"Event":"SparkListenerExecutorAdded","Timestamp":{},"Executor ID":"{}","Executor Info":{{"Host":"{}","Total Cores":4,"Log Urls":{{}},"Resource Profile Identifier":0}}}})",
        kT0 + t, exec, host));
  }
  Log& ExecutorRemoved(const std::string& exec, const std::string& reason, int64_t t) {
    return Add(fmt::format(
        R"({{"Event":"SparkListenerExecutorRemoved","Timestamp":{},"Executor ID":"{}","Removed Reason":"{}"}})",
        kT0 + t, exec, reason));
  }
  static std::string StageInfo(int stage, int attempt, int tasks, const std::string& extra = "") {
    return fmt::format(
        R"({{"Stage ID":{},"Stage Attempt ID":{},"Stage Name":"save at Orders.scala:{}","Number of Tasks":{},"RDD Info":[],"Parent IDs":[],"Details":"org.example.Orders.main","Accumulables":[],"Resource Profile Id":0{}}})",
        stage, attempt, 40 + stage, tasks, extra);
  }
  Log& JobStart(int job, const std::vector<std::pair<int, int>>& stages, int64_t t) {
    std::string infos, ids;
    for (auto [stage, tasks] : stages) {
      infos += (infos.empty() ? "" : ",") + StageInfo(stage, 0, tasks);
      ids += (ids.empty() ? "" : ",") + std::to_string(stage);
    }
    return Add(fmt::format(
        R"({{"Event":"SparkListenerJobStart","Job ID":{},"Submission Time":{},"Stage Infos":[{}],"Stage IDs":[{}],"Properties":{{"spark.jobGroup.id":"nightly","spark.sql.execution.id":"3"}}}})",
        job, kT0 + t, infos, ids));
  }
  Log& StageSubmitted(int stage, int attempt, int tasks, int64_t t) {
    return Add(fmt::format(
        R"({{"Event":"SparkListenerStageSubmitted","Stage Info":{},"Properties":{{"spark.scheduler.pool":"etl"}}}})",
        StageInfo(stage, attempt, tasks, fmt::format(R"(,"Submission Time":{})", kT0 + t))));
  }
  Log& StageCompleted(int stage, int attempt, int tasks, int64_t submitted, int64_t t,
                      const std::string& failure = "") {
    std::string extra =
        fmt::format(R"(,"Submission Time":{},"Completion Time":{})", kT0 + submitted, kT0 + t);
    if (!failure.empty()) extra += fmt::format(R"(,"Failure Reason":"{}")", failure);
    return Add(fmt::format(R"({{"Event":"SparkListenerStageCompleted","Stage Info":{}}})",
                           StageInfo(stage, attempt, tasks, extra)));
  }
  static std::string TaskInfo(int64_t id, int index, int attempt, const std::string& exec,
                              int64_t launch, int64_t finish, bool failed, bool killed) {
    return fmt::format(
        R"({{"Task ID":{},"Index":{},"Attempt":{},"Partition ID":{},"Launch Time":{},"Executor ID":"{}","Host":"10.0.0.{}","Locality":"PROCESS_LOCAL","Speculative":false,"Getting Result Time":0,"Finish Time":{},"Failed":{},"Killed":{},"Accumulables":[{{"ID":1,"Name":"number of output rows","Update":"10","Value":"10","Internal":true,"Count Failed Values":true}}]}})",
        id, index, attempt, index, kT0 + launch, exec, exec, finish ? kT0 + finish : 0,
        failed ? "true" : "false", killed ? "true" : "false");
  }
  Log& TaskStart(int stage, int64_t id, int index, int attempt, const std::string& exec,
                 int64_t launch) {
    return Add(fmt::format(
        R"({{"Event":"SparkListenerTaskStart","Stage ID":{},"Stage Attempt ID":0,"Task Info":{}}})",
        stage, TaskInfo(id, index, attempt, exec, launch, 0, false, false)));
  }
  // reason: the "Task End Reason" object.
  Log& TaskEnd(int stage, int64_t id, int index, int attempt, const std::string& exec,
               int64_t launch, int64_t finish, const std::string& reason, int stage_attempt = 0) {
    bool success = reason.find("\"Success\"") != std::string::npos ||
                   reason.find("\"Resubmitted\"") != std::string::npos;
    bool killed = reason.find("TaskKilled") != std::string::npos;
    return Add(fmt::format(
        R"({{"Event":"SparkListenerTaskEnd","Stage ID":{},"Stage Attempt ID":{},"Task Type":"ResultTask","Task End Reason":{},"Task Info":{},"Task Executor Metrics":{{"JVMHeapMemory":{},"ProcessTreeJVMRSSMemory":0}},"Task Metrics":{{"Executor Deserialize Time":5,"Executor Deserialize CPU Time":4000000,"Executor Run Time":{},"Executor CPU Time":90000000,"Peak Execution Memory":1024,"Result Size":2000,"JVM GC Time":7,"Result Serialization Time":1,"Memory Bytes Spilled":0,"Disk Bytes Spilled":0,"Shuffle Read Metrics":{{"Remote Blocks Fetched":2,"Local Blocks Fetched":1,"Fetch Wait Time":3,"Remote Bytes Read":300,"Remote Bytes Read To Disk":0,"Local Bytes Read":100,"Total Records Read":40}},"Shuffle Write Metrics":{{"Shuffle Bytes Written":500,"Shuffle Write Time":20000,"Shuffle Records Written":50}},"Input Metrics":{{"Bytes Read":1000,"Records Read":10}},"Output Metrics":{{"Bytes Written":0,"Records Written":0}},"Updated Blocks":[]}}}})",
        stage, stage_attempt, reason,
        TaskInfo(id, index, attempt, exec, launch, finish, !success && !killed, killed),
        100000000 + id, finish - launch - 10));
  }
  Log& JobEnd(int job, int64_t t, const std::string& failure = "") {
    std::string result =
        failure.empty()
            ? R"({"Result":"JobSucceeded"})"
            : fmt::format(R"({{"Result":"JobFailed","Exception":{{"Message":"{}"}}}})", failure);
    return Add(fmt::format(
        R"({{"Event":"SparkListenerJobEnd","Job ID":{},"Completion Time":{},"Job Result":{}}})",
        job, kT0 + t, result));
  }
  Log& AppEnd(int64_t t) {
    return Add(fmt::format(R"({{"Event":"SparkListenerApplicationEnd","Timestamp":{}}})", kT0 + t));
  }
  Log& Add(std::string line) {
    text_ += line + "\n";
    ++lines_;
    return *this;
  }
  const std::string& text() const { return text_; }
  int lines() const { return lines_; }

 private:
  std::string text_;
  int lines_ = 0;
};

const std::string kSuccess = R"({"Reason":"Success"})";
const std::string kBoom =
    R"({"Reason":"ExceptionFailure","Class Name":"java.lang.NumberFormatException","Description":"For input string: \"n/a\"","Stack Trace":[{"Declaring Class":"java.lang.Integer","Method Name":"parseInt","File Name":"Integer.java","Line Number":652}],"Full Stack Trace":"java.lang.NumberFormatException: For input string: \"n/a\"\n\tat java.lang.Integer.parseInt(Integer.java:652)\n","Accumulator Updates":[]})";

// A one-job application: stage 0 with 4 tasks, task index 2 fails once and succeeds.
Log SmallApp(const std::string& app = "spark-0a1b2c3d4e5f", const std::string& attempt = "") {
  Log log;
  log.LogStart().Environment(app).BlockManager("driver", "10.0.0.1", 0).AppStart(app, attempt);
  log.ExecutorAdded("1", "10.0.0.1", 1000).BlockManager("1", "10.0.0.1", 1001);
  log.ExecutorAdded("2", "10.0.0.2", 1100).BlockManager("2", "10.0.0.2", 1101);
  log.JobStart(0, {{0, 4}}, 2000).StageSubmitted(0, 0, 4, 2000);
  log.TaskStart(0, 0, 0, 0, "1", 2010).TaskStart(0, 1, 1, 0, "2", 2010);
  log.TaskStart(0, 2, 2, 0, "1", 2010).TaskStart(0, 3, 3, 0, "2", 2010);
  log.TaskEnd(0, 0, 0, 0, "1", 2010, 3010, kSuccess);
  log.TaskEnd(0, 1, 1, 0, "2", 2010, 3510, kSuccess);
  log.TaskEnd(0, 2, 2, 0, "1", 2010, 2510, kBoom);
  log.TaskStart(0, 4, 2, 1, "2", 3600).TaskEnd(0, 4, 2, 1, "2", 3600, 5600, kSuccess);
  log.TaskEnd(0, 3, 3, 0, "2", 2010, 4010, kSuccess);
  log.StageCompleted(0, 0, 4, 2000, 5700).JobEnd(0, 5800).AppEnd(9000);
  return log;
}

std::unique_ptr<Database> Load(const fs::path& bundle) {
  auto db = testing::NewDatabase();
  auto patterns = PatternSet::Compile({});
  Result<LoadResult> r = LoadBundle(bundle, *db, *patterns, LoadOptions{});
  EXPECT_TRUE(r.ok()) << (r ? "" : r.error().ToString());
  return db;
}

// Loads files given as (path inside the bundle, content) from a directory bundle.
std::unique_ptr<Database> LoadFiles(const std::vector<std::pair<std::string, std::string>>& files) {
  TempDir dir;
  for (const auto& [path, content] : files) WriteFile(dir.path() / "bundle" / path, content);
  return Load(dir.path() / "bundle");
}

std::string One(Database& db, const std::string& sql) {
  auto v = QueryColumn(db, sql);
  EXPECT_EQ(v.size(), 1u) << sql;
  return v.empty() ? std::string() : v[0];
}

TEST(EventLogLoaderTest, LoadsEveryEntityWithTheHistoryServersCounts) {
  Log log = SmallApp();
  auto db = LoadFiles({{"eventlogs/spark-0a1b2c3d4e5f", log.text()}});
  const std::string app = "'spark-0a1b2c3d4e5f'";
  EXPECT_EQ(One(*db, "SELECT kind || ' ' || status FROM bundle_files"), "event_log loaded");
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM load_errors"), 0);
  // Application.
  EXPECT_EQ(One(*db,
                "SELECT name || '|' || spark_user || '|' || app_spark_version || '|' || "
                "duration || '|' || completed FROM applications WHERE app_id = " +
                    app),
            "orders-etl|spark|3.5.1|9000|1");
  // Tasks: 5 attempts, one failed with its exception details.
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks"), 5);
  EXPECT_EQ(
      One(*db,
          "SELECT status || '|' || end_reason || '|' || exception_class || '|' || "
          "exception_description || '|' || duration FROM tasks WHERE task_id = 2"),
      "FAILED|ExceptionFailure|java.lang.NumberFormatException|For input string: \"n/a\"|500");
  EXPECT_EQ(One(*db, "SELECT error_message FROM tasks WHERE task_id = 2"),
            "java.lang.NumberFormatException: For input string: \"n/a\"\n\tat "
            "java.lang.Integer.parseInt(Integer.java:652)\n");
  EXPECT_EQ(One(*db,
                "SELECT executor_run_time || '|' || jvm_gc_time || '|' || "
                "shuffle_remote_bytes_read || '|' || shuffle_bytes_written || '|' || "
                "input_bytes_read || '|' || partition_id || '|' || task_type FROM tasks "
                "WHERE task_id = 4"),
            "1990|7|300|500|1000|2|ResultTask");
  // Each task row points at its TaskEnd line (the 19th line is task 4's end).
  EXPECT_EQ(One(*db, "SELECT source_line FROM tasks WHERE task_id = 4"), "19");
  // Stage and job counters as Spark counts them.
  EXPECT_EQ(One(*db,
                "SELECT status || '|' || num_tasks || '|' || num_complete_tasks || '|' || "
                "num_failed_tasks || '|' || num_completed_indices || '|' || "
                "num_active_tasks || '|' || scheduling_pool || '|' || executor_run_time "
                "FROM stages"),
            "COMPLETE|4|4|1|4|0|etl|" + std::to_string(990 + 1490 + 490 + 1990 + 1990));
  EXPECT_EQ(One(*db,
                "SELECT status || '|' || num_tasks || '|' || num_completed_tasks || '|' || "
                "num_failed_tasks || '|' || num_completed_indices || '|' || "
                "num_completed_stages || '|' || job_group || '|' || sql_execution_id FROM jobs"),
            "SUCCEEDED|4|4|1|4|1|nightly|3");
  // Executors: counts, durations and GC from the tasks; the driver from its block manager.
  EXPECT_EQ(One(*db,
                "SELECT total_tasks || '|' || completed_tasks || '|' || failed_tasks || "
                "'|' || total_duration || '|' || total_gc_time || '|' || max_tasks || '|' "
                "|| host_port FROM executors WHERE executor_id = '1'"),
            "2|1|1|1500|14|4|10.0.0.1:7079");
  EXPECT_EQ(One(*db, "SELECT total_duration FROM executors WHERE executor_id = 'driver'"), "9000");
  EXPECT_EQ(One(*db, "SELECT peak_jvm_heap_memory FROM executors WHERE executor_id = '2'"),
            "100000004");
  // The environment that came before ApplicationStart belongs to the application.
  EXPECT_EQ(One(*db,
                "SELECT value FROM spark_properties WHERE name = 'spark.executor.memory' "
                "AND app_id = " +
                    app),
            "4g");
  EXPECT_EQ(One(*db,
                "SELECT value FROM environment WHERE section = 'runtime' AND name = "
                "'javaVersion'"),
            "17.0.9");
  EXPECT_EQ(One(*db,
                "SELECT codec || '|' || lines || '|' || events || '|' || complete FROM "
                "event_logs"),
            "none|" + std::to_string(log.lines()) + "|" + std::to_string(log.lines()) + "|1");
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM executor_events WHERE event = 'added'"), 2);
}

TEST(EventLogLoaderTest, StoresTheDetailsOfEveryKindOfTaskEnd) {
  Log log;
  log.AppStart("spark-77aa88bb99cc")
      .ExecutorAdded("1", "10.0.0.1", 10)
      .ExecutorAdded("3", "10.0.0.3", 10);
  log.JobStart(0, {{0, 2}, {1, 3}}, 100).StageSubmitted(0, 0, 2, 100);
  log.TaskStart(0, 0, 0, 0, "3", 110).TaskEnd(0, 0, 0, 0, "3", 110, 200, kSuccess);
  log.TaskStart(0, 1, 1, 0, "1", 110).TaskEnd(0, 1, 1, 0, "1", 110, 210, kSuccess);
  log.StageCompleted(0, 0, 2, 100, 220).StageSubmitted(1, 0, 3, 300);
  log.TaskStart(1, 2, 0, 0, "1", 310)
      .TaskStart(1, 3, 1, 0, "1", 310)
      .TaskStart(1, 4, 2, 0, "1", 310);
  log.ExecutorRemoved("3", "Container killed by YARN for exceeding memory limits", 350);
  // Executor 3's map output is lost: Spark resubmits its task and stage 1 fails to fetch.
  log.TaskEnd(0, 0, 0, 0, "3", 110, 200, R"({"Reason":"Resubmitted"})");
  log.TaskEnd(
      1, 2, 0, 0, "1", 310, 400,
      R"({"Reason":"FetchFailed","Block Manager Address":{"Executor ID":"3","Host":"10.0.0.3","Port":7337},"Shuffle ID":4,"Map ID":0,"Map Index":0,"Reduce ID":0,"Message":"org.apache.spark.shuffle.FetchFailedException: Failed to connect to 10.0.0.3:7337"})");
  log.TaskEnd(
      1, 3, 1, 0, "1", 310, 410,
      R"({"Reason":"ExecutorLostFailure","Executor ID":"1","Exit Caused By App":false,"Loss Reason":"Executor heartbeat timed out after 130000 ms"})");
  log.TaskEnd(
      1, 4, 2, 0, "1", 310, 420,
      R"({"Reason":"TaskKilled","Kill Reason":"Stage cancelled","Accumulator Updates":[]})");
  log.StageCompleted(1, 0, 3, 300, 430, "org.apache.spark.shuffle.FetchFailedException");
  log.JobEnd(0, 440, "Job 0 cancelled because SparkContext was shut down").AppEnd(500);
  auto db = LoadFiles({{"eventlogs/spark-77aa88bb99cc", log.text()}});
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM load_errors"), 0);
  EXPECT_EQ(
      One(*db, "SELECT status || '|' || coalesce(resubmitted, 0) FROM tasks WHERE task_id = 0"),
      "SUCCESS|1");
  EXPECT_EQ(One(*db,
                "SELECT status || '|' || end_reason || '|' || fetch_failed_executor_id || "
                "'|' || fetch_failed_host || '|' || fetch_failed_port || '|' || "
                "fetch_shuffle_id || '|' || fetch_map_index || '|' || fetch_reduce_id "
                "FROM tasks WHERE task_id = 2"),
            "FAILED|FetchFailed|3|10.0.0.3|7337|4|0|0");
  EXPECT_EQ(One(*db, "SELECT error_message FROM tasks WHERE task_id = 2"),
            "FetchFailed(BlockManagerId(3, 10.0.0.3, 7337, None), shuffleId=4, mapIndex=0, "
            "mapId=0, reduceId=0, message=\norg.apache.spark.shuffle.FetchFailedException: "
            "Failed to connect to 10.0.0.3:7337\n)");
  EXPECT_EQ(One(*db,
                "SELECT end_reason || '|' || exit_caused_by_app || '|' || loss_reason || "
                "'|' || error_message FROM tasks WHERE task_id = 3"),
            "ExecutorLostFailure|0|Executor heartbeat timed out after 130000 ms|"
            "ExecutorLostFailure (executor 1 exited unrelated to the running tasks) Reason: "
            "Executor heartbeat timed out after 130000 ms");
  EXPECT_EQ(One(*db,
                "SELECT status || '|' || kill_reason || '|' || error_message || '|' || "
                "exception_class FROM tasks WHERE task_id = 4"),
            "KILLED|Stage cancelled|Stage cancelled|TaskKilled");
  // Resubmitted counts as a failure of stage 0 (whose attempt had ended) only while live:
  // stage 0 had already completed, so only stage 1's counters move.
  EXPECT_EQ(One(*db,
                "SELECT num_complete_tasks || '|' || num_failed_tasks || '|' || "
                "num_killed_tasks || '|' || status FROM stages WHERE stage_id = 1"),
            "0|2|1|FAILED");
  EXPECT_EQ(
      One(*db, "SELECT status || '|' || failure_reason || '|' || num_failed_stages FROM jobs"),
      "FAILED|Job 0 cancelled because SparkContext was shut down|1");
  EXPECT_EQ(
      One(*db, "SELECT remove_reason || '|' || is_active FROM executors WHERE executor_id = '3'"),
      "Container killed by YARN for exceeding memory limits|0");
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM executor_events WHERE event = 'removed'"), 1);
}

TEST(EventLogLoaderTest, AMalformedLineIsRecordedWithItsNumberAndLoadingGoesOn) {
  Log log = SmallApp();
  std::string text = log.text();
  // Break line 12 (a TaskStart) in the middle.
  size_t start = 0;
  for (int i = 1; i < 12; ++i) start = text.find('\n', start) + 1;
  text.insert(start + 30, "\"");
  auto db = LoadFiles({{"eventlogs/spark-0a1b2c3d4e5f", text}});
  auto errors =
      QueryColumn(*db, "SELECT line || '|' || severity || '|' || message FROM load_errors");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].starts_with("12|error|line 12 is not a Spark event")) << errors[0];
  EXPECT_EQ(One(*db, "SELECT status FROM bundle_files"), "partial");
  EXPECT_EQ(One(*db, "SELECT malformed_lines FROM event_logs"), "1");
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks"), 5);
  EXPECT_EQ(One(*db, "SELECT completed FROM applications"), "1");
}

TEST(EventLogLoaderTest, ACutLastLineIsAWarningAndTheLogIsIncomplete) {
  Log log = SmallApp();
  std::string text = log.text();
  text.resize(text.size() - 25);  // the end of ApplicationEnd and its newline are gone
  auto db = LoadFiles({{"eventlogs/spark-0a1b2c3d4e5f", text}});
  auto errors = QueryColumn(*db,
                            "SELECT coalesce(line, 0) || '|' || severity || '|' || message "
                            "FROM load_errors ORDER BY id");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_TRUE(errors[0].starts_with(std::to_string(log.lines()) + "|warning|the last line"))
      << errors[0];
  EXPECT_NE(errors[1].find("is incomplete"), std::string::npos) << errors[1];
  EXPECT_EQ(
      One(*db, "SELECT truncated || '|' || complete || '|' || has_application_end FROM event_logs"),
      "1|0|0");
  EXPECT_EQ(One(*db, "SELECT completed || '|' || coalesce(end_ms, 'running') FROM applications"),
            "0|running");
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks"), 5);
  EXPECT_NE(One(*db, "SELECT detail FROM bundle_files").find("incomplete"), std::string::npos);
}

TEST(EventLogLoaderTest, AnInProgressLogKeepsWhatIsRunning) {
  Log log;
  log.AppStart("spark-5e5e5e5e5e5e").ExecutorAdded("1", "10.0.0.1", 10);
  log.JobStart(0, {{0, 2}}, 100).StageSubmitted(0, 0, 2, 100);
  log.TaskStart(0, 0, 0, 0, "1", 110).TaskStart(0, 1, 1, 0, "1", 110);
  log.TaskEnd(0, 0, 0, 0, "1", 110, 200, kSuccess);
  auto db = LoadFiles({{"eventlogs/spark-5e5e5e5e5e5e.inprogress", log.text()}});
  EXPECT_EQ(One(*db,
                "SELECT status || '|' || coalesce(duration, 'none') || '|' || source_line "
                "FROM tasks WHERE task_id = 1"),
            "RUNNING|none|6");
  EXPECT_EQ(
      One(*db, "SELECT status || '|' || num_active_tasks || '|' || num_complete_tasks FROM stages"),
      "ACTIVE|1|1");
  EXPECT_EQ(One(*db, "SELECT status || '|' || num_active_tasks FROM jobs"), "RUNNING|1");
  EXPECT_EQ(One(*db, "SELECT in_progress || '|' || complete FROM event_logs"), "1|0");
  auto warnings = QueryColumn(*db, "SELECT message FROM load_errors WHERE severity = 'warning'");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find(".inprogress"), std::string::npos) << warnings[0];
}

TEST(EventLogLoaderTest, AttemptsOfOneApplicationStayApart) {
  auto db = LoadFiles({{"eventlogs/application_1700000000000_0042_1",
                        SmallApp("application_1700000000000_0042", "1").text()},
                       {"eventlogs/application_1700000000000_0042_2",
                        SmallApp("application_1700000000000_0042", "2").text()}});
  EXPECT_EQ(QueryColumn(*db, "SELECT attempt_id FROM applications ORDER BY 1"),
            (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks"), 10);
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks WHERE app_attempt_id = '2'"), 5);
  EXPECT_EQ(QueryInt(*db, "SELECT count(DISTINCT app_attempt_id) FROM spark_properties"), 2);
}

// Splits a log into rolling parts of about n lines.
std::vector<std::string> Parts(const std::string& text, int lines_per_part) {
  std::vector<std::string> parts;
  std::string current;
  int n = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    current += text.substr(start, nl - start + 1);
    start = nl + 1;
    if (++n == lines_per_part) {
      parts.push_back(current);
      current.clear();
      n = 0;
    }
  }
  if (!current.empty()) parts.push_back(current);
  return parts;
}

TEST(EventLogLoaderTest, RollingPartsInOrderMakeOneApplication) {
  const std::string app = "spark-0a1b2c3d4e5f";
  std::vector<std::string> parts = Parts(SmallApp(app).text(), 8);
  ASSERT_EQ(parts.size(), 3u);
  std::vector<std::pair<std::string, std::string>> files;
  std::string dir = "eventlogs/eventlog_v2_" + app + "/";
  for (size_t i = 0; i < parts.size(); ++i) {
    files.push_back({dir + fmt::format("events_{}_{}", i + 1, app), parts[i]});
  }
  files.push_back({dir + "appstatus_" + app, ""});
  auto db = LoadFiles(files);
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM load_errors"), 0);
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM applications"), 1);
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks"), 5);
  EXPECT_EQ(One(*db, "SELECT num_complete_tasks || '|' || num_failed_tasks FROM stages"), "4|1");
  EXPECT_EQ(QueryColumn(*db, "SELECT rolling_part || '|' || complete FROM event_logs ORDER BY 1"),
            (std::vector<std::string>{"1|1", "2|1", "3|1"}));
  EXPECT_EQ(QueryInt(*db,
                     "SELECT count(*) FROM bundle_files WHERE kind = 'event_log' AND "
                     "status = 'loaded'"),
            4);
}

TEST(EventLogLoaderTest, RollingPartsOutOfOrderAndAnInProgressMarkerAreReported) {
  const std::string app = "spark-0a1b2c3d4e5f";
  std::vector<std::string> parts = Parts(SmallApp(app).text(), 2);
  ASSERT_GE(parts.size(), 10u);
  std::vector<std::pair<std::string, std::string>> files;
  std::string dir = "eventlog_v2_" + app + "/";
  for (size_t i = 0; i < parts.size(); ++i) {
    files.push_back({dir + fmt::format("events_{}_{}", i + 1, app), parts[i]});
  }
  files.push_back({dir + "appstatus_" + app + ".inprogress", ""});
  // A directory bundle is read in name order: events_10, events_11, events_12, events_1, ...
  auto db = LoadFiles(files);
  auto warnings =
      QueryColumn(*db, "SELECT message FROM load_errors WHERE severity = 'warning' ORDER BY id");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("out of order (part 1 after part 12)"), std::string::npos)
      << warnings[0];
  EXPECT_NE(warnings[1].find(".inprogress"), std::string::npos) << warnings[1];
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks"), 5);
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM event_logs WHERE complete = 0"),
            static_cast<int64_t>(parts.size()));
}

std::string Zstd(const std::string& text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3));
  return out;
}

std::string Lz4Blocks(const std::string& text) {
  std::string out;
  auto le32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  for (size_t at = 0; at <= text.size(); at += 65536) {
    std::string_view chunk = std::string_view(text).substr(at, 65536);
    if (chunk.empty()) break;
    std::string packed(LZ4_compressBound(static_cast<int>(chunk.size())), '\0');
    packed.resize(LZ4_compress_default(chunk.data(), packed.data(), static_cast<int>(chunk.size()),
                                       static_cast<int>(packed.size())));
    out += "LZ4Block";
    out.push_back(static_cast<char>(0x20 | 6));
    le32(static_cast<uint32_t>(packed.size()));
    le32(static_cast<uint32_t>(chunk.size()));
    le32(Xxh32(chunk, 0x9747b28c) & 0x0FFFFFFFu);
    out += packed;
  }
  out += "LZ4Block";
  out.push_back(static_cast<char>(0x10 | 6));
  le32(0);
  le32(0);
  le32(0);
  return out;
}

TEST(EventLogLoaderTest, CompressedLogsInsideATarballLoadLikePlainOnes) {
  TempDir dir;
  std::string text = SmallApp("spark-00ff00ff00ff").text();
  fs::path tarball = dir.path() / "incident.tar.gz";
  {
    testing::ArchiveBuilder tar(tarball, testing::ArchiveBuilder::Compression::kGzip);
    tar.AddFile("incident/eventlogs/spark-00ff00ff00ff.zstd", Zstd(text));
    tar.AddFile("incident/eventlogs/spark-00ff00ff00fe.lz4",
                Lz4Blocks(SmallApp("spark-00ff00ff00fe").text()));
    tar.AddFile("incident/eventlogs/spark-00ff00ff00fd.snappy",
                std::string("\x82SNAPPY\0\0\0\0\1\0\0\0\1", 16));
    tar.Close();
  }
  auto db = Load(tarball);
  EXPECT_EQ(QueryColumn(*db, "SELECT path || '|' || status FROM bundle_files ORDER BY path"),
            (std::vector<std::string>{"eventlogs/spark-00ff00ff00fd.snappy|failed",
                                      "eventlogs/spark-00ff00ff00fe.lz4|loaded",
                                      "eventlogs/spark-00ff00ff00ff.zstd|loaded"}));
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks WHERE app_id = 'spark-00ff00ff00ff'"), 5);
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks WHERE app_id = 'spark-00ff00ff00fe'"), 5);
  EXPECT_EQ(QueryColumn(*db, "SELECT codec FROM event_logs ORDER BY path"),
            (std::vector<std::string>{"snappy", "lz4", "zstd"}));
  EXPECT_NE(One(*db, "SELECT detail FROM bundle_files WHERE path LIKE '%.snappy'")
                .find("unsupported codec snappy"),
            std::string::npos);
}

// An application with n tasks in one stage, several MiB of log.
Log BigApp(const std::string& app, int n) {
  Log log;
  log.AppStart(app).ExecutorAdded("1", "10.0.0.1", 10).ExecutorAdded("2", "10.0.0.2", 10);
  log.JobStart(0, {{0, n}}, 100).StageSubmitted(0, 0, n, 100);
  for (int i = 0; i < n; ++i) {
    std::string exec = i % 2 ? "2" : "1";
    log.TaskStart(0, i, i, 0, exec, 200 + i).TaskEnd(0, i, i, 0, exec, 200 + i, 900 + i, kSuccess);
  }
  log.StageCompleted(0, 0, n, 100, 2000 + n).JobEnd(0, 2100 + n).AppEnd(3000 + n);
  return log;
}

TEST(EventLogLoaderTest, LogsOfManyMegabytesLoadAcrossReadChunksPlainAndCompressed) {
  Log log = BigApp("spark-0b0b0b0b0b0b", 6000);
  ASSERT_GT(log.text().size(), 4u << 20);
  auto db = LoadFiles(
      {{"eventlogs/spark-0b0b0b0b0b0b", log.text()},
       {"eventlogs/spark-0c0c0c0c0c0c.zstd", Zstd(BigApp("spark-0c0c0c0c0c0c", 6000).text())},
       {"eventlogs/spark-0d0d0d0d0d0d.lz4", Lz4Blocks(BigApp("spark-0d0d0d0d0d0d", 6000).text())}});
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM load_errors"), 0);
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT app_id || '|' || count(*) || '|' || sum(status = 'SUCCESS') "
                        "|| '|' || max(source_line) FROM tasks GROUP BY app_id ORDER BY 1"),
            (std::vector<std::string>{"spark-0b0b0b0b0b0b|6000|6000|12005",
                                      "spark-0c0c0c0c0c0c|6000|6000|12005",
                                      "spark-0d0d0d0d0d0d|6000|6000|12005"}));
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT num_complete_tasks || '|' || num_completed_indices FROM "
                        "stages ORDER BY app_id"),
            (std::vector<std::string>{"6000|6000", "6000|6000", "6000|6000"}));
  EXPECT_EQ(QueryColumn(*db, "SELECT decoded_bytes = " + std::to_string(log.text().size()) +
                                 " FROM event_logs ORDER BY path"),
            (std::vector<std::string>{"1", "1", "1"}));
}

TEST(EventLogLoaderTest, RestJsonAndTheEventLogMergeIntoOneRowEitherWay) {
  const std::string app = "spark-0a1b2c3d4e5f";
  std::string rest_executors =
      R"([{"id":"1","hostPort":"10.0.0.1:7079","isActive":true,"rddBlocks":3,"memoryUsed":12345,"diskUsed":0,"totalCores":4,"maxTasks":4,"activeTasks":0,"failedTasks":0,"completedTasks":99,"totalTasks":99,"totalDuration":1,"totalGCTime":1,"totalInputBytes":0,"totalShuffleRead":0,"totalShuffleWrite":0,"isBlacklisted":false,"maxMemory":1,"addTime":"2026-05-28T20:26:41.000GMT","executorLogs":{},"memoryMetrics":{},"blacklistedInStages":[],"attributes":{},"resources":{},"resourceProfileId":0,"isExcluded":false,"excludedInStages":[]}])";
  // "eventlogs/" sorts before "spark/": the event log is read first; "zz/" after it.
  for (const std::string& log_path : {std::string("eventlogs/") + app, std::string("zz/") + app}) {
    SCOPED_TRACE(log_path);
    auto db = LoadFiles({{log_path, SmallApp(app).text()},
                         {"spark/" + app + "/allexecutors.json", rest_executors}});
    EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM executors WHERE executor_id = '1'"), 1);
    // The event log's counts win; REST fills what the event log does not know.
    EXPECT_EQ(One(*db,
                  "SELECT completed_tasks || '|' || rdd_blocks || '|' || memory_used || '|' "
                  "|| source_path FROM executors WHERE executor_id = '1'"),
              "1|3|12345|" + log_path);
  }
}

TEST(EventLogLoaderTest, ALineOverTheLimitIsSkippedWithAnError) {
  auto db = testing::NewDatabase();
  LoadContext ctx(*db, LoadLimits{});
  EventLogOptions options;
  options.max_line_bytes = 4096;
  EventLogLoader loader(ctx, options);
  Log log = SmallApp();
  std::string text = log.text();
  size_t second = text.find('\n') + 1;
  std::string huge = R"({"Event":"SparkListenerBlockUpdated","Block Updated Info":")" +
                     std::string(20000, 'x') + "\"}\n";
  text.insert(second, huge);
  testing::StringEntryStream stream(text);
  EntryOutcome o = loader.LoadEntry("eventlogs/spark-0a1b2c3d4e5f", "", stream, nullptr);
  EXPECT_EQ(o.status, "partial") << o.detail;
  ASSERT_TRUE(loader.Finish().ok());
  EXPECT_EQ(QueryColumn(*db, "SELECT line || ': ' || message FROM load_errors"),
            (std::vector<std::string>{"2: line 2 is not a Spark event: longer than 4096 bytes "
                                      "(starts with \"\")"}));
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks"), 5);
}

TEST(EventLogLoaderTest, TheTaskRowBudgetHoldsAcrossBatches) {
  auto db = testing::NewDatabase();
  LoadLimits limits;
  limits.max_rows_per_table = 2500;
  LoadContext ctx(*db, limits);
  EventLogLoader loader(ctx, EventLogOptions{});
  testing::StringEntryStream stream(BigApp("spark-0b0b0b0b0b0b", 6000).text());
  loader.LoadEntry("eventlogs/spark-0b0b0b0b0b0b", "", stream, nullptr);
  ASSERT_TRUE(loader.Finish().ok());
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks"), 2500);
  EXPECT_EQ(QueryInt(*db,
                     "SELECT count(*) FROM load_errors WHERE message LIKE "
                     "'table tasks reached the limit of 2500 rows%'"),
            1);
}

TEST(EventLogLoaderTest, KeysWithEscapesOrSpacesAroundTheColonAreRead) {
  std::string text = SmallApp().text();
  size_t end = text.find("\"SparkListenerTaskEnd\"");
  ASSERT_NE(end, std::string::npos);
  size_t key = text.find("\"Executor Run Time\":", end);
  text.replace(key, std::strlen("\"Executor Run Time\":"), "\"Executor\\u0020Run Time\" : ");
  key = text.find("\"Launch Time\":", end);
  text.replace(key, std::strlen("\"Launch Time\":"), "\"Launch Time\"\t: ");
  auto db = LoadFiles({{"eventlogs/spark-0a1b2c3d4e5f", text}});
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM load_errors"), 0);
  EXPECT_EQ(One(*db, "SELECT executor_run_time || '|' || duration FROM tasks WHERE task_id = 0"),
            "990|1000");
}

TEST(EventLogLoaderTest, NamesOfRollingLogsAreRecognised) {
  EventLogName n =
      ParseEventLogName("eventlogs/eventlog_v2_spark-1a2b3c/events_12_spark-1a2b3c.zstd");
  EXPECT_EQ(n.rolling_dir, "eventlogs/eventlog_v2_spark-1a2b3c");
  EXPECT_EQ(n.part, 12);
  EXPECT_EQ(n.app_hint, "spark-1a2b3c");
  n = ParseEventLogName("eventlog_v2_spark-1a2b3c/appstatus_spark-1a2b3c.inprogress");
  EXPECT_TRUE(n.status_marker);
  EXPECT_TRUE(n.in_progress);
  // A part given without its folder still names its application.
  n = ParseEventLogName("events_2_local-1623876083964.zstd");
  EXPECT_EQ(n.rolling_dir, "eventlog_v2_local-1623876083964");
  EXPECT_EQ(n.part, 2);
  n = ParseEventLogName("eventlogs/app-20240101000000-0001.lz4.inprogress");
  EXPECT_EQ(n.app_hint, "app-20240101000000-0001");
  EXPECT_TRUE(n.in_progress);
  EXPECT_FALSE(n.part.has_value());
  EXPECT_TRUE(IsCompressedEventLog(Zstd(SmallApp().text())));
  EXPECT_FALSE(IsCompressedEventLog(Zstd("hello")));
}

}  // namespace
}  // namespace sparkpm
