"""executor-lost-node-not-ready: a node stops responding, its executor misses heartbeats and is replaced."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/executor-lost-node-not-ready/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-clickstream-3.4.1'
APP = make_app('spark-9e07b3c5d1a84f62b8c4e0a9f3d5172b', 'clickstream-compact', '10.42.12.45', 8192, 4,
               main_file='local:///opt/spark/jars/clickstream-compact-3.4.1.jar',
               main_class='com.acme.clickstream.Compact', operator=True)
NODES = {
    'A': ('ip-10-42-12-30.eu-west-1.compute.internal', '10.42.12.30', 'eu-west-1a'),
    'B': ('ip-10-42-27-188.eu-west-1.compute.internal', '10.42.27.188', 'eu-west-1b'),
    'C': ('ip-10-42-44-9.eu-west-1.compute.internal', '10.42.44.9', 'eu-west-1c'),
}
EXECS = {'1': ('A', '10.42.12.99'), '2': ('C', '10.42.44.61'), '3': ('B', '10.42.27.14'), '4': ('B', '10.42.27.203'),
         '5': ('A', '10.42.12.151')}
BM = {e: 38000 + int(e) * 877 for e in EXECS}
RPC = {e: 43300 + int(e) * 389 for e in EXECS}
DRIVER_CREATED = T('2026-06-09T01:31:05')
DRIVER_STARTED = T('2026-06-09T01:31:13')
APP_START = T('2026-06-09T01:31:17.266')
EXEC_CREATED = T('2026-06-09T01:31:21')
JOB0 = T('2026-06-09T01:33:02.480')
NODE_SILENT = T('2026-06-09T01:44:21')       # last kubelet heartbeat
NODE_UNKNOWN = T('2026-06-09T01:45:09')      # node lifecycle controller marks it Unknown
LAST_EXEC_HEARTBEAT = T('2026-06-09T01:44:28.113')
DETECTED = T('2026-06-09T01:47:12.351')
COLLECTED = T('2026-06-09T02:05:37')


def input_file(i):
    return 's3a://acme-data-lake/raw/clickstream/dt=2026-06-08/hour=%02d/' % (i % 24)


def build():
    reset(OUT)
    rng = random.Random(2)
    sp = Spark(APP, 2)
    registered = {e: EXEC_CREATED + 9_900 + int(e) * 233 for e in '1234'}
    silent_ms = DETECTED - LAST_EXEC_HEARTBEAT

    def replace(dead, now):
        registered['5'] = now + 12_400
        return dict(id='5', registered=registered['5'], cores=4)

    execs = [dict(id=e, registered=registered[e], cores=4) for e in '1234']
    # Executor 2 froze with its node: the driver gives up on it at DETECTED.
    tasks, losses, abort = simulate(rng, JOB0 + 37, execs, 160, KILL_PLAN, replace=replace)
    assert not abort
    (kill, dead, lost), = losses
    assert dead == '2'
    hb_reason = 'Executor heartbeat timed out after %d ms' % silent_ms
    for t in lost:
        t['error'] = 'ExecutorLostFailure (executor 2 exited caused by one of the running tasks) Reason: ' + hb_reason
    end = max(t['launch'] + t['duration'] for t in tasks)
    job_end = end + 160
    app_end = job_end + 2300
    deleted_reason = 'The executor with id 2 was deleted by a user or the framework.'
    for e in registered:
        sp.executor(e, EXECS[e][1], registered[e], 4, 4964297933,
                    remove_ms=DETECTED + 5_300 if e == '2' else None,
                    remove_reason=deleted_reason if e == '2' else None, port=RPC[e],
                    peak={'JVMHeapMemory': rng.randint(2_000_000_000, 3_800_000_000),
                          'JVMOffHeapMemory': rng.randint(130_000_000, 160_000_000),
                          'MinorGCCount': rng.randint(60, 120), 'MinorGCTime': rng.randint(900, 3000),
                          'TotalGCTime': rng.randint(900, 3000)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    s0 = sp.stage(0, 'save at Compact.scala:38', 'scan', JOB0 + 5, tasks, rdd_ids=[3, 2, 1, 0],
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.clickstream.Compact$.main(Compact.scala:38)\n'
                          'com.acme.clickstream.Compact.main(Compact.scala)')
    sp.job(0, 'save at Compact.scala:38', [0], JOB0, job_end, 'SUCCEEDED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, IMAGE, APP_START, executors=4, extra={'spark.sql.files.maxPartitionBytes': '536870912'})
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    # driver log
    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 4)
    for e in registered:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    tl.add(registered['4'] + 25, 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    tl.add(JOB0 - 3300, 'INFO', 'InMemoryFileIndex', 'It took 3127 ms to list leaf files for 24 paths.')
    tl.add(JOB0 - 20, 'INFO', 'SparkContext', 'Starting job: save at Compact.scala:38')
    stage_submit(tl, JOB0, 0, 'save at Compact.scala:38', 0, 'ResultStage', 'save at Compact.scala:38',
                 'CoalescedRDD[3] at save at Compact.scala:38', 160)
    task_lines(tl, s0, sp.executors)
    tl.add(DETECTED, 'WARN', 'HeartbeatReceiver',
           'Removing executor 2 with no recent heartbeats: %d ms exceeds timeout 120000 ms' % silent_ms)
    lost_executor(tl, APP, DETECTED + 4, '2', EXECS['2'][1], hb_reason, BM['2'], 1,
                  [(t['index'], t['attempt'], t['tid']) for t in lost], stage='0.0', disable_first=False)
    tl.add(DETECTED + 40, 'INFO', 'KubernetesClusterSchedulerBackend', 'Requesting to kill executor(s) 2')
    tl.add(DETECTED + 41, 'INFO', 'KubernetesClusterSchedulerBackend', 'Actual list of executor(s) to be killed is 2')
    tl.add(DETECTED + 1100, 'INFO', 'ExecutorPodsAllocator',
           'Going to request 1 executors from Kubernetes for ResourceProfile Id: 0, target: 4, known: 3, sharedSlotFromPendingPods: 2147483647.')
    tl.add(DETECTED + 1150, 'INFO', 'BasicExecutorFeatureStep', 'Decommissioning not enabled, skipping shutdown script')
    executor_registered(tl, APP, registered['5'], '5', EXECS['5'][1], RPC['5'], BM['5'])
    stage_finished_lines(tl, end + 20, 0, 'ResultStage', 'save at Compact.scala:38', JOB0 + 5, 0,
                         'save at Compact.scala:38', JOB0)
    driver_shutdown(tl, APP, app_end, from_hook=False)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'drvhb')

    etl = Timeline()
    pod1 = '%s-exec-1' % APP['name']
    executor_startup(etl, APP, registered['1'] - 1300, '1', pod1, EXECS['1'][1], BM['1'], 4)
    executor_task_lines(etl, s0, '1', input_path=lambda i: input_file(i) + 'part-%05d.json.gz' % i)
    executor_shutdown(etl, app_end + 40)
    write_log(OUT, pod1, 'spark-kubernetes-executor', etl, 'exhb1')

    # pods: executor pods are deleted at the end, except executor 2, stuck terminating on the lost node.
    started = {e: (EXEC_CREATED if e != '5' else registered['5'] - 10_100) + 7_000 for e in registered}
    drv_finished = app_end + 1300
    pods = [driver_pod_obj(APP, NODES['A'], DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=drv_finished,
                           owner=operator_owner(APP))]
    conds = [
        {'lastProbeTime': None, 'lastTransitionTime': iso_s(EXEC_CREATED + 1000), 'status': 'True', 'type': 'PodReadyToStartContainers'},
        {'lastProbeTime': None, 'lastTransitionTime': iso_s(EXEC_CREATED + 1000), 'status': 'True', 'type': 'Initialized'},
        {'lastProbeTime': None, 'lastTransitionTime': iso_s(NODE_UNKNOWN), 'status': 'False', 'type': 'Ready'},
        {'lastProbeTime': None, 'lastTransitionTime': iso_s(started['2']), 'status': 'True', 'type': 'ContainersReady'},
        {'lastProbeTime': None, 'lastTransitionTime': iso_s(EXEC_CREATED), 'status': 'True', 'type': 'PodScheduled'},
        {'lastProbeTime': None, 'lastTransitionTime': iso_s(DETECTED + 5_300), 'message': 'Taint manager: deleting due to NoExecute taint',
         'reason': 'DeletionByTaintManager', 'status': 'True', 'type': 'DisruptionTarget'},
    ]
    exec2 = executor_pod_obj(APP, '2', NODES['C'], EXECS['2'][1], EXEC_CREATED, started['2'], IMAGE, running=True,
                             deletion=DETECTED + 5_300, conditions=conds)
    exec2['status']['containerStatuses'][0]['ready'] = True
    pods.append(exec2)
    all_exec = [executor_pod_obj(APP, e, NODES[EXECS[e][0]], EXECS[e][1],
                                 EXEC_CREATED if e != '5' else registered['5'] - 10_100, started[e], IMAGE,
                                 end=app_end + 500) for e in registered if e != '2']
    evs = lifecycle_events(APP, pods + all_exec, IMAGE)
    node_c = NODES['C'][0]
    evs.append(event(APP, 'Node', node_c, 'NodeNotReady', 'Node %s status is now: NodeNotReady' % node_c,
                     NODE_UNKNOWN, component='node-controller', involved_uid=uid(node_c), reporting='node-controller'))
    evs.append(event(APP, 'Pod', exec2['metadata']['name'], 'NodeNotReady', 'Node is not ready', NODE_UNKNOWN + 1000,
                     type_='Warning', component='node-controller', reporting='node-controller'))
    evs.append(event(APP, 'Pod', exec2['metadata']['name'], 'TaintManagerEviction',
                     'Marking for deletion Pod %s/%s' % (APP['namespace'], exec2['metadata']['name']),
                     NODE_UNKNOWN + 300_000, component='taint-eviction-controller', reporting='taint-eviction-controller'))
    for p in all_exec:
        evs.append(event(APP, 'Pod', p['metadata']['name'], 'Killing', 'Stopping container spark-kubernetes-executor',
                         app_end + 60, host=p['spec']['nodeName'], field_path='spec.containers{spark-kubernetes-executor}'))
    evs += operator_events(APP, DRIVER_CREATED, DRIVER_STARTED + 2000, end=drv_finished + 900)
    nodes = []
    for k, n in NODES.items():
        if k == 'C':
            conds = node_conditions(NODE_SILENT, ready=False, not_ready_reason=NODE_UNKNOWN)
            taints = [{'effect': 'NoSchedule', 'key': 'node.kubernetes.io/unreachable', 'timeAdded': iso_s(NODE_UNKNOWN)},
                      {'effect': 'NoExecute', 'key': 'node.kubernetes.io/unreachable', 'timeAdded': iso_s(NODE_UNKNOWN + 5000)}]
            nodes.append(node(n[0], n[1], n[2], T('2026-06-07T11:20:42'), conds, instance='r6i.4xlarge', cpu='16',
                              mem_ki=130042016, alloc_mem_ki=127086752, taints=taints))
        else:
            nodes.append(node(n[0], n[1], n[2], T('2026-06-07T11:20:42'), node_conditions(COLLECTED - 8_000),
                              instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752))
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2000, {'executor': {'instances': 4}}, 'COMPLETED',
                                executor_states={'%s-exec-%s' % (APP['name'], e): ('UNKNOWN' if e == '2' else 'COMPLETED')
                                                 for e in registered},
                                terminated_at=drv_finished + 900)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    errors = [{'path': 'logs/%s/spark-kubernetes-executor.log' % exec2['metadata']['name'],
               'source': 'kubectl logs -n spark-jobs %s -c spark-kubernetes-executor --timestamps' % exec2['metadata']['name'],
               'status': 'error',
               'error': 'Get "https://10.42.44.9:10250/containerLogs/spark-jobs/%s/spark-kubernetes-executor?timestamps=true": '
                        'dial tcp 10.42.44.9:10250: i/o timeout' % exec2['metadata']['name']}]
    finish(OUT, APP, COLLECTED, errors)


def KILL_PLAN(index, attempt, eid, launch):
    """Executor 2 dies (from the driver's point of view) at detection time; everything else succeeds."""
    rng = KILL_PLAN.rng
    if eid == '2':
        dur = rng.randint(120_000, 205_000)
        if launch + dur >= NODE_SILENT:
            return DETECTED - launch, 'KILLEXEC', None
        return dur, 'SUCCESS', None
    return rng.randint(120_000, 205_000), 'SUCCESS', None


KILL_PLAN.rng = random.Random(22)

if __name__ == '__main__':
    build()
