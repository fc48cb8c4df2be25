// What every collection step shares: the bundle being assembled, the worker pool for
// parallel calls, the retry/timeout policy and the size limits.
#pragma once

#include <cstdint>

#include "bundle_assembly.h"
#include "call_result.h"
#include "task_pool.h"

namespace sparkpm::collect {

struct CollectContext {
  BundleAssembly& bundle;
  TaskPool& pool;
  RetryPolicy policy;
  uint64_t max_response_bytes = 1ull << 30;  // one REST, metrics or event-log download
  int task_page_size = 1000;                 // taskList offset/length paging
};

}  // namespace sparkpm::collect
