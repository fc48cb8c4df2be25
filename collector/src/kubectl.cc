// The read-only policy and the single place kubectl is started.
#include "kubectl.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace sparkpm::collect {
namespace {

// Flags that take a value, per verb; the value checks follow in CheckFlag.
const std::set<std::string, std::less<>> kGetValueFlags = {
    "namespace",  "selector",        "field-selector", "output",    "raw",
    "chunk-size", "request-timeout", "context",        "kubeconfig"};
const std::set<std::string, std::less<>> kGetSwitches = {"all-namespaces", "ignore-not-found"};
const std::set<std::string, std::less<>> kLogsValueFlags = {
    "namespace",   "container",       "since",   "since-time", "tail",
    "limit-bytes", "request-timeout", "context", "kubeconfig"};
const std::set<std::string, std::less<>> kLogsSwitches = {"timestamps", "previous"};

// Resource types `get` may name. No secrets, no config maps, nothing else.
const std::set<std::string, std::less<>> kReadableResources = {
    "pods",
    "pod",
    "po",
    "events",
    "event",
    "ev",
    "events.events.k8s.io",
    "nodes",
    "node",
    "no",
    "sparkapplications",
    "sparkapplication",
    "sparkapp",
    "sparkapplications.sparkoperator.k8s.io",
    "sparkapplication.sparkoperator.k8s.io"};

Error Refuse(std::string why) {
  return Error{"refused to run kubectl",
               {},
               std::move(why),
               "sparkpm-collect only reads: kubectl get (pods, events, nodes, SparkApplications), "
               "kubectl logs, and kubectl get --raw on Spark REST paths"};
}

bool IsObjectName(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  if (!std::isalnum(static_cast<unsigned char>(s.front()))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

bool AllChars(std::string_view s, std::string_view extra) {
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos;
  });
}

// Splits "/a/b/c" into {"a","b","c"}; empty components make it fail.
bool SplitPath(std::string_view path, std::vector<std::string_view>* parts) {
  if (path.empty() || path[0] != '/') return false;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view part = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    parts->push_back(part);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

// A raw GET is allowed on API discovery (/api, /apis/GROUP[/VERSION], /version) and on
// Spark's read-only REST API behind a pod proxy:
// /api/v1/namespaces/NS/pods/POD[:PORT]/proxy/api/v1/applications[/...][?query].
Status CheckRawPath(std::string_view raw) {
  if (raw.size() > 2048) return Refuse("--raw path too long");
  std::string_view path = raw;
  std::string_view query;
  if (size_t q = raw.find('?'); q != std::string_view::npos) {
    path = raw.substr(0, q);
    query = raw.substr(q + 1);
  }
  if (!AllChars(path, "/-._:"))
    return Refuse(fmt::format("--raw path '{}' has unexpected characters", raw));
  std::vector<std::string_view> p;
  if (!SplitPath(path, &p))
    return Refuse(fmt::format("--raw path '{}' is not a clean absolute path", raw));
  bool discovery = (p.size() == 1 && (p[0] == "api" || p[0] == "apis" || p[0] == "version")) ||
                   (p.size() == 2 && p[0] == "api" && p[1] == "v1") ||
                   (p.size() >= 2 && p.size() <= 3 && p[0] == "apis");
  if (discovery) {
    if (!query.empty()) return Refuse("--raw discovery paths take no query");
    return Ok();
  }
  bool spark_rest = p.size() >= 10 && p[0] == "api" && p[1] == "v1" && p[2] == "namespaces" &&
                    IsObjectName(p[3]) && p[4] == "pods" && p[6] == "proxy" && p[7] == "api" &&
                    p[8] == "v1" && p[9] == "applications";
  if (!spark_rest) {
    return Refuse(
        fmt::format("--raw path '{}' is neither API discovery nor Spark's REST API "
                    "through a pod proxy",
                    raw));
  }
  std::string_view pod = p[5];
  if (size_t colon = pod.find(':'); colon != std::string_view::npos) {
    std::string_view port = pod.substr(colon + 1);
    if (port.empty() || !AllChars(port, "")) return Refuse("--raw pod proxy port must be a number");
    pod = pod.substr(0, colon);
  }
  if (!IsObjectName(pod)) return Refuse("--raw pod name is not a Kubernetes name");
  if (!AllChars(query, "=&._-,")) return Refuse("--raw query has unexpected characters");
  return Ok();
}

}  // namespace

Status CheckReadOnly(const std::vector<std::string>& args) {
  if (args.empty()) return Refuse("no verb");
  for (const std::string& a : args) {
    if (a.find_first_of(std::string_view("\0\n\r", 3)) != std::string::npos) {
      return Refuse("an argument holds a NUL or line break");
    }
  }
  const std::string& verb = args[0];
  if (verb != "get" && verb != "logs") {
    return Refuse(fmt::format("verb '{}' is not allowed (only get and logs)", verb));
  }
  const auto& value_flags = verb == "get" ? kGetValueFlags : kLogsValueFlags;
  const auto& switches = verb == "get" ? kGetSwitches : kLogsSwitches;
  std::vector<std::string_view> positional;
  std::map<std::string, std::string, std::less<>> flags;
  for (size_t i = 1; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (!a.starts_with("-")) {
      positional.push_back(a);
      continue;
    }
    if (!a.starts_with("--") || a == "--") {
      return Refuse(fmt::format("'{}': only long flags in --name=value form are used", a));
    }
    std::string_view body = a.substr(2);
    size_t eq = body.find('=');
    std::string name(body.substr(0, eq));
    if (switches.count(name)) {
      if (eq != std::string_view::npos)
        return Refuse(fmt::format("switch --{} takes no value", name));
    } else if (value_flags.count(name)) {
      if (eq == std::string_view::npos) {
        return Refuse(fmt::format("flag --{} must be written --{}=VALUE", name, name));
      }
    } else {
      return Refuse(fmt::format("flag --{} is not allowed for kubectl {}", name, verb));
    }
    if (flags.count(name)) return Refuse(fmt::format("flag --{} given twice", name));
    flags[name] = eq == std::string_view::npos ? std::string() : std::string(body.substr(eq + 1));
  }
  if (auto it = flags.find("output"); it != flags.end() && it->second != "json") {
    return Refuse(fmt::format("--output={} is not allowed (json only)", it->second));
  }
  if (auto it = flags.find("namespace"); it != flags.end() && !IsObjectName(it->second)) {
    return Refuse("--namespace is not a Kubernetes name");
  }
  if (verb == "logs") {
    if (positional.empty() || positional.size() > 2) {
      return Refuse("kubectl logs takes a pod name (and optionally a container)");
    }
    for (std::string_view p : positional) {
      std::string_view name = p.starts_with("pod/") ? p.substr(4) : p;
      if (!IsObjectName(name)) return Refuse(fmt::format("'{}' is not a pod or container name", p));
    }
    return Ok();
  }
  if (auto raw = flags.find("raw"); raw != flags.end()) {
    if (!positional.empty()) return Refuse("--raw takes no resource arguments");
    if (flags.size() >
        1 + flags.count("request-timeout") + flags.count("context") + flags.count("kubeconfig")) {
      return Refuse("--raw is used alone (with only global flags)");
    }
    return CheckRawPath(raw->second);
  }
  if (positional.empty()) return Refuse("kubectl get needs a resource type");
  std::string_view types = positional[0];
  size_t slash = types.find('/');
  std::string_view type_list = types.substr(0, slash);
  size_t start = 0;
  while (start <= type_list.size()) {
    size_t comma = type_list.find(',', start);
    std::string_view type = type_list.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (!kReadableResources.count(type)) {
      return Refuse(fmt::format("resource type '{}' is not collected", type));
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (slash != std::string_view::npos && !IsObjectName(types.substr(slash + 1))) {
    return Refuse(fmt::format("'{}' is not a resource/name", types));
  }
  for (size_t i = 1; i < positional.size(); ++i) {
    if (!IsObjectName(positional[i])) {
      return Refuse(fmt::format("'{}' is not a Kubernetes object name", positional[i]));
    }
  }
  return Ok();
}

std::string DescribeKubectl(const KubectlConfig& config, const std::vector<std::string>& args) {
  std::string out = "kubectl";
  for (const std::string& a : args) out += " " + a;
  if (!config.context.empty()) out += " --context=" + config.context;
  return out;
}

bool IsTransientKubectlError(std::string_view s) {
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view needle :
       {"connection refused", "connection reset", "i/o timeout", "tls handshake timeout",
        "unexpected eof", "service unavailable", "serviceunavailable", "too many requests",
        "etcdserver: request timed out", "the server is currently unable to handle the request",
        "http2: client connection lost", "net/http: request canceled",
        "timeout awaiting response headers", "the server was unable to return a response",
        "internal error occurred", "no route to host", "try again later"}) {
    if (lower.find(needle) != std::string::npos) return true;
  }
  return false;
}

bool IsForbiddenKubectlError(std::string_view s) {
  return s.find("Forbidden") != std::string_view::npos ||
         s.find("forbidden") != std::string_view::npos ||
         s.find("Unauthorized") != std::string_view::npos;
}

bool IsNotFoundKubectlError(std::string_view s) {
  return s.find("NotFound") != std::string_view::npos ||
         s.find("not found") != std::string_view::npos ||
         s.find("doesn't have a resource type") != std::string_view::npos;
}

CallResult RunKubectl(const KubectlConfig& config, const std::vector<std::string>& args,
                      std::chrono::milliseconds timeout, const OutputSink& sink) {
  CallResult result;
  if (Status s = CheckReadOnly(args); !s) {
    result.error = s.error().why;
    return result;
  }
  ProcessRequest request;
  request.argv.push_back(config.program);
  request.argv.insert(request.argv.end(), args.begin(), args.end());
  if (!config.context.empty()) request.argv.push_back("--context=" + config.context);
  if (!config.kubeconfig.empty()) request.argv.push_back("--kubeconfig=" + config.kubeconfig);
  // kubectl's own limit a little below ours, so it can report what it was waiting for.
  int64_t seconds = std::max<int64_t>(1, timeout.count() / 1000 - 1);
  request.argv.push_back(fmt::format("--request-timeout={}s", seconds));
  request.timeout = timeout;
  ProcessResult p = RunProcess(request, sink);
  result.duration = p.duration;
  std::string err = p.stderr_text;
  while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
  if (err.size() > 2000) err = "..." + err.substr(err.size() - 2000);
  if (!p.started) {
    result.error = p.error;
    return result;
  }
  if (p.timed_out) {
    result.timed_out = true;
    result.error =
        fmt::format("kubectl did not finish within {} ms and was killed", timeout.count());
    if (!err.empty()) result.error += "; stderr: " + err;
    return result;
  }
  if (p.stopped_by_sink) {
    result.ok = true;
    result.truncated = true;
    return result;
  }
  if (p.exit_code == 0) {
    result.ok = true;
    return result;
  }
  result.forbidden = IsForbiddenKubectlError(err);
  result.not_found = !result.forbidden && IsNotFoundKubectlError(err);
  result.transient = !result.forbidden && !result.not_found && IsTransientKubectlError(err);
  if (p.signal != 0) {
    result.error = fmt::format("kubectl was killed by signal {}", p.signal);
    result.transient = true;
  } else {
    result.error = err.empty() ? fmt::format("kubectl exited with status {}", p.exit_code) : err;
  }
  return result;
}

}  // namespace sparkpm::collect
