"""executor-pod-evicted: spill files fill a node's disk; the kubelet evicts an executor (exit 143)."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/executor-pod-evicted/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-features-0.9.4'
APP = make_app('spark-51f8d2a6c07e4b93a2d5e8f1b04c7a69', 'feature-backfill', '10.42.14.70', 8192, 4,
               main_file='local:///opt/spark/jars/feature-backfill-0.9.4.jar',
               main_class='com.acme.features.Backfill', operator=True)
NODES = {
    'A': ('ip-10-42-14-22.eu-west-1.compute.internal', '10.42.14.22', 'eu-west-1a'),
    'B': ('ip-10-42-29-251.eu-west-1.compute.internal', '10.42.29.251', 'eu-west-1b'),
}
EXECS = {'1': ('A', '10.42.14.131'), '2': ('A', '10.42.14.187'), '3': ('B', '10.42.29.40'),
         '4': ('B', '10.42.29.166'), '5': ('A', '10.42.14.205')}
BM = {e: 39000 + int(e) * 811 for e in EXECS}
RPC = {e: 44400 + int(e) * 353 for e in EXECS}
DRIVER_CREATED = T('2026-07-22T13:55:41')
DRIVER_STARTED = T('2026-07-22T13:55:49')
APP_START = T('2026-07-22T13:55:53.904')
EXEC_CREATED = T('2026-07-22T13:55:58')
JOB0 = T('2026-07-22T13:58:02.733')
PRESSURE = T('2026-07-22T14:21:31')
EVICTED = T('2026-07-22T14:21:40')
COLLECTED = T('2026-07-22T14:28:05')
EVICT_MSG = ('The node was low on resource: ephemeral-storage. Threshold quantity: 10181289736, available: 9783916Ki. '
             'Container spark-kubernetes-executor was using 71233488Ki, request is 0, has larger consumption of '
             'ephemeral-storage. ')


def build():
    reset(OUT)
    rng = random.Random(143)
    sp = Spark(APP, 143)
    registered = {e: EXEC_CREATED + 10_200 + int(e) * 271 for e in '1234'}

    def plan(index, attempt, eid, launch):
        dur = rng.randint(228_000, 292_000)
        if eid == '4' and launch + dur > EVICTED:
            return EVICTED + 2_050 - launch, 'KILLEXEC', None
        return dur, 'SUCCESS', None

    def replace(dead, now):
        registered['5'] = now + 12_100
        return dict(id='5', registered=registered['5'], cores=4)

    tasks, losses, abort = simulate(rng, JOB0 + 39, [dict(id=e, registered=registered[e], cores=4) for e in '1234'],
                                    96, plan, replace=replace)
    (kill, dead, lost), = losses
    created = {e: EXEC_CREATED for e in '1234'}
    created['5'] = registered['5'] - 10_300
    started = {e: created[e] + 7_200 for e in created}
    reason = k8s_exit_message('4', 143, HINTS[143], IMAGE, started['4'], kill, 'Error', pod_reason='Evicted',
                              pod_message=EVICT_MSG)
    for t in lost:
        t['error'] = 'ExecutorLostFailure (executor 4 exited caused by one of the running tasks) Reason: ' + reason
    end = max(t['launch'] + t['duration'] for t in tasks)
    job_end = end + 170
    app_end = job_end + 2400
    for e in registered:
        sp.executor(e, EXECS[e][1], registered[e], 4, 4964297933,
                    remove_ms=kill + 1000 if e == '4' else None, remove_reason=reason if e == '4' else None,
                    port=RPC[e], peak={'JVMHeapMemory': rng.randint(5_100_000_000, 6_900_000_000),
                                       'JVMOffHeapMemory': rng.randint(140_000_000, 175_000_000),
                                       'OnHeapExecutionMemory': rng.randint(2_000_000_000, 3_000_000_000),
                                       'MinorGCCount': rng.randint(300, 500), 'MinorGCTime': rng.randint(9000, 20000),
                                       'TotalGCTime': rng.randint(9000, 20000)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    s0 = sp.stage(0, 'save at Backfill.scala:77', 'scan', JOB0 + 5, tasks, rdd_ids=[4, 3, 2, 1, 0],
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.features.Backfill$.main(Backfill.scala:77)\n'
                          'com.acme.features.Backfill.main(Backfill.scala)')
    sp.job(0, 'save at Backfill.scala:77', [0], JOB0, job_end, 'SUCCEEDED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, IMAGE, APP_START, executors=4, extra={
        'spark.kubernetes.executor.deleteOnTermination': 'false',
        'spark.sql.files.maxPartitionBytes': '1073741824'})
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 4)
    for e in registered:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    tl.add(registered['4'] + 25, 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    tl.add(JOB0 - 5200, 'INFO', 'InMemoryFileIndex', 'It took 4811 ms to list leaf files for 730 paths.')
    tl.add(JOB0 - 20, 'INFO', 'SparkContext', 'Starting job: save at Backfill.scala:77')
    stage_submit(tl, JOB0, 0, 'save at Backfill.scala:77', 0, 'ResultStage', 'save at Backfill.scala:77',
                 'MapPartitionsRDD[4] at save at Backfill.scala:77', 96)
    task_lines(tl, s0, sp.executors)
    lost_executor(tl, APP, kill + 1000, '4', EXECS['4'][1], reason, BM['4'], 1,
                  [(t['index'], t['attempt'], t['tid']) for t in lost], stage='0.0')
    tl.add(kill + 1900, 'INFO', 'ExecutorPodsAllocator',
           'Going to request 1 executors from Kubernetes for ResourceProfile Id: 0, target: 4, known: 3, sharedSlotFromPendingPods: 2147483647.')
    tl.add(kill + 1950, 'INFO', 'BasicExecutorFeatureStep', 'Decommissioning not enabled, skipping shutdown script')
    executor_registered(tl, APP, registered['5'], '5', EXECS['5'][1], RPC['5'], BM['5'])
    stage_finished_lines(tl, end + 20, 0, 'ResultStage', 'save at Backfill.scala:77', JOB0 + 5, 0,
                         'save at Backfill.scala:77', JOB0)
    driver_shutdown(tl, APP, app_end, from_hook=False)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'drvev')

    for e in registered:
        etl = Timeline()
        pod_name = '%s-exec-%s' % (APP['name'], e)
        executor_startup(etl, APP, registered[e] - 1300, e, pod_name, EXECS[e][1], BM[e], 4)
        executor_task_lines(etl, s0, e, input_path=lambda i: 's3a://acme-data-lake/curated/events/month=2024-%02d/' % (i % 12 + 1))
        for t in s0['tasks']:
            if t['exec'] == e:
                etl.add(t['launch'] + 61_000, 'INFO', 'UnsafeExternalSorter',
                        'Thread %d spilling sort data of 1792.0 MiB to disk (0  time so far)' % (90 + t['index'] % 4))
                etl.add(t['launch'] + 122_000, 'INFO', 'UnsafeExternalSorter',
                        'Thread %d spilling sort data of 1792.0 MiB to disk (1  time so far)' % (90 + t['index'] % 4))
        if e == '4':
            etl.add(kill - 1_900, 'ERROR', 'CoarseGrainedExecutorBackend', 'RECEIVED SIGNAL TERM')
            etl.add(kill - 1_850, 'INFO', 'MemoryStore', 'MemoryStore cleared')
            etl.add(kill - 1_849, 'INFO', 'BlockManager', 'BlockManager stopped')
            etl.add(kill - 1_800, 'INFO', 'ShutdownHookManager', 'Shutdown hook called')
            etl.add(kill - 1_799, 'INFO', 'ShutdownHookManager', 'Deleting directory /var/data/spark-%s/spark-%s'
                    % (uid('ld' + pod_name), uid('sd' + pod_name)))
        else:
            executor_shutdown(etl, app_end + 40)
        write_log(OUT, pod_name, 'spark-kubernetes-executor', etl, 'exev' + e)

    drv_finished = app_end + 1300
    pods = [driver_pod_obj(APP, NODES['A'], DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=drv_finished,
                           owner=operator_owner(APP))]
    for e in registered:
        n = NODES[EXECS[e][0]]
        if e == '4':
            p = executor_pod_obj(APP, e, n, EXECS[e][1], created[e], started[e], IMAGE, end=kill, exit_code=143,
                                 reason='Error', inactive=True, pod_reason='Evicted', pod_message=EVICT_MSG)
            p['status']['conditions'].append({'lastProbeTime': None, 'lastTransitionTime': iso_s(EVICTED),
                                              'message': EVICT_MSG, 'reason': 'TerminationByKubelet',
                                              'status': 'True', 'type': 'DisruptionTarget'})
            pods.append(p)
        else:
            pods.append(executor_pod_obj(APP, e, n, EXECS[e][1], created[e], started[e], IMAGE, end=app_end + 700))
    evs = lifecycle_events(APP, pods, IMAGE)
    nb = NODES['B'][0]
    ev_pod = '%s-exec-4' % APP['name']
    evs.append(event(APP, 'Node', nb, 'NodeHasDiskPressure', 'Node %s status is now: NodeHasDiskPressure' % nb,
                     PRESSURE, host=nb, involved_uid=nb))
    evs.append(event(APP, 'Node', nb, 'EvictionThresholdMet', 'Attempting to reclaim ephemeral-storage', PRESSURE + 2_000,
                     last=EVICTED + 9_000, count=3, type_='Warning', host=nb, involved_uid=nb))
    evs.append(event(APP, 'Pod', ev_pod, 'Evicted', EVICT_MSG, EVICTED, type_='Warning', host=nb))
    evs.append(event(APP, 'Pod', ev_pod, 'Killing', 'Stopping container spark-kubernetes-executor', EVICTED + 40,
                     host=nb, field_path='spec.containers{spark-kubernetes-executor}'))
    evs += operator_events(APP, DRIVER_CREATED, DRIVER_STARTED + 2000,
                           executor_failures=[(ev_pod, 143, 'Error', kill + 1500)], end=drv_finished + 900)
    nodes = [node(NODES['A'][0], NODES['A'][1], NODES['A'][2], T('2026-07-20T06:12:09'), node_conditions(COLLECTED - 6_000),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752),
             node(NODES['B'][0], NODES['B'][1], NODES['B'][2], T('2026-07-20T06:12:09'),
                  node_conditions(COLLECTED - 6_000, disk_pressure=True, pressure_since=PRESSURE),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752,
                  taints=[{'effect': 'NoSchedule', 'key': 'node.kubernetes.io/disk-pressure',
                           'timeAdded': iso_s(PRESSURE + 1_000)}])]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2000, {
        'executor': {'instances': 4},
        'sparkConf': {'spark.kubernetes.executor.deleteOnTermination': 'false',
                      'spark.eventLog.dir': 's3a://acme-spark-logs/eventlogs', 'spark.eventLog.enabled': 'true'}},
        'COMPLETED', executor_states={'%s-exec-%s' % (APP['name'], e): ('FAILED' if e == '4' else 'COMPLETED')
                                      for e in registered}, terminated_at=drv_finished + 900)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED)


if __name__ == '__main__':
    build()
