"""job-stuck-gpu-executors-pending: image-embeddings runs its inference stage with a stage-level ResourceProfile
asking for one GPU per executor. Dynamic allocation requests two GPU executors, but the GPU node group is at its
maximum size: the pods stay Pending (Insufficient nvidia.com/gpu). The four CPU executors of the first stage hold
its shuffle output (shuffle tracking) and sit idle; stage 2 waits with 64 tasks and no task ever starts."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/job-stuck-gpu-executors-pending/bundle')
IMAGE = 'registry.acme.io/ml/spark:3.5.1-java17-cuda12-embeddings-0.4.0'
APP = make_app('spark-2f8b6d0a4c9e41b7853d1f6a0c2e9b48', 'image-embeddings', '10.42.47.33', 8192, 4,
               main_file='local:///opt/spark/jars/image-embeddings-0.4.0.jar', main_class='com.acme.ml.Embeddings',
               operator=True)
NODE = ('ip-10-42-47-8.eu-west-1.compute.internal', '10.42.47.8', 'eu-west-1b')
EXECS = {'1': '10.42.47.101', '2': '10.42.47.117', '3': '10.42.47.129', '4': '10.42.47.142'}
BM = {e: 34100 + int(e) * 131 for e in EXECS}
RPC = {e: 42700 + int(e) * 53 for e in EXECS}
DRIVER_CREATED = T('2026-11-09T10:00:03')
DRIVER_STARTED = T('2026-11-09T10:00:09')
APP_START = T('2026-11-09T10:00:12.330')
EXEC_CREATED = T('2026-11-09T10:00:16')
JOB0 = T('2026-11-09T10:01:05.604')
COLLECTED = T('2026-11-09T10:31:20')
GPU_MSG = ('0/7 nodes are available: 7 Insufficient nvidia.com/gpu. preemption: 0/7 nodes are available: '
           '7 No preemption victims found for incoming pod.')


def build():
    reset(OUT)
    rng = random.Random(2048)
    sp = Spark(APP, 2048)
    registered = {e: EXEC_CREATED + 9_800 + int(e) * 207 for e in EXECS}
    execs = [dict(id=e, registered=registered[e], cores=4) for e in EXECS]
    t0, _, _ = simulate(rng, JOB0 + 35, execs, 48, lambda i, a, e, l: (rng.randint(21_000, 34_000), 'SUCCESS', None))
    map_end = max(t['launch'] + t['duration'] for t in t0)
    stage2 = map_end + 420
    for e in EXECS:
        sp.executor(e, EXECS[e], registered[e], 4, 4773573427, port=RPC[e],
                    peak={'JVMHeapMemory': rng.randint(2_400_000_000, 3_300_000_000),
                          'JVMOffHeapMemory': rng.randint(120_000_000, 150_000_000), 'TotalGCTime': rng.randint(400, 900)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    name = 'mapPartitions at Embeddings.scala:88'
    s0 = sp.stage(0, name, 'scan', JOB0 + 5, t0, rdd_ids=[2, 1, 0],
                  details='org.apache.spark.rdd.RDD.mapPartitions(RDD.scala:855)\ncom.acme.ml.Embeddings$.main(Embeddings.scala:88)')
    sp.stage(1, 'save at Embeddings.scala:97', 'reduce', stage2, [], status='ACTIVE', num_tasks=64, rdd_ids=[5, 4, 3],
             resource_profile=1,
             details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\ncom.acme.ml.Embeddings$.main(Embeddings.scala:97)')
    sp.job(0, 'save at Embeddings.scala:97', [0, 1], JOB0, None, 'RUNNING')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'),
               application_json(APP, APP_START, None, completed=False))
    props = base_props(APP, IMAGE, APP_START, extra={
        'spark.dynamicAllocation.enabled': 'true', 'spark.dynamicAllocation.minExecutors': '0',
        'spark.dynamicAllocation.maxExecutors': '8', 'spark.dynamicAllocation.initialExecutors': '4',
        'spark.executor.resource.gpu.vendor': 'nvidia.com',
        'spark.executor.resource.gpu.discoveryScript': '/opt/spark/examples/src/main/scripts/getGpusResources.sh'})
    env = environment_json(APP, props, python=False)
    env['resourceProfiles'].append({
        'id': 1,
        'executorResources': {
            'cores': {'resourceName': 'cores', 'amount': 4, 'discoveryScript': '', 'vendor': ''},
            'memory': {'resourceName': 'memory', 'amount': 16384, 'discoveryScript': '', 'vendor': ''},
            'gpu': {'resourceName': 'gpu', 'amount': 1,
                    'discoveryScript': '/opt/spark/examples/src/main/scripts/getGpusResources.sh', 'vendor': 'nvidia.com'}},
        'taskResources': {'cpus': {'resourceName': 'cpus', 'amount': 1.0},
                          'gpu': {'resourceName': 'gpu', 'amount': 0.25}}})
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), env)

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 4)
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e], RPC[e], BM[e])
    tl.add(JOB0 - 20, 'INFO', 'SparkContext', 'Starting job: save at Embeddings.scala:97')
    stage_submit(tl, JOB0, 0, 'save at Embeddings.scala:97', 0, 'ShuffleMapStage', name,
                 'MapPartitionsRDD[2] at mapPartitions at Embeddings.scala:88', 48)
    task_lines(tl, s0, sp.executors)
    stage_finished_lines(tl, map_end + 20, 0, 'ShuffleMapStage', name, JOB0 + 5, 0, '', JOB0, last_stage=False)
    tl.add(stage2, 'INFO', 'DAGScheduler', 'Submitting ResultStage 1 (MapPartitionsRDD[5] at save at Embeddings.scala:97), which has no missing parents')
    tl.add(stage2 + 40, 'INFO', 'TaskSchedulerImpl', 'Adding task set 1.0 with 64 tasks resource profile 1')
    tl.add(stage2 + 1_100, 'INFO', 'ExecutorPodsAllocator',
           'Going to request 2 executors from Kubernetes for ResourceProfile Id: 1, target: 2, known: 0, sharedSlotFromPendingPods: 2147483647.')
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'gpu')

    pods = [driver_pod_obj(APP, NODE, DRIVER_CREATED, DRIVER_STARTED, IMAGE, running=True, owner=operator_owner(APP))]
    for e in EXECS:
        pods.append(executor_pod_obj(APP, e, NODE, EXECS[e], EXEC_CREATED, EXEC_CREATED + 7_000, IMAGE, running=True))
    evs = lifecycle_events(APP, pods, IMAGE)
    for n in (5, 6):
        p = executor_pod_obj(APP, str(n), NODE, '', stage2 + 1_200, stage2 + 1_200, IMAGE, running=True,
                             limit_mib=18022)
        p['metadata']['labels']['spark-exec-resourceprofile-id'] = '1'
        p['spec']['containers'][0]['resources']['limits']['nvidia.com/gpu'] = '1'
        p['spec']['containers'][0]['resources']['requests']['nvidia.com/gpu'] = '1'
        pods.append(pending_pod(p, GPU_MSG, stage2 + 1_260))
        evs.append(series_event(APP, p['metadata']['name'], 'FailedScheduling', GPU_MSG, stage2 + 1_260 + n,
                                COLLECTED - 50_000 + n * 1_000, 17 + n))
        evs.append(event(APP, 'Pod', p['metadata']['name'], 'NotTriggerScaleUp',
                         "pod didn't trigger scale-up: 1 max node group size reached, 2 Insufficient nvidia.com/gpu",
                         stage2 + 11_000 + n * 13, last=COLLECTED - 30_000, count=88 + n, component='cluster-autoscaler',
                         reporting='cluster-autoscaler'))
    evs += operator_events(APP, DRIVER_CREATED - 1_500, DRIVER_STARTED + 2_000)
    nodes = [node(NODE[0], NODE[1], NODE[2], T('2026-11-02T08:00:00'), node_conditions(COLLECTED - 7_000),
                  instance='r6i.2xlarge')]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2_000, {
        'dynamicAllocation': {'enabled': True, 'initialExecutors': 4, 'minExecutors': 0, 'maxExecutors': 8}}, 'RUNNING',
        executor_states=dict([('%s-exec-%s' % (APP['name'], e), 'RUNNING') for e in EXECS] +
                             [('%s-exec-%d' % (APP['name'], n), 'PENDING') for n in (5, 6)]))
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED, history=False)


if __name__ == '__main__':
    build()
