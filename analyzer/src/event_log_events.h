// Private to the event log loader: Spark listener events (one JSON line each, as
// Spark's JsonProtocol writes them) parsed with simdjson On-Demand into plain structs.
// Only the fields the loader stores are read; the rest of a line is skipped unparsed.
// A field of an unexpected type reads as absent; only broken JSON is an error.
//
//   EventParser parser;
//   EventKind kind = EventKindOf(line);                 // from the leading "Event" field
//   simdjson::error_code e = parser.Parse(line, capacity, kind);
//   if (!e && kind == EventKind::kTaskEnd) Use(parser.task_end());
#pragma once

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace sparkpm::event_log {

enum class EventKind : uint8_t {
  kUnknown,  // no "Event" field, or an event this loader does not use
  kLogStart,
  kResourceProfileAdded,
  kBlockManagerAdded,
  kEnvironmentUpdate,
  kApplicationStart,
  kApplicationEnd,
  kExecutorAdded,
  kExecutorRemoved,
  kExecutorExcluded,
  kExecutorUnexcluded,
  kNodeExcluded,
  kNodeUnexcluded,
  kExecutorExcludedForStage,
  kNodeExcludedForStage,
  kJobStart,
  kJobEnd,
  kStageSubmitted,
  kStageCompleted,
  kTaskStart,
  kTaskGettingResult,
  kTaskEnd,
  kStageExecutorMetrics,
  kExecutorMetricsUpdate,
  kSqlExecutionStart,
  kSqlExecutionEnd,
  kSqlAdaptiveExecutionUpdate,
};

// Returns the kind named by a line that starts with {"Event":"..."}; kUnknown when the
// line does not start that way or names an event the loader does not use. *name is
// set to the event name when the line starts that way.
EventKind EventKindOf(std::string_view line, std::string_view* name = nullptr);
// Returns the kind of an event name ("SparkListenerTaskEnd", "org.apache.spark.sql.
// execution.ui.SparkListenerSQLExecutionStart").
EventKind EventKindOfName(std::string_view name);

// The peak memory metrics Spark tracks per executor (ExecutorMetricType), in Spark's
// order; a value is set once any event reported it.
inline constexpr std::array<std::string_view, 23> kExecutorMetricNames = {
    "JVMHeapMemory",
    "JVMOffHeapMemory",
    "OnHeapExecutionMemory",
    "OffHeapExecutionMemory",
    "OnHeapStorageMemory",
    "OffHeapStorageMemory",
    "OnHeapUnifiedMemory",
    "OffHeapUnifiedMemory",
    "DirectPoolMemory",
    "MappedPoolMemory",
    "ProcessTreeJVMVMemory",
    "ProcessTreeJVMRSSMemory",
    "ProcessTreePythonVMemory",
    "ProcessTreePythonRSSMemory",
    "ProcessTreeOtherVMemory",
    "ProcessTreeOtherRSSMemory",
    "MinorGCCount",
    "MinorGCTime",
    "MajorGCCount",
    "MajorGCTime",
    "TotalGCTime",
    "ConcurrentGCCount",
    "ConcurrentGCTime"};

// Indices into kExecutorMetricNames of the metrics that have their own columns.
inline constexpr size_t kJvmHeapMemory = 0, kJvmOffHeapMemory = 1, kOnHeapExecutionMemory = 2,
                        kOffHeapExecutionMemory = 3, kProcessTreeJvmRssMemory = 11,
                        kTotalGcTime = 20;

struct ExecutorMetrics {
  std::array<int64_t, kExecutorMetricNames.size()> values{};
  uint32_t set = 0;  // bit i: values[i] was reported

  void Clear() { set = 0; }
  bool any() const { return set != 0; }
  // Raises each metric to the other's value where that is higher; true if one rose.
  bool TakePeaks(const ExecutorMetrics& other);
  // Returns the metric's value when it was reported.
  std::optional<int64_t> Get(size_t i) const;
  // Returns the reported metrics as a JSON object in Spark's order.
  std::string ToJson() const;
  // Equal when the same metrics were reported with the same values.
  bool operator==(const ExecutorMetrics& other) const;
};

struct TaskInfo {
  int64_t task_id = -1;
  int64_t index = -1;
  int64_t attempt = 0;
  int64_t partition_id = -1;
  int64_t launch_ms = 0;
  std::string executor_id;
  std::string host;
  std::string locality;
  bool speculative = false;
  int64_t getting_result_ms = 0;  // when fetching the result started (0: never)
  int64_t finish_ms = 0;          // 0 while running
  bool failed = false;
  bool killed = false;

  void Clear();
  // Returns Spark's TaskInfo.status: RUNNING, GET RESULT, FAILED, KILLED, SUCCESS.
  std::string_view Status() const;
  bool operator==(const TaskInfo&) const = default;
};

struct TaskMetrics {
  bool present = false;
  int64_t executor_deserialize_time = 0;
  int64_t executor_deserialize_cpu_time = 0;
  int64_t executor_run_time = 0;
  int64_t executor_cpu_time = 0;
  int64_t result_size = 0;
  int64_t jvm_gc_time = 0;
  int64_t result_serialization_time = 0;
  int64_t memory_bytes_spilled = 0;
  int64_t disk_bytes_spilled = 0;
  int64_t peak_execution_memory = 0;
  int64_t input_bytes_read = 0;
  int64_t input_records_read = 0;
  int64_t output_bytes_written = 0;
  int64_t output_records_written = 0;
  int64_t shuffle_remote_blocks_fetched = 0;
  int64_t shuffle_local_blocks_fetched = 0;
  int64_t shuffle_fetch_wait_time = 0;
  int64_t shuffle_remote_bytes_read = 0;
  int64_t shuffle_remote_bytes_read_to_disk = 0;
  int64_t shuffle_local_bytes_read = 0;
  int64_t shuffle_records_read = 0;
  int64_t shuffle_bytes_written = 0;
  int64_t shuffle_write_time = 0;
  int64_t shuffle_records_written = 0;

  void Clear() { *this = TaskMetrics(); }
  // Adds every metric of other (stage totals).
  void Add(const TaskMetrics& other);
  bool operator==(const TaskMetrics&) const = default;
};

struct TaskEndReason {
  std::string reason;  // Success, ExceptionFailure, FetchFailed, ExecutorLostFailure, ...
  // ExceptionFailure
  std::string class_name;
  std::string description;
  std::string stack_trace;  // "Stack Trace" elements formatted as Java prints them
  std::string full_stack_trace;
  bool has_full_stack_trace = false;
  // ExecutorLostFailure
  std::string lost_executor_id;
  std::optional<bool> exit_caused_by_app;
  std::optional<std::string> loss_reason;
  // FetchFailed
  bool has_block_manager = false;
  std::string bm_executor_id;
  std::string bm_host;
  int64_t bm_port = 0;
  int64_t shuffle_id = 0;
  int64_t map_id = 0;
  std::optional<int64_t> map_index;
  int64_t reduce_id = 0;
  std::string message;
  // TaskKilled
  std::optional<std::string> kill_reason;
  // TaskCommitDenied
  int64_t job_id = 0;
  int64_t partition_id = 0;
  int64_t attempt_number = 0;

  void Clear();
  // Returns the error text Spark's REST API shows for this end (TaskData.errorMessage);
  // nullopt for Success.
  std::optional<std::string> ErrorMessage() const;
  bool operator==(const TaskEndReason&) const = default;
};

struct TaskStartEvent {
  int64_t stage_id = -1;
  int64_t stage_attempt = 0;
  TaskInfo info;

  bool operator==(const TaskStartEvent&) const = default;
};

struct TaskEndEvent {
  int64_t stage_id = -1;
  int64_t stage_attempt = 0;
  std::string task_type;
  TaskEndReason reason;
  TaskInfo info;
  TaskMetrics metrics;
  ExecutorMetrics executor_metrics;  // Task Executor Metrics (Spark 3.0+)

  void Clear();
  bool operator==(const TaskEndEvent&) const = default;
};

struct StageInfo {
  int64_t stage_id = -1;
  int64_t attempt = 0;
  std::string name;
  int64_t num_tasks = 0;
  std::vector<int64_t> parent_ids;
  std::string details;
  std::optional<int64_t> submission_ms;
  std::optional<int64_t> completion_ms;
  std::optional<std::string> failure_reason;
  int64_t resource_profile_id = 0;
};

// The job and stage properties the loader reads (SparkContext local properties).
struct JobProperties {
  std::optional<std::string> description;   // spark.job.description
  std::optional<std::string> job_group;     // spark.jobGroup.id
  std::optional<std::string> pool;          // spark.scheduler.pool
  std::optional<int64_t> sql_execution_id;  // spark.sql.execution.id
};

struct StageEvent {  // StageSubmitted, StageCompleted
  StageInfo info;
  JobProperties properties;
};

struct JobStartEvent {
  int64_t job_id = -1;
  std::optional<int64_t> submission_ms;
  std::vector<StageInfo> stage_infos;
  std::vector<int64_t> stage_ids;
  JobProperties properties;
};

struct JobEndEvent {
  int64_t job_id = -1;
  std::optional<int64_t> completion_ms;
  bool succeeded = true;
  std::optional<std::string> failure_message;
};

struct ApplicationStartEvent {
  std::string app_name;
  std::optional<std::string> app_id;
  std::optional<std::string> attempt_id;
  int64_t time_ms = 0;
  std::string user;
};

struct ApplicationEndEvent {
  int64_t time_ms = 0;
  std::optional<int64_t> exit_code;
};

struct BlockManagerAddedEvent {
  std::string executor_id;
  std::string host;
  int64_t port = 0;
  std::optional<int64_t> max_memory;
  int64_t time_ms = 0;
};

struct ExecutorAddedEvent {
  int64_t time_ms = 0;
  std::string executor_id;
  std::string host;
  int64_t total_cores = 0;
  std::optional<std::string>
      resources_json;  // Resources as Spark's REST shape {"gpu":{"name","addresses"}}
  int64_t resource_profile_id = 0;
};

// ExecutorRemoved and every exclusion event (executor or node, app or stage level).
struct ExecutorChangeEvent {
  int64_t time_ms = 0;
  std::string executor_id;  // Executor ID ('' for node events)
  std::string host;         // Host ID of node events
  std::optional<std::string> reason;
  std::optional<int64_t> failures;  // Task Failures / Executor Failures
  std::optional<int64_t> stage_id;
  std::optional<int64_t> stage_attempt;
};

struct EnvironmentEvent {
  std::vector<std::pair<std::string, std::string>> runtime;  // javaHome, javaVersion, scalaVersion
  std::vector<std::pair<std::string, std::string>> spark_properties;
  // section (hadoopProperties, systemProperties, metricsProperties, classpathEntries), name, value
  std::vector<std::tuple<std::string_view, std::string, std::string>> entries;
};

struct ResourceProfileEvent {
  int64_t id = 0;
  std::optional<int64_t> executor_cores;
  std::optional<int64_t> executor_memory_mb;
  std::optional<int64_t> executor_memory_overhead_mb;
  std::optional<int64_t> executor_off_heap_mb;
  std::optional<double> task_cpus;
  std::string executor_resources_json;
  std::string task_resources_json;
};

// StageExecutorMetrics and the peaks of ExecutorMetricsUpdate.
struct ExecutorMetricsEvent {
  std::string executor_id;
  std::optional<int64_t> stage_id;
  std::optional<int64_t> stage_attempt;
  ExecutorMetrics metrics;
};

struct SqlExecutionEvent {  // SQLExecutionStart, SQLExecutionEnd, SQLAdaptiveExecutionUpdate
  int64_t execution_id = -1;
  std::optional<int64_t> root_execution_id;
  std::optional<std::string> description;
  std::optional<std::string> details;
  std::optional<std::string> plan_description;  // cut at kMaxPlanBytes
  std::optional<int64_t> time_ms;
  std::optional<std::string> error_message;
};

inline constexpr size_t kMaxPlanBytes = 64 * 1024;

// Parses one event line into the struct of its kind. The parser and the structs are
// reused from line to line. IMPORTANT: the line must be followed by at least
// SIMDJSON_PADDING readable bytes (capacity counts them).
class EventParser {
 public:
  // Parses the event; kind comes from EventKindOf (kUnknown lines are only checked to be
  // a JSON object, and their real name is looked up if the "Event" field is not first).
  simdjson::error_code Parse(std::string_view line, size_t capacity, EventKind* kind);
  // Returns the event time of the last parsed event when it has one.
  std::optional<int64_t> time_ms() const { return time_ms_; }

  const TaskStartEvent& task_start() const { return task_start_; }
  const TaskEndEvent& task_end() const { return task_end_; }
  const StageEvent& stage() const { return stage_; }
  const JobStartEvent& job_start() const { return job_start_; }
  const JobEndEvent& job_end() const { return job_end_; }
  const ApplicationStartEvent& app_start() const { return app_start_; }
  const ApplicationEndEvent& app_end() const { return app_end_; }
  const BlockManagerAddedEvent& block_manager() const { return block_manager_; }
  const ExecutorAddedEvent& executor_added() const { return executor_added_; }
  const ExecutorChangeEvent& executor_change() const { return executor_change_; }
  const EnvironmentEvent& environment() const { return environment_; }
  const ResourceProfileEvent& resource_profile() const { return resource_profile_; }
  const std::vector<ExecutorMetricsEvent>& executor_metrics() const { return executor_metrics_; }
  const SqlExecutionEvent& sql() const { return sql_; }
  const std::string& spark_version() const { return spark_version_; }
  // Frees the parser's buffers after a very long line, so one line does not keep its
  // memory for the rest of the log.
  void ReleaseLargeBuffers();
  // Turns the fast reader of task events off (on by default), so that tests can compare
  // its results with simdjson's.
  void UseFastPath(bool on) { fast_path_ = on; }
  // True when the last Parse read its line with the fast reader.
  bool read_fast() const { return read_fast_; }

 private:
  simdjson::error_code ParseObject(simdjson::ondemand::object obj, EventKind kind);

  simdjson::ondemand::parser parser_;
  bool fast_path_ = true;
  bool read_fast_ = false;
  std::optional<int64_t> time_ms_;
  TaskStartEvent task_start_;
  TaskEndEvent task_end_;
  StageEvent stage_;
  JobStartEvent job_start_;
  JobEndEvent job_end_;
  ApplicationStartEvent app_start_;
  ApplicationEndEvent app_end_;
  BlockManagerAddedEvent block_manager_;
  ExecutorAddedEvent executor_added_;
  ExecutorChangeEvent executor_change_;
  EnvironmentEvent environment_;
  ResourceProfileEvent resource_profile_;
  std::vector<ExecutorMetricsEvent> executor_metrics_;
  SqlExecutionEvent sql_;
  std::string spark_version_;
};

}  // namespace sparkpm::event_log
