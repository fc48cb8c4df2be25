"""connect-session-expired: a BI query service keeps one Spark Connect session open. Overnight it is idle for
more than the server's 60-minute session timeout; the server expires the session, and the first morning
requests fail with INVALID_HANDLE.SESSION_CLOSED until the service is restarted."""
from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/connect-session-expired/bundle')
NS = 'analytics'
NODE = ('ip-10-42-41-22.eu-west-1.compute.internal', '10.42.41.22', 'eu-west-1a')
SERVER_POD = 'spark-connect-7f9c6d5b8-qx4vn'
SERVER_IMAGE = 'registry.acme.io/platform/spark-connect:3.5.1-r4'
API_POD = 'bi-query-api-66d4b9f7c8-2lmxz'
API_IMAGE = 'registry.acme.io/bi/query-api:2.3.1'
SERVER_CREATED = T('2026-09-16T15:40:02')
SERVER_STARTED = T('2026-09-16T15:40:08')
API_STARTED = T('2026-09-16T15:43:31')
LAST_USE = T('2026-09-16T21:58:12')
EXPIRED = T('2026-09-16T23:00:42')
MORNING = T('2026-09-17T07:31:05')
COLLECTED = T('2026-09-17T08:10:00')
SESSION = '6f1e2a4c-93d1-4b7e-a0c5-2d8f4e6b1a37'
SERVER_SESSION = '9d0a3c58-1e7f-4b2a-8c6d-5f4e3a2b1c0d'
CLOSED = '[INVALID_HANDLE.SESSION_CLOSED] The handle %s is invalid. Session was closed. SQLSTATE: HY000' % SESSION
SERVER_FRAMES = [
    'org.apache.spark.sql.connect.service.SparkConnectSessionManager.validateSessionCreate(SparkConnectSessionManager.scala:279)',
    'org.apache.spark.sql.connect.service.SparkConnectSessionManager.$anonfun$getOrCreateIsolatedSession$1(SparkConnectSessionManager.scala:76)',
    'org.apache.spark.sql.connect.service.SparkConnectSessionManager.getSession(SparkConnectSessionManager.scala:131)',
    'org.apache.spark.sql.connect.service.SparkConnectSessionManager.getOrCreateIsolatedSession(SparkConnectSessionManager.scala:74)',
    'org.apache.spark.sql.connect.service.SparkConnectExecutePlanHandler.handle(SparkConnectExecutePlanHandler.scala:33)',
    'org.apache.spark.sql.connect.service.SparkConnectService.executePlan(SparkConnectService.scala:54)',
    'org.apache.spark.connect.proto.SparkConnectServiceGrpc$MethodHandlers.invoke(SparkConnectServiceGrpc.java:801)',
    'org.sparkproject.connect.grpc.io.grpc.stub.ServerCalls$UnaryServerCallHandler$UnaryServerCallListener.onHalfClose(ServerCalls.java:182)',
    'org.sparkproject.connect.grpc.io.grpc.internal.ServerImpl$JumpToApplicationThreadServerStreamListener$1HalfClosed.runInContext(ServerImpl.java:351)',
    'org.sparkproject.connect.grpc.io.grpc.internal.ContextRunnable.run(ContextRunnable.java:37)',
    'java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)',
    'java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)',
    'java.base/java.lang.Thread.run(Thread.java:840)',
]
REQUESTS = [('/dashboards/revenue/daily', 0), ('/dashboards/revenue/weekly', 41_300), ('/dashboards/churn', 96_800),
            ('/dashboards/revenue/daily', 187_400)]


def build():
    reset(OUT)
    app, pods = connect_server(NS, '3.5.1', SERVER_POD, '10.42.41.60', SERVER_CREATED, SERVER_STARTED, SERVER_IMAGE,
                               exec_ips=('10.42.41.95', '10.42.41.102'), node_=NODE)
    stl = Timeline()
    stl.raw(SERVER_STARTED + 150, '+ exec /opt/spark/bin/spark-submit --class org.apache.spark.sql.connect.service.SparkConnectServer '
            '--name "Spark Connect server" --master k8s://https://kubernetes.default.svc:443 --conf spark.driver.host=10.42.41.60 '
            '--conf spark.kubernetes.namespace=analytics --conf spark.kubernetes.driver.pod.name=%s spark-internal' % SERVER_POD)
    connect_server_log(stl, app, SERVER_STARTED + 3_900, [('1', '10.42.41.95'), ('2', '10.42.41.102')])
    stl.add(API_STARTED + 2_100, 'INFO', 'SparkConnectSessionManager',
            'Starting thread for cleanup of expired sessions every 60000 ms')
    stl.add(EXPIRED, 'INFO', 'SparkConnectSessionManager',
            'Found session SessionHolderInfo(svc-bi,%s,%s,%d,None,None) that expired and will be closed.'
            % (SESSION, SERVER_SESSION, LAST_USE))
    for path, dt in REQUESTS:
        t = MORNING + dt + 60
        stl.add(t, 'ERROR', 'ErrorUtils', 'Spark Connect RPC error during: execute. UserId: svc-bi. SessionId: %s.' % SESSION,
                stack('org.apache.spark.SparkSQLException: ' + CLOSED, SERVER_FRAMES))
    write_log(OUT, SERVER_POD, 'spark-connect', stl, 'css')

    atl = Timeline()
    python_client_log(atl, API_STARTED + 1_800, 'INFO', 'query_api', 'connected to sc://spark-connect.analytics.svc:15002 as svc-bi (session %s)' % SESSION)
    python_client_log(atl, LAST_USE - 900, 'INFO', 'query_api', 'GET /dashboards/revenue/daily 200 (1.9 s)')
    for path, dt in REQUESTS:
        t = MORNING + dt + 110
        err = ('pyspark.errors.exceptions.connect.SparkConnectGrpcException: (org.apache.spark.SparkSQLException) ' + CLOSED)
        tb = python_traceback([('/app/query_api/handlers.py', 44, 'run_query', 'return spark.sql(sql).toPandas()'),
                               ('/usr/local/lib/python3.11/site-packages/pyspark/sql/connect/dataframe.py', 1663, 'toPandas',
                                'return self._session.client.to_pandas(query)'),
                               ('/usr/local/lib/python3.11/site-packages/pyspark/sql/connect/client/core.py', 858, 'to_pandas',
                                'table, schema, metrics, observed_metrics, _ = self._execute_and_fetch(req)')], err)
        python_client_log(atl, t, 'ERROR', 'query_api', 'GET %s 500: query failed' % path, tb)
    write_log(OUT, API_POD, 'query-api', atl, 'csa')

    ap = pod(app, API_POD, 'driver', None, NODE[0], NODE[1], '10.42.41.140', API_STARTED - 4_000, API_STARTED,
             running_state(API_STARTED), 'Running', 1024, 1, API_IMAGE)
    ap = user_managed_driver(ap, 'query-api', 'bi-query-api', owner_name='bi-query-api-66d4b9f7c8',
                             args=['gunicorn', 'query_api.app:app', '--bind', '0.0.0.0:8080'])
    ap = client_pod(ap, 'sc://spark-connect.analytics.svc:15002/;user_id=svc-bi')
    pods.append(ap)
    evs = lifecycle_events(app, pods, SERVER_IMAGE)
    nodes = [node(NODE[0], NODE[1], NODE[2], T('2026-09-10T09:00:00'), node_conditions(COLLECTED - 6_000))]
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes)
    collection_manifest(OUT, app, COLLECTED, selector='app in (spark-connect,bi-query-api)')


if __name__ == '__main__':
    build()
