"""near-miss-driver-restarted-once: a CronJob's client-mode driver cannot resolve the ledger database while
CoreDNS restarts; its container exits 1 and the Job's OnFailure policy restarts it in place. The second run
succeeds. One info finding, nothing at warning or critical."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/near-miss-driver-restarted-once/bundle')
IMAGE = 'registry.acme.io/finance/ledger-reconcile:1.14.2'
POD = 'ledger-reconcile-29345040-8kq2v'
JOB = 'ledger-reconcile-29345040'
APP = make_app('spark-71c4e0a8d2b94f3e8a6d5c1b0e9f7a23', 'ledger-reconcile', '10.42.19.66', 4096, 2,
               main_file='local:///opt/app/ledger-reconcile-1.14.2.jar', main_class='com.acme.ledger.Reconcile',
               namespace='finance-batch')
APP['driver_pod'] = POD
APP['driver_host'] = '10.42.19.66'
NODE = ('ip-10-42-19-20.eu-west-1.compute.internal', '10.42.19.20', 'eu-west-1b')
EXECS = {'1': '10.42.19.131', '2': '10.42.19.149'}
BM = {e: 36100 + int(e) * 71 for e in EXECS}
RPC = {e: 43900 + int(e) * 13 for e in EXECS}
CREATED = T('2026-10-21T04:00:02')
RUN1 = T('2026-10-21T04:00:07')
RUN1_END = T('2026-10-21T04:00:26')
RUN2 = T('2026-10-21T04:00:37')
COLLECTED = T('2026-10-21T04:41:15')

PSQL = stack('Exception in thread "main" org.postgresql.util.PSQLException: The connection attempt failed.', [
    'org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:354)',
    'org.postgresql.core.ConnectionFactory.openConnection(ConnectionFactory.java:54)',
    'org.postgresql.jdbc.PgConnection.<init>(PgConnection.java:263)',
    'org.postgresql.Driver.makeConnection(Driver.java:443)',
    'org.postgresql.Driver.connect(Driver.java:297)',
    'java.sql/java.sql.DriverManager.getConnection(DriverManager.java:681)',
    'java.sql/java.sql.DriverManager.getConnection(DriverManager.java:229)',
    'com.acme.ledger.Reconcile$.openLedgerCursor(Reconcile.scala:88)',
    'com.acme.ledger.Reconcile$.main(Reconcile.scala:34)',
    'com.acme.ledger.Reconcile.main(Reconcile.scala)'] + SUBMIT_MAIN_FRAMES,
    causes=[('java.net.UnknownHostException: postgres-ledger.finance.svc.cluster.local', [
        'java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:567)',
        'java.base/java.net.SocksSocketImpl.connect(SocksSocketImpl.java:327)',
        'java.base/java.net.Socket.connect(Socket.java:751)',
        'org.postgresql.core.PGStream.createSocket(PGStream.java:243)',
        'org.postgresql.core.PGStream.<init>(PGStream.java:98)',
        'org.postgresql.core.v3.ConnectionFactoryImpl.tryConnect(ConnectionFactoryImpl.java:132)',
        'org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:258)'], 12)])


def submit_line(tl, t):
    tl.raw(t, '+ exec /opt/spark/bin/spark-submit --master k8s://https://kubernetes.default.svc:443 --deploy-mode client '
           '--name ledger-reconcile --conf spark.driver.host=10.42.19.66 --conf spark.kubernetes.namespace=finance-batch '
           '--conf spark.kubernetes.driver.pod.name=%s --conf spark.executor.instances=2 '
           '--class com.acme.ledger.Reconcile local:///opt/app/ledger-reconcile-1.14.2.jar' % POD)


def build():
    reset(OUT)
    rng = random.Random(404)
    # First run: fails before SparkContext starts (the JDBC cursor is opened first).
    prev = Timeline()
    submit_line(prev, RUN1 + 200)
    prev.raw(RUN1 + 2_100, 'Using Spark\'s default log4j profile: org/apache/spark/log4j2-defaults.properties')
    prev.add(RUN1 + 3_900, 'INFO', 'Reconcile$', 'Opening ledger cursor at jdbc:postgresql://postgres-ledger.finance.svc.cluster.local:5432/ledger')
    prev.raw(RUN1 + 13_950, PSQL)
    prev.add(RUN1 + 14_010, 'INFO', 'ShutdownHookManager', 'Shutdown hook called')
    write_log(OUT, POD, 'reconcile', prev, 'ledger1', previous=True)

    # Second run: the whole reconciliation succeeds.
    app_start = RUN2 + 4_700
    sp = Spark(APP, 404)
    registered = {e: app_start + 11_300 + int(e) * 280 for e in EXECS}
    execs = [dict(id=e, registered=registered[e], cores=2) for e in EXECS]
    job0 = registered['2'] + 6_400
    tasks, _, _ = simulate(rng, job0 + 35, execs, 16, lambda i, a, e, l: (rng.randint(48_000, 71_000), 'SUCCESS', None))
    end = max(t['launch'] + t['duration'] for t in tasks)
    app_end = end + 2_300
    for e in EXECS:
        sp.executor(e, EXECS[e], registered[e], 2, 2388236697, port=RPC[e],
                    peak={'JVMHeapMemory': rng.randint(1_400_000_000, 2_200_000_000),
                          'JVMOffHeapMemory': rng.randint(120_000_000, 150_000_000),
                          'TotalGCTime': rng.randint(500, 1300)})
    sp.executor('driver', APP['driver_host'], app_start + 3066, 0, 1099746508, port=7079)
    s0 = sp.stage(0, 'save at Reconcile.scala:61', 'scan', job0 + 5, tasks, rdd_ids=[2, 1, 0],
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.ledger.Reconcile$.main(Reconcile.scala:61)')
    sp.job(0, 'save at Reconcile.scala:61', [0], job0, end + 40, 'SUCCEEDED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, app_start, app_end))
    props = base_props(APP, IMAGE, app_start, executors=2)
    props['spark.submit.deployMode'] = 'client'
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    tl = Timeline()
    submit_line(tl, RUN2 + 200)
    tl.add(app_start - 800, 'INFO', 'Reconcile$', 'Opening ledger cursor at jdbc:postgresql://postgres-ledger.finance.svc.cluster.local:5432/ledger')
    driver_startup(tl, APP, app_start, 2)
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e], RPC[e], BM[e])
    tl.add(registered['2'] + 25, 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    tl.add(job0 - 20, 'INFO', 'SparkContext', 'Starting job: save at Reconcile.scala:61')
    stage_submit(tl, job0, 0, 'save at Reconcile.scala:61', 0, 'ResultStage', 'save at Reconcile.scala:61',
                 'MapPartitionsRDD[2] at save at Reconcile.scala:61', 16)
    task_lines(tl, s0, sp.executors)
    stage_finished_lines(tl, end + 20, 0, 'ResultStage', 'save at Reconcile.scala:61', job0 + 5, 0,
                         'save at Reconcile.scala:61', job0)
    driver_shutdown(tl, APP, app_end, from_hook=False)
    write_log(OUT, POD, 'reconcile', tl, 'ledger2')

    drv_end = app_end + 1_100
    st = terminated(RUN2, drv_end, 0, 'Completed', POD)
    st['lastState'] = {'terminated': {'containerID': 'containerd://' + hexid('cidprev' + POD, 64), 'exitCode': 1,
                                      'finishedAt': iso_s(RUN1_END), 'reason': 'Error', 'startedAt': iso_s(RUN1)}}
    st['restartCount'] = 1
    p = pod(APP, POD, 'driver', None, NODE[0], NODE[1], APP['driver_ip'], CREATED, RUN1, st, 'Succeeded', 6144, 1, IMAGE)
    p = user_managed_driver(p, 'reconcile', 'ledger-reconcile', restart_policy='OnFailure', owner_kind='Job',
                            owner_name=JOB, args=['/opt/app/bin/reconcile.sh'])
    p['metadata']['labels']['batch.kubernetes.io/job-name'] = JOB
    pods = [p]
    for e in EXECS:
        ep = executor_pod_obj(APP, e, NODE, EXECS[e], registered[e] - 9_000, registered[e] - 2_000, IMAGE,
                              end=app_end + 600)
        pods.append(ep)
    ref = 'spec.containers{reconcile}'
    evs = [scheduled_event(APP, POD, NODE[0], CREATED),
           event(APP, 'Pod', POD, 'Pulled', 'Container image "%s" already present on machine' % IMAGE, RUN1 - 900,
                 last=RUN2 - 900, count=2, host=NODE[0], field_path=ref),
           event(APP, 'Pod', POD, 'Created', 'Created container reconcile', RUN1 - 700, last=RUN2 - 700, count=2,
                 host=NODE[0], field_path=ref),
           event(APP, 'Pod', POD, 'Started', 'Started container reconcile', RUN1, last=RUN2, count=2, host=NODE[0],
                 field_path=ref),
           event(APP, 'Pod', POD, 'BackOff', 'Back-off restarting failed container reconcile in pod %s_finance-batch(%s)'
                 % (POD, uid(APP['id'] + POD)), RUN1_END + 1_000, type_='Warning', host=NODE[0], field_path=ref)]
    evs += lifecycle_events(APP, pods[1:], IMAGE)
    nodes = [node(NODE[0], NODE[1], NODE[2], T('2026-10-19T03:00:00'), node_conditions(COLLECTED - 7_000))]
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes)
    collection_manifest(OUT, APP, COLLECTED, selector='batch.kubernetes.io/job-name=%s' % JOB)


if __name__ == '__main__':
    build()
