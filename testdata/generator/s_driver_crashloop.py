"""driver-crash-loop-missing-connector: a client-mode Structured Streaming driver run by a Deployment. The new
image lacks the Kafka connector: every start fails with "Failed to find data source: kafka", the container
restarts seven times and waits in CrashLoopBackOff. Executor pods are deleted by each dying driver."""
from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/driver-crash-loop-missing-connector/bundle')
IMAGE = 'registry.acme.io/streaming/sessionizer:2.0.0'
POD = 'clickstream-sessionizer-6d8f7b9c4-x2k7p'
RS = 'clickstream-sessionizer-6d8f7b9c4'
APP = make_app('spark-5b0e2c9d7a4f41e8b3c6d1a0f9e8b274', 'clickstream-sessionizer', '10.42.12.57', 4096, 2,
               main_file='local:///opt/app/sessionizer-2.0.0.jar', main_class='com.acme.clicks.Sessionizer',
               namespace='streaming')
APP['driver_pod'] = POD
APP['driver_host'] = '10.42.12.57'
NODE = ('ip-10-42-12-31.eu-west-1.compute.internal', '10.42.12.31', 'eu-west-1a')
CREATED = T('2026-10-06T08:12:04')
COLLECTED = T('2026-10-06T08:31:40')
# Container starts: kubelet back-off 10s, 20s, 40s, 80s, 160s, then 300s (each run lasts ~24 s).
STARTS = [T('2026-10-06T08:12:09'), T('2026-10-06T08:12:43'), T('2026-10-06T08:13:27'), T('2026-10-06T08:14:31'),
          T('2026-10-06T08:16:15'), T('2026-10-06T08:19:19'), T('2026-10-06T08:24:43'), T('2026-10-06T08:30:07')]
RUN_MS = 24_300

KAFKA_MISSING = stack(
    'Exception in thread "main" org.apache.spark.sql.AnalysisException: Failed to find data source: kafka. Please '
    'deploy the application as per the deployment section of Structured Streaming + Kafka Integration Guide.',
    ['org.apache.spark.sql.errors.QueryCompilationErrors$.failedToFindKafkaDataSourceError(QueryCompilationErrors.scala:1570)',
     'org.apache.spark.sql.execution.datasources.DataSource$.lookupDataSource(DataSource.scala:652)',
     'org.apache.spark.sql.streaming.DataStreamReader.loadInternal(DataStreamReader.scala:158)',
     'org.apache.spark.sql.streaming.DataStreamReader.load(DataStreamReader.scala:145)',
     'com.acme.clicks.Sessionizer$.readClicks(Sessionizer.scala:58)',
     'com.acme.clicks.Sessionizer$.main(Sessionizer.scala:31)',
     'com.acme.clicks.Sessionizer.main(Sessionizer.scala)'] + SUBMIT_MAIN_FRAMES)


def run_log(run, start):
    """The log of one container instance: spark-submit in client mode, SparkContext, the failing readStream."""
    app = dict(APP, id='spark-' + hexid('sessionizer-run-%d' % run))
    tl = Timeline()
    tl.raw(start + 200, '+ exec /opt/spark/bin/spark-submit --master k8s://https://kubernetes.default.svc:443 '
           '--deploy-mode client --name clickstream-sessionizer --conf spark.driver.host=10.42.12.57 '
           '--conf spark.kubernetes.namespace=streaming --conf spark.kubernetes.driver.pod.name=%s '
           '--conf spark.kubernetes.container.image=%s --class com.acme.clicks.Sessionizer '
           'local:///opt/app/sessionizer-2.0.0.jar' % (POD, IMAGE))
    t = start + 4_900
    driver_startup(tl, app, t, 2)
    ips = ['10.42.12.%d' % (140 + run * 2), '10.42.12.%d' % (141 + run * 2)]
    for n, e in enumerate(('1', '2')):
        executor_registered(tl, app, t + 11_400 + n * 310, e, ips[n], 46100 + n * 17, 35200 + n * 23)
    tl.add(t + 12_050, 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    tl.add(t + 12_900, 'INFO', 'SharedState', "Setting hive.metastore.warehouse.dir ('null') to the value of spark.sql.warehouse.dir.")
    tl.add(t + 12_910, 'INFO', 'SharedState', "Warehouse path is 'file:/opt/spark/work-dir/spark-warehouse'.")
    tl.add(t + 13_600, 'INFO', 'Sessionizer$', 'Reading clicks from topic web-clicks at kafka-0.kafka.streaming.svc:9092')
    tl.raw(t + 14_020, KAFKA_MISSING)
    driver_shutdown(tl, app, t + 14_100)
    return tl


def build():
    reset(OUT)
    for n, s in enumerate(STARTS):
        tl = run_log(n, s)
        if n == len(STARTS) - 1:
            write_log(OUT, POD, 'sessionizer', tl, 'crash%d' % n)
        elif n == len(STARTS) - 2:
            write_log(OUT, POD, 'sessionizer', tl, 'crash%d' % n, previous=True)
    last = STARTS[-1]
    status = crash_loop_status('sessionizer', last, last + RUN_MS, 1, len(STARTS) - 1,
                               pod_ref='%s_streaming(%s)' % (POD, uid(APP['id'] + POD)))
    p = pod(APP, POD, 'driver', None, NODE[0], NODE[1], APP['driver_ip'], CREATED, STARTS[0], status, 'Running',
            6144, 2, IMAGE)
    p = user_managed_driver(p, 'sessionizer', 'clickstream-sessionizer', owner_name=RS,
                            args=['/opt/app/bin/run-sessionizer.sh'])
    ref = 'spec.containers{sessionizer}'
    evs = [scheduled_event(APP, POD, NODE[0], CREATED),
           event(APP, 'Pod', POD, 'Pulled', 'Container image "%s" already present on machine' % IMAGE, STARTS[0] - 900,
                 last=STARTS[-1] - 900, count=len(STARTS), host=NODE[0], field_path=ref),
           event(APP, 'Pod', POD, 'Created', 'Created container sessionizer', STARTS[0] - 700, last=STARTS[-1] - 700,
                 count=len(STARTS), host=NODE[0], field_path=ref),
           event(APP, 'Pod', POD, 'Started', 'Started container sessionizer', STARTS[0], last=STARTS[-1],
                 count=len(STARTS), host=NODE[0], field_path=ref),
           event(APP, 'Pod', POD, 'BackOff',
                 'Back-off restarting failed container sessionizer in pod %s_streaming(%s)' % (POD, uid(APP['id'] + POD)),
                 STARTS[0] + RUN_MS + 1_000, last=COLLECTED - 8_000, count=41, type_='Warning', host=NODE[0],
                 field_path=ref)]
    nodes = [node(NODE[0], NODE[1], NODE[2], T('2026-10-01T02:10:55'), node_conditions(COLLECTED - 9_000))]
    write_k8s(OUT, pods=[p], events=evs, nodes=nodes)
    collection_manifest(OUT, APP, COLLECTED, selector='app=clickstream-sessionizer')


if __name__ == '__main__':
    build()
