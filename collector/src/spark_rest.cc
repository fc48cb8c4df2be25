// Spark REST sources and the endpoint walk.
#include "spark_rest.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>

#include "http_fetch.h"
#include "sparkpm/time_parse.h"

namespace sparkpm::collect {
namespace {

class PodProxySource : public SparkRestSource {
 public:
  PodProxySource(KubectlConfig kubectl, std::string ns, std::string pod, int port)
      : kubectl_(std::move(kubectl)),
        prefix_(fmt::format("/api/v1/namespaces/{}/pods/{}:{}/proxy/api/v1/", ns, pod, port)) {}

  CallResult Get(const std::string& path, std::chrono::milliseconds timeout,
                 const OutputSink& sink) const override {
    return RunKubectl(kubectl_, {"get", "--raw=" + prefix_ + path}, timeout, sink);
  }
  std::string Describe(const std::string& path) const override {
    return DescribeKubectl(kubectl_, {"get", "--raw=" + prefix_ + path});
  }
  std::string Name() const override { return "the driver's REST API through the pod proxy"; }

 private:
  KubectlConfig kubectl_;
  std::string prefix_;
};

class HttpSource : public SparkRestSource {
 public:
  HttpSource(std::string base, std::string name) : name_(std::move(name)) {
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (base.ends_with("/api/v1")) base.resize(base.size() - 7);
    root_ = base + "/api/v1/";
  }
  CallResult Get(const std::string& path, std::chrono::milliseconds timeout,
                 const OutputSink& sink) const override {
    return HttpGet(root_ + path, timeout, sink);
  }
  std::string Describe(const std::string& path) const override {
    return "GET " + UrlForDisplay(root_ + path);
  }
  std::string Name() const override { return name_; }

 private:
  std::string root_;
  std::string name_;
};

struct StageAttempt {
  int64_t stage_id = 0;
  int64_t attempt_id = 0;
  std::string status;
  int64_t failed_tasks = 0;
  int64_t tasks = 0;
};

std::vector<StageAttempt> ParseStages(std::string_view json) {
  std::vector<StageAttempt> out;
  simdjson::dom::parser parser;
  simdjson::padded_string text(json);
  simdjson::dom::array stages;
  if (parser.parse(text).get_array().get(stages) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element s : stages) {
    StageAttempt a;
    if (s["stageId"].get_int64().get(a.stage_id) != simdjson::SUCCESS) continue;
    if (s["attemptId"].get_int64().get(a.attempt_id) != simdjson::SUCCESS) a.attempt_id = 0;
    std::string_view status;
    if (s["status"].get_string().get(status) == simdjson::SUCCESS) a.status = status;
    if (s["numFailedTasks"].get_int64().get(a.failed_tasks) != simdjson::SUCCESS)
      a.failed_tasks = 0;
    if (s["numTasks"].get_int64().get(a.tasks) != simdjson::SUCCESS) a.tasks = -1;
    out.push_back(std::move(a));
  }
  // What explains a failure first, should the deadline cut the walk short.
  std::stable_sort(out.begin(), out.end(), [](const StageAttempt& x, const StageAttempt& y) {
    bool xf = x.status == "FAILED", yf = y.status == "FAILED";
    if (xf != yf) return xf;
    if (x.failed_tasks != y.failed_tasks) return x.failed_tasks > y.failed_tasks;
    return x.stage_id < y.stage_id;
  });
  return out;
}

// Returns the text between a JSON array's brackets, trimmed; nullopt when not an array.
std::optional<std::string_view> ArrayInner(std::string_view page) {
  size_t open = page.find_first_not_of(" \t\r\n");
  size_t close = page.find_last_not_of(" \t\r\n");
  if (open == std::string_view::npos || page[open] != '[' || page[close] != ']')
    return std::nullopt;
  std::string_view inner = page.substr(open + 1, close - open - 1);
  size_t a = inner.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return std::string_view();
  size_t b = inner.find_last_not_of(" \t\r\n");
  return inner.substr(a, b - a + 1);
}

void RecordFailure(CollectContext& ctx, const std::string& path, const std::string& source,
                   const CallResult& r, bool optional) {
  ManifestItem item;
  item.path = path;
  item.source = source;
  item.duration_ms = r.duration.count();
  if (optional && r.not_found) {
    item.status = "skipped";
    item.note = "endpoint not available: " + r.error;
  } else {
    item.status = "error";
    item.error = r.error;
  }
  ctx.bundle.Record(std::move(item));
}

// Fetches one endpoint into the bundle.
void FetchEndpoint(const SparkRestSource& source, CollectContext& ctx, const std::string& rest_path,
                   const std::string& bundle_path, bool optional) {
  std::string body;
  CallResult r = FetchRestJson(source, rest_path, ctx, &body);
  if (!r.ok) {
    RecordFailure(ctx, bundle_path, source.Describe(rest_path), r, optional);
    return;
  }
  ManifestItem item;
  item.path = bundle_path;
  item.source = source.Describe(rest_path);
  item.duration_ms = r.duration.count();
  ctx.bundle.Store(std::move(item), std::move(body));
}

// Pages through one stage attempt's tasks and stores them as one array.
void FetchTaskList(const SparkRestSource& source, CollectContext& ctx, const std::string& base,
                   const std::string& bundle_dir, const StageAttempt& stage) {
  std::string rest =
      fmt::format("{}/stages/{}/{}/taskList", base, stage.stage_id, stage.attempt_id);
  std::string path =
      fmt::format("{}/stages/{}/{}/taskList.json", bundle_dir, stage.stage_id, stage.attempt_id);
  int page_size = std::max(1, ctx.task_page_size);
  std::string all = "[";
  int64_t count = 0;
  std::chrono::milliseconds spent{0};
  int pages = 0;
  for (int64_t offset = 0;; offset += page_size) {
    std::string page_path = fmt::format("{}?offset={}&length={}", rest, offset, page_size);
    std::string page;
    CallResult r = FetchRestJson(source, page_path, ctx, &page);
    spent += r.duration;
    ++pages;
    std::optional<std::string_view> inner = r.ok ? ArrayInner(page) : std::nullopt;
    if (!r.ok || !inner) {
      if (r.ok) r.error = "taskList page is not a JSON array";
      r.duration = spent;
      if (count > 0) {
        // Keep what arrived; say where it stopped.
        all += "\n]";
        ManifestItem item;
        item.path = path;
        item.source = source.Describe(rest + fmt::format("?offset=0&length={}", page_size));
        item.status = "truncated";
        item.error = r.error;
        item.note = fmt::format("incomplete: {} tasks in {} pages; the page at offset {} failed",
                                count, pages - 1, offset);
        item.duration_ms = spent.count();
        ctx.bundle.Store(std::move(item), std::move(all));
        return;
      }
      RecordFailure(ctx, path, source.Describe(page_path), r, false);
      return;
    }
    int64_t in_page = 0;
    if (!inner->empty()) {
      simdjson::dom::parser parser;
      simdjson::padded_string text(page);
      simdjson::dom::array arr;
      if (parser.parse(text).get_array().get(arr) == simdjson::SUCCESS)
        in_page = static_cast<int64_t>(arr.size());
      if (count > 0) all += ",";
      all += "\n";
      all.append(*inner);
    }
    count += in_page;
    if (in_page < page_size || pages >= 100'000) break;
  }
  all += count > 0 ? "\n]\n" : "]\n";
  ManifestItem item;
  item.path = path;
  item.source = source.Describe(rest + fmt::format("?offset=0&length={}", page_size)) +
                fmt::format(" (paged: {} pages, {} tasks)", pages, count);
  item.duration_ms = spent.count();
  ctx.bundle.Store(std::move(item), std::move(all));
}

}  // namespace

std::unique_ptr<SparkRestSource> MakePodProxyRestSource(KubectlConfig kubectl,
                                                        std::string namespace_name, std::string pod,
                                                        int port) {
  return std::make_unique<PodProxySource>(std::move(kubectl), std::move(namespace_name),
                                          std::move(pod), port);
}

std::unique_ptr<SparkRestSource> MakeHttpRestSource(std::string base_url, std::string name) {
  return std::make_unique<HttpSource>(std::move(base_url), std::move(name));
}

CallResult FetchRestJson(const SparkRestSource& source, const std::string& path,
                         const CollectContext& ctx, std::string* body) {
  bool too_big = false;
  uint64_t limit = ctx.max_response_bytes;
  auto sink = [&](std::string_view chunk) {
    if (body->size() + chunk.size() > limit) {
      too_big = true;
      return false;
    }
    body->append(chunk);
    return true;
  };
  CallResult r = WithRetries(
      ctx.policy, [&] { return source.Get(path, ctx.policy.AttemptTimeout(), sink); },
      [&] { body->clear(); });
  if (too_big) {
    r.ok = false;
    r.error = fmt::format("response larger than {} bytes (--max-response-bytes)", limit);
    return r;
  }
  if (r.ok) {
    size_t first = body->find_first_not_of(" \t\r\n");
    if (first == std::string::npos || ((*body)[first] != '{' && (*body)[first] != '[')) {
      r.ok = false;
      r.error = fmt::format("{} answered with something that is not JSON ({} bytes)", source.Name(),
                            body->size());
    }
  }
  return r;
}

std::string FirstApplicationId(const SparkRestSource& source, const CollectContext& ctx) {
  std::string body;
  if (!FetchRestJson(source, "applications", ctx, &body).ok) return {};
  simdjson::dom::parser parser;
  simdjson::padded_string text(body);
  simdjson::dom::array apps;
  if (parser.parse(text).get_array().get(apps) != simdjson::SUCCESS) return {};
  for (simdjson::dom::element app : apps) {
    std::string_view id;
    if (app["id"].get_string().get(id) == simdjson::SUCCESS) return std::string(id);
  }
  return {};
}

bool CollectSparkRest(const SparkRestSource& source, const std::string& app_id, CollectContext& ctx,
                      std::string* why, int64_t* start_ms) {
  std::string app_path = "applications/" + app_id;
  std::string app_json;
  CallResult r = FetchRestJson(source, app_path, ctx, &app_json);
  if (!r.ok) {
    *why = fmt::format("{}: {}", source.Name(), r.error);
    return false;
  }
  std::string dir = "spark/" + SafePathComponent(app_id);
  // Attempt ids (cluster managers that retry the driver); none on Kubernetes usually.
  std::vector<std::string> attempts;
  {
    simdjson::dom::parser parser;
    simdjson::padded_string text(app_json);
    simdjson::dom::element app;
    simdjson::dom::array list;
    if (parser.parse(text).get(app) == simdjson::SUCCESS &&
        app["attempts"].get_array().get(list) == simdjson::SUCCESS) {
      for (simdjson::dom::element a : list) {
        std::string_view id;
        if (a["attemptId"].get_string().get(id) == simdjson::SUCCESS && !id.empty() &&
            attempts.size() < 10) {
          attempts.emplace_back(id);
        }
        int64_t epoch = 0;
        std::string_view start;
        if (a["startTimeEpoch"].get_int64().get(epoch) == simdjson::SUCCESS && epoch > 0) {
          if (*start_ms == 0 || epoch < *start_ms) *start_ms = epoch;
        } else if (a["startTime"].get_string().get(start) == simdjson::SUCCESS) {
          if (auto ms = ParseSparkRestTimeMs(start); ms && (*start_ms == 0 || *ms < *start_ms)) {
            *start_ms = *ms;
          }
        }
      }
    }
  }
  ManifestItem item;
  item.path = dir + "/application.json";
  item.source = source.Describe(app_path);
  item.duration_ms = r.duration.count();
  ctx.bundle.Store(std::move(item), std::move(app_json));

  std::vector<std::pair<std::string, std::string>> bases;  // REST base, bundle dir
  if (attempts.empty()) {
    bases.emplace_back(app_path, dir);
  } else {
    for (const std::string& a : attempts) {
      bases.emplace_back(app_path + "/" + a, dir + "/" + SafePathComponent(a));
    }
  }
  for (const auto& [base, bundle_dir] : bases) {
    // Environment first: the secrets it names are then known when logs are redacted.
    for (const auto& [endpoint, file, optional] :
         std::vector<std::tuple<std::string, std::string, bool>>{
             {"environment", "environment.json", false},
             {"jobs", "jobs.json", false},
             {"allexecutors", "allexecutors.json", false},
             {"sql", "sql.json", true}}) {
      ctx.pool.Submit([&source, &ctx, rest = base + "/" + endpoint, path = bundle_dir + "/" + file,
                       opt = optional] { FetchEndpoint(source, ctx, rest, path, opt); });
    }
    ctx.pool.Submit([&source, &ctx, base = base, bundle_dir = bundle_dir] {
      std::string stages_rest = base + "/stages?details=false";
      std::string stages;
      CallResult sr = FetchRestJson(source, stages_rest, ctx, &stages);
      if (!sr.ok) {
        RecordFailure(ctx, bundle_dir + "/stages.json", source.Describe(stages_rest), sr, false);
        return;
      }
      std::vector<StageAttempt> list = ParseStages(stages);
      ManifestItem stages_item;
      stages_item.path = bundle_dir + "/stages.json";
      stages_item.source = source.Describe(stages_rest);
      stages_item.duration_ms = sr.duration.count();
      ctx.bundle.Store(std::move(stages_item), std::move(stages));
      for (const StageAttempt& stage : list) {
        if (stage.status == "SKIPPED" || stage.status == "PENDING" || stage.tasks == 0) continue;
        ctx.pool.Submit([&source, &ctx, base, bundle_dir, stage] {
          FetchTaskList(source, ctx, base, bundle_dir, stage);
        });
      }
    });
  }
  return true;
}

}  // namespace sparkpm::collect
