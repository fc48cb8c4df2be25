// sparkpm-collect's whole run: find the application's pods (by Spark's labels or a
// SparkApplication), then, in parallel and within the deadline, its events, nodes,
// container logs, Spark REST data, event logs and metrics, each redacted on its way
// into the bundle; finally manifest.json. Every failure is a manifest item.
//
//   CollectOptions o = ...;               // from the command line
//   CollectOutcome r = Collect(o);
//   return r.exit_code;                   // 0 complete, 4 partial, 2 nothing/not found, 1 usage
#pragma once

#include <string>
#include <vector>

#include "collect_options.h"

namespace sparkpm::collect {

constexpr int kExitComplete = 0;
constexpr int kExitUsage = 1;
constexpr int kExitNothing = 2;
constexpr int kExitPartial = 4;

struct CollectOutcome {
  int exit_code = kExitComplete;
  int files = 0;        // files in the bundle, manifest.json not counted
  int errors = 0;       // manifest items with an error
  std::string message;  // one line for the user
  // High-entropy strings left after redaction ("logs/p/c.log:120 (40 characters)").
  std::vector<std::string> leftover_warnings;
  int64_t leftover_total = 0;
};

// Collects into options.output. Never throws.
CollectOutcome Collect(const CollectOptions& options);

}  // namespace sparkpm::collect
