-- Views with ISO-8601 UTC text next to the epoch-ms columns, and helper views the
-- rules build on. iso(x) is spelled out as strftime so the views work in any sqlite3.

CREATE VIEW v_pods AS
SELECT p.*,
  strftime('%Y-%m-%dT%H:%M:%fZ', p.creation_ms / 1000.0, 'unixepoch') AS creation_iso, -- creation_ms as ISO text
  strftime('%Y-%m-%dT%H:%M:%fZ', p.start_ms / 1000.0, 'unixepoch') AS start_iso          -- start_ms as ISO text
FROM pods p;

CREATE VIEW v_containers AS
SELECT c.*,
  strftime('%Y-%m-%dT%H:%M:%fZ', c.state_terminated_finished_ms / 1000.0, 'unixepoch') AS state_terminated_finished_iso,          -- ISO text
  strftime('%Y-%m-%dT%H:%M:%fZ', c.last_state_terminated_finished_ms / 1000.0, 'unixepoch') AS last_state_terminated_finished_iso -- ISO text
FROM containers c;

CREATE VIEW v_events AS
SELECT e.*,
  strftime('%Y-%m-%dT%H:%M:%fZ', e.first_ms / 1000.0, 'unixepoch') AS first_iso, -- first_ms as ISO text
  strftime('%Y-%m-%dT%H:%M:%fZ', e.last_ms / 1000.0, 'unixepoch') AS last_iso    -- last_ms as ISO text
FROM events e;

CREATE VIEW v_applications AS
SELECT a.*,
  strftime('%Y-%m-%dT%H:%M:%fZ', a.start_ms / 1000.0, 'unixepoch') AS start_iso, -- start_ms as ISO text
  strftime('%Y-%m-%dT%H:%M:%fZ', a.end_ms / 1000.0, 'unixepoch') AS end_iso       -- end_ms as ISO text
FROM applications a;

CREATE VIEW v_jobs AS
SELECT j.*,
  strftime('%Y-%m-%dT%H:%M:%fZ', j.submission_ms / 1000.0, 'unixepoch') AS submission_iso, -- ISO text
  strftime('%Y-%m-%dT%H:%M:%fZ', j.completion_ms / 1000.0, 'unixepoch') AS completion_iso  -- ISO text
FROM jobs j;

CREATE VIEW v_stages AS
SELECT s.*,
  strftime('%Y-%m-%dT%H:%M:%fZ', s.submission_ms / 1000.0, 'unixepoch') AS submission_iso, -- ISO text
  strftime('%Y-%m-%dT%H:%M:%fZ', s.completion_ms / 1000.0, 'unixepoch') AS completion_iso  -- ISO text
FROM stages s;

CREATE VIEW v_tasks AS
SELECT t.*,
  strftime('%Y-%m-%dT%H:%M:%fZ', t.launch_ms / 1000.0, 'unixepoch') AS launch_iso -- launch_ms as ISO text
FROM tasks t;

CREATE VIEW v_executors AS
SELECT x.*,
  strftime('%Y-%m-%dT%H:%M:%fZ', x.add_ms / 1000.0, 'unixepoch') AS add_iso,      -- add_ms as ISO text
  strftime('%Y-%m-%dT%H:%M:%fZ', x.remove_ms / 1000.0, 'unixepoch') AS remove_iso -- remove_ms as ISO text
FROM executors x;

CREATE VIEW v_log_records AS
SELECT f.path AS path,          -- bundle path of the log
  f.pod_name AS pod_name,       -- pod of the log
  f.container_name AS container_name, -- container of the log
  f.previous AS previous,       -- 1 for a previous instance
  r.*,
  strftime('%Y-%m-%dT%H:%M:%fZ', r.time_ms / 1000.0, 'unixepoch') AS time_iso -- time_ms as ISO text
FROM log_records r JOIN log_files f USING (file_id);

CREATE VIEW v_pattern_matches AS
SELECT f.path AS path,          -- bundle path of the log
  f.pod_name AS pod_name,       -- pod of the log
  f.container_name AS container_name, -- container of the log
  f.previous AS previous,       -- 1 for a previous instance
  m.*,
  strftime('%Y-%m-%dT%H:%M:%fZ', m.time_ms / 1000.0, 'unixepoch') AS time_iso -- time_ms as ISO text
FROM pattern_matches m JOIN log_files f USING (file_id);

-- Failed task attempts grouped by (stage, index): the same partition failing again
-- and again points at skew or a bad record rather than a bad executor.
CREATE VIEW task_index_failures AS
SELECT app_id,                              -- application id
  app_attempt_id,                           -- application attempt
  stage_id,                                 -- stage id
  "index",                                  -- task index within the stage
  count(*) AS failures,                     -- failed attempts of this index, across stage attempts
  count(DISTINCT executor_id) AS executors, -- distinct executors those attempts ran on
  count(DISTINCT host) AS hosts,            -- distinct hosts
  group_concat(DISTINCT exception_class) AS exception_classes, -- exception classes seen
  max(source_path) AS source_path           -- one bundle entry holding those tasks
FROM tasks
WHERE status = 'FAILED'
GROUP BY app_id, app_attempt_id, stage_id, "index";

-- Containers joined with their pod's Spark role, for rules about drivers/executors.
CREATE VIEW spark_containers AS
SELECT c.*,
  p.spark_role AS spark_role,           -- pod label spark-role
  p.spark_exec_id AS spark_exec_id,     -- pod label spark-exec-id
  p.spark_app_selector AS spark_app_selector, -- pod label spark-app-selector
  p.node_name AS node_name,             -- node the pod ran on
  p.phase AS pod_phase,                 -- pod status.phase
  p.reason AS pod_reason,               -- pod status.reason
  p.source_path AS source_path          -- bundle entry of the pod
FROM containers c LEFT JOIN pods p ON p.name = c.pod_name AND coalesce(p.namespace, '') = coalesce(c.namespace, '');
