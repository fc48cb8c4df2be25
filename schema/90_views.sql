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

-- Task durations per stage attempt over its successful tasks (stage_task_quantiles) with
-- the stage they belong to, and the skew ratio max / median of the executor run time,
-- the measure Dr. Elephant's and DataFlint's skew checks use.
CREATE VIEW stage_task_durations AS
SELECT q.app_id,                      -- application id
  q.app_attempt_id,                   -- application attempt
  q.stage_id,                         -- stage id
  q.stage_attempt_id,                 -- stage attempt
  s.name AS stage_name,               -- stage name
  s.status AS stage_status,           -- stage status
  q.tasks,                            -- successful tasks the quantiles are taken over
  q.duration_p50,                     -- median task duration (launch to finish, ms)
  q.duration_p75,                     -- 75th percentile task duration (ms)
  q.duration_p95,                     -- 95th percentile task duration (ms)
  q.duration_max,                     -- longest task (ms)
  q.run_time_p50,                     -- median executor run time (ms)
  q.run_time_max,                     -- longest executor run time (ms)
  q.longest_task_index,               -- index of the task with the longest run time
  CASE WHEN q.run_time_p50 > 0 THEN round(1.0 * q.run_time_max / q.run_time_p50, 1) END
    AS skew_ratio,                    -- run_time_max / run_time_p50 (NULL when the median is 0)
  s.completion_ms - s.submission_ms AS stage_duration, -- wall time of the stage attempt (ms)
  CASE WHEN s.completion_ms > s.submission_ms
       THEN round(1.0 * q.duration_max / (s.completion_ms - s.submission_ms), 2) END
    AS longest_task_share,            -- longest task / stage wall time: near 1 when one task held the stage up
  s.source_path AS source_path,       -- bundle entry of the stage
  s.source_line AS source_line        -- event log line of the stage (NULL for REST JSON)
FROM stage_task_quantiles q
LEFT JOIN stages s ON s.app_id = q.app_id AND s.app_attempt_id = q.app_attempt_id
  AND s.stage_id = q.stage_id AND s.attempt_id = q.stage_attempt_id;

-- Every executor with its lifetime and, for removed ones, why it went away in a few
-- words (loss_category) and whether that was a failure rather than the driver's choice.
CREATE VIEW executor_lifetimes AS
SELECT x.app_id,                      -- application id
  x.app_attempt_id,                   -- application attempt
  x.executor_id,                      -- executor id
  x.host,                             -- host
  x.add_ms,                           -- when it was added
  x.remove_ms,                        -- when it was removed (NULL: still there at the end)
  strftime('%Y-%m-%dT%H:%M:%fZ', x.add_ms / 1000.0, 'unixepoch') AS add_iso,       -- add_ms as ISO text
  strftime('%Y-%m-%dT%H:%M:%fZ', x.remove_ms / 1000.0, 'unixepoch') AS remove_iso, -- remove_ms as ISO text
  x.remove_ms - x.add_ms AS lifetime_ms, -- how long it lived (ms)
  x.remove_reason,                    -- Spark's removal reason as written
  CASE
    WHEN x.remove_ms IS NULL AND coalesce(x.remove_reason, '') = '' THEN 'still running'
    WHEN x.remove_reason LIKE 'Executor killed by driver%' THEN 'released by the driver'
    WHEN x.remove_reason LIKE '%decommission%' THEN 'decommissioned'
    WHEN x.remove_reason LIKE '%exit code 137%' OR x.remove_reason LIKE '%OOMKilled%'
      OR x.remove_reason LIKE '%exceeding memory limits%' OR x.remove_reason LIKE '%Exit status: 137%'
      THEN 'container memory limit (OOM kill)'
    WHEN x.remove_reason LIKE '%exit code 52%' OR x.remove_reason LIKE '%OutOfMemoryError%'
      THEN 'JVM OutOfMemoryError'
    WHEN x.remove_reason LIKE '%heartbeat%timed out%' OR x.remove_reason LIKE '%no recent heartbeats%'
      THEN 'heartbeat timeout'
    WHEN x.remove_reason LIKE '%Evicted%' THEN 'pod evicted'
    WHEN x.remove_reason LIKE '%deleted by a user or the framework%' THEN 'pod deleted'
    WHEN x.remove_reason LIKE '%worker lost%' THEN 'worker lost'
    WHEN x.remove_reason LIKE '%disassociated%' THEN 'connection to the driver lost'
    WHEN x.remove_reason LIKE '%explicit termination request%' THEN 'released by the driver'
    WHEN x.remove_reason LIKE 'Executor Process Lost%' OR x.remove_reason LIKE 'Executor process lost%'
      THEN 'executor process lost'
    WHEN x.remove_reason LIKE '%exit code%' OR x.remove_reason LIKE '%Exit status%'
      OR x.remove_reason LIKE '%exited%' THEN 'exited with an error code'
    ELSE 'other'
  END AS loss_category,               -- why it went away, in a few words
  CASE WHEN coalesce(x.remove_reason, '') = ''
         OR x.remove_reason LIKE 'Executor killed by driver%'
         OR x.remove_reason LIKE '%decommission%'
         OR x.remove_reason LIKE '%explicit termination request%'
       THEN 0 ELSE 1 END AS lost,    -- 1 when the removal was a failure, not the driver's release
  x.failed_tasks,                     -- failed task attempts on it
  x.completed_tasks,                  -- completed task attempts on it
  coalesce(l.tasks, 0) AS tasks_lost_with_it, -- attempts that failed because this executor went away
  x.source_path,                      -- bundle entry of the executor
  x.source_line                       -- event log line (NULL for REST JSON)
FROM executors x
LEFT JOIN (SELECT app_id, app_attempt_id, executor_id, count(*) AS tasks FROM tasks
           WHERE status = 'FAILED'
             AND (end_reason = 'ExecutorLostFailure'
                  OR (end_reason IS NULL AND error_message LIKE 'ExecutorLostFailure%'))
           GROUP BY app_id, app_attempt_id, executor_id) l
  ON l.app_id = x.app_id AND l.app_attempt_id = x.app_attempt_id AND l.executor_id = x.executor_id
WHERE x.executor_id <> 'driver';

-- Failures on one UTC time line: failed jobs, stages and task attempts, executors lost
-- or excluded. Ordered reading of it tells cause from consequence.
CREATE VIEW spark_timeline AS
SELECT app_id,                        -- application id
  app_attempt_id,                     -- application attempt
  time_ms,                            -- when it happened (epoch ms)
  strftime('%Y-%m-%dT%H:%M:%fZ', time_ms / 1000.0, 'unixepoch') AS time_iso, -- time_ms as ISO text (UTC)
  kind,                               -- job_failed | stage_failed | task_failed | executor_lost | executor_excluded | node_excluded
  job_id,                             -- job (job_failed)
  stage_id,                           -- stage (stage_failed, task_failed, *_for_stage exclusions)
  stage_attempt_id,                   -- stage attempt
  task_id,                            -- task attempt (task_failed)
  executor_id,                        -- executor involved
  host,                               -- host involved
  detail,                             -- first line of the reason or error
  source_path,                        -- bundle entry it was read from
  source_line                         -- line in that entry (event logs)
FROM (
  SELECT app_id, app_attempt_id, completion_ms AS time_ms, 'job_failed' AS kind, job_id,
    NULL AS stage_id, NULL AS stage_attempt_id, NULL AS task_id, NULL AS executor_id, NULL AS host,
    substr(CASE WHEN instr(failure_reason, char(10)) > 0
                THEN substr(failure_reason, 1, instr(failure_reason, char(10)) - 1)
                ELSE failure_reason END, 1, 300) AS detail,
    source_path, source_line
  FROM jobs WHERE status = 'FAILED'
  UNION ALL
  SELECT app_id, app_attempt_id, completion_ms, 'stage_failed', NULL, stage_id, attempt_id, NULL,
    NULL, NULL,
    substr(CASE WHEN instr(failure_reason, char(10)) > 0
                THEN substr(failure_reason, 1, instr(failure_reason, char(10)) - 1)
                ELSE failure_reason END, 1, 300),
    source_path, source_line
  FROM stages WHERE status = 'FAILED'
  UNION ALL
  SELECT app_id, app_attempt_id, coalesce(finish_ms, launch_ms + duration), 'task_failed', NULL,
    stage_id, stage_attempt_id, task_id, executor_id, host,
    substr(CASE WHEN instr(error_message, char(10)) > 0
                THEN substr(error_message, 1, instr(error_message, char(10)) - 1)
                ELSE error_message END, 1, 300),
    source_path, source_line
  FROM tasks WHERE status = 'FAILED'
  UNION ALL
  SELECT app_id, app_attempt_id, remove_ms, 'executor_lost', NULL, NULL, NULL, NULL, executor_id,
    host, loss_category || ': ' || substr(ltrim(remove_reason, char(10) || char(13) || ' '), 1, 300),
    source_path, source_line
  FROM executor_lifetimes WHERE lost = 1 AND remove_ms IS NOT NULL
  UNION ALL
  SELECT app_id, app_attempt_id, time_ms,
    CASE WHEN event LIKE 'node%' THEN 'node_excluded' ELSE 'executor_excluded' END, NULL, stage_id,
    stage_attempt_id, NULL, executor_id, host,
    event || CASE WHEN failures IS NOT NULL THEN ' after ' || failures || ' failures' ELSE '' END,
    source_path, source_line
  FROM executor_events WHERE event IN ('excluded', 'excluded_for_stage', 'node_excluded',
                                       'node_excluded_for_stage')
);
