-- Indexes built after the bulk load: sorting a finished table once is cheaper than
-- keeping these in order row by row. (The task indexes are created with the tasks table:
-- task rows arrive nearly in index order, so keeping them costs the loader less than a
-- sort at the end, which nothing else could run beside.)
CREATE INDEX IF NOT EXISTS log_records_by_level ON log_records(level);
CREATE INDEX IF NOT EXISTS pattern_matches_by_pattern ON pattern_matches(pattern_id);
CREATE INDEX IF NOT EXISTS events_by_object ON events(involved_kind, involved_name);
CREATE INDEX IF NOT EXISTS containers_by_pod ON containers(pod_name);
