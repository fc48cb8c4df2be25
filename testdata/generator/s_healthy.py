"""healthy-app: a two-stage job that succeeds; only benign WARN lines. Must produce no finding."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/healthy-app/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-finance-5.2.0'
APP = make_app('spark-e3a95c17d8b24f0c96e1a4b7d2c8f530', 'daily-revenue-report', '10.42.16.12', 4096, 4,
               main_file='local:///opt/spark/jars/revenue-report-5.2.0.jar',
               main_class='com.acme.finance.RevenueReport', operator=True)
NODES = {
    'A': ('ip-10-42-16-4.eu-west-1.compute.internal', '10.42.16.4', 'eu-west-1a'),
    'B': ('ip-10-42-31-96.eu-west-1.compute.internal', '10.42.31.96', 'eu-west-1b'),
}
EXECS = {'1': ('A', '10.42.16.77'), '2': ('A', '10.42.16.140'), '3': ('B', '10.42.31.23'), '4': ('B', '10.42.31.118')}
BM = {e: 35500 + int(e) * 907 for e in EXECS}
RPC = {e: 45500 + int(e) * 331 for e in EXECS}
DRIVER_CREATED = T('2026-08-03T05:00:12')
DRIVER_STARTED = T('2026-08-03T05:00:20')
APP_START = T('2026-08-03T05:00:24.117')
EXEC_CREATED = T('2026-08-03T05:00:28')
JOB0 = T('2026-08-03T05:01:44.392')
COLLECTED = T('2026-08-03T05:24:30')


def build():
    reset(OUT)
    rng = random.Random(800)
    sp = Spark(APP, 800)
    registered = {e: EXEC_CREATED + 9_700 + int(e) * 263 for e in EXECS}
    execs = [dict(id=e, registered=registered[e], cores=4) for e in EXECS]
    t_map, _, _ = simulate(rng, JOB0 + 40, execs, 48,
                           lambda i, a, e, l: (rng.randint(41_000, 66_000), 'SUCCESS', None))
    map_end = max(t['launch'] + t['duration'] for t in t_map)
    job1 = map_end + 1_480
    t_red, _, _ = simulate(rng, job1 + 60, execs, 24,
                           lambda i, a, e, l: (rng.randint(28_000, 47_000), 'SUCCESS', None))
    red_end = max(t['launch'] + t['duration'] for t in t_red)
    job1_end = red_end + 190
    app_end = job1_end + 3_100
    for e in EXECS:
        sp.executor(e, EXECS[e][1], registered[e], 4, 2388236697, port=RPC[e],
                    peak={'JVMHeapMemory': rng.randint(1_300_000_000, 2_100_000_000),
                          'JVMOffHeapMemory': rng.randint(120_000_000, 150_000_000),
                          'OnHeapExecutionMemory': rng.randint(200_000_000, 500_000_000),
                          'MinorGCCount': rng.randint(40, 80), 'MinorGCTime': rng.randint(600, 1500),
                          'TotalGCTime': rng.randint(600, 1500)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    s0 = sp.stage(0, 'save at RevenueReport.scala:64', 'scan', JOB0 + 6, t_map, rdd_ids=[3, 2, 1, 0],
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.finance.RevenueReport$.main(RevenueReport.scala:64)')
    sp.job(0, 'save at RevenueReport.scala:64', [0], JOB0, map_end + 40, 'SUCCEEDED')
    sp.stage(1, 'save at RevenueReport.scala:64', 'scan', job1, [], skipped=True, num_tasks=48, rdd_ids=[3, 2, 1, 0])
    s2 = sp.stage(2, 'save at RevenueReport.scala:64', 'reduce', job1 + 20, t_red, rdd_ids=[6, 5, 4],
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.finance.RevenueReport$.main(RevenueReport.scala:64)')
    sp.job(1, 'save at RevenueReport.scala:64', [1, 2], job1, job1_end, 'SUCCEEDED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, IMAGE, APP_START, executors=4, extra={
        'spark.kubernetes.executor.deleteOnTermination': 'false', 'spark.sql.adaptive.enabled': 'true'})
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 4)
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    tl.add(registered['4'] + 25, 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    tl.add(JOB0 - 2100, 'INFO', 'InMemoryFileIndex', 'It took 1877 ms to list leaf files for 1 paths.')
    tl.add(JOB0 - 900, 'WARN', 'SparkStringUtils', 'Truncated the string representation of a plan since it was too large. '
           'This behavior can be adjusted by setting \'spark.sql.debug.maxToStringFields\'.')
    tl.add(JOB0, 'INFO', 'DAGScheduler', 'Registering RDD 3 (save at RevenueReport.scala:64) as input to shuffle 0')
    tl.add(JOB0, 'INFO', 'DAGScheduler', 'Got map stage job 0 (save at RevenueReport.scala:64) with 48 output partitions')
    tl.add(JOB0, 'INFO', 'DAGScheduler', 'Final stage: ShuffleMapStage 0 (save at RevenueReport.scala:64)')
    tl.add(JOB0, 'INFO', 'DAGScheduler', 'Parents of final stage: List()')
    tl.add(JOB0, 'INFO', 'DAGScheduler', 'Missing parents: List()')
    stage_submit(tl, JOB0, 0, '', 0, 'ShuffleMapStage', 'save at RevenueReport.scala:64',
                 'MapPartitionsRDD[3] at save at RevenueReport.scala:64', 48, final=False)
    task_lines(tl, s0, sp.executors)
    tl.add(map_end + 20, 'INFO', 'TaskSchedulerImpl', 'Removed TaskSet 0.0, whose tasks have all completed, from pool ')
    tl.add(map_end + 22, 'INFO', 'DAGScheduler', 'ShuffleMapStage 0 (save at RevenueReport.scala:64) finished in %.3f s'
           % ((map_end + 22 - JOB0) / 1000.0))
    tl.add(map_end + 23, 'INFO', 'DAGScheduler', 'looking for newly runnable stages')
    tl.add(map_end + 23, 'INFO', 'DAGScheduler', 'running: HashSet()')
    tl.add(map_end + 23, 'INFO', 'DAGScheduler', 'waiting: HashSet()')
    tl.add(map_end + 23, 'INFO', 'DAGScheduler', 'failed: HashSet()')
    tl.add(map_end + 900, 'INFO', 'ShufflePartitionsUtil', 'For shuffle(0), advisory target size: 67108864, actual target size 48311532, minimum partition size: 1048576')
    tl.add(job1 - 20, 'INFO', 'SparkContext', 'Starting job: save at RevenueReport.scala:64')
    tl.add(job1, 'INFO', 'DAGScheduler', 'Got job 1 (save at RevenueReport.scala:64) with 24 output partitions')
    tl.add(job1, 'INFO', 'DAGScheduler', 'Final stage: ResultStage 2 (save at RevenueReport.scala:64)')
    tl.add(job1, 'INFO', 'DAGScheduler', 'Parents of final stage: List(ShuffleMapStage 1)')
    tl.add(job1, 'INFO', 'DAGScheduler', 'Missing parents: List()')
    stage_submit(tl, job1 + 20, 1, '', 2, 'ResultStage', 'save at RevenueReport.scala:64',
                 'MapPartitionsRDD[6] at save at RevenueReport.scala:64', 24, final=False)
    task_lines(tl, s2, sp.executors)
    stage_finished_lines(tl, red_end + 20, 2, 'ResultStage', 'save at RevenueReport.scala:64', job1 + 20, 1,
                         'save at RevenueReport.scala:64', job1)
    tl.add(job1_end + 700, 'INFO', 'FileFormatWriter', 'Write Job %s committed. Elapsed time: 2114 ms.' % uid('w' + APP['id']))
    tl.add(app_end - 300, 'INFO', 'RevenueReport$', 'Revenue report for 2026-08-02 written: 24 files, 1,482,116 rows')
    driver_shutdown(tl, APP, app_end, from_hook=False)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'drvok')

    for e in ('1', '3'):
        etl = Timeline()
        pod_name = '%s-exec-%s' % (APP['name'], e)
        executor_startup(etl, APP, registered[e] - 1300, e, pod_name, EXECS[e][1], BM[e], 4)
        executor_task_lines(etl, s0, e, input_path=lambda i: 's3a://acme-data-lake/curated/orders/dt=2026-08-02/part-%05d.zstd.parquet' % i,
                            write=False)
        executor_task_lines(etl, s2, e)
        executor_shutdown(etl, app_end + 40)
        write_log(OUT, pod_name, 'spark-kubernetes-executor', etl, 'exok' + e)

    drv_finished = app_end + 1200
    pods = [driver_pod_obj(APP, NODES['A'], DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=drv_finished,
                           owner=operator_owner(APP))]
    for e in EXECS:
        pods.append(executor_pod_obj(APP, e, NODES[EXECS[e][0]], EXECS[e][1], EXEC_CREATED, EXEC_CREATED + 7_100,
                                     IMAGE, end=app_end + 650))
    evs = lifecycle_events(APP, pods, IMAGE) + operator_events(APP, DRIVER_CREATED, DRIVER_STARTED + 2000,
                                                               end=drv_finished + 900)
    nodes = [node(n[0], n[1], n[2], T('2026-08-01T17:45:03'), node_conditions(COLLECTED - 9_000),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752) for n in NODES.values()]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2000, {
        'executor': {'instances': 4},
        'sparkConf': {'spark.kubernetes.executor.deleteOnTermination': 'false',
                      'spark.eventLog.dir': 's3a://acme-spark-logs/eventlogs', 'spark.eventLog.enabled': 'true'}},
        'COMPLETED', executor_states={'%s-exec-%s' % (APP['name'], e): 'COMPLETED' for e in EXECS},
        terminated_at=drv_finished + 900)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED)


if __name__ == '__main__':
    build()
