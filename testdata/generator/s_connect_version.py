"""connect-version-mismatch: a nightly PySpark 3.5.2 client job talks to a Spark Connect server still on 3.4.3.
The query runs, but the 3.5 client asks to reattach to its result stream (ReattachExecute, new in 3.5) and
the server answers UNIMPLEMENTED: every write of the job fails."""
from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/connect-version-mismatch/bundle')
NS = 'analytics'
NODE = ('ip-10-42-40-17.eu-west-1.compute.internal', '10.42.40.17', 'eu-west-1c')
SERVER_POD = 'spark-connect-5c8d7f6b9-w4zjp'
SERVER_IMAGE = 'registry.acme.io/platform/spark-connect:3.4.3-r2'
CLIENT_POD = 'churn-features-29302560-r5t2m'
CLIENT_IMAGE = 'registry.acme.io/ml/churn-features:0.9.0'
SERVER_CREATED = T('2026-09-08T11:02:10')
SERVER_STARTED = T('2026-09-08T11:02:16')
CLIENT_STARTED = T('2026-09-09T06:00:04')
COLLECTED = T('2026-09-09T06:21:40')
PEER = 'ipv4:10.100.7.21:15002'


def build():
    reset(OUT)
    app, pods = connect_server(NS, '3.4.3', SERVER_POD, '10.42.40.60', SERVER_CREATED, SERVER_STARTED, SERVER_IMAGE,
                               exec_ips=('10.42.40.91', '10.42.40.97'), node_=NODE)
    stl = Timeline()
    stl.raw(SERVER_STARTED + 150, '+ exec /opt/spark/bin/spark-submit --class org.apache.spark.sql.connect.service.SparkConnectServer '
            '--name "Spark Connect server" --master k8s://https://kubernetes.default.svc:443 --conf spark.driver.host=10.42.40.60 '
            '--conf spark.kubernetes.namespace=analytics --conf spark.kubernetes.driver.pod.name=%s --conf spark.executor.instances=2 '
            'spark-internal' % SERVER_POD)
    connect_server_log(stl, app, SERVER_STARTED + 3_900, [('1', '10.42.40.91'), ('2', '10.42.40.97')])
    # The client's three queries run; only the client notices the missing RPC.
    q = CLIENT_STARTED + 9_800
    for n in range(3):
        t = q + n * 41_000
        stl.add(t, 'INFO', 'DAGScheduler', 'Got job %d (saveAsTable at NativeMethodAccessorImpl.java:0) with 48 output partitions' % (n + 40))
        stl.add(t + 23_500, 'INFO', 'DAGScheduler', 'Job %d finished: saveAsTable at NativeMethodAccessorImpl.java:0, took 23.487 s' % (n + 40))
    write_log(OUT, SERVER_POD, 'spark-connect', stl, 'cvs')

    ctl = Timeline()
    python_client_log(ctl, CLIENT_STARTED + 900, 'INFO', 'churn_features', 'pyspark 3.5.2, connecting to sc://spark-connect.analytics.svc:15002')
    tables = ['ml.churn_usage_features', 'ml.churn_billing_features', 'ml.churn_support_features']
    for n, table in enumerate(tables):
        t = q + n * 41_000 + 23_700
        python_client_log(ctl, t - 23_600, 'INFO', 'churn_features', 'writing %s' % table)
        err = grpc_error_text('_MultiThreadedRendezvous', 'UNIMPLEMENTED', 12,
                              'Method not found: spark.connect.SparkConnectService/ReattachExecute', PEER, t)
        tb = python_traceback([('/app/churn_features.py', 88, 'build_table', 'df.write.mode("overwrite").saveAsTable(table)'),
                               ('/usr/local/lib/python3.11/site-packages/pyspark/sql/connect/readwriter.py', 601, 'saveAsTable',
                                'self._spark.client.execute_command(self._write.command(self._spark.client))'),
                               ('/usr/local/lib/python3.11/site-packages/pyspark/sql/connect/client/core.py', 982, 'execute_command',
                                'data, _, _, _, properties = self._execute_and_fetch(req)')], err)
        python_client_log(ctl, t, 'ERROR', 'churn_features', 'failed to write %s' % table, tb)
    python_client_log(ctl, q + 3 * 41_000, 'ERROR', 'churn_features', '3 of 3 feature tables failed; exiting with status 1')
    write_log(OUT, CLIENT_POD, 'features', ctl, 'cvc')

    cend = q + 3 * 41_000 + 400
    cst = terminated(CLIENT_STARTED, cend, 1, 'Error', CLIENT_POD)
    cp = pod(app, CLIENT_POD, 'driver', None, NODE[0], NODE[1], '10.42.40.133', CLIENT_STARTED - 5_000, CLIENT_STARTED,
             cst, 'Failed', 2048, 1, CLIENT_IMAGE)
    cp = user_managed_driver(cp, 'features', 'churn-features', restart_policy='Never', owner_kind='Job',
                             owner_name='churn-features-29302560', args=['python', '/app/churn_features.py'])
    cp = client_pod(cp, 'sc://spark-connect.analytics.svc:15002')
    pods.append(cp)
    evs = lifecycle_events(app, pods, SERVER_IMAGE)
    nodes = [node(NODE[0], NODE[1], NODE[2], T('2026-09-01T09:00:00'), node_conditions(COLLECTED - 6_000))]
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes)
    collection_manifest(OUT, app, COLLECTED, selector='app in (spark-connect,churn-features)')


if __name__ == '__main__':
    build()
