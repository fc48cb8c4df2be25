"""executors-idle-shuffle-tracking: clickstream-daily-export scales to 20 executors for a three-minute shuffle,
then writes its result through coalesce(1): one task runs for 47 minutes. Shuffle tracking (on by default in
Spark 3.5, timeout infinite) keeps all 20 executors because they hold the shuffle output: 19 sit idle to the
end. Their heaps peak near 1 GiB of 8g."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/executors-idle-shuffle-tracking/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-clickstream-6.3.0'
APP = make_app('spark-3c7e1a9d5f2b48c0a6e8d2f4b1c9e573', 'clickstream-daily-export', '10.42.26.44', 8192, 2,
               main_file='local:///opt/spark/jars/clickstream-export-6.3.0.jar', main_class='com.acme.web.DailyExport',
               operator=True)
NODES = {'A': ('ip-10-42-26-6.eu-west-1.compute.internal', '10.42.26.6', 'eu-west-1a'),
         'B': ('ip-10-42-45-81.eu-west-1.compute.internal', '10.42.45.81', 'eu-west-1b'),
         'C': ('ip-10-42-58-130.eu-west-1.compute.internal', '10.42.58.130', 'eu-west-1c')}
EXECS = {str(n): ('ABC'[n % 3], '10.42.%d.%d' % ((26, 45, 58)[n % 3], 60 + n * 4)) for n in range(1, 21)}
BM = {e: 35000 + int(e) * 57 for e in EXECS}
RPC = {e: 44000 + int(e) * 19 for e in EXECS}
DRIVER_CREATED = T('2026-11-18T04:00:02')
DRIVER_STARTED = T('2026-11-18T04:00:08')
APP_START = T('2026-11-18T04:00:11.640')
COLLECTED = T('2026-11-18T05:06:30')


def build():
    reset(OUT)
    rng = random.Random(2020)
    sp = Spark(APP, 2020)
    registered = {e: APP_START + 14_000 + (0 if int(e) <= 4 else 33_000) + int(e) * 97 for e in EXECS}
    execs = [dict(id=e, registered=registered[e], cores=2) for e in EXECS]
    job0 = APP_START + 9_600
    t0, _, _ = simulate(rng, job0 + 40, execs, 120, lambda i, a, e, l: (rng.randint(52_000, 68_000), 'SUCCESS', None))
    map_end = max(t['launch'] + t['duration'] for t in t0)
    writer = '7'
    w_launch = map_end + 1_400
    w_dur = 2_823_000
    t1 = [dict(index=0, attempt=0, exec=writer, launch=w_launch, duration=w_dur, status='SUCCESS')]
    end = w_launch + w_dur
    app_end = end + 3_100
    for e in EXECS:
        sp.executor(e, EXECS[e][1], registered[e], 2, 4773573427, port=RPC[e],
                    peak={'JVMHeapMemory': rng.randint(700_000_000, 1_100_000_000) if e != writer else 1_700_000_000,
                          'JVMOffHeapMemory': rng.randint(110_000_000, 140_000_000), 'TotalGCTime': rng.randint(300, 900)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    s0 = sp.stage(0, 'save at DailyExport.scala:63', 'scan', job0 + 5, t0, rdd_ids=[2, 1, 0], write_tasks=False,
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.web.DailyExport$.main(DailyExport.scala:63)')
    s1 = sp.stage(1, 'save at DailyExport.scala:63', 'reduce', map_end + 1_100, t1, rdd_ids=[5, 4, 3],
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.web.DailyExport$.main(DailyExport.scala:63)')
    sp.job(0, 'save at DailyExport.scala:63', [0, 1], job0, end + 40, 'SUCCEEDED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, IMAGE, APP_START, extra={
        'spark.dynamicAllocation.enabled': 'true', 'spark.dynamicAllocation.initialExecutors': '4',
        'spark.dynamicAllocation.minExecutors': '1', 'spark.dynamicAllocation.maxExecutors': '20',
        'spark.sql.adaptive.enabled': 'true'})
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 4)
    tl.add(job0 - 20, 'INFO', 'SparkContext', 'Starting job: save at DailyExport.scala:63')
    stage_submit(tl, job0, 0, '', 0, 'ShuffleMapStage', 'save at DailyExport.scala:63',
                 'MapPartitionsRDD[2] at save at DailyExport.scala:63', 120)
    tl.add(APP_START + 15_000, 'INFO', 'ExecutorAllocationManager', 'Requesting 16 new executors because tasks are '
           'backlogged (new desired total will be 20 for resource profile id: 0)')
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    task_lines(tl, s0, sp.executors)
    stage_finished_lines(tl, map_end + 20, 0, 'ShuffleMapStage', 'save at DailyExport.scala:63', job0 + 5, 0, '', job0,
                         last_stage=False)
    stage_submit(tl, map_end + 1_100, 0, '', 1, 'ResultStage', 'save at DailyExport.scala:63',
                 'CoalescedRDD[5] at save at DailyExport.scala:63', 1, final=False)
    task_lines(tl, s1, sp.executors)
    stage_finished_lines(tl, end + 20, 1, 'ResultStage', 'save at DailyExport.scala:63', map_end + 1_100, 0,
                         'save at DailyExport.scala:63', job0)
    driver_shutdown(tl, APP, app_end, from_hook=False)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'idle')

    drv_end = app_end + 1_300
    pods = [driver_pod_obj(APP, NODES['A'], DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=drv_end, owner=operator_owner(APP))]
    for e in EXECS:
        pods.append(executor_pod_obj(APP, e, NODES[EXECS[e][0]], EXECS[e][1], registered[e] - 9_000, registered[e] - 2_000,
                                     IMAGE, end=app_end + 500))
    evs = lifecycle_events(APP, pods, IMAGE) + operator_events(APP, DRIVER_CREATED - 1_500, DRIVER_STARTED + 2_000,
                                                                 end=drv_end + 800)
    nodes = [node(v[0], v[1], v[2], T('2026-11-15T05:00:00'), node_conditions(COLLECTED - 6_000),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752) for v in NODES.values()]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2_000, {
        'dynamicAllocation': {'enabled': True, 'initialExecutors': 4, 'minExecutors': 1, 'maxExecutors': 20}},
        'COMPLETED', executor_states={'%s-exec-%s' % (APP['name'], e): 'COMPLETED' for e in EXECS},
        terminated_at=drv_end + 800)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED, errors=[{
        'path': 'spark/%s/stages/0/0/taskList.json' % APP['id'], 'source': 'GET .../stages/0/0/taskList',
        'status': 'skipped', 'note': 'bundle size budget reached'}])


if __name__ == '__main__':
    build()
