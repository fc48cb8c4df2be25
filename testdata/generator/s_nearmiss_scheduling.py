"""near-miss-scheduling-delay-resolved: the Spark node pool was scaled down overnight. The first executor pods
wait 50 s (FailedScheduling: Insufficient cpu) until the cluster autoscaler adds a node; the driver warns three
times that the initial job has no resources; then everything runs, and dynamic allocation releases idle
executors at the end of a successful run. Nothing at warning or critical."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/near-miss-scheduling-delay-resolved/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-sessions-2.0.4'
APP = make_app('spark-c5e1a7d3f9b24086a2d4c6e8f0b1a3d5', 'hourly-sessionize', '10.42.21.19', 4096, 4,
               main_file='local:///opt/spark/jars/sessionize-2.0.4.jar', main_class='com.acme.web.Sessionize',
               operator=True)
OLD = ('ip-10-42-21-7.eu-west-1.compute.internal', '10.42.21.7', 'eu-west-1a')
NEW = ('ip-10-42-37-164.eu-west-1.compute.internal', '10.42.37.164', 'eu-west-1b')
EXECS = {'1': '10.42.37.201', '2': '10.42.37.215', '3': '10.42.37.228', '4': '10.42.37.240'}
BM = {e: 35800 + int(e) * 83 for e in EXECS}
RPC = {e: 46200 + int(e) * 29 for e in EXECS}
DRIVER_CREATED = T('2026-11-14T06:00:03')
DRIVER_STARTED = T('2026-11-14T06:00:09')
APP_START = T('2026-11-14T06:00:12.771')
EXEC_CREATED = T('2026-11-14T06:00:16')
NODE_READY = T('2026-11-14T06:01:02')
COLLECTED = T('2026-11-14T06:29:00')
MSG = ('0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn\'t match Pod\'s node affinity/selector. '
       'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not '
       'helpful for scheduling.')


def build():
    reset(OUT)
    rng = random.Random(606)
    sp = Spark(APP, 606)
    registered = {e: NODE_READY + 11_800 + int(e) * 190 for e in EXECS}
    execs = [dict(id=e, registered=registered[e], cores=4) for e in EXECS]
    job0 = APP_START + 5_400
    # The last partitions hold a busy hour and take longer: the executors without them go idle.
    t0, _, _ = simulate(rng, job0 + 40, execs, 64,
                        lambda i, a, e, l: (rng.randint(150_000, 170_000) if i >= 61 else rng.randint(38_000, 61_000),
                                            'SUCCESS', None))
    end = max(t['launch'] + t['duration'] for t in t0)
    # Executors without one of the long partitions are idle for 60 s and released.
    idle_since = {e: max(t['launch'] + t['duration'] for t in t0 if t['exec'] == e) for e in EXECS}
    released = {e: idle_since[e] + 60_000 + 300 for e in EXECS if idle_since[e] + 60_300 < end}
    app_end = end + 2_600
    for e in EXECS:
        sp.executor(e, EXECS[e], registered[e], 4, 2388236697, port=RPC[e],
                    remove_ms=released.get(e), remove_reason='Executor killed by driver.' if e in released else None,
                    peak={'JVMHeapMemory': rng.randint(1_500_000_000, 2_300_000_000),
                          'JVMOffHeapMemory': rng.randint(120_000_000, 150_000_000), 'TotalGCTime': rng.randint(500, 1400)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    name = 'save at Sessionize.scala:40'
    s0 = sp.stage(0, name, 'scan', job0 + 5, t0, rdd_ids=[2, 1, 0],
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\ncom.acme.web.Sessionize$.main(Sessionize.scala:40)')
    sp.job(0, name, [0], job0, end + 40, 'SUCCEEDED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, IMAGE, APP_START, extra={
        'spark.dynamicAllocation.enabled': 'true', 'spark.dynamicAllocation.initialExecutors': '4',
        'spark.dynamicAllocation.minExecutors': '1', 'spark.dynamicAllocation.maxExecutors': '10',
        'spark.dynamicAllocation.executorIdleTimeout': '60s', 'spark.kubernetes.executor.deleteOnTermination': 'false'})
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 4)
    tl.add(job0 - 20, 'INFO', 'SparkContext', 'Starting job: %s' % name)
    stage_submit(tl, job0, 0, name, 0, 'ResultStage', name, 'MapPartitionsRDD[2] at %s' % name, 64)
    t = job0 + 31 + 15_000
    while t < registered['1']:
        tl.add(t, 'WARN', 'TaskSchedulerImpl', 'Initial job has not accepted any resources; check your cluster UI to '
               'ensure that workers are registered and have sufficient resources')
        t += 15_000
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e], RPC[e], BM[e])
    task_lines(tl, s0, sp.executors)
    for n, e in enumerate(sorted(released)):
        r = released[e]
        tl.add(r - 6, 'INFO', 'ExecutorAllocationManager', 'Executors %s removed due to idle timeout.' % e)
        tl.add(r, 'INFO', 'TaskSchedulerImpl', 'Executor %s on %s killed by driver.' % (e, EXECS[e]))
        tl.add(r + 5, 'INFO', 'ExecutorMonitor', 'Executor %s is removed. Remove reason statistics: (gracefully '
               'decommissioned: 0, decommision unfinished: 0, driver killed: %d, unexpectedly exited: 0).' % (e, n + 1))
    stage_finished_lines(tl, end + 20, 0, 'ResultStage', name, job0 + 5, 0, name, job0)
    driver_shutdown(tl, APP, app_end, from_hook=False)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'nmsched')

    drv_end = app_end + 1_200
    pods = [driver_pod_obj(APP, OLD, DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=drv_end, owner=operator_owner(APP))]
    for e in EXECS:
        pend = released.get(e, app_end) + 600
        pods.append(executor_pod_obj(APP, e, NEW, EXECS[e], EXEC_CREATED, NODE_READY + 9_000, IMAGE, end=pend))
    evs = lifecycle_events(APP, pods, IMAGE)
    for e in EXECS:
        pn = '%s-exec-%s' % (APP['name'], e)
        evs.append(series_event(APP, pn, 'FailedScheduling', MSG, EXEC_CREATED + 200 + int(e) * 11,
                                NODE_READY - 3_000 + int(e) * 100, 3))
        evs.append(event(APP, 'Pod', pn, 'TriggeredScaleUp',
                         'pod triggered scale-up: [{eks-spark-r6i-2024081512345678900000000a 2->3 (max: 12)}]',
                         EXEC_CREATED + 9_500, component='cluster-autoscaler', reporting='cluster-autoscaler'))
    evs += operator_events(APP, DRIVER_CREATED - 1_500, DRIVER_STARTED + 2_000, end=drv_end + 900)
    nodes = [node(OLD[0], OLD[1], OLD[2], T('2026-11-10T05:00:00'), node_conditions(COLLECTED - 6_000)),
             node(NEW[0], NEW[1], NEW[2], NODE_READY - 35_000, node_conditions(COLLECTED - 6_000, since=NODE_READY))]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2_000, {
        'dynamicAllocation': {'enabled': True, 'initialExecutors': 4, 'minExecutors': 1, 'maxExecutors': 10},
        'sparkConf': {'spark.kubernetes.executor.deleteOnTermination': 'false',
                      'spark.eventLog.dir': 's3a://acme-spark-logs/eventlogs', 'spark.eventLog.enabled': 'true'}},
        'COMPLETED', executor_states={'%s-exec-%s' % (APP['name'], e): 'COMPLETED' for e in EXECS},
        terminated_at=drv_end + 900)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED)


if __name__ == '__main__':
    build()
