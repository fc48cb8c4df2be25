// The SQL side of the event log loader: one prepared statement per kind of row,
// upserts that let the event log's values win over REST JSON's.
#include "event_log_rows.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <new>

namespace sparkpm::event_log {
namespace {

// Builds "INSERT INTO table(cols) VALUES (?, ...) ON CONFLICT(keys) DO UPDATE SET
// c = coalesce(excluded.c, c), ..." so that NULLs never erase what another source wrote.
std::string UpsertSql(std::string_view table, std::initializer_list<std::string_view> keys,
                      std::initializer_list<std::string_view> columns, int rows = 1) {
  std::string cols, marks, sets, conflict;
  for (auto k : keys) {
    if (!cols.empty()) {
      cols += ", ";
      marks += ", ";
      conflict += ", ";
    }
    cols += fmt::format("\"{}\"", k);
    marks += '?';
    conflict += fmt::format("\"{}\"", k);
  }
  for (auto c : columns) {
    cols += fmt::format(", \"{}\"", c);
    marks += ", ?";
    if (!sets.empty()) sets += ", ";
    sets += fmt::format("\"{0}\" = coalesce(excluded.\"{0}\", \"{0}\")", c);
  }
  std::string values;
  for (int r = 0; r < rows; ++r) values += fmt::format("{}({})", r ? ", " : "", marks);
  return fmt::format("INSERT INTO {}({}) VALUES {} ON CONFLICT({}) DO UPDATE SET {}", table, cols,
                     values, conflict, sets);
}

// Returns hostPort without its ":port".
std::string HostOfHostPort(std::string_view host_port) {
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

std::string IntArrayJson(const auto& values) {
  std::string json = "[";
  for (int64_t v : values) {
    if (json.size() > 1) json += ',';
    json += std::to_string(v);
  }
  return json + "]";
}

template <typename Sink>
void BindText(Sink& st, int i, const std::optional<std::string>& s) {
  if (s) {
    st.Bind(i, *s);
  } else {
    st.BindNull(i);
  }
}

constexpr size_t kTaskBatchRows = 2048;
// Task rows per INSERT statement (the statement's fixed cost is shared).
constexpr size_t kRowsPerInsert = 16;
// Parameters of one task row.
constexpr size_t kTaskColumns = 60;
constexpr size_t kMaxQueued = 8;

// Binds the text, or NULL when it is empty.
template <typename Sink>
void BindNonEmpty(Sink& st, int i, std::string_view s) {
  if (s.empty()) {
    st.BindNull(i);
  } else {
    st.Bind(i, s);
  }
}

// Binds the task metrics from parameter *i on, in the column order of tasks and stages;
// stages also have the total shuffle read bytes, after the local bytes read.
template <typename Sink>
void BindMetrics(Sink& st, int* i, const TaskMetrics& m, bool read_total) {
  for (int64_t v : {m.executor_deserialize_time,
                    m.executor_deserialize_cpu_time,
                    m.executor_run_time,
                    m.executor_cpu_time,
                    m.result_size,
                    m.jvm_gc_time,
                    m.result_serialization_time,
                    m.memory_bytes_spilled,
                    m.disk_bytes_spilled,
                    m.peak_execution_memory,
                    m.input_bytes_read,
                    m.input_records_read,
                    m.output_bytes_written,
                    m.output_records_written,
                    m.shuffle_remote_blocks_fetched,
                    m.shuffle_local_blocks_fetched,
                    m.shuffle_fetch_wait_time,
                    m.shuffle_remote_bytes_read,
                    m.shuffle_remote_bytes_read_to_disk,
                    m.shuffle_local_bytes_read}) {
    st.Bind((*i)++, v);
  }
  if (read_total) st.Bind((*i)++, m.shuffle_remote_bytes_read + m.shuffle_local_bytes_read);
  for (int64_t v : {m.shuffle_records_read, m.shuffle_bytes_written, m.shuffle_write_time,
                    m.shuffle_records_written}) {
    st.Bind((*i)++, v);
  }
}

// Binds one task end at parameters first .. first + kTaskColumns - 1 of a Statement or a
// TaskRowValues. Text is bound without a copy: the batch outlives the step; the error
// text lives in *error.
template <typename Sink>
void FillTaskEnd(Sink& sink, int first, const AppKey& app, const TaskEndEvent& e,
                 std::string_view path, int64_t line, std::optional<std::string>* error) {
  Sink* st = &sink;
  const TaskInfo& t = e.info;
  const TaskEndReason& r = e.reason;
  const TaskMetrics& m = e.metrics;
  bool finished = t.finish_ms != 0;
  int64_t duration = finished ? t.finish_ms - t.launch_ms : 0;
  int64_t getting_result = 0;
  if (t.getting_result_ms > 0 && finished)
    getting_result = t.launch_ms + duration - t.getting_result_ms;
  int i = first;
  st->BindUncopied(i++, app.app_id);
  st->BindUncopied(i++, app.attempt_id);
  st->Bind(i++, t.task_id);
  st->Bind(i++, e.stage_id);
  st->Bind(i++, e.stage_attempt);
  st->Bind(i++, t.index);
  st->Bind(i++, t.attempt);
  st->Bind(i++, t.partition_id);
  st->Bind(i++, t.launch_ms);
  if (t.getting_result_ms > 0) {
    st->Bind(i++, t.getting_result_ms);
  } else {
    st->BindNull(i++);
  }
  if (finished) {
    st->Bind(i++, duration);
  } else {
    st->BindNull(i++);
  }
  st->BindUncopied(i++, t.executor_id);
  st->BindUncopied(i++, t.host);
  st->BindUncopied(i++, t.Status());
  st->BindUncopied(i++, t.locality);
  st->Bind(i++, t.speculative);
  *error = r.ErrorMessage();
  if (*error) {
    st->BindUncopied(i++, **error);
  } else {
    st->BindNull(i++);
  }
  if (r.reason == "Success" || r.reason.empty()) {
    st->BindNull(i++);
  } else if (r.reason == "ExceptionFailure" && !r.class_name.empty()) {
    st->BindUncopied(i++, r.class_name);
  } else {
    st->BindUncopied(i++, r.reason);
  }
  if (m.present) {
    int64_t delay =
        std::max<int64_t>(0, duration - m.executor_run_time - m.executor_deserialize_time -
                                 m.result_serialization_time - getting_result);
    st->Bind(i++, finished ? delay : 0);
  } else {
    st->Bind(i++, int64_t{0});
  }
  st->Bind(i++, getting_result);
  if (m.present) {
    BindMetrics(*st, &i, m, false);
  } else {
    for (int k = 0; k < 24; ++k) st->BindNull(i++);
  }
  st->BindUncopied(i++, path);
  if (finished) {
    st->Bind(i++, t.finish_ms);
  } else {
    st->BindNull(i++);
  }
  BindNonEmpty(*st, i++, e.task_type);
  BindNonEmpty(*st, i++, r.reason);
  if (r.reason == "ExceptionFailure") {
    st->Bind(i++, r.description);
  } else {
    st->BindNull(i++);
  }
  bool lost = r.reason == "ExecutorLostFailure";
  if (lost) {
    st->Bind(i++, r.exit_caused_by_app.value_or(true));
    BindText(*st, i++, r.loss_reason);
  } else {
    st->BindNull(i++);
    st->BindNull(i++);
  }
  bool fetch = r.reason == "FetchFailed";
  if (fetch && r.has_block_manager) {
    st->Bind(i++, r.bm_executor_id);
    st->Bind(i++, r.bm_host);
    st->Bind(i++, r.bm_port);
  } else {
    for (int k = 0; k < 3; ++k) st->BindNull(i++);
  }
  if (fetch) {
    st->Bind(i++, r.shuffle_id);
    st->Bind(i++, r.map_id);
    st->Bind(i++, r.map_index);
    st->Bind(i++, r.reduce_id);
  } else {
    for (int k = 0; k < 4; ++k) st->BindNull(i++);
  }
  if (r.reason == "TaskKilled") {
    st->BindUncopied(
        i++, r.kill_reason ? std::string_view(*r.kill_reason) : std::string_view("unknown reason"));
  } else {
    st->BindNull(i++);
  }
  st->Bind(i++, line);
}

// The values of one task row, for the virtual table below: a sink with Statement's bind
// calls that keeps views (the batch outlives the statement step).
class TaskRowValues {
 public:
  void BindNull(int i) { v_[Slot(i)] = {SQLITE_NULL, 0, {}}; }
  void Bind(int i, int64_t x) { v_[Slot(i)] = {SQLITE_INTEGER, x, {}}; }
  void Bind(int i, int x) { Bind(i, static_cast<int64_t>(x)); }
  void Bind(int i, bool b) { Bind(i, static_cast<int64_t>(b ? 1 : 0)); }
  void Bind(int i, std::string_view s) { v_[Slot(i)] = {SQLITE_TEXT, 0, s}; }
  void Bind(int i, const std::string& s) { Bind(i, std::string_view(s)); }
  void BindUncopied(int i, std::string_view s) { Bind(i, s); }
  template <typename T>
  void Bind(int i, const std::optional<T>& value) {
    if (value) {
      Bind(i, *value);
    } else {
      BindNull(i);
    }
  }
  // Sets the SQL result of column col (0-based).
  void Result(sqlite3_context* ctx, int col) const {
    if (col < 0 || static_cast<size_t>(col) >= v_.size()) return;
    const Value& x = v_[static_cast<size_t>(col)];
    if (x.type == SQLITE_INTEGER) {
      sqlite3_result_int64(ctx, x.i);
    } else if (x.type == SQLITE_TEXT) {
      sqlite3_result_text(ctx, x.s.data(), static_cast<int>(x.s.size()), SQLITE_STATIC);
    }  // else the result stays NULL
  }

 private:
  struct Value {
    int type = SQLITE_NULL;
    int64_t i = 0;
    std::string_view s;
  };
  static size_t Slot(int i) { return static_cast<size_t>(i - 1) % kTaskColumns; }
  std::array<Value, kTaskColumns> v_{};
};

// The task ends of one batch as an eponymous virtual table, so that a whole batch is one
// "INSERT ... SELECT" step: SQLite reads the values straight from the parsed events
// instead of through 60 bound parameters a row (binding and clearing them was a third of
// the writer thread's time).
struct TaskRowsSource {
  const AppKey* app = nullptr;
  std::string_view path;
  const std::pair<TaskEndEvent, int64_t>* rows = nullptr;
  size_t count = 0;
};
// Set by the writer thread around the step that reads it (xFilter runs inside the step).
thread_local const TaskRowsSource* tl_task_rows = nullptr;
constexpr const char* kTaskRowsModule = "sparkpm_event_log_task_rows";

struct TaskRowsCursor : sqlite3_vtab_cursor {
  const TaskRowsSource* source = nullptr;
  size_t row = 0;
  TaskRowValues values;
  std::optional<std::string> error;
  void Fill() {
    if (source == nullptr || row >= source->count) return;
    const auto& [event, line] = source->rows[row];
    FillTaskEnd(values, 1, *source->app, event, source->path, line, &error);
  }
};

int TaskRowsConnect(sqlite3* db, void*, int, const char* const*, sqlite3_vtab** out, char**) {
  std::string schema = "CREATE TABLE x(";
  for (size_t c = 0; c < kTaskColumns; ++c) schema += fmt::format("{}c{}", c ? ", " : "", c);
  schema += ")";
  if (int rc = sqlite3_declare_vtab(db, schema.c_str()); rc != SQLITE_OK) return rc;
  auto* vtab = static_cast<sqlite3_vtab*>(sqlite3_malloc(sizeof(sqlite3_vtab)));
  if (vtab == nullptr) return SQLITE_NOMEM;
  std::memset(vtab, 0, sizeof(*vtab));
  *out = vtab;
  return SQLITE_OK;
}
int TaskRowsDisconnect(sqlite3_vtab* vtab) {
  sqlite3_free(vtab);
  return SQLITE_OK;
}
int TaskRowsBestIndex(sqlite3_vtab*, sqlite3_index_info* info) {
  info->estimatedCost = static_cast<double>(kTaskBatchRows);
  info->estimatedRows = static_cast<sqlite3_int64>(kTaskBatchRows);
  return SQLITE_OK;
}
int TaskRowsOpen(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  auto* cursor = new (std::nothrow) TaskRowsCursor();
  if (cursor == nullptr) return SQLITE_NOMEM;
  *out = cursor;
  return SQLITE_OK;
}
int TaskRowsClose(sqlite3_vtab_cursor* cursor) {
  delete static_cast<TaskRowsCursor*>(cursor);
  return SQLITE_OK;
}
int TaskRowsFilter(sqlite3_vtab_cursor* base, int, const char*, int, sqlite3_value**) {
  auto* cursor = static_cast<TaskRowsCursor*>(base);
  cursor->source = tl_task_rows;
  cursor->row = 0;
  cursor->Fill();
  return SQLITE_OK;
}
int TaskRowsNext(sqlite3_vtab_cursor* base) {
  auto* cursor = static_cast<TaskRowsCursor*>(base);
  ++cursor->row;
  cursor->Fill();
  return SQLITE_OK;
}
int TaskRowsEof(sqlite3_vtab_cursor* base) {
  auto* cursor = static_cast<TaskRowsCursor*>(base);
  return cursor->source == nullptr || cursor->row >= cursor->source->count;
}
int TaskRowsColumn(sqlite3_vtab_cursor* base, sqlite3_context* ctx, int col) {
  static_cast<TaskRowsCursor*>(base)->values.Result(ctx, col);
  return SQLITE_OK;
}
int TaskRowsRowid(sqlite3_vtab_cursor* base, sqlite3_int64* rowid) {
  *rowid = static_cast<sqlite3_int64>(static_cast<TaskRowsCursor*>(base)->row);
  return SQLITE_OK;
}

// Eponymous-only (no xCreate): the table exists on every connection that registered it.
sqlite3_module MakeTaskRowsModule() {
  sqlite3_module m{};
  m.iVersion = 0;
  m.xCreate = nullptr;
  m.xConnect = TaskRowsConnect;
  m.xBestIndex = TaskRowsBestIndex;
  m.xDisconnect = TaskRowsDisconnect;
  m.xDestroy = TaskRowsDisconnect;
  m.xOpen = TaskRowsOpen;
  m.xClose = TaskRowsClose;
  m.xFilter = TaskRowsFilter;
  m.xNext = TaskRowsNext;
  m.xEof = TaskRowsEof;
  m.xColumn = TaskRowsColumn;
  m.xRowid = TaskRowsRowid;
  return m;
}
const sqlite3_module kTaskRows = MakeTaskRowsModule();

}  // namespace

RowWriter::~RowWriter() {
  if (!worker_.joinable()) return;
  Flush();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  worker_.join();
}

void RowWriter::Submit(std::function<void()> work) {
  if (batch_ && batch_->count > 0) SubmitTasks();
  std::unique_lock<std::mutex> lock(mu_);
  if (!worker_.joinable()) worker_ = std::thread([this] { WorkerLoop(); });
  // A bounded queue keeps memory flat when parsing runs ahead of SQLite.
  idle_cv_.wait(lock, [this] { return queue_.size() < kMaxQueued; });
  queue_.push_back(std::move(work));
  work_cv_.notify_one();
}

void RowWriter::SubmitTasks() {
  std::shared_ptr<TaskBatch> batch = std::move(batch_);
  batch_.reset();
  Submit([this, batch] {
    SuspendTasksTrigger();
    WriteTaskEnds(*batch);
    batch->count = 0;
    std::lock_guard<std::mutex> lock(mu_);
    spare_.push_back(batch);
  });
}

void RowWriter::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stop_
    std::function<void()> work = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    idle_cv_.notify_all();
    lock.unlock();
    work();
    lock.lock();
    busy_ = false;
    idle_cv_.notify_all();
  }
}

void RowWriter::Flush() {
  if (batch_ && batch_->count > 0) SubmitTasks();
  if (worker_.joinable()) Submit([this] { RestoreTasksTrigger(); });
  std::unique_lock<std::mutex> lock(mu_);
  idle_cv_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void RowWriter::SuspendTasksTrigger() {
  if (tasks_trigger_sql_) return;
  auto st = ctx_.db().Prepare(
      "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'tasks_keep_event_log'");
  if (!st) return;
  auto row = st->Step();
  if (!row || !*row) return;
  std::string sql = st->ColumnText(0);
  st->Reset();
  if (ctx_.db().Exec("DROP TRIGGER tasks_keep_event_log").ok()) tasks_trigger_sql_ = sql;
}

void RowWriter::RestoreTasksTrigger() {
  if (!tasks_trigger_sql_) return;
  if (Status s = ctx_.db().Exec(*tasks_trigger_sql_); !s) {
    ctx_.AddError(
        {}, 0,
        "could not restore the tasks trigger after loading an event log: " + s.error().ToString(),
        "REST task rows read after this point may replace event log rows");
  }
  tasks_trigger_sql_.reset();
}

void RowWriter::Error(std::string_view path, int64_t line, std::string_view message,
                      std::string_view help, std::string_view severity) {
  Submit([this, path = std::string(path), line, message = std::string(message),
          help = std::string(help), severity = std::string(severity)] {
    ctx_.AddError(path, line, message, help, severity);
  });
}

void RowWriter::TaskEnd(const AppKey& app, const TaskEndEvent& e, const SourceRef& where) {
  if (batch_ && batch_->count > 0 &&
      (batch_->path != where.path || batch_->app.app_id != app.app_id ||
       batch_->app.attempt_id != app.attempt_id)) {
    SubmitTasks();
  }
  if (!batch_) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!spare_.empty()) {
        batch_ = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    if (!batch_) batch_ = std::make_shared<TaskBatch>();
    batch_->app = app;
    batch_->path = where.path;
  }
  TaskBatch& b = *batch_;
  if (b.count < b.rows.size()) {
    b.rows[b.count].first = e;  // reuses the strings of an earlier row
    b.rows[b.count].second = where.line;
  } else {
    b.rows.emplace_back(e, where.line);
  }
  if (++b.count >= kTaskBatchRows) SubmitTasks();
}

void RowWriter::Stage(const AppKey& app, const LiveStage& s) {
  auto copy = std::make_shared<LiveStage>();
  copy->info = s.info;
  copy->status = s.status;
  copy->description = s.description;
  copy->pool = s.pool;
  copy->active_tasks = s.active_tasks;
  copy->completed_tasks = s.completed_tasks;
  copy->failed_tasks = s.failed_tasks;
  copy->killed_tasks = s.killed_tasks;
  copy->completed_indices = s.completed_indices;
  copy->first_launch_ms = s.first_launch_ms;
  copy->metrics = s.metrics;
  copy->peak = s.peak;
  copy->source = s.source;
  Submit([this, app, copy] { WriteStage(app, *copy); });
}

void RowWriter::Job(const AppKey& app, const LiveJob& j) {
  auto copy = std::make_shared<LiveJob>();
  *copy = j;
  copy->completed_indices.clear();  // only its count is written
  Submit([this, app, copy] { WriteJob(app, *copy); });
}

void RowWriter::Executor(const AppKey& app, const LiveExecutor& x) {
  Submit([this, app, x] { WriteExecutor(app, x); });
}

void RowWriter::Application(const AppKey& app, const AppInfo& info) {
  Submit([this, app, info] { WriteApplication(app, info); });
}

void RowWriter::Environment(const AppKey& app, const EnvironmentEvent& env) {
  auto copy = std::make_shared<EnvironmentEvent>(env);
  Submit([this, app, copy] { WriteEnvironment(app, *copy); });
}

Statement* RowWriter::Begin(Writer& w, std::string_view table, std::string_view sql) {
  if (w.unusable) return nullptr;
  if (!w.stmt) {
    auto prepared = ctx_.db().Prepare(sql);
    if (!prepared) {
      w.unusable = true;
      ctx_.AddError({}, 0,
                    fmt::format("cannot write table {}: {}", table, prepared.error().ToString()),
                    "the database schema does not match this analyzer; rebuild it");
      return nullptr;
    }
    w.stmt.emplace(std::move(*prepared));
    w.table = std::string(table);
  }
  if (w.written >= ctx_.limits().max_rows_per_table) {
    w.unusable = true;
    ctx_.AddError({}, 0,
                  fmt::format("table {} reached the limit of {} rows from event logs; later rows "
                              "were dropped",
                              table, ctx_.limits().max_rows_per_table),
                  "raise the row limit (LoadLimits::max_rows_per_table) to load everything");
    return nullptr;
  }
  return &*w.stmt;
}

void RowWriter::Commit(Writer& w, int64_t rows) {
  if (Status s = w.stmt->Run(); !s) {
    w.stmt->Reset();
    ctx_.AddError({}, 0,
                  fmt::format("could not store a {} row: {}", w.table, s.error().ToString()));
    return;
  }
  w.written += rows;
}

// The insert of task rows, for n rows at once.
std::string TaskSql(int rows) {
  return UpsertSql("tasks", {"app_id", "app_attempt_id", "task_id"},
                   {"stage_id",
                    "stage_attempt_id",
                    "index",
                    "attempt",
                    "partition_id",
                    "launch_ms",
                    "result_fetch_start_ms",
                    "duration",
                    "executor_id",
                    "host",
                    "status",
                    "task_locality",
                    "speculative",
                    "error_message",
                    "exception_class",
                    "scheduler_delay",
                    "getting_result_time",
                    "executor_deserialize_time",
                    "executor_deserialize_cpu_time",
                    "executor_run_time",
                    "executor_cpu_time",
                    "result_size",
                    "jvm_gc_time",
                    "result_serialization_time",
                    "memory_bytes_spilled",
                    "disk_bytes_spilled",
                    "peak_execution_memory",
                    "input_bytes_read",
                    "input_records_read",
                    "output_bytes_written",
                    "output_records_written",
                    "shuffle_remote_blocks_fetched",
                    "shuffle_local_blocks_fetched",
                    "shuffle_fetch_wait_time",
                    "shuffle_remote_bytes_read",
                    "shuffle_remote_bytes_read_to_disk",
                    "shuffle_local_bytes_read",
                    "shuffle_records_read",
                    "shuffle_bytes_written",
                    "shuffle_write_time",
                    "shuffle_records_written",
                    "source_path",
                    "finish_ms",
                    "task_type",
                    "end_reason",
                    "exception_description",
                    "exit_caused_by_app",
                    "loss_reason",
                    "fetch_failed_executor_id",
                    "fetch_failed_host",
                    "fetch_failed_port",
                    "fetch_shuffle_id",
                    "fetch_map_id",
                    "fetch_map_index",
                    "fetch_reduce_id",
                    "kill_reason",
                    "source_line"},
                   rows);
}

// The insert of a whole batch of task rows from the virtual table.
std::string TaskBatchSql() {
  std::string sql = TaskSql(1);
  size_t values = sql.find(" VALUES (");
  size_t conflict = sql.find(" ON CONFLICT(");
  return sql.substr(0, values) + " SELECT * FROM " + kTaskRowsModule + " WHERE true" +
         sql.substr(conflict);
}

void RowWriter::WriteTaskEnds(const TaskBatch& batch) {
  // One step for the batch, unless the row budget ends inside it or the virtual table
  // cannot be used (then rows go through bound parameters, 16 per statement).
  if (!tasks_vtab_.unusable && !task_.unusable && !tasks_many_.unusable &&
      TasksWritten() + static_cast<int64_t>(batch.count) <= ctx_.limits().max_rows_per_table) {
    if (!tasks_vtab_.stmt) {
      static const std::string sql = TaskBatchSql();
      // Registering twice on one connection replaces the same module (or is refused by
      // older SQLite, which leaves the first registration in place).
      sqlite3_create_module(ctx_.db().handle(), kTaskRowsModule, &kTaskRows, nullptr);
      auto prepared = ctx_.db().Prepare(sql);
      if (prepared) {
        tasks_vtab_.stmt.emplace(std::move(*prepared));
        tasks_vtab_.table = "tasks";
      } else {
        tasks_vtab_.unusable = true;
      }
    }
    if (tasks_vtab_.stmt) {
      TaskRowsSource source{&batch.app, batch.path, batch.rows.data(), batch.count};
      tl_task_rows = &source;
      Commit(tasks_vtab_, static_cast<int64_t>(batch.count));
      tl_task_rows = nullptr;
      return;
    }
  }
  static const std::string one = TaskSql(1);
  static const std::string many = TaskSql(static_cast<int>(kRowsPerInsert));
  std::array<std::optional<std::string>, kRowsPerInsert> errors;
  size_t i = 0;
  while (i < batch.count) {
    if (TasksWritten() >= ctx_.limits().max_rows_per_table && !task_.unusable) {
      task_.unusable = true;
      ctx_.AddError({}, 0,
                    fmt::format("table tasks reached the limit of {} rows from event logs; later "
                                "rows were dropped",
                                ctx_.limits().max_rows_per_table),
                    "raise the row limit (LoadLimits::max_rows_per_table) to load everything");
    }
    if (task_.unusable) return;
    size_t n = batch.count - i >= kRowsPerInsert ? kRowsPerInsert : 1;
    if (TasksWritten() + static_cast<int64_t>(n) > ctx_.limits().max_rows_per_table) n = 1;
    Writer& w = n == 1 ? task_ : tasks_many_;
    Statement* st = Begin(w, "tasks", n == 1 ? one : many);
    if (st == nullptr) return;
    if (st->ParameterCount() != static_cast<int>(n * kTaskColumns)) {
      ctx_.AddError({}, 0, "internal error: the task insert does not match its columns");
      return;
    }
    for (size_t k = 0; k < n; ++k) {
      const auto& [event, line] = batch.rows[i + k];
      FillTaskEnd(*st, static_cast<int>(1 + k * kTaskColumns), batch.app, event, batch.path, line,
                  &errors[k]);
    }
    Commit(w, static_cast<int64_t>(n));
    i += n;
  }
}

int64_t RowWriter::TasksWritten() const {
  return task_.written + tasks_many_.written + tasks_vtab_.written;
}

void RowWriter::RunningTask(const AppKey& app, int64_t stage_id, int64_t stage_attempt,
                            const TaskInfo& t, const SourceRef& where) {
  Submit([this, app, stage_id, stage_attempt, t, where] {
    static constexpr std::string_view sql =
        "INSERT INTO tasks(app_id, app_attempt_id, task_id, stage_id, stage_attempt_id, \"index\", "
        "attempt, partition_id, launch_ms, executor_id, host, status, task_locality, speculative, "
        "source_path, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(app_id, app_attempt_id, task_id) DO NOTHING";
    Statement* st = Begin(running_task_, "tasks", sql);
    if (st == nullptr) return;
    int i = 1;
    st->Bind(i++, app.app_id);
    st->Bind(i++, app.attempt_id);
    st->Bind(i++, t.task_id);
    st->Bind(i++, stage_id);
    st->Bind(i++, stage_attempt);
    st->Bind(i++, t.index);
    st->Bind(i++, t.attempt);
    st->Bind(i++, t.partition_id);
    st->Bind(i++, t.launch_ms);
    st->Bind(i++, t.executor_id);
    st->Bind(i++, t.host);
    st->Bind(i++, t.Status());
    st->Bind(i++, t.locality);
    st->Bind(i++, t.speculative);
    st->Bind(i++, where.path);
    st->Bind(i++, where.line);
    Commit(running_task_);
  });
}

void RowWriter::Resubmitted(const AppKey& app, int64_t task_id) {
  Submit([this, app, task_id] {
    Statement* st =
        Begin(resubmitted_, "tasks",
              "UPDATE tasks SET resubmitted = 1 WHERE app_id = ? AND app_attempt_id = ? "
              "AND task_id = ?");
    if (st == nullptr) return;
    st->Bind(1, app.app_id);
    st->Bind(2, app.attempt_id);
    st->Bind(3, task_id);
    Commit(resubmitted_);
  });
}

void RowWriter::WriteStage(const AppKey& app, const LiveStage& s) {
  static const std::string sql =
      UpsertSql("stages", {"app_id", "app_attempt_id", "stage_id", "attempt_id"},
                {"status",
                 "name",
                 "description",
                 "details",
                 "scheduling_pool",
                 "resource_profile_id",
                 "num_tasks",
                 "num_active_tasks",
                 "num_complete_tasks",
                 "num_failed_tasks",
                 "num_killed_tasks",
                 "num_completed_indices",
                 "submission_ms",
                 "first_task_launched_ms",
                 "completion_ms",
                 "failure_reason",
                 "executor_deserialize_time",
                 "executor_deserialize_cpu_time",
                 "executor_run_time",
                 "executor_cpu_time",
                 "result_size",
                 "jvm_gc_time",
                 "result_serialization_time",
                 "memory_bytes_spilled",
                 "disk_bytes_spilled",
                 "peak_execution_memory",
                 "input_bytes",
                 "input_records",
                 "output_bytes",
                 "output_records",
                 "shuffle_remote_blocks_fetched",
                 "shuffle_local_blocks_fetched",
                 "shuffle_fetch_wait_time",
                 "shuffle_remote_bytes_read",
                 "shuffle_remote_bytes_read_to_disk",
                 "shuffle_local_bytes_read",
                 "shuffle_read_bytes",
                 "shuffle_read_records",
                 "shuffle_write_bytes",
                 "shuffle_write_time",
                 "shuffle_write_records",
                 "peak_executor_metrics_json",
                 "source_path",
                 "parent_ids",
                 "source_line"});
  Statement* st = Begin(stage_, "stages", sql);
  if (st == nullptr) return;
  const StageInfo& info = s.info;
  const TaskMetrics& m = s.metrics;
  int i = 1;
  st->Bind(i++, app.app_id);
  st->Bind(i++, app.attempt_id);
  st->Bind(i++, info.stage_id);
  st->Bind(i++, info.attempt);
  st->Bind(i++, s.status);
  st->Bind(i++, info.name);
  BindText(*st, i++, s.description);
  st->Bind(i++, info.details);
  st->Bind(i++, s.pool);
  st->Bind(i++, info.resource_profile_id);
  for (int64_t v : {info.num_tasks, s.active_tasks, s.completed_tasks, s.failed_tasks,
                    s.killed_tasks, s.completed_indices.size()}) {
    st->Bind(i++, v);
  }
  st->Bind(i++, info.submission_ms);
  st->Bind(i++, s.first_launch_ms);
  st->Bind(i++, info.completion_ms);
  BindText(*st, i++, info.failure_reason);
  BindMetrics(*st, &i, m, true);
  if (s.peak.any()) {
    st->Bind(i++, s.peak.ToJson());
  } else {
    st->BindNull(i++);
  }
  st->Bind(i++, s.source.path);
  st->Bind(i++, IntArrayJson(info.parent_ids));
  st->Bind(i++, s.source.line);
  Commit(stage_);
}

void RowWriter::WriteJob(const AppKey& app, const LiveJob& j) {
  static const std::string sql = UpsertSql("jobs", {"app_id", "app_attempt_id", "job_id"},
                                           {"name",
                                            "description",
                                            "submission_ms",
                                            "completion_ms",
                                            "stage_ids",
                                            "job_group",
                                            "status",
                                            "num_tasks",
                                            "num_active_tasks",
                                            "num_completed_tasks",
                                            "num_skipped_tasks",
                                            "num_failed_tasks",
                                            "num_killed_tasks",
                                            "num_completed_indices",
                                            "num_active_stages",
                                            "num_completed_stages",
                                            "num_skipped_stages",
                                            "num_failed_stages",
                                            "source_path",
                                            "failure_reason",
                                            "sql_execution_id",
                                            "source_line"});
  Statement* st = Begin(job_, "jobs", sql);
  if (st == nullptr) return;
  int i = 1;
  st->Bind(i++, app.app_id);
  st->Bind(i++, app.attempt_id);
  st->Bind(i++, j.job_id);
  st->Bind(i++, j.name);
  BindText(*st, i++, j.description);
  st->Bind(i++, j.submission_ms);
  st->Bind(i++, j.completion_ms);
  st->Bind(i++, IntArrayJson(j.stage_ids));
  BindText(*st, i++, j.job_group);
  st->Bind(i++, j.status);
  for (int64_t v : {j.num_tasks, j.active_tasks, j.completed_tasks, j.skipped_tasks, j.failed_tasks,
                    j.killed_tasks, j.num_completed_indices, j.active_stages,
                    static_cast<int64_t>(j.completed_stages.size()),
                    static_cast<int64_t>(j.skipped_stages.size()), j.failed_stages}) {
    st->Bind(i++, v);
  }
  st->Bind(i++, j.source.path);
  BindText(*st, i++, j.failure_reason);
  st->Bind(i++, j.sql_execution_id);
  st->Bind(i++, j.source.line);
  Commit(job_);
}

void RowWriter::WriteExecutor(const AppKey& app, const LiveExecutor& x) {
  static const std::string sql = UpsertSql("executors", {"app_id", "app_attempt_id", "executor_id"},
                                           {"host_port",
                                            "host",
                                            "is_active",
                                            "total_cores",
                                            "max_tasks",
                                            "active_tasks",
                                            "failed_tasks",
                                            "completed_tasks",
                                            "total_tasks",
                                            "total_duration",
                                            "total_gc_time",
                                            "total_input_bytes",
                                            "total_shuffle_read",
                                            "total_shuffle_write",
                                            "is_excluded",
                                            "max_memory",
                                            "add_ms",
                                            "remove_ms",
                                            "remove_reason",
                                            "resource_profile_id",
                                            "peak_jvm_heap_memory",
                                            "peak_jvm_off_heap_memory",
                                            "peak_on_heap_execution_memory",
                                            "peak_off_heap_execution_memory",
                                            "peak_process_tree_jvm_rss_memory",
                                            "peak_total_gc_time",
                                            "peak_memory_metrics_json",
                                            "resources_json",
                                            "source_path",
                                            "excluded_in_stages",
                                            "source_line"});
  Statement* st = Begin(executor_, "executors", sql);
  if (st == nullptr) return;
  int i = 1;
  st->Bind(i++, app.app_id);
  st->Bind(i++, app.attempt_id);
  st->Bind(i++, x.executor_id);
  std::string host_port = x.host_port.value_or(x.host);
  BindNonEmpty(*st, i++, host_port);
  BindNonEmpty(*st, i++, x.host.empty() ? HostOfHostPort(host_port) : x.host);
  st->Bind(i++, x.is_active);
  for (int64_t v : {x.total_cores, x.max_tasks, x.active_tasks, x.failed_tasks, x.completed_tasks,
                    x.total_tasks, x.total_duration, x.total_gc_time, x.total_input_bytes,
                    x.total_shuffle_read, x.total_shuffle_write}) {
    st->Bind(i++, v);
  }
  st->Bind(i++, x.is_excluded);
  st->Bind(i++, x.max_memory);
  st->Bind(i++, x.add_ms);
  st->Bind(i++, x.remove_ms);
  BindText(*st, i++, x.remove_reason);
  st->Bind(i++, x.resource_profile_id);
  for (size_t k : {kJvmHeapMemory, kJvmOffHeapMemory, kOnHeapExecutionMemory,
                   kOffHeapExecutionMemory, kProcessTreeJvmRssMemory, kTotalGcTime}) {
    st->Bind(i++, x.peak.Get(k));
  }
  if (x.peak.any()) {
    st->Bind(i++, x.peak.ToJson());
  } else {
    st->BindNull(i++);
  }
  st->Bind(i++, x.resources_json.value_or("{}"));
  st->Bind(i++, x.source.path);
  st->Bind(i++, IntArrayJson(x.excluded_in_stages));
  st->Bind(i++, x.source.line);
  Commit(executor_);
}

void RowWriter::WriteApplication(const AppKey& app, const AppInfo& a) {
  static const std::string sql =
      UpsertSql("applications", {"app_id", "attempt_id"},
                {"name", "spark_user", "app_spark_version", "start_ms", "end_ms", "duration",
                 "completed", "exit_code", "source_path", "source_line"});
  Statement* st = Begin(application_, "applications", sql);
  if (st == nullptr) return;
  int i = 1;
  st->Bind(i++, app.app_id);
  st->Bind(i++, app.attempt_id);
  st->Bind(i++, a.name);
  BindNonEmpty(*st, i++, a.user);
  st->Bind(i++, a.spark_version);  // '' when the log has no LogStart, as Spark shows it
  st->Bind(i++, a.start_ms);
  st->Bind(i++, a.ended ? a.end_ms : std::nullopt);
  if (a.ended && a.start_ms && a.end_ms) {
    st->Bind(i++, *a.end_ms - *a.start_ms);
  } else {
    st->BindNull(i++);
  }
  st->Bind(i++, a.ended);
  st->Bind(i++, a.exit_code);
  st->Bind(i++, a.source.path);
  st->Bind(i++, a.source.line);
  Commit(application_);
}

void RowWriter::WriteEnvironment(const AppKey& app, const EnvironmentEvent& env) {
  // A newer environment of the same application replaces the older one (REST or log).
  for (std::string_view table : {"spark_properties", "environment"}) {
    auto del = ctx_.db().Prepare(
        fmt::format("DELETE FROM {} WHERE app_id = ? AND app_attempt_id = ?", table));
    if (!del) continue;
    del->Bind(1, app.app_id);
    del->Bind(2, app.attempt_id);
    (void)del->Run();
  }
  for (const auto& [name, value] : env.spark_properties) {
    Statement* st = Begin(property_, "spark_properties",
                          "INSERT OR REPLACE INTO spark_properties(app_id, app_attempt_id, name, "
                          "value) VALUES (?, ?, ?, ?)");
    if (st == nullptr) break;
    st->Bind(1, app.app_id);
    st->Bind(2, app.attempt_id);
    st->Bind(3, name);
    st->Bind(4, value);
    Commit(property_);
  }
  auto add = [&](std::string_view section, const std::string& name, const std::string& value) {
    Statement* st = Begin(environment_, "environment",
                          "INSERT INTO environment(app_id, app_attempt_id, section, name, value) "
                          "VALUES (?, ?, ?, ?, ?)");
    if (st == nullptr) return;
    st->Bind(1, app.app_id);
    st->Bind(2, app.attempt_id);
    st->Bind(3, section);
    st->Bind(4, name);
    st->Bind(5, value);
    Commit(environment_);
  };
  for (const auto& [name, value] : env.runtime) add("runtime", name, value);
  for (const auto& [section, name, value] : env.entries) add(section, name, value);
}

void RowWriter::ResourceProfile(const AppKey& app, const ResourceProfileEvent& r,
                                const SourceRef& where) {
  Submit([this, app, r, where] {
    Statement* st = Begin(
        resource_profile_, "resource_profiles",
        "INSERT OR REPLACE INTO resource_profiles(app_id, app_attempt_id, resource_profile_id, "
        "executor_cores, executor_memory_mb, executor_memory_overhead_mb, "
        "executor_off_heap_mb, task_cpus, executor_resources_json, task_resources_json, "
        "source_path, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (st == nullptr) return;
    int i = 1;
    st->Bind(i++, app.app_id);
    st->Bind(i++, app.attempt_id);
    st->Bind(i++, r.id);
    st->Bind(i++, r.executor_cores);
    st->Bind(i++, r.executor_memory_mb);
    st->Bind(i++, r.executor_memory_overhead_mb);
    st->Bind(i++, r.executor_off_heap_mb);
    st->Bind(i++, r.task_cpus);
    st->Bind(i++, r.executor_resources_json);
    st->Bind(i++, r.task_resources_json);
    st->Bind(i++, where.path);
    st->Bind(i++, where.line);
    Commit(resource_profile_);
  });
}

void RowWriter::ExecutorEvent(const AppKey& app, std::string_view event,
                              const ExecutorChangeEvent& e, std::string_view host,
                              std::optional<int64_t> total_cores, const SourceRef& where) {
  Submit([this, app, event = std::string(event), e, host = std::string(host), total_cores, where] {
    Statement* st = Begin(executor_event_, "executor_events",
                          "INSERT INTO executor_events(app_id, app_attempt_id, time_ms, event, "
                          "executor_id, host, stage_id, stage_attempt_id, failures, reason, "
                          "total_cores, source_path, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                          "?, ?, ?, ?, ?)");
    if (st == nullptr) return;
    int i = 1;
    st->Bind(i++, app.app_id);
    st->Bind(i++, app.attempt_id);
    st->Bind(i++, e.time_ms);
    st->Bind(i++, event);
    BindNonEmpty(*st, i++, e.executor_id);
    BindNonEmpty(*st, i++, host);
    st->Bind(i++, e.stage_id);
    st->Bind(i++, e.stage_attempt);
    st->Bind(i++, e.failures);
    BindText(*st, i++, e.reason);
    st->Bind(i++, total_cores);
    st->Bind(i++, where.path);
    st->Bind(i++, where.line);
    Commit(executor_event_);
  });
}

void RowWriter::Sql(const AppKey& app, const LiveSql& q) {
  Submit([this, app, q] {
    static const std::string sql = UpsertSql(
        "sql_executions", {"app_id", "app_attempt_id", "execution_id"},
        {"root_execution_id", "description", "details", "plan_description", "submission_ms",
         "completion_ms", "duration", "error_message", "source_path", "source_line"});
    Statement* st = Begin(sql_, "sql_executions", sql);
    if (st == nullptr) return;
    const SqlExecutionEvent& e = q.event;
    int i = 1;
    st->Bind(i++, app.app_id);
    st->Bind(i++, app.attempt_id);
    st->Bind(i++, e.execution_id);
    st->Bind(i++, e.root_execution_id);
    BindText(*st, i++, e.description);
    BindText(*st, i++, e.details);
    BindText(*st, i++, e.plan_description);
    st->Bind(i++, e.time_ms);
    st->Bind(i++, q.completion_ms);
    if (q.completion_ms && e.time_ms) {
      st->Bind(i++, *q.completion_ms - *e.time_ms);
    } else {
      st->BindNull(i++);
    }
    BindText(*st, i++, e.error_message);
    st->Bind(i++, q.source.path);
    st->Bind(i++, q.source.line);
    Commit(sql_);
  });
}

void RowWriter::FinishSql(const AppKey& app) {
  Submit([this, app] {
    Statement* st =
        Begin(sql_finish_, "sql_executions",
              "UPDATE sql_executions SET "
              "job_ids = (SELECT json_group_array(job_id) FROM (SELECT j.job_id FROM jobs j "
              "  WHERE j.app_id = sql_executions.app_id AND j.app_attempt_id = "
              "sql_executions.app_attempt_id "
              "  AND j.sql_execution_id = sql_executions.execution_id ORDER BY j.job_id)), "
              "status = CASE WHEN completion_ms IS NULL THEN 'RUNNING' "
              "  WHEN error_message IS NOT NULL OR EXISTS (SELECT 1 FROM jobs j "
              "    WHERE j.app_id = sql_executions.app_id AND j.app_attempt_id = "
              "sql_executions.app_attempt_id "
              "    AND j.sql_execution_id = sql_executions.execution_id AND j.status = 'FAILED') "
              "  THEN 'FAILED' ELSE 'COMPLETED' END "
              "WHERE app_id = ? AND app_attempt_id = ?");
    if (st == nullptr) return;
    st->Bind(1, app.app_id);
    st->Bind(2, app.attempt_id);
    Commit(sql_finish_);
  });
}

void RowWriter::EventLogFile(const EventLogFileRow& r) {
  Submit([this, r] {
    Statement* st =
        Begin(event_log_, "event_logs",
              "INSERT OR REPLACE INTO event_logs(path, app_id, app_attempt_id, codec, "
              "rolling_part, bytes, decoded_bytes, lines, events, ignored_events, "
              "malformed_lines, first_ms, last_ms, has_application_end, in_progress, "
              "truncated, complete) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
              "?, ?)");
    if (st == nullptr) return;
    int i = 1;
    st->Bind(i++, r.path);
    BindNonEmpty(*st, i++, r.app_id);
    st->Bind(i++, r.attempt_id);
    st->Bind(i++, r.codec);
    st->Bind(i++, r.rolling_part);
    for (int64_t v :
         {r.bytes, r.decoded_bytes, r.lines, r.events, r.ignored_events, r.malformed_lines}) {
      st->Bind(i++, v);
    }
    st->Bind(i++, r.first_ms);
    st->Bind(i++, r.last_ms);
    st->Bind(i++, r.has_application_end);
    st->Bind(i++, r.in_progress);
    st->Bind(i++, r.truncated);
    st->Bind(i++, r.complete);
    Commit(event_log_);
  });
}

void RowWriter::AppendFileDetail(std::string_view path, std::string_view text) {
  Submit([this, path = std::string(path), text = std::string(text)] {
    Statement* st =
        Begin(file_detail_, "bundle_files",
              "UPDATE bundle_files SET detail = coalesce(detail, '') || ? WHERE path = ?");
    if (st == nullptr) return;
    st->Bind(1, text);
    st->Bind(2, path);
    Commit(file_detail_);
  });
}

}  // namespace sparkpm::event_log
