// Per stage attempt summaries that would cost rules a sort of every task: the task
// duration quantiles of stage_task_quantiles, computed in one pass over the tasks.
#pragma once

#include <cstddef>

#include "sparkpm/database.h"
#include "sparkpm/status.h"

namespace sparkpm {

// Successful tasks the summary may hold in memory (24 bytes each, about 100 MiB).
inline constexpr size_t kMaxSummaryHeldTasks = size_t{4} << 20;

// Replaces the rows of stage_task_quantiles with the quantiles of the successful tasks
// now in `tasks`. The loader calls it once loading ends; call it again after changing
// tasks by hand. Up to max_held_tasks successful tasks it reads the table once in
// storage order and groups them in memory; with more it reads them in stage order and
// holds one stage attempt's tasks at a time. Both give the same rows.
Status SummarizeStageTasks(Database& db, size_t max_held_tasks = kMaxSummaryHeldTasks);

}  // namespace sparkpm
