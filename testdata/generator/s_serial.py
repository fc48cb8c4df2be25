"""task-not-serializable: the driver fails before any task of the enrich step runs."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/task-not-serializable/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-geo-1.8.0'
APP = make_app('spark-3f1b7d9e0a5c48e2b6d4a9c1e7f2085d', 'geo-enrich', '10.42.23.51', 4096, 2,
               main_file='local:///opt/spark/jars/geo-enrich-1.8.0.jar', main_class='com.acme.geo.GeoEnrich',
               operator=True)
NODES = {'A': ('ip-10-42-23-8.eu-west-1.compute.internal', '10.42.23.8', 'eu-west-1a')}
EXECS = {'1': ('A', '10.42.23.97'), '2': ('A', '10.42.23.140')}
BM = {e: 32200 + int(e) * 983 for e in EXECS}
RPC = {e: 48800 + int(e) * 293 for e in EXECS}
DRIVER_CREATED = T('2026-10-20T03:14:51')
DRIVER_STARTED = T('2026-10-20T03:14:59')
APP_START = T('2026-10-20T03:15:03.448')
EXEC_CREATED = T('2026-10-20T03:15:07')
JOB0 = T('2026-10-20T03:15:41.902')
COLLECTED = T('2026-10-20T03:33:20')

SUBMIT_FRAMES = [
    'java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
    'java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:77)',
    'java.base/jdk.internal.reflect.DelegatingMethodAccessorImpl.invoke(DelegatingMethodAccessorImpl.java:43)',
    'java.base/java.lang.reflect.Method.invoke(Method.java:568)',
    'org.apache.spark.deploy.JavaMainApplication.start(SparkApplication.scala:52)',
    'org.apache.spark.deploy.SparkSubmit.org$apache$spark$deploy$SparkSubmit$$runMain(SparkSubmit.scala:1029)',
    'org.apache.spark.deploy.SparkSubmit.doRunMain$1(SparkSubmit.scala:194)',
    'org.apache.spark.deploy.SparkSubmit.submit(SparkSubmit.scala:217)',
    'org.apache.spark.deploy.SparkSubmit.doSubmit(SparkSubmit.scala:91)',
    'org.apache.spark.deploy.SparkSubmit$$anon$2.doSubmit(SparkSubmit.scala:1120)',
    'org.apache.spark.deploy.SparkSubmit$.main(SparkSubmit.scala:1129)',
    'org.apache.spark.deploy.SparkSubmit.main(SparkSubmit.scala)',
]

NOT_SERIALIZABLE = '\n'.join([
    'Exception in thread "main" org.apache.spark.SparkException: Task not serializable',
    '\tat org.apache.spark.util.ClosureCleaner$.ensureSerializable(ClosureCleaner.scala:444)',
    '\tat org.apache.spark.util.ClosureCleaner$.clean(ClosureCleaner.scala:416)',
    '\tat org.apache.spark.util.ClosureCleaner$.clean(ClosureCleaner.scala:163)',
    '\tat org.apache.spark.SparkContext.clean(SparkContext.scala:2674)',
    '\tat org.apache.spark.rdd.RDD.$anonfun$map$1(RDD.scala:424)',
    '\tat org.apache.spark.rdd.RDDOperationScope$.withScope(RDDOperationScope.scala:151)',
    '\tat org.apache.spark.rdd.RDDOperationScope$.withScope(RDDOperationScope.scala:112)',
    '\tat org.apache.spark.rdd.RDD.withScope(RDD.scala:410)',
    '\tat org.apache.spark.rdd.RDD.map(RDD.scala:423)',
    '\tat com.acme.geo.GeoEnrich$.enrich(GeoEnrich.scala:47)',
    '\tat com.acme.geo.GeoEnrich$.main(GeoEnrich.scala:29)',
    '\tat com.acme.geo.GeoEnrich.main(GeoEnrich.scala)',
] + ['\tat ' + f for f in SUBMIT_FRAMES] + [
    'Caused by: java.io.NotSerializableException: com.acme.geo.GeoIpLookup',
    'Serialization stack:',
    '\t- object not serializable (class: com.acme.geo.GeoIpLookup, value: com.acme.geo.GeoIpLookup@5b2c41d3)',
    '\t- element of array (index: 0)',
    '\t- array (class [Ljava.lang.Object;, size 1)',
    '\t- field (class: java.lang.invoke.SerializedLambda, name: capturedArgs, type: class [Ljava.lang.Object;)',
    '\t- object (class java.lang.invoke.SerializedLambda, SerializedLambda[capturingClass=class com.acme.geo.GeoEnrich$, '
    'functionalInterfaceMethod=scala/Function1.apply:(Ljava/lang/Object;)Ljava/lang/Object;, '
    'implementation=invokeStatic com/acme/geo/GeoEnrich$.$anonfun$enrich$1:(Lcom/acme/geo/GeoIpLookup;Lorg/apache/spark/sql/Row;)Lcom/acme/geo/EnrichedVisit;, '
    'instantiatedMethodType=(Lorg/apache/spark/sql/Row;)Lcom/acme/geo/EnrichedVisit;, numCaptured=1])',
    '\t- writeReplace data (class: java.lang.invoke.SerializedLambda)',
    '\t- object (class com.acme.geo.GeoEnrich$$$Lambda$3021/0x0000000801b5c8a8, com.acme.geo.GeoEnrich$$$Lambda$3021/0x0000000801b5c8a8@3f9d2a11)',
    '\tat org.apache.spark.serializer.SerializationDebugger$.improveException(SerializationDebugger.scala:41)',
    '\tat org.apache.spark.serializer.JavaSerializationStream.writeObject(JavaSerializer.scala:49)',
    '\tat org.apache.spark.serializer.JavaSerializerInstance.serialize(JavaSerializer.scala:115)',
    '\tat org.apache.spark.util.ClosureCleaner$.ensureSerializable(ClosureCleaner.scala:441)',
    '\t... 24 more',
])


def build():
    reset(OUT)
    rng = random.Random(9)
    sp = Spark(APP, 9)
    registered = {e: EXEC_CREATED + 9_400 + int(e) * 317 for e in EXECS}
    tasks, _, _ = simulate(rng, JOB0 + 36, [dict(id=e, registered=registered[e], cores=2) for e in EXECS], 12,
                           lambda i, a, e, l: (rng.randint(3_100, 5_800), 'SUCCESS', None))
    end = max(t['launch'] + t['duration'] for t in tasks)
    failed_at = end + 1_960
    app_end = failed_at + 900
    for e in EXECS:
        sp.executor(e, EXECS[e][1], registered[e], 2, 2388236697, port=RPC[e])
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    s0 = sp.stage(0, 'count at GeoEnrich.scala:33', 'scan', JOB0 + 4, tasks, rdd_ids=[3, 2, 1, 0],
                  details='org.apache.spark.sql.Dataset.count(Dataset.scala:3615)\n'
                          'com.acme.geo.GeoEnrich$.main(GeoEnrich.scala:33)')
    sp.job(0, 'count at GeoEnrich.scala:33', [0], JOB0, end + 30, 'SUCCEEDED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, IMAGE, APP_START, executors=2)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 2)
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    tl.add(registered['2'] + 25, 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    tl.add(JOB0 - 20, 'INFO', 'SparkContext', 'Starting job: count at GeoEnrich.scala:33')
    stage_submit(tl, JOB0, 0, 'count at GeoEnrich.scala:33', 0, 'ResultStage', 'count at GeoEnrich.scala:33',
                 'MapPartitionsRDD[3] at count at GeoEnrich.scala:33', 12)
    task_lines(tl, s0, sp.executors)
    stage_finished_lines(tl, end + 20, 0, 'ResultStage', 'count at GeoEnrich.scala:33', JOB0 + 4, 0,
                         'count at GeoEnrich.scala:33', JOB0)
    tl.add(end + 400, 'INFO', 'GeoEnrich$', 'Loaded 4,811,022 visits for 2026-10-19; opening GeoIP database /opt/geoip/GeoIP2-City.mmdb')
    tl.raw(failed_at, NOT_SERIALIZABLE)
    driver_shutdown(tl, APP, failed_at + 40)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'drvser')

    drv_finished = app_end + 1_100
    pods = [driver_pod_obj(APP, NODES['A'], DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=drv_finished, exit_code=1,
                           owner=operator_owner(APP))]
    exec_pods = [executor_pod_obj(APP, e, NODES['A'], EXECS[e][1], EXEC_CREATED, EXEC_CREATED + 7_000, IMAGE,
                                  end=app_end + 300) for e in EXECS]
    evs = lifecycle_events(APP, pods + exec_pods, IMAGE)
    for p in exec_pods:
        evs.append(event(APP, 'Pod', p['metadata']['name'], 'Killing', 'Stopping container spark-kubernetes-executor',
                         failed_at + 200, host=p['spec']['nodeName'], field_path='spec.containers{spark-kubernetes-executor}'))
    evs += operator_events(APP, DRIVER_CREATED, DRIVER_STARTED + 2000, end=drv_finished + 800, failed=True,
                           error='driver container failed with ExitCode: 1, Reason: Error')
    nodes = [node(n[0], n[1], n[2], T('2026-10-18T12:30:00'), node_conditions(COLLECTED - 6_000),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752) for n in NODES.values()]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2000, {'executor': {'instances': 2}}, 'FAILED',
                                error='driver container failed with ExitCode: 1, Reason: Error',
                                executor_states={'%s-exec-%s' % (APP['name'], e): 'COMPLETED' for e in EXECS},
                                terminated_at=drv_finished + 800)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED)


if __name__ == '__main__':
    build()
