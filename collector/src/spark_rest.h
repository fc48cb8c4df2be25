// Spark's REST API v1 into spark/<app-id>/...: through the API server's pod proxy while
// the driver lives (kubectl get --raw), otherwise from a History Server or a reachable
// Spark UI over HTTP. Every endpoint of the bundle contract; task lists are paged with
// offset/length to the end and concatenated; failed stages are fetched first.
//
//   auto source = MakeHttpRestSource("http://history:18080", "History Server");
//   std::string why;
//   if (!CollectSparkRest(*source, "spark-7f3c...", ctx, &why)) ... try another source ...
#pragma once

#include <memory>
#include <string>

#include "collect_context.h"
#include "kubectl.h"

namespace sparkpm::collect {

class SparkRestSource {
 public:
  virtual ~SparkRestSource() = default;
  // GETs <root>/api/v1/<path> (path like "applications/ID/jobs"), streaming the body.
  virtual CallResult Get(const std::string& path, std::chrono::milliseconds timeout,
                         const OutputSink& sink) const = 0;
  // Returns how the manifest names the request ("GET http://.../jobs", "kubectl get --raw=...").
  virtual std::string Describe(const std::string& path) const = 0;
  // Returns what this source is, for messages ("driver pod proxy", "History Server").
  virtual std::string Name() const = 0;
};

// The driver's UI through the API server: kubectl get --raw on the pod proxy.
std::unique_ptr<SparkRestSource> MakePodProxyRestSource(KubectlConfig kubectl,
                                                        std::string namespace_name, std::string pod,
                                                        int port);
// A History Server or Spark UI base URL ("http://host:18080", with or without /api/v1).
std::unique_ptr<SparkRestSource> MakeHttpRestSource(std::string base_url, std::string name);

// Fetches a REST path into body with retries, bounded by max_response_bytes; the body
// must be JSON (an object or an array).
CallResult FetchRestJson(const SparkRestSource& source, const std::string& path,
                         const CollectContext& ctx, std::string* body);

// Collects application.json first; when that fails, records nothing, sets *why and
// returns false so the caller can try another source. Otherwise queues every other
// endpoint on ctx.pool (source must outlive ctx.pool.Wait()) and returns true.
// *start_ms gets the application's start time when known.
bool CollectSparkRest(const SparkRestSource& source, const std::string& app_id, CollectContext& ctx,
                      std::string* why, int64_t* start_ms);

// Asks a source for its applications and returns the first id, or "".
std::string FirstApplicationId(const SparkRestSource& source, const CollectContext& ctx);

}  // namespace sparkpm::collect
