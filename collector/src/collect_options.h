// Everything sparkpm-collect is asked to do, as parsed from the command line, plus the
// parsers for its duration and size arguments.
//
//   Result<std::chrono::milliseconds> d = ParseDuration("1h30m");   // 5'400'000 ms
//   Result<uint64_t> n = ParseByteSize("50MiB");                    // 52'428'800
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kubectl.h"
#include "sparkpm/redactor.h"
#include "sparkpm/status.h"

namespace sparkpm::collect {

struct CollectOptions {
  // Target: the namespace plus exactly one of the four ways to name the application.
  std::string namespace_name;
  std::string app_id;
  std::string app_name;
  std::string selector;
  std::string sparkapplication;

  KubectlConfig kubectl;
  std::optional<std::chrono::milliseconds> since;  // logs and the incident window
  std::string history_server;                      // base URL
  std::string spark_ui;                            // base URL of a reachable Spark UI
  std::vector<std::string> event_logs;             // paths or URLs
  std::string prometheus;                          // base URL

  uint64_t max_log_bytes = 50ull << 20;                         // per container log, tail kept
  uint64_t max_bundle_bytes = 4ull << 30;                       // uncompressed bytes in the bundle
  uint64_t max_response_bytes = 1ull << 30;                     // one REST/metrics response
  int task_page_size = 1000;                                    // taskList offset/length paging
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};  // the whole run
  std::chrono::milliseconds call_timeout{std::chrono::minutes(2)};  // one call
  int parallel = 4;
  int max_attempts = 3;
  std::chrono::milliseconds first_backoff{500};

  bool redact = true;
  std::vector<RedactionRule> redaction_rules;  // built-in plus --redact-rules
  std::filesystem::path output;
  bool progress = false;  // progress lines on stderr (when it is a terminal)
};

// Parses "90s", "15m", "2h", "1h30m", "500ms", "1d" or a plain number of seconds.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

// Parses "1048576", "64k", "50MiB", "2G", "1GB" (binary multiples).
Result<uint64_t> ParseByteSize(std::string_view text);

}  // namespace sparkpm::collect
