// Spark REST API v1 JSON (applications, jobs, stages, taskList, executors,
// environment) into the tables of schema/20_spark.sql, recognised by shape.
// Column = REST field in snake_case; the app id comes from the JSON when it says,
// else from the bundle path (spark/<app-id>/[<attempt>/]...).
#include <fmt/format.h>

#include <array>
#include <cctype>

#include "json_loaders_internal.h"

namespace sparkpm::json_internal {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr std::string_view kPathHelp =
    "place Spark REST files at spark/<app-id>/[<attempt-id>/]<endpoint>.json as the bundle "
    "layout says";

constexpr FieldSpec kJobFields[] = {
    {"name", "name", FieldKind::kText},
    {"description", "description", FieldKind::kText},
    {"submission_ms", "submissionTime", FieldKind::kSparkTime},
    {"completion_ms", "completionTime", FieldKind::kSparkTime},
    {"stage_ids", "stageIds", FieldKind::kJson},
    {"job_group", "jobGroup", FieldKind::kText},
    {"status", "status", FieldKind::kText},
    {"num_tasks", "numTasks", FieldKind::kInt},
    {"num_active_tasks", "numActiveTasks", FieldKind::kInt},
    {"num_completed_tasks", "numCompletedTasks", FieldKind::kInt},
    {"num_skipped_tasks", "numSkippedTasks", FieldKind::kInt},
    {"num_failed_tasks", "numFailedTasks", FieldKind::kInt},
    {"num_killed_tasks", "numKilledTasks", FieldKind::kInt},
    {"num_completed_indices", "numCompletedIndices", FieldKind::kInt},
    {"num_active_stages", "numActiveStages", FieldKind::kInt},
    {"num_completed_stages", "numCompletedStages", FieldKind::kInt},
    {"num_skipped_stages", "numSkippedStages", FieldKind::kInt},
    {"num_failed_stages", "numFailedStages", FieldKind::kInt},
};

constexpr FieldSpec kStageFields[] = {
    {"status", "status", FieldKind::kText},
    {"name", "name", FieldKind::kText},
    {"description", "description", FieldKind::kText},
    {"details", "details", FieldKind::kText},
    {"scheduling_pool", "schedulingPool", FieldKind::kText},
    {"resource_profile_id", "resourceProfileId", FieldKind::kInt},
    {"num_tasks", "numTasks", FieldKind::kInt},
    {"num_active_tasks", "numActiveTasks", FieldKind::kInt},
    {"num_complete_tasks", "numCompleteTasks", FieldKind::kInt},
    {"num_failed_tasks", "numFailedTasks", FieldKind::kInt},
    {"num_killed_tasks", "numKilledTasks", FieldKind::kInt},
    {"num_completed_indices", "numCompletedIndices", FieldKind::kInt},
    {"submission_ms", "submissionTime", FieldKind::kSparkTime},
    {"first_task_launched_ms", "firstTaskLaunchedTime", FieldKind::kSparkTime},
    {"completion_ms", "completionTime", FieldKind::kSparkTime},
    {"failure_reason", "failureReason", FieldKind::kText},
    {"executor_deserialize_time", "executorDeserializeTime", FieldKind::kInt},
    {"executor_deserialize_cpu_time", "executorDeserializeCpuTime", FieldKind::kInt},
    {"executor_run_time", "executorRunTime", FieldKind::kInt},
    {"executor_cpu_time", "executorCpuTime", FieldKind::kInt},
    {"result_size", "resultSize", FieldKind::kInt},
    {"jvm_gc_time", "jvmGcTime", FieldKind::kInt},
    {"result_serialization_time", "resultSerializationTime", FieldKind::kInt},
    {"memory_bytes_spilled", "memoryBytesSpilled", FieldKind::kInt},
    {"disk_bytes_spilled", "diskBytesSpilled", FieldKind::kInt},
    {"peak_execution_memory", "peakExecutionMemory", FieldKind::kInt},
    {"input_bytes", "inputBytes", FieldKind::kInt},
    {"input_records", "inputRecords", FieldKind::kInt},
    {"output_bytes", "outputBytes", FieldKind::kInt},
    {"output_records", "outputRecords", FieldKind::kInt},
    {"shuffle_remote_blocks_fetched", "shuffleRemoteBlocksFetched", FieldKind::kInt},
    {"shuffle_local_blocks_fetched", "shuffleLocalBlocksFetched", FieldKind::kInt},
    {"shuffle_fetch_wait_time", "shuffleFetchWaitTime", FieldKind::kInt},
    {"shuffle_remote_bytes_read", "shuffleRemoteBytesRead", FieldKind::kInt},
    {"shuffle_remote_bytes_read_to_disk", "shuffleRemoteBytesReadToDisk", FieldKind::kInt},
    {"shuffle_local_bytes_read", "shuffleLocalBytesRead", FieldKind::kInt},
    {"shuffle_read_bytes", "shuffleReadBytes", FieldKind::kInt},
    {"shuffle_read_records", "shuffleReadRecords", FieldKind::kInt},
    {"shuffle_write_bytes", "shuffleWriteBytes", FieldKind::kInt},
    {"shuffle_write_time", "shuffleWriteTime", FieldKind::kInt},
    {"shuffle_write_records", "shuffleWriteRecords", FieldKind::kInt},
    {"peak_executor_metrics_json", "peakExecutorMetrics", FieldKind::kJson},
};

constexpr FieldSpec kTaskFields[] = {
    {"index", "index", FieldKind::kInt},
    {"attempt", "attempt", FieldKind::kInt},
    {"partition_id", "partitionId", FieldKind::kInt},
    {"launch_ms", "launchTime", FieldKind::kSparkTime},
    {"result_fetch_start_ms", "resultFetchStart", FieldKind::kSparkTime},
    {"duration", "duration", FieldKind::kInt},
    {"executor_id", "executorId", FieldKind::kText},
    {"host", "host", FieldKind::kText},
    {"status", "status", FieldKind::kText},
    {"task_locality", "taskLocality", FieldKind::kText},
    {"speculative", "speculative", FieldKind::kBool},
    {"error_message", "errorMessage", FieldKind::kText},
    {"scheduler_delay", "schedulerDelay", FieldKind::kInt},
    {"getting_result_time", "gettingResultTime", FieldKind::kInt},
    {"executor_deserialize_time", "taskMetrics/executorDeserializeTime", FieldKind::kInt},
    {"executor_deserialize_cpu_time", "taskMetrics/executorDeserializeCpuTime", FieldKind::kInt},
    {"executor_run_time", "taskMetrics/executorRunTime", FieldKind::kInt},
    {"executor_cpu_time", "taskMetrics/executorCpuTime", FieldKind::kInt},
    {"result_size", "taskMetrics/resultSize", FieldKind::kInt},
    {"jvm_gc_time", "taskMetrics/jvmGcTime", FieldKind::kInt},
    {"result_serialization_time", "taskMetrics/resultSerializationTime", FieldKind::kInt},
    {"memory_bytes_spilled", "taskMetrics/memoryBytesSpilled", FieldKind::kInt},
    {"disk_bytes_spilled", "taskMetrics/diskBytesSpilled", FieldKind::kInt},
    {"peak_execution_memory", "taskMetrics/peakExecutionMemory", FieldKind::kInt},
    {"input_bytes_read", "taskMetrics/inputMetrics/bytesRead", FieldKind::kInt},
    {"input_records_read", "taskMetrics/inputMetrics/recordsRead", FieldKind::kInt},
    {"output_bytes_written", "taskMetrics/outputMetrics/bytesWritten", FieldKind::kInt},
    {"output_records_written", "taskMetrics/outputMetrics/recordsWritten", FieldKind::kInt},
    {"shuffle_remote_blocks_fetched", "taskMetrics/shuffleReadMetrics/remoteBlocksFetched",
     FieldKind::kInt},
    {"shuffle_local_blocks_fetched", "taskMetrics/shuffleReadMetrics/localBlocksFetched",
     FieldKind::kInt},
    {"shuffle_fetch_wait_time", "taskMetrics/shuffleReadMetrics/fetchWaitTime", FieldKind::kInt},
    {"shuffle_remote_bytes_read", "taskMetrics/shuffleReadMetrics/remoteBytesRead",
     FieldKind::kInt},
    {"shuffle_remote_bytes_read_to_disk", "taskMetrics/shuffleReadMetrics/remoteBytesReadToDisk",
     FieldKind::kInt},
    {"shuffle_local_bytes_read", "taskMetrics/shuffleReadMetrics/localBytesRead", FieldKind::kInt},
    {"shuffle_records_read", "taskMetrics/shuffleReadMetrics/recordsRead", FieldKind::kInt},
    {"shuffle_bytes_written", "taskMetrics/shuffleWriteMetrics/bytesWritten", FieldKind::kInt},
    {"shuffle_write_time", "taskMetrics/shuffleWriteMetrics/writeTime", FieldKind::kInt},
    {"shuffle_records_written", "taskMetrics/shuffleWriteMetrics/recordsWritten", FieldKind::kInt},
};

constexpr FieldSpec kExecutorFields[] = {
    {"host_port", "hostPort", FieldKind::kText},
    {"is_active", "isActive", FieldKind::kBool},
    {"rdd_blocks", "rddBlocks", FieldKind::kInt},
    {"memory_used", "memoryUsed", FieldKind::kInt},
    {"disk_used", "diskUsed", FieldKind::kInt},
    {"total_cores", "totalCores", FieldKind::kInt},
    {"max_tasks", "maxTasks", FieldKind::kInt},
    {"active_tasks", "activeTasks", FieldKind::kInt},
    {"failed_tasks", "failedTasks", FieldKind::kInt},
    {"completed_tasks", "completedTasks", FieldKind::kInt},
    {"total_tasks", "totalTasks", FieldKind::kInt},
    {"total_duration", "totalDuration", FieldKind::kInt},
    {"total_gc_time", "totalGCTime", FieldKind::kInt},
    {"total_input_bytes", "totalInputBytes", FieldKind::kInt},
    {"total_shuffle_read", "totalShuffleRead", FieldKind::kInt},
    {"total_shuffle_write", "totalShuffleWrite", FieldKind::kInt},
    {"max_memory", "maxMemory", FieldKind::kInt},
    {"add_ms", "addTime", FieldKind::kSparkTime},
    {"remove_ms", "removeTime", FieldKind::kSparkTime},
    {"remove_reason", "removeReason", FieldKind::kText},
    {"resource_profile_id", "resourceProfileId", FieldKind::kInt},
    {"peak_jvm_heap_memory", "peakMemoryMetrics/JVMHeapMemory", FieldKind::kInt},
    {"peak_jvm_off_heap_memory", "peakMemoryMetrics/JVMOffHeapMemory", FieldKind::kInt},
    {"peak_on_heap_execution_memory", "peakMemoryMetrics/OnHeapExecutionMemory", FieldKind::kInt},
    {"peak_off_heap_execution_memory", "peakMemoryMetrics/OffHeapExecutionMemory", FieldKind::kInt},
    {"peak_process_tree_jvm_rss_memory", "peakMemoryMetrics/ProcessTreeJVMRSSMemory",
     FieldKind::kInt},
    {"peak_total_gc_time", "peakMemoryMetrics/TotalGCTime", FieldKind::kInt},
    {"peak_memory_metrics_json", "peakMemoryMetrics", FieldKind::kJson},
    {"resources_json", "resources", FieldKind::kJson},
};

// The application (and attempt) the rows of one entry belong to.
struct AppRef {
  std::string app_id;
  std::string attempt_id;

  // Returns " for app X [attempt N]", or a note that the path names no app.
  std::string DetailSuffix() const {
    if (app_id.empty()) {
      return " (no app id in the JSON or the path; filled in after loading when the bundle "
             "holds one application)";
    }
    if (attempt_id.empty()) return fmt::format(" for app {}", app_id);
    return fmt::format(" for app {} attempt {}", app_id, attempt_id);
  }
};

// Returns the items of a list, or the root itself when it is one object.
std::vector<element> ItemsOf(element root) {
  std::vector<element> items;
  simdjson::dom::array arr;
  if (root.get_array().get(arr) == simdjson::SUCCESS) {
    items.reserve(arr.size());
    for (element item : arr) items.push_back(item);
  } else {
    items.push_back(root);
  }
  return items;
}

// Returns "item 3" for list items, "the object" for a single object.
std::string ItemLabel(bool in_list, size_t index) {
  return in_list ? fmt::format("item {}", index) : std::string("the object");
}

// Returns true when a JSON value is an object holding every key.
bool HasKeys(element value, std::initializer_list<std::string_view> keys) {
  simdjson::dom::object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) return false;
  for (auto key : keys) {
    element ignored;
    if (obj.at_key(key).get(ignored) != simdjson::SUCCESS) return false;
  }
  return true;
}

bool LooksLikeClassName(std::string_view s) {
  if (s.empty() || s.size() > 200 || s.front() == '.' || s.back() == '.') return false;
  bool dotted = false;
  for (char c : s) {
    if (c == '.') {
      dotted = true;
    } else if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$')) {
      return false;
    }
  }
  if (dotted) {
    size_t last = s.rfind('.');
    return std::isupper(static_cast<unsigned char>(s[last + 1])) != 0;
  }
  return s.ends_with("Exception") || s.ends_with("Error");
}

// Derives the exception class or failure kind from a task's errorMessage:
// "java.lang.RuntimeException: boom" -> java.lang.RuntimeException,
// "ExecutorLostFailure (executor 1 exited ...)" -> ExecutorLostFailure.
std::optional<std::string> ExceptionClass(std::optional<std::string_view> message,
                                          std::optional<std::string_view> status) {
  if (message && !message->empty()) {
    std::string_view line = message->substr(0, message->find('\n'));
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) {
      line.remove_prefix(1);
    }
    std::string_view head = line.substr(0, line.find(':'));
    while (!head.empty() && std::isspace(static_cast<unsigned char>(head.back()))) {
      head.remove_suffix(1);
    }
    if (LooksLikeClassName(head)) return std::string(head);
    size_t end = line.find_first_of(" (:");
    std::string_view word = line.substr(0, end);
    static constexpr std::array<std::string_view, 9> kReasons = {
        "ExecutorLostFailure", "FetchFailed",    "TaskKilled",
        "Resubmitted",         "TaskResultLost", "TaskCommitDenied",
        "UnknownReason",       "TaskEndReason",  "ExceptionFailure"};
    for (auto reason : kReasons) {
      if (word == reason) return std::string(word);
    }
  }
  if (status && *status == "KILLED") return std::string("TaskKilled");
  return std::nullopt;
}

// Returns hostPort without its ":port" ("[::1]:4040" -> "::1").
std::string HostOf(std::string_view host_port) {
  if (!host_port.empty() && host_port.front() == '[') {
    size_t close = host_port.find(']');
    if (close != std::string_view::npos) return std::string(host_port.substr(1, close - 1));
  }
  size_t colon = host_port.rfind(':');
  if (colon != std::string_view::npos && host_port.find(':') == colon) {
    return std::string(host_port.substr(0, colon));
  }
  return std::string(host_port);
}

// Loads Spark REST rows of one entry; the writers are prepared on first use.
class RestLoader {
 public:
  RestLoader(EntryLoad& load, const PathHints& hints)
      : load_(load),
        hints_(hints),
        jobs_(load, "jobs",
              InsertSql("jobs", true, {"app_id", "app_attempt_id", "job_id"}, kJobFields,
                        {"source_path"})),
        stages_(load, "stages",
                InsertSql("stages", true, {"app_id", "app_attempt_id", "stage_id", "attempt_id"},
                          kStageFields, {"source_path"})),
        tasks_(load, "tasks",
               InsertSql("tasks", true,
                         {"app_id", "app_attempt_id", "stage_id", "stage_attempt_id", "task_id"},
                         kTaskFields, {"exception_class", "source_path"})),
        executors_(load, "executors",
                   InsertSql("executors", true, {"app_id", "app_attempt_id", "executor_id"},
                             kExecutorFields, {"host", "is_excluded", "source_path"})),
        applications_(
            load, "applications",
            "INSERT OR REPLACE INTO applications(app_id, attempt_id, name, spark_user, "
            "app_spark_version, start_ms, end_ms, last_updated_ms, duration, completed, "
            "exit_code, cores_granted, max_cores, cores_per_executor, memory_per_executor_mb, "
            "source_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        properties_(load, "spark_properties",
                    "INSERT OR REPLACE INTO spark_properties(app_id, app_attempt_id, name, value) "
                    "VALUES (?, ?, ?, ?)"),
        environment_(load, "environment",
                     "INSERT INTO environment(app_id, app_attempt_id, section, name, value) "
                     "VALUES (?, ?, ?, ?, ?)") {
    app_.app_id = hints.app_id;
    app_.attempt_id = hints.app_attempt_id;
  }

  EntryOutcome Applications(element root);
  EntryOutcome Jobs(element root);
  EntryOutcome Stages(element root);
  EntryOutcome Tasks(element root);
  EntryOutcome Executors(element root);
  EntryOutcome Environment(element root);

 private:
  // Binds app_id and app_attempt_id at 1 and 2.
  void BindApp(Statement& st) {
    st.Bind(1, app_.app_id);
    st.Bind(2, app_.attempt_id);
  }
  // Writes one task of a stage attempt; label names it in messages.
  void Task(element value, int64_t stage_id, int64_t stage_attempt, const std::string& label);

  EntryLoad& load_;
  const PathHints& hints_;
  AppRef app_;
  TableWriter jobs_;
  TableWriter stages_;
  TableWriter tasks_;
  TableWriter executors_;
  TableWriter applications_;
  TableWriter properties_;
  TableWriter environment_;
};

EntryOutcome RestLoader::Applications(element root) {
  bool in_list = root.type() == element_type::ARRAY;
  std::vector<element> items = ItemsOf(root);
  for (size_t i = 0; i < items.size(); ++i) {
    std::vector<std::string> problems;
    JsonFields app(items[i], "", &problems);
    std::string label = ItemLabel(in_list, i);
    if (!app.is_object()) {
      load_.ItemError(fmt::format("{} is a JSON {}, not an application object; skipped", label,
                                  JsonTypeName(items[i])));
      continue;
    }
    auto id = app.Str("id");
    if (!id || id->empty()) {
      load_.ItemError(fmt::format("{}: application without a string \"id\"; skipped", label));
      continue;
    }
    label = fmt::format("{} (application {})", label, *id);
    auto attempts = app.Array("attempts");
    std::vector<std::optional<element>> attempt_items;
    if (attempts) {
      for (element a : *attempts) attempt_items.emplace_back(a);
    } else {
      app.Problem("attempts", "missing; the application is loaded without attempt details");
    }
    if (attempt_items.empty()) attempt_items.emplace_back();  // one row, no attempt data
    int64_t written = 0;
    for (size_t a = 0; a < attempt_items.size(); ++a) {
      JsonFields attempt = attempt_items[a] ? JsonFields(*attempt_items[a],
                                                         fmt::format("attempts[{}]", a), &problems)
                                            : JsonFields(&problems);
      if (attempt_items[a] && !attempt.is_object()) {
        app.Problem(fmt::format("attempts[{}]", a), "not an object; attempt skipped");
        continue;
      }
      std::string attempt_id;
      if (auto text = attempt.Str("attemptId")) {
        attempt_id = std::string(*text);
      }
      std::optional<int64_t> start = attempt.Int("startTimeEpoch");
      if (!start) start = attempt.SparkTimeMs("startTime");
      std::optional<int64_t> end = attempt.Int("endTimeEpoch");
      if (!end) end = attempt.SparkTimeMs("endTime");
      // Spark says -1 (1969-12-31T23:59:59.999GMT) while the attempt runs.
      const bool ended = end.has_value() && end.value_or(-1) >= 0;
      std::optional<int64_t> updated = attempt.Int("lastUpdatedEpoch");
      if (!updated) updated = attempt.SparkTimeMs("lastUpdated");
      Statement* st = applications_.Begin();
      if (st == nullptr) break;
      st->Bind(1, *id);
      st->Bind(2, attempt_id);
      st->Bind(3, app.Str("name"));
      st->Bind(4, attempt.Str("sparkUser"));
      st->Bind(5, attempt.Str("appSparkVersion"));
      st->Bind(6, start);
      if (ended) {
        st->Bind(7, end.value_or(0));
      } else {
        st->BindNull(7);
      }
      st->Bind(8, updated);
      st->Bind(9, attempt.Int("duration"));
      st->Bind(10, attempt.Bool("completed"));
      st->Bind(11, attempt.Int("exitCode"));
      st->Bind(12, app.Int("coresGranted"));
      st->Bind(13, app.Int("maxCores"));
      st->Bind(14, app.Int("coresPerExecutor"));
      st->Bind(15, app.Int("memoryPerExecutorMB"));
      st->Bind(16, load_.path());
      if (applications_.Commit()) ++written;
    }
    if (written > 0) {
      load_.Count("application", "applications");
      load_.Count("attempt", "attempts", written);
    }
    load_.ItemProblems(label, problems);
  }
  return load_.Outcome("spark_application");
}

EntryOutcome RestLoader::Jobs(element root) {
  bool in_list = root.type() == element_type::ARRAY;
  std::vector<element> items = ItemsOf(root);
  for (size_t i = 0; i < items.size(); ++i) {
    std::vector<std::string> problems;
    JsonFields job(items[i], "", &problems);
    std::string label = ItemLabel(in_list, i);
    if (!job.is_object()) {
      load_.ItemError(
          fmt::format("{} is a JSON {}, not a job object; skipped", label, JsonTypeName(items[i])));
      continue;
    }
    auto job_id = job.Int("jobId");
    if (!job_id) {
      load_.ItemError(fmt::format("{}: job without an integer jobId; skipped", label));
      continue;
    }
    Statement* st = jobs_.Begin();
    if (st == nullptr) break;
    BindApp(*st);
    st->Bind(3, *job_id);
    int index = 4;
    for (const auto& spec : kJobFields) BindField(*st, index++, job, spec);
    st->Bind(index, load_.path());
    if (jobs_.Commit()) load_.Count("job", "jobs");
    load_.ItemProblems(fmt::format("{} (job {})", label, *job_id), problems);
  }
  return load_.Outcome("spark_jobs", app_.DetailSuffix());
}

void RestLoader::Task(element value, int64_t stage_id, int64_t stage_attempt,
                      const std::string& label) {
  std::vector<std::string> problems;
  JsonFields task(value, "", &problems);
  if (!task.is_object()) {
    load_.ItemError(
        fmt::format("{} is a JSON {}, not a task object; skipped", label, JsonTypeName(value)));
    return;
  }
  auto task_id = task.Int("taskId");
  if (!task_id) {
    load_.ItemError(fmt::format("{}: task without an integer taskId; skipped", label));
    return;
  }
  Statement* st = tasks_.Begin();
  if (st == nullptr) return;
  BindApp(*st);
  st->Bind(3, stage_id);
  st->Bind(4, stage_attempt);
  st->Bind(5, *task_id);
  int index = 6;
  for (const auto& spec : kTaskFields) BindField(*st, index++, task, spec);
  std::vector<std::string> ignored;
  JsonFields quiet(value, "", &ignored);
  st->Bind(index++, ExceptionClass(quiet.Str("errorMessage"), quiet.Str("status")));
  st->Bind(index, load_.path());
  if (tasks_.Commit()) load_.Count("task", "tasks");
  load_.ItemProblems(fmt::format("{} (task {})", label, *task_id), problems);
}

EntryOutcome RestLoader::Stages(element root) {
  bool in_list = root.type() == element_type::ARRAY;
  std::vector<element> items = ItemsOf(root);
  for (size_t i = 0; i < items.size(); ++i) {
    std::vector<std::string> problems;
    JsonFields stage(items[i], "", &problems);
    std::string label = ItemLabel(in_list, i);
    if (!stage.is_object()) {
      load_.ItemError(fmt::format("{} is a JSON {}, not a stage object; skipped", label,
                                  JsonTypeName(items[i])));
      continue;
    }
    auto stage_id = stage.Int("stageId");
    auto attempt_id = stage.Int("attemptId");
    if (!stage_id || !attempt_id) {
      load_.ItemError(
          fmt::format("{}: stage without integer stageId and attemptId; skipped", label));
      continue;
    }
    label = fmt::format("{} (stage {} attempt {})", label, *stage_id, *attempt_id);
    Statement* st = stages_.Begin();
    if (st == nullptr) break;
    BindApp(*st);
    st->Bind(3, *stage_id);
    st->Bind(4, *attempt_id);
    int index = 5;
    for (const auto& spec : kStageFields) BindField(*st, index++, stage, spec);
    st->Bind(index, load_.path());
    if (stages_.Commit()) load_.Count("stage", "stages");
    // details=true adds "tasks" (taskId -> task); "executorSummary" is not loaded.
    if (auto tasks = stage.Object("tasks")) {
      for (auto field : *tasks) {
        Task(field.value, *stage_id, *attempt_id,
             fmt::format("{} tasks[\"{}\"]", label, std::string_view(field.key).substr(0, 20)));
      }
    }
    load_.ItemProblems(label, problems);
  }
  return load_.Outcome("spark_stages", app_.DetailSuffix());
}

EntryOutcome RestLoader::Tasks(element root) {
  bool in_list = root.type() == element_type::ARRAY;
  int64_t stage_id = -1;
  int64_t stage_attempt = 0;
  if (hints_.stage_id) {
    stage_id = *hints_.stage_id;
    if (hints_.stage_attempt_id) {
      stage_attempt = *hints_.stage_attempt_id;
    } else {
      load_.Warning(
          "task list path names a stage but no stage attempt; tasks stored with "
          "stage_attempt_id 0",
          "place it at spark/<app-id>/stages/<stage-id>/<attempt>/taskList.json");
    }
  } else {
    load_.Warning("task list without a stage in its path; tasks stored with stage_id -1",
                  "place it at spark/<app-id>/stages/<stage-id>/<attempt>/taskList.json");
  }
  std::vector<element> items = ItemsOf(root);
  for (size_t i = 0; i < items.size(); ++i) {
    Task(items[i], stage_id, stage_attempt, ItemLabel(in_list, i));
  }
  std::string suffix = app_.DetailSuffix();
  if (stage_id >= 0) suffix += fmt::format(", stage {} attempt {}", stage_id, stage_attempt);
  return load_.Outcome("spark_tasks", suffix);
}

EntryOutcome RestLoader::Executors(element root) {
  bool in_list = root.type() == element_type::ARRAY;
  std::vector<element> items = ItemsOf(root);
  for (size_t i = 0; i < items.size(); ++i) {
    std::vector<std::string> problems;
    JsonFields executor(items[i], "", &problems);
    std::string label = ItemLabel(in_list, i);
    if (!executor.is_object()) {
      load_.ItemError(fmt::format("{} is a JSON {}, not an executor object; skipped", label,
                                  JsonTypeName(items[i])));
      continue;
    }
    auto id = executor.Str("id");
    if (!id) {
      load_.ItemError(fmt::format("{}: executor without a string id; skipped", label));
      continue;
    }
    Statement* st = executors_.Begin();
    if (st == nullptr) break;
    BindApp(*st);
    st->Bind(3, *id);
    int index = 4;
    for (const auto& spec : kExecutorFields) BindField(*st, index++, executor, spec);
    std::vector<std::string> ignored;
    JsonFields quiet(items[i], "", &ignored);
    if (auto host_port = quiet.Str("hostPort")) {
      st->Bind(index++, HostOf(*host_port));
    } else {
      st->BindNull(index++);
    }
    std::optional<bool> excluded = executor.Bool("isExcluded");
    if (!excluded) excluded = executor.Bool("isBlacklisted");
    st->Bind(index++, excluded);
    st->Bind(index, load_.path());
    if (executors_.Commit()) load_.Count("executor", "executors");
    load_.ItemProblems(fmt::format("{} (executor {})", label, *id), problems);
  }
  return load_.Outcome("spark_executors", app_.DetailSuffix());
}

EntryOutcome RestLoader::Environment(element root) {
  std::vector<std::string> problems;
  JsonFields env(root, "", &problems);
  auto properties = env.Array("sparkProperties");
  // Reads one [name, value] pair; nullopt (and an item error) when malformed.
  auto pair_of =
      [&](element value, std::string_view section,
          size_t i) -> std::optional<std::pair<std::string_view, std::optional<std::string>>> {
    simdjson::dom::array pair;
    std::string_view name;
    if (value.get_array().get(pair) != simdjson::SUCCESS || pair.size() < 1 ||
        pair.at(0).get_string().get(name) != simdjson::SUCCESS) {
      load_.ItemError(
          fmt::format("{}[{}] is not a [name, value] pair of strings; skipped", section, i));
      return std::nullopt;
    }
    std::optional<std::string> text;
    element second;
    if (pair.size() >= 2 && pair.at(1).get(second) == simdjson::SUCCESS && !second.is_null()) {
      std::string_view s;
      text = second.get_string().get(s) == simdjson::SUCCESS ? std::string(s)
                                                             : simdjson::minify(second);
    }
    return std::make_pair(name, text);
  };

  // The JSON names the application in spark.app.id; the path is the fallback.
  std::string json_app_id;
  std::string json_attempt_id;
  if (properties) {
    for (element value : *properties) {
      simdjson::dom::array pair;
      std::string_view name;
      std::string_view text;
      if (value.get_array().get(pair) != simdjson::SUCCESS || pair.size() < 2 ||
          pair.at(0).get_string().get(name) != simdjson::SUCCESS ||
          pair.at(1).get_string().get(text) != simdjson::SUCCESS) {
        continue;
      }
      if (name == "spark.app.id") json_app_id = std::string(text);
      if (name == "spark.app.attempt.id") json_attempt_id = std::string(text);
    }
  }
  if (!json_app_id.empty()) {
    if (!hints_.app_id.empty() && hints_.app_id != json_app_id) {
      load_.Warning(fmt::format("the path names application {} but spark.app.id is {}; the "
                                "environment is stored for {}",
                                hints_.app_id, json_app_id, json_app_id),
                    kPathHelp);
    }
    if (hints_.app_id != json_app_id) app_.attempt_id = json_attempt_id;
    app_.app_id = json_app_id;
  }
  if (!app_.app_id.empty()) {
    // A newer copy of the same application's environment replaces the older one.
    for (std::string_view table : {"spark_properties", "environment"}) {
      auto del = load_.db().Prepare(
          fmt::format("DELETE FROM {} WHERE app_id = ? AND app_attempt_id = ?", table));
      if (del) {
        del->Bind(1, app_.app_id);
        del->Bind(2, app_.attempt_id);
        (void)del->Run();
      }
    }
  }
  if (properties) {
    size_t i = 0;
    for (element value : *properties) {
      auto pair = pair_of(value, "sparkProperties", i++);
      if (!pair) continue;
      Statement* st = properties_.Begin();
      if (st == nullptr) break;
      BindApp(*st);
      st->Bind(3, pair->first);
      st->Bind(4, pair->second);
      if (properties_.Commit()) load_.Count("Spark property", "Spark properties");
    }
  }
  auto add_entry = [&](std::string_view section, std::string_view name,
                       const std::optional<std::string>& value) {
    Statement* st = environment_.Begin();
    if (st == nullptr) return;
    BindApp(*st);
    st->Bind(3, section);
    st->Bind(4, name);
    st->Bind(5, value);
    if (environment_.Commit()) load_.Count("environment entry", "environment entries");
  };
  if (auto runtime = env.Object("runtime")) {
    for (auto field : *runtime) {
      std::optional<std::string> value;
      std::string_view s;
      if (field.value.get_string().get(s) == simdjson::SUCCESS) {
        value = std::string(s);
      } else if (!field.value.is_null()) {
        value = simdjson::minify(field.value);
      }
      add_entry("runtime", field.key, value);
    }
  }
  for (std::string_view section :
       {"hadoopProperties", "systemProperties", "metricsProperties", "classpathEntries"}) {
    auto entries = env.Array(section);
    if (!entries) continue;
    size_t i = 0;
    for (element value : *entries) {
      auto pair = pair_of(value, section, i++);
      if (pair) add_entry(section, pair->first, pair->second);
    }
  }
  load_.ItemProblems("the environment object", problems);
  return load_.Outcome("spark_environment", app_.DetailSuffix());
}

// Returns the first object of an array, or the value itself when it is an object.
std::optional<element> Sample(element root) {
  if (root.type() == element_type::OBJECT) return root;
  simdjson::dom::array arr;
  if (root.get_array().get(arr) != simdjson::SUCCESS) return std::nullopt;
  for (element item : arr) {
    if (item.type() == element_type::OBJECT) return item;
  }
  return std::nullopt;
}

EntryOutcome SkippedAs(std::string kind, std::string detail) {
  EntryOutcome out;
  out.kind = std::move(kind);
  out.status = "skipped";
  out.detail = std::move(detail);
  return out;
}

}  // namespace

std::optional<EntryOutcome> LoadSparkRest(EntryLoad& load, element root, const PathHints& hints) {
  auto sample = Sample(root);
  if (!sample) return std::nullopt;
  bool is_object = root.type() == element_type::OBJECT;
  RestLoader rest(load, hints);
  if (is_object && HasKeys(*sample, {"sparkProperties"})) return rest.Environment(root);
  if (HasKeys(*sample, {"id", "attempts"})) return rest.Applications(root);
  if (HasKeys(*sample, {"jobId"})) return rest.Jobs(root);
  if (HasKeys(*sample, {"stageId", "attemptId"})) return rest.Stages(root);
  if (HasKeys(*sample, {"taskId", "index"})) return rest.Tasks(root);
  if (HasKeys(*sample, {"id", "hostPort"})) {
    if (HasKeys(*sample, {"processLogs"}) && !HasKeys(*sample, {"totalTasks"})) {
      return SkippedAs("spark_misc_process",
                       "Spark miscellaneous process list (allmiscellaneousprocess); not "
                       "analysed by this version");
    }
    return rest.Executors(root);
  }
  if (HasKeys(*sample, {"quantiles"})) {
    return SkippedAs("spark_task_summary",
                     "Spark task metric quantiles (taskSummary); not loaded: the analyzer "
                     "reads the individual tasks from taskList.json instead");
  }
  if (HasKeys(*sample, {"storageLevel"}) || HasKeys(*sample, {"numCachedPartitions"})) {
    return SkippedAs("spark_storage",
                     "Spark RDD storage information (storage/rdd); not analysed by this version");
  }
  if (HasKeys(*sample, {"id", "planDescription"}) || HasKeys(*sample, {"id", "nodes", "edges"})) {
    return SkippedAs("spark_sql",
                     "Spark SQL executions (sql); kept in the bundle but not analysed by this "
                     "version");
  }
  return std::nullopt;
}

EntryOutcome ClassifyEmptyArray(EntryLoad& load, const PathHints& hints) {
  const std::string& stem = hints.file_stem;
  std::string kind;
  if (stem == "applications") {
    kind = "spark_application";
  } else if (stem == "jobs") {
    kind = "spark_jobs";
  } else if (stem == "stages" || (hints.stage_id && !hints.stage_attempt_id)) {
    kind = "spark_stages";
  } else if (stem == "tasklist") {
    kind = "spark_tasks";
  } else if (stem == "executors" || stem == "allexecutors") {
    kind = "spark_executors";
  } else if (stem == "sql") {
    kind = "spark_sql";
  } else if (stem == "rdd" || stem == "storage") {
    return SkippedAs("spark_storage", "empty Spark RDD storage list");
  } else if (stem == "allmiscellaneousprocess") {
    return SkippedAs("spark_misc_process", "empty Spark miscellaneous process list");
  } else if (stem == "pods" || stem == "events" || stem == "nodes" || stem == "sparkapplications") {
    kind = stem;
  } else {
    return SkippedAs("other", "empty JSON array");
  }
  EntryOutcome out = load.Outcome(kind);
  out.detail = "empty list: nothing to load";
  return out;
}

Status FinishSparkAppIds(LoadContext& ctx) {
  Database& db = ctx.db();
  std::vector<std::string> apps;
  {
    auto st = db.Prepare(
        "SELECT app_id FROM applications WHERE app_id <> '' "
        "UNION SELECT value FROM bundle_meta WHERE key = 'app_id' AND value <> '' "
        "ORDER BY 1");
    if (!st) return st.error();
    while (true) {
      auto row = st->Step();
      if (!row) return row.error();
      if (!*row) break;
      apps.push_back(st->ColumnText(0));
    }
  }
  static constexpr std::array<std::string_view, 6> kTables = {
      "jobs", "stages", "tasks", "executors", "spark_properties", "environment"};
  if (apps.size() == 1) {
    std::string attempt;
    auto st = db.Prepare("SELECT attempt_id FROM applications WHERE app_id = ?");
    if (!st) return st.error();
    st->Bind(1, apps[0]);
    int attempts = 0;
    while (true) {
      auto row = st->Step();
      if (!row) return row.error();
      if (!*row) break;
      attempt = st->ColumnText(0);
      ++attempts;
    }
    if (attempts != 1) attempt.clear();
    for (auto table : kTables) {
      auto update = db.Prepare(fmt::format(
          "UPDATE OR REPLACE {} SET app_id = ?, app_attempt_id = ? WHERE app_id = ''", table));
      if (!update) return update.error();
      update->Bind(1, apps[0]);
      update->Bind(2, attempt);
      if (auto s = update->Run(); !s) return s;
    }
    return Ok();
  }
  std::string known = apps.empty() ? std::string("none") : fmt::format("{}", apps.size());
  for (auto table : kTables) {
    bool has_source = table != "spark_properties" && table != "environment";
    auto st = db.Prepare(has_source ? fmt::format("SELECT source_path, count(*) FROM {} WHERE "
                                                  "app_id = '' GROUP BY source_path",
                                                  table)
                                    : fmt::format("SELECT NULL, count(*) FROM {} WHERE app_id = "
                                                  "'' HAVING count(*) > 0",
                                                  table));
    if (!st) return st.error();
    while (true) {
      auto row = st->Step();
      if (!row) return row.error();
      if (!*row) break;
      std::string path = st->IsNull(0) ? std::string() : st->ColumnText(0);
      ctx.AddError(path, 0,
                   fmt::format("{} {} rows have no application id: the path does not name one "
                               "and the bundle holds {} applications",
                               st->ColumnInt(1), table, known),
                   kPathHelp, "warning");
    }
  }
  return Ok();
}

}  // namespace sparkpm::json_internal
