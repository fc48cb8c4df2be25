// The JSON entry point: parse errors, depth and size limits, classification by
// content, manifest.json, and what FinishJsonLoading fills in afterwards.
#include "sparkpm/json_loaders.h"

#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace sparkpm {
namespace {

using testing::NewDatabase;
using testing::QueryColumn;
using testing::QueryInt;

class JsonLoadersTest : public ::testing::Test {
 protected:
  // Loads one entry from inline text.
  EntryOutcome Load(std::string_view path, std::string_view json) {
    simdjson::padded_string padded(json);
    return LoadJsonEntry(ctx_, path, padded);
  }
  int64_t Count(const std::string& sql) { return QueryInt(*db_, sql); }

  std::unique_ptr<Database> db_ = NewDatabase();
  LoadLimits limits_;
  LoadContext ctx_{*db_, limits_};
};

TEST_F(JsonLoadersTest, ParseErrorIsFailedAndNotJson) {
  EntryOutcome o = Load("k8s/pods.json", R"({"kind": "PodList", "items": [ }")");
  EXPECT_EQ(o.status, "failed");
  EXPECT_TRUE(o.not_json);
  EXPECT_NE(o.detail.find("not valid JSON"), std::string::npos) << o.detail;
  EXPECT_EQ(o.rows, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM pods"), 0);
}

TEST_F(JsonLoadersTest, JsonLinesIsNotOneDocument) {
  EntryOutcome o = Load("logs/driver.log", "{\"a\": 1}\n{\"a\": 2}\n");
  EXPECT_EQ(o.status, "failed");
  EXPECT_TRUE(o.not_json);
}

TEST_F(JsonLoadersTest, EmptyEntryIsNotJson) {
  EntryOutcome o = Load("empty.json", "");
  EXPECT_EQ(o.status, "failed");
  EXPECT_TRUE(o.not_json);
}

TEST_F(JsonLoadersTest, HundredThousandOpenBracketsFailCleanly) {
  EntryOutcome open = Load("deep.json", std::string(100000, '['));
  EXPECT_EQ(open.status, "failed");
  EXPECT_TRUE(open.not_json);
  EXPECT_NE(open.detail.find("not valid JSON"), std::string::npos) << open.detail;
  // Balanced, the same nesting is refused for its depth.
  EntryOutcome balanced = Load("deep.json", std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_EQ(balanced.status, "failed");
  EXPECT_TRUE(balanced.not_json);
  EXPECT_NE(balanced.detail.find("deeper than 512"), std::string::npos) << balanced.detail;
  EXPECT_EQ(Count("SELECT count(*) FROM bundle_files"), 0);
}

TEST_F(JsonLoadersTest, DeepBalancedObjectsFailCleanly) {
  std::string json;
  for (int i = 0; i < 100000; ++i) json += "{\"a\":";
  json += "1";
  json += std::string(100000, '}');
  EntryOutcome o = Load("deep.json", json);
  EXPECT_EQ(o.status, "failed");
  EXPECT_TRUE(o.not_json);
}

TEST_F(JsonLoadersTest, DepthLimitComesFromLoadLimits) {
  std::string json = std::string(20, '[') + std::string(20, ']');
  LoadLimits tight;
  tight.max_json_depth = 10;
  LoadContext tight_ctx(*db_, tight);
  simdjson::padded_string padded(json);
  EXPECT_EQ(LoadJsonEntry(tight_ctx, "x.json", padded).status, "failed");
  // Within the default limit the same document parses (and is of no known shape).
  EntryOutcome o = Load("x.json", json);
  EXPECT_EQ(o.status, "skipped");
  EXPECT_FALSE(o.not_json);
}

TEST_F(JsonLoadersTest, OversizedEntryIsRejected) {
  LoadLimits small;
  small.max_json_bytes = 16;
  LoadContext small_ctx(*db_, small);
  simdjson::padded_string padded(std::string(R"({"kind": "PodList", "items": []})"));
  EntryOutcome o = LoadJsonEntry(small_ctx, "k8s/pods.json", padded);
  EXPECT_EQ(o.status, "rejected");
  EXPECT_EQ(Count("SELECT count(*) FROM load_errors WHERE path = 'k8s/pods.json'"), 1);
}

TEST_F(JsonLoadersTest, UnknownObjectNamesItsKeys) {
  EntryOutcome o = Load("notes.json", R"({"a": 1, "b": [2], "c": {"d": 3}})");
  EXPECT_EQ(o.kind, "other");
  EXPECT_EQ(o.status, "skipped");
  EXPECT_EQ(o.detail, "JSON of unknown shape (keys: a, b, c)");
  EXPECT_EQ(o.rows, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM load_errors"), 0);
}

TEST_F(JsonLoadersTest, UnknownArrayAndScalarAreSkipped) {
  EntryOutcome arr = Load("x.json", R"([{"foo": 1}, {"foo": 2}])");
  EXPECT_EQ(arr.kind, "other");
  EXPECT_EQ(arr.status, "skipped");
  EXPECT_NE(arr.detail.find("keys: foo"), std::string::npos) << arr.detail;
  EntryOutcome numbers = Load("x.json", "[1, 2, 3]");
  EXPECT_EQ(numbers.status, "skipped");
  EXPECT_NE(numbers.detail.find("number"), std::string::npos) << numbers.detail;
  EntryOutcome scalar = Load("x.json", "\"just text\"");
  EXPECT_EQ(scalar.kind, "other");
  EXPECT_EQ(scalar.status, "skipped");
}

TEST_F(JsonLoadersTest, EmptyArrayIsClassifiedByPath) {
  EntryOutcome jobs = Load("spark/app-20240101000000-0001/jobs.json", "[]");
  EXPECT_EQ(jobs.kind, "spark_jobs");
  EXPECT_EQ(jobs.status, "loaded");
  EXPECT_EQ(jobs.rows, 0);
  EXPECT_EQ(Load("spark/app-1x/stages/3/0/taskList.json", "[ ]").kind, "spark_tasks");
  EXPECT_EQ(Load("spark/local-123/allexecutors.json", "[]").kind, "spark_executors");
  EXPECT_EQ(Load("spark/applications.json", "[]").kind, "spark_application");
  EntryOutcome rdd = Load("spark/local-123/storage/rdd.json", "[]");
  EXPECT_EQ(rdd.kind, "spark_storage");
  EXPECT_EQ(rdd.status, "skipped");
  EntryOutcome other = Load("random.json", "[]");
  EXPECT_EQ(other.kind, "other");
  EXPECT_EQ(other.status, "skipped");
  EXPECT_EQ(other.detail, "empty JSON array");
}

TEST_F(JsonLoadersTest, PrometheusResponsesAreKeptButNotAnalysed) {
  EntryOutcome o = Load("metrics/executor_memory.json", R"({
    "status": "success",
    "data": {"resultType": "matrix", "result": [
      {"metric": {"pod": "exec-1"}, "values": [[1700000000, "123"]]},
      {"metric": {"pod": "exec-2"}, "values": [[1700000000, "456"]]}]}})");
  EXPECT_EQ(o.kind, "metrics");
  EXPECT_EQ(o.status, "skipped");
  EXPECT_NE(o.detail.find("matrix"), std::string::npos);
  EXPECT_NE(o.detail.find("2 series"), std::string::npos) << o.detail;
  EXPECT_NE(o.detail.find("not analysed by this version"), std::string::npos);
  EntryOutcome err =
      Load("metrics/bad.json",
           R"({"status": "error", "errorType": "bad_data", "error": "parse error"})");
  EXPECT_EQ(err.kind, "metrics");
  EXPECT_EQ(err.status, "skipped");
  EXPECT_NE(err.detail.find("parse error"), std::string::npos);
}

TEST_F(JsonLoadersTest, KubernetesKindsThisVersionDoesNotAnalyseAreSkipped) {
  EntryOutcome cm = Load("k8s/cm.json",
                         R"({"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "x"}})");
  EXPECT_EQ(cm.kind, "other");
  EXPECT_EQ(cm.status, "skipped");
  EXPECT_NE(cm.detail.find("ConfigMap"), std::string::npos);
  EntryOutcome status = Load("k8s/pods.json", R"({"kind": "Status", "apiVersion": "v1",
      "status": "Failure", "message": "pods is forbidden", "reason": "Forbidden"})");
  EXPECT_EQ(status.status, "skipped");
  EXPECT_NE(status.detail.find("pods is forbidden"), std::string::npos);
}

TEST_F(JsonLoadersTest, ContentDecidesNotTheFileName) {
  // A pod list under a log-like name and jobs under a pods-like name.
  EntryOutcome pods = Load("driver.log.json", R"({"kind": "PodList", "apiVersion": "v1",
      "items": [{"metadata": {"name": "p1"}, "spec": {"containers": []}}]})");
  EXPECT_EQ(pods.kind, "pods");
  EXPECT_EQ(Count("SELECT count(*) FROM pods WHERE name = 'p1'"), 1);
  EntryOutcome jobs = Load("k8s/pods.json", R"([{"jobId": 7, "status": "FAILED"}])");
  EXPECT_EQ(jobs.kind, "spark_jobs");
  EXPECT_EQ(Count("SELECT count(*) FROM jobs WHERE job_id = 7 AND status = 'FAILED'"), 1);
}

constexpr std::string_view kManifest = R"({
  "format": "sparkpm-bundle",
  "version": 1,
  "created_at": "2026-11-21T10:42:00Z",
  "collector": {"name": "sparkpm-collect", "version": "0.3.0"},
  "target": {"context": "prod-eu", "namespace": "spark-jobs", "app_id": "spark-7f3c",
             "app_name": "nightly-etl", "selector": "spark-app-selector=spark-7f3c"},
  "window": {"since": "2026-11-21T04:42:00Z", "until": "2026-11-21T10:42:00Z"},
  "items": [
    {"path": "k8s/pods.json", "source": "kubectl get pods -o json", "status": "ok",
     "bytes": 48213, "sha256": "ab12", "duration_ms": 412},
    {"path": "logs/exec-7/spark-kubernetes-executor.previous.log", "status": "error",
     "error": "previous terminated container not found"},
    {"path": "logs/driver/spark-kubernetes-driver.log", "status": "truncated",
     "bytes": 52428800, "note": "kept the last 50 MiB"},
    {"path": "k8s/events.json", "status": "ok", "bytes": 10}
  ],
  "redaction": {"enabled": true, "rules": [{"id": "spark-conf-secret", "count": 3}]}
})";

std::string Meta(Database& db, const std::string& key) {
  auto v = QueryColumn(db, "SELECT value FROM bundle_meta WHERE key = '" + key + "'");
  return v.empty() ? std::string("<absent>") : v[0];
}

TEST_F(JsonLoadersTest, ManifestFillsItemsAndMeta) {
  EntryOutcome o = Load("manifest.json", kManifest);
  EXPECT_EQ(o.kind, "manifest");
  EXPECT_EQ(o.status, "loaded") << o.detail;
  EXPECT_NE(o.detail.find("4 manifest items"), std::string::npos) << o.detail;
  EXPECT_EQ(Count("SELECT count(*) FROM manifest_items"), 4);
  EXPECT_EQ(Count("SELECT bytes FROM manifest_items WHERE path = 'k8s/pods.json'"), 48213);
  EXPECT_EQ(Count("SELECT duration_ms FROM manifest_items WHERE path = 'k8s/pods.json'"), 412);
  EXPECT_EQ(QueryColumn(*db_, "SELECT error FROM manifest_items WHERE status = 'error'")[0],
            "previous terminated container not found");
  EXPECT_EQ(QueryColumn(*db_, "SELECT note FROM manifest_items WHERE status = 'truncated'")[0],
            "kept the last 50 MiB");
  EXPECT_EQ(Meta(*db_, "format_version"), "1");
  EXPECT_EQ(Meta(*db_, "created_at"), "2026-11-21T10:42:00Z");
  EXPECT_EQ(Meta(*db_, "collector"), "sparkpm-collect 0.3.0");
  EXPECT_EQ(Meta(*db_, "namespace"), "spark-jobs");
  EXPECT_EQ(Meta(*db_, "app_id"), "spark-7f3c");
  EXPECT_EQ(Meta(*db_, "app_name"), "nightly-etl");
  EXPECT_EQ(Meta(*db_, "context"), "prod-eu");
  EXPECT_EQ(Meta(*db_, "selector"), "spark-app-selector=spark-7f3c");
  EXPECT_EQ(Meta(*db_, "window_since"), "2026-11-21T04:42:00Z");
  EXPECT_EQ(Meta(*db_, "window_until"), "2026-11-21T10:42:00Z");
  EXPECT_EQ(Meta(*db_, "redaction_enabled"), "true");
  EXPECT_EQ(Count("SELECT count(*) FROM load_errors"), 0);
}

TEST_F(JsonLoadersTest, FinishMarksManifestItemsPresentOrAbsent) {
  ASSERT_EQ(Load("manifest.json", kManifest).status, "loaded");
  ASSERT_TRUE(db_->Exec("INSERT INTO bundle_files(path, kind, status) VALUES "
                        "('k8s/pods.json', 'pods', 'loaded'), "
                        "('logs/driver/spark-kubernetes-driver.log', 'log', 'loaded')")
                  .ok());
  ASSERT_TRUE(FinishJsonLoading(ctx_).ok());
  EXPECT_EQ(Count("SELECT present FROM manifest_items WHERE path = 'k8s/pods.json'"), 1);
  EXPECT_EQ(Count("SELECT present FROM manifest_items WHERE path = 'k8s/events.json'"), 0);
  EXPECT_EQ(Count("SELECT present FROM manifest_items WHERE status = 'error'"), 0);
  // Absent and expected (status ok): a warning. Absent because collection failed: none.
  EXPECT_EQ(QueryColumn(*db_, "SELECT message FROM load_errors WHERE severity = 'warning'"),
            std::vector<std::string>{"manifest names k8s/events.json but the bundle does not "
                                     "contain it"});
  // Idempotent: a second call adds nothing.
  ASSERT_TRUE(FinishJsonLoading(ctx_).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM load_errors"), 1);
}

TEST_F(JsonLoadersTest, ManifestOfUnknownVersionWarnsAndLoads) {
  EntryOutcome o = Load("manifest.json", R"({"format": "sparkpm-bundle", "version": 7,
      "target": {"app_id": "spark-1"}, "items": [{"path": "k8s/pods.json", "status": "ok"}],
      "new_section": {"x": 1}})");
  EXPECT_EQ(o.status, "loaded");
  EXPECT_EQ(Count("SELECT count(*) FROM manifest_items"), 1);
  EXPECT_EQ(Meta(*db_, "app_id"), "spark-1");
  EXPECT_EQ(Count("SELECT count(*) FROM load_errors WHERE severity = 'warning' AND message "
                  "LIKE '%version 7%'"),
            1);
}

TEST_F(JsonLoadersTest, BadManifestItemsAreRecordedAndSkipped) {
  EntryOutcome o = Load("manifest.json", R"({"format": "sparkpm-bundle", "version": 1,
      "items": [{"path": "a.json", "bytes": "many"}, 42, {"status": "ok"},
                {"path": "b.json"}]})");
  EXPECT_EQ(o.status, "partial");
  EXPECT_EQ(Count("SELECT count(*) FROM manifest_items"), 2);
  EXPECT_EQ(Count("SELECT bytes IS NULL FROM manifest_items WHERE path = 'a.json'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM load_errors WHERE message LIKE '%items[1]%'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM load_errors WHERE message LIKE '%items[2]%'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM load_errors WHERE message LIKE '%items[0]%bytes%'"), 1);
}

TEST_F(JsonLoadersTest, FinishFillsTheOnlyApplicationId) {
  ASSERT_EQ(Load("spark/app-20240101000000-0001/application.json",
                 R"({"id": "app-20240101000000-0001", "name": "etl",
                     "attempts": [{"startTimeEpoch": 1, "endTimeEpoch": 2, "completed": true}]})")
                .status,
            "loaded");
  EntryOutcome tasks = Load("taskList.json", R"([{"taskId": 5, "index": 0, "status": "SUCCESS"}])");
  EXPECT_EQ(tasks.kind, "spark_tasks");
  EXPECT_EQ(Count("SELECT stage_id FROM tasks WHERE task_id = 5"), -1);
  EXPECT_EQ(Count("SELECT count(*) FROM load_errors WHERE severity = 'warning' AND message LIKE "
                  "'%without a stage%' AND help LIKE '%stages/<stage-id>/<attempt>/taskList%'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM tasks WHERE app_id = ''"), 1);
  ASSERT_TRUE(FinishJsonLoading(ctx_).ok());
  EXPECT_EQ(QueryColumn(*db_, "SELECT app_id FROM tasks WHERE task_id = 5"),
            std::vector<std::string>{"app-20240101000000-0001"});
}

TEST_F(JsonLoadersTest, FinishUsesTheManifestAppId) {
  ASSERT_EQ(Load("manifest.json", R"({"format": "sparkpm-bundle", "version": 1,
      "target": {"app_id": "spark-abc123"}, "items": []})")
                .status,
            "loaded");
  ASSERT_EQ(Load("jobs.json", R"([{"jobId": 1}, {"jobId": 2}])").status, "loaded");
  ASSERT_TRUE(FinishJsonLoading(ctx_).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM jobs WHERE app_id = 'spark-abc123'"), 2);
}

TEST_F(JsonLoadersTest, FinishWarnsWhenTheApplicationIsAmbiguous) {
  ASSERT_EQ(Load("spark/applications.json",
                 R"([{"id": "local-1", "attempts": [{}]}, {"id": "local-2", "attempts": [{}]}])")
                .status,
            "loaded");
  ASSERT_EQ(Load("jobs.json", R"([{"jobId": 1}])").status, "loaded");
  ASSERT_TRUE(FinishJsonLoading(ctx_).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM jobs WHERE app_id = ''"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM load_errors WHERE path = 'jobs.json' AND severity = "
                  "'warning' AND message LIKE '1 jobs rows have no application id%2 "
                  "applications'"),
            1);
}

TEST_F(JsonLoadersTest, OutcomeDetailSummarisesWhatWasLoaded) {
  EntryOutcome o =
      Load("spark/local-1422981780767/jobs.json", R"([{"jobId": 0}, {"jobId": 1}, {"jobId": 2}])");
  EXPECT_EQ(o.detail, "3 jobs for app local-1422981780767");
  EXPECT_EQ(o.rows, 3);
}

}  // namespace
}  // namespace sparkpm
