-- Kubernetes objects from kubectl JSON (k8s/pods.json, k8s/events.json,
-- k8s/nodes.json, k8s/sparkapplications.json, or any file of that shape).
-- Columns follow the API field paths in snake_case. Times are UTC epoch ms.

CREATE TABLE pods (
  namespace TEXT,               -- metadata.namespace
  name TEXT NOT NULL,           -- metadata.name
  uid TEXT,                     -- metadata.uid
  creation_ms INTEGER,          -- metadata.creationTimestamp
  deletion_ms INTEGER,          -- metadata.deletionTimestamp (set while the pod is being deleted)
  spark_role TEXT,              -- label spark-role: driver | executor
  spark_app_selector TEXT,      -- label spark-app-selector: the Spark application id
  spark_app_name TEXT,          -- label spark-app-name
  spark_exec_id TEXT,           -- label spark-exec-id (executor pods)
  owner_kind TEXT,              -- metadata.ownerReferences[0].kind (Pod for executors, SparkApplication for operator drivers)
  owner_name TEXT,              -- metadata.ownerReferences[0].name
  labels_json TEXT,             -- metadata.labels as a JSON object
  node_name TEXT,               -- spec.nodeName
  service_account TEXT,         -- spec.serviceAccountName
  restart_policy TEXT,          -- spec.restartPolicy
  priority_class_name TEXT,     -- spec.priorityClassName
  phase TEXT,                   -- status.phase: Pending | Running | Succeeded | Failed | Unknown
  reason TEXT,                  -- status.reason (Evicted, NodeLost, ...)
  message TEXT,                 -- status.message
  qos_class TEXT,               -- status.qosClass
  pod_ip TEXT,                  -- status.podIP
  host_ip TEXT,                 -- status.hostIP
  start_ms INTEGER,             -- status.startTime
  source_path TEXT              -- bundle entry the pod came from
);

CREATE TABLE pod_conditions (
  namespace TEXT,               -- pod metadata.namespace
  pod_name TEXT NOT NULL,       -- pod metadata.name
  type TEXT NOT NULL,           -- status.conditions[].type: PodScheduled, Initialized, ContainersReady, Ready, DisruptionTarget
  status TEXT,                  -- status.conditions[].status: True | False | Unknown
  reason TEXT,                  -- status.conditions[].reason (Unschedulable, ...)
  message TEXT,                 -- status.conditions[].message
  last_transition_ms INTEGER    -- status.conditions[].lastTransitionTime
);

CREATE TABLE containers (
  namespace TEXT,                           -- pod metadata.namespace
  pod_name TEXT NOT NULL,                   -- pod metadata.name
  name TEXT NOT NULL,                       -- container name (spark-kubernetes-driver, spark-kubernetes-executor, sidecars)
  init INTEGER NOT NULL,                    -- 1 for an init container, 0 otherwise
  image TEXT,                               -- spec image
  cpu_request TEXT,                         -- spec resources.requests.cpu as written ("1", "500m")
  cpu_request_millis INTEGER,               -- the CPU request in millicores
  memory_request_bytes INTEGER,             -- spec resources.requests.memory in bytes
  cpu_limit TEXT,                           -- spec resources.limits.cpu as written
  memory_limit_bytes INTEGER,               -- spec resources.limits.memory in bytes
  ready INTEGER,                            -- status ready (0/1)
  started INTEGER,                          -- status started (0/1)
  restart_count INTEGER,                    -- status restartCount
  state TEXT,                               -- running | waiting | terminated (which of status.state is set)
  state_waiting_reason TEXT,                -- state.waiting.reason (CrashLoopBackOff, ImagePullBackOff, ...)
  state_waiting_message TEXT,               -- state.waiting.message
  state_running_started_ms INTEGER,         -- state.running.startedAt
  state_terminated_reason TEXT,             -- state.terminated.reason (OOMKilled, Error, Completed)
  state_terminated_exit_code INTEGER,       -- state.terminated.exitCode
  state_terminated_signal INTEGER,          -- state.terminated.signal
  state_terminated_message TEXT,            -- state.terminated.message
  state_terminated_started_ms INTEGER,      -- state.terminated.startedAt
  state_terminated_finished_ms INTEGER,     -- state.terminated.finishedAt
  last_state_terminated_reason TEXT,        -- lastState.terminated.reason: why the previous instance ended
  last_state_terminated_exit_code INTEGER,  -- lastState.terminated.exitCode
  last_state_terminated_message TEXT,       -- lastState.terminated.message
  last_state_terminated_started_ms INTEGER, -- lastState.terminated.startedAt
  last_state_terminated_finished_ms INTEGER -- lastState.terminated.finishedAt
);

CREATE TABLE events (
  namespace TEXT,               -- metadata.namespace
  name TEXT,                    -- metadata.name
  type TEXT,                    -- type: Normal | Warning
  reason TEXT,                  -- reason (OOMKilling, FailedScheduling, BackOff, Evicted, ...)
  message TEXT,                 -- message (note for events.k8s.io/v1)
  involved_kind TEXT,           -- involvedObject.kind (regarding.kind for events.k8s.io/v1)
  involved_name TEXT,           -- involvedObject.name
  involved_namespace TEXT,      -- involvedObject.namespace
  involved_uid TEXT,            -- involvedObject.uid
  involved_field_path TEXT,     -- involvedObject.fieldPath (spec.containers{name})
  source_component TEXT,        -- source.component (reportingController for events.k8s.io/v1)
  source_host TEXT,             -- source.host
  count INTEGER,                -- count (series.count), at least 1
  first_ms INTEGER,             -- firstTimestamp, else eventTime, else metadata.creationTimestamp
  last_ms INTEGER,              -- lastTimestamp, else series.lastObservedTime, else first_ms
  source_path TEXT              -- bundle entry the event came from
);

CREATE TABLE nodes (
  name TEXT NOT NULL,                 -- metadata.name
  uid TEXT,                           -- metadata.uid
  creation_ms INTEGER,                -- metadata.creationTimestamp
  instance_type TEXT,                 -- label node.kubernetes.io/instance-type (or beta.kubernetes.io/instance-type)
  zone TEXT,                          -- label topology.kubernetes.io/zone (or failure-domain.beta.kubernetes.io/zone)
  unschedulable INTEGER,              -- spec.unschedulable (0/1)
  taints_json TEXT,                   -- spec.taints as a JSON array
  capacity_cpu_millis INTEGER,        -- status.capacity.cpu in millicores
  capacity_memory_bytes INTEGER,      -- status.capacity.memory in bytes
  allocatable_cpu_millis INTEGER,     -- status.allocatable.cpu in millicores
  allocatable_memory_bytes INTEGER,   -- status.allocatable.memory in bytes
  kubelet_version TEXT,               -- status.nodeInfo.kubeletVersion
  os_image TEXT,                      -- status.nodeInfo.osImage
  container_runtime_version TEXT,     -- status.nodeInfo.containerRuntimeVersion
  source_path TEXT                    -- bundle entry the node came from
);

CREATE TABLE node_conditions (
  node_name TEXT NOT NULL,      -- node metadata.name
  type TEXT NOT NULL,           -- status.conditions[].type: Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable
  status TEXT,                  -- True | False | Unknown
  reason TEXT,                  -- reason (KubeletReady, KubeletHasInsufficientMemory, NodeStatusUnknown)
  message TEXT,                 -- message
  last_heartbeat_ms INTEGER,    -- lastHeartbeatTime
  last_transition_ms INTEGER    -- lastTransitionTime
);

CREATE TABLE sparkapplications (
  namespace TEXT,                 -- metadata.namespace
  name TEXT NOT NULL,             -- metadata.name
  api_version TEXT,               -- apiVersion (sparkoperator.k8s.io/v1beta2, spark.apache.org/v1...)
  state TEXT,                     -- status.applicationState.state (kubeflow) or status.currentState.currentStateSummary (apache)
  error_message TEXT,             -- status.applicationState.errorMessage (kubeflow) or status.currentState.message (apache)
  spark_application_id TEXT,      -- status.sparkApplicationId
  driver_pod TEXT,                -- status.driverInfo.podName
  submission_attempts INTEGER,    -- status.submissionAttempts
  execution_attempts INTEGER,     -- status.executionAttempts
  last_submission_ms INTEGER,     -- status.lastSubmissionAttemptTime
  termination_ms INTEGER,         -- status.terminationTime
  spec_json TEXT,                 -- spec as JSON (for remediation: memory, cores, dynamic allocation)
  source_path TEXT                -- bundle entry the object came from
);
