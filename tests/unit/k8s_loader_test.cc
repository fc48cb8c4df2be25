// Kubernetes JSON into pods, pod_conditions, containers, events, nodes,
// node_conditions and sparkapplications; quantities; malformed objects.
#include <gtest/gtest.h>

#include <string>

#include "sparkpm/json_loaders.h"
#include "sparkpm/time_parse.h"
#include "test_support.h"

namespace sparkpm {
namespace {

using testing::NewDatabase;
using testing::QueryColumn;
using testing::QueryInt;

class K8sLoaderTest : public ::testing::Test {
 protected:
  EntryOutcome Load(std::string_view path, std::string_view json) {
    simdjson::padded_string padded(json);
    return LoadJsonEntry(ctx_, path, padded);
  }
  int64_t Int(const std::string& sql) { return QueryInt(*db_, sql); }
  std::string Text(const std::string& sql) {
    auto v = QueryColumn(*db_, sql);
    return v.empty() ? std::string("<no row>") : v[0];
  }

  std::unique_ptr<Database> db_ = NewDatabase();
  LoadLimits limits_;
  LoadContext ctx_{*db_, limits_};
};

int64_t Ms(std::string_view rfc3339) { return ParseRfc3339Ms(rfc3339).value(); }

TEST(KubernetesQuantityTest, BytesTable) {
  struct Case {
    const char* text;
    int64_t bytes;
  };
  const Case cases[] = {
      {"0", 0},
      {"1", 1},
      {"1Ki", 1024},
      {"100Mi", 104857600},
      {"4Gi", 4294967296},
      {"1.5Gi", 1610612736},
      {"2Ti", 2199023255552},
      {"1Pi", 1125899906842624},
      {"1Ei", 1152921504606846976},
      {"1k", 1000},
      {"500M", 500000000},
      {"3G", 3000000000},
      {"1T", 1000000000000},
      {"2P", 2000000000000000},
      {"1E", 1000000000000000000},
      {"129e6", 129000000},
      {"129E6", 129000000},
      {"1e3", 1000},
      {"12e-1", 2},  // 1.2 rounds up
      {"30873004Ki", 31613956096},
      {"0.5", 1},   // half a byte rounds up
      {"100m", 1},  // a tenth of a byte rounds up
      {"1500m", 2},
      {"+7", 7},
      {"-1Ki", -1024},
      {"0.000001Mi", 2},
      {"007", 7},
  };
  for (const auto& c : cases) {
    auto v = ParseQuantityBytes(c.text);
    ASSERT_TRUE(v.has_value()) << c.text;
    EXPECT_EQ(*v, c.bytes) << c.text;
  }
}

TEST(KubernetesQuantityTest, CpuMillisTable) {
  struct Case {
    const char* text;
    int64_t millis;
  };
  const Case cases[] = {
      {"1", 1000},     {"2", 2000},   {"500m", 500},    {"0.5", 500},    {"0.25", 250},
      {"1.5", 1500},   {"250m", 250}, {"100m", 100},    {"1200m", 1200}, {"0.0001", 1},
      {"1k", 1000000}, {"2e0", 2000}, {"500000u", 500}, {"1n", 1},
  };
  for (const auto& c : cases) {
    auto v = ParseCpuMillis(c.text);
    ASSERT_TRUE(v.has_value()) << c.text;
    EXPECT_EQ(*v, c.millis) << c.text;
  }
}

TEST(KubernetesQuantityTest, MalformedQuantities) {
  for (const char* bad : {"", "Gi", "1.2.3", "1Gb", "1 Gi", "abc", "1e", "1ki", "1K", "--1",
                          "1e9999", "9Ei", "99999999999999999999", ".", "1.5.Gi"}) {
    EXPECT_FALSE(ParseQuantityBytes(bad).has_value()) << bad;
  }
  EXPECT_FALSE(ParseCpuMillis("10000000000000000").has_value());  // overflows in millis
}

constexpr std::string_view kPodList = R"({
  "kind": "PodList", "apiVersion": "v1",
  "items": [{
    "metadata": {
      "name": "etl-driver", "namespace": "spark-jobs", "uid": "u-1",
      "creationTimestamp": "2024-01-02T03:04:05Z",
      "deletionTimestamp": "2024-01-02T04:00:00Z",
      "labels": {"spark-role": "driver", "spark-app-selector": "spark-abc",
                 "spark-app-name": "etl", "team": "data"},
      "ownerReferences": [{"kind": "SparkApplication", "name": "etl"},
                          {"kind": "Other", "name": "x"}]
    },
    "spec": {
      "nodeName": "node-a", "serviceAccountName": "spark", "restartPolicy": "Never",
      "priorityClassName": "high",
      "initContainers": [{"name": "init-conf", "image": "busybox"}],
      "containers": [
        {"name": "spark-kubernetes-driver", "image": "spark:3.5",
         "resources": {"requests": {"cpu": "500m", "memory": "4Gi"},
                       "limits": {"cpu": "2", "memory": "4505Mi"}}},
        {"name": "sidecar", "image": "proxy:1"}
      ]
    },
    "status": {
      "phase": "Failed", "reason": "Evicted", "message": "low memory",
      "qosClass": "Burstable", "podIP": "10.0.0.7", "hostIP": "192.168.1.3",
      "startTime": "2024-01-02T03:04:06Z",
      "conditions": [
        {"type": "PodScheduled", "status": "True",
         "lastTransitionTime": "2024-01-02T03:04:05Z"},
        {"type": "Ready", "status": "False", "reason": "ContainersNotReady",
         "message": "containers with unready status: [spark-kubernetes-driver]",
         "lastTransitionTime": "2024-01-02T03:30:00Z"}
      ],
      "initContainerStatuses": [
        {"name": "init-conf", "ready": true, "restartCount": 0,
         "state": {"terminated": {"exitCode": 0, "reason": "Completed",
                                  "startedAt": "2024-01-02T03:04:07Z",
                                  "finishedAt": "2024-01-02T03:04:08Z"}}}
      ],
      "containerStatuses": [
        {"name": "spark-kubernetes-driver", "ready": false, "started": false, "restartCount": 2,
         "image": "spark:3.5",
         "state": {"terminated": {"exitCode": 137, "signal": 9, "reason": "OOMKilled",
                                  "message": "killed", "startedAt": "2024-01-02T03:10:00Z",
                                  "finishedAt": "2024-01-02T03:29:59Z"}},
         "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "message": "boom",
                                      "startedAt": "2024-01-02T03:05:00Z",
                                      "finishedAt": "2024-01-02T03:09:00Z"}}},
        {"name": "sidecar", "ready": true, "started": true, "restartCount": 0,
         "state": {"running": {"startedAt": "2024-01-02T03:04:09Z"}}},
        {"name": "debugger", "ready": false, "restartCount": 0, "image": "debug:1",
         "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s"}}}
      ]
    }
  }]
})";

TEST_F(K8sLoaderTest, PodListLoadsPodsContainersAndConditions) {
  EntryOutcome o = Load("k8s/pods.json", kPodList);
  EXPECT_EQ(o.kind, "pods");
  EXPECT_EQ(o.status, "loaded") << o.detail;
  EXPECT_EQ(o.detail, "1 pod, 2 conditions, 4 containers");
  EXPECT_EQ(o.rows, 7);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors"), 0);

  EXPECT_EQ(Text("SELECT namespace || '|' || uid || '|' || spark_role || '|' || "
                 "spark_app_selector || '|' || spark_app_name || '|' || owner_kind || '|' || "
                 "owner_name || '|' || node_name || '|' || service_account || '|' || "
                 "restart_policy || '|' || priority_class_name || '|' || phase || '|' || reason "
                 "|| '|' || message || '|' || qos_class || '|' || pod_ip || '|' || host_ip || "
                 "'|' || source_path FROM pods"),
            "spark-jobs|u-1|driver|spark-abc|etl|SparkApplication|etl|node-a|spark|Never|high|"
            "Failed|Evicted|low memory|Burstable|10.0.0.7|192.168.1.3|k8s/pods.json");
  EXPECT_EQ(Int("SELECT spark_exec_id IS NULL FROM pods"), 1);
  EXPECT_EQ(Int("SELECT creation_ms FROM pods"), Ms("2024-01-02T03:04:05Z"));
  EXPECT_EQ(Int("SELECT deletion_ms FROM pods"), Ms("2024-01-02T04:00:00Z"));
  EXPECT_EQ(Int("SELECT start_ms FROM pods"), Ms("2024-01-02T03:04:06Z"));
  EXPECT_EQ(Text("SELECT json_extract(labels_json, '$.team') FROM pods"), "data");

  EXPECT_EQ(Text("SELECT reason FROM pod_conditions WHERE type = 'Ready'"), "ContainersNotReady");
  EXPECT_EQ(Int("SELECT last_transition_ms FROM pod_conditions WHERE type = 'Ready'"),
            Ms("2024-01-02T03:30:00Z"));

  const std::string driver = " FROM containers WHERE name = 'spark-kubernetes-driver'";
  EXPECT_EQ(Int("SELECT init" + driver), 0);
  EXPECT_EQ(Text("SELECT cpu_request || '|' || cpu_limit || '|' || image" + driver),
            "500m|2|spark:3.5");
  EXPECT_EQ(Int("SELECT cpu_request_millis" + driver), 500);
  EXPECT_EQ(Int("SELECT memory_request_bytes" + driver), 4294967296);
  EXPECT_EQ(Int("SELECT memory_limit_bytes" + driver), 4505LL * 1024 * 1024);
  EXPECT_EQ(Int("SELECT restart_count" + driver), 2);
  EXPECT_EQ(Int("SELECT ready" + driver), 0);
  EXPECT_EQ(Text("SELECT state" + driver), "terminated");
  EXPECT_EQ(Text("SELECT state_terminated_reason" + driver), "OOMKilled");
  EXPECT_EQ(Int("SELECT state_terminated_exit_code" + driver), 137);
  EXPECT_EQ(Int("SELECT state_terminated_signal" + driver), 9);
  EXPECT_EQ(Int("SELECT state_terminated_finished_ms" + driver), Ms("2024-01-02T03:29:59Z"));
  EXPECT_EQ(Text("SELECT last_state_terminated_reason" + driver), "Error");
  EXPECT_EQ(Int("SELECT last_state_terminated_exit_code" + driver), 1);
  EXPECT_EQ(Text("SELECT last_state_terminated_message" + driver), "boom");
  EXPECT_EQ(Int("SELECT last_state_terminated_started_ms" + driver), Ms("2024-01-02T03:05:00Z"));

  EXPECT_EQ(Text("SELECT state FROM containers WHERE name = 'sidecar'"), "running");
  EXPECT_EQ(Int("SELECT state_running_started_ms FROM containers WHERE name = 'sidecar'"),
            Ms("2024-01-02T03:04:09Z"));
  EXPECT_EQ(Int("SELECT cpu_request_millis IS NULL FROM containers WHERE name = 'sidecar'"), 1);
  EXPECT_EQ(Int("SELECT init FROM containers WHERE name = 'init-conf'"), 1);
  EXPECT_EQ(Text("SELECT state_terminated_reason FROM containers WHERE name = 'init-conf'"),
            "Completed");
  // A status without a spec entry still gets a row, with the status image.
  EXPECT_EQ(Text("SELECT state_waiting_reason || '|' || image FROM containers WHERE name = "
                 "'debugger'"),
            "CrashLoopBackOff|debug:1");
  EXPECT_EQ(Int("SELECT count(*) FROM containers WHERE pod_name = 'etl-driver' AND namespace = "
                "'spark-jobs'"),
            4);
}

TEST_F(K8sLoaderTest, KubectlListOfPodsIsPods) {
  EntryOutcome o = Load("k8s/pods.json", R"({"kind": "List", "apiVersion": "v1", "items": [
      {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "a", "namespace": "n",
       "labels": {"spark-role": "executor", "spark-exec-id": "3"}}},
      {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "b", "namespace": "n"}}]})");
  EXPECT_EQ(o.kind, "pods");
  EXPECT_EQ(o.status, "loaded");
  EXPECT_EQ(o.detail, "2 pods");
  EXPECT_EQ(Text("SELECT spark_exec_id FROM pods WHERE name = 'a'"), "3");
}

TEST_F(K8sLoaderTest, EmptyListTakesItsKindFromThePath) {
  EntryOutcome o = Load("k8s/events.json", R"({"kind": "List", "apiVersion": "v1", "items": []})");
  EXPECT_EQ(o.kind, "events");
  EXPECT_EQ(o.status, "loaded");
  EXPECT_EQ(o.rows, 0);
}

TEST_F(K8sLoaderTest, SinglePodObject) {
  EntryOutcome o = Load("pod-after-crash.json", R"({"kind": "Pod", "apiVersion": "v1",
      "metadata": {"name": "solo"}, "spec": {"containers": [{"name": "c"}]}})");
  EXPECT_EQ(o.kind, "pods");
  EXPECT_EQ(o.detail, "1 pod, 1 container");
  EXPECT_EQ(Int("SELECT count(*) FROM containers WHERE pod_name = 'solo' AND state IS NULL"), 1);
}

TEST_F(K8sLoaderTest, CoreV1Events) {
  EntryOutcome o = Load("k8s/events.json", R"({"kind": "EventList", "apiVersion": "v1", "items": [
    {"metadata": {"name": "e1", "namespace": "ns", "creationTimestamp": "2024-01-02T03:00:00Z"},
     "type": "Warning", "reason": "OOMKilling", "message": "Memory cgroup out of memory",
     "involvedObject": {"kind": "Pod", "name": "exec-1", "namespace": "ns", "uid": "u9",
                        "fieldPath": "spec.containers{spark-kubernetes-executor}"},
     "source": {"component": "kubelet", "host": "node-a"}, "count": 4,
     "firstTimestamp": "2024-01-02T03:01:00Z", "lastTimestamp": "2024-01-02T03:05:00Z"},
    {"metadata": {"name": "e2", "creationTimestamp": "2024-01-02T03:00:00Z"},
     "reason": "Scheduled", "involvedObject": {"kind": "Pod", "name": "p"},
     "source": {}, "firstTimestamp": null, "lastTimestamp": null,
     "eventTime": "2024-01-02T03:02:00.123456Z", "reportingComponent": "default-scheduler"},
    {"metadata": {"name": "e3", "creationTimestamp": "2024-01-02T03:00:00Z"},
     "reason": "BackOff", "involvedObject": {"kind": "Pod", "name": "p"},
     "eventTime": "2024-01-02T03:03:00Z",
     "series": {"count": 9, "lastObservedTime": "2024-01-02T03:09:00Z"}},
    {"metadata": {"name": "e4", "creationTimestamp": "2024-01-02T03:00:07Z"},
     "reason": "Pulled", "count": 0}
  ]})");
  EXPECT_EQ(o.kind, "events");
  EXPECT_EQ(o.status, "loaded") << o.detail;
  EXPECT_EQ(o.detail, "4 events");
  const std::string e1 = " FROM events WHERE name = 'e1'";
  EXPECT_EQ(Text("SELECT namespace || '|' || type || '|' || reason || '|' || message || '|' || "
                 "involved_kind || '|' || involved_name || '|' || involved_namespace || '|' || "
                 "involved_uid || '|' || involved_field_path || '|' || source_component || '|' "
                 "|| source_host || '|' || source_path" +
                 e1),
            "ns|Warning|OOMKilling|Memory cgroup out of memory|Pod|exec-1|ns|u9|"
            "spec.containers{spark-kubernetes-executor}|kubelet|node-a|k8s/events.json");
  EXPECT_EQ(Int("SELECT count" + e1), 4);
  EXPECT_EQ(Int("SELECT first_ms" + e1), Ms("2024-01-02T03:01:00Z"));
  EXPECT_EQ(Int("SELECT last_ms" + e1), Ms("2024-01-02T03:05:00Z"));
  // eventTime when firstTimestamp is null; last_ms falls back to first_ms; count defaults to 1.
  EXPECT_EQ(Int("SELECT first_ms FROM events WHERE name = 'e2'"), Ms("2024-01-02T03:02:00.123Z"));
  EXPECT_EQ(Int("SELECT last_ms FROM events WHERE name = 'e2'"), Ms("2024-01-02T03:02:00.123Z"));
  EXPECT_EQ(Int("SELECT count FROM events WHERE name = 'e2'"), 1);
  EXPECT_EQ(Text("SELECT source_component FROM events WHERE name = 'e2'"), "default-scheduler");
  // series: count and lastObservedTime.
  EXPECT_EQ(Int("SELECT count FROM events WHERE name = 'e3'"), 9);
  EXPECT_EQ(Int("SELECT last_ms FROM events WHERE name = 'e3'"), Ms("2024-01-02T03:09:00Z"));
  // Only metadata.creationTimestamp; a count of 0 is stored as at least 1.
  EXPECT_EQ(Int("SELECT first_ms FROM events WHERE name = 'e4'"), Ms("2024-01-02T03:00:07Z"));
  EXPECT_EQ(Int("SELECT count FROM events WHERE name = 'e4'"), 1);
}

TEST_F(K8sLoaderTest, EventsK8sIoV1Events) {
  EntryOutcome o = Load("k8s/events.json", R"({"kind": "EventList",
    "apiVersion": "events.k8s.io/v1", "items": [
    {"kind": "Event", "apiVersion": "events.k8s.io/v1",
     "metadata": {"name": "n1", "namespace": "ns", "creationTimestamp": "2024-01-02T03:00:00Z"},
     "eventTime": "2024-01-02T03:01:00.000000Z", "reportingController": "kubelet",
     "reportingInstance": "node-b", "action": "Killing", "reason": "Evicted",
     "regarding": {"kind": "Pod", "name": "exec-2", "namespace": "ns", "uid": "u2"},
     "note": "The node was low on resource: memory.", "type": "Warning",
     "deprecatedSource": {"component": "kubelet", "host": "node-b"},
     "deprecatedCount": 3,
     "deprecatedLastTimestamp": "2024-01-02T03:07:00Z"}]})");
  EXPECT_EQ(o.kind, "events");
  EXPECT_EQ(o.status, "loaded") << o.detail;
  EXPECT_EQ(Text("SELECT message || '|' || involved_kind || '|' || involved_name || '|' || "
                 "involved_uid || '|' || source_component || '|' || source_host FROM events"),
            "The node was low on resource: memory.|Pod|exec-2|u2|kubelet|node-b");
  EXPECT_EQ(Int("SELECT count FROM events"), 3);
  EXPECT_EQ(Int("SELECT first_ms FROM events"), Ms("2024-01-02T03:01:00Z"));
  EXPECT_EQ(Int("SELECT last_ms FROM events"), Ms("2024-01-02T03:07:00Z"));
}

TEST_F(K8sLoaderTest, NodesWithOldAndNewLabels) {
  EntryOutcome o = Load("k8s/nodes.json", R"({"kind": "NodeList", "apiVersion": "v1", "items": [
    {"metadata": {"name": "n-new", "uid": "un", "creationTimestamp": "2024-01-01T00:00:00Z",
                  "labels": {"node.kubernetes.io/instance-type": "m5.2xlarge",
                             "topology.kubernetes.io/zone": "eu-west-1a",
                             "beta.kubernetes.io/instance-type": "old-ignored"}},
     "spec": {"unschedulable": true,
              "taints": [{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}]},
     "status": {"capacity": {"cpu": "8", "memory": "32247404Ki"},
                "allocatable": {"cpu": "7910m", "memory": "31196780Ki"},
                "nodeInfo": {"kubeletVersion": "v1.29.1", "osImage": "Bottlerocket",
                             "containerRuntimeVersion": "containerd://1.7.11"},
                "conditions": [
                  {"type": "MemoryPressure", "status": "True",
                   "reason": "KubeletHasInsufficientMemory", "message": "low",
                   "lastHeartbeatTime": "2024-01-02T03:00:00Z",
                   "lastTransitionTime": "2024-01-02T02:00:00Z"},
                  {"type": "Ready", "status": "True", "reason": "KubeletReady"}]}},
    {"metadata": {"name": "n-old",
                  "labels": {"beta.kubernetes.io/instance-type": "n1-standard-4",
                             "failure-domain.beta.kubernetes.io/zone": "us-central1-b"}},
     "status": {"capacity": {"cpu": "4", "memory": "15Gi"}}}]})");
  EXPECT_EQ(o.kind, "nodes");
  EXPECT_EQ(o.status, "loaded") << o.detail;
  EXPECT_EQ(o.detail, "2 nodes, 2 node conditions");
  const std::string n = " FROM nodes WHERE name = 'n-new'";
  EXPECT_EQ(Text("SELECT instance_type || '|' || zone || '|' || kubelet_version || '|' || "
                 "os_image || '|' || container_runtime_version" +
                 n),
            "m5.2xlarge|eu-west-1a|v1.29.1|Bottlerocket|containerd://1.7.11");
  EXPECT_EQ(Int("SELECT unschedulable" + n), 1);
  EXPECT_EQ(Text("SELECT json_extract(taints_json, '$[0].effect')" + n), "NoSchedule");
  EXPECT_EQ(Int("SELECT capacity_cpu_millis" + n), 8000);
  EXPECT_EQ(Int("SELECT capacity_memory_bytes" + n), 32247404LL * 1024);
  EXPECT_EQ(Int("SELECT allocatable_cpu_millis" + n), 7910);
  EXPECT_EQ(Int("SELECT allocatable_memory_bytes" + n), 31196780LL * 1024);
  EXPECT_EQ(Int("SELECT creation_ms" + n), Ms("2024-01-01T00:00:00Z"));
  EXPECT_EQ(Text("SELECT instance_type || '|' || zone FROM nodes WHERE name = 'n-old'"),
            "n1-standard-4|us-central1-b");
  EXPECT_EQ(Int("SELECT unschedulable FROM nodes WHERE name = 'n-old'"), 0);
  EXPECT_EQ(Int("SELECT taints_json IS NULL FROM nodes WHERE name = 'n-old'"), 1);
  EXPECT_EQ(Int("SELECT capacity_memory_bytes FROM nodes WHERE name = 'n-old'"),
            15LL * 1024 * 1024 * 1024);
  EXPECT_EQ(Text("SELECT reason FROM node_conditions WHERE type = 'MemoryPressure'"),
            "KubeletHasInsufficientMemory");
  EXPECT_EQ(Int("SELECT last_heartbeat_ms FROM node_conditions WHERE type = 'MemoryPressure'"),
            Ms("2024-01-02T03:00:00Z"));
}

TEST_F(K8sLoaderTest, MixedListDispatchesPerItemKind) {
  EntryOutcome o = Load("k8s/everything.json", R"({"kind": "List", "apiVersion": "v1", "items": [
    {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "p"}},
    {"kind": "Event", "apiVersion": "v1", "metadata": {"name": "e"}, "reason": "Killing"},
    {"kind": "Node", "apiVersion": "v1", "metadata": {"name": "n"}},
    {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "c"}},
    {"kind": "Service", "apiVersion": "v1", "metadata": {"name": "s"}},
    {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "c2"}}]})");
  EXPECT_EQ(o.kind, "k8s_list");
  EXPECT_EQ(o.status, "loaded");
  EXPECT_EQ(o.detail, "1 pod, 1 event, 1 node; not analysed: 2 ConfigMap, 1 Service");
  EXPECT_EQ(Int("SELECT count(*) FROM pods") + Int("SELECT count(*) FROM events") +
                Int("SELECT count(*) FROM nodes"),
            3);
}

TEST_F(K8sLoaderTest, ListItemsWithoutKindAreRecognisedByShape) {
  EntryOutcome o = Load("mixed.json", R"({"kind": "List", "items": [
    {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c"}]}},
    {"metadata": {"name": "n"}, "status": {"nodeInfo": {"kubeletVersion": "v1.30"}}},
    {"metadata": {"name": "e"}, "involvedObject": {"kind": "Pod", "name": "p"}},
    {"metadata": {"name": "mystery"}}]})");
  EXPECT_EQ(o.kind, "k8s_list");
  EXPECT_EQ(o.status, "partial");
  EXPECT_EQ(Int("SELECT count(*) FROM pods WHERE name = 'p'"), 1);
  EXPECT_EQ(Int("SELECT count(*) FROM nodes WHERE kubelet_version = 'v1.30'"), 1);
  EXPECT_EQ(Int("SELECT count(*) FROM events WHERE involved_name = 'p'"), 1);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE message LIKE 'item 3:%'"), 1);
}

TEST_F(K8sLoaderTest, MalformedItemsAreRecordedAndSkipped) {
  EntryOutcome o = Load("k8s/pods.json", R"({"kind": "PodList", "apiVersion": "v1", "items": [
    {"metadata": {"name": "good", "namespace": "ns"},
     "spec": {"containers": [{"name": "c", "resources": {"requests": {"memory": "lots"}}}]},
     "status": {"containerStatuses": [{"name": "c", "restartCount": "three", "ready": "yes",
                                       "state": {"waiting": {"reason": 5}}}],
                "conditions": [{"status": "True"}, "junk", {"type": "Ready"}]}},
    42,
    {"metadata": {"namespace": "ns"}},
    {"metadata": ["not", "an", "object"]},
    {"metadata": {"name": "fine"}, "status": {"phase": "Running", "startTime": "yesterday"}}]})");
  EXPECT_EQ(o.kind, "pods");
  EXPECT_EQ(o.status, "partial");
  EXPECT_EQ(Int("SELECT count(*) FROM pods"), 2);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE path = 'k8s/pods.json' AND message "
                "LIKE 'item 1 is a JSON number%'"),
            1);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE message LIKE 'item 2: Pod without "
                "metadata.name%'"),
            1);
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE message LIKE 'item 3: Pod without "
                "metadata.name%'"),
            1);
  // The good pod is kept; its wrong-typed fields are NULL and named in one error.
  auto messages = QueryColumn(*db_,
                              "SELECT message FROM load_errors WHERE message LIKE "
                              "'item 0 (pod good)%'");
  ASSERT_EQ(messages.size(), 1u);
  for (const char* field :
       {"restartCount", "ready", "waiting/reason", "memory", "conditions[0]", "conditions[1]"}) {
    EXPECT_NE(messages[0].find(field), std::string::npos) << field << " in " << messages[0];
  }
  EXPECT_EQ(Int("SELECT restart_count IS NULL AND ready IS NULL AND memory_request_bytes IS NULL "
                "AND state = 'waiting' FROM containers WHERE pod_name = 'good'"),
            1);
  EXPECT_EQ(Int("SELECT count(*) FROM pod_conditions WHERE pod_name = 'good'"), 1);
  EXPECT_EQ(Int("SELECT start_ms IS NULL FROM pods WHERE name = 'fine'"), 1);
  EXPECT_EQ(Text("SELECT phase FROM pods WHERE name = 'fine'"), "Running");
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors WHERE message LIKE 'item 4 (pod fine)%"
                "startTime%'"),
            1);
}

TEST_F(K8sLoaderTest, ListWithoutItemsFails) {
  EntryOutcome o = Load("k8s/pods.json", R"({"kind": "PodList", "apiVersion": "v1",
                                            "items": {"a": 1}})");
  EXPECT_EQ(o.status, "failed");
  EXPECT_FALSE(o.not_json);
  EXPECT_NE(o.detail.find("without an items array"), std::string::npos);
}

TEST_F(K8sLoaderTest, AllItemsBadIsFailed) {
  EntryOutcome o = Load("k8s/nodes.json", R"({"kind": "NodeList", "apiVersion": "v1",
                                             "items": [1, "two", {"metadata": {}}]})");
  EXPECT_EQ(o.kind, "nodes");
  EXPECT_EQ(o.status, "failed");
  EXPECT_EQ(Int("SELECT count(*) FROM load_errors"), 3);
}

TEST_F(K8sLoaderTest, KubeflowSparkApplication) {
  EntryOutcome o = Load("k8s/sparkapplications.json", R"({"kind": "SparkApplicationList",
    "apiVersion": "sparkoperator.k8s.io/v1beta2", "items": [{
      "apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication",
      "metadata": {"name": "spark-pi", "namespace": "default"},
      "spec": {"driver": {"memory": "512m", "cores": 1}, "executor": {"instances": 2}},
      "status": {"sparkApplicationId": "spark-5f4b",
                 "applicationState": {"state": "FAILED", "errorMessage": "driver container failed"},
                 "driverInfo": {"podName": "spark-pi-driver"},
                 "submissionAttempts": 1, "executionAttempts": 2,
                 "lastSubmissionAttemptTime": "2024-01-02T03:00:00Z",
                 "terminationTime": "2024-01-02T03:10:00Z"}}]})");
  EXPECT_EQ(o.kind, "sparkapplications");
  EXPECT_EQ(o.status, "loaded") << o.detail;
  EXPECT_EQ(Text("SELECT namespace || '|' || api_version || '|' || state || '|' || error_message "
                 "|| '|' || spark_application_id || '|' || driver_pod FROM sparkapplications"),
            "default|sparkoperator.k8s.io/v1beta2|FAILED|driver container failed|spark-5f4b|"
            "spark-pi-driver");
  EXPECT_EQ(Int("SELECT submission_attempts FROM sparkapplications"), 1);
  EXPECT_EQ(Int("SELECT execution_attempts FROM sparkapplications"), 2);
  EXPECT_EQ(Int("SELECT last_submission_ms FROM sparkapplications"), Ms("2024-01-02T03:00:00Z"));
  EXPECT_EQ(Int("SELECT termination_ms FROM sparkapplications"), Ms("2024-01-02T03:10:00Z"));
  EXPECT_EQ(Text("SELECT json_extract(spec_json, '$.driver.memory') FROM sparkapplications"),
            "512m");
}

TEST_F(K8sLoaderTest, ApacheSparkApplication) {
  EntryOutcome o = Load("sa.json", R"({"apiVersion": "spark.apache.org/v1beta1",
      "kind": "SparkApplication", "metadata": {"name": "pi", "namespace": "ns"},
      "spec": {"mainClass": "org.apache.spark.examples.SparkPi"},
      "status": {"currentState": {"currentStateSummary": "DriverStartTimedOut",
                                  "message": "driver did not start in time"}}})");
  EXPECT_EQ(o.kind, "sparkapplications");
  EXPECT_EQ(Text("SELECT api_version || '|' || state || '|' || error_message FROM "
                 "sparkapplications"),
            "spark.apache.org/v1beta1|DriverStartTimedOut|driver did not start in time");
}

}  // namespace
}  // namespace sparkpm
