#include "sparkpm/stage_summary.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sparkpm {
namespace {

struct StageKey {
  std::string app_id;
  std::string app_attempt_id;
  int64_t stage_id = 0;
  int64_t stage_attempt_id = 0;
  auto operator<=>(const StageKey&) const = default;
};

constexpr int64_t kNoIndex = INT64_MAX;

struct TaskSample {
  int64_t duration = 0;
  int64_t run_time = 0;
  int64_t index = 0;
};

// The value Spark's taskSummary reports for quantile q of n sorted values.
size_t QuantileIndex(double q, size_t n) {
  return std::min(static_cast<size_t>(q * static_cast<double>(n)), n - 1);
}

// Inserts the summary of one stage attempt's successful tasks (not empty).
Status InsertSummary(Statement& insert, const StageKey& key, const std::vector<TaskSample>& tasks,
                     std::vector<int64_t>& values) {
  const size_t n = tasks.size();
  insert.Bind(1, key.app_id);
  insert.Bind(2, key.app_attempt_id);
  insert.Bind(3, key.stage_id);
  insert.Bind(4, key.stage_attempt_id);
  insert.Bind(5, static_cast<int64_t>(n));
  values.clear();
  for (const TaskSample& t : tasks) values.push_back(t.duration);
  std::sort(values.begin(), values.end());
  insert.Bind(6, values[QuantileIndex(0.50, n)]);
  insert.Bind(7, values[QuantileIndex(0.75, n)]);
  insert.Bind(8, values[QuantileIndex(0.95, n)]);
  insert.Bind(9, values.back());
  // The longest run, the lowest index among equals; a task without an index loses.
  const TaskSample* longest = &tasks.front();
  for (const TaskSample& t : tasks) {
    if (t.run_time > longest->run_time ||
        (t.run_time == longest->run_time && t.index < longest->index)) {
      longest = &t;
    }
  }
  values.clear();
  for (const TaskSample& t : tasks) values.push_back(t.run_time);
  std::sort(values.begin(), values.end());
  insert.Bind(10, values[QuantileIndex(0.50, n)]);
  insert.Bind(11, values.back());
  if (longest->index != kNoIndex) {
    insert.Bind(12, longest->index);
  } else {
    insert.BindNull(12);
  }
  return insert.Run();
}

// Groups the rows of select (app_id, app_attempt_id, stage_id, stage_attempt_id,
// duration, run time, index) by stage attempt and inserts each group's summary. Rows in
// the order of (app_id, stage_id, stage_attempt_id) are ordered: a group is written once
// the next stage attempt starts, so one is held at a time. Otherwise every group is held
// to the end, and false is returned, with nothing written, above max_held tasks.
Result<bool> SummarizeRows(Statement& select, Statement& insert, bool ordered, size_t max_held) {
  std::map<StageKey, std::vector<TaskSample>> groups;  // by stage attempt and app attempt
  std::vector<int64_t> values;
  auto flush = [&]() -> Status {
    for (const auto& [key, tasks] : groups) {
      if (Status s = InsertSummary(insert, key, tasks, values); !s) return s;
    }
    groups.clear();
    return Ok();
  };
  std::vector<TaskSample>* last = nullptr;  // a stage attempt's tasks mostly come together
  StageKey last_key;
  size_t held = 0;
  while (true) {
    Result<bool> row = select.Step();
    if (!row) return row.error();
    if (!*row) break;
    if (!ordered && ++held > max_held) return false;
    const std::string_view app = select.ColumnView(0), app_attempt = select.ColumnView(1);
    const int64_t stage = select.ColumnInt(2), attempt = select.ColumnInt(3);
    const bool same_stage = last != nullptr && stage == last_key.stage_id &&
                            attempt == last_key.stage_attempt_id && app == last_key.app_id;
    if (!same_stage || app_attempt != last_key.app_attempt_id) {
      if (ordered && !same_stage) {
        if (Status s = flush(); !s) return s.error();
      }
      last_key = StageKey{std::string(app), std::string(app_attempt), stage, attempt};
      last = &groups[last_key];
    }
    last->push_back(TaskSample{select.ColumnInt(4), select.ColumnInt(5),
                               select.IsNull(6) ? kNoIndex : select.ColumnInt(6)});
  }
  if (Status s = flush(); !s) return s.error();
  return true;
}

}  // namespace

Status SummarizeStageTasks(Database& db, size_t max_held_tasks) {
  if (Status s = db.Exec("DELETE FROM stage_task_quantiles"); !s) return s;
  auto insert = db.Prepare(
      "INSERT INTO stage_task_quantiles(app_id, app_attempt_id, stage_id, stage_attempt_id, "
      "tasks, duration_p50, duration_p75, duration_p95, duration_max, run_time_p50, "
      "run_time_max, longest_task_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return insert.error();
  constexpr std::string_view kColumns =
      "SELECT app_id, app_attempt_id, stage_id, stage_attempt_id, duration, "
      "coalesce(executor_run_time, duration), \"index\" FROM tasks ";
  // First the table once in storage order: reading the wide task rows in index order
  // costs twice as much.
  auto scan = db.Prepare(std::string(kColumns) +
                         "NOT INDEXED WHERE status = 'SUCCESS' AND duration IS NOT NULL");
  if (!scan) return scan.error();
  Result<bool> done = SummarizeRows(*scan, *insert, false, max_held_tasks);
  if (!done) return done.error();
  if (*done) return Ok();
  // Too many to hold: in the order of tasks_by_stage, one stage attempt at a time (a stage
  // attempt's tasks of every application attempt arrive together). "+status" keeps the
  // planner off tasks_by_status, which would sort every successful task first.
  auto ordered = db.Prepare(std::string(kColumns) +
                            "WHERE +status = 'SUCCESS' AND duration IS NOT NULL "
                            "ORDER BY app_id, stage_id, stage_attempt_id");
  if (!ordered) return ordered.error();
  done = SummarizeRows(*ordered, *insert, true, 0);
  if (!done) return done.error();
  return Ok();
}

}  // namespace sparkpm
