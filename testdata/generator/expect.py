"""Writes testdata/incidents/<scenario>/expected.yaml from a sparkpm JSON report (run after review)."""
import json, subprocess, sys
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

SPARKPM = os.environ.get('SPARKPM', os.path.join(REPO, 'build/dev/analyzer/sparkpm'))
D = {
 'executor-oom-137': (
  'Python workers of one 9.4 GB input file push executors past their 4608 MiB container limit; four OOM kills of task 12 abort the job.',
  'nightly-etl (PySpark, mapInPandas) reads 80 gzip CSV files. Task 12 gets a 9.4 GB file; its Python worker grows until the kernel OOM-kills the container (OOMKilled, exit 137) on executors 3, 5, 4 and 1, taking six other running attempts down with executors 3 and 5. spark.executor.memoryOverhead=512m leaves no room for Python. The fourth failure of task 12 aborts stage 1 and job 1; the driver exits 1.'),
 'executor-jvm-oom-52': (
  'One executor runs out of heap reading wide Parquet row groups (OutOfMemoryError, exit 52); the retry elsewhere succeeds.',
  'customer-360-export (Scala) copies a 2,400-column Parquet table. Executor 2 runs four tasks reading ~1 GB row groups at once and its 4g heap runs out: task 7.0 fails with java.lang.OutOfMemoryError: Java heap space, the JVM exits with code 52 and three other attempts are lost with it. Spark replaces the executor and every retried task succeeds; the application succeeds.'),
 'stage-index-fails-4-times': (
  'A malformed amount ("n/a") in one input file fails task 41 on four executors; the stage and the job fail.',
  'orders-ingest (Scala) parses partner order CSVs. File orders-041.csv holds an amount "n/a": task 41 of stage 1 throws java.lang.NumberFormatException on executors 3, 4, 1 and 2; the fourth failure (spark.task.maxFailures=4) aborts stage 1 and job 1, running tasks are killed, the driver exits 1. Spark deleted the executor pods (default deleteOnTermination), so only the driver pod remains.'),
 'executor-lost-node-not-ready': (
  'A node stops responding; its executor misses heartbeats and is replaced; the job still succeeds.',
  'clickstream-compact (Scala). Node ip-10-42-44-9 stops posting status (Ready=Unknown, NodeStatusUnknown). Executor 2 on it sends no heartbeat for 164 s; the driver removes it (Executor heartbeat timed out), fails its four running attempts with ExecutorLostFailure, deletes the pod (stuck Terminating on the lost node) and starts executor 5. All retries succeed.'),
 'executor-pod-evicted': (
  'Sort spill fills a node disk; the kubelet evicts an executor (exit 143); the job still succeeds.',
  'feature-backfill (Scala) sorts large partitions and spills to emptyDir. Node ip-10-42-29-251 reaches DiskPressure and the kubelet evicts executor 4 (status.reason Evicted, container exit 143 after SIGTERM). Its four running attempts fail with ExecutorLostFailure and succeed on retry; executor 5 replaces it.'),
 'healthy-app': (
  'A two-stage report job that succeeds with nothing wrong; only benign WARN lines.',
  'daily-revenue-report (Scala): one AQE map stage and one result stage, no failed or killed task, no lost executor, executor pods kept (deleteOnTermination=false) and Completed with exit 0. Benign WARN lines only (native-hadoop library, metrics config, plan string truncated, client closed). sparkpm must report nothing.'),
 'near-miss-retry-succeeded': (
  'Normal turbulence only: one transient task failure retried, a speculative copy killed, two idle executors released.',
  'hourly-events-compact (Scala, dynamic allocation, speculation). Task 17.0 fails once with java.net.SocketException: Connection reset and succeeds on retry; a speculative copy of straggler task 58 is killed because the original finished first (TaskKilled, another attempt succeeded); two idle executors are released after 60 s (removeReason "Executor killed by driver."). Benign WARN lines. At most info findings.'),
 'executor-oom-pods-deleted': (
  'Container OOM kills known only from the driver log: executor pods deleted, no Spark REST data.',
  'ml-feature-join (Scala) writes 640 output partitions per task with zstd; task 31 pushes native memory past the 6758 MiB limit and the kernel OOM-kills executors 4, 1, 6 and 2 (exit 137). Spark deleted the failed executor pods (default deleteOnTermination) and there is no History Server, so the bundle holds the driver pod, events, nodes and the driver log only. The fourth failure of task 31 aborts job 1.'),
 'task-not-serializable': (
  'The driver fails with Task not serializable: a closure captures a GeoIP lookup object.',
  'geo-enrich (Scala) counts its input (job 0 succeeds), then calls rdd.map with a closure that captures com.acme.geo.GeoIpLookup, which is not Serializable. ClosureCleaner throws SparkException: Task not serializable (caused by java.io.NotSerializableException) on the driver before any task runs; the driver exits 1.'),
 'missing-class-on-executors': (
  'Executors run an older image without the UDF class: every task fails with ClassNotFoundException; the job fails.',
  'fraud-scoring (Scala): the driver uses image fraud-3.1.0, but spark.kubernetes.executor.container.image still points at fraud-3.0.4, which lacks com.acme.fraud.ScoringUdf. Every task fails while deserializing with java.lang.ClassNotFoundException; task 5 reaches four failures within a second and the job is aborted; the driver exits 1.'),
 'driver-crash-loop-missing-connector': (
  'A streaming driver run by a Deployment lacks the Kafka connector in its new image: every start fails, CrashLoopBackOff.',
  'clickstream-sessionizer (Scala, client mode, Deployment in namespace streaming) was rolled out with image sessionizer:2.0.0, built without spark-sql-kafka-0-10. Each start gets as far as readStream.format("kafka") and dies with AnalysisException: Failed to find data source: kafka; the container exits 1, restarted seven times, and waits in CrashLoopBackOff.'),
 'driver-config-error-dynamic-allocation': (
  'Dynamic allocation with shuffle tracking turned off and no shuffle service: SparkContext refuses to start, three operator attempts.',
  'invoice-rollup (Scala, SparkApplication with restartPolicy OnFailure) carries spark.dynamicAllocation.enabled=true and spark.dynamicAllocation.shuffleTracking.enabled=false from a YARN setup with an external shuffle service. SparkContext fails with "Dynamic allocation of executors requires one of the following conditions", the driver exits 1, and the operator runs it three times before marking the application FAILED.'),
 'driver-submission-failed-quota': (
  'The namespace quota has no room for the driver pod: spark-submit is refused and the SparkApplication is SUBMISSION_FAILED.',
  'partner-export (SparkApplication) asks for an 8g driver; the spark-jobs ResourceQuota has 6 GiB of memory limits left. The API server refuses the driver pod (exceeded quota), spark-submit fails and the operator marks the application SUBMISSION_FAILED. The bundle holds only the SparkApplication and the operator event.'),
 'near-miss-driver-restarted-once': (
  'A CronJob driver fails once on a DNS hiccup, is restarted in place by the Job and succeeds: info only.',
  'ledger-reconcile (Scala, client mode, Kubernetes Job with restartPolicy OnFailure) cannot resolve its Postgres host while CoreDNS restarts; the JVM exits 1 before SparkContext starts. The kubelet restarts the container once and the second run reconciles the ledger. Nothing at warning or critical.'),
 'connect-version-mismatch': (
  'A PySpark 3.5 client calls ReattachExecute on a Spark Connect 3.4 server: UNIMPLEMENTED on every write.',
  'The churn-features CronJob (pyspark 3.5.2) talks to the analytics Spark Connect server, still on 3.4.3. Its queries run, but the 3.5 client asks to reattach to the result stream and the server answers StatusCode.UNIMPLEMENTED "Method not found: spark.connect.SparkConnectService/ReattachExecute"; all three feature tables fail.'),
 'connect-session-expired': (
  'A BI service keeps a Spark Connect session idle overnight; the server expires it and morning requests fail with SESSION_CLOSED.',
  'bi-query-api holds one Spark Connect session (server 3.5.1). Idle from 21:58, the session passes the 60-minute spark.connect.session.manager.defaultSessionTimeout and the server closes it at 23:00. From 07:31 every request fails with INVALID_HANDLE.SESSION_CLOSED, on the server (ErrorUtils) and in the service log.'),
 'connect-server-unreachable': (
  'A NetworkPolicy blocks a client namespace from the Spark Connect server: UNAVAILABLE after ten minutes of retries, three times.',
  "A default-deny NetworkPolicy lands in the analytics namespace. The score-users CronJob in ml-jobs can no longer connect to the healthy Spark Connect server; after the client's retries each of the Job's three attempts fails with StatusCode.UNAVAILABLE (failed to connect to all addresses). The server log shows nothing wrong."),
 'connect-server-oom-restart': (
  'A 9 GB toPandas OOM-kills a shared Spark Connect 4.0 server; it restarts and its clients lose their sessions (SESSION_CHANGED).',
  "A dashboard asks the Spark Connect server (4.0.1, 12 GiB container) for a 9 GB toPandas result; the container is OOM-killed (exit 137) and restarted by the kubelet within a minute. The clients' retries hide the outage, but their sessions, temporary views and caches are gone: the next calls of bi-query-api fail with INVALID_HANDLE.SESSION_CHANGED."),
 'near-miss-connect-benign-errors': (
  'Normal life of a Spark Connect server: benign errors only, no finding.',
  'A release call races its own session close (ERROR ErrorUtils ... releaseExecute, SESSION_CLOSED), an abandoned notebook session expires unused, a user cancels a report (StatusCode.CANCELLED), one UNAVAILABLE during a proxy restart is retried, and a user query fails with TABLE_OR_VIEW_NOT_FOUND (logged at INFO). sparkpm must report nothing.'),
 'job-stuck-executors-unschedulable': (
  'Executors of 28g plus overhead fit no node of the pool: all Pending, "Initial job has not accepted any resources" for 25 minutes.',
  'risk-aggregation (Scala) asks for six executors with spark.executor.memory=28g; with the default overhead each pod requests 31539 MiB, more than any r6i.xlarge node can allocate (30175 MiB). The pods stay Pending (FailedScheduling: Insufficient memory), the cluster autoscaler cannot help, and the driver repeats the starvation warning until the bundle is collected.'),
 'job-stuck-hung-task': (
  'One JDBC write task waits on a database lock for over two hours; no task has finished since.',
  'orders-export (Scala) writes 96 partitions to Postgres. Task 73 blocks on a row lock held by a maintenance transaction and the JDBC connection has no socket timeout; the other 95 tasks finished within ten minutes. The stage stays active, three executors idle, until the bundle is collected 134 minutes later.'),
 'job-stuck-gpu-executors-pending': (
  'A GPU stage waits for executors that cannot be scheduled (Insufficient nvidia.com/gpu) while the CPU executors idle.',
  'image-embeddings runs its inference stage with a ResourceProfile asking for one GPU per executor. Dynamic allocation requests two GPU executors, but the GPU node group is at its maximum: the pods stay Pending. The four CPU executors of the first stage hold its shuffle output (shuffle tracking) and run nothing; 64 tasks wait for 28 minutes.'),
 'job-slow-executors-refused-by-quota': (
  'The namespace ResourceQuota admits 4 of 12 executors; the API server refuses the rest and the job crawls.',
  'search-index-build asks for 12 executors of 8g (9011Mi limits each); the spark-jobs-compute quota of 40Gi holds the driver and four. Every further executor pod is refused (exceeded quota), logged by the driver at each allocation round, and the job runs on a third of its executors. Collected while it runs.'),
 'near-miss-scheduling-delay-resolved': (
  'Executor pods wait 50 s for the autoscaler to add a node, then the job runs and succeeds: no finding.',
  'hourly-sessionize starts on a node pool scaled down overnight: its executor pods are Pending (Insufficient cpu) until the cluster autoscaler adds a node 50 s later; the driver warns three times that the initial job has no resources. The job succeeds and dynamic allocation releases idle executors at the end. sparkpm must report nothing.'),
 'dynamic-allocation-at-max': (
  'Dynamic allocation stays at its maxExecutors of 8 through a 400-task stage: 13 waves, 25 minutes, successful but late.',
  'sessions-backfill (Scala) reprocesses a month of sessions in 400 two-minute tasks. Dynamic allocation ramps from 2 to its maximum of 8 executors (32 slots) within a minute and stays there while the stage runs in 13 waves. The job succeeds. The collector skipped the 400-task taskList, over its per-stage task limit.'),
 'executors-idle-shuffle-tracking': (
  'Shuffle tracking keeps 20 executors through a 47-minute single-task write: 19 idle for most of their life.',
  'clickstream-daily-export (Scala, dynamic allocation up to 20) shuffles for three minutes, then writes through coalesce(1): one task runs 47 minutes. Shuffle tracking (default in Spark 3.5, timeout infinite) keeps every executor holding shuffle output, so 19 executors idle until the end; their heaps peak near 1 GiB of 8g.'),
 'executor-memory-near-limit': (
  'PySpark executors peak at 91-94% of their container limit (JVM plus Python workers); the job still succeeds.',
  'propensity-scoring (PySpark, pandas UDFs) runs with spark.executor.processTreeMetrics.enabled=true, 4g heap and 1g overhead (5120 MiB limit). The JVM (about 3.3 GB resident) and the Python workers (about 1.5 GB) peak at 91-94% of the limit on every executor. The job succeeds; a larger batch will be OOM-killed.'),
 'driver-main-class-missing': (
  'The SparkApplication names a main class the new jar no longer has: SparkSubmit exits 101 at once.',
  'credit-notes (Scala, SparkApplication) points mainClass at com.acme.billing.CreditNotesJob, which release 4.3.0 of the billing jar renamed. SparkSubmit logs "Failed to load class com.acme.billing.CreditNotesJob." and exits 101 before any SparkContext exists; the operator marks the application FAILED with "driver container failed with ExitCode: 101".'),
 'shuffle-fetch-failed-executor-lost': (
  'An event log alone: one giant customer group OOM-kills its executor (exit 137) in each of four stage attempts; the lost shuffle output fails the stage with FetchFailed and the job is aborted.',
  'customer-features-daily (PySpark, groupBy(customer_id).applyInPandas, AQE off) is known only from its event log. Reduce partition 7 holds customer 4471920 with 90 million events; the Python worker building that group outgrows the 6g + 1g container and the kernel OOM-kills executor 2 (exit 137). Its four running tasks end with ExecutorLostFailure, reducers still reading its map output fail with FetchFailed (BlockManagerId(2, ...), Connection refused) and the retries launched after the loss with MetadataFetchFailedException. Spark re-runs the lost map tasks and the stage, and partition 7 kills executors 1, 4 and 3 in turn; after the fourth failed attempt ShuffleMapStage 1 is aborted, job 0 fails and its write stage is skipped.'),
 'shuffle-fetch-failed-recovered': (
  'A rolling event log alone: node consolidation deletes an executor pod during the reduce stage; FetchFailed, the lost map output is computed again and the second attempt completes.',
  'merchant-settlement-hourly (Scala, AQE off) is known only from its rolling event log (eventlog_v2_ folder). 37 s into the reduce stage the cluster autoscaler consolidates the node of executor 3 and its pod is deleted ("deleted by a user or the framework"). Three running tasks are lost with it (not counted against them), eleven reducers reading its shuffle output fail with FetchFailed and the retry launched after the loss with MetadataFetchFailedException. Spark re-runs the six map tasks whose output was on executor 3 (stage 0 attempt 1) and the 17 unfinished reduce partitions (stage 1 attempt 1), which complete; executor 5 replaces executor 3 and the job succeeds.'),
 'stage-skew-spill-gc': (
  'Three giant campaigns skew a window stage: tasks 12-28 times the median read 2.5-5.6 GB each, spill 37 GiB and spend a third of their time in GC; the job succeeds, late.',
  'ad-attribution-daily (Scala, AQE on) computes last-click attribution with a window partitioned by campaign_id, which AQE cannot split. Three retail campaigns land in reduce partitions 5, 21 and 38: their tasks read 2.5-5.6 GB of shuffle data against about 175 MB for the other 45, run 4 to 9.5 minutes against a 20 s median, spill 8-18 GB each from memory and spend 31-37% of their run time in GC. Nothing fails. The bundle holds the event log and the History Server REST JSON of the same application, which load as one row per job, stage, task and executor.'),
 'near-miss-event-log-healthy': (
  'An event log alone of a healthy hourly job: slightly uneven tasks, a 41 s straggler in a short lookup stage, small spills, normal GC, idle executors released. No finding.',
  'orders-enrich-hourly (Scala, dynamic allocation 2-6 executors, shuffle tracking with a 90 s timeout) is known only from its event log. Reduce tasks run 21-52 s; in the 16-task lookup stage one task runs 13 times the median, but for 41 s, under the 2.5-minute floor of the skew rule; three scan tasks spill 154-232 MiB; GC stays under 5% of run time. After the last job the four executors added for the scan are released ("Executor killed by driver."). sparkpm must report nothing.'),
 'rest-only-index-fails': (
  'The stage-index-fails-4-times application collected through the REST API alone (kubectl refused by RBAC): the same first finding, task 41 failing four times.',
  'orders-ingest (Scala) as the History Server shows it: the collector service account may not list pods, events or SparkApplications in spark-jobs, so the bundle holds only the Spark REST JSON and a manifest recording the refused kubectl calls. Task 41 of stage 1 fails four times with NumberFormatException: For input string: "n/a" on four executors; stage 1 and job 1 fail. Without pods or logs the diagnosis is the same as with them.'),
}

def yq(s):
    return "'" + s.replace("'", "''") + "'"

for scen, (line, desc) in D.items():
    if len(sys.argv) > 1 and scen not in sys.argv[1:]:
        continue
    out = subprocess.run([SPARKPM, 'analyze', os.path.join(REPO, 'testdata/incidents/%s/bundle' % scen), '--format', 'json', '-o', '/tmp/exp-%s.json' % scen],
                         capture_output=True, text=True)
    r = json.load(open('/tmp/exp-%s.json' % scen))
    lines = ['# ' + line, 'description: >-']
    words, cur = desc.split(), '  '
    for w in words:
        if len(cur) + len(w) + 1 > 98:
            lines.append(cur.rstrip()); cur = '  '
        cur += w + ' '
    lines.append(cur.rstrip())
    if r['findings']:
        lines.append('findings:          # every finding sparkpm must report, in report order (root cause first)')
        for f in sorted(r['findings'], key=lambda f: f['report_order']):
            lines += ['  - rule: ' + f['rule'], '    severity: ' + f['severity']]
    else:
        lines.append('findings: []       # nothing at all, not even info')
    open(os.path.join(REPO, 'testdata/incidents/%s/expected.yaml' % scen), 'w').write('\n'.join(lines) + '\n')
    print(scen, len(r['findings']))
