// Every Spark History Server golden file of the corpus, loaded at the bundle path its
// URL maps to (notes/HistoryServerSuite-case-mapping.md), must load without a single
// load_errors row; files a bundle does not hold are classified and skipped. Values
// are checked against an independent walk of the same JSON. The troubleshoot pods,
// events and nodes are checked the same way.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "sparkpm/json_loaders.h"
#include "test_support.h"

namespace sparkpm {
namespace {

namespace fs = std::filesystem;
using testing::CorpusDir;
using testing::NewDatabase;
using testing::QueryColumn;
using testing::QueryInt;
using testing::ReadFile;

// Quotes text as an SQL string literal.
std::string Sql(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// Reads the case table: expectation file name -> URL path under /api/v1/.
std::map<std::string, std::string> CaseUrls() {
  std::map<std::string, std::string> urls;
  std::istringstream in(ReadFile(CorpusDir() / "notes" / "HistoryServerSuite-case-mapping.md"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() < 3 || line[0] != '|' || !std::isdigit(static_cast<unsigned char>(line[2]))) {
      continue;
    }
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream row(line.substr(1));
    while (std::getline(row, cell, '|')) cells.push_back(cell);
    if (cells.size() < 4) continue;
    std::string url = cells[2];
    size_t open = url.find('`');
    size_t close = url.rfind('`');
    if (open == std::string::npos || close <= open) continue;
    url = url.substr(open + 1, close - open - 1);
    std::string file = cells[3];
    file.erase(0, file.find_first_not_of(' '));
    file.erase(file.find_last_not_of(' ') + 1);
    urls[file] = url;
  }
  // Files the table does not list (see the notes and SOURCES.md).
  urls["one_app_with_non_zero_exit_code_json_expectation.json"] =
      "applications/local-1430917381536";
  return urls;
}

// URLs of the 2019 golden files in history-expectations-historical (SOURCES.md).
std::map<std::string, std::string> HistoricalUrls() {
  return {
      {"executor_list_with_executor_metrics_json_expectation.json",
       "applications/application_1506645932520_24630151/executors"},
      {"executor_list_with_executor_process_tree_metrics_json_expectation.json",
       "applications/application_1538416563558_0014/executors"},
      {"executor_list_with_executor_garbage_collection_metrics_json_expectation.json",
       "applications/application_1536831636016_59384/1/executors"},
  };
}

// Strips the query and trailing slash: "applications/x/stages/1?details=true" -> ".../stages/1".
std::string CleanUrl(std::string url) {
  url = url.substr(0, url.find('?'));
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// Maps a REST URL to where a bundle keeps its answer.
std::string BundlePath(const std::string& raw_url) {
  std::string url = CleanUrl(raw_url);
  if (url == "applications") return "spark/applications.json";
  std::string rest = url.substr(std::string("applications/").size());
  if (rest.find('/') == std::string::npos) return "spark/" + rest + "/application.json";
  return "spark/" + rest + ".json";
}

struct Expected {
  std::string kind;
  std::string status;
};

// What the loader must make of the answer of a URL.
Expected ExpectedFor(const std::string& raw_url) {
  std::string url = CleanUrl(raw_url);
  auto has = [&](std::string_view part) { return url.find(part) != std::string::npos; };
  if (has("/taskSummary")) return {"spark_task_summary", "skipped"};
  if (has("/storage/rdd")) return {"spark_storage", "skipped"};
  if (has("/allmiscellaneousprocess")) return {"spark_misc_process", "skipped"};
  if (has("/taskList")) return {"spark_tasks", "loaded"};
  if (has("/stages")) return {"spark_stages", "loaded"};
  if (has("/jobs")) return {"spark_jobs", "loaded"};
  if (has("/executors")) return {"spark_executors", "loaded"};
  if (has("/environment")) return {"spark_environment", "loaded"};
  return {"spark_application", "loaded"};
}

// Returns the items of an array, or the value itself.
std::vector<simdjson::dom::element> Items(simdjson::dom::element root) {
  std::vector<simdjson::dom::element> out;
  simdjson::dom::array arr;
  if (root.get_array().get(arr) == simdjson::SUCCESS) {
    for (auto e : arr) out.push_back(e);
  } else {
    out.push_back(root);
  }
  return out;
}

int64_t IntField(simdjson::dom::element obj, std::string_view key) {
  int64_t v = 0;
  EXPECT_EQ(obj[key].get(v), simdjson::SUCCESS) << key;
  return v;
}

std::string TextField(simdjson::dom::element obj, std::string_view key) {
  std::string_view v;
  EXPECT_EQ(obj[key].get(v), simdjson::SUCCESS) << key;
  return std::string(v);
}

class CorpusRestTest : public ::testing::Test {
 protected:
  // Loads one golden file into a fresh database at its bundle path and checks it.
  void CheckFile(const fs::path& file, const std::string& url) {
    SCOPED_TRACE(file.filename().string() + " as " + BundlePath(url));
    auto db = NewDatabase();
    LoadContext ctx(*db, LoadLimits{});
    std::string text = ReadFile(file);
    simdjson::padded_string padded(text);
    std::string path = BundlePath(url);
    EntryOutcome o = LoadJsonEntry(ctx, path, padded);
    Expected want = ExpectedFor(url);
    EXPECT_EQ(o.kind, want.kind) << o.detail;
    EXPECT_EQ(o.status, want.status) << o.detail;
    EXPECT_FALSE(o.detail.empty());
    ASSERT_TRUE(FinishJsonLoading(ctx).ok());
    auto errors = QueryColumn(*db, "SELECT severity || ': ' || message FROM load_errors");
    EXPECT_TRUE(errors.empty()) << errors.size() << " load errors, first: " << errors[0];
    if (want.status == "skipped") {
      EXPECT_EQ(o.rows, 0);
      ++skipped_;
      return;
    }
    ++loaded_;

    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_EQ(parser.parse(padded).get(root), simdjson::SUCCESS);
    std::vector<simdjson::dom::element> items = Items(root);
    std::string app = path.substr(6, path.find('/', 6) - 6);  // spark/<app>/...

    if (want.kind == "spark_stages") {
      int64_t tasks = 0;
      for (auto stage : items) {
        int64_t id = IntField(stage, "stageId");
        int64_t attempt = IntField(stage, "attemptId");
        std::string where = " FROM stages WHERE app_id = " + Sql(app) +
                            " AND stage_id = " + std::to_string(id) +
                            " AND attempt_id = " + std::to_string(attempt);
        EXPECT_EQ(QueryInt(*db, "SELECT num_failed_tasks" + where),
                  IntField(stage, "numFailedTasks"));
        EXPECT_EQ(QueryInt(*db, "SELECT num_tasks" + where), IntField(stage, "numTasks"));
        EXPECT_EQ(QueryInt(*db, "SELECT executor_run_time" + where),
                  IntField(stage, "executorRunTime"));
        simdjson::dom::object task_map;
        if (stage["tasks"].get(task_map) == simdjson::SUCCESS) {
          for (auto field : task_map) {
            ++tasks;
            CheckTask(*db, field.value, id, attempt);
          }
        }
      }
      EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM stages"), static_cast<int64_t>(items.size()));
      EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks"), tasks);
      ++stage_files_;
    } else if (want.kind == "spark_tasks") {
      for (auto task : items) CheckTask(*db, task, -2, -2);
      EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM tasks"), static_cast<int64_t>(items.size()));
      // The stage and attempt come from the path .../stages/<id>/<attempt>/taskList.json.
      std::string rest = path.substr(path.find("/stages/") + 8);
      EXPECT_EQ(QueryInt(*db,
                         "SELECT count(DISTINCT stage_id || '.' || stage_attempt_id) FROM "
                         "tasks WHERE stage_id || '/' || stage_attempt_id || '/' = " +
                             Sql(rest.substr(0, rest.find("taskList")))),
                items.empty() ? 0 : 1);
      ++task_files_;
    } else if (want.kind == "spark_executors") {
      for (auto executor : items) {
        std::string id = TextField(executor, "id");
        EXPECT_EQ(QueryInt(*db, "SELECT total_tasks FROM executors WHERE app_id = " + Sql(app) +
                                    " AND executor_id = " + Sql(id)),
                  IntField(executor, "totalTasks"))
            << "executor " << id;
        EXPECT_EQ(
            QueryInt(*db, "SELECT failed_tasks FROM executors WHERE executor_id = " + Sql(id)),
            IntField(executor, "failedTasks"));
      }
      EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM executors"),
                static_cast<int64_t>(items.size()));
      ++executor_files_;
    } else if (want.kind == "spark_application") {
      int64_t attempts_total = 0;
      for (auto application : items) {
        std::string id = TextField(application, "id");
        simdjson::dom::array attempts;
        ASSERT_EQ(application["attempts"].get(attempts), simdjson::SUCCESS);
        attempts_total += static_cast<int64_t>(attempts.size());
        EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM applications WHERE app_id = " + Sql(id)),
                  static_cast<int64_t>(attempts.size()));
        for (auto attempt : attempts) {
          std::string attempt_id;
          std::string_view attempt_text;
          if (attempt["attemptId"].get(attempt_text) == simdjson::SUCCESS) {
            attempt_id = std::string(attempt_text);
          }
          int64_t end = IntField(attempt, "endTimeEpoch");
          std::string where = " FROM applications WHERE app_id = " + Sql(id) +
                              " AND attempt_id = " + Sql(attempt_id);
          if (end < 0) {
            EXPECT_EQ(QueryInt(*db, "SELECT end_ms IS NULL" + where), 1);
          } else {
            EXPECT_EQ(QueryInt(*db, "SELECT end_ms" + where), end) << id << " " << attempt_id;
          }
          EXPECT_EQ(QueryInt(*db, "SELECT start_ms" + where), IntField(attempt, "startTimeEpoch"));
          EXPECT_EQ(QueryInt(*db, "SELECT duration" + where), IntField(attempt, "duration"));
        }
      }
      EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM applications"), attempts_total);
      ++app_files_;
    } else if (want.kind == "spark_jobs") {
      for (auto job : items) {
        int64_t id = IntField(job, "jobId");
        EXPECT_EQ(QueryColumn(*db, "SELECT status FROM jobs WHERE app_id = " + Sql(app) +
                                       " AND job_id = " + std::to_string(id)),
                  std::vector<std::string>{TextField(job, "status")});
        EXPECT_EQ(
            QueryInt(*db, "SELECT num_failed_tasks FROM jobs WHERE job_id = " + std::to_string(id)),
            IntField(job, "numFailedTasks"));
      }
      EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM jobs"), static_cast<int64_t>(items.size()));
    } else if (want.kind == "spark_environment") {
      simdjson::dom::array properties;
      ASSERT_EQ(root["sparkProperties"].get(properties), simdjson::SUCCESS);
      EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM spark_properties WHERE app_id = " + Sql(app)),
                static_cast<int64_t>(properties.size()));
    }
  }

  // Checks one task row against its JSON (stage ids only when known, else -2).
  void CheckTask(Database& db, simdjson::dom::element task, int64_t stage, int64_t attempt) {
    int64_t id = IntField(task, "taskId");
    std::string where = " FROM tasks WHERE task_id = " + std::to_string(id);
    EXPECT_EQ(QueryColumn(db, "SELECT status" + where),
              std::vector<std::string>{TextField(task, "status")})
        << "task " << id;
    EXPECT_EQ(QueryInt(db, "SELECT \"index\"" + where), IntField(task, "index"));
    EXPECT_EQ(QueryInt(db, "SELECT duration" + where), IntField(task, "duration"));
    if (stage != -2) {
      EXPECT_EQ(QueryInt(db, "SELECT stage_id" + where), stage);
      EXPECT_EQ(QueryInt(db, "SELECT stage_attempt_id" + where), attempt);
    }
  }

  int loaded_ = 0;
  int skipped_ = 0;
  int stage_files_ = 0;
  int task_files_ = 0;
  int executor_files_ = 0;
  int app_files_ = 0;
};

TEST_F(CorpusRestTest, EveryHistoryExpectationLoadsCleanly) {
  SPARKPM_REQUIRE_CORPUS();
  std::map<std::string, std::string> urls = CaseUrls();
  ASSERT_GE(urls.size(), 60u) << "the case table in the notes was not read";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(CorpusDir() / "history-expectations")) {
    std::string name = entry.path().filename().string();
    auto url = urls.find(name);
    ASSERT_NE(url, urls.end()) << name << " has no URL in the case map";
    CheckFile(entry.path(), url->second);
    ++files;
  }
  for (const auto& [name, url] : HistoricalUrls()) {
    CheckFile(CorpusDir() / "history-expectations-historical" / name, url);
    ++files;
  }
  EXPECT_EQ(files, 64);
  EXPECT_EQ(skipped_, 6);  // 3 taskSummary, 2 RDD storage, 1 miscellaneous process
  EXPECT_EQ(loaded_, files - skipped_);
  EXPECT_EQ(stage_files_, 16);
  EXPECT_EQ(task_files_, 11);
  EXPECT_EQ(executor_files_, 9);
  EXPECT_EQ(app_files_, 14);
}

// Loads a golden file at a path and returns the database.
std::unique_ptr<Database> LoadGolden(std::string_view file, std::string_view path) {
  auto db = NewDatabase();
  LoadContext ctx(*db, LoadLimits{});
  std::string text = ReadFile(CorpusDir() / "history-expectations" / file);
  simdjson::padded_string padded(text);
  EntryOutcome o = LoadJsonEntry(ctx, path, padded);
  EXPECT_EQ(o.status, "loaded") << o.detail;
  return db;
}

TEST(CorpusRestValues, FailedStageAndTask) {
  SPARKPM_REQUIRE_CORPUS();
  // local-1422981780767: task 3 of stage 2 throws "got a 3, failing"; stage 2 fails.
  auto db = LoadGolden("one_stage_attempt_json_details_with_failed_task_expectation.json",
                       "spark/local-1422981780767/stages/1/0.json");
  auto stages = LoadGolden("failed_stage_list_json_expectation.json",
                           "spark/local-1422981780767/stages.json");
  EXPECT_EQ(QueryColumn(*stages,
                        "SELECT stage_id || ':' || status || ':' || num_failed_tasks "
                        "FROM stages"),
            std::vector<std::string>{"2:FAILED:1"});
  auto tasks = LoadGolden("stage_task_list_w__status_expectation.json",
                          "spark/app-20161115172038-0000/stages/0/0/taskList.json");
  EXPECT_EQ(QueryInt(*tasks,
                     "SELECT count(*) FROM tasks WHERE status = 'FAILED' AND "
                     "exception_class = 'java.lang.RuntimeException'"),
            10);
}

TEST(CorpusRestValues, MultiAttemptApplication) {
  SPARKPM_REQUIRE_CORPUS();
  auto db = LoadGolden("one_app_multi_attempt_json_expectation.json",
                       "spark/local-1426533911241/application.json");
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT attempt_id || ':' || end_ms FROM applications ORDER BY "
                        "attempt_id"),
            (std::vector<std::string>{"1:1426533945177", "2:1426633945177"}));
  auto exit = LoadGolden("one_app_with_non_zero_exit_code_json_expectation.json",
                         "spark/local-1430917381536/application.json");
  EXPECT_EQ(QueryInt(*exit, "SELECT exit_code FROM applications"), 1);
  auto jobs = LoadGolden("job_list_from_multi_attempt_app_json_2__expectation.json",
                         "spark/local-1426533911241/2/jobs.json");
  EXPECT_EQ(QueryColumn(*jobs, "SELECT app_attempt_id FROM jobs"), std::vector<std::string>{"2"});
}

TEST(CorpusRestValues, ExcludedExecutors) {
  SPARKPM_REQUIRE_CORPUS();
  // app-20161116163331-0000: executors excluded (blacklisted) for the application.
  auto db = LoadGolden("executor_node_excludeOnFailure_expectation.json",
                       "spark/app-20161116163331-0000/executors.json");
  EXPECT_GT(QueryInt(*db, "SELECT count(*) FROM executors WHERE is_excluded = 1"), 0);
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM executors WHERE host IS NULL OR host LIKE '%:%'"),
            0);
}

// Loads every JSON file of a folder into db; returns the number of items walked.
int64_t LoadFolder(Database& db, const fs::path& dir, const std::string& prefix) {
  LoadContext ctx(db, LoadLimits{});
  int64_t items = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string text = ReadFile(entry.path());
    simdjson::padded_string padded(text);
    EntryOutcome o = LoadJsonEntry(ctx, prefix + entry.path().filename().string(), padded);
    EXPECT_EQ(o.status, "loaded") << entry.path() << ": " << o.detail;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    simdjson::dom::array arr;
    EXPECT_EQ(parser.parse(padded).get(root), simdjson::SUCCESS);
    EXPECT_EQ(root["items"].get(arr), simdjson::SUCCESS);
    items += static_cast<int64_t>(arr.size());
  }
  return items;
}

TEST(CorpusKubernetes, TroubleshootPodsEventsNodes) {
  SPARKPM_REQUIRE_CORPUS();
  fs::path dir = CorpusDir() / "k8s" / "replicatedhq-troubleshoot";
  auto db = NewDatabase();
  int64_t pods = LoadFolder(*db, dir / "pods", "k8s/pods/");
  int64_t events = LoadFolder(*db, dir / "events", "k8s/events/");
  LoadContext ctx(*db, LoadLimits{});
  std::string nodes_text = ReadFile(dir / "nodes.json");
  simdjson::padded_string nodes_json(nodes_text);
  EntryOutcome nodes = LoadJsonEntry(ctx, "k8s/nodes.json", nodes_json);
  EXPECT_EQ(nodes.kind, "nodes");
  EXPECT_EQ(nodes.status, "loaded") << nodes.detail;
  EXPECT_EQ(QueryColumn(*db, "SELECT message FROM load_errors"), std::vector<std::string>{});

  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM pods"), pods);
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM events"), events);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array node_items;
  ASSERT_EQ(parser.parse(nodes_json).get(root), simdjson::SUCCESS);
  ASSERT_EQ(root["items"].get(node_items), simdjson::SUCCESS);
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM nodes"), static_cast<int64_t>(node_items.size()));
  EXPECT_EQ(QueryInt(*db, "SELECT count(*) FROM nodes"), 7);

  // The OOM-killed job pod.
  EXPECT_EQ(QueryInt(*db,
                     "SELECT count(*) FROM containers WHERE pod_name = "
                     "'oom-kill-job3-gbb89' AND 'OOMKilled' IN (state_terminated_reason, "
                     "last_state_terminated_reason) AND 137 IN (state_terminated_exit_code, "
                     "last_state_terminated_exit_code)"),
            1);
  EXPECT_EQ(QueryInt(*db,
                     "SELECT memory_limit_bytes FROM containers WHERE pod_name = "
                     "'oom-kill-job3-gbb89'"),
            100LL * 1024 * 1024);
  // The crash-looping pod: waiting in CrashLoopBackOff after exit 127.
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT state_waiting_reason || ':' || last_state_terminated_reason "
                        "|| ':' || last_state_terminated_exit_code || ':' || restart_count "
                        "FROM containers WHERE pod_name = 'init-demo' AND init = 0"),
            std::vector<std::string>{"CrashLoopBackOff:ContainerCannotRun:127:4"});
  // The init container that cannot run.
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT state_waiting_reason FROM containers WHERE pod_name = "
                        "'init-demo2' AND init = 1"),
            std::vector<std::string>{"RunContainerError"});
  // The pod that cannot be scheduled, and its requests.
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT c.status || ':' || c.reason FROM pod_conditions c JOIN pods "
                        "p ON p.name = c.pod_name WHERE p.name LIKE "
                        "'pending-pod-resources-%' AND c.type = 'PodScheduled'"),
            std::vector<std::string>{"False:Unschedulable"});
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT cpu_request_millis || ':' || memory_request_bytes FROM "
                        "containers WHERE pod_name LIKE 'pending-pod-resources-%'"),
            std::vector<std::string>{"3000:" + std::to_string(5LL << 30)});
  EXPECT_GT(QueryInt(*db,
                     "SELECT count(*) FROM events WHERE reason = 'FailedScheduling' AND "
                     "message LIKE '%Insufficient nvidia.com/gpu%'"),
            0);
  // An event reported as a series: count and last time from series.
  EXPECT_EQ(QueryInt(*db,
                     "SELECT count FROM events WHERE reason = 'FailedScheduling' AND "
                     "source_path = 'k8s/events/message-image-pull-fail.json' AND count > 1"),
            3);
  // Node sizes.
  EXPECT_EQ(QueryColumn(*db,
                        "SELECT instance_type || ':' || capacity_cpu_millis || ':' || "
                        "capacity_memory_bytes FROM nodes WHERE name = 'biggernode-3i745'"),
            std::vector<std::string>{"g-8vcpu-32gb:8000:" + std::to_string(32941864LL * 1024)});
}

}  // namespace
}  // namespace sparkpm
