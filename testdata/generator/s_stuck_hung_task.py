"""job-stuck-hung-task: orders-export writes 96 partitions to Postgres over JDBC. Task 73 blocks on a row lock
held by a long-running maintenance transaction; the JDBC connection has no socket timeout, so the attempt waits
for more than two hours. The other 95 tasks finished within ten minutes; three executors sit idle, with nothing left to
run, until someone collects the bundle."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/job-stuck-hung-task/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-orders-3.8.1'
APP = make_app('spark-9a3c5e1f7b2d48c6a0e4f8b2d6c1a937', 'orders-export', '10.42.36.27', 4096, 2,
               main_file='local:///opt/spark/jars/orders-export-3.8.1.jar', main_class='com.acme.orders.ExportToWarehouse',
               operator=True)
NODES = {'A': ('ip-10-42-36-5.eu-west-1.compute.internal', '10.42.36.5', 'eu-west-1b'),
         'B': ('ip-10-42-52-71.eu-west-1.compute.internal', '10.42.52.71', 'eu-west-1c')}
EXECS = {'1': ('A', '10.42.36.110'), '2': ('A', '10.42.36.134'), '3': ('B', '10.42.52.19'), '4': ('B', '10.42.52.88')}
BM = {e: 33300 + int(e) * 411 for e in EXECS}
RPC = {e: 44400 + int(e) * 173 for e in EXECS}
DRIVER_CREATED = T('2026-10-29T01:00:04')
DRIVER_STARTED = T('2026-10-29T01:00:10')
APP_START = T('2026-10-29T01:00:13.804')
EXEC_CREATED = T('2026-10-29T01:00:17')
JOB0 = T('2026-10-29T01:01:02.118')
COLLECTED = T('2026-10-29T03:24:50')


def build():
    reset(OUT)
    rng = random.Random(137)
    sp = Spark(APP, 137)
    registered = {e: EXEC_CREATED + 9_900 + int(e) * 233 for e in EXECS}
    execs = [dict(id=e, registered=registered[e], cores=2) for e in EXECS]
    t0, _, _ = simulate(rng, JOB0 + 30, execs, 24, lambda i, a, e, l: (rng.randint(6_000, 11_000), 'SUCCESS', None))
    map_end = max(t['launch'] + t['duration'] for t in t0)
    job1 = map_end + 900
    t1, _, _ = simulate(rng, job1 + 40, execs, 96,
                        lambda i, a, e, l: ((9_000_000 if i == 73 else rng.randint(31_000, 52_000)), 'SUCCESS', None))
    hung = [t for t in t1 if t['index'] == 73][0]
    hung.update(status='RUNNING', duration=COLLECTED - 1_500 - hung['launch'])
    for e in EXECS:
        sp.executor(e, EXECS[e][1], registered[e], 2, 2388236697, port=RPC[e],
                    peak={'JVMHeapMemory': rng.randint(1_100_000_000, 1_900_000_000),
                          'JVMOffHeapMemory': rng.randint(110_000_000, 140_000_000), 'TotalGCTime': rng.randint(700, 1900)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    s0 = sp.stage(0, 'jdbc at ExportToWarehouse.scala:52', 'scan', JOB0 + 5, t0, rdd_ids=[2, 1, 0],
                  details='org.apache.spark.sql.DataFrameWriter.jdbc(DataFrameWriter.scala:767)\n'
                          'com.acme.orders.ExportToWarehouse$.main(ExportToWarehouse.scala:52)')
    s1 = sp.stage(1, 'jdbc at ExportToWarehouse.scala:52', 'reduce', job1 + 10, t1, status='ACTIVE', rdd_ids=[5, 4, 3],
                  details='org.apache.spark.sql.DataFrameWriter.jdbc(DataFrameWriter.scala:767)\n'
                          'com.acme.orders.ExportToWarehouse$.main(ExportToWarehouse.scala:52)')
    sp.job(0, 'jdbc at ExportToWarehouse.scala:52', [0, 1], JOB0, None, 'RUNNING')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'),
               application_json(APP, APP_START, None, completed=False))
    props = base_props(APP, IMAGE, APP_START, executors=4)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 4)
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    tl.add(registered['4'] + 25, 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    tl.add(JOB0 - 20, 'INFO', 'SparkContext', 'Starting job: jdbc at ExportToWarehouse.scala:52')
    stage_submit(tl, JOB0, 0, 'jdbc at ExportToWarehouse.scala:52', 0, 'ShuffleMapStage', 'jdbc at ExportToWarehouse.scala:52',
                 'MapPartitionsRDD[2] at jdbc at ExportToWarehouse.scala:52', 24, final=True)
    task_lines(tl, s0, sp.executors)
    stage_finished_lines(tl, map_end + 20, 0, 'ShuffleMapStage', 'jdbc at ExportToWarehouse.scala:52', JOB0 + 5, 0,
                         'jdbc at ExportToWarehouse.scala:52', JOB0, last_stage=False)
    stage_submit(tl, job1, 0, '', 1, 'ResultStage', 'jdbc at ExportToWarehouse.scala:52',
                 'MapPartitionsRDD[5] at jdbc at ExportToWarehouse.scala:52', 96, final=False)
    task_lines(tl, s1, sp.executors)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'hung')

    etl = Timeline()
    e = hung['exec']
    pod_name = '%s-exec-%s' % (APP['name'], e)
    executor_startup(etl, APP, registered[e] - 1300, e, pod_name, EXECS[e][1], BM[e], 2)
    executor_task_lines(etl, s1, e, write=False)
    etl.add(hung['launch'] + 410, 'INFO', 'JdbcUtils', 'Inserting partition 73 into warehouse.orders_daily (batch size 1000)')
    write_log(OUT, pod_name, 'spark-kubernetes-executor', etl, 'hunge')

    pods = [driver_pod_obj(APP, NODES['A'], DRIVER_CREATED, DRIVER_STARTED, IMAGE, running=True, owner=operator_owner(APP))]
    for x in EXECS:
        pods.append(executor_pod_obj(APP, x, NODES[EXECS[x][0]], EXECS[x][1], EXEC_CREATED, EXEC_CREATED + 7_000, IMAGE,
                                     running=True))
    evs = lifecycle_events(APP, pods, IMAGE) + operator_events(APP, DRIVER_CREATED - 1_500, DRIVER_STARTED + 2_000)
    nodes = [node(n[0], n[1], n[2], T('2026-10-25T05:00:00'), node_conditions(COLLECTED - 6_000)) for n in NODES.values()]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2_000, {'executor': {'instances': 4}}, 'RUNNING',
                                executor_states={'%s-exec-%s' % (APP['name'], x): 'RUNNING' for x in EXECS})
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED, history=False)


if __name__ == '__main__':
    build()
