// The collection plan: resolve the target, fan out, write the manifest.
#include "collector.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "bundle_assembly.h"
#include "cluster_objects.h"
#include "event_logs.h"
#include "prometheus_queries.h"
#include "spark_rest.h"
#include "sparkpm/bundle_writer.h"
#include "sparkpm/time_parse.h"
#include "tail_buffer.h"

namespace sparkpm::collect {
namespace {

constexpr const char* kCollectorVersion = SPARKPM_VERSION;

// Runs kubectl with retries, collecting stdout (bounded) into *out.
CallResult KubectlInto(const CollectOptions& o, const RetryPolicy& policy,
                       const std::vector<std::string>& args, std::string* out) {
  bool too_big = false;
  auto sink = [&](std::string_view chunk) {
    if (out->size() + chunk.size() > o.max_response_bytes) {
      too_big = true;
      return false;
    }
    out->append(chunk);
    return true;
  };
  CallResult r = WithRetries(
      policy, [&] { return RunKubectl(o.kubectl, args, policy.AttemptTimeout(), sink); },
      [&] { out->clear(); });
  if (too_big) {
    r.ok = false;
    r.error =
        fmt::format("output larger than {} bytes (--max-response-bytes)", o.max_response_bytes);
  }
  return r;
}

std::string LogPath(const std::string& pod, const ContainerInfo& c, bool previous) {
  return "logs/" + SafePathComponent(pod) + "/" + SafePathComponent(c.name) +
         (previous ? ".previous.log" : ".log");
}

std::string HumanBytes(uint64_t n) {
  if (n >= (1ull << 30)) return fmt::format("{:.1f} GiB", static_cast<double>(n) / (1ull << 30));
  if (n >= (1ull << 20)) return fmt::format("{:.1f} MiB", static_cast<double>(n) / (1ull << 20));
  if (n >= (1ull << 10)) return fmt::format("{:.1f} KiB", static_cast<double>(n) / (1ull << 10));
  return fmt::format("{} bytes", n);
}

// Fetches one container log (current or previous), keeping its tail.
void CollectLog(const CollectOptions& o, CollectContext& ctx, const std::string& pod,
                const ContainerInfo& c, bool previous) {
  std::vector<std::string> args = {"logs", pod, "--namespace=" + o.namespace_name,
                                   "--container=" + c.name, "--timestamps"};
  if (previous) args.push_back("--previous");
  if (o.since)
    args.push_back(fmt::format("--since={}s", std::max<int64_t>(1, o.since->count() / 1000)));
  TailBuffer tail(static_cast<size_t>(o.max_log_bytes));
  auto sink = [&](std::string_view chunk) {
    tail.Append(chunk);
    return true;
  };
  CallResult r = WithRetries(
      ctx.policy, [&] { return RunKubectl(o.kubectl, args, ctx.policy.AttemptTimeout(), sink); },
      [&] { tail.Clear(); });
  ManifestItem item;
  item.path = LogPath(pod, c, previous);
  item.source = DescribeKubectl(o.kubectl, args);
  item.duration_ms = r.duration.count();
  if (!r.ok && tail.total_bytes() == 0) {
    item.status = "error";
    item.error = r.error;
    ctx.bundle.Record(std::move(item));
    return;
  }
  std::vector<std::string> notes;
  if (tail.truncated()) {
    item.status = "truncated";
    notes.push_back(fmt::format("kept the last {} of {} (--max-log-bytes)",
                                HumanBytes(tail.capacity()), HumanBytes(tail.total_bytes())));
  }
  if (!r.ok) {
    // Killed or failed part-way: keep what arrived, and say so.
    item.status = "truncated";
    item.error = r.error;
    notes.push_back(
        fmt::format("incomplete: the call failed after {}", HumanBytes(tail.total_bytes())));
  }
  for (const std::string& n : notes) item.note += (item.note.empty() ? "" : "; ") + n;
  ctx.bundle.Store(std::move(item), tail.Take());
}

// Stores the output of a kubectl list call, or records its failure.
void StoreKubectl(CollectContext& ctx, const std::string& path, const std::string& source,
                  const CallResult& r, Result<std::string> content, const std::string& note = {}) {
  if (!r.ok) {
    ctx.bundle.Record(FailedItem(path, source, r.error, r.duration.count()));
    return;
  }
  if (!content) {
    ctx.bundle.Record(FailedItem(path, source, content.error().ToString(), r.duration.count()));
    return;
  }
  ManifestItem item;
  item.path = path;
  item.source = source;
  item.duration_ms = r.duration.count();
  item.note = note;
  ctx.bundle.Store(std::move(item), std::move(*content));
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

CollectOutcome Collect(const CollectOptions& o) {
  CollectOutcome outcome;
  int64_t started_s = NowSeconds();
  std::unique_ptr<Redactor> redactor;
  if (o.redact) {
    Result<std::unique_ptr<Redactor>> r = Redactor::Create(o.redaction_rules);
    if (!r) {
      outcome.exit_code = kExitUsage;
      outcome.message = r.error().ToString();
      return outcome;
    }
    redactor = std::move(*r);
  }
  Result<std::unique_ptr<BundleWriter>> writer =
      BundleWriter::Open(o.output, BundleWriter::BundleName(o.output));
  if (!writer) {
    outcome.exit_code = kExitUsage;
    outcome.message = writer.error().ToString();
    return outcome;
  }
  BundleAssembly bundle(**writer, redactor.get(), o.max_bundle_bytes, o.progress);
  RetryPolicy policy;
  policy.call_timeout = o.call_timeout;
  policy.deadline = Clock::now() + o.timeout;
  policy.max_attempts = o.max_attempts;
  policy.first_backoff = o.first_backoff;
  TaskPool pool(o.parallel);
  CollectContext ctx{bundle, pool, policy, o.max_response_bytes, o.task_page_size};
  const std::string ns_flag = "--namespace=" + o.namespace_name;

  BundleManifest manifest;
  manifest.created_at = UtcTimestamp(started_s);
  manifest.collector_version = kCollectorVersion;
  manifest.target.context = o.kubectl.context;
  manifest.target.namespace_name = o.namespace_name;
  manifest.target.sparkapplication = o.sparkapplication;

  // 1. A named SparkApplication gives the application id and driver.
  std::vector<SparkAppInfo> apps;
  bool apps_stored = false;
  if (!o.sparkapplication.empty()) {
    std::vector<std::string> args = {"get", "sparkapplications.sparkoperator.k8s.io",
                                     o.sparkapplication, ns_flag, "--output=json"};
    std::string out;
    CallResult r = KubectlInto(o, policy, args, &out);
    if (r.ok) {
      if (auto parsed = ParseSparkApplications(out)) apps = std::move(*parsed);
    }
    StoreKubectl(ctx, "k8s/sparkapplications.json", DescribeKubectl(o.kubectl, args), r,
                 r.ok ? FilterByName(out, {}) : Result<std::string>(std::string()));
    apps_stored = true;
  }

  // 2. The pods, by Spark's labels.
  std::string selector = o.selector;
  if (selector.empty()) {
    if (!o.app_id.empty())
      selector = "spark-app-selector=" + o.app_id;
    else if (!o.app_name.empty())
      selector = "spark-app-name=" + o.app_name;
    else if (!apps.empty() && !apps[0].app_id.empty())
      selector = "spark-app-selector=" + apps[0].app_id;
    else if (!o.sparkapplication.empty())
      selector = "sparkoperator.k8s.io/app-name=" + o.sparkapplication;
  }
  std::vector<PodInfo> pods;
  bool pods_listed = false;
  if (!selector.empty()) {
    auto list_pods = [&](const std::string& sel, std::string* out) {
      std::vector<std::string> args = {"get", "pods", ns_flag, "--selector=" + sel,
                                       "--output=json"};
      CallResult r = KubectlInto(o, policy, args, out);
      return std::make_pair(r, DescribeKubectl(o.kubectl, args));
    };
    std::string out;
    auto [r, source] = list_pods(selector, &out);
    Result<std::vector<PodInfo>> parsed =
        r.ok ? ParsePods(out) : Result<std::vector<PodInfo>>(std::vector<PodInfo>());
    if (r.ok && parsed && parsed->empty() && o.selector.empty() && !o.app_name.empty()) {
      // Operator-launched pods always carry the operator's app-name label.
      std::string fallback = "sparkoperator.k8s.io/app-name=" + o.app_name;
      std::string out2;
      auto [r2, source2] = list_pods(fallback, &out2);
      if (r2.ok) {
        if (auto p2 = ParsePods(out2); p2 && !p2->empty()) {
          out = std::move(out2);
          parsed = std::move(p2);
          source = source2;
          selector = fallback;
        }
      }
    }
    if (r.ok && parsed) {
      pods = std::move(*parsed);
      pods_listed = true;
    }
    StoreKubectl(
        ctx, "k8s/pods.json", source, r,
        parsed ? Result<std::string>(std::move(out)) : Result<std::string>(parsed.error()),
        pods.empty() && r.ok ? "no pod matches the selector (deleted, or a wrong selector?)" : "");
  }
  manifest.target.selector = selector;

  // 3. What the pods tell us: application id and name, the operator's object.
  std::string app_id = o.app_id;
  std::string app_name = o.app_name;
  std::string sparkapp_name = o.sparkapplication;
  for (const PodInfo& p : pods) {
    if (app_id.empty()) app_id = p.app_id;
    if (app_name.empty()) app_name = p.app_name;
    if (sparkapp_name.empty()) sparkapp_name = p.sparkapplication;
  }
  for (const SparkAppInfo& a : apps) {
    if (app_id.empty()) app_id = a.app_id;
    if (app_name.empty()) app_name = a.name;
  }
  if (!apps_stored) {
    std::vector<std::string> args = {"get", "sparkapplications.sparkoperator.k8s.io", ns_flag,
                                     "--output=json"};
    std::string out;
    CallResult r = KubectlInto(o, policy, args, &out);
    std::string source = DescribeKubectl(o.kubectl, args);
    if (r.ok) {
      std::set<std::string> names;
      if (auto all = ParseSparkApplications(out)) {
        for (const SparkAppInfo& a : *all) {
          if ((!sparkapp_name.empty() && a.name == sparkapp_name) ||
              (!app_id.empty() && a.app_id == app_id)) {
            names.insert(a.name);
            apps.push_back(a);
          }
        }
      }
      if (names.empty()) {
        bundle.Record(SkippedItem("k8s/sparkapplications.json", source,
                                  "no SparkApplication belongs to this application"));
      } else {
        StoreKubectl(ctx, "k8s/sparkapplications.json", source, r, FilterByName(out, names));
        if (app_name.empty()) app_name = apps.front().name;
      }
    } else if (r.not_found) {
      bundle.Record(SkippedItem("k8s/sparkapplications.json", source,
                                "the SparkApplication resource is not installed: " + r.error));
    } else {
      bundle.Record(FailedItem("k8s/sparkapplications.json", source, r.error, r.duration.count()));
    }
  }
  manifest.target.app_id = app_id;
  manifest.target.app_name = app_name;

  const PodInfo* driver = nullptr;
  for (const PodInfo& p : pods) {
    if (p.role == "driver" && (driver == nullptr || p.driver_running)) driver = &p;
  }
  bool driver_alive = driver != nullptr && driver->driver_running;
  bool have_rest = driver_alive || !o.history_server.empty() || !o.spark_ui.empty();
  if (pods.empty() && apps.empty() && !(have_rest && !app_id.empty()) && o.event_logs.empty()) {
    pool.Wait();
    outcome.exit_code = kExitNothing;
    outcome.message =
        selector.empty()
            ? "nothing identifies the application"
            : fmt::format("no pod matches {} in namespace {}{}", selector, o.namespace_name,
                          pods_listed ? "" : " (listing pods failed; see manifest.json)");
    manifest.window_until = UtcTimestamp();
    (void)bundle.WriteManifest(manifest);
    (void)(*writer)->Close();
    outcome.files = bundle.stored();
    outcome.errors = bundle.errors();
    return outcome;
  }

  // 4. Fan out. Spark REST first: its environment names secrets the logs may repeat.
  std::vector<std::unique_ptr<SparkRestSource>> sources;
  if (!o.spark_ui.empty()) sources.push_back(MakeHttpRestSource(o.spark_ui, "the Spark UI"));
  if (driver_alive) {
    sources.push_back(
        MakePodProxyRestSource(o.kubectl, o.namespace_name, driver->name, driver->ui_port));
  }
  if (!o.history_server.empty()) {
    sources.push_back(MakeHttpRestSource(o.history_server, "the History Server"));
  }
  int64_t rest_start_ms = 0;
  pool.Submit([&] {
    if (sources.empty()) {
      bundle.Record(SkippedItem("spark/" + SafePathComponent(app_id.empty() ? "unknown" : app_id),
                                "Spark REST API",
                                "no Spark REST source: the driver is not running and neither "
                                "--history-server nor --spark-ui was given"));
      return;
    }
    std::string id = app_id;
    for (size_t i = 0; id.empty() && i < sources.size(); ++i)
      id = FirstApplicationId(*sources[i], ctx);
    if (id.empty()) {
      bundle.Record(FailedItem("spark/unknown/application.json", "Spark REST API",
                               "the application id is unknown (no spark-app-selector label) and "
                               "no REST source listed an application"));
      return;
    }
    std::vector<std::string> whys;
    for (const auto& source : sources) {
      std::string why;
      if (CollectSparkRest(*source, id, ctx, &why, &rest_start_ms)) return;
      whys.push_back(why);
    }
    std::string all;
    for (const std::string& w : whys) all += (all.empty() ? "" : "; then ") + w;
    bundle.Record(FailedItem("spark/" + SafePathComponent(id) + "/application.json",
                             sources.front()->Describe("applications/" + id), all));
  });

  EventScope scope = EventScopeFor(pods, apps);
  pool.Submit([&] {
    std::vector<std::string> args = {"get", "events", ns_flag, "--output=json"};
    std::string out;
    CallResult r = KubectlInto(o, policy, args, &out);
    StoreKubectl(ctx, "k8s/events.json",
                 DescribeKubectl(o.kubectl, args) + " (events of the application's objects)", r,
                 r.ok ? FilterEvents(out, scope) : Result<std::string>(std::string()));
  });
  if (!scope.nodes.empty() && o.namespace_name != "default") {
    pool.Submit([&] {
      std::vector<std::string> args = {"get", "events", "--namespace=default",
                                       "--field-selector=involvedObject.kind=Node",
                                       "--output=json"};
      std::string out;
      CallResult r = KubectlInto(o, policy, args, &out);
      StoreKubectl(ctx, "k8s/node-events.json",
                   DescribeKubectl(o.kubectl, args) + " (events of the application's nodes)", r,
                   r.ok ? FilterEvents(out, scope) : Result<std::string>(std::string()));
    });
  }
  if (!scope.nodes.empty()) {
    pool.Submit([&] {
      std::vector<std::string> args = {"get", "nodes"};
      args.insert(args.end(), scope.nodes.begin(), scope.nodes.end());
      args.push_back("--output=json");
      std::string out;
      CallResult r = KubectlInto(o, policy, args, &out);
      std::string source = DescribeKubectl(o.kubectl, args);
      if (!r.ok && !out.empty() && out.find('{') != std::string::npos && !r.timed_out) {
        // Some nodes are gone: kubectl prints the others and fails; keep those.
        auto kept = FilterByName(out, {});
        if (kept) {
          ManifestItem item;
          item.path = "k8s/nodes.json";
          item.source = source;
          item.duration_ms = r.duration.count();
          item.note = "some nodes could not be read: " + r.error;
          bundle.Store(std::move(item), std::move(*kept));
          return;
        }
      }
      StoreKubectl(ctx, "k8s/nodes.json", source, r,
                   r.ok ? FilterByName(out, {}) : Result<std::string>(std::string()));
    });
  } else {
    bundle.Record(SkippedItem("k8s/nodes.json", "kubectl get nodes",
                              "no node known: no pod of the application is left"));
  }
  for (const PodInfo& p : pods) {
    for (const ContainerInfo& c : p.containers) {
      if (!c.started) {
        bundle.Record(SkippedItem(
            LogPath(p.name, c, false),
            DescribeKubectl(o.kubectl, {"logs", p.name, ns_flag, "--container=" + c.name}),
            "the container never started, so it has no log"));
        continue;
      }
      pool.Submit([&o, &ctx, &p, &c] { CollectLog(o, ctx, p.name, c, false); });
      if (c.has_previous) pool.Submit([&o, &ctx, &p, &c] { CollectLog(o, ctx, p.name, c, true); });
    }
  }
  if (!o.history_server.empty() && !app_id.empty()) {
    pool.Submit([&] { CollectHistoryEventLogs(o.history_server, app_id, ctx); });
  }
  for (const std::string& e : o.event_logs) {
    pool.Submit([&ctx, e] { CollectEventLogArgument(e, ctx); });
  }
  pool.Wait();

  // 5. The incident window, then the runbooks' alert expressions over it.
  int64_t now_s = NowSeconds();
  int64_t since_s = 0;
  if (o.since) {
    since_s = now_s - o.since->count() / 1000;
  } else {
    int64_t earliest_ms = rest_start_ms;
    for (const PodInfo& p : pods) {
      if (auto ms = ParseRfc3339Ms(p.created); ms && (earliest_ms == 0 || *ms < earliest_ms))
        earliest_ms = *ms;
    }
    for (const SparkAppInfo& a : apps) {
      if (auto ms = ParseRfc3339Ms(a.submitted); ms && (earliest_ms == 0 || *ms < earliest_ms))
        earliest_ms = *ms;
    }
    since_s = earliest_ms > 0 ? earliest_ms / 1000 - 300 : now_s - 6 * 3600;
  }
  if (!o.prometheus.empty()) {
    CollectPrometheus(o.prometheus, RunbookAlertQueries(), since_s, now_s, ctx);
    pool.Wait();
  }
  manifest.window_since = UtcTimestamp(since_s);
  manifest.window_until = UtcTimestamp(now_s);

  outcome.files = bundle.stored();
  outcome.errors = bundle.errors();
  if (redactor) {
    outcome.leftover_total = redactor->warnings_total();
    for (const RedactionWarning& w : redactor->Warnings()) {
      outcome.leftover_warnings.push_back(
          fmt::format("{}:{} ({} characters)", w.path, w.line, w.length));
    }
  }
  if (Status s = bundle.WriteManifest(manifest); !s) {
    outcome.exit_code = kExitUsage;
    outcome.message = s.error().ToString();
    return outcome;
  }
  if (Status s = (*writer)->Close(); !s) {
    outcome.exit_code = kExitUsage;
    outcome.message = s.error().ToString();
    return outcome;
  }
  if (outcome.files == 0) {
    outcome.exit_code = kExitNothing;
    outcome.message = "nothing could be collected; see manifest.json for every failure";
  } else if (outcome.errors > 0) {
    outcome.exit_code = kExitPartial;
    outcome.message = fmt::format("partial bundle: {} files, {} failed items (see manifest.json)",
                                  outcome.files, outcome.errors);
  } else {
    outcome.message = fmt::format("complete bundle: {} files", outcome.files);
  }
  return outcome;
}

}  // namespace sparkpm::collect
