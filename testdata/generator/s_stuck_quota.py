"""job-slow-executors-refused-by-quota: search-index-build asks for 12 executors of 8g, but the namespace
ResourceQuota (40Gi of memory limits) has room for the driver and four of them. Every further executor pod is
refused by the API server; the driver logs the refusal at each allocation round and the job crawls on 4 of 12
executors. Collected while it runs."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/job-slow-executors-refused-by-quota/bundle')
IMAGE = 'registry.acme.io/search/spark:3.5.1-java17-indexer-5.1.0'
APP = make_app('spark-6d2a8f4c0e1b47d9a5c3e7f1b9d2a046', 'search-index-build', '10.42.38.52', 8192, 4,
               main_file='local:///opt/spark/jars/search-indexer-5.1.0.jar', main_class='com.acme.search.BuildIndex',
               operator=True)
NODES = {'A': ('ip-10-42-38-11.eu-west-1.compute.internal', '10.42.38.11', 'eu-west-1a'),
         'B': ('ip-10-42-54-90.eu-west-1.compute.internal', '10.42.54.90', 'eu-west-1c')}
EXECS = {'1': ('A', '10.42.38.120'), '2': ('A', '10.42.38.141'), '3': ('B', '10.42.54.17'), '4': ('B', '10.42.54.36')}
BM = {e: 36600 + int(e) * 97 for e in EXECS}
RPC = {e: 45100 + int(e) * 61 for e in EXECS}
DRIVER_CREATED = T('2026-11-12T00:30:02')
DRIVER_STARTED = T('2026-11-12T00:30:08')
APP_START = T('2026-11-12T00:30:11.902')
EXEC_CREATED = T('2026-11-12T00:30:15')
JOB0 = T('2026-11-12T00:31:00.447')
COLLECTED = T('2026-11-12T00:58:40')
QUOTA = ('pods "search-index-build-exec-%d" is forbidden: exceeded quota: spark-jobs-compute, requested: '
         'limits.memory=9011Mi, used: limits.memory=38476Mi, limited: limits.memory=40Gi')


def refusal(n):
    msg = QUOTA % n
    return stack(
        'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: '
        'https://172.20.0.1:443/api/v1/namespaces/spark-jobs/pods. Message: %s. Received status: Status(apiVersion=v1, '
        'code=403, details=StatusDetails(causes=[], group=null, kind=pods, name=search-index-build-exec-%d, '
        'retryAfterSeconds=null, uid=null, additionalProperties={}), kind=Status, message=%s, metadata=ListMeta('
        '_continue=null, remainingItemCount=null, resourceVersion=null, selfLink=null, additionalProperties={}), '
        'reason=Forbidden, status=Failure, additionalProperties={}).' % (msg, n, msg),
        ['io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:671)',
         'io.fabric8.kubernetes.client.dsl.internal.OperationSupport.assertResponseCode(OperationSupport.java:600)',
         'org.apache.spark.scheduler.cluster.k8s.ExecutorPodsAllocator.requestNewExecutors(ExecutorPodsAllocator.scala:440)',
         'org.apache.spark.scheduler.cluster.k8s.ExecutorPodsAllocator.onNewSnapshots(ExecutorPodsAllocator.scala:277)',
         'org.apache.spark.scheduler.cluster.k8s.ExecutorPodsSnapshotsStoreImpl.callSubscriber(ExecutorPodsSnapshotsStoreImpl.scala:134)'],
        more=7)


def build():
    reset(OUT)
    rng = random.Random(1212)
    sp = Spark(APP, 1212)
    registered = {e: EXEC_CREATED + 9_600 + int(e) * 251 for e in EXECS}
    execs = [dict(id=e, registered=registered[e], cores=4) for e in EXECS]
    # 200 index shards of ~6 minutes each on 16 slots; the snapshot is taken mid-stage.
    snap = COLLECTED - 1_200
    allt, _, _ = simulate(rng, JOB0 + 40, execs, 200, lambda i, a, e, l: (rng.randint(330_000, 420_000), 'SUCCESS', None))
    tasks = []
    for t in allt:
        if t['launch'] + t['duration'] <= snap:
            tasks.append(t)
        elif t['launch'] <= snap:
            tasks.append(running_task(t['index'], t['exec'], t['launch'], snap))
    for e in EXECS:
        sp.executor(e, EXECS[e][1], registered[e], 4, 4773573427, port=RPC[e],
                    peak={'JVMHeapMemory': rng.randint(4_600_000_000, 6_100_000_000),
                          'JVMOffHeapMemory': rng.randint(120_000_000, 160_000_000), 'TotalGCTime': rng.randint(9_000, 21_000)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    name = 'foreachPartition at BuildIndex.scala:121'
    s0 = sp.stage(0, name, 'scan', JOB0 + 5, tasks, status='ACTIVE', num_tasks=200, rdd_ids=[2, 1, 0],
                  details='org.apache.spark.rdd.RDD.foreachPartition(RDD.scala:1039)\ncom.acme.search.BuildIndex$.main(BuildIndex.scala:121)')
    sp.job(0, name, [0], JOB0, None, 'RUNNING')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'),
               application_json(APP, APP_START, None, completed=False))
    props = base_props(APP, IMAGE, APP_START, executors=12)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 12)
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    t = APP_START + 3_300
    n = 0
    while t < COLLECTED - 5_000:
        tl.add(t, 'WARN', 'ExecutorPodsSnapshotsStoreImpl', 'Exception when notifying snapshot subscriber.', refusal(5))
        n += 1
        t += 30_000 + rng.randint(0, 900)
    tl.add(JOB0 - 20, 'INFO', 'SparkContext', 'Starting job: %s' % name)
    stage_submit(tl, JOB0, 0, name, 0, 'ResultStage', name, 'MapPartitionsRDD[2] at %s' % name, 200)
    task_lines(tl, s0, sp.executors)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'quota')

    pods = [driver_pod_obj(APP, NODES['A'], DRIVER_CREATED, DRIVER_STARTED, IMAGE, running=True, owner=operator_owner(APP))]
    for x in EXECS:
        pods.append(executor_pod_obj(APP, x, NODES[EXECS[x][0]], EXECS[x][1], EXEC_CREATED, EXEC_CREATED + 7_000, IMAGE,
                                     running=True))
    evs = lifecycle_events(APP, pods, IMAGE) + operator_events(APP, DRIVER_CREATED - 1_500, DRIVER_STARTED + 2_000)
    nodes = [node(v[0], v[1], v[2], T('2026-11-10T05:00:00'), node_conditions(COLLECTED - 6_000),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752) for v in NODES.values()]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2_000, {'executor': {'instances': 12, 'memory': '8g'}},
                                'RUNNING', executor_states={'%s-exec-%s' % (APP['name'], x): 'RUNNING' for x in EXECS})
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED, history=False)


if __name__ == '__main__':
    build()
