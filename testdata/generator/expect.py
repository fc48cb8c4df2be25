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
