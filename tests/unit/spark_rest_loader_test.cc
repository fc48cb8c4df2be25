// Spark REST API v1 JSON into applications, jobs, stages, tasks, executors,
// spark_properties and environment: shapes, path hints, derived columns, bad items.
#include <gtest/gtest.h>

#include <string>

#include "sparkpm/json_loaders.h"
#include "sparkpm/time_parse.h"
#include "test_support.h"

namespace sparkpm {
namespace {

using testing::NewDatabase;
using testing::QueryColumn;
using testing::QueryInt;

class SparkRestLoaderTest : public ::testing::Test {
 protected:
  EntryOutcome Load(std::string_view path, std::string_view json) {
    simdjson::padded_string padded(json);
    return LoadJsonEntry(ctx_, path, padded);
  }
  int64_t Int(const std::string& sql) { return QueryInt(*db_, sql); }
  std::string Text(const std::string& sql) {
    auto v = QueryColumn(*db_, sql);
    return v.empty() ? std::string("<no row>") : v[0];
  }
  int64_t Errors() { return Int("SELECT count(*) FROM load_errors"); }

  std::unique_ptr<Database> db_ = NewDatabase();
  LoadLimits limits_;
  LoadContext ctx_{*db_, limits_};
};

int64_t SparkMs(std::string_view text) { return ParseSparkRestTimeMs(text).value(); }

TEST_F(SparkRestLoaderTest, ApplicationAttempts) {
  EntryOutcome o = Load("spark/app-20240101000000-0007/application.json", R"({
    "id": "app-20240101000000-0007", "name": "nightly",
    "coresGranted": 16, "maxCores": 32, "coresPerExecutor": 4, "memoryPerExecutorMB": 8192,
    "attempts": [
      {"attemptId": "2", "startTime": "2024-01-02T03:00:00.000GMT",
       "endTime": "1969-12-31T23:59:59.999GMT", "lastUpdated": "2024-01-02T03:30:00.000GMT",
       "duration": 0, "sparkUser": "etl", "completed": false, "appSparkVersion": "3.5.1",
       "startTimeEpoch": 1704164400000, "endTimeEpoch": -1, "lastUpdatedEpoch": 1704166200000},
      {"attemptId": "1", "startTime": "2024-01-02T02:00:00.000GMT",
       "endTime": "2024-01-02T02:40:00.500GMT", "duration": 2400500, "sparkUser": "etl",
       "completed": true, "exitCode": 1}
    ]})");
  EXPECT_EQ(o.kind, "spark_application");
  EXPECT_EQ(o.status, "loaded") << o.detail;
  EXPECT_EQ(o.detail, "1 application, 2 attempts");
  EXPECT_EQ(o.rows, 2);
  const std::string a2 = " FROM applications WHERE attempt_id = '2'";
  EXPECT_EQ(
      Text("SELECT app_id || '|' || name || '|' || spark_user || '|' || app_spark_version" + a2),
      "app-20240101000000-0007|nightly|etl|3.5.1");
  EXPECT_EQ(Int("SELECT start_ms" + a2), 1704164400000);
  EXPECT_EQ(Int("SELECT end_ms IS NULL" + a2), 1);  // -1: still running
  EXPECT_EQ(Int("SELECT last_updated_ms" + a2), 1704166200000);
  EXPECT_EQ(Int("SELECT completed" + a2), 0);
  EXPECT_EQ(Int("SELECT exit_code IS NULL" + a2), 1);
  EXPECT_EQ(Int("SELECT cores_granted * 1000000 + max_cores * 10000 + cores_per_executor * 1000 "
                "+ memory_per_executor_mb" +
                a2),
            16LL * 1000000 + 32 * 10000 + 4 * 1000 + 8192);
  // Without the epoch fields the GMT strings are parsed.
  const std::string a1 = " FROM applications WHERE attempt_id = '1'";
  EXPECT_EQ(Int("SELECT start_ms" + a1), SparkMs("2024-01-02T02:00:00.000GMT"));
  EXPECT_EQ(Int("SELECT end_ms" + a1), SparkMs("2024-01-02T02:40:00.500GMT"));
  EXPECT_EQ(Int("SELECT duration" + a1), 2400500);
  EXPECT_EQ(Int("SELECT exit_code" + a1), 1);
  EXPECT_EQ(Int("SELECT completed" + a1), 1);
}

TEST_F(SparkRestLoaderTest, ApplicationWithoutAttemptIdAndListOfApps) {
  EntryOutcome o = Load("spark/applications.json", R"([
    {"id": "spark-aa11", "name": "a", "attempts": [{"startTimeEpoch": 10, "endTimeEpoch": 20,
                                                    "completed": true}]},
    {"id": "spark-bb22", "name": "b", "attempts": [{"startTimeEpoch": 30, "endTimeEpoch": 40}]}])");
  EXPECT_EQ(o.kind, "spark_application");
  EXPECT_EQ(o.detail, "2 applications, 2 attempts");
  EXPECT_EQ(Int("SELECT count(*) FROM applications WHERE attempt_id = ''"), 2);
  EXPECT_EQ(Int("SELECT end_ms FROM applications WHERE app_id = 'spark-bb22'"), 40);
}

constexpr std::string_view kJobs = R"([
  {"jobId": 2, "name": "count at <console>:15", "description": "nightly count",
   "submissionTime": "2015-02-03T16:43:07.191GMT", "completionTime": "2015-02-03T16:43:07.226GMT",
   "stageIds": [3, 4], "jobGroup": "g1", "status": "FAILED",
   "numTasks": 8, "numActiveTasks": 0, "numCompletedTasks": 7, "numSkippedTasks": 0,
   "numFailedTasks": 1, "numKilledTasks": 0, "numCompletedIndices": 7, "numActiveStages": 0,
   "numCompletedStages": 0, "numSkippedStages": 0, "numFailedStages": 1,
   "killedTasksSummary": {}},
  {"jobId": 1, "status": "SUCCEEDED", "numTasks": 8}
])";

TEST_F(SparkRestLoaderTest, JobsTakeTheAppAndAttemptFromThePath) {
  EntryOutcome o = Load("spark/local-1426533911241/2/jobs.json", kJobs);
  EXPECT_EQ(o.kind, "spark_jobs");
  EXPECT_EQ(o.status, "loaded") << o.detail;
  EXPECT_EQ(o.detail, "2 jobs for app local-1426533911241 attempt 2");
  const std::string j = " FROM jobs WHERE job_id = 2";
  EXPECT_EQ(Text("SELECT app_id || '|' || app_attempt_id || '|' || name || '|' || description || "
                 "'|' || stage_ids || '|' || job_group || '|' || status || '|' || source_path" +
                 j),
            "local-1426533911241|2|count at <console>:15|nightly count|[3,4]|g1|FAILED|"
            "spark/local-1426533911241/2/jobs.json");
  EXPECT_EQ(Int("SELECT submission_ms" + j), SparkMs("2015-02-03T16:43:07.191GMT"));
  EXPECT_EQ(Int("SELECT completion_ms" + j), SparkMs("2015-02-03T16:43:07.226GMT"));
  EXPECT_EQ(Int("SELECT num_tasks * 1000 + num_completed_tasks * 100 + num_failed_tasks * 10 + "
                "num_failed_stages" +
                j),
            8000 + 700 + 10 + 1);
  EXPECT_EQ(Int("SELECT num_completed_indices" + j), 7);
  EXPECT_EQ(Int("SELECT description IS NULL FROM jobs WHERE job_id = 1"), 1);
}

TEST_F(SparkRestLoaderTest, SameEntityTwiceKeepsTheLaterCopy) {
  ASSERT_EQ(Load("spark/local-1/jobs.json", kJobs).status, "loaded");
  EntryOutcome o =
      Load("spark/local-1/jobs-again.json", R"([{"jobId": 1, "status": "FAILED", "numTasks": 9}])");
  EXPECT_EQ(o.rows, 1);
  EXPECT_EQ(Int("SELECT count(*) FROM jobs"), 2);
  EXPECT_EQ(Text("SELECT status || num_tasks FROM jobs WHERE job_id = 1"), "FAILED9");
}

TEST_F(SparkRestLoaderTest, SingleJobObject) {
  EntryOutcome o = Load("spark/local-1/jobs/0.json", R"({"jobId": 0, "status": "SUCCEEDED"})");
  EXPECT_EQ(o.kind, "spark_jobs");
  EXPECT_EQ(o.detail, "1 job for app local-1");
}

constexpr std::string_view kStageWithTasks = R"({
  "status": "FAILED", "stageId": 2, "attemptId": 1, "numTasks": 8, "numActiveTasks": 0,
  "numCompleteTasks": 7, "numFailedTasks": 1, "numKilledTasks": 0, "numCompletedIndices": 7,
  "submissionTime": "2015-02-03T16:43:07.191GMT",
  "firstTaskLaunchedTime": "2015-02-03T16:43:07.191GMT",
  "completionTime": "2015-02-03T16:43:07.226GMT",
  "failureReason": "Job aborted due to stage failure",
  "executorDeserializeTime": 36, "executorDeserializeCpuTime": 1000, "executorRunTime": 162,
  "executorCpuTime": 2000, "resultSize": 14, "jvmGcTime": 3, "resultSerializationTime": 1,
  "memoryBytesSpilled": 5, "diskBytesSpilled": 6, "peakExecutionMemory": 7,
  "inputBytes": 8, "inputRecords": 9, "outputBytes": 10, "outputRecords": 11,
  "shuffleRemoteBlocksFetched": 12, "shuffleLocalBlocksFetched": 13, "shuffleFetchWaitTime": 14,
  "shuffleRemoteBytesRead": 15, "shuffleRemoteBytesReadToDisk": 16,
  "shuffleLocalBytesRead": 17, "shuffleReadBytes": 18, "shuffleReadRecords": 19,
  "shuffleWriteBytes": 20, "shuffleWriteTime": 21, "shuffleWriteRecords": 22,
  "name": "count at <console>:20", "description": "d", "details": "org.apache.spark.rdd.RDD.count",
  "schedulingPool": "default", "rddIds": [3], "accumulatorUpdates": [],
  "resourceProfileId": 0,
  "peakExecutorMetrics": {"JVMHeapMemory": 100, "JVMOffHeapMemory": 50},
  "tasks": {
    "10": {"taskId": 10, "index": 2, "attempt": 0, "partitionId": 2,
           "launchTime": "2015-02-03T16:43:07.200GMT", "duration": 20, "executorId": "driver",
           "host": "localhost", "status": "FAILED", "taskLocality": "PROCESS_LOCAL",
           "speculative": false,
           "errorMessage": "java.lang.RuntimeException: got a 3, failing\n\tat $line11.x(<console>:18)\n",
           "taskMetrics": {"executorRunTime": 18, "jvmGcTime": 1,
                           "inputMetrics": {"bytesRead": 0, "recordsRead": 3},
                           "shuffleReadMetrics": {"remoteBlocksFetched": 4, "recordsRead": 5},
                           "shuffleWriteMetrics": {"bytesWritten": 6, "writeTime": 7,
                                                   "recordsWritten": 8}},
           "schedulerDelay": 2, "gettingResultTime": 0},
    "11": {"taskId": 11, "index": 3, "attempt": 1, "status": "SUCCESS"}
  },
  "executorSummary": {"driver": {"taskTime": 100, "failedTasks": 1}},
  "killedTasksSummary": {}
})";

TEST_F(SparkRestLoaderTest, StageObjectWithTasksMap) {
  EntryOutcome o = Load("spark/local-1422981780767/stages/2/1.json", kStageWithTasks);
  EXPECT_EQ(o.kind, "spark_stages");
  EXPECT_EQ(o.status, "loaded") << o.detail;
  EXPECT_EQ(o.detail, "1 stage, 2 tasks for app local-1422981780767");
  const std::string s = " FROM stages WHERE stage_id = 2 AND attempt_id = 1";
  EXPECT_EQ(Text("SELECT status || '|' || name || '|' || failure_reason || '|' || scheduling_pool "
                 "|| '|' || details" +
                 s),
            "FAILED|count at <console>:20|Job aborted due to stage failure|default|"
            "org.apache.spark.rdd.RDD.count");
  EXPECT_EQ(Int("SELECT num_failed_tasks" + s), 1);
  EXPECT_EQ(Int("SELECT num_complete_tasks" + s), 7);
  EXPECT_EQ(Int("SELECT completion_ms" + s), SparkMs("2015-02-03T16:43:07.226GMT"));
  // Every metric column equals its field (the fixture numbers them 36, 1000, 162, ... 22).
  EXPECT_EQ(Text("SELECT executor_deserialize_time || ',' || executor_deserialize_cpu_time || ',' "
                 "|| executor_run_time || ',' || executor_cpu_time || ',' || result_size || ',' "
                 "|| jvm_gc_time || ',' || result_serialization_time || ',' || "
                 "memory_bytes_spilled || ',' || disk_bytes_spilled || ',' || "
                 "peak_execution_memory || ',' || input_bytes || ',' || input_records || ',' || "
                 "output_bytes || ',' || output_records || ',' || shuffle_remote_blocks_fetched "
                 "|| ',' || shuffle_local_blocks_fetched || ',' || shuffle_fetch_wait_time || ',' "
                 "|| shuffle_remote_bytes_read || ',' || shuffle_remote_bytes_read_to_disk || ',' "
                 "|| shuffle_local_bytes_read || ',' || shuffle_read_bytes || ',' || "
                 "shuffle_read_records || ',' || shuffle_write_bytes || ',' || "
                 "shuffle_write_time || ',' || shuffle_write_records" +
                 s),
            "36,1000,162,2000,14,3,1,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22");
  EXPECT_EQ(Int("SELECT json_extract(peak_executor_metrics_json, '$.JVMHeapMemory')" + s), 100);

  const std::string t = " FROM tasks WHERE task_id = 10";
  EXPECT_EQ(Text("SELECT app_id || '|' || stage_id || '|' || stage_attempt_id || '|' || \"index\" "
                 "|| '|' || partition_id || '|' || executor_id || '|' || host || '|' || status "
                 "|| '|' || task_locality || '|' || speculative || '|' || exception_class" +
                 t),
            "local-1422981780767|2|1|2|2|driver|localhost|FAILED|PROCESS_LOCAL|0|"
            "java.lang.RuntimeException");
  EXPECT_EQ(Int("SELECT launch_ms" + t), SparkMs("2015-02-03T16:43:07.200GMT"));
  EXPECT_EQ(Text("SELECT executor_run_time || ',' || jvm_gc_time || ',' || input_records_read || "
                 "',' || shuffle_remote_blocks_fetched || ',' || shuffle_records_read || ',' || "
                 "shuffle_bytes_written || ',' || shuffle_write_time || ',' || "
                 "shuffle_records_written || ',' || scheduler_delay" +
                 t),
            "18,1,3,4,5,6,7,8,2");
  EXPECT_EQ(Int("SELECT executor_deserialize_time IS NULL" + t), 1);
  EXPECT_EQ(Int("SELECT attempt FROM tasks WHERE task_id = 11"), 1);
  EXPECT_EQ(Int("SELECT exception_class IS NULL FROM tasks WHERE task_id = 11"), 1);
}

TEST_F(SparkRestLoaderTest, TaskListTakesTheStageFromThePath) {
  EntryOutcome o = Load("spark/app-20161115172038-0000/stages/0/3/taskList.json", R"json([
    {"taskId": 1, "index": 1, "attempt": 0, "status": "FAILED",
     "errorMessage": "ExecutorLostFailure (executor 1 exited caused by one of the running tasks) Reason: Container killed"},
    {"taskId": 2, "index": 2, "attempt": 0, "status": "FAILED",
     "errorMessage": "FetchFailed(BlockManagerId(1, host, 7337, None), shuffleId=0, mapIndex=1)"},
    {"taskId": 3, "index": 3, "attempt": 1, "status": "KILLED",
     "errorMessage": "another attempt succeeded"},
    {"taskId": 4, "index": 4, "attempt": 0, "status": "FAILED",
     "errorMessage": "Resubmitted (resubmitted due to node loss)"},
    {"taskId": 5, "index": 5, "attempt": 0, "status": "FAILED",
     "errorMessage": "org.apache.spark.shuffle.FetchFailedException: Failed to open /x.index"},
    {"taskId": 6, "index": 6, "attempt": 0, "status": "FAILED",
     "errorMessage": "java.lang.OutOfMemoryError\n\tat x"},
    {"taskId": 7, "index": 7, "attempt": 0, "status": "FAILED",
     "errorMessage": "TaskKilled (Stage cancelled)"},
    {"taskId": 8, "index": 8, "attempt": 0, "status": "FAILED",
     "errorMessage": "Some free text: not a class"}])json");
  EXPECT_EQ(o.kind, "spark_tasks");
  EXPECT_EQ(o.status, "loaded") << o.detail;
  EXPECT_EQ(o.detail, "8 tasks for app app-20161115172038-0000, stage 0 attempt 3");
  EXPECT_EQ(Errors(), 0);
  EXPECT_EQ(Int("SELECT count(*) FROM tasks WHERE stage_id = 0 AND stage_attempt_id = 3"), 8);
  EXPECT_EQ(
      QueryColumn(*db_,
                  "SELECT coalesce(exception_class, 'NULL') FROM tasks ORDER BY "
                  "task_id"),
      (std::vector<std::string>{"ExecutorLostFailure", "FetchFailed", "TaskKilled", "Resubmitted",
                                "org.apache.spark.shuffle.FetchFailedException",
                                "java.lang.OutOfMemoryError", "TaskKilled", "NULL"}));
}

TEST_F(SparkRestLoaderTest, TaskListWithoutStageWarns) {
  EntryOutcome o = Load("downloads/tasks.json", R"([{"taskId": 1, "index": 0}])");
  EXPECT_EQ(o.kind, "spark_tasks");
  EXPECT_EQ(o.status, "loaded");
  EXPECT_EQ(Int("SELECT stage_id FROM tasks"), -1);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE severity = 'warning' AND path = "
                "'downloads/tasks.json' AND message LIKE '%stage_id -1%'"),
            1);
}

TEST_F(SparkRestLoaderTest, Executors) {
  EntryOutcome o = Load("spark/application_1553914137147_0018/allexecutors.json", R"([
    {"id": "driver", "hostPort": "10.0.0.1:40123", "isActive": true, "rddBlocks": 0,
     "memoryUsed": 1, "diskUsed": 2, "totalCores": 0, "maxTasks": 0, "activeTasks": 0,
     "failedTasks": 0, "completedTasks": 0, "totalTasks": 0, "totalDuration": 3,
     "totalGCTime": 4, "totalInputBytes": 5, "totalShuffleRead": 6, "totalShuffleWrite": 7,
     "isBlacklisted": true, "maxMemory": 8, "addTime": "2019-04-08T20:39:00.000GMT",
     "executorLogs": {}, "peakMemoryMetrics": {"JVMHeapMemory": 11, "JVMOffHeapMemory": 12,
       "OnHeapExecutionMemory": 13, "OffHeapExecutionMemory": 14,
       "ProcessTreeJVMRSSMemory": 15, "TotalGCTime": 16, "MinorGCCount": 17},
     "resources": {"gpu": {"name": "gpu", "addresses": ["0", "1"]}}, "resourceProfileId": 0},
    {"id": "7", "hostPort": "exec-7.svc:7078", "isActive": false, "totalTasks": 40,
     "failedTasks": 3, "isExcluded": false, "isBlacklisted": true,
     "addTime": "2019-04-08T20:40:00.000GMT", "removeTime": "2019-04-08T20:50:00.000GMT",
     "removeReason": "Container killed by YARN for exceeding memory limits"}])");
  EXPECT_EQ(o.kind, "spark_executors");
  EXPECT_EQ(o.status, "loaded") << o.detail;
  EXPECT_EQ(o.detail, "2 executors for app application_1553914137147_0018");
  const std::string d = " FROM executors WHERE executor_id = 'driver'";
  EXPECT_EQ(Text("SELECT host_port || '|' || host || '|' || is_active || '|' || is_excluded" + d),
            "10.0.0.1:40123|10.0.0.1|1|1");
  EXPECT_EQ(Text("SELECT memory_used || ',' || disk_used || ',' || total_duration || ',' || "
                 "total_gc_time || ',' || total_input_bytes || ',' || total_shuffle_read || ',' "
                 "|| total_shuffle_write || ',' || max_memory" +
                 d),
            "1,2,3,4,5,6,7,8");
  EXPECT_EQ(Text("SELECT peak_jvm_heap_memory || ',' || peak_jvm_off_heap_memory || ',' || "
                 "peak_on_heap_execution_memory || ',' || peak_off_heap_execution_memory || ',' "
                 "|| peak_process_tree_jvm_rss_memory || ',' || peak_total_gc_time" +
                 d),
            "11,12,13,14,15,16");
  EXPECT_EQ(Int("SELECT json_extract(peak_memory_metrics_json, '$.MinorGCCount')" + d), 17);
  EXPECT_EQ(Text("SELECT json_extract(resources_json, '$.gpu.addresses[1]')" + d), "1");
  EXPECT_EQ(Int("SELECT add_ms" + d), SparkMs("2019-04-08T20:39:00.000GMT"));
  EXPECT_EQ(Int("SELECT remove_ms IS NULL" + d), 1);
  const std::string e = " FROM executors WHERE executor_id = '7'";
  // isExcluded wins over the older isBlacklisted when both are present.
  EXPECT_EQ(Text("SELECT host || '|' || is_active || '|' || is_excluded || '|' || total_tasks || "
                 "'|' || failed_tasks || '|' || remove_reason" +
                 e),
            "exec-7.svc|0|0|40|3|Container killed by YARN for exceeding memory limits");
  EXPECT_EQ(Int("SELECT remove_ms" + e), SparkMs("2019-04-08T20:50:00.000GMT"));
}

constexpr std::string_view kEnvironment = R"({
  "runtime": {"javaVersion": "17.0.9", "javaHome": "/opt/java", "scalaVersion": "2.12.18"},
  "sparkProperties": [["spark.app.id", "spark-0f0f1e2d"], ["spark.executor.memory", "4g"],
                      ["spark.app.name", "etl"]],
  "hadoopProperties": [["fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem"]],
  "systemProperties": [["java.vm.version", "17.0.9+9"], ["user.timezone", "UTC"]],
  "metricsProperties": [["*.sink.servlet.path", "/metrics/json"]],
  "classpathEntries": [["/opt/spark/jars/spark-core.jar", "System Classpath"]],
  "resourceProfiles": [{"id": 0}]
})";

TEST_F(SparkRestLoaderTest, EnvironmentNamesItsApplication) {
  EntryOutcome o = Load("environment.json", kEnvironment);
  EXPECT_EQ(o.kind, "spark_environment");
  EXPECT_EQ(o.status, "loaded") << o.detail;
  EXPECT_EQ(o.detail, "3 Spark properties, 8 environment entries for app spark-0f0f1e2d");
  EXPECT_EQ(Text("SELECT value FROM spark_properties WHERE app_id = 'spark-0f0f1e2d' AND name = "
                 "'spark.executor.memory'"),
            "4g");
  EXPECT_EQ(Text("SELECT value FROM environment WHERE section = 'runtime' AND name = "
                 "'javaVersion'"),
            "17.0.9");
  EXPECT_EQ(Text("SELECT value FROM environment WHERE section = 'systemProperties' AND name = "
                 "'user.timezone'"),
            "UTC");
  EXPECT_EQ(Text("SELECT value FROM environment WHERE section = 'classpathEntries'"),
            "System Classpath");
  EXPECT_EQ(Int("SELECT count(*) FROM environment WHERE section = 'hadoopProperties'"), 1);
  EXPECT_EQ(Int("SELECT count(*) FROM environment WHERE section = 'metricsProperties'"), 1);
  // Loading it again replaces it rather than doubling the environment rows.
  ASSERT_EQ(Load("spark/spark-0f0f1e2d/environment.json", kEnvironment).status, "loaded");
  EXPECT_EQ(Int("SELECT count(*) FROM environment"), 8);
  EXPECT_EQ(Int("SELECT count(*) FROM spark_properties"), 3);
}

TEST_F(SparkRestLoaderTest, EnvironmentWithoutAppIdUsesThePath) {
  EntryOutcome o = Load("spark/local-99/1/environment.json",
                        R"({"sparkProperties": [["spark.master", "local[*]"], ["bad"], 7,
                                                ["spark.x", null]],
                            "runtime": {"javaVersion": "1.8"}})");
  EXPECT_EQ(o.status, "partial");
  EXPECT_EQ(Text("SELECT app_id || '|' || app_attempt_id || '|' || value FROM spark_properties "
                 "WHERE name = 'spark.master'"),
            "local-99|1|local[*]");
  EXPECT_EQ(Int("SELECT value IS NULL FROM spark_properties WHERE name = 'spark.x'"), 1);
  // ["bad"] has a name and no value: kept with NULL; 7 is not a pair.
  EXPECT_EQ(Int("SELECT count(*) FROM spark_properties"), 3);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE message LIKE 'sparkProperties[2]%'"), 1);
}

TEST_F(SparkRestLoaderTest, WrongTypesNeverCrashAndAreRecorded) {
  EntryOutcome o = Load("spark/local-5/stages.json", R"([
    {"stageId": "one", "attemptId": 0},
    {"stageId": 1, "attemptId": 0, "numTasks": "ten", "name": 42, "submissionTime": "yesterday",
     "peakExecutorMetrics": {"a": 1}},
    [1, 2],
    null,
    {"stageId": 2, "attemptId": 0, "numTasks": 4, "tasks": {"9": "not a task", "10": {"index": 1}}}
  ])");
  EXPECT_EQ(o.kind, "spark_stages");
  EXPECT_EQ(o.status, "partial");
  EXPECT_EQ(Int("SELECT count(*) FROM stages"), 2);
  EXPECT_EQ(Int("SELECT num_tasks IS NULL AND name IS NULL AND submission_ms IS NULL FROM stages "
                "WHERE stage_id = 1"),
            1);
  EXPECT_EQ(Int("SELECT num_tasks FROM stages WHERE stage_id = 2"), 4);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE message LIKE 'item 0:%stageId%'"), 1);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE message LIKE 'item 1 (stage 1 attempt 0)"
                "%numTasks: expected integer, found string%'"),
            1);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE message LIKE 'item 2 is a JSON array%'"),
            1);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE message LIKE 'item 3 is a JSON null%'"), 1);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE message LIKE '%tasks[\"9\"] is a JSON "
                "string%'"),
            1);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE message LIKE '%tasks[\"10\"]: task "
                "without an integer taskId%'"),
            1);
  EXPECT_EQ(Int("SELECT count(*) FROM tasks"), 0);
}

TEST_F(SparkRestLoaderTest, ShapesThatAreNotLoaded) {
  EntryOutcome summary = Load("spark/local-1/stages/0/0/taskSummary.json",
                              R"({"quantiles": [0.05, 0.5], "duration": [1.0, 2.0],
                                  "executorRunTime": [1.0, 2.0]})");
  EXPECT_EQ(summary.kind, "spark_task_summary");
  EXPECT_EQ(summary.status, "skipped");
  EXPECT_FALSE(summary.detail.empty());
  EntryOutcome rdd = Load("spark/local-1/storage/rdd/0.json",
                          R"({"id": 0, "name": "0", "numPartitions": 8, "numCachedPartitions": 8,
                              "storageLevel": "Memory Deserialized 1x Replicated"})");
  EXPECT_EQ(rdd.kind, "spark_storage");
  EXPECT_EQ(rdd.status, "skipped");
  EntryOutcome misc = Load("spark/local-1/allmiscellaneousprocess.json",
                           R"([{"id": "yarn-am", "hostPort": "host:5555", "isActive": true,
                                "totalCores": 1, "addTime": "2019-04-08T20:39:00.000GMT",
                                "processLogs": {}}])");
  EXPECT_EQ(misc.kind, "spark_misc_process");
  EXPECT_EQ(misc.status, "skipped");
  EntryOutcome sql = Load("spark/local-1/sql.json",
                          R"([{"id": 0, "status": "COMPLETED", "description": "q",
                               "planDescription": "== Physical Plan ==", "nodes": [], "edges": []}])");
  EXPECT_EQ(sql.kind, "spark_sql");
  EXPECT_EQ(sql.status, "skipped");
  EXPECT_EQ(Int("SELECT count(*) FROM executors"), 0);
  EXPECT_EQ(Errors(), 0);
}

TEST_F(SparkRestLoaderTest, PathHintsFindTheAppOutsideTheSparkFolder) {
  // A History Server download kept its URL layout.
  ASSERT_EQ(Load("api/v1/applications/app-20180109111548-0000/jobs", R"([{"jobId": 0}])").status,
            "loaded");
  ASSERT_EQ(Load("incident/local-1430917381534/stages/1/0/taskList.json",
                 R"([{"taskId": 4, "index": 0}])")
                .status,
            "loaded");
  EXPECT_EQ(Text("SELECT app_id FROM jobs"), "app-20180109111548-0000");
  EXPECT_EQ(Text("SELECT app_id || '|' || stage_id || '|' || stage_attempt_id FROM tasks"),
            "local-1430917381534|1|0");
}

}  // namespace
}  // namespace sparkpm
