"""executor-memory-near-limit: propensity-scoring (PySpark, pandas UDFs) succeeds, but with process-tree metrics on,
the executors' JVM plus Python workers peak at 91-94% of their 5120 MiB container limit (4g heap, 1g overhead).
The next larger batch will be OOM-killed."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/executor-memory-near-limit/bundle')
IMAGE = 'registry.acme.io/ml/spark-py:3.5.1-python3.11-propensity-1.6.0'
APP = make_app('spark-8e4c2a6f0d1b49e7b3a5c9d7f1e2a864', 'propensity-scoring', '10.42.29.73', 4096, 4,
               main_file='local:///opt/app/score.py', operator=True)
NODE = ('ip-10-42-29-12.eu-west-1.compute.internal', '10.42.29.12', 'eu-west-1c')
EXECS = {'1': '10.42.29.140', '2': '10.42.29.151', '3': '10.42.29.166', '4': '10.42.29.178'}
BM = {e: 37000 + int(e) * 43 for e in EXECS}
RPC = {e: 47000 + int(e) * 23 for e in EXECS}
DRIVER_CREATED = T('2026-11-19T05:15:02')
DRIVER_STARTED = T('2026-11-19T05:15:08')
APP_START = T('2026-11-19T05:15:13.210')
EXEC_CREATED = T('2026-11-19T05:15:17')
COLLECTED = T('2026-11-19T05:58:00')
PEAKS = {'1': (3_420_000_000, 1_530_000_000), '2': (3_390_000_000, 1_480_000_000), '3': (3_510_000_000, 1_540_000_000),
         '4': (3_300_000_000, 1_470_000_000)}


def build():
    reset(OUT)
    rng = random.Random(5120)
    sp = Spark(APP, 5120)
    registered = {e: EXEC_CREATED + 10_300 + int(e) * 199 for e in EXECS}
    execs = [dict(id=e, registered=registered[e], cores=4) for e in EXECS]
    job0 = registered['4'] + 7_900
    tasks, _, _ = simulate(rng, job0 + 40, execs, 48, lambda i, a, e, l: (rng.randint(190_000, 240_000), 'SUCCESS', None))
    end = max(t['launch'] + t['duration'] for t in tasks)
    app_end = end + 2_800
    for e in EXECS:
        jvm, py = PEAKS[e]
        sp.executor(e, EXECS[e], registered[e], 4, 2388236697, port=RPC[e],
                    peak={'JVMHeapMemory': rng.randint(2_900_000_000, 3_300_000_000),
                          'JVMOffHeapMemory': rng.randint(150_000_000, 190_000_000),
                          'ProcessTreeJVMVMemory': jvm * 2 + 1_100_000_000, 'ProcessTreeJVMRSSMemory': jvm,
                          'ProcessTreePythonVMemory': py * 2 + 400_000_000, 'ProcessTreePythonRSSMemory': py,
                          'TotalGCTime': rng.randint(14_000, 26_000)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    name = 'parquet at NativeMethodAccessorImpl.java:0'
    s0 = sp.stage(0, name, 'scan', job0 + 5, tasks, rdd_ids=[3, 2, 1, 0],
                  details='org.apache.spark.sql.DataFrameWriter.parquet(DataFrameWriter.scala:792)')
    sp.job(0, name, [0], job0, end + 40, 'SUCCEEDED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, IMAGE, APP_START, python=True, executors=4, extra={
        'spark.executor.memoryOverhead': '1g', 'spark.executor.processTreeMetrics.enabled': 'true',
        'spark.sql.execution.arrow.pyspark.enabled': 'true', 'spark.sql.execution.arrow.maxRecordsPerBatch': '200000'})
    props.pop('spark.kubernetes.memoryOverheadFactor', None)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props))

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, entrypoint_lines('driver',
           '+ exec /usr/bin/tini -s -- /opt/spark/bin/spark-submit --conf spark.driver.bindAddress=%s --deploy-mode client '
           '--properties-file /opt/spark/conf/spark.properties --class org.apache.spark.deploy.PythonRunner %s'
           % (APP['driver_ip'], APP['main_file'])))
    driver_startup(tl, APP, APP_START, 4)
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e], RPC[e], BM[e])
    tl.add(job0 - 20, 'INFO', 'SparkContext', 'Starting job: %s' % name)
    stage_submit(tl, job0, 0, name, 0, 'ResultStage', name, 'MapPartitionsRDD[3] at parquet at NativeMethodAccessorImpl.java:0', 48)
    task_lines(tl, s0, sp.executors)
    stage_finished_lines(tl, end + 20, 0, 'ResultStage', name, job0 + 5, 0, name, job0)
    driver_shutdown(tl, APP, app_end, from_hook=False)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'memlim')

    drv_end = app_end + 1_200
    pods = [driver_pod_obj(APP, NODE, DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=drv_end, owner=operator_owner(APP))]
    for e in EXECS:
        pods.append(executor_pod_obj(APP, e, NODE, EXECS[e], EXEC_CREATED, EXEC_CREATED + 7_000, IMAGE, end=app_end + 500,
                                     limit_mib=exec_limit_mib(APP, 1024)))
    evs = lifecycle_events(APP, pods, IMAGE) + operator_events(APP, DRIVER_CREATED - 1_500, DRIVER_STARTED + 2_000,
                                                                 end=drv_end + 800)
    nodes = [node(NODE[0], NODE[1], NODE[2], T('2026-11-17T05:00:00'), node_conditions(COLLECTED - 6_000),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752)]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2_000, {
        'executor': {'instances': 4, 'memoryOverhead': '1g'},
        'sparkConf': {'spark.executor.processTreeMetrics.enabled': 'true',
                      'spark.eventLog.dir': 's3a://acme-spark-logs/eventlogs', 'spark.eventLog.enabled': 'true'}},
        'COMPLETED', executor_states={'%s-exec-%s' % (APP['name'], e): 'COMPLETED' for e in EXECS},
        terminated_at=drv_end + 800, app_type='Python', python=True)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED)


if __name__ == '__main__':
    build()
