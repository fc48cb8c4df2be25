-- Indexes built after the bulk load (faster than maintaining them row by row).
CREATE INDEX IF NOT EXISTS tasks_by_stage ON tasks(app_id, stage_id, stage_attempt_id, status);
-- Failed, killed and running tasks are few: rules about them start here, not at a scan of
-- every task; "did this index succeed later" is one look-up.
CREATE INDEX IF NOT EXISTS tasks_by_status ON tasks(status, stage_id, "index");
CREATE INDEX IF NOT EXISTS log_records_by_level ON log_records(level);
CREATE INDEX IF NOT EXISTS pattern_matches_by_pattern ON pattern_matches(pattern_id);
CREATE INDEX IF NOT EXISTS events_by_object ON events(involved_kind, involved_name);
CREATE INDEX IF NOT EXISTS containers_by_pod ON containers(pod_name);
