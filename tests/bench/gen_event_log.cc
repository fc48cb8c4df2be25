// Writes a large synthetic Spark 3.5 event log for the load benchmark: one application
// on Kubernetes with 48 executors of 4 cores, SQL jobs of two stages (a shuffle map
// stage and a result stage), tasks started and ended interleaved as 192 slots would run
// them, full task metrics and SQL accumulables on every task end, 0.5% of tasks failing
// once with a stack trace, executors released and lost along the way. The JSON follows
// Spark's JsonProtocol field names; every value is invented. The events come from
// event_log_writer.h, which gen_bundle.cc shares.
//
//   c++ -O2 -std=c++20 tests/bench/gen_event_log.cc -o gen_event_log
//   ./gen_event_log --tasks 1000000 --out /tmp/bench/spark-bench   # about 3 GB
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "event_log_writer.h"

int main(int argc, char** argv) {
  sparkpm_bench::EventLogShape shape;
  const char* path = nullptr;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--tasks") == 0) shape.tasks = std::atoll(argv[i + 1]);
    if (std::strcmp(argv[i], "--out") == 0) path = argv[i + 1];
  }
  if (path == nullptr || shape.tasks <= 0) {
    std::fprintf(stderr, "usage: gen_event_log --tasks N --out FILE\n");
    return 1;
  }
  FILE* f = std::fopen(path, "wb");
  if (f == nullptr) {
    std::perror(path);
    return 1;
  }
  sparkpm_bench::Out out(f);
  sparkpm_bench::EventLogStats stats = sparkpm_bench::WriteEventLog(out, shape);
  out.Flush();
  std::fclose(f);
  std::fprintf(stderr, "%s: %" PRId64 " tasks, %d jobs, %d stages, %.1f MB\n", path,
               stats.task_attempts, stats.jobs, stats.stages,
               static_cast<double>(out.bytes()) / 1e6);
  return 0;
}
