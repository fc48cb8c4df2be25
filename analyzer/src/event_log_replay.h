// Private to the event log loader: replays the events of one application attempt the
// way Spark's History Server does (its AppStatusListener), keeping only live entities
// in memory (running tasks, open stages and jobs, executors) and writing each row once
// it is final, so memory stays bounded by what runs at the same time, not by the log.
//
//   AppReplay app(rows, {"app-1", ""});
//   app.Apply(kind, parser, path, line);   // for every event, in log order
//   app.Finish();                          // writes what is still open
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "event_log_events.h"
#include "sparkpm/load_context.h"

namespace sparkpm::event_log {

class RowWriter;

struct AppKey {
  std::string app_id;
  std::string attempt_id;  // '' when the log has no App Attempt ID
};

// Where an event came from: the bundle path of the file and its 1-based line.
struct SourceRef {
  std::string path;
  int64_t line = 0;
};

// A growing set of small non-negative integers (task indices).
class IndexSet {
 public:
  // Adds i; returns true when it was not in the set.
  bool Insert(int64_t i);
  int64_t size() const { return count_; }

 private:
  std::vector<uint64_t> bits_;
  std::set<int64_t> other_;  // negative or very large indices
  int64_t count_ = 0;
};

struct LiveJob {
  int64_t job_id = 0;
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> job_group;
  std::optional<int64_t> submission_ms;
  std::optional<int64_t> completion_ms;
  std::optional<int64_t> sql_execution_id;
  std::vector<int64_t> stage_ids;
  std::string status = "RUNNING";
  std::optional<std::string> failure_reason;
  int64_t num_tasks = 0;
  int64_t active_tasks = 0;
  int64_t completed_tasks = 0;
  int64_t skipped_tasks = 0;
  int64_t failed_tasks = 0;
  int64_t killed_tasks = 0;
  std::map<int64_t, IndexSet> completed_indices;  // by stage id
  int64_t num_completed_indices = 0;
  int64_t active_stages = 0;
  std::set<int64_t> completed_stages;
  std::set<int64_t> skipped_stages;
  int64_t failed_stages = 0;
  bool ended = false;
  bool dirty = false;  // changed after its row was written
  SourceRef source;
};

struct LiveStage {
  StageInfo info;
  std::string status = "PENDING";
  std::optional<std::string> description;
  std::string pool = "default";
  std::vector<std::shared_ptr<LiveJob>> jobs;
  int64_t active_tasks = 0;
  int64_t completed_tasks = 0;
  int64_t failed_tasks = 0;
  int64_t killed_tasks = 0;
  IndexSet completed_indices;
  std::optional<int64_t> first_launch_ms;
  TaskMetrics metrics;
  ExecutorMetrics peak;
  std::set<std::string> excluded_executors;
  SourceRef source;
};

struct LiveExecutor {
  std::string executor_id;
  std::optional<std::string> host_port;
  std::string host;
  bool is_active = true;
  bool live = true;  // not removed yet (Spark's liveExecutors)
  int64_t total_cores = 0;
  int64_t max_tasks = 0;
  int64_t active_tasks = 0;
  int64_t completed_tasks = 0;
  int64_t failed_tasks = 0;
  int64_t total_tasks = 0;
  int64_t total_duration = 0;
  int64_t total_gc_time = 0;
  int64_t total_input_bytes = 0;
  int64_t total_shuffle_read = 0;
  int64_t total_shuffle_write = 0;
  bool is_excluded = false;
  std::optional<int64_t> max_memory;
  int64_t add_ms = 0;
  std::optional<int64_t> remove_ms;
  std::optional<std::string> remove_reason;
  int64_t resource_profile_id = 0;
  ExecutorMetrics peak;
  std::optional<std::string> resources_json;
  std::set<int64_t> excluded_in_stages;
  SourceRef source;
};

struct LiveSql {
  SqlExecutionEvent event;
  std::optional<int64_t> completion_ms;
  SourceRef source;
};

struct LiveTask {
  TaskInfo info;
  int64_t stage_id = 0;
  int64_t stage_attempt = 0;
  size_t path_index = 0;  // into AppReplay::paths_
  int64_t line = 0;
};

struct AppInfo {
  std::string name;
  std::string user;
  std::string spark_version;
  std::optional<int64_t> start_ms;
  std::optional<int64_t> end_ms;
  std::optional<int64_t> exit_code;
  bool ended = false;
  SourceRef source;
};

// Counts of what one application's replay wrote, for bundle_files details.
struct ReplayCounts {
  int64_t jobs = 0;
  int64_t stages = 0;
  int64_t tasks = 0;
  int64_t executors = 0;
  int64_t failed_tasks = 0;
};

class AppReplay {
 public:
  // IMPORTANT: rows must outlive the replay.
  AppReplay(RowWriter& rows, AppKey key);
  ~AppReplay();
  AppReplay(const AppReplay&) = delete;
  AppReplay& operator=(const AppReplay&) = delete;

  const AppKey& key() const { return key_; }
  // Applies one event parsed by parser, which came from where.
  void Apply(EventKind kind, const EventParser& parser, const SourceRef& where);
  // Writes every entity still open (running tasks, open stages and jobs, executors,
  // SQL executions) and the application row. Call once, after the last event.
  void Finish();
  bool ended() const { return app_.ended; }
  const ReplayCounts& counts() const { return counts_; }

 private:
  void OnTaskStart(const TaskStartEvent& e, const SourceRef& where);
  void OnTaskEnd(const TaskEndEvent& e, const SourceRef& where);
  void OnStageSubmitted(const StageEvent& e, const SourceRef& where);
  void OnStageCompleted(const StageEvent& e, const SourceRef& where);
  void OnJobStart(const JobStartEvent& e, const SourceRef& where);
  void OnJobEnd(const JobEndEvent& e, const SourceRef& where);
  void OnExecutorChange(EventKind kind, const ExecutorChangeEvent& e, const SourceRef& where);
  void OnExecutorMetrics(EventKind kind, const std::vector<ExecutorMetricsEvent>& events);
  void OnSql(EventKind kind, const SqlExecutionEvent& e, const SourceRef& where);

  // Returns the live stage, creating it; nullptr when the log keeps too many open.
  LiveStage* GetOrCreateStage(const StageInfo& info, const SourceRef& where);
  // Returns the executor, creating it; a scratch one when the log names too many.
  LiveExecutor& GetOrCreateExecutor(const std::string& id, int64_t add_ms, const SourceRef& where);
  // Returns false, and warns once per kind, when a map of live entities is full: a
  // hostile or broken log must not make memory grow without bound.
  bool Room(size_t size, size_t limit, std::string_view what, const SourceRef& where);
  LiveExecutor* FindLiveExecutor(const std::string& id);
  // Writes a stage that leaves the live set, and the ended jobs it changed.
  void RetireStage(std::pair<int64_t, int64_t> key);
  void WriteJob(LiveJob& job);

  RowWriter& rows_;
  AppKey key_;
  AppInfo app_;
  int64_t default_cpus_per_task_ = 1;
  std::unordered_map<int64_t, double> task_cpus_by_profile_;
  std::unordered_map<int64_t, int64_t> max_tasks_by_profile_;
  std::unordered_map<int64_t, LiveTask> live_tasks_;
  std::vector<std::string> paths_;  // files the events came from, for running tasks
  std::map<std::pair<int64_t, int64_t>, std::unique_ptr<LiveStage>> live_stages_;
  std::unordered_map<int64_t, std::shared_ptr<LiveJob>> live_jobs_;
  std::map<std::string, LiveExecutor> executors_;
  std::map<int64_t, LiveSql> live_sql_;
  LiveExecutor overflow_executor_;     // stands in for executors past the limit
  std::set<std::string> full_warned_;  // kinds of entity that hit their limit
  ReplayCounts counts_;
};

}  // namespace sparkpm::event_log
