// The views the event log rules build on (stage_task_durations, executor_lifetimes,
// spark_timeline) over rows written here, and the thresholds of the rules that read
// them: each fires on the data it is about and stays quiet just below its threshold.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sparkpm/rule_catalog.h"
#include "sparkpm/rule_engine.h"
#include "sparkpm/stage_summary.h"
#include "test_support.h"

namespace sparkpm {
namespace {

using testing::QueryColumn;
using testing::QueryInt;

constexpr int64_t kT0 = 1780000000000;

void Exec(Database& db, const std::string& sql) {
  Status s = db.Exec(sql);
  ASSERT_TRUE(s.ok()) << sql << ": " << s.error().ToString();
}

// Inserts successful tasks of stage 1 attempt 0 with these run times (ms); each task's
// duration is its run time plus 10 ms.
void AddTasks(Database& db, const std::vector<int64_t>& run_times, int64_t first_id = 0) {
  int64_t id = first_id;
  for (int64_t run : run_times) {
    Exec(db, fmt::format("INSERT INTO tasks(app_id, app_attempt_id, stage_id, stage_attempt_id, "
                         "task_id, \"index\", attempt, launch_ms, duration, executor_id, host, "
                         "status, executor_run_time, source_path) VALUES ('app', '', 1, 0, {}, "
                         "{}, 0, {}, {}, '1', 'h1', 'SUCCESS', {}, 'eventlogs/app')",
                         id, id, kT0, run + 10, run));
    ++id;
  }
}

void AddStage(Database& db, int64_t run_time, int64_t gc_time, int64_t spilled = 0,
              int64_t input = 0) {
  Exec(db, fmt::format("INSERT INTO stages(app_id, app_attempt_id, stage_id, attempt_id, status, "
                       "name, submission_ms, completion_ms, executor_run_time, jvm_gc_time, "
                       "memory_bytes_spilled, disk_bytes_spilled, input_bytes, source_path) "
                       "VALUES ('app', '', 1, 0, 'COMPLETE', 'join at Etl.scala:12', {}, {}, {}, "
                       "{}, {}, {}, {}, 'eventlogs/app')",
                       kT0, kT0 + 600000, run_time, gc_time, spilled, spilled / 2, input));
}

// Rules run on a loaded database: the loader's per-stage summaries are taken first.
std::vector<std::string> Fired(Database& db) {
  EXPECT_TRUE(SummarizeStageTasks(db).ok());
  auto catalog = LoadRuleCatalog(std::nullopt);
  EXPECT_TRUE(catalog.ok());
  auto e = EvaluateRules(db, *catalog, RuleSettings{});
  EXPECT_TRUE(e.ok());
  std::vector<std::string> rules;
  for (const Finding& f : e->findings) rules.push_back(f.rule);
  return rules;
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST(EventLogViewsTest, QuantilesAreTakenAsSparksTaskSummaryTakesThem) {
  auto db = testing::NewDatabase();
  std::vector<int64_t> runs;
  for (int i = 20; i >= 1; --i) runs.push_back(i * 100);  // 100 .. 2000, unsorted
  AddTasks(*db, runs);
  AddStage(*db, 21000, 0);
  ASSERT_TRUE(SummarizeStageTasks(*db).ok());
  // n = 20: index min(q * n, n - 1) of the sorted list: 10, 15, 19.
  EXPECT_EQ(
      QueryColumn(*db,
                  "SELECT tasks || '|' || duration_p50 || '|' || duration_p75 || '|' "
                  "|| duration_p95 || '|' || duration_max || '|' || run_time_p50 || "
                  "'|' || run_time_max || '|' || skew_ratio || '|' || stage_name FROM "
                  "stage_task_durations"),
      (std::vector<std::string>{"20|1110|1610|2010|2010|1100|2000|1.8|join at Etl.scala:12"}));
  // Failed attempts do not count.
  Exec(*db, "UPDATE tasks SET status = 'FAILED' WHERE task_id = 0");
  ASSERT_TRUE(SummarizeStageTasks(*db).ok());
  EXPECT_EQ(QueryInt(*db, "SELECT tasks FROM stage_task_durations"), 19);
  EXPECT_EQ(QueryInt(*db, "SELECT run_time_max FROM stage_task_durations"), 1900);
  EXPECT_EQ(QueryInt(*db, "SELECT longest_task_index FROM stage_task_durations"), 1);
}

// max_held 0 takes the ordered pass that holds one stage attempt at a time; the default
// the one pass over the table.
class SummaryPassTest : public ::testing::TestWithParam<size_t> {};

TEST_P(SummaryPassTest, SummariesKeepStageAttemptsAndApplicationsApart) {
  const size_t max_held = GetParam();
  auto db = testing::NewDatabase();
  AddTasks(*db, {100, 300, 300, 200});  // stage 1.0 of 'app': two longest, indexes 1 and 2
  for (int i = 0; i < 3; ++i) {         // stage 1.1 of 'app', and stage 1.0 of 'other'
    Exec(*db, fmt::format("INSERT INTO tasks(app_id, app_attempt_id, stage_id, stage_attempt_id, "
                          "task_id, \"index\", duration, status, executor_run_time) VALUES "
                          "('app', '', 1, 1, {}, {}, {}, 'SUCCESS', NULL), "
                          "('other', '1', 1, 0, {}, {}, 7, 'SUCCESS', 5)",
                          100 + i, i, 1000 * (i + 1), 200 + i, i));
  }
  ASSERT_TRUE(SummarizeStageTasks(*db, max_held).ok());
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT app_id || '/' || app_attempt_id || '/' || stage_id || '.' || "
                        "stage_attempt_id || ':' || tasks || '|' || run_time_p50 || '|' || "
                        "run_time_max || '|' || longest_task_index FROM stage_task_quantiles "
                        "ORDER BY 1"),
            (std::vector<std::string>{"app//1.0:4|300|300|1", "app//1.1:3|2000|3000|2",
                                      "other/1/1.0:3|5|5|0"}));
  // Taken again, they replace the earlier rows.
  ASSERT_TRUE(SummarizeStageTasks(*db, max_held).ok());
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM stage_task_quantiles"), 3);
}

INSTANTIATE_TEST_SUITE_P(EventLogViewsTest, SummaryPassTest,
                         ::testing::Values(size_t{0}, size_t{3}, kMaxSummaryHeldTasks));

TEST(EventLogViewsTest, SkewFiresAboveTenTimesTheMedianWhenTheLongestTaskTookMinutes) {
  auto db = testing::NewDatabase();
  std::vector<int64_t> runs(19, 15000);
  runs.push_back(160000);  // 160 s, 10.7 times the 15 s median
  AddTasks(*db, runs);
  AddStage(*db, 19 * 15000 + 160000, 0);
  EXPECT_TRUE(Has(Fired(*db), "stage-performance.task-skew"));

  auto short_db = testing::NewDatabase();
  std::vector<int64_t> short_runs(19, 1000);
  short_runs.push_back(100000);  // 100 times the median, but under 2.5 minutes
  AddTasks(*short_db, short_runs);
  AddStage(*short_db, 119000, 0);
  EXPECT_FALSE(Has(Fired(*short_db), "stage-performance.task-skew"));

  auto mild_db = testing::NewDatabase();
  std::vector<int64_t> mild(19, 20000);
  mild.push_back(190000);  // 9.5 times: below the ratio
  AddTasks(*mild_db, mild);
  AddStage(*mild_db, 19 * 20000 + 190000, 0);
  EXPECT_FALSE(Has(Fired(*mild_db), "stage-performance.task-skew"));
}

TEST(EventLogViewsTest, GcAndSpillFireOnlyAboveTheirThresholds) {
  auto db = testing::NewDatabase();
  AddStage(*db, 1000000, 120000, int64_t{3} << 30, int64_t{10} << 30);  // 12% GC, 30% spill
  auto fired = Fired(*db);
  EXPECT_TRUE(Has(fired, "stage-performance.gc-time-ratio"));
  EXPECT_TRUE(Has(fired, "stage-performance.memory-spill"));

  auto quiet = testing::NewDatabase();
  AddStage(*quiet, 1000000, 90000, int64_t{512} << 20, int64_t{1} << 30);  // 9% GC, 0.5 GiB
  fired = Fired(*quiet);
  EXPECT_FALSE(Has(fired, "stage-performance.gc-time-ratio"));
  EXPECT_FALSE(Has(fired, "stage-performance.memory-spill"));

  auto cheap = testing::NewDatabase();
  AddStage(*cheap, 100000, 50000);  // 50% GC, but under 5 minutes of task time
  EXPECT_FALSE(Has(Fired(*cheap), "stage-performance.gc-time-ratio"));
}

TEST(EventLogViewsTest, ExecutorLifetimesNameTheLossAndTellFailuresFromReleases) {
  auto db = testing::NewDatabase();
  const std::vector<std::pair<std::string, std::string>> executors = {
      {"1", "Executor killed by driver."},
      {"2", "\nThe executor with id 2 exited with exit code 137(SIGKILL, possible container OOM)."},
      {"3", "Executor heartbeat timed out after 130000 ms"},
      {"4", "Executor Process Lost"},
      {"5", "Executor decommission: spot instance reclaimed"},
      {"6", ""},
  };
  for (const auto& [id, reason] : executors) {
    Exec(*db, fmt::format("INSERT INTO executors(app_id, app_attempt_id, executor_id, host, "
                          "add_ms, remove_ms, remove_reason) VALUES ('app', '', '{}', 'h{}', {}, "
                          "{}, {})",
                          id, id, kT0, reason.empty() ? "NULL" : std::to_string(kT0 + 60000),
                          reason.empty() ? "NULL" : "'" + reason + "'"));
  }
  Exec(*db,
       "INSERT INTO tasks(app_id, app_attempt_id, stage_id, stage_attempt_id, task_id, "
       "executor_id, status, end_reason, finish_ms) VALUES ('app', '', 1, 0, 9, '4', "
       "'FAILED', 'ExecutorLostFailure', " +
           std::to_string(kT0 + 60000) + ")");
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT executor_id || '|' || loss_category || '|' || lost || '|' "
                        "|| coalesce(lifetime_ms, '') || '|' || tasks_lost_with_it FROM "
                        "executor_lifetimes ORDER BY executor_id"),
            (std::vector<std::string>{
                "1|released by the driver|0|60000|0",
                "2|container memory limit (OOM kill)|1|60000|0",
                "3|heartbeat timeout|1|60000|0",
                "4|executor process lost|1|60000|1",
                "5|decommissioned|0|60000|0",
                "6|still running|0||0",
            }));
}

TEST(EventLogViewsTest, TheTimelinePutsEveryFailureOnOneUtcClock) {
  auto db = testing::NewDatabase();
  Exec(*db, fmt::format("INSERT INTO executors(app_id, app_attempt_id, executor_id, host, add_ms, "
                        "remove_ms, remove_reason, source_path, source_line) VALUES ('app', '', "
                        "'4', 'h4', {}, {}, 'Executor Process Lost', 'eventlogs/app', 40)",
                        kT0, kT0 + 1000));
  Exec(*db, fmt::format("INSERT INTO tasks(app_id, app_attempt_id, stage_id, stage_attempt_id, "
                        "task_id, executor_id, host, status, finish_ms, error_message, "
                        "source_path, source_line) VALUES ('app', '', 7, 0, 31, '5', 'h5', "
                        "'FAILED', {}, 'FetchFailed(BlockManagerId(4, h4, 7337, None), "
                        "shuffleId=2, mapIndex=0, mapId=3, reduceId=1, message=' || char(10) || "
                        "'boom' || char(10) || ')', 'eventlogs/app', 41)",
                        kT0 + 2000));
  Exec(*db, fmt::format("INSERT INTO stages(app_id, app_attempt_id, stage_id, attempt_id, status, "
                        "completion_ms, failure_reason) VALUES ('app', '', 7, 0, 'FAILED', {}, "
                        "'org.apache.spark.shuffle.FetchFailedException: boom')",
                        kT0 + 3000));
  Exec(*db, fmt::format("INSERT INTO jobs(app_id, app_attempt_id, job_id, status, completion_ms, "
                        "failure_reason) VALUES ('app', '', 2, 'FAILED', {}, 'Job 2 cancelled "
                        "because SparkContext was shut down')",
                        kT0 + 4000));
  Exec(*db, fmt::format("INSERT INTO executor_events(app_id, app_attempt_id, time_ms, event, "
                        "host, failures) VALUES ('app', '', {}, 'node_excluded', 'h9', 2)",
                        kT0 + 500));
  EXPECT_EQ(
      QueryColumn(*db,
                  "SELECT time_iso || ' ' || kind || ' ' || detail FROM "
                  "spark_timeline ORDER BY time_ms"),
      (std::vector<std::string>{
          "2026-05-28T20:26:40.500Z node_excluded node_excluded after 2 failures",
          "2026-05-28T20:26:41.000Z executor_lost executor process lost: Executor Process Lost",
          "2026-05-28T20:26:42.000Z task_failed FetchFailed(BlockManagerId(4, h4, 7337, "
          "None), shuffleId=2, mapIndex=0, mapId=3, reduceId=1, message=",
          "2026-05-28T20:26:43.000Z stage_failed org.apache.spark.shuffle."
          "FetchFailedException: boom",
          "2026-05-28T20:26:44.000Z job_failed Job 2 cancelled because SparkContext was "
          "shut down",
      }));
}

}  // namespace
}  // namespace sparkpm
