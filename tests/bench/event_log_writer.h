// A synthetic Spark 3.5 event log for the benchmarks, shared by gen_event_log.cc (a bare
// event log) and gen_bundle.cc (an event log inside a whole incident bundle): one
// application on Kubernetes, SQL jobs of two stages (a shuffle map stage and a result
// stage), tasks started and ended interleaved as executors x cores slots would run
// them, full task metrics and SQL accumulables on every task end, 0.5% of tasks failing
// once with a stack trace, executors released and lost along the way. The JSON follows
// Spark's JsonProtocol field names; every value is invented. Header-only, standard
// library only, so that each generator stays one `c++ -O2` command.
//
//   FILE* f = std::fopen("spark-bench", "wb");
//   sparkpm_bench::Out out(f);
//   sparkpm_bench::EventLogShape shape;  // defaults: gen_event_log's application
//   shape.tasks = 100000;
//   sparkpm_bench::EventLogStats stats = sparkpm_bench::WriteEventLog(out, shape);
//   out.Flush();
#pragma once

#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <random>
#include <string>
#include <string_view>

namespace sparkpm_bench {

// Appends formatted text to a buffer that is written out in large blocks.
class Out {
 public:
  explicit Out(FILE* f) : f_(f) { buf_.reserve(kBlock + (1 << 16)); }
  ~Out() { Flush(); }
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;

  // Appends printf-formatted text and a newline.
  template <typename... Args>
  void Line(const char* fmt, Args... args) {
    Format(fmt, args...);
    buf_.push_back('\n');
    if (buf_.size() > kBlock) Flush();
  }
  // Appends a string and a newline.
  void Raw(const std::string& s) {
    buf_ += s;
    buf_.push_back('\n');
  }
  // Appends printf-formatted text without a newline.
  void Printf(const char* fmt, ...) __attribute__((format(printf, 2, 3))) {
    va_list ap;
    va_start(ap, fmt);
    VPrintf(fmt, ap);
    va_end(ap);
  }
  // Appends vprintf-formatted text, growing the buffer for long output.
  void VPrintf(const char* fmt, va_list ap) {
    char tmp[16384];
    va_list again;
    va_copy(again, ap);
    int n = std::vsnprintf(tmp, sizeof(tmp), fmt, ap);
    if (n >= 0 && static_cast<size_t>(n) < sizeof(tmp)) {
      buf_.append(tmp, static_cast<size_t>(n));
    } else if (n >= 0) {
      size_t at = buf_.size();
      buf_.resize(at + static_cast<size_t>(n) + 1);
      std::vsnprintf(buf_.data() + at, static_cast<size_t>(n) + 1, fmt, again);
      buf_.resize(at + static_cast<size_t>(n));
    }
    va_end(again);
  }
  // Appends bytes as they are.
  void Append(std::string_view s) { buf_.append(s.data(), s.size()); }
  // Appends one byte.
  void Put(char c) { buf_.push_back(c); }
  // Ends a line and writes the buffer out when it is full.
  void EndLine() {
    buf_.push_back('\n');
    if (buf_.size() > kBlock) Flush();
  }
  // Writes the buffer to the file.
  void Flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
      std::perror("write");
      std::exit(1);
    }
    bytes_ += buf_.size();
    buf_.clear();
  }
  // Returns the bytes appended so far, written out or not.
  uint64_t bytes() const { return bytes_ + buf_.size(); }
  FILE* file() const { return f_; }

 private:
  static constexpr size_t kBlock = 1u << 22;

  // Appends printf-formatted text; unchecked, as Line forwards its caller's format.
  void Format(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    VPrintf(fmt, ap);
    va_end(ap);
  }

  FILE* f_;
  std::string buf_;
  uint64_t bytes_ = 0;
};

// What the application looks like; the defaults are gen_event_log's application.
struct EventLogShape {
  int64_t tasks = 1000000;           // successful tasks to write (failed attempts come on top)
  int executors = 48;                // executors at the start, ids 1..executors
  int cores = 4;                     // cores (task slots) per executor
  int tasks_per_stage = 400;         // partitions of every stage
  uint64_t seed = 20260528;          // seeds every invented number
  int64_t start_ms = 1780000000000;  // 2026-05-28T20:26:40Z
  std::string app_id = "spark-5b1f0c2d9e8a4f7b8c6d5e4f3a2b1c0d";
  std::string app_name = "orders-etl";
  int oom_executor = 7;  // the executor named in the exit code 137 removal
};

// What WriteEventLog wrote.
struct EventLogStats {
  int64_t task_attempts = 0;  // task ids used (successes and failed attempts)
  int jobs = 0;
  int stages = 0;
  int64_t end_ms = 0;  // time of SparkListenerApplicationEnd
};

namespace event_log_internal {

struct Task {
  int64_t id;
  int index;
  int attempt;
  int executor;
  int64_t launch;
};

// Returns the "Task Executor Metrics" object of a task end.
inline std::string ExecutorMetrics(std::mt19937_64& rng) {
  char tmp[1024];
  std::snprintf(
      tmp, sizeof(tmp),
      "{\"JVMHeapMemory\":%" PRIu64 ",\"JVMOffHeapMemory\":%" PRIu64
      ",\"OnHeapExecutionMemory\":%" PRIu64
      ",\"OffHeapExecutionMemory\":0,\"OnHeapStorageMemory\":%" PRIu64
      ",\"OffHeapStorageMemory\":0,\"OnHeapUnifiedMemory\":%" PRIu64
      ",\"OffHeapUnifiedMemory\":0,\"DirectPoolMemory\":%" PRIu64
      ",\"MappedPoolMemory\":0,\"ProcessTreeJVMVMemory\":0,\"ProcessTreeJVMRSSMemory\":0,"
      "\"ProcessTreePythonVMemory\":0,\"ProcessTreePythonRSSMemory\":0,"
      "\"ProcessTreeOtherVMemory\":0,\"ProcessTreeOtherRSSMemory\":0,\"MinorGCCount\":%" PRIu64
      ",\"MinorGCTime\":%" PRIu64 ",\"MajorGCCount\":%" PRIu64 ",\"MajorGCTime\":%" PRIu64
      ",\"TotalGCTime\":%" PRIu64 ",\"ConcurrentGCCount\":0,\"ConcurrentGCTime\":0}",
      1500000000 + rng() % 900000000, 120000000 + rng() % 9000000, rng() % 400000000,
      rng() % 50000000, rng() % 450000000, rng() % 20000000, 40 + rng() % 90, 900 + rng() % 900,
      rng() % 4, rng() % 800, 1700 + rng() % 1500);
  return tmp;
}

// Returns SQL metric accumulables as a task end carries them (four, about 300 bytes).
inline std::string Accumulables(std::mt19937_64& rng, int64_t base_id) {
  static const char* kNames[] = {"number of output rows", "time in aggregation build",
                                 "internal.metrics.executorRunTime", "internal.metrics.resultSize"};
  std::string out = "[";
  for (int i = 0; i < 4; ++i) {
    uint64_t update = rng() % 1000000;
    char tmp[256];
    std::snprintf(tmp, sizeof(tmp),
                  "%s{\"ID\":%" PRId64 ",\"Name\":\"%s\",\"Update\":%" PRIu64 ",\"Value\":%" PRIu64
                  ",\"Internal\":%s,\"Count Failed Values\":true%s}",
                  i ? "," : "", base_id + i, kNames[i], update, update * 37 + rng() % 1000,
                  i >= 2 ? "true" : "false", i < 2 ? ",\"Metadata\":\"sql\"" : "");
    out += tmp;
  }
  return out + "]";
}

inline const char* const kStack =
    "java.lang.IllegalStateException: Unexpected null in column order_total for key 48213\\n\\tat "
    "com.example.etl.OrdersJob$.$anonfun$enrich$1(OrdersJob.scala:88)\\n\\tat "
    "scala.collection.Iterator$$anon$10.next(Iterator.scala:461)\\n\\tat "
    "org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage3"
    ".processNext(Unknown Source)\\n\\tat "
    "org.apache.spark.sql.execution.BufferedRowIterator.hasNext(BufferedRowIterator.java:43)\\n"
    "\\tat org.apache.spark.sql.execution.WholeStageCodegenEvaluatorFactory$"
    "WholeStageCodegenPartitionEvaluator$$anon$1.hasNext(WholeStageCodegenEvaluatorFactory.scala:"
    "43)\\n\\tat org.apache.spark.shuffle.sort.BypassMergeSortShuffleWriter.write("
    "BypassMergeSortShuffleWriter.java:140)\\n\\tat "
    "org.apache.spark.shuffle.ShuffleWriteProcessor.write(ShuffleWriteProcessor.scala:59)\\n\\tat "
    "org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:104)\\n\\tat "
    "org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:54)\\n\\tat "
    "org.apache.spark.TaskContext.runTaskWithListeners(TaskContext.scala:161)\\n\\tat "
    "org.apache.spark.scheduler.Task.run(Task.scala:141)\\n\\tat "
    "org.apache.spark.executor.Executor$TaskRunner.$anonfun$run$4(Executor.scala:620)\\n\\tat "
    "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)\\n"
    "\\tat java.base/java.lang.Thread.run(Thread.java:840)\\n";

// Returns a "Task Info" object up to its "Accumulables" value.
inline std::string TaskInfo(const Task& t, int64_t finish, bool failed) {
  char tmp[1024];
  std::snprintf(tmp, sizeof(tmp),
                "{\"Task ID\":%" PRId64
                ",\"Index\":%d,\"Attempt\":%d,\"Partition ID\":%d,"
                "\"Launch Time\":%" PRId64
                ",\"Executor ID\":\"%d\",\"Host\":\"10.42.%d.%d\",\"Locality\":\"NODE_LOCAL\","
                "\"Speculative\":false,\"Getting Result Time\":0,\"Finish Time\":%" PRId64
                ",\"Failed\":%s,\"Killed\":false,\"Accumulables\":",
                t.id, t.index, t.attempt, t.index, t.launch, t.executor, t.executor / 16,
                t.executor % 250, finish, failed ? "true" : "false");
  return tmp;
}

}  // namespace event_log_internal

// Writes the whole event log of `shape` to out, one event per line.
inline EventLogStats WriteEventLog(Out& out, const EventLogShape& shape) {
  using event_log_internal::Task;
  const int kExecutors = shape.executors;
  const int kCores = shape.cores;
  const int kTasksPerStage = shape.tasks_per_stage;
  const char* kApp = shape.app_id.c_str();
  const char* name = shape.app_name.c_str();
  const int64_t tasks = shape.tasks;
  std::mt19937_64 rng(shape.seed);
  int64_t now = shape.start_ms;
  out.Line("{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"3.5.1\"}");
  out.Line(
      "{\"Event\":\"SparkListenerResourceProfileAdded\",\"Resource Profile Id\":0,"
      "\"Executor Resource Requests\":{\"cores\":{\"Resource Name\":\"cores\",\"Amount\":%d,"
      "\"Discovery Script\":\"\",\"Vendor\":\"\"},\"memory\":{\"Resource Name\":\"memory\","
      "\"Amount\":8192,\"Discovery Script\":\"\",\"Vendor\":\"\"}},\"Task Resource Requests\":"
      "{\"cpus\":{\"Resource Name\":\"cpus\",\"Amount\":1.0}}}",
      kCores);
  out.Line(
      "{\"Event\":\"SparkListenerBlockManagerAdded\",\"Block Manager ID\":{\"Executor ID\":"
      "\"driver\",\"Host\":\"%s-driver-svc\",\"Port\":7079},\"Maximum Memory\":"
      "2101975449,\"Timestamp\":%" PRId64
      ",\"Maximum Onheap Memory\":2101975449,"
      "\"Maximum Offheap Memory\":0}",
      name, now);
  std::string env =
      "{\"Event\":\"SparkListenerEnvironmentUpdate\",\"JVM Information\":{\"Java Home\":"
      "\"/opt/java/openjdk\",\"Java Version\":\"17.0.10 (Eclipse Adoptium)\",\"Scala Version\":"
      "\"version 2.12.18\"},\"Spark Properties\":{\"spark.app.id\":\"";
  env += kApp;
  env += "\",\"spark.app.name\":\"";
  env += name;
  env += "\",\"spark.executor.memory\":\"8g\",\"spark.executor.cores\":\"";
  env += std::to_string(kCores);
  env +=
      "\",\"spark.kubernetes.namespace\":\"spark-jobs\","
      "\"spark.sql.shuffle.partitions\":\"";
  env += std::to_string(kTasksPerStage);
  env += "\",\"spark.dynamicAllocation.enabled\":\"true\"";
  for (int i = 0; i < 200; ++i) {
    env += ",\"spark.hadoop.fs.s3a.bucket.bucket" + std::to_string(i) +
           ".endpoint\":\"https://s3.eu-west-1.amazonaws.com\"";
  }
  env +=
      "},\"Hadoop Properties\":{\"fs.defaultFS\":\"file:///\"},\"System Properties\":"
      "{\"user.timezone\":\"UTC\"},\"Metrics Properties\":{},\"Classpath Entries\":{";
  for (int i = 0; i < 300; ++i) {
    env += std::string(i ? "," : "") + "\"/opt/spark/jars/dependency-" + std::to_string(i) +
           "-1.0.jar\":\"System Classpath\"";
  }
  out.Raw(env + "}}");
  out.Line(
      "{\"Event\":\"SparkListenerApplicationStart\",\"App Name\":\"%s\",\"App ID\":"
      "\"%s\",\"Timestamp\":%" PRId64 ",\"User\":\"spark\"}",
      name, kApp, now);
  for (int e = 1; e <= kExecutors; ++e) {
    now += 50;
    out.Line("{\"Event\":\"SparkListenerExecutorAdded\",\"Timestamp\":%" PRId64
             ",\"Executor ID\":\"%d\",\"Executor Info\":{\"Host\":\"10.42.%d.%d\",\"Total Cores\":"
             "%d,\"Log Urls\":{},\"Attributes\":{},\"Resources\":{},\"Resource Profile "
             "Identifier\":0,\"Registration Time\":%" PRId64 "}}",
             now, e, e / 16, e % 250, kCores, now);
    out.Line(
        "{\"Event\":\"SparkListenerBlockManagerAdded\",\"Block Manager ID\":{\"Executor "
        "ID\":\"%d\",\"Host\":\"10.42.%d.%d\",\"Port\":7079},\"Maximum Memory\":4772593254,"
        "\"Timestamp\":%" PRId64
        ",\"Maximum Onheap Memory\":4772593254,\"Maximum Offheap "
        "Memory\":0}",
        e, e / 16, e % 250, now + 5);
  }
  int64_t task_id = 0;
  int64_t accum_id = 1000;
  int stage_id = 0;
  int job_id = 0;
  int64_t tasks_done = 0;
  std::string plan =
      "== Physical Plan ==\\nAdaptiveSparkPlan isFinalPlan=true\\n+- == Final Plan ==\\n   "
      "*(3) HashAggregate(keys=[customer_id#12], functions=[sum(order_total#15)])\\n   +- "
      "AQEShuffleRead coalesced\\n      +- ShuffleQueryStage 0\\n         +- Exchange "
      "hashpartitioning(customer_id#12, 400), ENSURE_REQUIREMENTS, [plan_id=58]\\n            "
      "+- *(1) HashAggregate(keys=[customer_id#12], functions=[partial_sum(order_total#15)])\\n"
      "               +- *(1) Filter isnotnull(customer_id#12)\\n                  +- *(1) "
      "ColumnarToRow\\n                     +- FileScan parquet [customer_id#12,order_total#15] "
      "Batched: true, DataFilters: [isnotnull(customer_id#12)], Format: Parquet, Location: "
      "InMemoryFileIndex[s3a://orders-lake/orders/dt=2026-05-27], PartitionFilters: [], "
      "PushedFilters: [IsNotNull(customer_id)], ReadSchema: "
      "struct<customer_id:bigint,order_total:decimal(12,2)>\\n";
  while (tasks_done < tasks) {
    int execution = job_id;
    now += 200;
    out.Line(
        "{\"Event\":\"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart\","
        "\"executionId\":%d,\"rootExecutionId\":%d,\"description\":\"save at "
        "OrdersJob.scala:57\",\"details\":\"org.apache.spark.sql.DataFrameWriter.save("
        "DataFrameWriter.scala:251)\",\"physicalPlanDescription\":\"%s\",\"sparkPlanInfo\":"
        "{\"nodeName\":\"AdaptiveSparkPlan\",\"simpleString\":\"AdaptiveSparkPlan "
        "isFinalPlan=false\",\"children\":[],\"metadata\":{},\"metrics\":[]},\"time\":%" PRId64
        ",\"modifiedConfigs\":{}}",
        execution, execution, plan.c_str(), now);
    int stages[2] = {stage_id, stage_id + 1};
    stage_id += 2;
    std::string infos;
    for (int s = 0; s < 2; ++s) {
      char tmp[2048];
      std::snprintf(tmp, sizeof(tmp),
                    "%s{\"Stage ID\":%d,\"Stage Attempt ID\":0,\"Stage Name\":\"save at "
                    "OrdersJob.scala:57\",\"Number of Tasks\":%d,\"RDD Info\":[{\"RDD ID\":%d,"
                    "\"Name\":\"MapPartitionsRDD\",\"Scope\":\"{\\\"id\\\":\\\"%d\\\",\\\"name\\\":"
                    "\\\"Exchange\\\"}\",\"Callsite\":\"save at OrdersJob.scala:57\",\"Parent "
                    "IDs\":[],\"Storage Level\":{\"Use Disk\":false,\"Use Memory\":false,"
                    "\"Deserialized\":false,\"Replication\":1},\"Barrier\":false,\"Number of "
                    "Partitions\":%d,\"Number of Cached Partitions\":0,\"Memory Size\":0,\"Disk "
                    "Size\":0}],\"Parent IDs\":[%s],\"Details\":\"org.apache.spark.sql.Dataset."
                    "save(Dataset.scala:4150)\",\"Accumulables\":[],\"Resource Profile Id\":0,"
                    "\"Shuffle Push Enabled\":false,\"Shuffle Push Mergers Count\":0}",
                    s ? "," : "", stages[s], kTasksPerStage, stages[s] * 3, stages[s],
                    kTasksPerStage, s ? std::to_string(stages[0]).c_str() : "");
      infos += tmp;
    }
    out.Line("{\"Event\":\"SparkListenerJobStart\",\"Job ID\":%d,\"Submission Time\":%" PRId64
             ",\"Stage Infos\":[%s],\"Stage IDs\":[%d,%d],\"Properties\":{\"spark.jobGroup.id\":"
             "\"nightly\",\"spark.sql.execution.id\":\"%d\",\"spark.job.description\":\"save at "
             "OrdersJob.scala:57\"}}",
             job_id, now, infos.c_str(), stages[0], stages[1], execution);
    for (int s = 0; s < 2 && tasks_done < tasks; ++s) {
      int64_t submitted = now;
      out.Line(
          "{\"Event\":\"SparkListenerStageSubmitted\",\"Stage Info\":{\"Stage ID\":%d,"
          "\"Stage Attempt ID\":0,\"Stage Name\":\"save at OrdersJob.scala:57\",\"Number of "
          "Tasks\":%d,\"RDD Info\":[],\"Parent IDs\":[],\"Details\":\"\",\"Submission "
          "Time\":%" PRId64
          ",\"Accumulables\":[],\"Resource Profile Id\":0},\"Properties\":"
          "{\"spark.jobGroup.id\":\"nightly\",\"spark.sql.execution.id\":\"%d\"}}",
          stages[s], kTasksPerStage, now, execution);
      std::deque<Task> running;
      int next_index = 0;
      std::deque<Task> retries;
      auto start = [&](Task t) {
        out.Line(
            "{\"Event\":\"SparkListenerTaskStart\",\"Stage ID\":%d,\"Stage Attempt ID\":0,"
            "\"Task Info\":%s[]}}",
            stages[s], event_log_internal::TaskInfo(t, 0, false).c_str());
        running.push_back(t);
      };
      auto next_task = [&](int executor) -> bool {
        if (!retries.empty()) {
          Task t = retries.front();
          retries.pop_front();
          t.id = task_id++;
          t.executor = executor;
          t.launch = now;
          start(t);
          return true;
        }
        if (next_index >= kTasksPerStage ||
            tasks_done + static_cast<int64_t>(running.size()) >= tasks) {
          return false;
        }
        start(Task{task_id++, next_index++, 0, executor, now});
        return true;
      };
      for (int slot = 0; slot < kExecutors * kCores; ++slot) {
        if (!next_task(1 + slot % kExecutors)) break;
      }
      while (!running.empty()) {
        Task t = running.front();
        running.pop_front();
        now += 1 + static_cast<int64_t>(rng() % 30);
        int64_t duration = 2000 + static_cast<int64_t>(rng() % 8000);
        int64_t finish = t.launch + duration;
        bool failed = t.attempt == 0 && rng() % 200 == 0;
        int64_t run = duration - 40;
        std::string reason = failed
                                 ? std::string(
                                       "{\"Reason\":\"ExceptionFailure\",\"Class Name\":"
                                       "\"java.lang.IllegalStateException\",\"Description\":"
                                       "\"Unexpected null in column order_total for key 48213\","
                                       "\"Stack Trace\":[],\"Full Stack Trace\":\"") +
                                       event_log_internal::kStack + "\",\"Accumulator Updates\":[]}"
                                 : std::string("{\"Reason\":\"Success\"}");
        char metrics[4096];
        std::snprintf(
            metrics, sizeof(metrics),
            "{\"Executor Deserialize Time\":%d,\"Executor Deserialize CPU Time\":%d,\"Executor "
            "Run Time\":%" PRId64 ",\"Executor CPU Time\":%" PRId64
            ",\"Peak Execution Memory\":%d,\"Result Size\":%d,\"JVM GC Time\":%d,\"Result "
            "Serialization Time\":%d,\"Memory Bytes Spilled\":0,\"Disk Bytes Spilled\":0,"
            "\"Shuffle Read Metrics\":{\"Remote Blocks Fetched\":%d,\"Local Blocks Fetched\":%d,"
            "\"Fetch Wait Time\":%d,\"Remote Bytes Read\":%d,\"Remote Bytes Read To Disk\":0,"
            "\"Local Bytes Read\":%d,\"Total Records Read\":%d,\"Remote Requests Duration\":%d,"
            "\"Push Based Shuffle\":{\"Corrupt Merged Block Chunks\":0,\"Merged Fetch Fallback "
            "Count\":0,\"Merged Remote Blocks Fetched\":0,\"Merged Local Blocks Fetched\":0,"
            "\"Merged Remote Chunks Fetched\":0,\"Merged Local Chunks Fetched\":0,\"Merged "
            "Remote Bytes Read\":0,\"Merged Local Bytes Read\":0,\"Merged Remote Requests "
            "Duration\":0}},\"Shuffle Write Metrics\":{\"Shuffle Bytes Written\":%d,\"Shuffle "
            "Write Time\":%d,\"Shuffle Records Written\":%d},\"Input Metrics\":{\"Bytes Read\":"
            "%d,\"Records Read\":%d},\"Output Metrics\":{\"Bytes Written\":0,\"Records "
            "Written\":0},\"Updated Blocks\":[]}",
            static_cast<int>(rng() % 40), static_cast<int>(rng() % 40000000), run, run * 900000,
            static_cast<int>(rng() % 70000000), 2500 + static_cast<int>(rng() % 500),
            static_cast<int>(rng() % 300), static_cast<int>(rng() % 3),
            s ? 40 + static_cast<int>(rng() % 10) : 0, s ? static_cast<int>(rng() % 4) : 0,
            s ? static_cast<int>(rng() % 50) : 0, s ? static_cast<int>(rng() % 90000000) : 0,
            s ? static_cast<int>(rng() % 5000000) : 0, s ? static_cast<int>(rng() % 900000) : 0,
            s ? static_cast<int>(rng() % 300) : 0, s ? 0 : static_cast<int>(rng() % 90000000),
            s ? 0 : static_cast<int>(rng() % 90000000), s ? 0 : static_cast<int>(rng() % 900000),
            s ? 0 : static_cast<int>(rng() % 130000000), s ? 0 : static_cast<int>(rng() % 900000));
        out.Line(
            "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":%d,\"Stage Attempt ID\":0,"
            "\"Task Type\":\"%s\",\"Task End Reason\":%s,\"Task Info\":%s%s},\"Task "
            "Executor Metrics\":%s,\"Task Metrics\":%s}",
            stages[s], s ? "ResultTask" : "ShuffleMapTask", reason.c_str(),
            event_log_internal::TaskInfo(t, finish, failed).c_str(),
            event_log_internal::Accumulables(rng, accum_id).c_str(),
            event_log_internal::ExecutorMetrics(rng).c_str(), metrics);
        if (failed) {
          retries.push_back(Task{0, t.index, t.attempt + 1, 0, 0});
        } else {
          ++tasks_done;
        }
        next_task(t.executor);
      }
      accum_id += 4;
      now += 100;
      out.Line(
          "{\"Event\":\"SparkListenerStageCompleted\",\"Stage Info\":{\"Stage ID\":%d,"
          "\"Stage Attempt ID\":0,\"Stage Name\":\"save at OrdersJob.scala:57\",\"Number "
          "of Tasks\":%d,\"RDD Info\":[],\"Parent IDs\":[],\"Details\":\"\",\"Submission "
          "Time\":%" PRId64 ",\"Completion Time\":%" PRId64
          ",\"Accumulables\":[],\"Resource Profile Id\":0}}",
          stages[s], kTasksPerStage, submitted, now);
    }
    now += 50;
    out.Line("{\"Event\":\"SparkListenerJobEnd\",\"Job ID\":%d,\"Completion Time\":%" PRId64
             ",\"Job Result\":{\"Result\":\"JobSucceeded\"}}",
             job_id, now);
    out.Line(
        "{\"Event\":\"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd\","
        "\"executionId\":%d,\"time\":%" PRId64 "}",
        execution, now);
    ++job_id;
    // Dynamic allocation releases an idle executor now and then; one is OOM-killed.
    if (job_id % 400 == 0) {
      int e = 1 + (job_id / 400) % kExecutors;
      char oom[160];
      std::snprintf(oom, sizeof(oom),
                    "The executor with id %d exited with exit code 137(SIGKILL, possible "
                    "container OOM).",
                    shape.oom_executor);
      out.Line("{\"Event\":\"SparkListenerExecutorRemoved\",\"Timestamp\":%" PRId64
               ",\"Executor ID\":\"%d\",\"Removed Reason\":\"%s\"}",
               now, e, job_id == 800 ? oom : "Executor killed by driver.");
      out.Line("{\"Event\":\"SparkListenerExecutorAdded\",\"Timestamp\":%" PRId64
               ",\"Executor ID\":\"%d\",\"Executor Info\":{\"Host\":\"10.42.9.%d\",\"Total "
               "Cores\":%d,\"Log Urls\":{},\"Resource Profile Identifier\":0}}",
               now + 10, kExecutors + job_id / 400, job_id / 400, kCores);
    }
  }
  out.Line("{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":%" PRId64 "}", now + 1000);
  EventLogStats stats;
  stats.task_attempts = task_id;
  stats.jobs = job_id;
  stats.stages = stage_id;
  stats.end_ms = now + 1000;
  return stats;
}

}  // namespace sparkpm_bench
