"""near-miss-connect-benign-errors: normal life of a Spark Connect server. A client's release call races its own
session close (ERROR ... releaseExecute + SESSION_CLOSED), an abandoned notebook session expires unused, a
user interrupts a query (StatusCode.CANCELLED), one UNAVAILABLE during a rolling restart of a proxy is retried,
and a user's SQL fails with TABLE_OR_VIEW_NOT_FOUND (logged at INFO as a query error). No finding at all."""
from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/near-miss-connect-benign-errors/bundle')
NS = 'analytics'
NODE = ('ip-10-42-44-19.eu-west-1.compute.internal', '10.42.44.19', 'eu-west-1a')
SERVER_POD = 'spark-connect-7f9c6d5b8-v9hfs'
SERVER_IMAGE = 'registry.acme.io/platform/spark-connect:3.5.1-r4'
CLIENT_POD = 'adhoc-reports-77c5d8b9f6-jx4pq'
CLIENT_IMAGE = 'registry.acme.io/bi/adhoc-reports:1.2.0'
SERVER_CREATED = T('2026-09-24T07:30:02')
SERVER_STARTED = T('2026-09-24T07:30:08')
COLLECTED = T('2026-09-24T12:05:00')
S1 = '2b7d9f1e-6c3a-4e8b-9d2f-1a5c7e3b9d40'
S2 = '5e8a1c3f-7b2d-4f6e-a9c1-3d5b7f9e1a28'
CLOSED = '[INVALID_HANDLE.SESSION_CLOSED] The handle %s is invalid. Session was closed. SQLSTATE: HY000'


def build():
    reset(OUT)
    app, pods = connect_server(NS, '3.5.1', SERVER_POD, '10.42.44.60', SERVER_CREATED, SERVER_STARTED, SERVER_IMAGE,
                               exec_ips=('10.42.44.85', '10.42.44.87'), node_=NODE)
    stl = Timeline()
    stl.raw(SERVER_STARTED + 150, '+ exec /opt/spark/bin/spark-submit --class org.apache.spark.sql.connect.service.SparkConnectServer '
            '--name "Spark Connect server" --master k8s://https://kubernetes.default.svc:443 --conf spark.driver.host=10.42.44.60 '
            '--conf spark.kubernetes.namespace=analytics --conf spark.kubernetes.driver.pod.name=%s spark-internal' % SERVER_POD)
    connect_server_log(stl, app, SERVER_STARTED + 3_900, [('1', '10.42.44.85'), ('2', '10.42.44.87')])
    t0 = T('2026-09-24T08:15:20')
    stl.add(t0, 'INFO', 'SparkConnectSessionManager', 'Starting thread for cleanup of expired sessions every 60000 ms')
    # A user query error: reported to the client, logged at INFO.
    stl.add(t0 + 600_000, 'INFO', 'ErrorUtils', 'Spark Connect error during: analyze. UserId: mara. SessionId: %s.' % S1,
            stack('org.apache.spark.sql.catalyst.ExtendedAnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view '
                  '`sales`.`orders_2025` cannot be found. Verify the spelling and correctness of the schema and catalog.; '
                  "line 1 pos 14;\n'Project [*]\n+- 'UnresolvedRelation [sales, orders_2025], [], false",
                  ['org.apache.spark.sql.catalyst.analysis.package$AnalysisErrorAt.tableNotFound(package.scala:87)',
                   'org.apache.spark.sql.catalyst.analysis.CheckAnalysis.$anonfun$checkAnalysis0$2(CheckAnalysis.scala:202)']))
    # The report service closes its session and a release call races the close.
    t1 = T('2026-09-24T09:02:44')
    stl.add(t1, 'INFO', 'SparkConnectReleaseSessionHandler', 'Released session %s for user adhoc-reports' % S2)
    stl.add(t1 + 40, 'ERROR', 'ErrorUtils', 'Spark Connect RPC error during: releaseExecute. UserId: adhoc-reports. SessionId: %s.' % S2,
            stack('org.apache.spark.SparkSQLException: ' + CLOSED % S2,
                  ['org.apache.spark.sql.connect.service.SparkConnectSessionManager.getIsolatedSession(SparkConnectSessionManager.scala:96)',
                   'org.apache.spark.sql.connect.service.SparkConnectReleaseExecuteHandler.handle(SparkConnectReleaseExecuteHandler.scala:31)',
                   'java.base/java.lang.Thread.run(Thread.java:840)']))
    # An abandoned notebook session expires; nobody uses it again.
    stl.add(T('2026-09-24T10:31:12'), 'INFO', 'SparkConnectSessionManager',
            'Found session SessionHolderInfo(mara,%s,4c2e8a1b-9f3d-4b7a-8e6c-2d1f5a3b7c90,1790237412655,None,None) that '
            'expired and will be closed.' % S1)
    write_log(OUT, SERVER_POD, 'spark-connect', stl, 'nmcs')

    ctl = Timeline()
    python_client_log(ctl, T('2026-09-24T08:40:01'), 'INFO', 'adhoc_reports', 'connected to sc://spark-connect.analytics.svc:15002')
    # A proxy restart: one UNAVAILABLE surfaces from a short-deadline health check and the next call works.
    t2 = T('2026-09-24T08:51:19')
    python_client_log(ctl, t2, 'WARNING', 'adhoc_reports', 'health check failed, will retry',
                      grpc_error_text('_InactiveRpcError', 'UNAVAILABLE', 14,
                                      'failed to connect to all addresses; last error: UNKNOWN: ipv4:10.100.7.21:15002: '
                                      'Failed to connect to remote host: Connection refused', 'ipv4:10.100.7.21:15002', t2))
    python_client_log(ctl, t2 + 30_000, 'INFO', 'adhoc_reports', 'health check ok')
    # A user cancels a long report from the UI.
    t3 = T('2026-09-24T11:17:52')
    python_client_log(ctl, t3, 'INFO', 'adhoc_reports', 'report 8812 cancelled by user',
                      grpc_error_text('_MultiThreadedRendezvous', 'CANCELLED', 1, 'Locally cancelled by application!',
                                      'ipv4:10.100.7.21:15002', t3))
    write_log(OUT, CLIENT_POD, 'reports', ctl, 'nmcc')

    cp = pod(app, CLIENT_POD, 'driver', None, NODE[0], NODE[1], '10.42.44.140', T('2026-09-24T08:39:40'),
             T('2026-09-24T08:39:46'), running_state(T('2026-09-24T08:39:46')), 'Running', 1024, 1, CLIENT_IMAGE)
    cp = user_managed_driver(cp, 'reports', 'adhoc-reports', owner_name='adhoc-reports-77c5d8b9f6',
                             args=['python', '-m', 'adhoc_reports'])
    cp = client_pod(cp, 'sc://spark-connect.analytics.svc:15002')
    pods.append(cp)
    evs = lifecycle_events(app, pods, SERVER_IMAGE)
    nodes = [node(NODE[0], NODE[1], NODE[2], T('2026-09-20T09:00:00'), node_conditions(COLLECTED - 6_000))]
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes)
    collection_manifest(OUT, app, COLLECTED, selector='app in (spark-connect,adhoc-reports)')


if __name__ == '__main__':
    build()
