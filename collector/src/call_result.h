// The outcome of one call to the outside world (kubectl or HTTP), and the retry loop
// around it: transient failures are retried with exponential backoff while the
// overall deadline allows; forbidden, not-found and timed-out calls are not.
//
//   CallResult r = WithRetries(policy, [&] { return RunKubectl(...); }, [&] { out.clear(); });
//   if (!r.ok) item.error = r.error;
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace sparkpm::collect {

using Clock = std::chrono::steady_clock;

struct CallResult {
  bool ok = false;
  bool timed_out = false;  // the call was killed at its time limit
  bool transient = false;  // failed in a way worth retrying (connection reset, 503, ...)
  bool forbidden = false;  // RBAC said no (kubectl "Forbidden", HTTP 401/403)
  bool not_found = false;  // the object or endpoint does not exist (NotFound, HTTP 404)
  bool truncated = false;  // the consumer stopped reading early on purpose
  std::string error;       // for a human: the tool's own message, trimmed
  int attempts = 0;
  std::chrono::milliseconds duration{0};
};

struct RetryPolicy {
  std::chrono::milliseconds call_timeout{60'000};         // one attempt
  Clock::time_point deadline = Clock::time_point::max();  // the whole collection
  int max_attempts = 3;
  std::chrono::milliseconds first_backoff{500};  // doubled after each failure

  // Returns the time limit of an attempt starting now: call_timeout capped by the
  // deadline (zero when the deadline has passed).
  std::chrono::milliseconds AttemptTimeout() const;
};

// Runs attempt until it succeeds or fails for good; reset is called before every retry
// (to drop partial output). Durations add up over attempts.
CallResult WithRetries(const RetryPolicy& policy, const std::function<CallResult()>& attempt,
                       const std::function<void()>& reset);

}  // namespace sparkpm::collect
