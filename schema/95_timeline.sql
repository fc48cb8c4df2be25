-- One UTC sequence of what went wrong, from every source: Kubernetes events, container
-- terminations, Spark job/stage/executor/task failures and notable log lines.

CREATE VIEW incident_timeline AS
SELECT first_ms AS time_ms,                                   -- when it happened (UTC epoch ms)
  'k8s-event' AS source,                                      -- where the entry comes from
  coalesce(involved_kind, '') || '/' || coalesce(involved_name, '') AS object, -- what it is about
  coalesce(reason, '') || ': ' || coalesce(message, '') ||
    CASE WHEN count > 1 THEN ' (x' || count || ')' ELSE '' END AS what,     -- one-line description
  source_path,                                                -- bundle entry
  NULL AS source_line                                         -- line in that entry
FROM events WHERE type = 'Warning' OR reason IN ('Killing', 'Evicted', 'Preempted', 'NodeNotReady')
UNION ALL
SELECT state_terminated_finished_ms, 'container', pod_name || '/' || name,
  'terminated: ' || coalesce(state_terminated_reason, '?') || ', exit code ' ||
    coalesce(state_terminated_exit_code, '?'),
  source_path, NULL
FROM spark_containers
WHERE state_terminated_finished_ms IS NOT NULL
  AND (state_terminated_exit_code <> 0 OR state_terminated_reason NOT IN ('Completed'))
UNION ALL
SELECT last_state_terminated_finished_ms, 'container', pod_name || '/' || name,
  'previous instance terminated: ' || coalesce(last_state_terminated_reason, '?') ||
    ', exit code ' || coalesce(last_state_terminated_exit_code, '?'),
  source_path, NULL
FROM spark_containers
WHERE last_state_terminated_finished_ms IS NOT NULL
UNION ALL
SELECT completion_ms, 'spark-job', 'job ' || job_id, 'job failed: ' || coalesce(name, ''),
  source_path, NULL
FROM jobs WHERE status = 'FAILED'
UNION ALL
SELECT completion_ms, 'spark-stage', 'stage ' || stage_id || '.' || attempt_id,
  'stage failed: ' || coalesce(substr(failure_reason, 1, instr(failure_reason || char(10), char(10)) - 1), ''),
  source_path, NULL
FROM stages WHERE status = 'FAILED'
UNION ALL
SELECT remove_ms, 'executor', 'executor ' || executor_id,
  'removed: ' || trim(replace(coalesce(remove_reason, ''), char(10), ' ')),
  source_path, NULL
FROM executors WHERE remove_ms IS NOT NULL
UNION ALL
SELECT launch_ms + coalesce(duration, 0), 'task',
  'task ' || task_id || ' (stage ' || stage_id || '.' || stage_attempt_id || ', index ' || "index" || ')',
  'failed on executor ' || coalesce(executor_id, '?') || ': ' ||
    trim(replace(substr(coalesce(error_message, ''), 1, 200), char(10), ' ')),
  source_path, NULL
FROM tasks WHERE status = 'FAILED' AND launch_ms IS NOT NULL
UNION ALL
SELECT r.time_ms, 'log', coalesce(f.pod_name || '/' || f.container_name, f.path),
  r.level || ' ' || coalesce(r.logger, '') || ': ' || substr(coalesce(r.message, ''), 1, 300),
  f.path, r.line
FROM log_records r JOIN log_files f USING (file_id)
WHERE r.level IN ('ERROR', 'FATAL') AND r.time_ms IS NOT NULL
UNION ALL
SELECT m.time_ms, 'log', coalesce(f.pod_name || '/' || f.container_name, f.path),
  'matched ' || m.pattern_id || ': ' || substr(m.text, 1, 300),
  f.path, m.match_line
FROM pattern_matches m JOIN log_files f USING (file_id)
JOIN log_records r ON r.file_id = m.file_id AND r.line = m.line
WHERE m.time_ms IS NOT NULL AND coalesce(r.level, '') NOT IN ('ERROR', 'FATAL');
