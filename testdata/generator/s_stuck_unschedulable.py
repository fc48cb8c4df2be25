"""job-stuck-executors-unschedulable: risk-aggregation asks for six executors of 28g (plus 10% overhead: 30.8 GiB)
on a node pool of r6i.xlarge (29.5 GiB allocatable). No node can ever hold one; the pods stay Pending, the
autoscaler cannot help, and the driver warns "Initial job has not accepted any resources" for 25 minutes."""
from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/job-stuck-executors-unschedulable/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-risk-7.0.2'
APP = make_app('spark-4e9a2d7c1b8f40a3956e0c2d8b1f7a65', 'risk-aggregation', '10.42.33.41', 28672, 3,
               main_file='local:///opt/spark/jars/risk-aggregation-7.0.2.jar', main_class='com.acme.risk.Aggregate',
               operator=True)
NODE = ('ip-10-42-33-9.eu-west-1.compute.internal', '10.42.33.9', 'eu-west-1a')
DRIVER_CREATED = T('2026-11-05T03:12:00')
DRIVER_STARTED = T('2026-11-05T03:12:06')
APP_START = T('2026-11-05T03:12:09.512')
JOB0 = T('2026-11-05T03:12:41.207')
COLLECTED = T('2026-11-05T03:37:30')
N_EXEC = 6
MSG = ('0/5 nodes are available: 5 Insufficient memory. preemption: 0/5 nodes are available: '
       '5 No preemption victims found for incoming pod.')


def build():
    reset(OUT)
    sp = Spark(APP, 31)
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    sp.stage(0, 'count at Aggregate.scala:74', 'scan', JOB0 + 6, [], status='ACTIVE', num_tasks=320,
             rdd_ids=[3, 2, 1, 0],
             details='org.apache.spark.sql.Dataset.count(Dataset.scala:3615)\ncom.acme.risk.Aggregate$.main(Aggregate.scala:74)')
    sp.job(0, 'count at Aggregate.scala:74', [0], JOB0, None, 'RUNNING')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'),
               application_json(APP, APP_START, None, completed=False))
    props = base_props(APP, IMAGE, APP_START, executors=N_EXEC)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, N_EXEC)
    tl.add(JOB0 - 20, 'INFO', 'SparkContext', 'Starting job: count at Aggregate.scala:74')
    stage_submit(tl, JOB0, 0, 'count at Aggregate.scala:74', 0, 'ResultStage', 'count at Aggregate.scala:74',
                 'MapPartitionsRDD[3] at count at Aggregate.scala:74', 320)
    t = JOB0 + 31 + 15_000
    while t < COLLECTED - 2_000:
        tl.add(t, 'WARN', 'TaskSchedulerImpl', 'Initial job has not accepted any resources; check your cluster UI to '
               'ensure that workers are registered and have sufficient resources')
        t += 15_000
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'stuckun')

    pods = [driver_pod_obj(APP, NODE, DRIVER_CREATED, DRIVER_STARTED, IMAGE, running=True, owner=operator_owner(APP))]
    evs = lifecycle_events(APP, pods, IMAGE)
    created = APP_START + 2_960
    for n in range(1, N_EXEC + 1):
        p = executor_pod_obj(APP, str(n), NODE, '', created, created, IMAGE, running=True)
        pods.append(pending_pod(p, MSG, created + 40))
        name = p['metadata']['name']
        evs.append(series_event(APP, name, 'FailedScheduling', MSG, created + 40 + n * 7,
                                COLLECTED - 40_000 + n * 3_000, 31 + n))
        evs.append(event(APP, 'Pod', name, 'NotTriggerScaleUp',
                         "pod didn't trigger scale-up: 1 Insufficient memory", created + 9_000 + n * 11,
                         last=COLLECTED - 25_000 + n * 900, count=146 + n, component='cluster-autoscaler',
                         reporting='cluster-autoscaler'))
    evs += operator_events(APP, DRIVER_CREATED - 1_500, DRIVER_STARTED + 2_000)
    nodes = [node(NODE[0], NODE[1], NODE[2], T('2026-11-01T08:00:00'), node_conditions(COLLECTED - 7_000),
                  instance='r6i.xlarge', cpu='4', mem_ki=32386148, alloc_mem_ki=30899812)]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2_000, {'executor': {'instances': N_EXEC, 'memory': '28g',
                                                                                  'cores': 3}},
                                'RUNNING', executor_states={'%s-exec-%d' % (APP['name'], n): 'PENDING'
                                                            for n in range(1, N_EXEC + 1)})
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED, history=False)


if __name__ == '__main__':
    build()
