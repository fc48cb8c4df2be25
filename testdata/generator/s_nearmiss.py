"""near-miss-retry-succeeded: normal turbulence only. One task fails once and succeeds on retry, a speculative
copy is killed, dynamic allocation releases two idle executors, benign WARN lines. No warning or critical."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/near-miss-retry-succeeded/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-events-2.3.7'
APP = make_app('spark-0d6f4b8a2e1c47d5b9a3c8e2f7d1b604', 'hourly-events-compact', '10.42.18.9', 4096, 4,
               main_file='local:///opt/spark/jars/events-compact-2.3.7.jar',
               main_class='com.acme.events.HourlyCompact', operator=True)
NODES = {
    'A': ('ip-10-42-18-30.eu-west-1.compute.internal', '10.42.18.30', 'eu-west-1a'),
    'B': ('ip-10-42-35-112.eu-west-1.compute.internal', '10.42.35.112', 'eu-west-1b'),
}
EXECS = {'1': ('A', '10.42.18.140'), '2': ('A', '10.42.18.77'), '3': ('B', '10.42.35.19'), '4': ('B', '10.42.35.201')}
BM = {e: 34400 + int(e) * 929 for e in EXECS}
RPC = {e: 46600 + int(e) * 347 for e in EXECS}
DRIVER_CREATED = T('2026-09-15T14:05:03')
DRIVER_STARTED = T('2026-09-15T14:05:11')
APP_START = T('2026-09-15T14:05:15.640')
EXEC_CREATED = T('2026-09-15T14:05:19')
JOB0 = T('2026-09-15T14:06:31.025')
COLLECTED = T('2026-09-15T14:31:18')

RESET = stack('java.net.SocketException: Connection reset', [
    'java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:328)',
    'java.base/sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:355)',
    'java.base/sun.nio.ch.NioSocketImpl$1.read(NioSocketImpl.java:808)',
    'java.base/java.net.Socket$SocketInputStream.read(Socket.java:966)',
    'java.base/sun.security.ssl.SSLSocketInputRecord.read(SSLSocketInputRecord.java:484)',
    'java.base/sun.security.ssl.SSLSocketInputRecord.readFully(SSLSocketInputRecord.java:467)',
    'java.base/sun.security.ssl.SSLSocketInputRecord.decodeInputRecord(SSLSocketInputRecord.java:243)',
    'java.base/sun.security.ssl.SSLSocketInputRecord.decode(SSLSocketInputRecord.java:181)',
    'java.base/sun.security.ssl.SSLTransport.decode(SSLTransport.java:111)',
    'java.base/sun.security.ssl.SSLSocketImpl.decode(SSLSocketImpl.java:1506)',
    'java.base/sun.security.ssl.SSLSocketImpl.readApplicationRecord(SSLSocketImpl.java:1473)',
    'java.base/sun.security.ssl.SSLSocketImpl$AppInputStream.read(SSLSocketImpl.java:1066)',
    'com.amazonaws.thirdparty.apache.http.impl.io.SessionInputBufferImpl.streamRead(SessionInputBufferImpl.java:137)',
    'com.amazonaws.thirdparty.apache.http.impl.io.SessionInputBufferImpl.read(SessionInputBufferImpl.java:197)',
    'com.amazonaws.thirdparty.apache.http.impl.io.ContentLengthInputStream.read(ContentLengthInputStream.java:176)',
    'com.amazonaws.thirdparty.apache.http.conn.EofSensorInputStream.read(EofSensorInputStream.java:135)',
    'com.amazonaws.internal.SdkFilterInputStream.read(SdkFilterInputStream.java:90)',
    'com.amazonaws.services.s3.internal.S3AbortableInputStream.read(S3AbortableInputStream.java:125)',
    'org.apache.hadoop.fs.s3a.S3AInputStream.lambda$read$3(S3AInputStream.java:565)',
    'org.apache.hadoop.fs.s3a.Invoker.onceTrackingDuration(Invoker.java:147)',
    'org.apache.hadoop.fs.s3a.S3AInputStream.read(S3AInputStream.java:562)',
    'java.base/java.io.DataInputStream.read(DataInputStream.java:151)',
    'org.apache.parquet.io.DelegatingSeekableInputStream.readFully(DelegatingSeekableInputStream.java:102)',
    'org.apache.parquet.io.DelegatingSeekableInputStream.readFullyHeapBuffer(DelegatingSeekableInputStream.java:127)',
    'org.apache.parquet.io.DelegatingSeekableInputStream.readFully(DelegatingSeekableInputStream.java:91)',
    'org.apache.parquet.hadoop.ParquetFileReader$ConsecutivePartList.readAll(ParquetFileReader.java:1850)',
    'org.apache.parquet.hadoop.ParquetFileReader.internalReadRowGroup(ParquetFileReader.java:990)',
    'org.apache.parquet.hadoop.ParquetFileReader.readNextRowGroup(ParquetFileReader.java:940)',
    'org.apache.spark.sql.execution.datasources.parquet.VectorizedParquetRecordReader.checkEndOfRowGroup(VectorizedParquetRecordReader.java:416)',
    'org.apache.spark.sql.execution.datasources.parquet.VectorizedParquetRecordReader.nextBatch(VectorizedParquetRecordReader.java:335)',
    'org.apache.spark.sql.execution.datasources.parquet.VectorizedParquetRecordReader.nextKeyValue(VectorizedParquetRecordReader.java:223)',
    'org.apache.spark.sql.execution.datasources.RecordReaderIterator.hasNext(RecordReaderIterator.scala:39)',
    'org.apache.spark.sql.execution.datasources.FileScanRDD$$anon$1.hasNext(FileScanRDD.scala:131)',
] + EXECUTOR_TASK_FRAMES)


def build():
    reset(OUT)
    rng = random.Random(15)
    sp = Spark(APP, 15)
    registered = {e: EXEC_CREATED + 9_600 + int(e) * 241 for e in EXECS}
    execs = [dict(id=e, registered=registered[e], cores=4) for e in EXECS]

    def plan(index, attempt, eid, launch):
        if index == 17 and attempt == 0:
            return 38_412, 'FAILED', RESET + '\n'
        if index == 58:
            return 431_233, 'SUCCESS', None          # the straggler
        return rng.randint(52_000, 88_000), 'SUCCESS', None

    t0, _, _ = simulate(rng, JOB0 + 38, execs, 96, plan)
    straggler = [t for t in t0 if t['index'] == 58][0]
    s_end = straggler['launch'] + straggler['duration']
    others_end = max(t['launch'] + t['duration'] for t in t0 if t['index'] != 58)
    # Speculation (quantile 0.75, multiplier 1.5): a copy of 58 starts once the others are done, on
    # another executor; the original still finishes first and the copy is killed.
    spec_exec = [e for e in EXECS if e != straggler['exec']][0]
    spec_launch = others_end + 1_210
    t0.append(dict(index=58, attempt=1, exec=spec_exec, launch=spec_launch, duration=s_end + 31 - spec_launch,
                   status='KILLED', speculative=True, error='another attempt succeeded'))
    job0_end = s_end + 60
    # The two executors without the straggler or its copy sit idle and are released after 60 s.
    busy = [straggler['exec'], spec_exec]
    idle = sorted(e for e in EXECS if e not in busy)
    idle_since = max(t['launch'] + t['duration'] for t in t0 if t['exec'] in idle)
    released = idle_since + 60_000 + 412
    assert released < s_end
    # Job 1: late data for the previous hour, 8 tasks on the two executors left.
    job1 = job0_end + 21_300
    two = [dict(id=e, registered=registered[e], cores=4) for e in sorted(busy)]
    t1, _, _ = simulate(rng, job1 + 36, two, 8, lambda i, a, e, l: (rng.randint(70_000, 96_000), 'SUCCESS', None))
    job1_end = max(t['launch'] + t['duration'] for t in t1) + 50
    app_end = job1_end + 2_700
    for e in EXECS:
        rel = e in idle
        sp.executor(e, EXECS[e][1], registered[e], 4, 2388236697, port=RPC[e],
                    remove_ms=released + idle.index(e) * 7 if rel else None,
                    remove_reason='Executor killed by driver.' if rel else None,
                    peak={'JVMHeapMemory': rng.randint(900_000_000, 1_600_000_000),
                          'JVMOffHeapMemory': rng.randint(120_000_000, 150_000_000),
                          'MinorGCCount': rng.randint(30, 70), 'MinorGCTime': rng.randint(400, 1200),
                          'TotalGCTime': rng.randint(400, 1200)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    s0 = sp.stage(0, 'save at HourlyCompact.scala:49', 'scan', JOB0 + 5, t0, rdd_ids=[3, 2, 1, 0],
                  killed_summary={'another attempt succeeded': 1},
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.events.HourlyCompact$.compact(HourlyCompact.scala:49)')
    sp.job(0, 'save at HourlyCompact.scala:49', [0], JOB0, job0_end, 'SUCCEEDED')
    s1 = sp.stage(1, 'save at HourlyCompact.scala:49', 'scan', job1 + 5, t1, rdd_ids=[7, 6, 5, 4],
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.events.HourlyCompact$.compact(HourlyCompact.scala:49)')
    sp.job(1, 'save at HourlyCompact.scala:49', [1], job1, job1_end, 'SUCCEEDED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, IMAGE, APP_START, extra={
        'spark.dynamicAllocation.enabled': 'true', 'spark.dynamicAllocation.executorIdleTimeout': '60s',
        'spark.dynamicAllocation.initialExecutors': '4', 'spark.dynamicAllocation.maxExecutors': '8',
        'spark.dynamicAllocation.minExecutors': '1', 'spark.dynamicAllocation.shuffleTracking.enabled': 'true',
        'spark.kubernetes.executor.deleteOnTermination': 'false',
        'spark.speculation': 'true', 'spark.speculation.multiplier': '1.5', 'spark.speculation.quantile': '0.75'})
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 4)
    tl.add(APP_START + 3_600, 'WARN', 'ExecutorAllocationManager', 'Dynamic allocation without a shuffle service is an experimental feature.')
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    tl.add(registered['4'] + 25, 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    tl.add(JOB0 - 1900, 'INFO', 'InMemoryFileIndex', 'It took 1702 ms to list leaf files for 1 paths.')
    tl.add(JOB0 - 20, 'INFO', 'SparkContext', 'Starting job: save at HourlyCompact.scala:49')
    stage_submit(tl, JOB0, 0, 'save at HourlyCompact.scala:49', 0, 'ResultStage', 'save at HourlyCompact.scala:49',
                 'CoalescedRDD[3] at save at HourlyCompact.scala:49', 96)
    task_lines(tl, s0, sp.executors)
    f17 = [t for t in s0['tasks'] if t['index'] == 17 and t['attempt'] == 0][0]
    tl.add(f17['launch'] + f17['duration'] + 4, 'WARN', 'TaskSetManager', 'Lost task 17.0 in stage 0.0 (TID %d) (%s executor %s): %s'
           % (f17['tid'], EXECS[f17['exec']][1], f17['exec'], RESET))
    spec = [t for t in s0['tasks'] if t['speculative']][0]
    orig = [t for t in s0['tasks'] if t['index'] == 58 and t['attempt'] == 0][0]
    tl.add(spec['launch'] - 1_100, 'INFO', 'TaskSetManager',
           'Marking task 58 in stage 0.0 (on %s) as speculatable because it ran more than %d ms(95 tasks have succeeded)'
           % (EXECS[orig['exec']][1], spec['launch'] - 1_100 - orig['launch'] - 1))
    tl.add(s_end + 2, 'INFO', 'TaskSetManager', 'Killing attempt 1 for task 58.1 in stage 0.0 (TID %d) on %s as the attempt 0 succeeded on %s'
           % (spec['tid'], EXECS[spec['exec']][1], EXECS[orig['exec']][1]))
    tl.add(s_end + 31, 'WARN', 'TaskSetManager', 'Lost task 58.1 in stage 0.0 (TID %d) (%s executor %s): TaskKilled (another attempt succeeded)'
           % (spec['tid'], EXECS[spec['exec']][1], spec['exec']))
    tl.add(s_end + 32, 'INFO', 'TaskSetManager', 'Task 58.1 in stage 0.0 (TID %d) failed, but the task will not be re-executed '
           '(either because the task failed with a shuffle data fetch failure, so the previous stage needs to be re-run, '
           'or because a different copy of the task has already succeeded).' % spec['tid'])
    stage_finished_lines(tl, s_end + 40, 0, 'ResultStage', 'save at HourlyCompact.scala:49', JOB0 + 5, 0,
                         'save at HourlyCompact.scala:49', JOB0)
    tl.add(job1 - 20, 'INFO', 'SparkContext', 'Starting job: save at HourlyCompact.scala:49')
    stage_submit(tl, job1, 1, 'save at HourlyCompact.scala:49', 1, 'ResultStage', 'save at HourlyCompact.scala:49',
                 'CoalescedRDD[7] at save at HourlyCompact.scala:49', 8)
    task_lines(tl, s1, sp.executors)
    tl.add(released - 6, 'INFO', 'ExecutorAllocationManager', 'Executors %s removed due to idle timeout.' % ','.join(idle))
    tl.add(released - 5, 'INFO', 'KubernetesClusterSchedulerBackend', 'Requesting to kill executor(s) %s' % ', '.join(idle))
    tl.add(released - 5, 'INFO', 'KubernetesClusterSchedulerBackend', 'Actual list of executor(s) to be killed is %s' % ', '.join(idle))
    for n, e in enumerate(idle):
        t = released + n * 7
        tl.add(t, 'INFO', 'TaskSchedulerImpl', 'Executor %s on %s killed by driver.' % (e, EXECS[e][1]))
        tl.add(t + 1, 'INFO', 'DAGScheduler', 'Executor lost: %s (epoch %d)' % (e, n))
        tl.add(t + 2, 'INFO', 'BlockManagerMasterEndpoint', 'Trying to remove executor %s from BlockManagerMaster.' % e)
        tl.add(t + 2, 'INFO', 'BlockManagerMasterEndpoint', 'Removing block manager BlockManagerId(%s, %s, %d, None)'
               % (e, EXECS[e][1], BM[e]))
        tl.add(t + 3, 'INFO', 'BlockManagerMaster', 'Removed %s successfully in removeExecutor' % e)
        tl.add(t + 5, 'INFO', 'ExecutorMonitor', 'Executor %s is removed. Remove reason statistics: (gracefully '
               'decommissioned: 0, decommision unfinished: 0, driver killed: %d, unexpectedly exited: 0).' % (e, n + 1))
    stage_finished_lines(tl, job1_end - 30, 1, 'ResultStage', 'save at HourlyCompact.scala:49', job1 + 5, 1,
                         'save at HourlyCompact.scala:49', job1)
    driver_shutdown(tl, APP, app_end, from_hook=False)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'drvnm')

    for e in EXECS:
        etl = Timeline()
        pod_name = '%s-exec-%s' % (APP['name'], e)
        executor_startup(etl, APP, registered[e] - 1300, e, pod_name, EXECS[e][1], BM[e], 4)
        path = lambda i: 's3a://acme-data-lake/raw/events/dt=2026-09-15/hour=13/part-%05d.snappy.parquet' % i
        executor_task_lines(etl, s0, e, input_path=path)
        executor_task_lines(etl, s1, e, input_path=lambda i: 's3a://acme-data-lake/raw/events/dt=2026-09-15/hour=12/late-%05d.snappy.parquet' % i)
        if f17['exec'] == e:
            etl.add(f17['launch'] + f17['duration'] - 5, 'ERROR', 'Executor', 'Exception in task 17.0 in stage 0.0 (TID %d)' % f17['tid'], RESET)
        if spec['exec'] == e:
            etl.add(s_end + 4, 'INFO', 'Executor', 'Executor is trying to kill task 58.1 in stage 0.0 (TID %d), reason: another attempt succeeded' % spec['tid'])
            etl.add(s_end + 29, 'INFO', 'Executor', 'Executor killed task 58.1 in stage 0.0 (TID %d), reason: another attempt succeeded' % spec['tid'])
        executor_shutdown(etl, released + 30 if e in idle else app_end + 40)
        write_log(OUT, pod_name, 'spark-kubernetes-executor', etl, 'exnm' + e)

    drv_finished = app_end + 1_250
    pods = [driver_pod_obj(APP, NODES['A'], DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=drv_finished,
                           owner=operator_owner(APP))]
    for e in EXECS:
        end = released + 700 if e in idle else app_end + 650
        pods.append(executor_pod_obj(APP, e, NODES[EXECS[e][0]], EXECS[e][1], EXEC_CREATED, EXEC_CREATED + 7_050,
                                     IMAGE, end=end))
    evs = lifecycle_events(APP, pods, IMAGE) + operator_events(APP, DRIVER_CREATED, DRIVER_STARTED + 2000,
                                                               end=drv_finished + 900)
    nodes = [node(n[0], n[1], n[2], T('2026-09-14T03:10:55'), node_conditions(COLLECTED - 7_500),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752) for n in NODES.values()]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2000, {
        'dynamicAllocation': {'enabled': True, 'initialExecutors': 4, 'minExecutors': 1, 'maxExecutors': 8},
        'sparkConf': {'spark.kubernetes.executor.deleteOnTermination': 'false', 'spark.speculation': 'true',
                      'spark.eventLog.dir': 's3a://acme-spark-logs/eventlogs', 'spark.eventLog.enabled': 'true'}},
        'COMPLETED', executor_states={'%s-exec-%s' % (APP['name'], e): 'COMPLETED' for e in EXECS},
        terminated_at=drv_finished + 900)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED)


if __name__ == '__main__':
    build()
