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
  PRIMARY KEY (app_id, app_attempt_id, job_id)
);

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
  PRIMARY KEY (app_id, app_attempt_id, task_id)
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
