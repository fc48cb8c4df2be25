// Replays one application's events as Spark's History Server (AppStatusListener) does:
// the same counters, the same quirks, so the rows match what its REST API shows.
#include "event_log_replay.h"

#include <fmt/format.h>

#include <algorithm>

#include "event_log_rows.h"

namespace sparkpm::event_log {
namespace {

// Spark's (completed, failed, killed) counter deltas for a task end reason.
struct Deltas {
  int64_t completed = 0;
  int64_t failed = 0;
  int64_t killed = 0;
};

Deltas DeltasOf(const std::string& reason) {
  if (reason == "Success") return {1, 0, 0};
  if (reason == "TaskKilled" || reason == "TaskCommitDenied") return {0, 0, 1};
  return {0, 1, 0};
}

// Bounds on the live entities one application keeps in memory.
constexpr size_t kMaxLiveTasks = 2'000'000;
constexpr size_t kMaxLiveStages = 200'000;
constexpr size_t kMaxLiveJobs = 200'000;
constexpr size_t kMaxExecutors = 200'000;
constexpr size_t kMaxLiveSql = 200'000;

bool Contains(const std::vector<int64_t>& v, int64_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

bool IndexSet::Insert(int64_t i) {
  bool added = false;
  if (i >= 0 && i < (int64_t{1} << 26)) {
    size_t word = static_cast<size_t>(i) >> 6;
    if (word >= bits_.size()) bits_.resize(word + 1, 0);
    uint64_t mask = uint64_t{1} << (i & 63);
    added = (bits_[word] & mask) == 0;
    bits_[word] |= mask;
  } else {
    added = other_.insert(i).second;
  }
  if (added) ++count_;
  return added;
}

AppReplay::AppReplay(RowWriter& rows, AppKey key) : rows_(rows), key_(std::move(key)) {}

AppReplay::~AppReplay() = default;

bool AppReplay::Room(size_t size, size_t limit, std::string_view what, const SourceRef& where) {
  if (size < limit) return true;
  if (full_warned_.insert(std::string(what)).second) {
    rows_.Error(where.path, where.line,
                fmt::format("the event log keeps more than {} {} open at once; later ones are "
                            "not tracked and their counts are incomplete",
                            limit, what),
                "check that the file is a genuine Spark event log", "warning");
  }
  return false;
}

LiveStage* AppReplay::GetOrCreateStage(const StageInfo& info, const SourceRef& where) {
  std::pair<int64_t, int64_t> key{info.stage_id, info.attempt};
  auto it = live_stages_.find(key);
  if (it == live_stages_.end()) {
    if (!Room(live_stages_.size(), kMaxLiveStages, "stages", where)) return nullptr;
    it = live_stages_.emplace(key, std::make_unique<LiveStage>()).first;
  }
  it->second->info = info;
  return it->second.get();
}

LiveExecutor& AppReplay::GetOrCreateExecutor(const std::string& id, int64_t add_ms,
                                             const SourceRef& where) {
  auto it = executors_.find(id);
  if (it != executors_.end() && it->second.live) return it->second;
  if (it == executors_.end() && !Room(executors_.size(), kMaxExecutors, "executors", where)) {
    overflow_executor_ = LiveExecutor();
    return overflow_executor_;
  }
  // A new executor, or one that registers again after Spark declared it dead.
  LiveExecutor& x = executors_[id];
  x = LiveExecutor();
  x.executor_id = id;
  x.add_ms = add_ms;
  return x;
}

LiveExecutor* AppReplay::FindLiveExecutor(const std::string& id) {
  auto it = executors_.find(id);
  return (it != executors_.end() && it->second.live) ? &it->second : nullptr;
}

void AppReplay::WriteJob(LiveJob& job) {
  rows_.Job(key_, job);
  job.dirty = false;
}

void AppReplay::RetireStage(std::pair<int64_t, int64_t> key) {
  auto it = live_stages_.find(key);
  if (it == live_stages_.end()) return;
  rows_.Stage(key_, *it->second);
  ++counts_.stages;
  for (auto& job : it->second->jobs) {
    if (job->ended && job->dirty) WriteJob(*job);
  }
  live_stages_.erase(it);
}

void AppReplay::Apply(EventKind kind, const EventParser& p, const SourceRef& where) {
  switch (kind) {
    case EventKind::kUnknown:
      return;
    case EventKind::kLogStart:
      app_.spark_version = p.spark_version();
      return;
    case EventKind::kResourceProfileAdded: {
      const ResourceProfileEvent& r = p.resource_profile();
      if (r.task_cpus) task_cpus_by_profile_[r.id] = *r.task_cpus;
      if (r.executor_cores && r.task_cpus && *r.task_cpus > 0) {
        max_tasks_by_profile_[r.id] =
            static_cast<int64_t>(static_cast<double>(*r.executor_cores) / *r.task_cpus);
      }
      rows_.ResourceProfile(key_, r, where);
      return;
    }
    case EventKind::kEnvironmentUpdate: {
      const EnvironmentEvent& env = p.environment();
      for (const auto& [name, value] : env.spark_properties) {
        if (name == "spark.task.cpus" && !value.empty() &&
            value.find_first_not_of("0123456789") == std::string::npos && value.size() < 9) {
          default_cpus_per_task_ = std::max<int64_t>(1, std::stoll(value));
        }
      }
      rows_.Environment(key_, env);
      return;
    }
    case EventKind::kApplicationStart: {
      const ApplicationStartEvent& a = p.app_start();
      app_.name = a.app_name;
      app_.user = a.user;
      app_.start_ms = a.time_ms;
      app_.source = where;
      return;
    }
    case EventKind::kApplicationEnd: {
      const ApplicationEndEvent& a = p.app_end();
      app_.end_ms = a.time_ms;
      app_.exit_code = a.exit_code;
      app_.ended = true;
      app_.source = where;
      // As the History Server does at the end: the driver's time is the application's,
      // its GC time what its own metrics say (it runs no tasks outside local mode).
      if (LiveExecutor* driver = FindLiveExecutor("driver"); driver && app_.start_ms) {
        driver->total_duration = a.time_ms - *app_.start_ms;
        driver->total_gc_time = driver->peak.Get(kTotalGcTime).value_or(0);
      }
      return;
    }
    case EventKind::kBlockManagerAdded: {
      const BlockManagerAddedEvent& b = p.block_manager();
      LiveExecutor& x = GetOrCreateExecutor(b.executor_id, b.time_ms, where);
      x.host_port = fmt::format("{}:{}", b.host, b.port);
      x.is_active = true;
      x.max_memory = b.max_memory;
      x.source = where;
      return;
    }
    case EventKind::kExecutorAdded: {
      const ExecutorAddedEvent& e = p.executor_added();
      LiveExecutor& x = GetOrCreateExecutor(e.executor_id, e.time_ms, where);
      x.host = e.host;
      x.is_active = true;
      x.total_cores = e.total_cores;
      auto rp_max = max_tasks_by_profile_.find(e.resource_profile_id);
      if (rp_max != max_tasks_by_profile_.end()) {
        x.max_tasks = rp_max->second;
      } else {
        auto cpus = task_cpus_by_profile_.find(e.resource_profile_id);
        int64_t per_task = cpus != task_cpus_by_profile_.end()
                               ? std::max<int64_t>(1, static_cast<int64_t>(cpus->second))
                               : default_cpus_per_task_;
        x.max_tasks = e.total_cores / per_task;
      }
      x.resources_json = e.resources_json;
      x.resource_profile_id = e.resource_profile_id;
      x.source = where;
      ExecutorChangeEvent change;
      change.time_ms = e.time_ms;
      change.executor_id = e.executor_id;
      rows_.ExecutorEvent(key_, "added", change, e.host, e.total_cores, where);
      return;
    }
    case EventKind::kExecutorRemoved:
    case EventKind::kExecutorExcluded:
    case EventKind::kExecutorUnexcluded:
    case EventKind::kNodeExcluded:
    case EventKind::kNodeUnexcluded:
    case EventKind::kExecutorExcludedForStage:
    case EventKind::kNodeExcludedForStage:
      OnExecutorChange(kind, p.executor_change(), where);
      return;
    case EventKind::kJobStart:
      OnJobStart(p.job_start(), where);
      return;
    case EventKind::kJobEnd:
      OnJobEnd(p.job_end(), where);
      return;
    case EventKind::kStageSubmitted:
      OnStageSubmitted(p.stage(), where);
      return;
    case EventKind::kStageCompleted:
      OnStageCompleted(p.stage(), where);
      return;
    case EventKind::kTaskStart:
      OnTaskStart(p.task_start(), where);
      return;
    case EventKind::kTaskGettingResult: {
      auto it = live_tasks_.find(p.task_start().info.task_id);
      if (it != live_tasks_.end()) {
        it->second.info.getting_result_ms = p.task_start().info.getting_result_ms;
      }
      return;
    }
    case EventKind::kTaskEnd:
      OnTaskEnd(p.task_end(), where);
      return;
    case EventKind::kStageExecutorMetrics:
    case EventKind::kExecutorMetricsUpdate:
      OnExecutorMetrics(kind, p.executor_metrics());
      return;
    case EventKind::kSqlExecutionStart:
    case EventKind::kSqlExecutionEnd:
    case EventKind::kSqlAdaptiveExecutionUpdate:
      OnSql(kind, p.sql(), where);
      return;
  }
}

void AppReplay::OnTaskStart(const TaskStartEvent& e, const SourceRef& where) {
  const TaskInfo& info = e.info;
  if (!live_tasks_.contains(info.task_id) &&
      !Room(live_tasks_.size(), kMaxLiveTasks, "running tasks", where)) {
    return;
  }
  if (paths_.empty() || paths_.back() != where.path) paths_.push_back(where.path);
  LiveTask& task = live_tasks_[info.task_id];
  task.info = info;
  task.stage_id = e.stage_id;
  task.stage_attempt = e.stage_attempt;
  task.path_index = paths_.size() - 1;
  task.line = where.line;
  auto it = live_stages_.find({e.stage_id, e.stage_attempt});
  if (it != live_stages_.end()) {
    LiveStage& s = *it->second;
    ++s.active_tasks;
    if (!s.first_launch_ms || info.launch_ms < *s.first_launch_ms)
      s.first_launch_ms = info.launch_ms;
    for (auto& job : s.jobs) {
      ++job->active_tasks;
      if (job->ended) job->dirty = true;
    }
  }
  if (LiveExecutor* x = FindLiveExecutor(info.executor_id)) {
    ++x->active_tasks;
    ++x->total_tasks;
  }
}

void AppReplay::OnTaskEnd(const TaskEndEvent& e, const SourceRef& where) {
  const TaskInfo& info = e.info;
  const std::string& reason = e.reason.reason;
  bool resubmitted = reason == "Resubmitted";
  auto live = live_tasks_.find(info.task_id);
  bool was_live = live != live_tasks_.end();
  if (was_live) live_tasks_.erase(live);
  if (resubmitted) {
    // The attempt had succeeded; its output was lost with its executor.
    rows_.Resubmitted(key_, info.task_id);
  } else {
    rows_.TaskEnd(key_, e, where);
    ++counts_.tasks;
    if (info.failed) ++counts_.failed_tasks;
  }
  Deltas d = DeltasOf(reason);
  int64_t duration = info.finish_ms != 0 ? info.finish_ms - info.launch_ms : 0;
  auto sit = live_stages_.find({e.stage_id, e.stage_attempt});
  if (sit != live_stages_.end()) {
    LiveStage& s = *sit->second;
    if (was_live && e.metrics.present) s.metrics.Add(e.metrics);
    --s.active_tasks;
    s.completed_tasks += d.completed;
    if (d.completed > 0) s.completed_indices.Insert(info.index);
    s.failed_tasks += d.failed;
    s.killed_tasks += d.killed;
    s.peak.TakePeaks(e.executor_metrics);
    for (auto& job : s.jobs) {
      --job->active_tasks;
      job->completed_tasks += d.completed;
      if (d.completed > 0 && job->completed_indices[e.stage_id].Insert(info.index)) {
        ++job->num_completed_indices;
      }
      job->failed_tasks += d.failed;
      job->killed_tasks += d.killed;
      if (job->ended) job->dirty = true;
    }
    bool remove = s.active_tasks == 0 && (s.status == "COMPLETE" || s.status == "FAILED");
    if (remove) RetireStage(sit->first);
  }
  if (LiveExecutor* x = FindLiveExecutor(info.executor_id)) {
    --x->active_tasks;
    x->completed_tasks += d.completed;
    x->failed_tasks += d.failed;
    x->total_duration += duration;
    x->peak.TakePeaks(e.executor_metrics);
    if (!resubmitted && e.metrics.present) {
      x->total_gc_time += e.metrics.jvm_gc_time;
      x->total_input_bytes += e.metrics.input_bytes_read;
      x->total_shuffle_read +=
          e.metrics.shuffle_local_bytes_read + e.metrics.shuffle_remote_bytes_read;
      x->total_shuffle_write += e.metrics.shuffle_bytes_written;
    }
  }
}

void AppReplay::OnStageSubmitted(const StageEvent& e, const SourceRef& where) {
  LiveStage* stage = GetOrCreateStage(e.info, where);
  if (stage == nullptr) return;
  LiveStage& s = *stage;
  s.status = "ACTIVE";
  s.pool = e.properties.pool.value_or("default");
  s.jobs.clear();
  for (auto& [id, job] : live_jobs_) {
    if (Contains(job->stage_ids, e.info.stage_id)) s.jobs.push_back(job);
  }
  std::sort(s.jobs.begin(), s.jobs.end(),
            [](const auto& a, const auto& b) { return a->job_id < b->job_id; });
  s.description = e.properties.description;
  for (auto& job : s.jobs) {
    job->completed_stages.erase(e.info.stage_id);
    ++job->active_stages;
  }
  s.source = where;
}

void AppReplay::OnStageCompleted(const StageEvent& e, const SourceRef& where) {
  std::pair<int64_t, int64_t> key{e.info.stage_id, e.info.attempt};
  auto it = live_stages_.find(key);
  if (it == live_stages_.end()) return;
  LiveStage& s = *it->second;
  s.info = e.info;
  if (e.info.failure_reason) {
    s.status = "FAILED";
  } else if (e.info.submission_ms) {
    s.status = "COMPLETE";
  } else {
    s.status = "SKIPPED";
  }
  for (auto& job : s.jobs) {
    if (s.status == "COMPLETE") {
      job->completed_stages.insert(e.info.stage_id);
    } else if (s.status == "SKIPPED") {
      job->skipped_stages.insert(e.info.stage_id);
      job->skipped_tasks += e.info.num_tasks;
    } else {
      ++job->failed_stages;
    }
    --job->active_stages;
    if (job->ended) job->dirty = true;
  }
  for (const std::string& id : s.excluded_executors) {
    if (LiveExecutor* x = FindLiveExecutor(id)) x->excluded_in_stages.erase(e.info.stage_id);
  }
  s.source = where;
  if (s.active_tasks == 0) RetireStage(key);
}

void AppReplay::OnJobStart(const JobStartEvent& e, const SourceRef& where) {
  if (!live_jobs_.contains(e.job_id) && !Room(live_jobs_.size(), kMaxLiveJobs, "jobs", where)) {
    return;
  }
  auto job = std::make_shared<LiveJob>();
  job->job_id = e.job_id;
  const StageInfo* last = nullptr;
  for (const StageInfo& info : e.stage_infos) {
    if (!info.completion_ms) job->num_tasks += info.num_tasks;
    if (last == nullptr || info.stage_id >= last->stage_id) last = &info;
  }
  if (last != nullptr) job->name = last->name;
  job->description = e.properties.description;
  job->job_group = e.properties.job_group;
  job->sql_execution_id = e.properties.sql_execution_id;
  if (e.submission_ms && *e.submission_ms > 0) job->submission_ms = e.submission_ms;
  job->stage_ids = e.stage_ids;
  job->source = where;
  live_jobs_[e.job_id] = job;
  for (const StageInfo& info : e.stage_infos) {
    LiveStage* s = GetOrCreateStage(info, where);
    if (s == nullptr) continue;
    s->jobs.push_back(job);
    if (s->source.path.empty()) s->source = where;
  }
}

void AppReplay::OnJobEnd(const JobEndEvent& e, const SourceRef& where) {
  auto it = live_jobs_.find(e.job_id);
  if (it == live_jobs_.end()) return;
  std::shared_ptr<LiveJob> job = it->second;
  live_jobs_.erase(it);
  std::vector<std::pair<int64_t, int64_t>> skipped;
  for (auto& [key, stage] : live_stages_) {
    if (!Contains(job->stage_ids, key.first) || stage->status != "PENDING") continue;
    stage->status = "SKIPPED";
    job->skipped_stages.insert(stage->info.stage_id);
    job->skipped_tasks += stage->info.num_tasks;
    --job->active_stages;
    skipped.push_back(key);
  }
  job->status = e.succeeded ? "SUCCEEDED" : "FAILED";
  if (!e.succeeded) job->failure_reason = e.failure_message;
  if (e.completion_ms && *e.completion_ms > 0) job->completion_ms = e.completion_ms;
  job->ended = true;
  job->source = where;
  WriteJob(*job);
  ++counts_.jobs;
  for (const auto& key : skipped) RetireStage(key);
}

void AppReplay::OnExecutorChange(EventKind kind, const ExecutorChangeEvent& e,
                                 const SourceRef& where) {
  // Executors of a node, as Spark picks them for node-level events.
  auto on_host = [&](const std::string& host) {
    std::vector<LiveExecutor*> out;
    for (auto& [id, x] : executors_) {
      if (x.live && x.host == host && id != "driver") out.push_back(&x);
    }
    return out;
  };
  auto host_of = [&](const std::string& id) -> std::string {
    auto it = executors_.find(id);
    return it == executors_.end() ? std::string() : it->second.host;
  };
  switch (kind) {
    case EventKind::kExecutorRemoved: {
      rows_.ExecutorEvent(key_, "removed", e, host_of(e.executor_id), std::nullopt, where);
      LiveExecutor* x = FindLiveExecutor(e.executor_id);
      if (x == nullptr) return;
      x->is_active = false;
      x->live = false;
      x->remove_ms = e.time_ms;
      x->remove_reason = e.reason;
      x->source = where;
      return;
    }
    case EventKind::kExecutorExcluded:
    case EventKind::kExecutorUnexcluded: {
      bool excluded = kind == EventKind::kExecutorExcluded;
      rows_.ExecutorEvent(key_, excluded ? "excluded" : "unexcluded", e, host_of(e.executor_id),
                          std::nullopt, where);
      if (LiveExecutor* x = FindLiveExecutor(e.executor_id)) x->is_excluded = excluded;
      return;
    }
    case EventKind::kNodeExcluded:
    case EventKind::kNodeUnexcluded: {
      bool excluded = kind == EventKind::kNodeExcluded;
      rows_.ExecutorEvent(key_, excluded ? "node_excluded" : "node_unexcluded", e, e.host,
                          std::nullopt, where);
      for (LiveExecutor* x : on_host(e.host)) x->is_excluded = excluded;
      return;
    }
    case EventKind::kExecutorExcludedForStage: {
      rows_.ExecutorEvent(key_, "excluded_for_stage", e, host_of(e.executor_id), std::nullopt,
                          where);
      int64_t stage = e.stage_id.value_or(-1);
      auto it = live_stages_.find({stage, e.stage_attempt.value_or(0)});
      if (it != live_stages_.end()) it->second->excluded_executors.insert(e.executor_id);
      if (LiveExecutor* x = FindLiveExecutor(e.executor_id)) x->excluded_in_stages.insert(stage);
      return;
    }
    case EventKind::kNodeExcludedForStage: {
      rows_.ExecutorEvent(key_, "node_excluded_for_stage", e, e.host, std::nullopt, where);
      int64_t stage = e.stage_id.value_or(-1);
      auto it = live_stages_.find({stage, e.stage_attempt.value_or(0)});
      for (LiveExecutor* x : on_host(e.host)) {
        if (it != live_stages_.end()) it->second->excluded_executors.insert(x->executor_id);
        x->excluded_in_stages.insert(stage);
      }
      return;
    }
    default:
      return;
  }
}

void AppReplay::OnExecutorMetrics(EventKind kind, const std::vector<ExecutorMetricsEvent>& events) {
  for (const ExecutorMetricsEvent& m : events) {
    auto it = executors_.find(m.executor_id);
    // Stage-level peaks count for dead executors too; heartbeat peaks only for live ones.
    if (it != executors_.end() && (it->second.live || kind == EventKind::kStageExecutorMetrics)) {
      it->second.peak.TakePeaks(m.metrics);
    }
    if (m.stage_id) {
      auto s = live_stages_.find({*m.stage_id, m.stage_attempt.value_or(0)});
      if (s != live_stages_.end()) s->second->peak.TakePeaks(m.metrics);
    }
  }
}

void AppReplay::OnSql(EventKind kind, const SqlExecutionEvent& e, const SourceRef& where) {
  if (kind == EventKind::kSqlExecutionStart) {
    if (!live_sql_.contains(e.execution_id) &&
        !Room(live_sql_.size(), kMaxLiveSql, "SQL executions", where)) {
      return;
    }
    LiveSql& q = live_sql_[e.execution_id];
    q.event = e;
    q.source = where;
    return;
  }
  auto it = live_sql_.find(e.execution_id);
  if (it == live_sql_.end()) return;
  LiveSql& q = it->second;
  if (kind == EventKind::kSqlAdaptiveExecutionUpdate) {
    if (e.plan_description) q.event.plan_description = e.plan_description;
    return;
  }
  q.completion_ms = e.time_ms;
  q.event.error_message = e.error_message;
  rows_.Sql(key_, q);
  live_sql_.erase(it);
}

void AppReplay::Finish() {
  // Tasks still running at the end of the log.
  for (const auto& [task_id, task] : live_tasks_) {
    rows_.RunningTask(key_, task.stage_id, task.stage_attempt, task.info,
                      SourceRef{paths_[task.path_index], task.line});
    ++counts_.tasks;
  }
  live_tasks_.clear();
  std::vector<std::pair<int64_t, int64_t>> stages;
  for (const auto& [key, stage] : live_stages_) stages.push_back(key);
  for (const auto& key : stages) RetireStage(key);
  for (auto& [id, job] : live_jobs_) {
    WriteJob(*job);
    ++counts_.jobs;
  }
  live_jobs_.clear();
  for (const auto& [id, x] : executors_) {
    rows_.Executor(key_, x);
    ++counts_.executors;
  }
  for (const auto& [id, q] : live_sql_) rows_.Sql(key_, q);
  live_sql_.clear();
  rows_.FinishSql(key_);
  // A log (or a part) that never says when the application started or ended has nothing
  // to put in an application row.
  if (app_.start_ms || app_.ended) rows_.Application(key_, app_);
}

}  // namespace sparkpm::event_log
