// Per stage attempt summaries that would cost rules a sort of every task: the task
// duration quantiles of stage_task_quantiles, computed in one pass over the tasks.
#pragma once

#include "sparkpm/database.h"
#include "sparkpm/status.h"

namespace sparkpm {

// Replaces the rows of stage_task_quantiles with the quantiles of the successful tasks
// now in `tasks`. The loader calls it once loading ends; call it again after changing
// tasks by hand. Holds one stage attempt's tasks at a time (24 bytes each).
Status SummarizeStageTasks(Database& db);

}  // namespace sparkpm
