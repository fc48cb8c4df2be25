"""stage-index-fails-4-times: one bad record fails task 41 on four executors; stage and job fail."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/stage-index-fails-4-times/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-orders-1.12.0'
APP = make_app('spark-c4d19a7e6b2f40e8953a0b1d7e6f2c58', 'orders-ingest', '10.42.9.34', 4096, 4,
               main_file='local:///opt/spark/jars/orders-ingest-1.12.0.jar', main_class='com.acme.orders.OrdersIngest',
               operator=True)
NODES = {
    'A': ('ip-10-42-9-5.eu-west-1.compute.internal', '10.42.9.5', 'eu-west-1a'),
    'B': ('ip-10-42-9-140.eu-west-1.compute.internal', '10.42.9.140', 'eu-west-1a'),
    'C': ('ip-10-42-30-7.eu-west-1.compute.internal', '10.42.30.7', 'eu-west-1b'),
}
EXECS = {'1': ('A', '10.42.9.88'), '2': ('B', '10.42.9.161'), '3': ('B', '10.42.9.17'), '4': ('C', '10.42.30.54')}
BM = {e: 37000 + int(e) * 913 for e in EXECS}
RPC = {e: 42200 + int(e) * 419 for e in EXECS}
DRIVER_CREATED = T('2026-05-06T03:08:02')
DRIVER_STARTED = T('2026-05-06T03:08:10')
APP_START = T('2026-05-06T03:08:14.802')
EXEC_CREATED = T('2026-05-06T03:08:18')
JOB0 = T('2026-05-06T03:10:21.344')
JOB1 = T('2026-05-06T03:10:49.611')
COLLECTED = T('2026-05-06T03:31:52')

NFE = 'java.lang.NumberFormatException: For input string: "n/a"'
NFE_FRAMES = [
    'java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)',
    'java.base/java.lang.Long.parseLong(Long.java:711)',
    'java.base/java.lang.Long.parseLong(Long.java:836)',
    'scala.collection.immutable.StringLike.toLong(StringLike.scala:315)',
    'scala.collection.immutable.StringLike.toLong$(StringLike.scala:315)',
    'scala.collection.immutable.StringOps.toLong(StringOps.scala:33)',
    'com.acme.orders.ParseOrders$.parseAmountCents(ParseOrders.scala:42)',
    'com.acme.orders.ParseOrders$.$anonfun$parse$1(ParseOrders.scala:31)',
    'org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage1.mapelements_doConsume_0$(Unknown Source)',
    'org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage1.deserializetoobject_doConsume_0$(Unknown Source)',
    'org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage1.processNext(Unknown Source)',
    'org.apache.spark.sql.execution.BufferedRowIterator.hasNext(BufferedRowIterator.java:43)',
    'org.apache.spark.sql.execution.WholeStageCodegenEvaluatorFactory$WholeStageCodegenPartitionEvaluator$$anon$1.hasNext(WholeStageCodegenEvaluatorFactory.scala:43)',
    'scala.collection.Iterator$$anon$10.hasNext(Iterator.scala:460)',
    'org.apache.spark.shuffle.sort.BypassMergeSortShuffleWriter.write(BypassMergeSortShuffleWriter.java:140)',
    'org.apache.spark.shuffle.ShuffleWriteProcessor.write(ShuffleWriteProcessor.scala:59)',
    'org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:104)',
    'org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:54)',
] + EXECUTOR_TASK_FRAMES[1:]
NFE_TRACE = stack(NFE, NFE_FRAMES)


def input_file(i):
    return 's3a://acme-landing/partner-orders/dt=2026-05-05/orders-%03d.csv' % i


def build():
    reset(OUT)
    rng = random.Random(4)
    sp = Spark(APP, 4)
    registered = {e: EXEC_CREATED + 9_300 + int(e) * 257 for e in EXECS}

    def plan(index, attempt, eid, launch):
        if index == 41:
            return rng.randint(6_100, 9_800), 'FAILED', NFE_TRACE + '\n'
        return rng.randint(16_000, 34_000), 'SUCCESS', None

    tasks, losses, abort = simulate(rng, JOB1 + 38, [dict(id=e, registered=registered[e], cores=4) for e in '1234'],
                                    120, plan, spread_retries=True)
    assert abort
    fails = [t for t in tasks if t['index'] == 41]
    assert len({t['exec'] for t in fails}) >= 3, [t['exec'] for t in fails]
    last = fails[-1]
    app_end = abort + 2890
    for e in EXECS:
        sp.executor(e, EXECS[e][1], registered[e], 4, 2388236697, port=RPC[e],
                    peak={'JVMHeapMemory': rng.randint(900_000_000, 1_400_000_000),
                          'JVMOffHeapMemory': rng.randint(120_000_000, 150_000_000),
                          'MinorGCCount': rng.randint(20, 40), 'MinorGCTime': rng.randint(300, 900),
                          'TotalGCTime': rng.randint(300, 900)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)

    t0 = JOB0
    s0 = sp.stage(0, 'csv at OrdersIngest.scala:44', 'result', t0,
                  [dict(index=0, exec='2', launch=t0 + 58, duration=1214, status='SUCCESS')],
                  details='org.apache.spark.sql.DataFrameReader.csv(DataFrameReader.scala:538)\n'
                          'com.acme.orders.OrdersIngest$.run(OrdersIngest.scala:44)', rdd_ids=[2, 1, 0])
    sp.job(0, 'csv at OrdersIngest.scala:44', [0], t0 - 9, t0 + 1301, 'SUCCEEDED')
    s1 = sp.stage(1, 'save at OrdersIngest.scala:57', 'scan', JOB1 + 5, tasks, completed=abort, num_tasks=120,
                  failure='__', rdd_ids=[7, 6, 5, 4, 3],
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.orders.OrdersIngest$.run(OrdersIngest.scala:57)\n'
                          'com.acme.orders.OrdersIngest$.main(OrdersIngest.scala:21)')
    reason = ('Job aborted due to stage failure: Task 41 in stage 1.0 failed 4 times, most recent failure: '
              'Lost task 41.3 in stage 1.0 (TID %d) (%s executor %s): %s\nDriver stacktrace:'
              % (last['tid'], EXECS[last['exec']][1], last['exec'], NFE_TRACE))
    s1['failure'] = reason
    killed = [t for t in s1['tasks'] if t['status'] == 'KILLED']
    for t in killed:
        t['error'] = 'Stage cancelled: ' + reason
    s1['killed_summary'] = {'Stage cancelled: ' + reason: len(killed)} if killed else {}
    # The result stage never ran: AQE submits map stages as their own jobs, so none exists for it.
    sp.job(1, 'save at OrdersIngest.scala:57', [1], JOB1, abort, 'FAILED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, IMAGE, APP_START, executors=4, extra={
        'spark.sql.adaptive.enabled': 'true', 'spark.sql.shuffle.partitions': '200'})
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    # driver log
    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 4)
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    tl.add(registered['4'] + 30, 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    tl.add(t0 - 1500, 'INFO', 'InMemoryFileIndex', 'It took 1188 ms to list leaf files for 1 paths.')
    stage_submit(tl, t0, 0, 'csv at OrdersIngest.scala:44', 0, 'ResultStage', 'csv at OrdersIngest.scala:44',
                 'MapPartitionsRDD[2] at csv at OrdersIngest.scala:44', 1)
    task_lines(tl, s0, sp.executors)
    stage_finished_lines(tl, t0 + 1290, 0, 'ResultStage', 'csv at OrdersIngest.scala:44', t0 + 2, 0,
                         'csv at OrdersIngest.scala:44', t0)
    tl.add(JOB1 - 700, 'INFO', 'FileSourceStrategy', 'Pushed Filters: ')
    tl.add(JOB1 - 690, 'INFO', 'FileSourceStrategy', 'Post-Scan Filters: ')
    tl.add(JOB1 - 200, 'INFO', 'CodeGenerator', 'Code generated in 18.204771 ms')
    tl.add(JOB1, 'INFO', 'DAGScheduler', 'Registering RDD 7 (save at OrdersIngest.scala:57) as input to shuffle 0')
    tl.add(JOB1, 'INFO', 'DAGScheduler', 'Got map stage job 1 (save at OrdersIngest.scala:57) with 120 output partitions')
    tl.add(JOB1, 'INFO', 'DAGScheduler', 'Final stage: ShuffleMapStage 1 (save at OrdersIngest.scala:57)')
    tl.add(JOB1, 'INFO', 'DAGScheduler', 'Parents of final stage: List()')
    tl.add(JOB1, 'INFO', 'DAGScheduler', 'Missing parents: List()')
    stage_submit(tl, JOB1, 1, 'save at OrdersIngest.scala:57', 1, 'ShuffleMapStage', 'save at OrdersIngest.scala:57',
                 'MapPartitionsRDD[7] at save at OrdersIngest.scala:57', 120, final=False)
    task_lines(tl, s1, sp.executors)
    for n, t in enumerate(fails):
        ip = EXECS[t['exec']][1]
        when = t['launch'] + t['duration']
        if n == 0:
            tl.add(when + 3, 'WARN', 'TaskSetManager', 'Lost task 41.%d in stage 1.0 (TID %d) (%s executor %s): %s'
                   % (t['attempt'], t['tid'], ip, t['exec'], NFE_TRACE))
        else:
            tl.add(when + 3, 'INFO', 'TaskSetManager', 'Lost task 41.%d in stage 1.0 (TID %d) on %s, executor %s: '
                   'java.lang.NumberFormatException (For input string: "n/a") [duplicate %d]'
                   % (t['attempt'], t['tid'], ip, t['exec'], n))
    tl.add(abort + 4, 'ERROR', 'TaskSetManager', 'Task 41 in stage 1.0 failed 4 times; aborting job')
    tl.add(abort + 6, 'INFO', 'TaskSchedulerImpl', 'Cancelling stage 1')
    tl.add(abort + 6, 'INFO', 'TaskSchedulerImpl', 'Killing all running tasks in stage 1: Stage cancelled: ' + reason)
    tl.add(abort + 8, 'INFO', 'TaskSchedulerImpl', 'Stage 1 was cancelled')
    tl.add(abort + 9, 'INFO', 'DAGScheduler', 'ShuffleMapStage 1 (save at OrdersIngest.scala:57) failed in %.3f s due to %s'
           % ((abort - JOB1 - 5) / 1000.0, reason))
    for t in killed:
        tl.add(t['launch'] + t['duration'], 'WARN', 'TaskSetManager',
               'Lost task %d.%d in stage 1.0 (TID %d) (%s executor %s): TaskKilled (Stage cancelled: Job aborted due to stage failure: '
               'Task 41 in stage 1.0 failed 4 times, most recent failure: Lost task 41.3 in stage 1.0 (TID %d) (%s executor %s): %s'
               % (t['index'], t['attempt'], t['tid'], EXECS[t['exec']][1], t['exec'], last['tid'],
                  EXECS[last['exec']][1], last['exec'], NFE_TRACE + '\nDriver stacktrace:)'))
    tl.add(abort + 600, 'INFO', 'TaskSchedulerImpl', 'Removed TaskSet 1.0, whose tasks have all completed, from pool ')
    exc = 'org.apache.spark.SparkException: ' + reason
    abort_frames = DRIVER_ABORT_FRAMES[:-2] + [
        'org.apache.spark.sql.execution.adaptive.ShuffleQueryStageExec.$anonfun$shuffleFuture$1(QueryStageExec.scala:196)']
    tl.add(abort + 640, 'ERROR', 'FileFormatWriter', 'Aborting job %s.' % uid('w' + APP['id']), stack(exc, abort_frames))
    tl.raw(abort + 700, 'Exception in thread "main" ' + stack(exc, abort_frames[:7] + [
        'org.apache.spark.sql.execution.datasources.FileFormatWriter$.write(FileFormatWriter.scala:189)'] + WRITE_FRAMES[3:] + [
        'com.acme.orders.OrdersIngest$.run(OrdersIngest.scala:57)',
        'com.acme.orders.OrdersIngest$.main(OrdersIngest.scala:21)',
        'com.acme.orders.OrdersIngest.main(OrdersIngest.scala)',
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
    ]) + '\nCaused by: ' + NFE + '\n' + '\n'.join('\tat ' + f for f in NFE_FRAMES[:8]) + '\n\t... 22 more')
    driver_shutdown(tl, APP, app_end)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'drv4')

    # pods: Spark deleted the executor pods at shutdown (deleteOnTermination defaults to true).
    drv_finished = app_end + 1300
    pods = [driver_pod_obj(APP, NODES['A'], DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=drv_finished,
                           exit_code=1, owner=operator_owner(APP))]
    exec_pods = [executor_pod_obj(APP, e, NODES[EXECS[e][0]], EXECS[e][1], EXEC_CREATED, EXEC_CREATED + 7000, IMAGE,
                                  end=app_end + 500) for e in EXECS]
    evs = lifecycle_events(APP, pods + exec_pods, IMAGE)
    for p in exec_pods:
        evs.append(event(APP, 'Pod', p['metadata']['name'], 'Killing', 'Stopping container spark-kubernetes-executor',
                         app_end + 60, host=p['spec']['nodeName'], field_path='spec.containers{spark-kubernetes-executor}'))
    evs += operator_events(APP, DRIVER_CREATED, DRIVER_STARTED + 2000, end=drv_finished + 900, failed=True,
                           error='driver container failed with ExitCode: 1, Reason: Error')
    nodes = [node(n[0], n[1], n[2], T('2026-05-04T19:02:33'), node_conditions(COLLECTED - 7_000),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752) for n in NODES.values()]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2000, {'executor': {'instances': 4},
                                'arguments': ['--date', '2026-05-05']}, 'FAILED',
                                error='driver container failed with ExitCode: 1, Reason: Error',
                                executor_states={'%s-exec-%s' % (APP['name'], e): 'COMPLETED' for e in EXECS},
                                terminated_at=drv_finished + 900)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED)


if __name__ == '__main__':
    build()
