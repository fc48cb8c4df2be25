// Kubernetes objects from kubectl -o json (Pod, Event, Node, SparkApplication, their
// lists, and List of mixed kinds) into the tables of schema/10_kubernetes.sql.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "json_loaders_internal.h"

namespace sparkpm::json_internal {
namespace {

using simdjson::dom::element;

constexpr std::string_view kRecollectHelp =
    "the object does not look like kubectl output; re-collect it with kubectl get ... -o json";

// Which table group an object kind goes to.
enum class K8sKind { kPod, kEvent, kNode, kSparkApplication, kOther };

K8sKind KindOf(std::string_view kind) {
  if (kind == "Pod") return K8sKind::kPod;
  if (kind == "Event") return K8sKind::kEvent;
  if (kind == "Node") return K8sKind::kNode;
  if (kind == "SparkApplication") return K8sKind::kSparkApplication;
  return K8sKind::kOther;
}

std::string_view BundleKind(K8sKind kind) {
  switch (kind) {
    case K8sKind::kPod:
      return "pods";
    case K8sKind::kEvent:
      return "events";
    case K8sKind::kNode:
      return "nodes";
    case K8sKind::kSparkApplication:
      return "sparkapplications";
    case K8sKind::kOther:
      break;
  }
  return "k8s_list";
}

// Guesses the kind of a list item that does not say (items of a typed list do not).
K8sKind InferKind(const JsonFields& item) {
  std::vector<std::string> ignored;
  JsonFields quiet(item.element(), "", &ignored);
  if (quiet.Has("spec/containers")) return K8sKind::kPod;
  if (quiet.Has("involvedObject") || quiet.Has("regarding")) return K8sKind::kEvent;
  if (quiet.Has("status/nodeInfo")) return K8sKind::kNode;
  return K8sKind::kOther;
}

// Loads the Kubernetes objects of one entry; writers are prepared on first use.
class K8sLoader {
 public:
  explicit K8sLoader(EntryLoad& load)
      : load_(load),
        pods_(load, "pods",
              "INSERT INTO pods(namespace, name, uid, creation_ms, deletion_ms, spark_role, "
              "spark_app_selector, spark_app_name, spark_exec_id, owner_kind, owner_name, "
              "labels_json, node_name, service_account, restart_policy, priority_class_name, "
              "phase, reason, message, qos_class, pod_ip, host_ip, start_ms, source_path) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        pod_conditions_(load, "pod_conditions",
                        "INSERT INTO pod_conditions(namespace, pod_name, type, status, reason, "
                        "message, last_transition_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        containers_(
            load, "containers",
            "INSERT INTO containers(namespace, pod_name, name, init, image, cpu_request, "
            "cpu_request_millis, memory_request_bytes, cpu_limit, memory_limit_bytes, ready, "
            "started, restart_count, state, state_waiting_reason, state_waiting_message, "
            "state_running_started_ms, state_terminated_reason, state_terminated_exit_code, "
            "state_terminated_signal, state_terminated_message, state_terminated_started_ms, "
            "state_terminated_finished_ms, last_state_terminated_reason, "
            "last_state_terminated_exit_code, last_state_terminated_message, "
            "last_state_terminated_started_ms, last_state_terminated_finished_ms) VALUES (?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        events_(load, "events",
                "INSERT INTO events(namespace, name, type, reason, message, involved_kind, "
                "involved_name, involved_namespace, involved_uid, involved_field_path, "
                "source_component, source_host, count, first_ms, last_ms, source_path) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        nodes_(load, "nodes",
               "INSERT INTO nodes(name, uid, creation_ms, instance_type, zone, unschedulable, "
               "taints_json, capacity_cpu_millis, capacity_memory_bytes, allocatable_cpu_millis, "
               "allocatable_memory_bytes, kubelet_version, os_image, container_runtime_version, "
               "source_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        node_conditions_(load, "node_conditions",
                         "INSERT INTO node_conditions(node_name, type, status, reason, message, "
                         "last_heartbeat_ms, last_transition_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"),
        sparkapplications_(
            load, "sparkapplications",
            "INSERT INTO sparkapplications(namespace, name, api_version, state, error_message, "
            "spark_application_id, driver_pod, submission_attempts, execution_attempts, "
            "last_submission_ms, termination_ms, spec_json, source_path) VALUES (?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?)") {}

  // Loads one object of a known kind; label names it in messages ("item 3").
  void Load(K8sKind kind, element value, const std::string& label,
            std::string_view list_api_version) {
    switch (kind) {
      case K8sKind::kPod:
        Pod(value, label);
        return;
      case K8sKind::kEvent:
        Event(value, label);
        return;
      case K8sKind::kNode:
        Node(value, label);
        return;
      case K8sKind::kSparkApplication:
        SparkApplication(value, label, list_api_version);
        return;
      case K8sKind::kOther:
        return;
    }
  }

 private:
  // Writes one containers row from a spec entry and its status entry (either may be absent).
  void Container(std::optional<std::string_view> ns, std::string_view pod_name,
                 std::string_view name, bool init, const JsonFields& spec,
                 const JsonFields& status);
  void Pod(element value, const std::string& label);
  void Event(element value, const std::string& label);
  void Node(element value, const std::string& label);
  void SparkApplication(element value, const std::string& label, std::string_view list_api_version);

  EntryLoad& load_;
  TableWriter pods_;
  TableWriter pod_conditions_;
  TableWriter containers_;
  TableWriter events_;
  TableWriter nodes_;
  TableWriter node_conditions_;
  TableWriter sparkapplications_;
};

void K8sLoader::Container(std::optional<std::string_view> ns, std::string_view pod_name,
                          std::string_view name, bool init, const JsonFields& spec,
                          const JsonFields& status) {
  Statement* st = containers_.Begin();
  if (st == nullptr) return;
  JsonFields requests = spec.Child("resources/requests");
  JsonFields limits = spec.Child("resources/limits");
  JsonFields state = status.Child("state");
  JsonFields terminated = state.Child("terminated");
  JsonFields last_terminated = status.Child("lastState/terminated");
  std::optional<std::string_view> state_name;
  for (std::string_view candidate : {"terminated", "running", "waiting"}) {
    if (state.Has(candidate)) state_name = candidate;
  }
  auto image = spec.Str("image");
  if (!image) image = status.Str("image");
  st->Bind(1, ns);
  st->Bind(2, pod_name);
  st->Bind(3, name);
  st->Bind(4, init);
  st->Bind(5, image);
  st->Bind(6, requests.Str("cpu"));
  st->Bind(7, requests.Quantity("cpu", true));
  st->Bind(8, requests.Quantity("memory", false));
  st->Bind(9, limits.Str("cpu"));
  st->Bind(10, limits.Quantity("memory", false));
  st->Bind(11, status.Bool("ready"));
  st->Bind(12, status.Bool("started"));
  st->Bind(13, status.Int("restartCount"));
  st->Bind(14, state_name);
  st->Bind(15, state.Str("waiting/reason"));
  st->Bind(16, state.Str("waiting/message"));
  st->Bind(17, state.K8sTimeMs("running/startedAt"));
  st->Bind(18, terminated.Str("reason"));
  st->Bind(19, terminated.Int("exitCode"));
  st->Bind(20, terminated.Int("signal"));
  st->Bind(21, terminated.Str("message"));
  st->Bind(22, terminated.K8sTimeMs("startedAt"));
  st->Bind(23, terminated.K8sTimeMs("finishedAt"));
  st->Bind(24, last_terminated.Str("reason"));
  st->Bind(25, last_terminated.Int("exitCode"));
  st->Bind(26, last_terminated.Str("message"));
  st->Bind(27, last_terminated.K8sTimeMs("startedAt"));
  st->Bind(28, last_terminated.K8sTimeMs("finishedAt"));
  if (containers_.Commit()) load_.Count("container", "containers");
}

void K8sLoader::Pod(element value, const std::string& label) {
  std::vector<std::string> problems;
  JsonFields pod(value, "", &problems);
  if (!pod.is_object()) {
    load_.ItemError(
        fmt::format("{} is a JSON {}, not a Pod object; skipped", label, JsonTypeName(value)),
        kRecollectHelp);
    return;
  }
  auto name = pod.Str("metadata/name");
  if (!name || name->empty()) {
    load_.ItemError(fmt::format("{}: Pod without metadata.name; skipped", label), kRecollectHelp);
    return;
  }
  auto ns = pod.Str("metadata/namespace");
  std::string item = fmt::format("{} (pod {})", label, *name);
  Statement* st = pods_.Begin();
  if (st == nullptr) return;
  JsonFields labels = pod.Child("metadata/labels");
  JsonFields owner(&problems);
  if (auto owners = pod.Array("metadata/ownerReferences")) {
    element first;
    if (owners->at(0).get(first) == simdjson::SUCCESS) {
      owner = JsonFields(first, "metadata/ownerReferences[0]", &problems);
    }
  }
  JsonFields spec = pod.Child("spec");
  JsonFields status = pod.Child("status");
  auto service_account = spec.Str("serviceAccountName");
  if (!service_account) service_account = spec.Str("serviceAccount");
  st->Bind(1, ns);
  st->Bind(2, *name);
  st->Bind(3, pod.Str("metadata/uid"));
  st->Bind(4, pod.K8sTimeMs("metadata/creationTimestamp"));
  st->Bind(5, pod.K8sTimeMs("metadata/deletionTimestamp"));
  st->Bind(6, labels.StrKey("spark-role"));
  st->Bind(7, labels.StrKey("spark-app-selector"));
  st->Bind(8, labels.StrKey("spark-app-name"));
  st->Bind(9, labels.StrKey("spark-exec-id"));
  st->Bind(10, owner.Str("kind"));
  st->Bind(11, owner.Str("name"));
  st->Bind(12, pod.Json("metadata/labels"));
  st->Bind(13, spec.Str("nodeName"));
  st->Bind(14, service_account);
  st->Bind(15, spec.Str("restartPolicy"));
  st->Bind(16, spec.Str("priorityClassName"));
  st->Bind(17, status.Str("phase"));
  st->Bind(18, status.Str("reason"));
  st->Bind(19, status.Str("message"));
  st->Bind(20, status.Str("qosClass"));
  st->Bind(21, status.Str("podIP"));
  st->Bind(22, status.Str("hostIP"));
  st->Bind(23, status.K8sTimeMs("startTime"));
  st->Bind(24, load_.path());
  if (!pods_.Commit()) return;
  load_.Count("pod", "pods");

  if (auto conditions = status.Array("conditions")) {
    size_t i = 0;
    for (element c : *conditions) {
      JsonFields condition(c, fmt::format("status/conditions[{}]", i), &problems);
      auto type = condition.Str("type");
      if (!condition.is_object() || !type) {
        pod.Problem(fmt::format("status/conditions[{}]", i), "condition without a type; skipped");
        ++i;
        continue;
      }
      ++i;
      Statement* cs = pod_conditions_.Begin();
      if (cs == nullptr) break;
      cs->Bind(1, ns);
      cs->Bind(2, *name);
      cs->Bind(3, *type);
      cs->Bind(4, condition.Str("status"));
      cs->Bind(5, condition.Str("reason"));
      cs->Bind(6, condition.Str("message"));
      cs->Bind(7, condition.K8sTimeMs("lastTransitionTime"));
      if (pod_conditions_.Commit()) load_.Count("condition", "conditions");
    }
  }

  // Containers: spec entries joined by name with their status entries; a status
  // without a spec entry still gets a row.
  for (bool init : {true, false}) {
    std::string_view spec_key = init ? "initContainers" : "containers";
    std::string_view status_key = init ? "initContainerStatuses" : "containerStatuses";
    struct Entry {
      std::string_view name;
      JsonFields spec;
      JsonFields status;
    };
    std::vector<Entry> entries;
    if (auto specs = spec.Array(spec_key)) {
      size_t i = 0;
      for (element c : *specs) {
        std::string where = fmt::format("spec/{}[{}]", spec_key, i++);
        JsonFields container(c, where, &problems);
        auto container_name = container.Str("name");
        if (!container.is_object() || !container_name) {
          pod.Problem(where, "container without a name; skipped");
          continue;
        }
        entries.push_back({*container_name, container, JsonFields(&problems)});
      }
    }
    if (auto statuses = status.Array(status_key)) {
      size_t i = 0;
      for (element c : *statuses) {
        std::string where = fmt::format("status/{}[{}]", status_key, i++);
        JsonFields container(c, where, &problems);
        auto container_name = container.Str("name");
        if (!container.is_object() || !container_name) {
          pod.Problem(where, "container status without a name; skipped");
          continue;
        }
        bool matched = false;
        for (auto& entry : entries) {
          if (entry.name == *container_name && !entry.status.is_object()) {
            entry.status = container;
            matched = true;
            break;
          }
        }
        if (!matched) entries.push_back({*container_name, JsonFields(&problems), container});
      }
    }
    for (const auto& entry : entries) {
      Container(ns, *name, entry.name, init, entry.spec, entry.status);
    }
  }
  load_.ItemProblems(item, problems);
}

void K8sLoader::Event(element value, const std::string& label) {
  std::vector<std::string> problems;
  JsonFields event(value, "", &problems);
  if (!event.is_object()) {
    load_.ItemError(
        fmt::format("{} is a JSON {}, not an Event object; skipped", label, JsonTypeName(value)),
        kRecollectHelp);
    return;
  }
  Statement* st = events_.Begin();
  if (st == nullptr) return;
  // core/v1 names first, then the events.k8s.io/v1 ones.
  JsonFields involved =
      event.Has("involvedObject") ? event.Child("involvedObject") : event.Child("regarding");
  auto message = event.Str("message");
  if (!message) message = event.Str("note");
  auto component = event.Str("source/component");
  if (!component) component = event.Str("reportingComponent");
  if (!component) component = event.Str("reportingController");
  if (!component) component = event.Str("deprecatedSource/component");
  auto host = event.Str("source/host");
  if (!host) host = event.Str("deprecatedSource/host");
  auto count = event.Int("count");
  if (!count) count = event.Int("series/count");
  if (!count) count = event.Int("deprecatedCount");
  auto first = event.K8sTimeMs("firstTimestamp");
  if (!first) first = event.K8sTimeMs("eventTime");
  if (!first) first = event.K8sTimeMs("deprecatedFirstTimestamp");
  if (!first) first = event.K8sTimeMs("metadata/creationTimestamp");
  auto last = event.K8sTimeMs("lastTimestamp");
  if (!last) last = event.K8sTimeMs("series/lastObservedTime");
  if (!last) last = event.K8sTimeMs("deprecatedLastTimestamp");
  if (!last) last = first;
  st->Bind(1, event.Str("metadata/namespace"));
  st->Bind(2, event.Str("metadata/name"));
  st->Bind(3, event.Str("type"));
  st->Bind(4, event.Str("reason"));
  st->Bind(5, message);
  st->Bind(6, involved.Str("kind"));
  st->Bind(7, involved.Str("name"));
  st->Bind(8, involved.Str("namespace"));
  st->Bind(9, involved.Str("uid"));
  st->Bind(10, involved.Str("fieldPath"));
  st->Bind(11, component);
  st->Bind(12, host);
  st->Bind(13, std::max<int64_t>(count.value_or(1), 1));
  st->Bind(14, first);
  st->Bind(15, last);
  st->Bind(16, load_.path());
  if (events_.Commit()) load_.Count("event", "events");
  auto name = event.Str("metadata/name");
  load_.ItemProblems(name ? fmt::format("{} (event {})", label, *name) : label, problems);
}

void K8sLoader::Node(element value, const std::string& label) {
  std::vector<std::string> problems;
  JsonFields node(value, "", &problems);
  if (!node.is_object()) {
    load_.ItemError(
        fmt::format("{} is a JSON {}, not a Node object; skipped", label, JsonTypeName(value)),
        kRecollectHelp);
    return;
  }
  auto name = node.Str("metadata/name");
  if (!name || name->empty()) {
    load_.ItemError(fmt::format("{}: Node without metadata.name; skipped", label), kRecollectHelp);
    return;
  }
  Statement* st = nodes_.Begin();
  if (st == nullptr) return;
  JsonFields labels = node.Child("metadata/labels");
  auto instance_type = labels.StrKey("node.kubernetes.io/instance-type");
  if (!instance_type) instance_type = labels.StrKey("beta.kubernetes.io/instance-type");
  auto zone = labels.StrKey("topology.kubernetes.io/zone");
  if (!zone) zone = labels.StrKey("failure-domain.beta.kubernetes.io/zone");
  JsonFields status = node.Child("status");
  st->Bind(1, *name);
  st->Bind(2, node.Str("metadata/uid"));
  st->Bind(3, node.K8sTimeMs("metadata/creationTimestamp"));
  st->Bind(4, instance_type);
  st->Bind(5, zone);
  st->Bind(6, node.Bool("spec/unschedulable").value_or(false));
  st->Bind(7, node.Json("spec/taints"));
  st->Bind(8, status.Quantity("capacity/cpu", true));
  st->Bind(9, status.Quantity("capacity/memory", false));
  st->Bind(10, status.Quantity("allocatable/cpu", true));
  st->Bind(11, status.Quantity("allocatable/memory", false));
  st->Bind(12, status.Str("nodeInfo/kubeletVersion"));
  st->Bind(13, status.Str("nodeInfo/osImage"));
  st->Bind(14, status.Str("nodeInfo/containerRuntimeVersion"));
  st->Bind(15, load_.path());
  if (!nodes_.Commit()) return;
  load_.Count("node", "nodes");
  if (auto conditions = status.Array("conditions")) {
    size_t i = 0;
    for (element c : *conditions) {
      std::string where = fmt::format("status/conditions[{}]", i++);
      JsonFields condition(c, where, &problems);
      auto type = condition.Str("type");
      if (!condition.is_object() || !type) {
        node.Problem(where, "condition without a type; skipped");
        continue;
      }
      Statement* cs = node_conditions_.Begin();
      if (cs == nullptr) break;
      cs->Bind(1, *name);
      cs->Bind(2, *type);
      cs->Bind(3, condition.Str("status"));
      cs->Bind(4, condition.Str("reason"));
      cs->Bind(5, condition.Str("message"));
      cs->Bind(6, condition.K8sTimeMs("lastHeartbeatTime"));
      cs->Bind(7, condition.K8sTimeMs("lastTransitionTime"));
      if (node_conditions_.Commit()) load_.Count("node condition", "node conditions");
    }
  }
  load_.ItemProblems(fmt::format("{} (node {})", label, *name), problems);
}

void K8sLoader::SparkApplication(element value, const std::string& label,
                                 std::string_view list_api_version) {
  std::vector<std::string> problems;
  JsonFields app(value, "", &problems);
  if (!app.is_object()) {
    load_.ItemError(fmt::format("{} is a JSON {}, not a SparkApplication object; skipped", label,
                                JsonTypeName(value)),
                    kRecollectHelp);
    return;
  }
  auto name = app.Str("metadata/name");
  if (!name || name->empty()) {
    load_.ItemError(fmt::format("{}: SparkApplication without metadata.name; skipped", label),
                    kRecollectHelp);
    return;
  }
  Statement* st = sparkapplications_.Begin();
  if (st == nullptr) return;
  JsonFields status = app.Child("status");
  auto api_version = app.Str("apiVersion");
  if (!api_version && !list_api_version.empty()) api_version = list_api_version;
  // kubeflow (sparkoperator.k8s.io) reports applicationState, apache (spark.apache.org)
  // reports currentState.
  std::optional<std::string_view> state;
  std::optional<std::string_view> error_message;
  if (status.Has("applicationState")) {
    state = status.Str("applicationState/state");
    error_message = status.Str("applicationState/errorMessage");
  } else {
    state = status.Str("currentState/currentStateSummary");
    error_message = status.Str("currentState/message");
  }
  auto last_submission = status.K8sTimeMs("lastSubmissionAttemptTime");
  if (!last_submission) last_submission = status.K8sTimeMs("LastSubmissionAttemptTime");
  auto termination = status.K8sTimeMs("terminationTime");
  if (!termination) termination = status.K8sTimeMs("completionTime");
  st->Bind(1, app.Str("metadata/namespace"));
  st->Bind(2, *name);
  st->Bind(3, api_version);
  st->Bind(4, state);
  st->Bind(5, error_message);
  st->Bind(6, status.Str("sparkApplicationId"));
  st->Bind(7, status.Str("driverInfo/podName"));
  st->Bind(8, status.Int("submissionAttempts"));
  st->Bind(9, status.Int("executionAttempts"));
  st->Bind(10, last_submission);
  st->Bind(11, termination);
  st->Bind(12, app.Json("spec"));
  st->Bind(13, load_.path());
  if (sparkapplications_.Commit()) load_.Count("SparkApplication", "SparkApplications");
  load_.ItemProblems(fmt::format("{} (SparkApplication {})", label, *name), problems);
}

EntryOutcome SkippedKind(std::string detail) {
  EntryOutcome out;
  out.kind = "other";
  out.status = "skipped";
  out.detail = std::move(detail);
  return out;
}

std::string Clip(std::string_view text, size_t max) {
  return text.size() <= max ? std::string(text) : std::string(text.substr(0, max)) + "...";
}

}  // namespace

bool IsKubernetesObject(const JsonFields& root) {
  std::vector<std::string> ignored;
  JsonFields quiet(root.element(), "", &ignored);
  auto kind = quiet.Str("kind");
  if (!kind || kind->empty()) return false;
  return quiet.Has("apiVersion") || quiet.Has("items") || quiet.Has("metadata");
}

EntryOutcome LoadKubernetes(EntryLoad& load, const JsonFields& root) {
  std::vector<std::string> problems;
  JsonFields object(root.element(), "", &problems);
  std::string kind(object.Str("kind").value_or(""));
  std::string_view api_version = object.Str("apiVersion").value_or("");
  K8sLoader loader(load);

  bool is_list = kind == "List" || (kind.size() > 4 && kind.ends_with("List"));
  if (!is_list) {
    K8sKind k = KindOf(kind);
    if (k == K8sKind::kOther) {
      if (kind == "Status") {
        return SkippedKind(fmt::format("Kubernetes Status object (an API error, not data): {}",
                                       Clip(object.Str("message").value_or(""), 200)));
      }
      return SkippedKind(fmt::format("Kubernetes {} object ({}); not analysed by this version",
                                     Clip(kind, 60), Clip(api_version, 60)));
    }
    loader.Load(k, root.element(), "the object", api_version);
    return load.Outcome(std::string(BundleKind(k)));
  }

  auto items = object.Array("items");
  if (!items) {
    // The caller records failed entries in load_errors.
    std::string detail = fmt::format("Kubernetes {} without an items array", Clip(kind, 60));
    EntryOutcome out = load.Outcome(kind == "List" ? "k8s_list" : "other");
    out.status = "failed";
    out.detail = detail;
    return out;
  }
  std::string item_kind = kind == "List" ? std::string() : kind.substr(0, kind.size() - 4);
  std::map<std::string, int64_t> skipped;  // not-analysed kinds in a List, by kind
  std::vector<K8sKind> seen;
  size_t index = 0;
  for (element value : *items) {
    std::string label = fmt::format("item {}", index++);
    std::vector<std::string> ignored;
    JsonFields item(value, "", &ignored);
    std::string this_kind(item.Str("kind").value_or(item_kind));
    K8sKind k = this_kind.empty() ? InferKind(item) : KindOf(this_kind);
    if (k == K8sKind::kOther && value.type() != simdjson::dom::element_type::OBJECT &&
        !item_kind.empty()) {
      k = KindOf(item_kind);  // let the loader report the malformed item
    }
    if (k == K8sKind::kOther) {
      if (value.type() != simdjson::dom::element_type::OBJECT) {
        load.ItemError(fmt::format("{} is a JSON {}, not a Kubernetes object; skipped", label,
                                   JsonTypeName(value)),
                       kRecollectHelp);
      } else if (this_kind.empty()) {
        load.ItemError(fmt::format("{}: object without a kind that does not look like a Pod, "
                                   "Event or Node; skipped",
                                   label),
                       kRecollectHelp);
      } else {
        ++skipped[Clip(this_kind, 60)];
      }
      continue;
    }
    if (std::find(seen.begin(), seen.end(), k) == seen.end()) seen.push_back(k);
    std::string_view item_api = item.Str("apiVersion").value_or(api_version);
    loader.Load(k, value, label, item_api);
  }

  std::string suffix;
  if (!skipped.empty()) {
    suffix = "; not analysed:";
    bool first = true;
    for (const auto& [name, count] : skipped) {
      suffix += fmt::format("{} {} {}", first ? "" : ",", count, name);
      first = false;
    }
  }
  std::string bundle_kind;
  if (seen.size() == 1) {
    bundle_kind = BundleKind(seen[0]);
  } else if (seen.empty() && !item_kind.empty() && KindOf(item_kind) != K8sKind::kOther) {
    bundle_kind = BundleKind(KindOf(item_kind));
  } else if (std::string stem = ParsePathHints(load.path()).file_stem;
             seen.empty() && (stem == "pods" || stem == "events" || stem == "nodes" ||
                              stem == "sparkapplications")) {
    bundle_kind = stem;  // an empty List: the path tells what it would have held
  } else {
    bundle_kind = "k8s_list";
  }
  if (seen.empty() && !skipped.empty() && load.errors() == 0) {
    return SkippedKind(fmt::format("Kubernetes {} of objects this version does not analyse{}",
                                   Clip(kind, 60), suffix));
  }
  if (items->size() == 0) {
    EntryOutcome out = load.Outcome(bundle_kind);
    out.detail = fmt::format("empty Kubernetes {}: nothing to load", Clip(kind, 60));
    return out;
  }
  return load.Outcome(bundle_kind, suffix);
}

}  // namespace sparkpm::json_internal
