// The rule files' alert expressions as query_range calls.
#include "prometheus_queries.h"

#include <fmt/format.h>

#include <algorithm>

#include "http_fetch.h"
#include "sparkpm/bundle_writer.h"
#include "sparkpm/rule_catalog.h"

namespace sparkpm::collect {

std::vector<PromQuery> RunbookAlertQueries() {
  std::vector<PromQuery> out;
  Result<RuleCatalog> catalog = LoadRuleCatalog(std::nullopt);
  if (!catalog) return out;
  for (const AlertSpec& alert : catalog->alerts) {
    std::string expr = alert.expr;
    while (!expr.empty() && (expr.back() == '\n' || expr.back() == ' ')) expr.pop_back();
    out.push_back({SafePathComponent(alert.id), expr});
  }
  return out;
}

void CollectPrometheus(const std::string& base_url, const std::vector<PromQuery>& queries,
                       int64_t start_s, int64_t end_s, CollectContext& ctx) {
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  int64_t step = std::max<int64_t>(15, (end_s - start_s) / 500);
  if (queries.empty()) {
    ctx.bundle.Record(SkippedItem("metrics", "GET " + UrlForDisplay(base) + "/api/v1/query_range",
                                  "the rule files declare no Prometheus alerts to query"));
  }
  for (const PromQuery& q : queries) {
    std::string url = fmt::format("{}/api/v1/query_range?query={}&start={}&end={}&step={}", base,
                                  UrlEncode(q.expr), start_s, end_s, step);
    std::string path = "metrics/" + q.id + ".json";
    ctx.pool.Submit([&ctx, url, path] {
      std::string body;
      bool too_big = false;
      auto sink = [&](std::string_view chunk) {
        if (body.size() + chunk.size() > ctx.max_response_bytes) {
          too_big = true;
          return false;
        }
        body.append(chunk);
        return true;
      };
      CallResult r = WithRetries(
          ctx.policy, [&] { return HttpGet(url, ctx.policy.AttemptTimeout(), sink); },
          [&] { body.clear(); });
      std::string source = "GET " + UrlForDisplay(url);
      if (too_big) r = CallResult{.ok = false, .error = "response too large"};
      if (!r.ok) {
        ctx.bundle.Record(FailedItem(path, source, r.error, r.duration.count()));
        return;
      }
      ManifestItem item;
      item.path = path;
      item.source = source;
      item.duration_ms = r.duration.count();
      if (body.find("\"status\":\"error\"") != std::string::npos ||
          body.find("\"status\": \"error\"") != std::string::npos) {
        item.note = "Prometheus answered with status error (kept as returned)";
      }
      ctx.bundle.Store(std::move(item), std::move(body));
    });
  }
}

}  // namespace sparkpm::collect
