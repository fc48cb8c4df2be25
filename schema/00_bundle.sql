-- What the bundle held and what became of each entry. Every entry gets a row in
-- bundle_files; nothing in a bundle is silently ignored.

CREATE TABLE bundle_files (
  path TEXT PRIMARY KEY,        -- entry path inside the bundle, top folder stripped ("k8s/pods.json")
  bytes INTEGER,                -- uncompressed size of the entry in bytes as read (NULL when unknown)
  kind TEXT NOT NULL,           -- detected content: pods, events, nodes, k8s_list, sparkapplications, spark_application, spark_jobs, spark_stages, spark_tasks, spark_executors, spark_environment, spark_sql, spark_task_summary, spark_storage, spark_misc_process, event_log, manifest, log, metrics, other
  status TEXT NOT NULL,         -- loaded | partial (loaded with errors) | skipped | rejected | failed
  detail TEXT,                  -- what was loaded ("12 pods, 14 containers") or why it was skipped, rejected or failed
  rows INTEGER                  -- number of table rows produced from this entry
) WITHOUT ROWID;

CREATE TABLE load_errors (
  id INTEGER PRIMARY KEY,       -- order in which the error was recorded
  path TEXT,                    -- bundle entry the error belongs to (NULL for bundle-wide errors)
  line INTEGER,                 -- 1-based line in the entry, when the error has one
  severity TEXT NOT NULL,       -- error (data lost) | warning (loaded, but something is off)
  message TEXT NOT NULL,        -- what went wrong, for a person
  help TEXT                     -- what to do about it
);

CREATE TABLE manifest_items (
  path TEXT NOT NULL,           -- bundle path the collector wrote (or tried to write)
  source TEXT,                  -- command or URL that produced it ("kubectl logs --previous ...")
  status TEXT,                  -- ok | error | skipped | truncated, as the collector recorded it
  bytes INTEGER,                -- size the collector wrote
  sha256 TEXT,                  -- SHA-256 of the collected bytes, hex
  duration_ms INTEGER,          -- how long the collection call took
  error TEXT,                   -- the collector's error text for status = error
  note TEXT,                    -- the collector's note (e.g. "kept the last 50 MiB")
  present INTEGER               -- 1 when the bundle holds an entry at path, 0 when it is absent
);

CREATE TABLE bundle_meta (
  key TEXT PRIMARY KEY,         -- name: source, format_version, created_at, collector, namespace, app_id, app_name, context, selector, window_since, window_until, redaction_enabled
  value TEXT                    -- value as text
) WITHOUT ROWID;
