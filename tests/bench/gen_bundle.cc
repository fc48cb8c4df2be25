// Writes a large synthetic incident bundle for the bundle benchmark
// (run_bundle_benchmark.sh), in the collector's layout (/work/shared/BUNDLE.md):
//
//   <root>/manifest.json
//   <root>/k8s/pods.json, events.json, nodes.json      driver + executors with Spark labels
//   <root>/logs/<pod>/spark-kubernetes-{driver,executor}.log   `kubectl logs --timestamps`
//   <root>/eventlogs/<app-id>                          event_log_writer.h's event log
//
// Logs are mostly INFO (Executor, BlockManager, ShuffleBlockFetcherIterator,
// CodeGenerator, TaskSetManager, DAGScheduler...), some WARN, rare ERROR with Java stack
// traces and "Caused by:" chains, and a few real failures for the rules to find: one
// executor OOM-killed (exit code 137), one heap OOM (exit code 52) when there are at
// least 11 executors, a FetchFailed, and task exceptions. Both dead executors get a
// replacement. Every byte is invented and depends only on the options, so two runs with
// the same options write identical files.
//
// The tar is written once to PREFIX.tar (headers patched in place once an entry's size
// is known), then compressed in one pass into PREFIX.tar.gz (zlib level 6, like
// `gzip -6 -n`) and PREFIX.tar.zst (libzstd level 3, like `zstd -3`), and removed unless
// --keep-tar. PREFIX.info gets key=value statistics for the benchmark script.
//
//   c++ -O2 -std=c++20 tests/bench/gen_bundle.cc -o gen_bundle -lz -lzstd
//   ./gen_bundle --size-mb 1000 --executors 32 --seed 1 --out /work/bench/bundle-1000mb
//
// Options: --size-mb N (target uncompressed bytes of all entries, in 10^6; 1000),
// --executors N (32), --seed N (1), --out PREFIX (required), --tasks N (event log tasks;
// default: what fills --eventlog-share of the size), --eventlog-share F (0.25),
// --keep-tar.
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "event_log_writer.h"

namespace {

using sparkpm_bench::Out;

constexpr int64_t kNsPerSec = 1000000000;
constexpr int64_t kNsPerMs = 1000000;
constexpr int64_t kNever = INT64_MAX;  // start time of a replacement not started yet
constexpr const char* kNamespace = "spark-jobs";
constexpr const char* kAppName = "orders-etl";
constexpr const char* kImage = "registry.example.com/data/spark:3.5.1-orders-2026.05.2";
// Bytes per event log task (start + end events), measured on event_log_writer.h.
constexpr double kEventLogBytesPerTask = 2995.0;

struct Options {
  uint64_t size_mb = 1000;
  int executors = 32;
  uint64_t seed = 1;
  std::string out;
  int64_t tasks = 0;
  double eventlog_share = 0.25;
  bool keep_tar = false;
};

// Returns the civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int* year, int* month, int* day) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = static_cast<int>(yoe + era * 400 + (*month <= 2));
}

// Formats an epoch second as "2026-05-28T20:26:40Z".
std::string Rfc3339(int64_t sec) {
  int y, mo, d;
  CivilFromDays(sec / 86400, &y, &mo, &d);
  int64_t s = sec % 86400;
  char tmp[32];
  std::snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d,
                static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                static_cast<int>(s % 60));
  return tmp;
}

// A moving clock that formats kubectl (RFC3339Nano) and log4j ("yy/MM/dd HH:mm:ss")
// times, recomputing the date part only when the second changes.
class LogClock {
 public:
  explicit LogClock(int64_t ns) : ns_(ns) { Recompute(); }

  // Moves the clock forward.
  void Advance(int64_t ns) {
    ns_ += ns;
    if (ns_ / kNsPerSec != sec_) Recompute();
  }
  int64_t ns() const { return ns_; }
  // Appends "2026-05-28T20:26:40.912114054Z " with trailing zeros trimmed, as Go does.
  void WriteKubectl(Out& out) const {
    out.Append(std::string_view(date_, 19));
    int64_t frac = ns_ % kNsPerSec;
    if (frac != 0) {
      char digits[10];
      for (int i = 8; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + frac % 10);
        frac /= 10;
      }
      int n = 9;
      while (n > 0 && digits[n - 1] == '0') --n;
      out.Put('.');
      out.Append(std::string_view(digits, static_cast<size_t>(n)));
    }
    out.Append("Z ");
  }
  std::string_view log4j() const { return std::string_view(log4j_, 17); }

 private:
  void Recompute() {
    sec_ = ns_ / kNsPerSec;
    int y, mo, d;
    CivilFromDays(sec_ / 86400, &y, &mo, &d);
    int64_t s = sec_ % 86400;
    int hh = static_cast<int>(s / 3600), mm = static_cast<int>(s / 60 % 60),
        ss = static_cast<int>(s % 60);
    std::snprintf(date_, sizeof(date_), "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, hh, mm, ss);
    std::snprintf(log4j_, sizeof(log4j_), "%02d/%02d/%02d %02d:%02d:%02d", y % 100, mo, d, hh, mm,
                  ss);
  }

  int64_t ns_;
  int64_t sec_ = -1;
  char date_[32];
  char log4j_[32];
};

// Writes container log lines in `kubectl logs --timestamps` form; each line gets a
// slightly later kubectl time than the one before.
class LogText {
 public:
  LogText(Out& out, int64_t start_ns, uint64_t seed) : out_(out), clock_(start_ns), jitter_(seed) {}

  // Writes "<kubectl time> yy/MM/dd HH:mm:ss LEVEL Logger: message".
  void Log(const char* level, const char* logger, const char* fmt, ...)
      __attribute__((format(printf, 4, 5))) {
    Stamp();
    out_.Append(clock_.log4j());
    out_.Put(' ');
    out_.Append(level);
    out_.Put(' ');
    out_.Append(logger);
    out_.Append(": ");
    va_list ap;
    va_start(ap, fmt);
    out_.VPrintf(fmt, ap);
    va_end(ap);
    out_.EndLine();
  }
  // Writes "<kubectl time> text": stack frames, shell trace, parts of multi-line messages.
  void Text(const char* fmt, ...) __attribute__((format(printf, 2, 3))) {
    Stamp();
    va_list ap;
    va_start(ap, fmt);
    out_.VPrintf(fmt, ap);
    va_end(ap);
    out_.EndLine();
  }
  // Writes "\tat <frame>" lines.
  void Frames(const std::vector<const char*>& frames, size_t from = 0) {
    for (size_t i = from; i < frames.size(); ++i) Text("\tat %s", frames[i]);
  }
  void Wait(int64_t ns) { clock_.Advance(ns); }
  int64_t now_ns() const { return clock_.ns(); }
  uint64_t lines() const { return lines_; }

 private:
  void Stamp() {
    clock_.Advance(3000 + static_cast<int64_t>(jitter_() % 400000));
    clock_.WriteKubectl(out_);
    ++lines_;
  }

  Out& out_;
  LogClock clock_;
  std::minstd_rand jitter_;
  uint64_t lines_ = 0;
};

// Writes an uncompressed ustar archive through out: a placeholder header per entry,
// patched in place once the entry's size is known.
class TarWriter {
 public:
  TarWriter(Out& out, std::string root, int64_t mtime)
      : out_(out), root_(std::move(root)), mtime_(mtime) {}

  // Starts an entry at <root>/<path>; its content is what out gets until End().
  void Begin(const std::string& path) {
    path_ = root_ + "/" + path;
    header_at_ = out_.bytes();
    out_.Append(std::string_view(kZeros, 512));
    start_ = out_.bytes();
  }
  // Ends the entry: pads it to 512 bytes and writes its header; returns its size.
  uint64_t End() {
    uint64_t size = out_.bytes() - start_;
    out_.Append(std::string_view(kZeros, (512 - size % 512) % 512));
    out_.Flush();
    char header[512];
    Header(path_, size, header);
    FILE* f = out_.file();
    if (fseeko(f, static_cast<off_t>(header_at_), SEEK_SET) != 0 ||
        std::fwrite(header, 1, 512, f) != 512 || fseeko(f, 0, SEEK_END) != 0) {
      std::perror("tar header");
      std::exit(1);
    }
    return size;
  }
  // Writes the two zero blocks that end an archive.
  void Finish() {
    out_.Append(std::string_view(kZeros, 512));
    out_.Append(std::string_view(kZeros, 512));
    out_.Flush();
  }

 private:
  static constexpr char kZeros[512] = {};

  // Fills a ustar header for a regular file; long paths use the prefix field.
  void Header(const std::string& path, uint64_t size, char* h) const {
    std::memset(h, 0, 512);
    std::string name = path, prefix;
    if (name.size() > 100) {
      size_t cut = path.rfind('/', 155);
      if (cut == std::string::npos || path.size() - cut - 1 > 100) {
        std::fprintf(stderr, "path too long for ustar: %s\n", path.c_str());
        std::exit(1);
      }
      prefix = path.substr(0, cut);
      name = path.substr(cut + 1);
    }
    std::memcpy(h, name.data(), name.size());
    std::snprintf(h + 100, 8, "%07o", 0644);
    std::snprintf(h + 108, 8, "%07o", 185);
    std::snprintf(h + 116, 8, "%07o", 185);
    if (size < (1ull << 33)) {
      std::snprintf(h + 124, 12, "%011" PRIo64, size);
    } else {  // GNU base-256 size
      h[124] = static_cast<char>(0x80);
      for (int i = 0; i < 8; ++i) h[135 - i] = static_cast<char>((size >> (8 * i)) & 0xff);
    }
    std::snprintf(h + 136, 12, "%011" PRIo64, static_cast<uint64_t>(mtime_));
    h[156] = '0';
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    std::memcpy(h + 265, "spark", 5);
    std::memcpy(h + 297, "spark", 5);
    std::memcpy(h + 345, prefix.data(), prefix.size());
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; ++i) sum += static_cast<unsigned char>(h[i]);
    std::snprintf(h + 148, 8, "%06o", sum);
    h[155] = ' ';
  }

  Out& out_;
  std::string root_;
  int64_t mtime_;
  std::string path_;
  uint64_t header_at_ = 0;
  uint64_t start_ = 0;
};

// One file of the bundle, for the manifest.
struct Item {
  std::string path;
  std::string source;
  uint64_t bytes;
};

// An executor pod of the application.
struct Executor {
  int id;
  int64_t start_ns;
  int exit_code = 0;    // 0 while running; 137 OOM-killed, 52 JVM OOM
  int64_t end_ns = 0;   // when it died
  double weight = 1.0;  // share of the executor log bytes
  int replaces = 0;     // id of the executor it replaces, 0 for none
};

// Stack frames used by the failures (invented, in the shape Spark 3.5 prints them).
const std::vector<const char*> kTaskRunnerFrames = {
    "org.apache.spark.scheduler.Task.run(Task.scala:141)",
    "org.apache.spark.executor.Executor$TaskRunner.$anonfun$run$4(Executor.scala:620)",
    "org.apache.spark.util.SparkErrorUtils.tryWithSafeFinally(SparkErrorUtils.scala:64)",
    "org.apache.spark.util.SparkErrorUtils.tryWithSafeFinally$(SparkErrorUtils.scala:61)",
    "org.apache.spark.util.Utils$.tryWithSafeFinally(Utils.scala:94)",
    "org.apache.spark.executor.Executor$TaskRunner.run(Executor.scala:623)",
    "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
    "java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
    "java.base/java.lang.Thread.run(Thread.java:840)"};
const std::vector<const char*> kEnrichFrames = {
    "com.example.etl.OrdersJob$.$anonfun$enrich$1(OrdersJob.scala:88)",
    "scala.collection.Iterator$$anon$10.next(Iterator.scala:461)",
    "org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage3."
    "processNext(Unknown Source)",
    "org.apache.spark.sql.execution.BufferedRowIterator.hasNext(BufferedRowIterator.java:43)",
    "org.apache.spark.sql.execution.WholeStageCodegenEvaluatorFactory$"
    "WholeStageCodegenPartitionEvaluator$$anon$1.hasNext(WholeStageCodegenEvaluatorFactory."
    "scala:43)",
    "org.apache.spark.shuffle.sort.BypassMergeSortShuffleWriter.write(BypassMergeSortShuffleWriter."
    "java:140)",
    "org.apache.spark.shuffle.ShuffleWriteProcessor.write(ShuffleWriteProcessor.scala:59)",
    "org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:104)",
    "org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:54)",
    "org.apache.spark.TaskContext.runTaskWithListeners(TaskContext.scala:161)"};
const std::vector<const char*> kDecimalFrames = {
    "org.apache.spark.sql.types.Decimal.set(Decimal.scala:130)",
    "com.example.etl.OrdersJob$.toTotal(OrdersJob.scala:142)",
    "com.example.etl.OrdersJob$.$anonfun$enrich$1(OrdersJob.scala:86)"};
const std::vector<const char*> kFetchFrames = {
    "org.apache.spark.storage.ShuffleBlockFetcherIterator.throwFetchFailedException("
    "ShuffleBlockFetcherIterator.scala:1239)",
    "org.apache.spark.storage.ShuffleBlockFetcherIterator.next(ShuffleBlockFetcherIterator.scala:"
    "971)",
    "org.apache.spark.storage.ShuffleBlockFetcherIterator.next(ShuffleBlockFetcherIterator.scala:"
    "86)",
    "org.apache.spark.util.CompletionIterator.next(CompletionIterator.scala:29)",
    "scala.collection.Iterator$$anon$11.nextCur(Iterator.scala:486)",
    "scala.collection.Iterator$$anon$11.hasNext(Iterator.scala:492)",
    "org.apache.spark.sql.execution.SortExec.$anonfun$doExecute$1(SortExec.scala:119)",
    "org.apache.spark.scheduler.ResultTask.runTask(ResultTask.scala:93)",
    "org.apache.spark.TaskContext.runTaskWithListeners(TaskContext.scala:161)"};
const std::vector<const char*> kConnectFrames = {
    "org.apache.spark.network.client.TransportClientFactory.createClient(TransportClientFactory."
    "java:294)",
    "org.apache.spark.network.client.TransportClientFactory.createClient(TransportClientFactory."
    "java:214)",
    "org.apache.spark.network.netty.NettyBlockTransferService$$anon$2.createAndStart("
    "NettyBlockTransferService.scala:131)",
    "org.apache.spark.network.shuffle.RetryingBlockTransferor.transferAllOutstanding("
    "RetryingBlockTransferor.java:173)",
    "org.apache.spark.network.shuffle.RetryingBlockTransferor.lambda$initiateRetry$0("
    "RetryingBlockTransferor.java:206)",
    "java.base/java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:539)",
    "java.base/java.util.concurrent.FutureTask.run(FutureTask.java:264)",
    "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
    "java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
    "io.netty.util.concurrent.FastThreadLocalRunnable.run(FastThreadLocalRunnable.java:30)",
    "java.base/java.lang.Thread.run(Thread.java:840)"};
const std::vector<const char*> kRefusedFrames = {
    "java.base/sun.nio.ch.Net.pollConnect(Native Method)",
    "java.base/sun.nio.ch.Net.pollConnectNow(Net.java:672)",
    "java.base/sun.nio.ch.SocketChannelImpl.finishConnect(SocketChannelImpl.java:946)",
    "io.netty.channel.socket.nio.NioSocketChannel.doFinishConnect(NioSocketChannel.java:337)",
    "io.netty.channel.nio.AbstractNioChannel$AbstractNioUnsafe.finishConnect(AbstractNioChannel."
    "java:334)"};
const std::vector<const char*> kHeartbeatFrames = {
    "org.apache.spark.rpc.RpcTimeout.org$apache$spark$rpc$RpcTimeout$$createRpcTimeoutException("
    "RpcTimeout.scala:47)",
    "org.apache.spark.rpc.RpcTimeout$$anonfun$addMessageIfTimeout$1.applyOrElse(RpcTimeout.scala:"
    "62)",
    "org.apache.spark.rpc.RpcTimeout$$anonfun$addMessageIfTimeout$1.applyOrElse(RpcTimeout.scala:"
    "58)",
    "scala.runtime.AbstractPartialFunction.apply(AbstractPartialFunction.scala:38)",
    "org.apache.spark.rpc.RpcTimeout.awaitResult(RpcTimeout.scala:76)",
    "org.apache.spark.rpc.RpcEndpointRef.askSync(RpcEndpointRef.scala:103)",
    "org.apache.spark.executor.Executor.reportHeartBeat(Executor.scala:1229)",
    "org.apache.spark.executor.Executor.$anonfun$heartbeater$1(Executor.scala:295)",
    "scala.runtime.java8.JFunction0$mcV$sp.apply(JFunction0$mcV$sp.java:23)",
    "org.apache.spark.util.Utils$.logUncaughtExceptions(Utils.scala:1928)",
    "org.apache.spark.Heartbeater$$anon$1.run(Heartbeater.scala:46)",
    "java.base/java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask.run("
    "ScheduledThreadPoolExecutor.java:304)",
    "java.base/java.lang.Thread.run(Thread.java:840)"};
const std::vector<const char*> kTimeoutFrames = {
    "scala.concurrent.impl.Promise$DefaultPromise.tryAwait0(Promise.scala:248)",
    "scala.concurrent.impl.Promise$DefaultPromise.result(Promise.scala:261)",
    "org.apache.spark.util.SparkThreadUtils$.awaitResult(SparkThreadUtils.scala:48)",
    "org.apache.spark.rpc.RpcTimeout.awaitResult(RpcTimeout.scala:75)"};
const std::vector<const char*> kHeapFrames = {
    "java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
    "org.apache.spark.sql.catalyst.expressions.UnsafeRow.copy(UnsafeRow.java:505)",
    "org.apache.spark.sql.execution.joins.UnsafeHashedRelation$.apply(HashedRelation.scala:462)",
    "org.apache.spark.sql.execution.joins.HashedRelation$.apply(HashedRelation.scala:143)",
    "org.apache.spark.sql.execution.joins.ShuffledHashJoinExec.buildHashedRelation("
    "ShuffledHashJoinExec.scala:79)",
    "org.apache.spark.scheduler.ResultTask.runTask(ResultTask.scala:93)",
    "org.apache.spark.TaskContext.runTaskWithListeners(TaskContext.scala:161)"};

// The generator: one application, its pods, logs and event log, written into a tar.
class BundleGenerator {
 public:
  explicit BundleGenerator(const Options& o) : o_(o), rng_(o.seed * 0x9e3779b97f4a7c15ull + 17) {
    char hex[40];
    std::snprintf(hex, sizeof(hex), "%016" PRIx64 "%016" PRIx64, rng_(), rng_());
    app_id_ = std::string("spark-") + hex;
    std::snprintf(hex, sizeof(hex), "%016" PRIx64, rng_());
    pod_prefix_ = std::string(kAppName) + "-" + std::string(hex, 16);
    root_ = "incident-" + std::string(kAppName) + "-" + std::to_string(o.size_mb) + "mb-s" +
            std::to_string(o.seed);
    start_ns_ = shape_start_ms_ * kNsPerMs - 40 * kNsPerSec;
    int n = o.executors;
    for (int e = 1; e <= n; ++e) {
      executors_.push_back(Executor{e, start_ns_ + (20 + e / 8) * kNsPerSec});
    }
    // The failures: 137 on executor 7 (or the last), 52 on executor 11 when it exists.
    kill137_ = std::min(7, n);
    jvm_oom_ = n >= 11 ? 11 : 0;
    for (Executor& e : executors_) {
      e.weight = 0.8 + static_cast<double>(U(400)) / 1000;
      if (e.id == kill137_) e.exit_code = 137, e.weight = 0.4;
      if (e.id == jvm_oom_) e.exit_code = 52, e.weight = 0.55;
    }
    int next_id = n + 1;
    for (int dead : {kill137_, jvm_oom_}) {
      if (dead == 0) continue;
      Executor r{next_id++, kNever};
      r.weight = dead == kill137_ ? 0.6 : 0.45;
      r.replaces = dead;
      executors_.push_back(r);
    }
    fetch_victim_ = n >= 2 ? 2 : 1;
  }

  // Writes PREFIX.tar; returns false on an I/O error.
  bool Write(const std::string& tar_path) {
    FILE* f = std::fopen(tar_path.c_str(), "w+b");
    if (f == nullptr) {
      std::perror(tar_path.c_str());
      return false;
    }
    Out out(f);
    TarWriter tar(out, root_, shape_start_ms_ / 1000 + 7200);
    const uint64_t target = o_.size_mb * 1000000ull;

    // The event log first: its bytes decide what is left for the logs.
    sparkpm_bench::EventLogShape shape;
    shape.executors = o_.executors;
    shape.seed = o_.seed * 7919 + 20260528;
    shape.start_ms = shape_start_ms_;
    shape.app_id = app_id_;
    shape.app_name = kAppName;
    shape.oom_executor = kill137_;
    shape.tasks = o_.tasks > 0
                      ? o_.tasks
                      : std::max<int64_t>(1000, static_cast<int64_t>(target * o_.eventlog_share /
                                                                     kEventLogBytesPerTask));
    tar.Begin("eventlogs/" + app_id_);
    event_stats_ = sparkpm_bench::WriteEventLog(out, shape);
    eventlog_bytes_ = tar.End();
    Add("eventlogs/" + app_id_,
        "spark.eventLog.dir (s3a://orders-lake/spark-events/" + app_id_ + ")", eventlog_bytes_);

    // Logs share what is left: the driver a tenth, executors by weight. The driver log
    // decides when executors die (and their replacements start); the Kubernetes JSON,
    // written after the logs, says the same.
    uint64_t used = Used();
    uint64_t manifest_estimate = 1200 + 260 * (executors_.size() + 5) +  // manifest
                                 12000 * (executors_.size() + 1);        // k8s JSON
    uint64_t logs_budget =
        target > used + manifest_estimate ? target - used - manifest_estimate : 0;
    std::string driver_pod = pod_prefix_ + "-driver";
    tar.Begin("logs/" + driver_pod + "/spark-kubernetes-driver.log");
    DriverLog(out, logs_budget / 10);
    AddLog("logs/" + driver_pod + "/spark-kubernetes-driver.log", driver_pod,
           "spark-kubernetes-driver", tar.End());
    double weights = 0;
    for (const Executor& e : executors_) weights += e.weight;
    for (const Executor& e : executors_) {
      uint64_t left = target > Used() + manifest_estimate ? target - Used() - manifest_estimate : 0;
      uint64_t budget = static_cast<uint64_t>(static_cast<double>(left) * e.weight / weights);
      weights -= e.weight;
      std::string pod = ExecPod(e.id);
      std::string path = "logs/" + pod + "/spark-kubernetes-executor.log";
      tar.Begin(path);
      ExecutorLog(out, e, budget);
      AddLog(path, pod, "spark-kubernetes-executor", tar.End());
    }

    WriteJson(tar, "k8s/pods.json",
              std::string("kubectl get pods -n ") + kNamespace +
                  " -l spark-app-selector=" + app_id_ + " -o json",
              [&] { Pods(out); });
    WriteJson(tar, "k8s/events.json",
              std::string("kubectl get events -n ") + kNamespace + " -o json",
              [&] { Events(out); });
    WriteJson(tar, "k8s/nodes.json", "kubectl get nodes -o json (nodes of the application's pods)",
              [&] { Nodes(out); });

    tar.Begin("manifest.json");
    Manifest(out);
    manifest_bytes_ = tar.End();
    tar.Finish();
    tar_bytes_ = out.bytes();
    if (std::fclose(f) != 0) {
      std::perror(tar_path.c_str());
      return false;
    }
    return true;
  }

  // Writes the statistics as key=value lines.
  void Info(FILE* f) const {
    uint64_t content = manifest_bytes_;
    for (const Item& i : items_) content += i.bytes;
    std::fprintf(f,
                 "root=%s\napp_id=%s\nexecutors=%d\nexecutor_pods=%zu\ntasks=%" PRId64
                 "\njobs=%d\ncontent_bytes=%" PRIu64 "\ntar_bytes=%" PRIu64
                 "\nlog_files=%zu\nlog_bytes=%" PRIu64 "\nlog_lines=%" PRIu64
                 "\neventlog_bytes=%" PRIu64 "\n",
                 root_.c_str(), app_id_.c_str(), o_.executors, executors_.size(),
                 event_stats_.task_attempts, event_stats_.jobs, content, tar_bytes_,
                 executors_.size() + 1, log_bytes_, log_lines_, eventlog_bytes_);
  }
  uint64_t tar_bytes() const { return tar_bytes_; }

 private:
  uint64_t U(uint64_t n) { return rng_() % n; }
  bool Chance(uint64_t one_in) { return rng_() % one_in == 0; }

  Executor& Find(int id) {
    for (Executor& e : executors_) {
      if (e.id == id) return e;
    }
    return executors_.front();
  }
  std::string ExecPod(int id) const { return pod_prefix_ + "-exec-" + std::to_string(id); }
  // The executor's pod IP, the host the event log names for it.
  static std::string Ip(int id) {
    return "10.42." + std::to_string(id / 16) + "." + std::to_string(id % 250);
  }
  static std::string Node(int index) {
    return "ip-10-40-" + std::to_string(index / 200) + "-" + std::to_string(10 + index % 200) +
           ".eu-west-1.compute.internal";
  }
  int NodeOf(int pod_index) const { return pod_index / 4; }
  int NodeCount() const { return NodeOf(static_cast<int>(executors_.size())) + 1; }
  uint64_t Used() const {
    uint64_t u = 0;
    for (const Item& i : items_) u += i.bytes;
    return u;
  }
  void Add(const std::string& path, const std::string& source, uint64_t bytes) {
    items_.push_back(Item{path, source, bytes});
  }
  void AddLog(const std::string& path, const std::string& pod, const char* container,
              uint64_t bytes) {
    Add(path,
        std::string("kubectl logs -n ") + kNamespace + " " + pod + " -c " + container +
            " --timestamps",
        bytes);
    log_bytes_ += bytes;
  }
  template <typename Body>
  void WriteJson(TarWriter& tar, const std::string& path, const std::string& source, Body body) {
    tar.Begin(path);
    body();
    Add(path, source, tar.End());
  }

  // Writes the shell trace and JVM start lines every Spark container begins with.
  void Preamble(LogText& log, const std::string& exec_line) {
    static const char* kShell[] = {"++ id -u",
                                   "+ myuid=185",
                                   "++ id -g",
                                   "+ mygid=0",
                                   "+ set +e",
                                   "++ getent passwd 185",
                                   "+ uidentry=spark:x:185:185::/home/spark:/bin/sh",
                                   "+ set -e",
                                   "+ '[' -z spark:x:185:185::/home/spark:/bin/sh ']'",
                                   "+ '[' -z /opt/java/openjdk ']'",
                                   "+ SPARK_CLASSPATH=':/opt/spark/jars/*'",
                                   "+ env",
                                   "+ grep SPARK_JAVA_OPT_",
                                   "+ sort -t_ -k4 -n",
                                   "+ sed 's/[^=]*=\\(.*\\)/\\1/g'",
                                   "+ case \"$1\" in",
                                   "+ shift 1"};
    for (const char* s : kShell) log.Text("%s", s);
    log.Text("%s", exec_line.c_str());
    log.Wait(1300 * kNsPerMs);
    log.Text("Using Spark's default log4j profile: org/apache/spark/log4j2-defaults.properties");
    log.Wait(900 * kNsPerMs);
  }

  // Writes the driver log until it holds about `budget` bytes.
  void DriverLog(Out& out, uint64_t budget) {
    const uint64_t begin = out.bytes();
    LogText log(out, start_ns_, rng_());
    std::string svc = pod_prefix_ + "-driver-svc." + kNamespace + ".svc";
    Preamble(log,
             "+ exec /usr/bin/tini -s -- /opt/spark/bin/spark-submit --conf "
             "spark.driver.bindAddress=10.42.0.250 --deploy-mode client --properties-file "
             "/opt/spark/conf/spark.properties --class com.example.etl.OrdersJob "
             "local:///opt/spark/work-dir/orders-etl.jar 2026-05-27");
    log.Log("INFO", "SparkContext", "Running Spark version 3.5.1");
    log.Log("INFO", "SparkContext", "OS info Linux, 5.10.227-219.884.amzn2.x86_64, amd64");
    log.Log("INFO", "SparkContext", "Java version 17.0.10");
    log.Log("WARN", "NativeCodeLoader",
            "Unable to load native-hadoop library for your platform... using builtin-java "
            "classes where applicable");
    log.Log("INFO", "ResourceUtils",
            "==============================================================");
    log.Log("INFO", "ResourceUtils", "No custom resources configured for spark.driver.");
    log.Log("INFO", "ResourceUtils",
            "==============================================================");
    log.Log("INFO", "SparkContext", "Submitted application: %s", kAppName);
    log.Log("INFO", "ResourceProfile",
            "Default ResourceProfile created, executor resources: Map(cores -> name: cores, "
            "amount: 4, script: , vendor: , memory -> name: memory, amount: 8192, script: , "
            "vendor: , offHeap -> name: offHeap, amount: 0, script: , vendor: ), task resources: "
            "Map(cpus -> name: cpus, amount: 1.0)");
    log.Log("INFO", "ResourceProfile", "Limiting resource is cpus at 4 tasks per executor");
    log.Log("INFO", "ResourceProfileManager", "Added ResourceProfile id: 0");
    log.Log("INFO", "SecurityManager", "Changing view acls to: spark");
    log.Log("INFO", "SecurityManager", "Changing modify acls to: spark");
    log.Log("INFO", "Utils", "Successfully started service 'sparkDriver' on port 7078.");
    log.Log("INFO", "SparkEnv", "Registering MapOutputTracker");
    log.Log("INFO", "SparkEnv", "Registering BlockManagerMaster");
    log.Log("INFO", "DiskBlockManager",
            "Created local directory at /var/data/spark-2b61c0de/blockmgr-5d0c7a9e");
    log.Log("INFO", "MemoryStore", "MemoryStore started with capacity 2.1 GiB");
    log.Log("INFO", "SparkContext", "Added JAR local:///opt/spark/work-dir/orders-etl.jar");
    log.Log("INFO", "Utils",
            "Using initial executors = %d, max of "
            "spark.dynamicAllocation.initialExecutors, spark.dynamicAllocation.minExecutors and "
            "spark.executor.instances",
            o_.executors);
    log.Log("INFO", "ExecutorPodsAllocator",
            "Going to request %d executors from Kubernetes for ResourceProfile Id: 0, target: %d, "
            "known: 0, sharedSlotFromPendingPods: 2147483647.",
            std::min(o_.executors, 5), o_.executors);
    log.Log("INFO", "SparkContext", "Spark configuration: spark.app.id=%s", app_id_.c_str());
    log.Log("INFO", "Utils",
            "Successfully started service "
            "'org.apache.spark.network.netty.NettyBlockTransferService' on port 7079.");
    log.Log("INFO", "BlockManagerMasterEndpoint",
            "Registering block manager %s:7079 with 2.1 GiB RAM, BlockManagerId(driver, %s, "
            "7079, None)",
            svc.c_str(), svc.c_str());
    for (const Executor& e : executors_) {
      if (e.replaces != 0) continue;
      RegisterExecutor(log, e);
    }
    log.Log("INFO", "KubernetesClusterSchedulerBackend",
            "SchedulerBackend is ready for scheduling beginning after reached "
            "minRegisteredResourcesRatio: 0.8");

    // Jobs of a map stage and a result stage; tasks finish on slots in turn.
    const int slots = o_.executors * 4;
    const int per_stage = 400;
    int64_t tid = 0;
    int stage = 0, job = 0, broadcast = 0, shuffle = 0;
    const int64_t step = std::max<int64_t>(1, 6 * kNsPerSec / slots);
    bool fetch_failed = false, lost137 = false, lost52 = false;
    auto live = [&](int id) {
      const Executor& e = Find(id);
      return e.start_ns <= log.now_ns() && e.end_ns == 0;
    };
    auto pick = [&](int64_t t) {
      for (int tries = 0; tries < 64; ++tries) {
        const Executor& e = executors_[static_cast<size_t>((t + tries) % executors_.size())];
        if (live(e.id)) return e.id;
      }
      return executors_.front().id;
    };
    while (out.bytes() - begin < budget) {
      double done = static_cast<double>(out.bytes() - begin) / static_cast<double>(budget);
      log.Log("INFO", "SparkContext", "Starting job: save at OrdersJob.scala:57");
      log.Log("INFO", "DAGScheduler",
              "Registering RDD %d (save at OrdersJob.scala:57) as input to shuffle %d",
              stage * 3 + 2, shuffle);
      log.Log("INFO", "DAGScheduler",
              "Got job %d (save at OrdersJob.scala:57) with %d output partitions", job, per_stage);
      log.Log("INFO", "DAGScheduler", "Final stage: ResultStage %d (save at OrdersJob.scala:57)",
              stage + 1);
      log.Log("INFO", "DAGScheduler", "Parents of final stage: List(ShuffleMapStage %d)", stage);
      for (int s = 0; s < 2; ++s) {
        int id = stage + s;
        const char* kind = s == 0 ? "ShuffleMapStage" : "ResultStage";
        log.Log("INFO", "DAGScheduler",
                "Submitting %s %d (MapPartitionsRDD[%d] at save at OrdersJob.scala:57), which has "
                "no missing parents",
                kind, id, id * 3 + 2);
        log.Log("INFO", "MemoryStore",
                "Block broadcast_%d stored as values in memory (estimated size %.1f KiB, free 2.1 "
                "GiB)",
                broadcast, 20.0 + static_cast<double>(U(400)) / 10);
        log.Log("INFO", "MemoryStore",
                "Block broadcast_%d_piece0 stored as bytes in memory (estimated size %.1f KiB, "
                "free 2.1 GiB)",
                broadcast, 8.0 + static_cast<double>(U(100)) / 10);
        log.Log("INFO", "BlockManagerInfo",
                "Added broadcast_%d_piece0 in memory on %s:7079 (size: 9.6 KiB, free: 2.1 GiB)",
                broadcast, svc.c_str());
        log.Log("INFO", "SparkContext",
                "Created broadcast %d from broadcast at DAGScheduler.scala:1585", broadcast);
        log.Log("INFO", "DAGScheduler",
                "Submitting %d missing tasks from %s %d (MapPartitionsRDD[%d] at save at "
                "OrdersJob.scala:57) (first 15 tasks are for partitions Vector(0, 1, 2, 3, 4, 5, "
                "6, 7, 8, 9, 10, 11, 12, 13, 14))",
                per_stage, kind, id, id * 3 + 2);
        log.Log("INFO", "TaskSchedulerImpl",
                "Adding task set %d.0 with %d tasks resource profile 0", id, per_stage);
        int64_t first_tid = tid;
        int started = 0, finished = 0;
        auto start_task = [&](int index, int attempt) {
          int e = pick(tid);
          log.Log("INFO", "TaskSetManager",
                  "Starting task %d.%d in stage %d.0 (TID %" PRId64
                  ") (%s, executor %d, partition %d, %s, %d bytes) ",
                  index, attempt, id, tid, Ip(e).c_str(), e, index,
                  s == 0 ? "NODE_LOCAL" : "PROCESS_LOCAL", 9000 + static_cast<int>(U(900)));
          ++tid;
        };
        for (; started < std::min(slots, per_stage); ++started) start_task(started, 0);
        for (int64_t t = first_tid; finished < per_stage; ++t) {
          log.Wait(step / 2 + static_cast<int64_t>(U(static_cast<uint64_t>(step))));
          int index = static_cast<int>(t - first_tid) % per_stage;
          int e = pick(t);
          done = static_cast<double>(out.bytes() - begin) / static_cast<double>(budget);
          if (!lost137 && done > 0.35) {
            lost137 = true;
            LostExecutor(log, Find(kill137_), id, tid);
          } else if (jvm_oom_ != 0 && !lost52 && done > 0.55) {
            lost52 = true;
            LostExecutor(log, Find(jvm_oom_), id, tid);
          } else if (s == 1 && !fetch_failed && done > 0.5) {
            fetch_failed = true;
            FetchFailedOnDriver(log, id, index, t, e);
          } else if (Chance(400)) {
            log.Log("WARN", "TaskSetManager",
                    "Lost task %d.0 in stage %d.0 (TID %" PRId64
                    ") (%s executor %d): java.lang.IllegalStateException: Unexpected null in "
                    "column order_total for key %d",
                    index, id, t, Ip(e).c_str(), e, static_cast<int>(U(90000)));
            log.Frames(kEnrichFrames);
            log.Frames(kTaskRunnerFrames);
            log.Text(
                "Caused by: java.lang.NullPointerException: Cannot invoke "
                "\"java.math.BigDecimal.scale()\" because \"value\" is null");
            log.Frames(kDecimalFrames);
            log.Text("\t... 18 more");
            log.Text("%s", "");
            start_task(index, 1);
          }
          ++finished;
          log.Log("INFO", "TaskSetManager",
                  "Finished task %d.0 in stage %d.0 (TID %" PRId64
                  ") in %d ms on %s (executor %d) "
                  "(%d/%d)",
                  index, id, t, 2000 + static_cast<int>(U(8000)), Ip(e).c_str(), e, finished,
                  per_stage);
          if (started < per_stage) start_task(started++, 0);
          if (Chance(120)) {
            log.Log("INFO", "BlockManagerInfo",
                    "Removed broadcast_%d_piece0 on %s:7079 in memory (size: 9.6 KiB, free: 2.1 "
                    "GiB)",
                    std::max(0, broadcast - 2), Ip(e).c_str());
          }
          if (Chance(700)) {
            log.Log("INFO", "ExecutorAllocationManager",
                    "Requesting %d new executors because tasks are backlogged (new desired total "
                    "will be %d for resource profile id: 0)",
                    1 + static_cast<int>(U(4)), o_.executors);
          }
        }
        log.Log("INFO", "TaskSchedulerImpl",
                "Removed TaskSet %d.0, whose tasks have all completed, from pool ", id);
        log.Log("INFO", "DAGScheduler", "%s %d (save at OrdersJob.scala:57) finished in %.3f s",
                kind, id, static_cast<double>(per_stage) * static_cast<double>(step) / 1e9);
        if (s == 0) {
          log.Log("INFO", "DAGScheduler", "looking for newly runnable stages");
          log.Log("INFO", "DAGScheduler", "running: HashSet()");
          log.Log("INFO", "DAGScheduler", "waiting: HashSet(ResultStage %d)", id + 1);
          log.Log("INFO", "DAGScheduler", "failed: HashSet()");
          log.Log("INFO", "ShufflePartitionsUtil",
                  "For shuffle(%d), advisory target size: 67108864, actual target size 1048576, "
                  "minimum partition size: 1048576",
                  shuffle);
          log.Log("INFO", "CodeGenerator", "Code generated in %d.%03d ms",
                  5 + static_cast<int>(U(40)), static_cast<int>(U(1000)));
        }
        ++broadcast;
      }
      log.Log("INFO", "DAGScheduler",
              "Job %d is finished. Cancelling potential speculative or zombie tasks for this job",
              job);
      log.Log("INFO", "TaskSchedulerImpl", "Killing all running tasks in stage %d: Stage finished",
              stage + 1);
      log.Log("INFO", "DAGScheduler", "Job %d finished: save at OrdersJob.scala:57, took %.6f s",
              job, static_cast<double>(2 * per_stage) * static_cast<double>(step) / 1e9);
      log.Log("INFO", "FileFormatWriter", "Start to commit write Job %08x-58ab-4c1e-9d2f-%012d.",
              static_cast<unsigned>(rng_()), job);
      log.Log("INFO", "FileFormatWriter",
              "Write Job %08x-58ab-4c1e-9d2f-%012d committed. Elapsed time: %d ms.",
              static_cast<unsigned>(rng_()), job, 100 + static_cast<int>(U(900)));
      log.Log("INFO", "FileFormatWriter", "Finished processing stats for write job %08x.",
              static_cast<unsigned>(rng_()));
      stage += 2;
      ++job;
      ++shuffle;
    }
    // A driver log too short to reach them still records the failures.
    if (!lost137) LostExecutor(log, Find(kill137_), stage, tid);
    if (jvm_oom_ != 0 && !lost52) LostExecutor(log, Find(jvm_oom_), stage, tid);
    log_lines_ += log.lines();
  }

  // Writes the driver's lines for an executor that registered.
  void RegisterExecutor(LogText& log, const Executor& e) {
    log.Log("INFO", "KubernetesClusterSchedulerBackend$KubernetesDriverEndpoint",
            "Registered executor NettyRpcEndpointRef(spark-client://Executor) (%s:%d) with ID "
            "%d,  ResourceProfileId 0",
            Ip(e.id).c_str(), 40000 + e.id, e.id);
    log.Log("INFO", "BlockManagerMasterEndpoint",
            "Registering block manager %s:%d with 4.4 GiB RAM, BlockManagerId(%d, %s, %d, None)",
            Ip(e.id).c_str(), 36000 + e.id, e.id, Ip(e.id).c_str(), 36000 + e.id);
  }

  // Writes the driver's lines for an executor lost with exit code 137 or 52.
  void LostExecutor(LogText& log, Executor& e, int stage, int64_t tid) {
    e.end_ns = log.now_ns();
    const char* why = e.exit_code == 137 ? "137(SIGKILL, possible container OOM)" : "52(JVM OOM)";
    if (e.exit_code == 52) {
      log.Log("WARN", "TaskSetManager",
              "Lost task %d.0 in stage %d.0 (TID %" PRId64
              ") (%s executor %d): java.lang.OutOfMemoryError: Java heap space",
              static_cast<int>(tid % 400), stage, tid - 3, Ip(e.id).c_str(), e.id);
      log.Frames(kHeapFrames);
      log.Frames(kTaskRunnerFrames);
      log.Text("%s", "");
    }
    log.Log("ERROR", "TaskSchedulerImpl", "Lost executor %d on %s: ", e.id, Ip(e.id).c_str());
    log.Text("The executor with id %d exited with exit code %s.", e.id, why);
    log.Text("%s", "");
    log.Text("%s", "");
    log.Text("%s", "");
    log.Text("The API gave the following container statuses:");
    log.Text("%s", "");
    log.Text("%s", "");
    log.Text("\t container name: spark-kubernetes-executor");
    log.Text("\t container image: %s", kImage);
    log.Text("\t container state: terminated");
    log.Text("\t container started at: %s", Rfc3339(e.start_ns / kNsPerSec + 7).c_str());
    log.Text("\t container finished at: %s", Rfc3339(e.end_ns / kNsPerSec).c_str());
    log.Text("\t exit code: %d", e.exit_code);
    log.Text("\t termination reason: %s", e.exit_code == 137 ? "OOMKilled" : "Error");
    log.Text("      ");
    for (int i = 0; i < 4; ++i) {
      log.Log("WARN", "TaskSetManager",
              "Lost task %d.0 in stage %d.0 (TID %" PRId64
              ") (%s executor %d): ExecutorLostFailure (executor %d exited caused by one of the "
              "running tasks) Reason: The executor with id %d exited with exit code %s.",
              static_cast<int>((tid - 4 + i) % 400), stage, tid - 4 + i, Ip(e.id).c_str(), e.id,
              e.id, e.id, why);
    }
    log.Log("INFO", "DAGScheduler", "Executor lost: %d (epoch %d)", e.id, stage);
    log.Log("INFO", "BlockManagerMasterEndpoint",
            "Trying to remove executor %d from BlockManagerMaster.", e.id);
    log.Log("INFO", "BlockManagerMasterEndpoint",
            "Removing block manager BlockManagerId(%d, %s, %d, None)", e.id, Ip(e.id).c_str(),
            36000 + e.id);
    log.Log("INFO", "BlockManagerMaster", "Removed %d successfully in removeExecutor", e.id);
    log.Log("INFO", "DAGScheduler", "Shuffle files lost for executor: %d (epoch %d)", e.id, stage);
    log.Log("INFO", "ExecutorPodsAllocator",
            "Going to request 1 executors from Kubernetes for ResourceProfile Id: 0, target: %d, "
            "known: %d, sharedSlotFromPendingPods: 2147483647.",
            o_.executors, o_.executors - 1);
    log.Wait(20 * kNsPerSec);
    for (Executor& r : executors_) {
      if (r.replaces != e.id) continue;
      r.start_ns = log.now_ns() - 6 * kNsPerSec;
      RegisterExecutor(log, r);
    }
  }

  // Writes the driver's lines for a result task that failed to fetch shuffle blocks.
  void FetchFailedOnDriver(LogText& log, int stage, int index, int64_t tid, int e) {
    int from = kill137_;
    log.Log("WARN", "TaskSetManager",
            "Lost task %d.0 in stage %d.0 (TID %" PRId64
            ") (%s executor %d): FetchFailed(BlockManagerId(%d, %s, 7337, None), shuffleId=%d, "
            "mapIndex=%d, mapId=%" PRId64 ", reduceId=%d, message=",
            index, stage, tid, Ip(e).c_str(), e, from, Ip(from).c_str(), stage / 2,
            static_cast<int>(U(400)), tid - 400, index);
    log.Text("org.apache.spark.shuffle.FetchFailedException: Failed to connect to %s/%s:7337",
             Ip(from).c_str(), Ip(from).c_str());
    log.Frames(kFetchFrames);
    log.Frames(kTaskRunnerFrames);
    log.Text("Caused by: java.io.IOException: Failed to connect to %s/%s:7337", Ip(from).c_str(),
             Ip(from).c_str());
    log.Frames(kConnectFrames);
    log.Text(
        "Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection "
        "refused: %s/%s:7337",
        Ip(from).c_str(), Ip(from).c_str());
    log.Text("Caused by: java.net.ConnectException: Connection refused");
    log.Frames(kRefusedFrames);
    log.Text("\t... 6 more");
    log.Text("%s", "");
    log.Text(")");
    log.Log("INFO", "TaskSetManager",
            "task %d.0 in stage %d.0 (TID %" PRId64
            ") failed, but the task will not be re-executed (either because the task failed with "
            "a shuffle data fetch failure, so the previous stage needs to be re-run, or because a "
            "different copy of the task has already succeeded).",
            index, stage, tid);
    log.Log("INFO", "DAGScheduler",
            "Marking ResultStage %d (save at OrdersJob.scala:57) as failed due to a fetch failure "
            "from ShuffleMapStage %d (save at OrdersJob.scala:57)",
            stage, stage - 1);
    log.Log("INFO", "DAGScheduler",
            "ResultStage %d (save at OrdersJob.scala:57) failed in %d.%03d s due to "
            "org.apache.spark.shuffle.FetchFailedException: Failed to connect to %s/%s:7337",
            stage, 30 + static_cast<int>(U(60)), static_cast<int>(U(1000)), Ip(from).c_str(),
            Ip(from).c_str());
    log.Log("INFO", "DAGScheduler",
            "Resubmitting ShuffleMapStage %d (save at OrdersJob.scala:57) and ResultStage %d (save "
            "at OrdersJob.scala:57) due to fetch failure",
            stage - 1, stage);
    log.Log("INFO", "DAGScheduler", "Resubmitting failed stages");
  }

  // Writes one executor's log until it holds about `budget` bytes (an OOM-killed one stops
  // mid-task).
  void ExecutorLog(Out& out, const Executor& e, uint64_t budget) {
    const uint64_t begin = out.bytes();
    LogText log(out, e.start_ns, rng_());
    std::string pod = ExecPod(e.id);
    std::string ip = Ip(e.id);
    std::string driver = pod_prefix_ + "-driver-svc." + kNamespace + ".svc";
    char exec_line[1024];
    std::snprintf(exec_line, sizeof(exec_line),
                  "+ exec /usr/bin/tini -s -- /opt/java/openjdk/bin/java -Dspark.driver.port=7078 "
                  "-Xms8192m -Xmx8192m -cp '/opt/spark/conf::/opt/spark/jars/*:' "
                  "org.apache.spark.executor.CoarseGrainedExecutorBackend --driver-url "
                  "spark://CoarseGrainedScheduler@%s:7078 --executor-id %d --cores 4 --app-id %s "
                  "--hostname %s --resourceProfileId 0 --podName %s",
                  driver.c_str(), e.id, app_id_.c_str(), ip.c_str(), pod.c_str());
    Preamble(log, exec_line);
    log.Log("INFO", "CoarseGrainedExecutorBackend", "Started daemon with process name: 14@%s",
            pod.c_str());
    log.Log("INFO", "SignalUtils", "Registering signal handler for TERM");
    log.Log("INFO", "SignalUtils", "Registering signal handler for HUP");
    log.Log("INFO", "SignalUtils", "Registering signal handler for INT");
    log.Log("WARN", "NativeCodeLoader",
            "Unable to load native-hadoop library for your platform... using builtin-java "
            "classes where applicable");
    log.Log("INFO", "SecurityManager", "Changing view acls to: spark");
    log.Log("INFO", "SecurityManager", "Changing modify acls to: spark");
    log.Log("INFO", "TransportClientFactory",
            "Successfully created connection to %s/10.42.0.250:7078 after %d ms (0 ms spent in "
            "bootstraps)",
            driver.c_str(), 40 + static_cast<int>(U(100)));
    log.Log("INFO", "DiskBlockManager",
            "Created local directory at /var/data/spark-%08x/blockmgr-%08x",
            static_cast<unsigned>(rng_()), static_cast<unsigned>(rng_()));
    log.Log("INFO", "MemoryStore", "MemoryStore started with capacity 4.4 GiB");
    log.Log("INFO", "CoarseGrainedExecutorBackend",
            "Connecting to driver: spark://CoarseGrainedScheduler@%s:7078", driver.c_str());
    log.Log("INFO", "CoarseGrainedExecutorBackend", "Successfully registered with driver");
    log.Log("INFO", "Executor", "Starting executor ID %d on host %s", e.id, ip.c_str());
    log.Log("INFO", "Executor", "OS info Linux, 5.10.227-219.884.amzn2.x86_64, amd64");
    log.Log("INFO", "Executor", "Java version 17.0.10");
    log.Log("INFO", "Utils",
            "Successfully started service "
            "'org.apache.spark.network.netty.NettyBlockTransferService' on port %d.",
            36000 + e.id);
    log.Log("INFO", "NettyBlockTransferService", "Server created on %s:%d", ip.c_str(),
            36000 + e.id);
    log.Log("INFO", "BlockManagerMaster",
            "Registering BlockManager BlockManagerId(%d, %s, %d, None)", e.id, ip.c_str(),
            36000 + e.id);
    log.Log("INFO", "BlockManager", "Initialized BlockManager: BlockManagerId(%d, %s, %d, None)",
            e.id, ip.c_str(), 36000 + e.id);

    const int n = static_cast<int>(executors_.size());
    int64_t tid = e.id;
    int stage = 0, broadcast = 0;
    int tasks_in_stage = 0;
    const int tasks_per_stage = std::max(1, 400 / o_.executors);
    bool fetch_planned = e.id == fetch_victim_, exception_planned = e.id == (n >= 3 ? 3 : 1);
    // A killed executor stops at its share; a heap OOM ends with the error.
    bool first = true;
    while (out.bytes() - begin < budget) {
      if (!first) {  // the next task: every executor takes every n-th task id
        tid += n;
        if (++tasks_in_stage >= tasks_per_stage) {
          tasks_in_stage = 0;
          ++stage;
          ++broadcast;
          if (Chance(3)) log.Log("INFO", "BlockManager", "Removing RDD %d", stage * 3 - 2);
        }
      }
      first = false;
      double done = static_cast<double>(out.bytes() - begin) / static_cast<double>(budget);
      bool result = stage % 2 == 1;
      int index = static_cast<int>(tid % 400);
      log.Wait(200 * kNsPerMs + static_cast<int64_t>(U(1500)) * kNsPerMs);
      log.Log("INFO", "CoarseGrainedExecutorBackend", "Got assigned task %" PRId64, tid);
      log.Log("INFO", "Executor", "Running task %d.0 in stage %d.0 (TID %" PRId64 ")", index, stage,
              tid);
      if (tasks_in_stage == 0) {
        log.Log("INFO", "MapOutputTrackerWorker", "Updating epoch to %d and clearing cache",
                stage / 2);
        log.Log("INFO", "TorrentBroadcast",
                "Started reading broadcast variable %d with 1 pieces (estimated total size 4.0 "
                "MiB)",
                broadcast);
        log.Log("INFO", "MemoryStore",
                "Block broadcast_%d_piece0 stored as bytes in memory (estimated size %.1f KiB, "
                "free 4.4 GiB)",
                broadcast, 8.0 + static_cast<double>(U(100)) / 10);
        log.Log("INFO", "TorrentBroadcast", "Reading broadcast variable %d took %d ms", broadcast,
                5 + static_cast<int>(U(40)));
        log.Log("INFO", "MemoryStore",
                "Block broadcast_%d stored as values in memory (estimated size %.1f KiB, free 4.4 "
                "GiB)",
                broadcast, 20.0 + static_cast<double>(U(400)) / 10);
        if (result) {
          log.Log("INFO", "MapOutputTrackerWorker",
                  "Don't have map outputs for shuffle %d, fetching them", stage / 2);
          log.Log("INFO", "MapOutputTrackerWorker",
                  "Doing the fetch; tracker endpoint = "
                  "NettyRpcEndpointRef(spark://MapOutputTracker@%s:7078)",
                  driver.c_str());
          log.Log("INFO", "MapOutputTrackerWorker", "Got the map output locations");
        }
      }
      if (e.exit_code == 52 && done > 0.97) {
        HeapOom(log, index, stage, tid);
        break;
      }
      if (!result) {
        log.Log("INFO", "FileScanRDD",
                "Reading File path: s3a://orders-lake/orders/dt=2026-05-27/"
                "part-%05d-6f1c2a9e-4b7d-4e2a-9c1b-%012d-c000.snappy.parquet, range: 0-%d, "
                "partition values: [empty row]",
                index, static_cast<int>(tid % 1000000000),
                90000000 + static_cast<int>(U(44217728)));
        if (Chance(3)) log.Log("INFO", "CodecPool", "Got brand-new decompressor [.snappy]");
        if (Chance(8)) log.Log("INFO", "S3AInputStream", "Switching to Random IO seek policy");
      } else {
        int blocks = 400, local = static_cast<int>(U(16));
        double mib = 40.0 + static_cast<double>(U(2000)) / 10;
        log.Log("INFO", "ShuffleBlockFetcherIterator",
                "Getting %d (%.1f MiB) non-empty blocks including %d (%.1f MiB) local and 0 (0.0 "
                "B) host-local and 0 (0.0 B) push-merged-local and %d (%.1f MiB) remote blocks",
                blocks, mib, local, mib * local / blocks, blocks - local,
                mib * (blocks - local) / blocks);
        log.Log("INFO", "ShuffleBlockFetcherIterator", "Started %d remote fetches in %d ms",
                8 + static_cast<int>(U(24)), 1 + static_cast<int>(U(30)));
        if (fetch_planned && done > 0.5) {
          fetch_planned = false;
          FetchFailedOnExecutor(log, index, stage, tid);
          continue;
        }
        if (Chance(60)) {
          log.Log("WARN", "RetryingBlockTransferor",
                  "Retrying fetch (1/3) for %d outstanding blocks after 5000 ms",
                  1 + static_cast<int>(U(12)));
        }
      }
      if (Chance(10)) {
        log.Log("INFO", "CodeGenerator", "Code generated in %d.%03d ms",
                3 + static_cast<int>(U(60)), static_cast<int>(U(1000)));
      }
      if (Chance(40)) {
        log.Log("INFO", "UnsafeExternalSorter",
                "Thread %d spilling sort data of %.1f MiB to disk (%d  time so far)",
                60 + static_cast<int>(U(8)), 64.0 + static_cast<double>(U(9600)) / 10,
                static_cast<int>(U(3)));
      }
      if (Chance(90)) {
        log.Log("WARN", "TaskMemoryManager", "Failed to allocate a page (%d bytes), try again.",
                67108864);
      }
      if (Chance(150)) {
        log.Log("WARN", "BlockManager",
                "Block rdd_%d_%d could not be removed as it was not found on disk or in memory",
                stage * 3 + 1, index);
      }
      if (Chance(2500)) {
        log.Log("WARN", "Executor", "Issue communicating with driver in heartbeater");
        log.Text(
            "org.apache.spark.rpc.RpcTimeoutException: Futures timed out after [10000 "
            "milliseconds]. This timeout is controlled by spark.executor.heartbeatInterval");
        log.Frames(kHeartbeatFrames);
        log.Text(
            "Caused by: java.util.concurrent.TimeoutException: Futures timed out after "
            "[10000 milliseconds]");
        log.Frames(kTimeoutFrames);
        log.Text("\t... 13 more");
      }
      if (e.exit_code == 137 && done > 0.9) {
        // The kernel's OOM killer: the JVM writes nothing more.
        log.Log("INFO", "UnsafeExternalSorter",
                "Thread %d spilling sort data of %.1f MiB to disk (%d  time so far)",
                60 + static_cast<int>(U(8)), 1900.0 + static_cast<double>(U(900)) / 10,
                1 + static_cast<int>(U(3)));
        if (done > 0.99) break;
        continue;
      }
      if ((exception_planned && done > 0.3) || Chance(4000)) {
        exception_planned = false;
        log.Log("ERROR", "Executor", "Exception in task %d.0 in stage %d.0 (TID %" PRId64 ")",
                index, stage, tid);
        log.Text(
            "java.lang.IllegalStateException: Unexpected null in column order_total for "
            "key %d",
            static_cast<int>(U(90000)));
        log.Frames(kEnrichFrames);
        log.Frames(kTaskRunnerFrames);
        log.Text(
            "Caused by: java.lang.NullPointerException: Cannot invoke "
            "\"java.math.BigDecimal.scale()\" because \"value\" is null");
        log.Frames(kDecimalFrames);
        log.Text("\t... 18 more");
      } else if (result) {
        log.Log("INFO", "FileOutputCommitter", "File Output Committer Algorithm version is 1");
        log.Log("INFO", "FileOutputCommitter",
                "FileOutputCommitter skip cleanup _temporary folders under output "
                "directory:false, ignore cleanup failures: false");
        log.Log("INFO", "SQLHadoopMapReduceCommitProtocol",
                "Using output committer class org.apache.parquet.hadoop.ParquetOutputCommitter");
        log.Log("INFO", "CodecConfig", "Compression: SNAPPY");
        log.Log("INFO", "ParquetOutputFormat",
                "ParquetRecordWriter [block size: 134217728b, row group padding size: "
                "8388608b, validating: false]");
        if (Chance(20)) {
          log.Log("INFO", "ParquetWriteSupport",
                  "Initialized Parquet WriteSupport with Catalyst schema:");
          log.Text("{");
          log.Text("  \"type\" : \"struct\",");
          log.Text("  \"fields\" : [ {");
          log.Text("    \"name\" : \"customer_id\",");
          log.Text("    \"type\" : \"long\",");
          log.Text("    \"nullable\" : true,");
          log.Text("    \"metadata\" : { }");
          log.Text("  }, {");
          log.Text("    \"name\" : \"order_total\",");
          log.Text("    \"type\" : \"decimal(22,2)\",");
          log.Text("    \"nullable\" : true,");
          log.Text("    \"metadata\" : { }");
          log.Text("  } ]");
          log.Text("}");
        }
        log.Wait((1000 + static_cast<int64_t>(U(6000))) * kNsPerMs / 4);
        log.Log("INFO", "FileOutputCommitter",
                "Saved output of task 'attempt_202605282026%02d_%04d_m_%06d_%" PRId64
                "' to s3a://orders-lake/out/daily_totals/_temporary/0/task_202605282026%02d_%04d_m_"
                "%06d",
                stage % 60, stage, index, tid, stage % 60, stage, index);
        log.Log("INFO", "SparkHadoopMapRedUtil",
                "attempt_202605282026%02d_%04d_m_%06d_%" PRId64 ": Committed. Elapsed time: %d ms.",
                stage % 60, stage, index, tid, 50 + static_cast<int>(U(400)));
        log.Log("INFO", "Executor",
                "Finished task %d.0 in stage %d.0 (TID %" PRId64
                "). %d bytes result sent to driver",
                index, stage, tid, 4000 + static_cast<int>(U(2000)));
      } else {
        log.Wait((1000 + static_cast<int64_t>(U(6000))) * kNsPerMs / 4);
        log.Log("INFO", "Executor",
                "Finished task %d.0 in stage %d.0 (TID %" PRId64
                "). %d bytes result sent to driver",
                index, stage, tid, 2500 + static_cast<int>(U(500)));
      }
    }
    log_lines_ += log.lines();
  }

  // Writes an executor's heap OOM: the task's error and the uncaught exception handler's.
  void HeapOom(LogText& log, int index, int stage, int64_t tid) {
    log.Log("ERROR", "Executor", "Exception in task %d.0 in stage %d.0 (TID %" PRId64 ")", index,
            stage, tid);
    log.Text("java.lang.OutOfMemoryError: Java heap space");
    log.Frames(kHeapFrames);
    log.Frames(kTaskRunnerFrames);
    log.Log("ERROR", "SparkUncaughtExceptionHandler",
            "Uncaught exception in thread Thread[Executor task launch worker for task %d.0 in "
            "stage %d.0 (TID %" PRId64 "),5,main]",
            index, stage, tid);
    log.Text("java.lang.OutOfMemoryError: Java heap space");
    log.Frames(kHeapFrames);
    log.Frames(kTaskRunnerFrames);
    log.Log("INFO", "MemoryStore", "MemoryStore cleared");
    log.Log("INFO", "BlockManager", "BlockManager stopped");
    log.Log("INFO", "ShutdownHookManager", "Shutdown hook called");
  }

  // Writes an executor's failed shuffle fetch from the OOM-killed executor.
  void FetchFailedOnExecutor(LogText& log, int index, int stage, int64_t tid) {
    std::string from = Ip(kill137_);
    log.Log("ERROR", "RetryingBlockTransferor",
            "Exception while beginning fetch of %d outstanding blocks (after 3 retries)",
            3 + static_cast<int>(U(9)));
    log.Text("java.io.IOException: Failed to connect to %s/%s:7337", from.c_str(), from.c_str());
    log.Frames(kConnectFrames);
    log.Text(
        "Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection "
        "refused: %s/%s:7337",
        from.c_str(), from.c_str());
    log.Text("Caused by: java.net.ConnectException: Connection refused");
    log.Frames(kRefusedFrames);
    log.Text("\t... 6 more");
    log.Log("ERROR", "ShuffleBlockFetcherIterator", "Failed to get block(s) from %s:7337",
            from.c_str());
    log.Text("java.io.IOException: Failed to connect to %s/%s:7337", from.c_str(), from.c_str());
    log.Frames(kConnectFrames);
    log.Log("INFO", "Executor",
            "Executor is trying to kill task %d.0 in stage %d.0 (TID %" PRId64
            "), reason: another attempt succeeded",
            index, stage, tid);
  }

  // Writes kubectl's pod list: the driver and every executor, Spark labels included.
  void Pods(Out& out) {
    out.Append("{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n");
    Pod(out, pod_prefix_ + "-driver", "driver", 0, start_ns_, 0, 0, 0);
    for (size_t i = 0; i < executors_.size(); ++i) {
      out.Append(",\n");
      const Executor& e = executors_[i];
      Pod(out, ExecPod(e.id), "executor", e.id, e.start_ns, e.exit_code, e.end_ns,
          static_cast<int>(i + 1));
    }
    out.Append(
        "\n  ],\n  \"kind\": \"List\",\n  \"metadata\": {\n    \"resourceVersion\": \"\"\n  "
        "}\n}\n");
  }

  void Pod(Out& out, const std::string& name, const char* role, int exec_id, int64_t start_ns,
           int exit_code, int64_t end_ns, int pod_index) {
    bool driver = exec_id == 0;
    std::string created = Rfc3339(start_ns / kNsPerSec - 8);
    std::string started = Rfc3339(start_ns / kNsPerSec);
    std::string ip = driver ? "10.42.0.250" : Ip(exec_id);
    std::string uid = Uuid();
    out.Printf(
        "    {\n      \"apiVersion\": \"v1\",\n      \"kind\": \"Pod\",\n      \"metadata\": {\n"
        "        \"creationTimestamp\": \"%s\",\n        \"labels\": {\n"
        "          \"spark-app-name\": \"%s\",\n          \"spark-app-selector\": \"%s\",\n"
        "          \"spark-role\": \"%s\",\n          \"spark-version\": \"3.5.1\"",
        created.c_str(), kAppName, app_id_.c_str(), role);
    if (!driver) {
      out.Printf(
          ",\n          \"spark-exec-id\": \"%d\",\n"
          "          \"spark-exec-resourceprofile-id\": \"0\"",
          exec_id);
    }
    out.Printf(
        "\n        },\n        \"name\": \"%s\",\n        \"namespace\": \"%s\",\n"
        "        \"resourceVersion\": \"%d\",\n        \"uid\": \"%s\"",
        name.c_str(), kNamespace, 3000000 + static_cast<int>(U(9000000)), uid.c_str());
    if (!driver) {
      out.Printf(
          ",\n        \"ownerReferences\": [\n          {\n"
          "            \"apiVersion\": \"v1\",\n            \"controller\": true,\n"
          "            \"kind\": \"Pod\",\n            \"name\": \"%s-driver\",\n"
          "            \"uid\": \"%s\"\n          }\n        ]",
          pod_prefix_.c_str(), driver_uid_.c_str());
    } else {
      driver_uid_ = uid;
    }
    const char* container = driver ? "spark-kubernetes-driver" : "spark-kubernetes-executor";
    const char* memory = driver ? "4505Mi" : "9011Mi";
    out.Printf(
        "\n      },\n      \"spec\": {\n        \"containers\": [\n          {\n"
        "            \"args\": [\n              \"%s\"\n            ],\n"
        "            \"env\": [\n              {\n                \"name\": \"SPARK_USER\",\n"
        "                \"value\": \"spark\"\n              },\n              {\n"
        "                \"name\": \"SPARK_APPLICATION_ID\",\n                \"value\": \"%s\"\n"
        "              }\n            ],\n            \"image\": \"%s\",\n"
        "            \"imagePullPolicy\": \"IfNotPresent\",\n            \"name\": \"%s\",\n"
        "            \"resources\": {\n              \"limits\": {\n"
        "                \"memory\": \"%s\"\n              },\n              \"requests\": {\n"
        "                \"cpu\": \"%s\",\n                \"memory\": \"%s\"\n"
        "              }\n            }\n          }\n        ],\n"
        "        \"nodeName\": \"%s\",\n        \"restartPolicy\": \"Never\",\n"
        "        \"serviceAccountName\": \"spark\"\n      },\n",
        driver ? "driver" : "executor", app_id_.c_str(), kImage, container, memory,
        driver ? "1" : "4", memory, Node(NodeOf(pod_index)).c_str());
    bool dead = exit_code != 0;
    std::string finished = dead ? Rfc3339(end_ns / kNsPerSec) : "";
    out.Printf(
        "      \"status\": {\n        \"conditions\": [\n          {\n"
        "            \"lastProbeTime\": null,\n            \"lastTransitionTime\": \"%s\",\n"
        "            \"status\": \"%s\",\n            \"type\": \"Ready\"\n          },\n"
        "          {\n            \"lastProbeTime\": null,\n"
        "            \"lastTransitionTime\": \"%s\",\n            \"status\": \"True\",\n"
        "            \"type\": \"PodScheduled\"\n          }\n        ],\n"
        "        \"containerStatuses\": [\n          {\n"
        "            \"containerID\": \"containerd://%s%s\",\n            \"image\": \"%s\",\n"
        "            \"lastState\": {},\n            \"name\": \"%s\",\n"
        "            \"ready\": %s,\n            \"restartCount\": 0,\n"
        "            \"started\": %s,\n            \"state\": {\n",
        dead ? finished.c_str() : started.c_str(), dead ? "False" : "True", created.c_str(),
        Hex32().c_str(), Hex32().c_str(), kImage, container, dead ? "false" : "true",
        dead ? "false" : "true");
    if (dead) {
      out.Printf(
          "              \"terminated\": {\n                \"exitCode\": %d,\n"
          "                \"finishedAt\": \"%s\",\n                \"reason\": \"%s\",\n"
          "                \"startedAt\": \"%s\"\n              }\n",
          exit_code, finished.c_str(), exit_code == 137 ? "OOMKilled" : "Error", started.c_str());
    } else {
      out.Printf(
          "              \"running\": {\n                \"startedAt\": \"%s\"\n"
          "              }\n",
          started.c_str());
    }
    out.Printf(
        "            }\n          }\n        ],\n        \"hostIP\": \"10.40.%d.%d\",\n"
        "        \"phase\": \"%s\",\n        \"podIP\": \"%s\",\n"
        "        \"qosClass\": \"Burstable\",\n        \"startTime\": \"%s\"\n      }\n    }",
        NodeOf(pod_index) / 200, 10 + NodeOf(pod_index) % 200, dead ? "Failed" : "Running",
        ip.c_str(), created.c_str());
  }

  // Writes kubectl's event list: scheduling and container start of every pod.
  void Events(Out& out) {
    out.Append("{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n");
    bool first = true;
    auto event = [&](const std::string& pod, int64_t ns, const char* reason, const char* type,
                     const std::string& message, const char* component) {
      if (!first) out.Append(",\n");
      first = false;
      std::string at = Rfc3339(ns / kNsPerSec);
      out.Printf(
          "    {\n      \"apiVersion\": \"v1\",\n      \"count\": 1,\n"
          "      \"firstTimestamp\": \"%s\",\n      \"involvedObject\": {\n"
          "        \"apiVersion\": \"v1\",\n        \"kind\": \"Pod\",\n"
          "        \"name\": \"%s\",\n        \"namespace\": \"%s\"\n      },\n"
          "      \"kind\": \"Event\",\n      \"lastTimestamp\": \"%s\",\n"
          "      \"message\": \"%s\",\n      \"metadata\": {\n"
          "        \"creationTimestamp\": \"%s\",\n        \"name\": \"%s.%016" PRIx64
          "\",\n"
          "        \"namespace\": \"%s\"\n      },\n      \"reason\": \"%s\",\n"
          "      \"source\": {\n        \"component\": \"%s\"\n      },\n"
          "      \"type\": \"%s\"\n    }",
          at.c_str(), pod.c_str(), kNamespace, at.c_str(), message.c_str(), at.c_str(), pod.c_str(),
          rng_(), kNamespace, reason, component, type);
    };
    auto lifecycle = [&](const std::string& pod, int64_t ns, int pod_index, const char* container) {
      event(pod, ns - 8 * kNsPerSec, "Scheduled", "Normal",
            "Successfully assigned " + std::string(kNamespace) + "/" + pod + " to " +
                Node(NodeOf(pod_index)),
            "default-scheduler");
      event(pod, ns - 6 * kNsPerSec, "Pulled", "Normal",
            "Container image \\\"" + std::string(kImage) + "\\\" already present on machine",
            "kubelet");
      event(pod, ns - 5 * kNsPerSec, "Created", "Normal",
            std::string("Created container ") + container, "kubelet");
      event(pod, ns - 5 * kNsPerSec, "Started", "Normal",
            std::string("Started container ") + container, "kubelet");
    };
    lifecycle(pod_prefix_ + "-driver", start_ns_, 0, "spark-kubernetes-driver");
    for (size_t i = 0; i < executors_.size(); ++i) {
      const Executor& e = executors_[i];
      if (e.replaces != 0) {
        event(ExecPod(e.id), e.start_ns - 9 * kNsPerSec, "FailedScheduling", "Warning",
              "0/" + std::to_string(NodeCount()) +
                  " nodes are available: " + std::to_string(NodeCount()) +
                  " Insufficient memory. preemption: 0/" + std::to_string(NodeCount()) +
                  " nodes are available: " + std::to_string(NodeCount()) +
                  " No preemption victims found for incoming pod.",
              "default-scheduler");
      }
      lifecycle(ExecPod(e.id), e.start_ns, static_cast<int>(i + 1), "spark-kubernetes-executor");
    }
    out.Append(
        "\n  ],\n  \"kind\": \"List\",\n  \"metadata\": {\n    \"resourceVersion\": \"\"\n  "
        "}\n}\n");
  }

  // Writes kubectl's node list: the nodes the pods ran on, four pods a node.
  void Nodes(Out& out) {
    out.Append("{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n");
    for (int i = 0; i < NodeCount(); ++i) {
      if (i) out.Append(",\n");
      std::string name = Node(i);
      std::string ready = Rfc3339(start_ns_ / kNsPerSec - 86400 - 3600 * i);
      out.Printf(
          "    {\n      \"apiVersion\": \"v1\",\n      \"kind\": \"Node\",\n"
          "      \"metadata\": {\n        \"labels\": {\n"
          "          \"kubernetes.io/hostname\": \"%s\",\n"
          "          \"node.kubernetes.io/instance-type\": \"r6i.4xlarge\",\n"
          "          \"topology.kubernetes.io/zone\": \"eu-west-1%c\",\n"
          "          \"workload\": \"spark\"\n        },\n        \"name\": \"%s\",\n"
          "        \"uid\": \"%s\"\n      },\n      \"spec\": {\n"
          "        \"providerID\": \"aws:///eu-west-1%c/i-0%s\"\n      },\n"
          "      \"status\": {\n        \"addresses\": [\n          {\n"
          "            \"address\": \"10.40.%d.%d\",\n            \"type\": \"InternalIP\"\n"
          "          }\n        ],\n        \"allocatable\": {\n          \"cpu\": \"15890m\",\n"
          "          \"memory\": \"123863744Ki\",\n          \"pods\": \"234\"\n        },\n"
          "        \"capacity\": {\n          \"cpu\": \"16\",\n"
          "          \"memory\": \"129034432Ki\",\n          \"pods\": \"234\"\n        },\n"
          "        \"conditions\": [\n          {\n"
          "            \"lastHeartbeatTime\": \"%s\",\n            \"lastTransitionTime\": "
          "\"%s\",\n"
          "            \"message\": \"kubelet has sufficient memory available\",\n"
          "            \"reason\": \"KubeletHasSufficientMemory\",\n"
          "            \"status\": \"False\",\n            \"type\": \"MemoryPressure\"\n"
          "          },\n          {\n            \"lastHeartbeatTime\": \"%s\",\n"
          "            \"lastTransitionTime\": \"%s\",\n"
          "            \"message\": \"kubelet is posting ready status\",\n"
          "            \"reason\": \"KubeletReady\",\n            \"status\": \"True\",\n"
          "            \"type\": \"Ready\"\n          }\n        ],\n"
          "        \"nodeInfo\": {\n          \"architecture\": \"amd64\",\n"
          "          \"containerRuntimeVersion\": \"containerd://1.7.22\",\n"
          "          \"kernelVersion\": \"5.10.227-219.884.amzn2.x86_64\",\n"
          "          \"kubeletVersion\": \"v1.30.4-eks-a737599\",\n"
          "          \"operatingSystem\": \"linux\",\n"
          "          \"osImage\": \"Amazon Linux 2\"\n        }\n      }\n    }",
          name.c_str(), 'a' + i % 3, name.c_str(), Uuid().c_str(), 'a' + i % 3,
          Hex32().substr(0, 16).c_str(), i / 200, 10 + i % 200, ready.c_str(), ready.c_str(),
          ready.c_str(), ready.c_str());
    }
    out.Append(
        "\n  ],\n  \"kind\": \"List\",\n  \"metadata\": {\n    \"resourceVersion\": \"\"\n  "
        "}\n}\n");
  }

  // Writes manifest.json: what was collected, with every file's size.
  void Manifest(Out& out) {
    std::string created = Rfc3339(shape_start_ms_ / 1000 + 7200);
    std::string since = Rfc3339(shape_start_ms_ / 1000 - 3600);
    out.Printf(
        "{\n  \"format\": \"sparkpm-bundle\",\n  \"version\": 1,\n  \"created_at\": \"%s\",\n"
        "  \"collector\": {\n    \"name\": \"sparkpm-collect\",\n    \"version\": \"0.3.0\"\n"
        "  },\n  \"target\": {\n    \"context\": \"bench\",\n    \"namespace\": \"%s\",\n"
        "    \"app_id\": \"%s\",\n    \"app_name\": \"%s\",\n"
        "    \"selector\": \"spark-app-selector=%s\"\n  },\n"
        "  \"window\": {\n    \"since\": \"%s\",\n    \"until\": \"%s\"\n  },\n  \"items\": [\n",
        created.c_str(), kNamespace, app_id_.c_str(), kAppName, app_id_.c_str(), since.c_str(),
        created.c_str());
    for (size_t i = 0; i < items_.size(); ++i) {
      out.Printf(
          "    {\n      \"path\": \"%s\",\n      \"source\": \"%s\",\n"
          "      \"status\": \"ok\",\n      \"bytes\": %" PRIu64
          ",\n"
          "      \"duration_ms\": %d\n    },\n",
          items_[i].path.c_str(), items_[i].source.c_str(), items_[i].bytes,
          50 + static_cast<int>(U(900)));
    }
    out.Printf(
        "    {\n      \"path\": \"logs/%s/spark-kubernetes-executor.previous.log\",\n"
        "      \"source\": \"kubectl logs -n %s %s -c spark-kubernetes-executor --timestamps "
        "--previous\",\n      \"status\": \"error\",\n"
        "      \"error\": \"previous terminated container \\\"spark-kubernetes-executor\\\" in pod "
        "\\\"%s\\\" not found\"\n    }\n  ],\n"
        "  \"redaction\": {\n    \"enabled\": true,\n    \"rules\": [\n      {\n"
        "        \"id\": \"spark-conf-secret\",\n        \"count\": 0\n      }\n    ]\n  }\n}\n",
        ExecPod(1).c_str(), kNamespace, ExecPod(1).c_str(), ExecPod(1).c_str());
  }

  std::string Uuid() {
    uint64_t a = rng_(), b = rng_();
    char tmp[40];
    std::snprintf(tmp, sizeof(tmp), "%08x-%04x-4%03x-%04x-%012" PRIx64,
                  static_cast<unsigned>(a >> 32), static_cast<unsigned>(a >> 16 & 0xffff),
                  static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(0x8000 | (b >> 48 & 0x3fff)),
                  static_cast<uint64_t>(b & 0xffffffffffffull));
    return tmp;
  }
  std::string Hex32() {
    char tmp[40];
    std::snprintf(tmp, sizeof(tmp), "%016" PRIx64 "%016" PRIx64, rng_(), rng_());
    return tmp;
  }

  const Options o_;
  std::mt19937_64 rng_;
  const int64_t shape_start_ms_ = sparkpm_bench::EventLogShape().start_ms;
  std::string app_id_, pod_prefix_, root_, driver_uid_;
  int64_t start_ns_;
  std::vector<Executor> executors_;
  int kill137_ = 0, jvm_oom_ = 0, fetch_victim_ = 0;
  std::vector<Item> items_;
  sparkpm_bench::EventLogStats event_stats_;
  uint64_t eventlog_bytes_ = 0, manifest_bytes_ = 0, tar_bytes_ = 0, log_bytes_ = 0, log_lines_ = 0;
};

// Compresses the tar into PREFIX.tar.gz and PREFIX.tar.zst in one read; returns false on
// an error. The gzip header has no name and no time, so the output depends on the input
// (and the zlib/zstd versions) only.
bool Compress(const std::string& tar_path, uint64_t tar_bytes, const std::string& prefix,
              uint64_t* gz_bytes, uint64_t* zst_bytes) {
  FILE* in = std::fopen(tar_path.c_str(), "rb");
  FILE* gz = std::fopen((prefix + ".tar.gz").c_str(), "wb");
  FILE* zs = std::fopen((prefix + ".tar.zst").c_str(), "wb");
  if (in == nullptr || gz == nullptr || zs == nullptr) {
    std::perror("compress");
    return false;
  }
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_setPledgedSrcSize(cctx, tar_bytes);
  constexpr size_t kChunk = 4u << 20;
  std::vector<unsigned char> buf(kChunk), zout(kChunk), sout(kChunk);
  bool ok = true;
  *gz_bytes = *zst_bytes = 0;
  for (;;) {
    size_t n = std::fread(buf.data(), 1, kChunk, in);
    bool last = n < kChunk;
    z.next_in = buf.data();
    z.avail_in = static_cast<uInt>(n);
    int zr;
    do {
      z.next_out = zout.data();
      z.avail_out = static_cast<uInt>(kChunk);
      zr = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
      size_t have = kChunk - z.avail_out;
      ok &= std::fwrite(zout.data(), 1, have, gz) == have;
      *gz_bytes += have;
    } while (z.avail_out == 0 || (last && zr != Z_STREAM_END));
    ZSTD_inBuffer zin{buf.data(), n, 0};
    size_t remaining;
    do {
      ZSTD_outBuffer zo{sout.data(), kChunk, 0};
      remaining = ZSTD_compressStream2(cctx, &zo, &zin, last ? ZSTD_e_end : ZSTD_e_continue);
      if (ZSTD_isError(remaining)) {
        std::fprintf(stderr, "zstd: %s\n", ZSTD_getErrorName(remaining));
        return false;
      }
      ok &= std::fwrite(sout.data(), 1, zo.pos, zs) == zo.pos;
      *zst_bytes += zo.pos;
    } while (last ? remaining != 0 : zin.pos < zin.size);
    if (last) break;
  }
  deflateEnd(&z);
  ZSTD_freeCCtx(cctx);
  ok &= std::ferror(in) == 0;
  std::fclose(in);
  ok &= std::fclose(gz) == 0;
  ok &= std::fclose(zs) == 0;
  return ok;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (a == "--keep-tar") {
      o.keep_tar = true;
      continue;
    }
    if (v == nullptr) {
      std::fprintf(stderr, "gen_bundle: %s needs a value\n", a.c_str());
      return 1;
    }
    ++i;
    if (a == "--size-mb") {
      o.size_mb = std::strtoull(v, nullptr, 10);
    } else if (a == "--executors") {
      o.executors = std::atoi(v);
    } else if (a == "--seed") {
      o.seed = std::strtoull(v, nullptr, 10);
    } else if (a == "--out") {
      o.out = v;
    } else if (a == "--tasks") {
      o.tasks = std::atoll(v);
    } else if (a == "--eventlog-share") {
      o.eventlog_share = std::atof(v);
    } else {
      std::fprintf(stderr, "gen_bundle: unknown option %s\n", a.c_str());
      return 1;
    }
  }
  if (o.out.empty() || o.size_mb == 0 || o.executors < 1 || o.executors > 2000 ||
      o.eventlog_share < 0 || o.eventlog_share > 0.9) {
    std::fprintf(stderr,
                 "usage: gen_bundle --out PREFIX [--size-mb N] [--executors N (1..2000)] "
                 "[--seed N] [--tasks N] [--eventlog-share F (0..0.9)] [--keep-tar]\n");
    return 1;
  }
  auto t0 = std::chrono::steady_clock::now();
  std::string tar_path = o.out + ".tar";
  BundleGenerator gen(o);
  if (!gen.Write(tar_path)) return 1;
  double generate_s = Seconds(t0);
  auto t1 = std::chrono::steady_clock::now();
  uint64_t gz_bytes = 0, zst_bytes = 0;
  if (!Compress(tar_path, gen.tar_bytes(), o.out, &gz_bytes, &zst_bytes)) return 1;
  double compress_s = Seconds(t1);
  if (!o.keep_tar) std::remove(tar_path.c_str());
  std::string info_path = o.out + ".info";
  FILE* info = std::fopen(info_path.c_str(), "w");
  if (info == nullptr) {
    std::perror(info_path.c_str());
    return 1;
  }
  gen.Info(info);
  std::fprintf(info,
               "gz_bytes=%" PRIu64 "\nzst_bytes=%" PRIu64 "\ngenerate_s=%.1f\ncompress_s=%.1f\n",
               gz_bytes, zst_bytes, generate_s, compress_s);
  std::fclose(info);
  std::fprintf(stderr,
               "%s.tar.{gz,zst}: %.1f MB tar written in %.1f s (%.0f MB/s), compressed in %.1f s "
               "(gz %.1f MB, zst %.1f MB)\n",
               o.out.c_str(), static_cast<double>(gen.tar_bytes()) / 1e6, generate_s,
               static_cast<double>(gen.tar_bytes()) / 1e6 / generate_s, compress_s,
               static_cast<double>(gz_bytes) / 1e6, static_cast<double>(zst_bytes) / 1e6);
  return 0;
}
