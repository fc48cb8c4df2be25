"""dynamic-allocation-at-max: sessions-backfill reprocesses a month of sessions in 400 two-minute tasks. Dynamic
allocation ramps up to its maxExecutors of 8 (32 slots) within two minutes and stays there: the stage runs 26
minutes in 13 waves although the cluster had room. The job succeeds, late. (The collector skipped the 400-task
taskList, over its task limit.)"""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/dynamic-allocation-at-max/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-sessions-2.1.0'
APP = make_app('spark-e7b3d9f1a5c240868f2e4a6c8d0b1f37', 'sessions-backfill', '10.42.24.61', 6144, 4,
               main_file='local:///opt/spark/jars/sessions-backfill-2.1.0.jar', main_class='com.acme.web.SessionsBackfill',
               operator=True)
NODES = {'A': ('ip-10-42-24-3.eu-west-1.compute.internal', '10.42.24.3', 'eu-west-1a'),
         'B': ('ip-10-42-40-77.eu-west-1.compute.internal', '10.42.40.77', 'eu-west-1b')}
EXECS = {str(n): ('A' if n % 2 else 'B', '10.42.%d.%d' % (24 if n % 2 else 40, 100 + n * 3)) for n in range(1, 9)}
BM = {e: 35000 + int(e) * 101 for e in EXECS}
RPC = {e: 44000 + int(e) * 37 for e in EXECS}
DRIVER_CREATED = T('2026-11-16T02:00:02')
DRIVER_STARTED = T('2026-11-16T02:00:08')
APP_START = T('2026-11-16T02:00:11.420')
COLLECTED = T('2026-11-16T02:44:10')


def build():
    reset(OUT)
    rng = random.Random(808)
    sp = Spark(APP, 808)
    # initialExecutors 2, then the backlog doubles the request each round: 2 -> 4 -> 8.
    registered = {e: APP_START + 14_000 + (0 if int(e) <= 2 else 31_000 if int(e) <= 4 else 63_000) + int(e) * 211
                  for e in EXECS}
    execs = [dict(id=e, registered=registered[e], cores=4) for e in EXECS]
    job0 = APP_START + 9_800
    tasks, _, _ = simulate(rng, job0 + 40, execs, 400, lambda i, a, e, l: (rng.randint(105_000, 130_000), 'SUCCESS', None))
    end = max(t['launch'] + t['duration'] for t in tasks)
    app_end = end + 2_900
    for e in EXECS:
        sp.executor(e, EXECS[e][1], registered[e], 4, 3521878835, port=RPC[e],
                    peak={'JVMHeapMemory': rng.randint(2_900_000_000, 3_900_000_000),
                          'JVMOffHeapMemory': rng.randint(120_000_000, 160_000_000), 'TotalGCTime': rng.randint(4_000, 9_000)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    name = 'save at SessionsBackfill.scala:77'
    s0 = sp.stage(0, name, 'scan', job0 + 5, tasks, rdd_ids=[2, 1, 0], write_tasks=False,
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.web.SessionsBackfill$.main(SessionsBackfill.scala:77)')
    sp.job(0, name, [0], job0, end + 40, 'SUCCEEDED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, IMAGE, APP_START, extra={
        'spark.dynamicAllocation.enabled': 'true', 'spark.dynamicAllocation.initialExecutors': '2',
        'spark.dynamicAllocation.minExecutors': '2', 'spark.dynamicAllocation.maxExecutors': '8',
        'spark.dynamicAllocation.executorIdleTimeout': '60s'})
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 2)
    tl.add(job0 - 20, 'INFO', 'SparkContext', 'Starting job: %s' % name)
    stage_submit(tl, job0, 0, name, 0, 'ResultStage', name, 'MapPartitionsRDD[2] at %s' % name, 400)
    for target, t in ((4, APP_START + 15_200), (8, APP_START + 46_900)):
        tl.add(t, 'INFO', 'ExecutorAllocationManager', 'Requesting %d new executors because tasks are backlogged (new '
               'desired total will be %d for resource profile id: 0)' % (target // 2, target))
        tl.add(t + 40, 'INFO', 'ExecutorPodsAllocator', 'Going to request %d executors from Kubernetes for ResourceProfile '
               'Id: 0, target: %d, known: %d, sharedSlotFromPendingPods: 2147483647.' % (target // 2, target, target // 2))
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    task_lines(tl, s0, sp.executors)
    stage_finished_lines(tl, end + 20, 0, 'ResultStage', name, job0 + 5, 0, name, job0)
    driver_shutdown(tl, APP, app_end, from_hook=False)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'atmax')

    drv_end = app_end + 1_300
    pods = [driver_pod_obj(APP, NODES['A'], DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=drv_end, owner=operator_owner(APP))]
    for e in EXECS:
        pods.append(executor_pod_obj(APP, e, NODES[EXECS[e][0]], EXECS[e][1], registered[e] - 9_000, registered[e] - 2_000,
                                     IMAGE, end=app_end + 500))
    evs = lifecycle_events(APP, pods, IMAGE) + operator_events(APP, DRIVER_CREATED - 1_500, DRIVER_STARTED + 2_000,
                                                                 end=drv_end + 800)
    nodes = [node(v[0], v[1], v[2], T('2026-11-12T05:00:00'), node_conditions(COLLECTED - 6_000),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752) for v in NODES.values()]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2_000, {
        'dynamicAllocation': {'enabled': True, 'initialExecutors': 2, 'minExecutors': 2, 'maxExecutors': 8}},
        'COMPLETED', executor_states={'%s-exec-%s' % (APP['name'], e): 'COMPLETED' for e in EXECS},
        terminated_at=drv_end + 800)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED, errors=[{
        'path': 'spark/%s/stages/0/0/taskList.json' % APP['id'], 'source': 'GET .../stages/0/0/taskList',
        'status': 'skipped', 'note': 'stage has 400 tasks, over --max-tasks-per-stage 200'}])


if __name__ == '__main__':
    build()
