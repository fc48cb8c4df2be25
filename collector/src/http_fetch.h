// HTTP GET with libcurl for the History Server, a Spark UI, Prometheus and event-log
// URLs: GET only, http/https only (redirects included), a hard time limit, the body
// streamed to a sink. Credentials in a URL are used but never shown.
//
//   CallResult r = HttpGet("http://history:18080/api/v1/applications", 30s, sink);
#pragma once

#include <chrono>
#include <string>

#include "call_result.h"
#include "process_runner.h"

namespace sparkpm::collect {

// Fetches url, streaming the body into sink. HTTP 2xx is ok; 401/403 forbidden; 404
// not found; 429, 5xx and connection failures transient.
CallResult HttpGet(const std::string& url, std::chrono::milliseconds timeout,
                   const OutputSink& sink);

// Returns url with any user:password@ removed, for manifests and messages.
std::string UrlForDisplay(const std::string& url);

// Percent-encodes a query parameter value.
std::string UrlEncode(std::string_view value);

}  // namespace sparkpm::collect
