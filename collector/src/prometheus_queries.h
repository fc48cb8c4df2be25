// The runbooks' Prometheus alert expressions (the `alerts` of rules/*.yaml, embedded in
// the binary) run as query_range over the incident window: one metrics/<alert-id>.json
// per alert, the unmodified Prometheus HTTP API response.
//
//   std::vector<PromQuery> qs = RunbookAlertQueries();
//   CollectPrometheus("http://prometheus:9090", qs, start_s, end_s, ctx);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "collect_context.h"

namespace sparkpm::collect {

struct PromQuery {
  std::string id;    // the alert's name ("SparkDriverCrashLooping")
  std::string expr;  // PromQL
};

// Returns the expression of every alert of the built-in rule files.
std::vector<PromQuery> RunbookAlertQueries();

// Runs each query as query_range from start_s to end_s (epoch seconds) in parallel on
// ctx.pool and stores the responses.
void CollectPrometheus(const std::string& base_url, const std::vector<PromQuery>& queries,
                       int64_t start_s, int64_t end_s, CollectContext& ctx);

}  // namespace sparkpm::collect
