// Private to the event log loader: writes the rows an event log yields into the tables
// of schema/20_spark.sql with statements prepared once and reused. Rows merge with what
// REST JSON already wrote for the same entity: the event log's non-NULL values win,
// REST fills the rest (see the triggers at the end of schema/20_spark.sql).
//
// The writes run on a writer thread of their own, in the order they were handed over,
// so that parsing the log and inserting rows use both cores; task rows travel in
// batches. IMPORTANT: nothing else may use the database between the first call and
// Flush() (the loader flushes before it returns an entry's outcome).
//
//   RowWriter rows(ctx);
//   rows.TaskEnd(key, event, source);   // one row per task attempt
//   rows.Flush();                        // every row is in the database
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "event_log_events.h"
#include "event_log_replay.h"
#include "sparkpm/database.h"
#include "sparkpm/load_context.h"

namespace sparkpm::event_log {

// One row of the event_logs table.
struct EventLogFileRow {
  std::string path;
  std::string app_id;
  std::string attempt_id;
  std::string codec;
  std::optional<int64_t> rolling_part;
  int64_t bytes = 0;
  int64_t decoded_bytes = 0;
  int64_t lines = 0;
  int64_t events = 0;
  int64_t ignored_events = 0;
  int64_t malformed_lines = 0;
  std::optional<int64_t> first_ms;
  std::optional<int64_t> last_ms;
  bool has_application_end = false;
  bool in_progress = false;
  bool truncated = false;
  bool complete = false;
};

class RowWriter {
 public:
  explicit RowWriter(LoadContext& ctx) : ctx_(ctx) {}
  ~RowWriter();
  RowWriter(const RowWriter&) = delete;
  RowWriter& operator=(const RowWriter&) = delete;

  // Waits until every row handed over so far is written.
  void Flush();
  // Records a load_errors row (in order with the rows).
  void Error(std::string_view path, int64_t line, std::string_view message,
             std::string_view help = {}, std::string_view severity = "error");

  void TaskEnd(const AppKey& app, const TaskEndEvent& e, const SourceRef& where);
  // Writes a task still running at the end of the log (kept if a row exists).
  void RunningTask(const AppKey& app, int64_t stage_id, int64_t stage_attempt, const TaskInfo& info,
                   const SourceRef& where);
  // Marks a task whose output was lost and that Spark ran again.
  void Resubmitted(const AppKey& app, int64_t task_id);
  // Writes a stage row (its jobs are not needed and not copied).
  void Stage(const AppKey& app, const LiveStage& s);
  void Job(const AppKey& app, const LiveJob& j);
  void Executor(const AppKey& app, const LiveExecutor& x);
  void Application(const AppKey& app, const AppInfo& info);
  void Environment(const AppKey& app, const EnvironmentEvent& env);
  void ResourceProfile(const AppKey& app, const ResourceProfileEvent& r, const SourceRef& where);
  void ExecutorEvent(const AppKey& app, std::string_view event, const ExecutorChangeEvent& e,
                     std::string_view host, std::optional<int64_t> total_cores,
                     const SourceRef& where);
  void Sql(const AppKey& app, const LiveSql& q);
  // Fills job_ids and status of the application's SQL executions from its jobs.
  void FinishSql(const AppKey& app);
  void EventLogFile(const EventLogFileRow& row);
  // Adds text to the detail of a bundle_files row already written.
  void AppendFileDetail(std::string_view path, std::string_view text);

 private:
  // Task ends of one application and file waiting to be written together. Batches are
  // reused, and so are their rows' strings.
  struct TaskBatch {
    AppKey app;
    std::string path;
    std::vector<std::pair<TaskEndEvent, int64_t>> rows;  // event, line; the first count used
    size_t count = 0;
  };
  // Runs work on the writer thread, after everything handed over before it.
  void Submit(std::function<void()> work);
  // Hands the pending task ends over.
  void SubmitTasks();
  void WorkerLoop();
  void WriteTaskEnds(const TaskBatch& batch);
  // Task rows written so far by the three task statements (one row budget).
  int64_t TasksWritten() const;
  void WriteStage(const AppKey& app, const LiveStage& s);
  void WriteJob(const AppKey& app, const LiveJob& j);
  void WriteExecutor(const AppKey& app, const LiveExecutor& x);
  void WriteApplication(const AppKey& app, const AppInfo& info);
  void WriteEnvironment(const AppKey& app, const EnvironmentEvent& env);
  // The tasks trigger of schema/20_spark.sql only merges REST rows into event log rows;
  // it is lifted while task ends are bulk-inserted (it doubles their cost) and put back
  // before anyone else writes. Both run on the writer thread.
  void SuspendTasksTrigger();
  void RestoreTasksTrigger();

  // A statement prepared on first use with a row budget (LoadLimits::max_rows_per_table).
  struct Writer {
    std::string table;
    std::optional<Statement> stmt;
    int64_t written = 0;
    bool unusable = false;
  };
  // Returns the statement to bind, or nullptr when the table cannot take rows.
  Statement* Begin(Writer& w, std::string_view table, std::string_view sql);
  void Commit(Writer& w, int64_t rows = 1);

  LoadContext& ctx_;
  std::shared_ptr<TaskBatch> batch_;               // being filled by the caller
  std::vector<std::shared_ptr<TaskBatch>> spare_;  // written batches, for reuse
  std::thread worker_;
  std::mutex mu_;
  std::condition_variable work_cv_;  // work arrived, or stop
  std::condition_variable idle_cv_;  // the queue drained, or room in it
  std::deque<std::function<void()>> queue_;
  bool busy_ = false;
  bool stop_ = false;
  std::optional<std::string> tasks_trigger_sql_;  // set while the trigger is lifted
  Writer task_, tasks_many_, tasks_vtab_, running_task_, resubmitted_, stage_, job_, executor_,
      application_, property_, environment_, resource_profile_, executor_event_, sql_, sql_finish_,
      event_log_, file_detail_;
};

}  // namespace sparkpm::event_log
