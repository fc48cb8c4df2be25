// What the collector needs to know from kubectl's JSON: the application's pods (role,
// node, containers, whether a previous instance exists, the driver's UI port), the
// SparkApplication's status, and which events concern the application.
//
//   Result<std::vector<PodInfo>> pods = ParsePods(pods_json);
//   EventScope scope = EventScopeFor(*pods, sparkapps);
//   Result<std::string> events = FilterEvents(all_events_json, scope);   // a v1 List
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sparkpm/status.h"

namespace sparkpm::collect {

struct ContainerInfo {
  std::string name;
  bool init = false;          // an init container
  bool has_previous = false;  // restarted or has a lastState.terminated: --previous exists
  bool started = false;       // running or terminated at least once (it has a log)
};

struct PodInfo {
  std::string name;
  std::string role;              // label spark-role: driver | executor | ""
  std::string app_id;            // label spark-app-selector
  std::string app_name;          // label spark-app-name
  std::string sparkapplication;  // label sparkoperator.k8s.io/app-name
  std::string node;              // spec.nodeName
  std::string phase;             // status.phase
  std::string created;           // metadata.creationTimestamp
  bool driver_running = false;   // a driver whose main container is running
  int ui_port = 4040;            // the driver's spark-ui container port
  std::vector<ContainerInfo> containers;
};

struct SparkAppInfo {
  std::string name;
  std::string app_id;                      // status.sparkApplicationId
  std::string driver_pod;                  // status.driverInfo.podName
  std::string submitted;                   // status.lastSubmissionAttemptTime
  std::vector<std::string> executor_pods;  // keys of status.executorState
};

// The objects whose events belong in the bundle.
struct EventScope {
  std::set<std::string> pods;          // exact pod names
  std::set<std::string> pod_prefixes;  // "<prefix>" of "<prefix>-driver"/"<prefix>-exec-N"
  std::set<std::string> sparkapplications;
  std::set<std::string> nodes;
};

// Parses a PodList/List (or one Pod). An Error when it is not JSON of that shape.
Result<std::vector<PodInfo>> ParsePods(std::string_view json);
// Parses SparkApplications from a List or one object.
Result<std::vector<SparkAppInfo>> ParseSparkApplications(std::string_view json);
// Builds the event scope from the pods and SparkApplications (executors that are gone
// are still named by the SparkApplication's status and by the driver's name prefix).
EventScope EventScopeFor(const std::vector<PodInfo>& pods, const std::vector<SparkAppInfo>& apps);
// Returns a v1 List of the events of list_json whose involvedObject is in scope (by
// kind: Pod, SparkApplication, Node).
Result<std::string> FilterEvents(std::string_view list_json, const EventScope& scope);
// Returns a v1 List of the items of list_json (or the single object) whose
// metadata.name is in names; every item when names is empty.
Result<std::string> FilterByName(std::string_view json, const std::set<std::string>& names);
// Returns the pod-name prefix of a Spark pod name ("etl-driver" -> "etl",
// "etl-exec-12" -> "etl"), or "" when it has neither form.
std::string SparkPodPrefix(std::string_view pod_name);

}  // namespace sparkpm::collect
