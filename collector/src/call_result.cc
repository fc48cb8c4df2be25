// Retry with exponential backoff, bounded by the overall deadline.
#include "call_result.h"

#include <algorithm>
#include <thread>

namespace sparkpm::collect {

std::chrono::milliseconds RetryPolicy::AttemptTimeout() const {
  if (deadline == Clock::time_point::max()) return call_timeout;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return std::max(std::chrono::milliseconds(0), std::min(call_timeout, left));
}

CallResult WithRetries(const RetryPolicy& policy, const std::function<CallResult()>& attempt,
                       const std::function<void()>& reset) {
  CallResult result;
  std::chrono::milliseconds total{0};
  std::chrono::milliseconds backoff = policy.first_backoff;
  for (int n = 1;; ++n) {
    if (policy.AttemptTimeout().count() <= 0) {
      if (n == 1) {
        result.error = "not started: the overall --timeout had passed";
        result.timed_out = true;
      }
      break;
    }
    if (n > 1 && reset) reset();
    result = attempt();
    total += result.duration;
    result.attempts = n;
    if (result.ok || !result.transient || n >= policy.max_attempts) break;
    // Back off, but never past the deadline.
    auto left =
        policy.deadline == Clock::time_point::max()
            ? backoff
            : std::chrono::duration_cast<std::chrono::milliseconds>(policy.deadline - Clock::now());
    if (left <= backoff) break;
    std::this_thread::sleep_for(backoff);
    total += backoff;
    backoff *= 2;
  }
  result.duration = total;
  return result;
}

}  // namespace sparkpm::collect
