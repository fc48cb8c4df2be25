-- Container and driver logs (logs/<pod>/<container>[.previous].log, or any text file).
-- A record is one log event: its first line plus continuation lines (a Java stack
-- trace is folded into the record it belongs to).

CREATE TABLE log_files (
  file_id INTEGER PRIMARY KEY,  -- identifier used by log_records and pattern_matches
  path TEXT NOT NULL UNIQUE,    -- bundle entry path
  pod_name TEXT,                -- pod the log belongs to (from logs/<pod>/...), NULL when unknown
  container_name TEXT,          -- container the log belongs to (from logs/<pod>/<container>.log)
  previous INTEGER NOT NULL,    -- 1 for the previous (crashed) instance (*.previous.log)
  format TEXT,                  -- kubectl-timestamps | log4j | log4j-json | plain: how lines were read
  bytes INTEGER,                -- bytes read
  lines INTEGER,                -- physical lines read
  records INTEGER,              -- log records assembled (all levels)
  records_stored INTEGER,       -- records written to log_records (see log_records)
  error_records INTEGER,        -- records at ERROR or FATAL
  warn_records INTEGER,         -- records at WARN
  first_ms INTEGER,             -- time of the first timed record
  last_ms INTEGER,              -- time of the last timed record
  truncated INTEGER NOT NULL    -- 1 when the collector kept only the tail or a line was cut at the length limit
);

CREATE TABLE log_records (
  file_id INTEGER NOT NULL,     -- log_files.file_id
  line INTEGER NOT NULL,        -- 1-based line of the record's first line
  line_count INTEGER NOT NULL,  -- physical lines in the record (1 + continuation lines)
  time_ms INTEGER,              -- record time (kubectl timestamp preferred, else the log4j time read as UTC)
  level TEXT,                   -- TRACE | DEBUG | INFO | WARN | ERROR | FATAL, NULL when the line has none
  logger TEXT,                  -- logger name as printed (TaskSetManager, org.apache.spark.executor.Executor)
  thread TEXT,                  -- thread name when the layout prints one
  message TEXT,                 -- message of the first line, without time, level and logger
  text TEXT,                    -- whole record, continuation lines included (capped at 64 KiB)
  exception_class TEXT,         -- first exception class named in the record (java.lang.OutOfMemoryError)
  exception_message TEXT,       -- that exception's message
  cause_class TEXT,             -- innermost "Caused by:" exception class, NULL when there is no cause
  cause_message TEXT,           -- innermost "Caused by:" message
  PRIMARY KEY (file_id, line)
) WITHOUT ROWID;
-- Which records are stored: every record at WARN or above, every record with an
-- exception, and every record a pattern matched (unless --log-records all is given,
-- which stores every record). log_files counts all records.

CREATE TABLE pattern_matches (
  pattern_id TEXT NOT NULL,     -- id of the pattern in rules/<runbook>.yaml
  file_id INTEGER NOT NULL,     -- log_files.file_id
  line INTEGER NOT NULL,        -- 1-based line of the record's first line (log_records.line)
  match_line INTEGER NOT NULL,  -- 1-based line on which the pattern matched (differs for stack trace lines)
  time_ms INTEGER,              -- time of the record
  captures_json TEXT,           -- named capture groups as a JSON object {"exit_code":"137"}
  text TEXT                     -- the matched line (capped at 4 KiB)
);
