// libcurl easy handles, one per request (thread-safe with CURLOPT_NOSIGNAL).
#include "http_fetch.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cstdlib>
#include <mutex>

namespace sparkpm::collect {
namespace {

struct WriteState {
  const OutputSink* sink;
  bool stopped = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<WriteState*>(user);
  size_t n = size * count;
  if (*state->sink && !(*state->sink)(std::string_view(data, n))) {
    state->stopped = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  return n;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string UrlForDisplay(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t host_start = scheme + 3;
  size_t host_end = url.find_first_of("/?#", host_start);
  size_t at = url.rfind('@', host_end == std::string::npos ? url.size() : host_end);
  if (at == std::string::npos || at < host_start) return url;
  return url.substr(0, host_start) + url.substr(at + 1);
}

std::string UrlEncode(std::string_view value) {
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

CallResult HttpGet(const std::string& url, std::chrono::milliseconds timeout,
                   const OutputSink& sink) {
  GlobalInit();
  CallResult result;
  auto start = Clock::now();
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    result.error = "cannot start an HTTP request (curl_easy_init failed)";
    return result;
  }
  WriteState state{&sink};
  char error_buffer[CURL_ERROR_SIZE] = {};
  // Loopback never goes through a proxy; other hosts follow the user's proxy settings.
  std::string no_proxy = "127.0.0.1,localhost,::1";
  for (const char* name : {"no_proxy", "NO_PROXY"}) {
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') {
      no_proxy = std::string(v) + "," + no_proxy;
      break;
    }
  }
  long connect_ms = std::min<long>(static_cast<long>(timeout.count()), 15'000);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::max<int64_t>(1, timeout.count())));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::max<long>(1, connect_ms));
  curl_easy_setopt(curl, CURLOPT_NOPROXY, no_proxy.c_str());
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "sparkpm-collect");
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &state);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  std::string shown = UrlForDisplay(url);
  if (state.stopped) {
    result.ok = status >= 200 && status < 300;
    result.truncated = true;
    if (!result.ok) result.error = fmt::format("HTTP {} from {}", status, shown);
    return result;
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    result.timed_out = true;
    result.error = fmt::format("GET {} did not finish within {} ms", shown, timeout.count());
    return result;
  }
  if (code != CURLE_OK) {
    result.error =
        fmt::format("GET {}: {}", shown, error_buffer[0] ? error_buffer : curl_easy_strerror(code));
    result.transient = code == CURLE_COULDNT_CONNECT || code == CURLE_RECV_ERROR ||
                       code == CURLE_SEND_ERROR || code == CURLE_GOT_NOTHING ||
                       code == CURLE_PARTIAL_FILE || code == CURLE_COULDNT_RESOLVE_HOST;
    return result;
  }
  if (status >= 200 && status < 300) {
    result.ok = true;
    return result;
  }
  result.error = fmt::format("GET {}: HTTP {}", shown, status);
  result.forbidden = status == 401 || status == 403;
  result.not_found = status == 404;
  result.transient = status == 429 || status >= 500;
  return result;
}

}  // namespace sparkpm::collect
