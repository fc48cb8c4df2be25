-- Spark application data from the REST API v1 JSON (spark/<app-id>/...). Columns are
-- the REST field names in snake_case; durations are milliseconds unless named
-- otherwise (executor_cpu_time and executor_deserialize_cpu_time are nanoseconds, as
-- in Spark). Times are UTC epoch ms (*_ms). app_attempt_id is '' for an application
-- without attempt ids (client mode, Kubernetes).

CREATE TABLE applications (
  app_id TEXT NOT NULL,           -- id
  attempt_id TEXT NOT NULL,       -- attempts[].attemptId ('' when absent)
  name TEXT,                      -- name
  spark_user TEXT,                -- attempts[].sparkUser
  app_spark_version TEXT,         -- attempts[].appSparkVersion
  start_ms INTEGER,               -- attempts[].startTimeEpoch (or startTime)
  end_ms INTEGER,                 -- attempts[].endTimeEpoch; NULL while running (Spark reports -1)
  last_updated_ms INTEGER,        -- attempts[].lastUpdatedEpoch
  duration INTEGER,               -- attempts[].duration in ms
  completed INTEGER,              -- attempts[].completed (0/1)
  exit_code INTEGER,              -- attempts[].exitCode when Spark recorded one
  cores_granted INTEGER,          -- coresGranted
  max_cores INTEGER,              -- maxCores
  cores_per_executor INTEGER,     -- coresPerExecutor
  memory_per_executor_mb INTEGER, -- memoryPerExecutorMB
  source_path TEXT,               -- bundle entry the row came from
  source_line INTEGER,            -- line of the event log that last changed the row (NULL when it came from REST JSON)
  PRIMARY KEY (app_id, attempt_id)
);

CREATE TABLE jobs (
  app_id TEXT NOT NULL,             -- application id (from the bundle path or environment)
  app_attempt_id TEXT NOT NULL,     -- application attempt ('' when none)
  job_id INTEGER NOT NULL,          -- jobId
  name TEXT,                        -- name
  description TEXT,                 -- description
  submission_ms INTEGER,            -- submissionTime
  completion_ms INTEGER,            -- completionTime
  stage_ids TEXT,                   -- stageIds as a JSON array
  job_group TEXT,                   -- jobGroup
  status TEXT,                      -- status: RUNNING | SUCCEEDED | FAILED | UNKNOWN
  num_tasks INTEGER,                -- numTasks
  num_active_tasks INTEGER,         -- numActiveTasks
  num_completed_tasks INTEGER,      -- numCompletedTasks
  num_skipped_tasks INTEGER,        -- numSkippedTasks
  num_failed_tasks INTEGER,         -- numFailedTasks
  num_killed_tasks INTEGER,         -- numKilledTasks
  num_completed_indices INTEGER,    -- numCompletedIndices
  num_active_stages INTEGER,        -- numActiveStages
  num_completed_stages INTEGER,     -- numCompletedStages
  num_skipped_stages INTEGER,       -- numSkippedStages
  num_failed_stages INTEGER,        -- numFailedStages
  source_path TEXT,                 -- bundle entry the row came from
  failure_reason TEXT,              -- event log only: the JobFailed exception message ("Job aborted due to stage failure: ...", "Job 3 cancelled because SparkContext was shut down")
  sql_execution_id INTEGER,         -- event log only: the SQL execution that ran the job (job property spark.sql.execution.id)
  source_line INTEGER,              -- line of the event log that last changed the row (NULL when it came from REST JSON)
  PRIMARY KEY (app_id, app_attempt_id, job_id)
);

-- The jobs of one SQL execution (sql_executions.job_ids and status are filled from it at
-- the end of each event log: without it that is a scan of every job per execution).
CREATE INDEX jobs_by_sql_execution ON jobs(app_id, app_attempt_id, sql_execution_id);

CREATE TABLE stages (
  app_id TEXT NOT NULL,                       -- application id
  app_attempt_id TEXT NOT NULL,               -- application attempt ('' when none)
  stage_id INTEGER NOT NULL,                  -- stageId
  attempt_id INTEGER NOT NULL,                -- attemptId: the stage attempt
  status TEXT,                                -- status: ACTIVE | COMPLETE | FAILED | PENDING | SKIPPED
  name TEXT,                                  -- name
  description TEXT,                           -- description
  details TEXT,                               -- details (call site stack)
  scheduling_pool TEXT,                       -- schedulingPool
  resource_profile_id INTEGER,                -- resourceProfileId
  num_tasks INTEGER,                          -- numTasks
  num_active_tasks INTEGER,                   -- numActiveTasks
  num_complete_tasks INTEGER,                 -- numCompleteTasks
  num_failed_tasks INTEGER,                   -- numFailedTasks
  num_killed_tasks INTEGER,                   -- numKilledTasks
  num_completed_indices INTEGER,              -- numCompletedIndices
  submission_ms INTEGER,                      -- submissionTime
  first_task_launched_ms INTEGER,             -- firstTaskLaunchedTime
  completion_ms INTEGER,                      -- completionTime
  failure_reason TEXT,                        -- failureReason
  executor_deserialize_time INTEGER,          -- executorDeserializeTime (ms, summed over tasks)
  executor_deserialize_cpu_time INTEGER,      -- executorDeserializeCpuTime (ns)
  executor_run_time INTEGER,                  -- executorRunTime (ms, summed over tasks)
  executor_cpu_time INTEGER,                  -- executorCpuTime (ns)
  result_size INTEGER,                        -- resultSize (bytes)
  jvm_gc_time INTEGER,                        -- jvmGcTime (ms)
  result_serialization_time INTEGER,          -- resultSerializationTime (ms)
  memory_bytes_spilled INTEGER,               -- memoryBytesSpilled
  disk_bytes_spilled INTEGER,                 -- diskBytesSpilled
  peak_execution_memory INTEGER,              -- peakExecutionMemory
  input_bytes INTEGER,                        -- inputBytes
  input_records INTEGER,                      -- inputRecords
  output_bytes INTEGER,                       -- outputBytes
  output_records INTEGER,                     -- outputRecords
  shuffle_remote_blocks_fetched INTEGER,      -- shuffleRemoteBlocksFetched
  shuffle_local_blocks_fetched INTEGER,       -- shuffleLocalBlocksFetched
  shuffle_fetch_wait_time INTEGER,            -- shuffleFetchWaitTime (ms)
  shuffle_remote_bytes_read INTEGER,          -- shuffleRemoteBytesRead
  shuffle_remote_bytes_read_to_disk INTEGER,  -- shuffleRemoteBytesReadToDisk
  shuffle_local_bytes_read INTEGER,           -- shuffleLocalBytesRead
  shuffle_read_bytes INTEGER,                 -- shuffleReadBytes
  shuffle_read_records INTEGER,               -- shuffleReadRecords
  shuffle_write_bytes INTEGER,                -- shuffleWriteBytes
  shuffle_write_time INTEGER,                 -- shuffleWriteTime (ns)
  shuffle_write_records INTEGER,              -- shuffleWriteRecords
  peak_executor_metrics_json TEXT,            -- peakExecutorMetrics as a JSON object
  source_path TEXT,                           -- bundle entry the row came from
  parent_ids TEXT,                            -- event log only: Parent IDs of the stage as a JSON array
  source_line INTEGER,                        -- line of the event log that last changed the row (NULL when it came from REST JSON)
  PRIMARY KEY (app_id, app_attempt_id, stage_id, attempt_id)
);

CREATE TABLE tasks (
  app_id TEXT NOT NULL,                       -- application id
  app_attempt_id TEXT NOT NULL,               -- application attempt ('' when none)
  stage_id INTEGER NOT NULL,                  -- stage the task belongs to (from the taskList path or stage)
  stage_attempt_id INTEGER NOT NULL,          -- stage attempt the task belongs to
  task_id INTEGER NOT NULL,                   -- taskId
  "index" INTEGER,                            -- index: the partition slot within the stage
  attempt INTEGER,                            -- attempt: the task attempt number
  partition_id INTEGER,                       -- partitionId (-1 when Spark did not record it)
  launch_ms INTEGER,                          -- launchTime
  result_fetch_start_ms INTEGER,              -- resultFetchStart
  duration INTEGER,                           -- duration (ms)
  executor_id TEXT,                           -- executorId
  host TEXT,                                  -- host
  status TEXT,                                -- status: RUNNING | SUCCESS | FAILED | KILLED | UNKNOWN
  task_locality TEXT,                         -- taskLocality
  speculative INTEGER,                        -- speculative (0/1)
  error_message TEXT,                         -- errorMessage (exception text with stack)
  exception_class TEXT,                       -- derived: the exception class or failure kind at the start of errorMessage
  scheduler_delay INTEGER,                    -- schedulerDelay (ms)
  getting_result_time INTEGER,                -- gettingResultTime (ms)
  executor_deserialize_time INTEGER,          -- taskMetrics.executorDeserializeTime (ms)
  executor_deserialize_cpu_time INTEGER,      -- taskMetrics.executorDeserializeCpuTime (ns)
  executor_run_time INTEGER,                  -- taskMetrics.executorRunTime (ms)
  executor_cpu_time INTEGER,                  -- taskMetrics.executorCpuTime (ns)
  result_size INTEGER,                        -- taskMetrics.resultSize (bytes)
  jvm_gc_time INTEGER,                        -- taskMetrics.jvmGcTime (ms)
  result_serialization_time INTEGER,          -- taskMetrics.resultSerializationTime (ms)
  memory_bytes_spilled INTEGER,               -- taskMetrics.memoryBytesSpilled
  disk_bytes_spilled INTEGER,                 -- taskMetrics.diskBytesSpilled
  peak_execution_memory INTEGER,              -- taskMetrics.peakExecutionMemory
  input_bytes_read INTEGER,                   -- taskMetrics.inputMetrics.bytesRead
  input_records_read INTEGER,                 -- taskMetrics.inputMetrics.recordsRead
  output_bytes_written INTEGER,               -- taskMetrics.outputMetrics.bytesWritten
  output_records_written INTEGER,             -- taskMetrics.outputMetrics.recordsWritten
  shuffle_remote_blocks_fetched INTEGER,      -- taskMetrics.shuffleReadMetrics.remoteBlocksFetched
  shuffle_local_blocks_fetched INTEGER,       -- taskMetrics.shuffleReadMetrics.localBlocksFetched
  shuffle_fetch_wait_time INTEGER,            -- taskMetrics.shuffleReadMetrics.fetchWaitTime (ms)
  shuffle_remote_bytes_read INTEGER,          -- taskMetrics.shuffleReadMetrics.remoteBytesRead
  shuffle_remote_bytes_read_to_disk INTEGER,  -- taskMetrics.shuffleReadMetrics.remoteBytesReadToDisk
  shuffle_local_bytes_read INTEGER,           -- taskMetrics.shuffleReadMetrics.localBytesRead
  shuffle_records_read INTEGER,               -- taskMetrics.shuffleReadMetrics.recordsRead
  shuffle_bytes_written INTEGER,              -- taskMetrics.shuffleWriteMetrics.bytesWritten
  shuffle_write_time INTEGER,                 -- taskMetrics.shuffleWriteMetrics.writeTime (ns)
  shuffle_records_written INTEGER,            -- taskMetrics.shuffleWriteMetrics.recordsWritten
  source_path TEXT,                           -- bundle entry the row came from
  finish_ms INTEGER,                          -- event log only: Finish Time of the attempt (launch_ms + duration)
  task_type TEXT,                             -- event log only: ResultTask | ShuffleMapTask
  end_reason TEXT,                            -- event log only: Task End Reason: Success | ExceptionFailure | FetchFailed | ExecutorLostFailure | TaskKilled | TaskResultLost | TaskCommitDenied | UnknownReason; NULL while running
  exception_description TEXT,                 -- event log only: ExceptionFailure Description (the exception message)
  exit_caused_by_app INTEGER,                 -- event log only: ExecutorLostFailure Exit Caused By App (0/1; 1 counts towards spark.task.maxFailures)
  loss_reason TEXT,                           -- event log only: ExecutorLostFailure Loss Reason (why the executor went away)
  fetch_failed_executor_id TEXT,              -- event log only: FetchFailed Block Manager Address executor: whose shuffle output could not be fetched
  fetch_failed_host TEXT,                     -- event log only: FetchFailed Block Manager Address host
  fetch_failed_port INTEGER,                  -- event log only: FetchFailed Block Manager Address port
  fetch_shuffle_id INTEGER,                   -- event log only: FetchFailed Shuffle ID
  fetch_map_id INTEGER,                       -- event log only: FetchFailed Map ID
  fetch_map_index INTEGER,                    -- event log only: FetchFailed Map Index (Spark 3.0+)
  fetch_reduce_id INTEGER,                    -- event log only: FetchFailed Reduce ID
  kill_reason TEXT,                           -- event log only: TaskKilled Kill Reason ("another attempt succeeded", "Stage cancelled")
  resubmitted INTEGER,                        -- event log only: 1 when a Resubmitted task end followed: the attempt succeeded but its shuffle output was lost with its executor and the partition ran again
  source_line INTEGER,                        -- line of the event log that last changed the row (NULL when it came from REST JSON)
  PRIMARY KEY (app_id, app_attempt_id, task_id)
);

-- Maintained while tasks are inserted: rows arrive in nearly the order of both.
-- Per stage attempt (quantiles, grouping by stage).
CREATE INDEX tasks_by_stage ON tasks(app_id, stage_id, stage_attempt_id, status);
-- Failed, killed and running tasks are few: rules about them start here, not at a scan of
-- every task; "did this index succeed later" is one look-up.
CREATE INDEX tasks_by_status ON tasks(status, stage_id, "index");

-- Task duration quantiles per stage attempt over its successful tasks, computed once
-- loading ends (sparkpm::SummarizeStageTasks) so rules do not sort every task again.
-- Quantiles are taken the way Spark's taskSummary takes them: the value at index
-- min(floor(q * n), n - 1) of the sorted list. Rules read them through the
-- stage_task_durations view, which adds the stage's name, status and wall time.
CREATE TABLE stage_task_quantiles (
  app_id TEXT NOT NULL,                       -- application id
  app_attempt_id TEXT NOT NULL,               -- application attempt ('' when none)
  stage_id INTEGER NOT NULL,                  -- stage id
  stage_attempt_id INTEGER NOT NULL,          -- stage attempt
  tasks INTEGER NOT NULL,                     -- successful tasks with a duration: the quantiles are taken over these
  duration_p50 INTEGER,                       -- median task duration (launch to finish, ms)
  duration_p75 INTEGER,                       -- 75th percentile task duration (ms)
  duration_p95 INTEGER,                       -- 95th percentile task duration (ms)
  duration_max INTEGER,                       -- longest task duration (ms)
  run_time_p50 INTEGER,                       -- median executor run time (ms; the duration when the run time is missing)
  run_time_max INTEGER,                       -- longest executor run time (ms; same fallback)
  longest_task_index INTEGER,                 -- index of the task with the longest run time (the lowest index on a tie)
  PRIMARY KEY (app_id, app_attempt_id, stage_id, stage_attempt_id)
);

CREATE TABLE executors (
  app_id TEXT NOT NULL,                       -- application id
  app_attempt_id TEXT NOT NULL,               -- application attempt ('' when none)
  executor_id TEXT NOT NULL,                  -- id ("driver" for the driver)
  host_port TEXT,                             -- hostPort
  host TEXT,                                  -- derived: hostPort without the port
  is_active INTEGER,                          -- isActive (0/1)
  rdd_blocks INTEGER,                         -- rddBlocks
  memory_used INTEGER,                        -- memoryUsed
  disk_used INTEGER,                          -- diskUsed
  total_cores INTEGER,                        -- totalCores
  max_tasks INTEGER,                          -- maxTasks
  active_tasks INTEGER,                       -- activeTasks
  failed_tasks INTEGER,                       -- failedTasks
  completed_tasks INTEGER,                    -- completedTasks
  total_tasks INTEGER,                        -- totalTasks
  total_duration INTEGER,                     -- totalDuration (ms)
  total_gc_time INTEGER,                      -- totalGCTime (ms)
  total_input_bytes INTEGER,                  -- totalInputBytes
  total_shuffle_read INTEGER,                 -- totalShuffleRead
  total_shuffle_write INTEGER,                -- totalShuffleWrite
  is_excluded INTEGER,                        -- isExcluded (isBlacklisted before Spark 3.1) (0/1)
  max_memory INTEGER,                         -- maxMemory (storage memory, bytes)
  add_ms INTEGER,                             -- addTime
  remove_ms INTEGER,                          -- removeTime
  remove_reason TEXT,                         -- removeReason
  resource_profile_id INTEGER,                -- resourceProfileId
  peak_jvm_heap_memory INTEGER,               -- peakMemoryMetrics.JVMHeapMemory
  peak_jvm_off_heap_memory INTEGER,           -- peakMemoryMetrics.JVMOffHeapMemory
  peak_on_heap_execution_memory INTEGER,      -- peakMemoryMetrics.OnHeapExecutionMemory
  peak_off_heap_execution_memory INTEGER,     -- peakMemoryMetrics.OffHeapExecutionMemory
  peak_process_tree_jvm_rss_memory INTEGER,   -- peakMemoryMetrics.ProcessTreeJVMRSSMemory
  peak_total_gc_time INTEGER,                 -- peakMemoryMetrics.TotalGCTime
  peak_memory_metrics_json TEXT,              -- peakMemoryMetrics as a JSON object (every metric)
  resources_json TEXT,                        -- resources as a JSON object (gpu addresses, ...)
  source_path TEXT,                           -- bundle entry the row came from
  excluded_in_stages TEXT,                    -- stages the executor was excluded from (ExecutorExcludedForStage, NodeExcludedForStage) as a JSON array
  source_line INTEGER,                        -- line of the event log that last changed the row (NULL when it came from REST JSON)
  PRIMARY KEY (app_id, app_attempt_id, executor_id)
);

CREATE TABLE spark_properties (
  app_id TEXT NOT NULL,           -- application id
  app_attempt_id TEXT NOT NULL,   -- application attempt ('' when none)
  name TEXT NOT NULL,             -- property name (spark.executor.memory)
  value TEXT,                     -- property value as Spark reported it (already redacted by Spark where it applies)
  PRIMARY KEY (app_id, app_attempt_id, name)
);

CREATE TABLE environment (
  app_id TEXT NOT NULL,           -- application id
  app_attempt_id TEXT NOT NULL,   -- application attempt ('' when none)
  section TEXT NOT NULL,          -- runtime | hadoopProperties | systemProperties | metricsProperties | classpathEntries
  name TEXT NOT NULL,             -- entry name (javaVersion, java.vm.version, a jar path)
  value TEXT                      -- entry value
);

-- Tables only a Spark event log fills (eventlogs/...; see the event log loader). Times
-- are the event times, UTC epoch ms.

CREATE TABLE sql_executions (
  app_id TEXT NOT NULL,           -- application id
  app_attempt_id TEXT NOT NULL,   -- application attempt ('' when none)
  execution_id INTEGER NOT NULL,  -- executionId (the id of the REST /sql list)
  root_execution_id INTEGER,      -- rootExecutionId: the execution that started this one (Spark 3.5+)
  description TEXT,               -- description (the query text or the action's call site)
  details TEXT,                   -- details (call site stack)
  plan_description TEXT,          -- physicalPlanDescription of the last plan (adaptive updates replace it), cut at 64 KiB
  submission_ms INTEGER,          -- time of SQLExecutionStart
  completion_ms INTEGER,          -- time of SQLExecutionEnd; NULL while running
  duration INTEGER,               -- completion_ms - submission_ms (ms)
  status TEXT,                    -- RUNNING | COMPLETED | FAILED, as the REST /sql list: FAILED when a job of it failed or it ended with an error
  error_message TEXT,             -- errorMessage of SQLExecutionEnd (Spark 3.4+)
  job_ids TEXT,                   -- JSON array of the jobs run for it (jobs.sql_execution_id)
  source_path TEXT,               -- bundle entry (event log) the row came from
  source_line INTEGER,            -- line of SQLExecutionStart
  PRIMARY KEY (app_id, app_attempt_id, execution_id)
);

CREATE TABLE resource_profiles (
  app_id TEXT NOT NULL,               -- application id
  app_attempt_id TEXT NOT NULL,       -- application attempt ('' when none)
  resource_profile_id INTEGER NOT NULL, -- Resource Profile Id (0 is the default profile)
  executor_cores INTEGER,             -- executor resource request "cores"
  executor_memory_mb INTEGER,         -- executor resource request "memory" (MiB)
  executor_memory_overhead_mb INTEGER, -- executor resource request "memoryOverhead" (MiB)
  executor_off_heap_mb INTEGER,       -- executor resource request "offHeap" (MiB)
  task_cpus REAL,                     -- task resource request "cpus"
  executor_resources_json TEXT,       -- Executor Resource Requests as a JSON object (gpu amounts, discovery scripts)
  task_resources_json TEXT,           -- Task Resource Requests as a JSON object
  source_path TEXT,                   -- bundle entry (event log) the row came from
  source_line INTEGER,                -- line of ResourceProfileAdded
  PRIMARY KEY (app_id, app_attempt_id, resource_profile_id)
);

CREATE TABLE executor_events (
  app_id TEXT NOT NULL,           -- application id
  app_attempt_id TEXT NOT NULL,   -- application attempt ('' when none)
  time_ms INTEGER,                -- Timestamp of the event
  event TEXT NOT NULL,            -- added | removed | excluded | unexcluded | excluded_for_stage | node_excluded | node_unexcluded | node_excluded_for_stage (Blacklisted events of Spark < 3.1 map to excluded)
  executor_id TEXT,               -- Executor ID (NULL for node events)
  host TEXT,                      -- Host ID of node events; the executor's host otherwise
  stage_id INTEGER,               -- Stage ID of *_for_stage events
  stage_attempt_id INTEGER,       -- Stage Attempt ID of *_for_stage events
  failures INTEGER,               -- Task Failures (executor events) or Executor Failures (node events) that led to the exclusion
  reason TEXT,                    -- Removed Reason of removed events
  total_cores INTEGER,            -- Total Cores of added events
  source_path TEXT,               -- bundle entry (event log) of the event
  source_line INTEGER             -- line of the event
);

CREATE TABLE event_logs (
  path TEXT PRIMARY KEY,          -- bundle entry path of the event log (one row per file; a rolling log has one per part)
  app_id TEXT,                    -- application id of its events
  app_attempt_id TEXT,            -- application attempt ('' when none)
  codec TEXT,                     -- none | zstd | lz4 | snappy | lzf
  rolling_part INTEGER,           -- n of events_<n>_<app> in a rolling event log folder; NULL for a single file
  bytes INTEGER,                  -- bytes of the entry as read from the bundle
  decoded_bytes INTEGER,          -- bytes after decompression
  lines INTEGER,                  -- lines read
  events INTEGER,                 -- events loaded
  ignored_events INTEGER,         -- well-formed events of kinds the loader does not use (BlockUpdated, custom listener events, ...)
  malformed_lines INTEGER,        -- lines that are not a JSON event (each also in load_errors, up to 100 per file)
  first_ms INTEGER,               -- earliest event time seen
  last_ms INTEGER,                -- latest event time seen
  has_application_end INTEGER,    -- 1 when the file holds SparkListenerApplicationEnd
  in_progress INTEGER,            -- 1 when the name (or the rolling folder's appstatus file) ends with .inprogress
  truncated INTEGER,              -- 1 when the file ends inside a line, a zstd frame or an lz4 block
  complete INTEGER                -- 1 when the application's log (all parts) ends with SparkListenerApplicationEnd and nothing is cut
);

-- When a Spark REST JSON file and an event log describe the same application, each
-- entity keeps one row: the event log is the primary record and wins for every column
-- it fills; REST JSON only fills the columns the event log leaves NULL (e.g.
-- scheduler_delay for tasks of old logs). The event log loader merges with an upsert;
-- these triggers do the same when the REST JSON is read after the event log (rows from
-- an event log have source_line set). spark_properties and environment take the
-- values of whichever source was read last (both come from the same SparkConf).
CREATE TRIGGER applications_keep_event_log BEFORE INSERT ON applications
WHEN NEW.source_line IS NULL AND EXISTS (SELECT 1 FROM applications o WHERE o.app_id = NEW.app_id
  AND o.attempt_id = NEW.attempt_id AND o.source_line IS NOT NULL)
BEGIN
  UPDATE applications SET name = coalesce(name, NEW.name), spark_user = coalesce(spark_user, NEW.spark_user),
    app_spark_version = coalesce(app_spark_version, NEW.app_spark_version),
    last_updated_ms = coalesce(last_updated_ms, NEW.last_updated_ms),
    cores_granted = coalesce(cores_granted, NEW.cores_granted), max_cores = coalesce(max_cores, NEW.max_cores),
    cores_per_executor = coalesce(cores_per_executor, NEW.cores_per_executor),
    memory_per_executor_mb = coalesce(memory_per_executor_mb, NEW.memory_per_executor_mb)
  WHERE app_id = NEW.app_id AND attempt_id = NEW.attempt_id;
  SELECT RAISE(IGNORE);
END;

CREATE TRIGGER jobs_keep_event_log BEFORE INSERT ON jobs
WHEN NEW.source_line IS NULL AND EXISTS (SELECT 1 FROM jobs o WHERE o.app_id = NEW.app_id
  AND o.app_attempt_id = NEW.app_attempt_id AND o.job_id = NEW.job_id AND o.source_line IS NOT NULL)
BEGIN
  UPDATE jobs SET description = coalesce(description, NEW.description),
    job_group = coalesce(job_group, NEW.job_group)
  WHERE app_id = NEW.app_id AND app_attempt_id = NEW.app_attempt_id AND job_id = NEW.job_id;
  SELECT RAISE(IGNORE);
END;

CREATE TRIGGER stages_keep_event_log BEFORE INSERT ON stages
WHEN NEW.source_line IS NULL AND EXISTS (SELECT 1 FROM stages o WHERE o.app_id = NEW.app_id
  AND o.app_attempt_id = NEW.app_attempt_id AND o.stage_id = NEW.stage_id
  AND o.attempt_id = NEW.attempt_id AND o.source_line IS NOT NULL)
BEGIN
  UPDATE stages SET description = coalesce(description, NEW.description),
    details = coalesce(details, NEW.details),
    peak_executor_metrics_json = coalesce(peak_executor_metrics_json, NEW.peak_executor_metrics_json)
  WHERE app_id = NEW.app_id AND app_attempt_id = NEW.app_attempt_id AND stage_id = NEW.stage_id
    AND attempt_id = NEW.attempt_id;
  SELECT RAISE(IGNORE);
END;

CREATE TRIGGER tasks_keep_event_log BEFORE INSERT ON tasks
WHEN NEW.source_line IS NULL AND EXISTS (SELECT 1 FROM tasks o WHERE o.app_id = NEW.app_id
  AND o.app_attempt_id = NEW.app_attempt_id AND o.task_id = NEW.task_id AND o.source_line IS NOT NULL)
BEGIN
  UPDATE tasks SET scheduler_delay = coalesce(scheduler_delay, NEW.scheduler_delay),
    getting_result_time = coalesce(getting_result_time, NEW.getting_result_time),
    partition_id = coalesce(partition_id, NEW.partition_id)
  WHERE app_id = NEW.app_id AND app_attempt_id = NEW.app_attempt_id AND task_id = NEW.task_id;
  SELECT RAISE(IGNORE);
END;

CREATE TRIGGER executors_keep_event_log BEFORE INSERT ON executors
WHEN NEW.source_line IS NULL AND EXISTS (SELECT 1 FROM executors o WHERE o.app_id = NEW.app_id
  AND o.app_attempt_id = NEW.app_attempt_id AND o.executor_id = NEW.executor_id
  AND o.source_line IS NOT NULL)
BEGIN
  UPDATE executors SET rdd_blocks = coalesce(rdd_blocks, NEW.rdd_blocks),
    memory_used = coalesce(memory_used, NEW.memory_used), disk_used = coalesce(disk_used, NEW.disk_used),
    resources_json = coalesce(resources_json, NEW.resources_json)
  WHERE app_id = NEW.app_id AND app_attempt_id = NEW.app_attempt_id AND executor_id = NEW.executor_id;
  SELECT RAISE(IGNORE);
END;
