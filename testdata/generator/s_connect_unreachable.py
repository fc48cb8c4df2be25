"""connect-server-unreachable: a default-deny NetworkPolicy lands in the analytics namespace. A client job in
ml-jobs can no longer open connections to the (healthy) Spark Connect server; after the client's ten minutes
of retries every attempt of the CronJob fails with StatusCode.UNAVAILABLE."""
from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/connect-server-unreachable/bundle')
NS = 'analytics'
NODE = ('ip-10-42-42-30.eu-west-1.compute.internal', '10.42.42.30', 'eu-west-1b')
SERVER_POD = 'spark-connect-7f9c6d5b8-m2kdr'
SERVER_IMAGE = 'registry.acme.io/platform/spark-connect:3.5.1-r4'
CLIENT_IMAGE = 'registry.acme.io/ml/score-users:3.2.0'
JOB = 'score-users-29349120'
CLIENT_PODS = ['score-users-29349120-5zq8d', 'score-users-29349120-k7wtn', 'score-users-29349120-xh2cf']
SERVER_CREATED = T('2026-10-22T13:05:10')
SERVER_STARTED = T('2026-10-22T13:05:16')
JOB_START = T('2026-10-23T02:00:03')
COLLECTED = T('2026-10-23T02:47:30')
PEER = 'ipv4:10.100.7.21:15002'
DETAILS = 'failed to connect to all addresses; last error: UNKNOWN: ipv4:10.100.7.21:15002: Failed to connect to remote host: Timeout occurred: FD Shutdown'


def build():
    reset(OUT)
    app, pods = connect_server(NS, '3.5.1', SERVER_POD, '10.42.42.61', SERVER_CREATED, SERVER_STARTED, SERVER_IMAGE,
                               exec_ips=('10.42.42.88', '10.42.42.90'), node_=NODE)
    stl = Timeline()
    stl.raw(SERVER_STARTED + 150, '+ exec /opt/spark/bin/spark-submit --class org.apache.spark.sql.connect.service.SparkConnectServer '
            '--name "Spark Connect server" --master k8s://https://kubernetes.default.svc:443 --conf spark.driver.host=10.42.42.61 '
            '--conf spark.kubernetes.namespace=analytics --conf spark.kubernetes.driver.pod.name=%s spark-internal' % SERVER_POD)
    connect_server_log(stl, app, SERVER_STARTED + 3_900, [('1', '10.42.42.88'), ('2', '10.42.42.90')])
    # Clients inside the namespace still work.
    for n in range(4):
        t = JOB_START - 3_600_000 + n * 1_500_000
        stl.add(t, 'INFO', 'DAGScheduler', 'Got job %d (toPandas at NativeMethodAccessorImpl.java:0) with 12 output partitions' % (210 + n))
        stl.add(t + 8_400, 'INFO', 'DAGScheduler', 'Job %d finished: toPandas at NativeMethodAccessorImpl.java:0, took 8.391 s' % (210 + n))
    write_log(OUT, SERVER_POD, 'spark-connect', stl, 'cus')

    ml = dict(app, namespace='ml-jobs')
    start = JOB_START
    for n, cpod in enumerate(CLIENT_PODS):
        ctl = Timeline()
        python_client_log(ctl, start + 700, 'INFO', 'score_users', 'connecting to sc://spark-connect.analytics.svc.cluster.local:15002')
        fail = start + 612_400
        err = grpc_error_text('_InactiveRpcError', 'UNAVAILABLE', 14, DETAILS, PEER, fail)
        tb = python_traceback([('/app/score_users.py', 21, '<module>', 'users = spark.read.table("crm.active_users")'),
                               ('/usr/local/lib/python3.11/site-packages/pyspark/sql/connect/readwriter.py', 179, 'table',
                                'return self._df(plan)'),
                               ('/usr/local/lib/python3.11/site-packages/pyspark/sql/connect/client/core.py', 1016, 'schema',
                                'schema = self._analyze(method="schema", plan=plan).schema')], err)
        python_client_log(ctl, fail, 'ERROR', 'score_users', 'cannot reach Spark Connect', tb)
        write_log(OUT, cpod, 'score', ctl, 'cuc%d' % n)
        st = terminated(start, fail + 600, 1, 'Error', cpod)
        cp = pod(ml, cpod, 'driver', None, NODE[0], NODE[1], '10.42.42.%d' % (150 + n), start - 3_000, start, st, 'Failed',
                 1024, 1, CLIENT_IMAGE)
        cp = user_managed_driver(cp, 'score', 'score-users', restart_policy='Never', owner_kind='Job', owner_name=JOB,
                                 args=['python', '/app/score_users.py'])
        cp = client_pod(cp, 'sc://spark-connect.analytics.svc.cluster.local:15002')
        cp['metadata']['labels']['batch.kubernetes.io/job-name'] = JOB
        pods.append(cp)
        start = fail + 600 + 10_000 * (2 ** n)
    evs = lifecycle_events(app, pods, SERVER_IMAGE)
    nodes = [node(NODE[0], NODE[1], NODE[2], T('2026-10-20T09:00:00'), node_conditions(COLLECTED - 6_000))]
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes)
    collection_manifest(OUT, app, COLLECTED, selector='app in (spark-connect,score-users)')


if __name__ == '__main__':
    build()
