"""connect-server-oom-restart: a dashboard asks a shared Spark Connect 4.0 server for a 9 GB toPandas result; the
server's container exceeds its 12 GiB limit and is OOM-killed (exit 137). The kubelet restarts it within a
minute (the clients' retries hide the outage), but every session, temporary view and cache is gone: the next
calls fail with INVALID_HANDLE.SESSION_CHANGED."""
from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/connect-server-oom-restart/bundle')
NS = 'analytics'
NODE = ('ip-10-42-43-12.eu-west-1.compute.internal', '10.42.43.12', 'eu-west-1c')
SERVER_POD = 'spark-connect-849b6c7d5f-t8vxp'
SERVER_IMAGE = 'registry.acme.io/platform/spark-connect:4.0.1-r1'
API_POD = 'bi-query-api-66d4b9f7c8-9qzrt'
API_IMAGE = 'registry.acme.io/bi/query-api:2.4.0'
SERVER_CREATED = T('2026-11-03T07:00:05')
FIRST_START = T('2026-11-03T07:00:11')
HUGE_QUERY = T('2026-11-03T09:12:02')
KILLED = T('2026-11-03T09:13:37')
RESTART = T('2026-11-03T09:13:49')
COLLECTED = T('2026-11-03T09:41:00')
SESSIONS = ['0c3b7d2e-5a14-4f8e-9b6a-7e1d2c4f8a90', '7a2e9c41-0d6b-4f3a-b8e5-19c7d2a4f6b3']
CHANGED = ('[INVALID_HANDLE.SESSION_CHANGED] The handle %s is invalid. The existing Spark server driver instance has '
           'restarted. Please reconnect. SQLSTATE: HY000')
SERVER_FRAMES = [
    'org.apache.spark.sql.connect.service.SparkConnectSessionManager.validateSessionId(SparkConnectSessionManager.scala:84)',
    'org.apache.spark.sql.connect.service.SparkConnectSessionManager.$anonfun$getOrCreateIsolatedSession$2(SparkConnectSessionManager.scala:108)',
    'scala.Option.foreach(Option.scala:437)',
    'org.apache.spark.sql.connect.service.SparkConnectSessionManager.getOrCreateIsolatedSession(SparkConnectSessionManager.scala:108)',
    'org.apache.spark.sql.connect.service.SparkConnectExecutePlanHandler.handle(SparkConnectExecutePlanHandler.scala:35)',
    'org.apache.spark.sql.connect.service.SparkConnectService.executePlan(SparkConnectService.scala:66)',
    'java.base/java.lang.Thread.run(Thread.java:1583)',
]


def server_start(tl, app, started):
    tl.raw(started + 150, '+ exec /opt/spark/bin/spark-submit --class org.apache.spark.sql.connect.service.SparkConnectServer '
           '--name "Spark Connect server" --master k8s://https://kubernetes.default.svc:443 --conf spark.driver.host=10.42.43.60 '
           '--conf spark.log.structuredLogging.enabled=false --conf spark.kubernetes.namespace=analytics '
           '--conf spark.kubernetes.driver.pod.name=%s spark-internal' % SERVER_POD)
    connect_server_log(tl, app, started + 3_900, [('1', '10.42.43.81'), ('2', '10.42.43.84')])


def build():
    reset(OUT)
    limit = 12288
    status = running_state(RESTART)
    status['restartCount'] = 1
    status['lastState'] = {'terminated': {'containerID': 'containerd://' + hexid('cidoom' + SERVER_POD, 64), 'exitCode': 137,
                                          'finishedAt': iso_s(KILLED), 'reason': 'OOMKilled', 'startedAt': iso_s(FIRST_START)}}
    app, pods = connect_server(NS, '4.0.1', SERVER_POD, '10.42.43.60', SERVER_CREATED, FIRST_START, SERVER_IMAGE,
                               status=status, limit_mib=limit, exec_ips=('10.42.43.81', '10.42.43.84'), node_=NODE)
    prev = Timeline()
    server_start(prev, app, FIRST_START)
    prev.add(HUGE_QUERY, 'INFO', 'DAGScheduler', 'Got job 318 (toPandas at NativeMethodAccessorImpl.java:0) with 400 output partitions')
    prev.add(HUGE_QUERY + 61_200, 'INFO', 'DAGScheduler', 'Job 318 finished: toPandas at NativeMethodAccessorImpl.java:0, took 61.198 s')
    prev.add(HUGE_QUERY + 61_900, 'WARN', 'SparkConnectPlanExecution', 'Result of operation is large: 9437184000 bytes in 400 Arrow batches are being sent to the client')
    write_log(OUT, SERVER_POD, 'spark-connect', prev, 'cor1', previous=True)

    cur = Timeline()
    server_start(cur, app, RESTART)
    atl = Timeline()
    python_client_log(atl, FIRST_START + 200_000, 'INFO', 'query_api', 'connected to sc://spark-connect.analytics.svc:15002 as svc-bi')
    for n, dt in enumerate((52_000, 131_000, 207_000)):
        t = RESTART + 30_000 + dt
        sess = SESSIONS[n % 2]
        cur.add(t, 'ERROR', 'ErrorUtils', 'Spark Connect RPC error during: execute. UserId: svc-bi. SessionId: %s.' % sess,
                stack('org.apache.spark.SparkSQLException: ' + CHANGED % sess, SERVER_FRAMES))
        err = 'pyspark.errors.exceptions.connect.SparkConnectGrpcException: (org.apache.spark.SparkSQLException) ' + CHANGED % sess
        tb = python_traceback([('/app/query_api/handlers.py', 44, 'run_query', 'return spark.sql(sql).toPandas()')], err)
        python_client_log(atl, t + 40, 'ERROR', 'query_api', 'GET /dashboards/churn 500: query failed', tb)
    write_log(OUT, SERVER_POD, 'spark-connect', cur, 'cor2')
    write_log(OUT, API_POD, 'query-api', atl, 'cora')

    ap = pod(app, API_POD, 'driver', None, NODE[0], NODE[1], '10.42.43.140', FIRST_START + 190_000, FIRST_START + 195_000,
             running_state(FIRST_START + 195_000), 'Running', 1024, 1, API_IMAGE)
    ap = user_managed_driver(ap, 'query-api', 'bi-query-api', owner_name='bi-query-api-66d4b9f7c8',
                             args=['gunicorn', 'query_api.app:app', '--bind', '0.0.0.0:8080'])
    ap = client_pod(ap, 'sc://spark-connect.analytics.svc:15002/;user_id=svc-bi')
    pods.append(ap)
    evs = lifecycle_events(app, pods, SERVER_IMAGE)
    ref = 'spec.containers{spark-connect}'
    evs += [event(app, 'Pod', SERVER_POD, 'Pulled', 'Container image "%s" already present on machine' % SERVER_IMAGE,
                  RESTART - 900, host=NODE[0], field_path=ref),
            event(app, 'Pod', SERVER_POD, 'Started', 'Started container spark-connect', RESTART, host=NODE[0], field_path=ref),
            event(app, 'Node', NODE[0], 'OOMKilling',
                  'Memory cgroup out of memory: Killed process 2417 (java) total-vm:19284112kB, anon-rss:12529412kB, '
                  'file-rss:0kB, shmem-rss:0kB, UID:185 pgtables:25612kB oom_score_adj:-997',
                  KILLED - 200, type_='Warning', component='kernel-monitor', host=NODE[0])]
    nodes = [node(NODE[0], NODE[1], NODE[2], T('2026-10-30T09:00:00'), node_conditions(COLLECTED - 6_000),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752)]
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes)
    collection_manifest(OUT, app, COLLECTED, selector='app in (spark-connect,bi-query-api)')


if __name__ == '__main__':
    build()
