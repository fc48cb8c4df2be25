// simdjson DOM over kubectl output; filtered lists are re-serialised item by item.
#include "cluster_objects.h"

#include <simdjson.h>

#include <cctype>

namespace sparkpm::collect {
namespace {

using simdjson::dom::element;

std::string Str(element e, std::string_view pointer) {
  std::string_view v;
  if (e.at_pointer(pointer).get_string().get(v) == simdjson::SUCCESS) return std::string(v);
  return {};
}

Result<element> ParseDocument(simdjson::dom::parser& parser, const simdjson::padded_string& text) {
  element root;
  if (auto err = parser.parse(text).get(root); err) {
    return Error{"kubectl output is not valid JSON", {}, simdjson::error_message(err), {}};
  }
  return root;
}

// Calls f for each item of a List, or for the object itself when it is not a list.
template <typename F>
void ForEachItem(element root, F f) {
  simdjson::dom::array items;
  if (root["items"].get_array().get(items) == simdjson::SUCCESS) {
    for (element item : items) f(item);
  } else if (root.is_object()) {
    f(root);
  }
}

std::string ListOf(const std::vector<std::string>& items) {
  std::string out =
      "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"metadata\": {\"resourceVersion\": \"\"}, "
      "\"items\": [";
  for (size_t i = 0; i < items.size(); ++i) {
    out += i ? ",\n" : "\n";
    out += items[i];
  }
  out += "\n]}\n";
  return out;
}

}  // namespace

std::string SparkPodPrefix(std::string_view name) {
  if (name.size() > 7 && name.ends_with("-driver"))
    return std::string(name.substr(0, name.size() - 7));
  size_t exec = name.rfind("-exec-");
  if (exec != std::string_view::npos && exec > 0 && exec + 6 < name.size()) {
    std::string_view n = name.substr(exec + 6);
    bool digits = std::all_of(n.begin(), n.end(),
                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    if (digits) return std::string(name.substr(0, exec));
  }
  return {};
}

Result<std::vector<PodInfo>> ParsePods(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string text(json);
  Result<element> root = ParseDocument(parser, text);
  if (!root) return root.error();
  std::vector<PodInfo> pods;
  ForEachItem(*root, [&](element pod) {
    if (Str(pod, "/kind") != "Pod" && !pod["spec"].is_object()) return;
    PodInfo p;
    p.name = Str(pod, "/metadata/name");
    if (p.name.empty()) return;
    p.role = Str(pod, "/metadata/labels/spark-role");
    p.app_id = Str(pod, "/metadata/labels/spark-app-selector");
    p.app_name = Str(pod, "/metadata/labels/spark-app-name");
    p.sparkapplication = Str(pod, "/metadata/labels/sparkoperator.k8s.io~1app-name");
    p.node = Str(pod, "/spec/nodeName");
    p.phase = Str(pod, "/status/phase");
    p.created = Str(pod, "/metadata/creationTimestamp");
    for (bool init : {true, false}) {
      simdjson::dom::array specs;
      if (pod.at_pointer(init ? "/spec/initContainers" : "/spec/containers")
              .get_array()
              .get(specs) != simdjson::SUCCESS) {
        continue;
      }
      for (element c : specs) {
        ContainerInfo info;
        info.name = Str(c, "/name");
        info.init = init;
        if (info.name.empty()) continue;
        simdjson::dom::array ports;
        if (!init && p.role == "driver" && c["ports"].get_array().get(ports) == simdjson::SUCCESS) {
          for (element port : ports) {
            int64_t number = 0;
            if (Str(port, "/name") == "spark-ui" &&
                port["containerPort"].get_int64().get(number) == simdjson::SUCCESS && number > 0 &&
                number < 65536) {
              p.ui_port = static_cast<int>(number);
            }
          }
        }
        p.containers.push_back(std::move(info));
      }
    }
    for (bool init : {true, false}) {
      simdjson::dom::array statuses;
      if (pod.at_pointer(init ? "/status/initContainerStatuses" : "/status/containerStatuses")
              .get_array()
              .get(statuses) != simdjson::SUCCESS) {
        continue;
      }
      for (element s : statuses) {
        std::string name = Str(s, "/name");
        for (ContainerInfo& c : p.containers) {
          if (c.name != name || c.init != init) continue;
          int64_t restarts = 0;
          if (s["restartCount"].get_int64().get(restarts) != simdjson::SUCCESS) restarts = 0;
          element ignored;
          bool last_terminated =
              s.at_pointer("/lastState/terminated").get(ignored) == simdjson::SUCCESS;
          c.has_previous = restarts > 0 || last_terminated;
          bool running = s.at_pointer("/state/running").get(ignored) == simdjson::SUCCESS;
          bool terminated = s.at_pointer("/state/terminated").get(ignored) == simdjson::SUCCESS;
          c.started = running || terminated || c.has_previous;
          if (!init && p.role == "driver" && running) p.driver_running = true;
        }
      }
    }
    if (p.phase != "Running") p.driver_running = false;
    pods.push_back(std::move(p));
  });
  return pods;
}

Result<std::vector<SparkAppInfo>> ParseSparkApplications(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string text(json);
  Result<element> root = ParseDocument(parser, text);
  if (!root) return root.error();
  std::vector<SparkAppInfo> apps;
  ForEachItem(*root, [&](element app) {
    if (Str(app, "/kind") != "SparkApplication") return;
    SparkAppInfo a;
    a.name = Str(app, "/metadata/name");
    a.app_id = Str(app, "/status/sparkApplicationId");
    a.driver_pod = Str(app, "/status/driverInfo/podName");
    a.submitted = Str(app, "/status/lastSubmissionAttemptTime");
    simdjson::dom::object executors;
    if (app.at_pointer("/status/executorState").get_object().get(executors) == simdjson::SUCCESS) {
      for (auto field : executors) a.executor_pods.emplace_back(field.key);
    }
    apps.push_back(std::move(a));
  });
  return apps;
}

EventScope EventScopeFor(const std::vector<PodInfo>& pods, const std::vector<SparkAppInfo>& apps) {
  EventScope scope;
  auto add_pod = [&](const std::string& name) {
    if (name.empty()) return;
    scope.pods.insert(name);
    std::string prefix = SparkPodPrefix(name);
    if (!prefix.empty()) scope.pod_prefixes.insert(prefix);
  };
  for (const PodInfo& p : pods) {
    add_pod(p.name);
    if (!p.node.empty()) scope.nodes.insert(p.node);
  }
  for (const SparkAppInfo& a : apps) {
    scope.sparkapplications.insert(a.name);
    add_pod(a.driver_pod);
    for (const std::string& e : a.executor_pods) add_pod(e);
  }
  return scope;
}

Result<std::string> FilterEvents(std::string_view list_json, const EventScope& scope) {
  simdjson::dom::parser parser;
  simdjson::padded_string text(list_json);
  Result<element> root = ParseDocument(parser, text);
  if (!root) return root.error();
  std::vector<std::string> kept;
  ForEachItem(*root, [&](element event) {
    std::string kind = Str(event, "/involvedObject/kind");
    std::string name = Str(event, "/involvedObject/name");
    if (kind.empty()) {  // events.k8s.io/v1 calls it "regarding"
      kind = Str(event, "/regarding/kind");
      name = Str(event, "/regarding/name");
    }
    bool keep = false;
    if (kind == "Pod") {
      keep = scope.pods.count(name) > 0;
      std::string prefix = SparkPodPrefix(name);
      keep = keep || (!prefix.empty() && scope.pod_prefixes.count(prefix) > 0);
    } else if (kind == "SparkApplication") {
      keep = scope.sparkapplications.count(name) > 0;
    } else if (kind == "Node") {
      keep = scope.nodes.count(name) > 0;
    }
    if (keep) kept.push_back(simdjson::to_string(event));
  });
  return ListOf(kept);
}

Result<std::string> FilterByName(std::string_view json, const std::set<std::string>& names) {
  simdjson::dom::parser parser;
  simdjson::padded_string text(json);
  Result<element> root = ParseDocument(parser, text);
  if (!root) return root.error();
  std::vector<std::string> kept;
  ForEachItem(*root, [&](element item) {
    if (names.empty() || names.count(Str(item, "/metadata/name"))) {
      kept.push_back(simdjson::to_string(item));
    }
  });
  return ListOf(kept);
}

}  // namespace sparkpm::collect
