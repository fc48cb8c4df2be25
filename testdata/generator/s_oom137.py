"""executor-oom-137: a PySpark job whose one huge input file OOM-kills every executor that reads it."""
import os
import random

from sparkgen import *  # noqa
from fragments import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/executor-oom-137/bundle')

APP = {
    'id': 'spark-7f3c2a9d41e84b0f9c6d15e2a8b3f047',
    'name': 'nightly-etl',
    'namespace': 'spark-jobs',
    'driver_pod': 'nightly-etl-driver',
    'driver_host': 'nightly-etl-9c41d07e5b2a8f36-driver-svc.spark-jobs.svc',
    'driver_ip': '10.42.8.57',
    'executor_memory': '4g',
    'executor_memory_mb': 4096,
    'driver_memory_mb': 2048,
    'executor_cores': 4,
    'main_file': 'local:///opt/spark/work-dir/nightly_etl.py',
    'operator': True,
    'uids': {},
}
IMAGE = 'registry.acme.io/data/spark-py:3.5.1-etl-2026.11.3'
EXEC_LIMIT_MIB = 4096 + 512
DRIVER_LIMIT_MIB = 2048 + 819

NODES = {
    'A': ('ip-10-42-8-21.eu-west-1.compute.internal', '10.42.8.21', 'eu-west-1a'),
    'B': ('ip-10-42-17-93.eu-west-1.compute.internal', '10.42.17.93', 'eu-west-1b'),
    'C': ('ip-10-42-33-140.eu-west-1.compute.internal', '10.42.33.140', 'eu-west-1c'),
}
# executor id -> node, pod ip, pod created, registered
EXECS = {
    '1': ('A', '10.42.8.113', T('2026-11-21T05:59:10'), T('2026-11-21T05:59:19.412')),
    '2': ('A', '10.42.8.190', T('2026-11-21T05:59:10'), T('2026-11-21T05:59:19.877')),
    '3': ('B', '10.42.17.130', T('2026-11-21T05:59:10'), T('2026-11-21T05:59:20.256')),
    '4': ('C', '10.42.33.18', T('2026-11-21T05:59:10'), T('2026-11-21T05:59:20.631')),
    '5': ('C', '10.42.33.76', T('2026-11-21T06:16:42'), T('2026-11-21T06:16:52.118')),
    '6': ('B', '10.42.17.201', T('2026-11-21T06:25:05'), T('2026-11-21T06:25:15.560')),
    '7': ('A', '10.42.8.242', T('2026-11-21T06:33:33'), T('2026-11-21T06:33:43.904')),
}
BM_PORT = {e: 35000 + int(e) * 1117 for e in EXECS}
RPC_PORT = {e: 41000 + int(e) * 733 for e in EXECS}
# OOM kills: executor -> container finished (kernel kill) time; the driver notices ~1 s later.
KILLS = [('3', T('2026-11-21T06:16:40')), ('4', T('2026-11-21T06:25:03')),
         ('5', T('2026-11-21T06:33:31')), ('2', T('2026-11-21T06:41:54'))]
APP_START = T('2026-11-21T05:59:04.318')
DRIVER_POD_CREATED = T('2026-11-21T05:58:51')
DRIVER_STARTED = T('2026-11-21T05:59:00')
JOB1_START = T('2026-11-21T06:08:09.904')
ABORT = T('2026-11-21T06:41:55.207')
APP_END = T('2026-11-21T06:41:56.611')
DRIVER_FINISHED = T('2026-11-21T06:41:58')
COLLECTED = T('2026-11-21T06:57:41')


def input_file(i):
    return 's3a://acme-data-lake/raw/events/dt=2026-11-20/part-%05d-1f3e9a0c.csv.gz' % i


def build():
    reset(OUT)
    rng = random.Random(137)
    sp = Spark(APP, 137)

    # Job 1 is simulated first: it decides which executors die and when.
    # Index 12 reads a 9.4 GB file: its Python worker outgrows the container every time.
    def plan(index, attempt, eid, launch):
        if index == 12:
            return rng.randint(497_000, 505_000), 'KILLEXEC', None
        return rng.randint(150_000, 260_000), 'SUCCESS', None

    registered = {e: EXECS[e][3] for e in ('1', '2', '3', '4')}

    def replace(dead, now):
        nid = str(len(registered) + 1)
        if nid not in EXECS or len(registered) >= 7:
            return None
        registered[nid] = now + 11_400 + rng.randint(0, 900)
        return dict(id=nid, registered=registered[nid], cores=4)

    initial = [dict(id=e, registered=EXECS[e][3], cores=4) for e in ('1', '2', '4', '3')]
    tasks, losses, abort = simulate(rng, JOB1_START + 41, initial, 80, plan, replace=replace)
    KILLS[:] = [(eid, t) for t, eid, _ in losses]
    kill_at = dict(KILLS)
    for e, reg in registered.items():
        n, ip, _, _ = EXECS[e]
        EXECS[e] = (n, ip, reg - 10_300, reg)
    for e in list(EXECS):
        if e not in registered:
            del EXECS[e]
    globals()['ABORT'] = abort
    globals()['APP_END'] = abort + 1404
    globals()['DRIVER_FINISHED'] = abort + 2900
    for t in tasks:
        if t['index'] == 12:
            t['file_size'] = 10093173964
        if t['status'] == 'FAILED':
            eid = t['exec']
            t['error'] = ('ExecutorLostFailure (executor %s exited caused by one of the running tasks) Reason: %s'
                          % (eid, k8s_exit_message(eid, 137, HINTS[137], IMAGE, EXECS[eid][2] + 8000, kill_at[eid], 'OOMKilled')))
    last = [t for t in tasks if t['index'] == 12 and t['attempt'] == 3][0]
    abort_reason = ('Job aborted due to stage failure: Task 12 in stage 1.0 failed 4 times, most recent failure: '
                    'Lost task 12.3 in stage 1.0 (TID %%d) (%s executor %s): %s\nDriver stacktrace:'
                    % (EXECS[last['exec']][1], last['exec'], last['error']))

    for e, (n, ip, created, reg) in EXECS.items():
        kill = kill_at.get(e)
        reason = None
        if kill:
            reason = k8s_exit_message(e, 137, HINTS[137], IMAGE, created + 8000, kill, 'OOMKilled')
        sp.executor(e, ip, reg, 4, 2388236697, remove_ms=kill + 1000 if kill else None, remove_reason=reason,
                    peak={'JVMHeapMemory': rng.randint(2_100_000_000, 2_900_000_000),
                          'JVMOffHeapMemory': rng.randint(150_000_000, 190_000_000),
                          'OnHeapExecutionMemory': rng.randint(20_000_000, 60_000_000),
                          'DirectPoolMemory': rng.randint(30_000_000, 90_000_000),
                          'MinorGCCount': rng.randint(90, 200), 'MinorGCTime': rng.randint(2000, 6000),
                          'MajorGCCount': 0, 'MajorGCTime': 0, 'TotalGCTime': rng.randint(2000, 6000)},
                    port=RPC_PORT[e])
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)

    # Job 0: the CSV reader reads the header of the first file (one task).
    t0 = T('2026-11-21T06:07:58.512')
    s0 = sp.stage(0, 'csv at NativeMethodAccessorImpl.java:0', 'result', t0,
                  [dict(index=0, exec='1', launch=t0 + 61, duration=1874, status='SUCCESS')],
                  details='org.apache.spark.sql.DataFrameReader.csv(DataFrameReader.scala:538)\n'
                          'java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
                  rdd_ids=[2, 1, 0])
    sp.job(0, 'csv at NativeMethodAccessorImpl.java:0', [0], t0 - 12, t0 + 1960, 'SUCCEEDED')

    s1 = sp.stage(1, 'parquet at NativeMethodAccessorImpl.java:0', 'result', JOB1_START + 4, tasks,
                  failure='__ABORT__', completed=abort,
                  details='org.apache.spark.sql.DataFrameWriter.parquet(DataFrameWriter.scala:792)\n'
                          'java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n'
                          'java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:77)',
                  rdd_ids=[9, 8, 7, 6, 5, 4, 3])
    last_tid = [t for t in s1['tasks'] if t['index'] == 12 and t['attempt'] == 3][0]['tid']
    abort_reason = abort_reason % last_tid
    s1['failure'] = abort_reason
    sp.job(1, 'parquet at NativeMethodAccessorImpl.java:0', [1], JOB1_START, abort, 'FAILED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, APP_END))
    props = {
        'spark.app.id': APP['id'], 'spark.app.name': APP['name'], 'spark.app.startTime': str(APP_START),
        'spark.app.submitTime': str(APP_START - 6100),
        'spark.driver.bindAddress': APP['driver_ip'], 'spark.driver.blockManager.port': '7079',
        'spark.driver.cores': '1', 'spark.driver.host': APP['driver_host'], 'spark.driver.memory': '2g',
        'spark.driver.port': '7078', 'spark.eventLog.dir': 's3a://acme-spark-logs/eventlogs',
        'spark.eventLog.enabled': 'true', 'spark.executor.cores': '4', 'spark.executor.id': 'driver',
        'spark.executor.instances': '4', 'spark.executor.memory': '4g', 'spark.executor.memoryOverhead': '512m',
        'spark.hadoop.fs.s3a.aws.credentials.provider': 'com.amazonaws.auth.WebIdentityTokenCredentialsProvider',
        'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark',
        'spark.kubernetes.container.image': IMAGE, 'spark.kubernetes.driver.pod.name': APP['driver_pod'],
        'spark.kubernetes.executor.deleteOnTermination': 'false',
        'spark.kubernetes.executor.podNamePrefix': APP['name'], 'spark.kubernetes.memoryOverheadFactor': '0.4',
        'spark.kubernetes.namespace': APP['namespace'], 'spark.kubernetes.pyspark.pythonVersion': '3',
        'spark.kubernetes.resource.type': 'python', 'spark.kubernetes.submission.waitAppCompletion': 'false',
        'spark.kubernetes.submitInDriver': 'true', 'spark.master': 'k8s://https://172.20.0.1:443',
        'spark.rdd.compress': 'True', 'spark.serializer.objectStreamReset': '100',
        'spark.sql.execution.arrow.pyspark.enabled': 'true', 'spark.submit.deployMode': 'client',
        'spark.submit.pyFiles': '', 'spark.ui.showConsoleProgress': 'true',
    }
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props))

    # ---------------------------------------------------------------- driver log
    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, entrypoint_lines('driver',
           '+ exec /usr/bin/tini -s -- /opt/spark/bin/spark-submit --conf spark.driver.bindAddress=%s '
           '--deploy-mode client --properties-file /opt/spark/conf/spark.properties --class '
           'org.apache.spark.deploy.PythonRunner %s' % (APP['driver_ip'], APP['main_file'])))
    driver_startup(tl, APP, APP_START, 4)
    for e in ('1', '2', '3', '4', '5', '6', '7'):
        n, ip, created, reg = EXECS[e]
        executor_registered(tl, APP, reg, e, ip, RPC_PORT[e], BM_PORT[e])
    tl.add(T('2026-11-21T05:59:20.650'), 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    tl.add(T('2026-11-21T05:59:21.913'), 'INFO', 'SharedState', "Setting hive.metastore.warehouse.dir ('null') to the value of spark.sql.warehouse.dir.")
    tl.add(T('2026-11-21T05:59:21.940'), 'INFO', 'SharedState', "Warehouse path is 'file:/opt/spark/work-dir/spark-warehouse'.")
    tl.add(T('2026-11-21T06:07:57.102'), 'INFO', 'InMemoryFileIndex', 'It took 8163 ms to list leaf files for 1 paths.')
    stage_submit(tl, t0, 0, 'csv at NativeMethodAccessorImpl.java:0', 0, 'ResultStage',
                 'csv at NativeMethodAccessorImpl.java:0', 'MapPartitionsRDD[2] at csv at NativeMethodAccessorImpl.java:0', 1)
    task_lines(tl, s0, sp.executors)
    tl.add(t0 + 1940, 'INFO', 'TaskSchedulerImpl', 'Removed TaskSet 0.0, whose tasks have all completed, from pool ')
    tl.add(t0 + 1942, 'INFO', 'DAGScheduler', 'ResultStage 0 (csv at NativeMethodAccessorImpl.java:0) finished in 1.939 s')
    tl.add(t0 + 1944, 'INFO', 'DAGScheduler', 'Job 0 is finished. Cancelling potential speculative or zombie tasks for this job')
    tl.add(t0 + 1944, 'INFO', 'TaskSchedulerImpl', 'Killing all running tasks in stage 0: Stage finished')
    tl.add(t0 + 1946, 'INFO', 'DAGScheduler', 'Job 0 finished: csv at NativeMethodAccessorImpl.java:0, took 1.962 s')
    tl.add(JOB1_START - 800, 'INFO', 'FileSourceStrategy', 'Pushed Filters: ')
    tl.add(JOB1_START - 790, 'INFO', 'FileSourceStrategy', 'Post-Scan Filters: ')
    tl.add(JOB1_START - 600, 'INFO', 'ParquetUtils', 'Using default output committer for Parquet: org.apache.parquet.hadoop.ParquetOutputCommitter')
    tl.add(JOB1_START - 590, 'INFO', 'FileOutputCommitter', 'File Output Committer Algorithm version is 1')
    tl.add(JOB1_START - 200, 'INFO', 'CodeGenerator', 'Code generated in 21.503417 ms')
    tl.add(JOB1_START - 100, 'INFO', 'FileSourceScanExec', 'Planning scan with bin packing, max size: 134217728 bytes, open cost is considered as scanning 4194304 bytes.')
    tl.add(JOB1_START - 20, 'INFO', 'SparkContext', 'Starting job: parquet at NativeMethodAccessorImpl.java:0')
    stage_submit(tl, JOB1_START, 1, 'parquet at NativeMethodAccessorImpl.java:0', 1, 'ResultStage',
                 'parquet at NativeMethodAccessorImpl.java:0', 'MapPartitionsRDD[9] at parquet at NativeMethodAccessorImpl.java:0', 80)
    task_lines(tl, s1, sp.executors)
    epoch = 1
    for e, t_kill in KILLS:
        n, ip, created, reg = EXECS[e]
        epoch += 1
        running = [(t['index'], t['attempt'], t['tid']) for t in s1['tasks'] if t['exec'] == e and t['status'] == 'FAILED']
        reason = k8s_exit_message(e, 137, HINTS[137], IMAGE, created + 9000, t_kill, 'OOMKilled')
        lost_executor(tl, APP, t_kill + 1000, e, ip, reason, BM_PORT[e], epoch, running, stage='1.0')
        if any(int(x) > int(max(EXECS, key=int)) - 0 for x in []) or e != KILLS[-1][0]:
            tl.add(t_kill + 1900, 'INFO', 'ExecutorPodsAllocator',
                   'Going to request 1 executors from Kubernetes for ResourceProfile Id: 0, target: 4, known: 3, sharedSlotFromPendingPods: 2147483647.')
            tl.add(t_kill + 1950, 'INFO', 'BasicExecutorFeatureStep', 'Decommissioning not enabled, skipping shutdown script')
    abort_text = abort_reason
    tl.add(ABORT, 'ERROR', 'TaskSetManager', 'Task 12 in stage 1.0 failed 4 times; aborting job')
    tl.add(ABORT + 2, 'INFO', 'TaskSchedulerImpl', 'Removed TaskSet 1.0, whose tasks have all completed, from pool ')
    tl.add(ABORT + 3, 'INFO', 'TaskSchedulerImpl', 'Cancelling stage 1')
    tl.add(ABORT + 3, 'INFO', 'TaskSchedulerImpl', 'Killing all running tasks in stage 1: Stage cancelled: ' + abort_text)
    tl.add(ABORT + 5, 'INFO', 'DAGScheduler', 'ResultStage 1 (parquet at NativeMethodAccessorImpl.java:0) failed in %.3f s due to %s'
           % ((ABORT - JOB1_START) / 1000.0, abort_text))
    tl.add(ABORT + 7, 'INFO', 'DAGScheduler', 'Job 1 failed: parquet at NativeMethodAccessorImpl.java:0, took %.3f s'
           % ((ABORT - JOB1_START + 7) / 1000.0))
    exc = 'org.apache.spark.SparkException: ' + abort_text
    tl.add(ABORT + 12, 'ERROR', 'FileFormatWriter', 'Aborting job %s.' % uid('write' + APP['id']),
           stack(exc, DRIVER_ABORT_FRAMES + WRITE_FRAMES[:1] + ['org.apache.spark.sql.execution.datasources.FileFormatWriter$.write(FileFormatWriter.scala:189)']))
    py = '\n'.join([
        'Traceback (most recent call last):',
        '  File "/opt/spark/work-dir/nightly_etl.py", line 74, in <module>',
        '    main(sys.argv[1])',
        '  File "/opt/spark/work-dir/nightly_etl.py", line 68, in main',
        '    .parquet(OUTPUT_PATH % run_date)',
        '     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  File "/opt/spark/python/lib/pyspark.zip/pyspark/sql/readwriter.py", line 1721, in parquet',
        '  File "/opt/spark/python/lib/py4j-0.10.9.7-src.zip/py4j/java_gateway.py", line 1322, in __call__',
        '  File "/opt/spark/python/lib/pyspark.zip/pyspark/errors/exceptions/captured.py", line 179, in deco',
        '  File "/opt/spark/python/lib/py4j-0.10.9.7-src.zip/py4j/protocol.py", line 326, in get_return_value',
        'py4j.protocol.Py4JJavaError: An error occurred while calling o97.parquet.',
        ': ' + stack(exc, DRIVER_ABORT_FRAMES + WRITE_FRAMES + PY4J_FRAMES),
    ])
    tl.raw(ABORT + 120, py)
    driver_shutdown(tl, APP, APP_END)
    write_text(os.path.join(OUT, 'logs', APP['driver_pod'], 'spark-kubernetes-driver.log'), tl.render('drv137'))

    # ---------------------------------------------------------------- executor logs
    for e, (n, ip, created, reg) in EXECS.items():
        etl = Timeline()
        pod_name = '%s-exec-%s' % (APP['name'], e)
        executor_startup(etl, APP, reg - 1300, e, pod_name, ip, BM_PORT[e], 4)
        executor_task_lines(etl, s1, e, input_path=input_file, python=True)
        for t in s1['tasks']:
            if t['exec'] == e and t['index'] == 12:
                etl.add(t['launch'] + 1900, 'INFO', 'CodecPool', 'Got brand-new decompressor [.gz]')
        if e == '1':
            executor_task_lines(etl, s0, e)
        if e not in dict(KILLS):
            executor_shutdown(etl, APP_END + 40)
        write_text(os.path.join(OUT, 'logs', pod_name, 'spark-kubernetes-executor.log'), etl.render('ex137' + e))

    # ---------------------------------------------------------------- pods
    pods = []
    owner = {'apiVersion': 'sparkoperator.k8s.io/v1beta2', 'blockOwnerDeletion': True, 'controller': True,
             'kind': 'SparkApplication', 'name': APP['name'], 'uid': uid('sparkapp' + APP['id'])}
    nA = NODES['A']
    pods.append(pod(APP, APP['driver_pod'], 'driver', None, nA[0], nA[1], APP['driver_ip'], DRIVER_POD_CREATED,
                    DRIVER_STARTED, terminated(DRIVER_STARTED, DRIVER_FINISHED, 1, 'Error', APP['driver_pod']),
                    'Failed', DRIVER_LIMIT_MIB, 1, IMAGE, owner=owner,
                    env_extra=[{'name': 'PYSPARK_PYTHON', 'value': 'python3'},
                               {'name': 'PYSPARK_DRIVER_PYTHON', 'value': 'python3'},
                               {'name': 'SPARK_APPLICATION_ARGS', 'value': '2026-11-20'}]))
    for e, (n, ip, created, reg) in EXECS.items():
        node_name, node_ip, _ = NODES[n]
        pod_name = '%s-exec-%s' % (APP['name'], e)
        start = created + 8000
        if e in dict(KILLS):
            st = terminated(start, dict(KILLS)[e], 137, 'OOMKilled', pod_name)
            phase, extra = 'Failed', {'spark-exec-inactive': 'true'}
        else:
            st = terminated(start, APP_END + 700, 0, 'Completed', pod_name)
            phase, extra = 'Succeeded', None
        pods.append(pod(APP, pod_name, 'executor', e, node_name, node_ip, ip, created, start, st, phase,
                        EXEC_LIMIT_MIB, 4, IMAGE, labels_extra=extra,
                        env_extra=[{'name': 'PYSPARK_PYTHON', 'value': 'python3'}]))
    write_json(os.path.join(OUT, 'k8s', 'pods.json'), k8s_list(pods, 'List'))

    # ---------------------------------------------------------------- events
    evs = []
    evs += pod_lifecycle_events(APP, APP['driver_pod'], nA[0], 'spark-kubernetes-driver', IMAGE, DRIVER_POD_CREATED, DRIVER_STARTED)
    for e, (n, ip, created, reg) in EXECS.items():
        evs += pod_lifecycle_events(APP, '%s-exec-%s' % (APP['name'], e), NODES[n][0], 'spark-kubernetes-executor',
                                    IMAGE, created, created + 8000)
    sa = APP['name']
    sa_uid = uid('sparkapp' + APP['id'])
    op = dict(kind='SparkApplication', component='spark-operator', api_version='sparkoperator.k8s.io/v1beta2',
              involved_uid=sa_uid, reporting='')
    evs.append(event(APP, name=sa, reason='SparkApplicationSubmitted',
                     message='SparkApplication %s was submitted successfully' % sa, first=DRIVER_POD_CREATED, **op))
    evs.append(event(APP, name=sa, reason='SparkDriverRunning',
                     message='Driver %s is running' % APP['driver_pod'], first=DRIVER_STARTED + 2000, **op))
    for e, t_kill in KILLS:
        evs.append(event(APP, name=sa, reason='SparkExecutorFailed', type_='Warning',
                         message='Executor [%s-exec-%s] failed with ExitCode: 137, Reason: OOMKilled' % (APP['name'], e),
                         first=t_kill + 1500, **op))
    evs.append(event(APP, name=sa, reason='SparkDriverFailed', type_='Warning',
                     message='Driver %s failed' % APP['driver_pod'], first=DRIVER_FINISHED + 1000, **op))
    evs.append(event(APP, name=sa, reason='SparkApplicationFailed', type_='Warning',
                     message='SparkApplication %s failed: driver container failed with ExitCode: 1, Reason: Error' % sa,
                     first=DRIVER_FINISHED + 1100, **op))
    pids = {e: 29000 + (int(hexid('pid' + e, 4), 16) % 4000) for e in EXECS}
    for e, t_kill in KILLS:
        n = EXECS[e][0]
        node_name = NODES[n][0]
        evs.append(event(APP, 'Node', node_name, 'OOMKilling',
                         'Memory cgroup out of memory: Killed process %d (python3) total-vm:6119432kB, anon-rss:%dkB, '
                         'file-rss:14220kB, shmem-rss:0kB, UID:185 pgtables:7144kB oom_score_adj:966'
                         % (pids[e], 2_940_000 + int(e) * 13_377),
                         t_kill, type_='Warning', component='kernel-monitor', host=node_name,
                         involved_uid=node_name, reporting='kernel-monitor'))
    evs.sort(key=lambda ev: ev.get('firstTimestamp') or ev['metadata']['creationTimestamp'])
    write_json(os.path.join(OUT, 'k8s', 'events.json'), k8s_list(evs, 'List'))

    # ---------------------------------------------------------------- nodes
    nodes = []
    for key in ('A', 'B', 'C'):
        name, ip, zone = NODES[key]
        nodes.append(node(name, ip, zone, T('2026-11-18T22:14:09'), node_conditions(COLLECTED - 9000),
                          instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752))
    write_json(os.path.join(OUT, 'k8s', 'nodes.json'), k8s_list(nodes, 'NodeList'))

    # ---------------------------------------------------------------- sparkapplication
    sapp = {
        'apiVersion': 'sparkoperator.k8s.io/v1beta2', 'kind': 'SparkApplication',
        'metadata': {'creationTimestamp': iso_s(DRIVER_POD_CREATED - 2000), 'generation': 1, 'name': sa,
                     'namespace': APP['namespace'], 'resourceVersion': '48213377', 'uid': sa_uid},
        'spec': {
            'arguments': ['2026-11-20'],
            'driver': {'coreLimit': '1200m', 'cores': 1, 'memory': '2g', 'serviceAccount': 'spark',
                       'labels': {'team': 'data-platform'}, 'nodeSelector': {'workload': 'spark'}},
            'executor': {'cores': 4, 'instances': 4, 'memory': '4g', 'memoryOverhead': '512m',
                         'labels': {'team': 'data-platform'}, 'nodeSelector': {'workload': 'spark'}},
            'image': IMAGE, 'imagePullPolicy': 'IfNotPresent',
            'mainApplicationFile': APP['main_file'], 'mode': 'cluster', 'pythonVersion': '3',
            'restartPolicy': {'type': 'Never'},
            'sparkConf': {'spark.eventLog.dir': 's3a://acme-spark-logs/eventlogs', 'spark.eventLog.enabled': 'true',
                          'spark.kubernetes.executor.deleteOnTermination': 'false',
                          'spark.sql.execution.arrow.pyspark.enabled': 'true'},
            'sparkVersion': '3.5.1', 'type': 'Python',
        },
        'status': {
            'applicationState': {'errorMessage': 'driver container failed with ExitCode: 1, Reason: Error', 'state': 'FAILED'},
            'driverInfo': {'podName': APP['driver_pod'], 'webUIAddress': '172.20.114.9:0', 'webUIPort': 4040,
                           'webUIServiceName': '%s-ui-svc' % sa},
            'executionAttempts': 1,
            'executorState': {'%s-exec-%s' % (sa, e): ('FAILED' if e in dict(KILLS) else 'COMPLETED') for e in EXECS},
            'lastSubmissionAttemptTime': iso_s(DRIVER_POD_CREATED - 1000),
            'sparkApplicationId': APP['id'], 'submissionAttempts': 1, 'submissionID': uid('sub' + APP['id']),
            'terminationTime': iso_s(DRIVER_FINISHED + 1000),
        },
    }
    write_json(os.path.join(OUT, 'k8s', 'sparkapplications.json'), k8s_list([sapp], 'List'))

    # ---------------------------------------------------------------- manifest
    errors = [{'path': 'logs/%s-exec-%s/spark-kubernetes-executor.previous.log' % (APP['name'], e),
               'source': 'kubectl logs -n spark-jobs %s-exec-%s -c spark-kubernetes-executor --timestamps --previous' % (APP['name'], e),
               'status': 'error', 'error': 'previous terminated container "spark-kubernetes-executor" in pod "%s-exec-%s" not found' % (APP['name'], e)}
              for e, _ in KILLS]
    manifest(OUT, APP, COLLECTED, COLLECTED - 3600 * 1000, standard_sources(APP), errors)


if __name__ == '__main__':
    build()
