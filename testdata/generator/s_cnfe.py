"""missing-class-on-executors: executors run an older image without the application's UDF class; every task
fails with ClassNotFoundException until the job is aborted."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/missing-class-on-executors/bundle')
DRIVER_IMAGE = 'registry.acme.io/risk/spark:3.5.1-java17-fraud-3.1.0'
EXEC_IMAGE = 'registry.acme.io/risk/spark:3.5.1-java17-fraud-3.0.4'
APP = make_app('spark-8c2e5a1f7d3b49c0a6e8f4b2d9c1a753', 'fraud-scoring', '10.42.27.66', 4096, 4,
               main_file='local:///opt/spark/jars/fraud-scoring-3.1.0.jar', main_class='com.acme.fraud.FraudScoring',
               operator=True)
NODES = {'A': ('ip-10-42-27-4.eu-west-1.compute.internal', '10.42.27.4', 'eu-west-1b'),
         'B': ('ip-10-42-39-210.eu-west-1.compute.internal', '10.42.39.210', 'eu-west-1c')}
EXECS = {'1': ('A', '10.42.27.90'), '2': ('B', '10.42.39.33')}
BM = {e: 31100 + int(e) * 997 for e in EXECS}
RPC = {e: 49900 + int(e) * 281 for e in EXECS}
DRIVER_CREATED = T('2026-12-01T07:40:17')
DRIVER_STARTED = T('2026-12-01T07:40:25')
APP_START = T('2026-12-01T07:40:29.031')
EXEC_CREATED = T('2026-12-01T07:40:33')
JOB0 = T('2026-12-01T07:41:12.655')
COLLECTED = T('2026-12-01T07:52:06')

CNFE_FRAMES = [
    'java.base/java.net.URLClassLoader.findClass(URLClassLoader.java:445)',
    'java.base/java.lang.ClassLoader.loadClass(ClassLoader.java:592)',
    'java.base/java.lang.ClassLoader.loadClass(ClassLoader.java:525)',
    'java.base/java.lang.Class.forName0(Native Method)',
    'java.base/java.lang.Class.forName(Class.java:467)',
    'org.apache.spark.serializer.JavaDeserializationStream$$anon$1.resolveClass(JavaSerializer.scala:71)',
    'java.base/java.io.ObjectInputStream.readNonProxyDesc(ObjectInputStream.java:2034)',
    'java.base/java.io.ObjectInputStream.readClassDesc(ObjectInputStream.java:1898)',
    'java.base/java.io.ObjectInputStream.readOrdinaryObject(ObjectInputStream.java:2224)',
    'java.base/java.io.ObjectInputStream.readObject0(ObjectInputStream.java:1733)',
    'java.base/java.io.ObjectInputStream.readArray(ObjectInputStream.java:2157)',
    'java.base/java.io.ObjectInputStream.readObject0(ObjectInputStream.java:1721)',
    'java.base/java.io.ObjectInputStream$FieldValues.<init>(ObjectInputStream.java:2606)',
    'java.base/java.io.ObjectInputStream.readOrdinaryObject(ObjectInputStream.java:2457)',
    'java.base/java.io.ObjectInputStream.readObject0(ObjectInputStream.java:1733)',
    'java.base/java.io.ObjectInputStream.readObject(ObjectInputStream.java:509)',
    'java.base/java.io.ObjectInputStream.readObject(ObjectInputStream.java:467)',
    'org.apache.spark.serializer.JavaDeserializationStream.readObject(JavaSerializer.scala:87)',
    'org.apache.spark.serializer.JavaSerializerInstance.deserialize(JavaSerializer.scala:129)',
    'org.apache.spark.scheduler.ResultTask.runTask(ResultTask.scala:85)',
] + EXECUTOR_TASK_FRAMES[1:]
CNFE = 'java.lang.ClassNotFoundException: com.acme.fraud.ScoringUdf'
CNFE_TRACE = stack(CNFE, CNFE_FRAMES)


def build():
    reset(OUT)
    rng = random.Random(31)
    sp = Spark(APP, 31)
    registered = {e: EXEC_CREATED + 9_900 + int(e) * 307 for e in EXECS}
    tasks, _, abort = simulate(rng, JOB0 + 41, [dict(id=e, registered=registered[e], cores=4) for e in EXECS], 64,
                               lambda i, a, e, l: (rng.randint(140, 420), 'FAILED', CNFE_TRACE + '\n'),
                               launch_gap=(1, 4))
    assert abort
    fails = [t for t in tasks if t['status'] == 'FAILED']
    culprit = [t for t in fails if sum(1 for u in fails if u['index'] == t['index']) >= 4][-1]
    app_end = abort + 2_300
    for e in EXECS:
        sp.executor(e, EXECS[e][1], registered[e], 4, 2388236697, port=RPC[e])
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    s0 = sp.stage(0, 'save at FraudScoring.scala:71', 'result', JOB0 + 5, tasks, completed=abort, num_tasks=64,
                  failure='__', rdd_ids=[5, 4, 3, 2, 1, 0],
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.fraud.FraudScoring$.main(FraudScoring.scala:71)')
    reason = ('Job aborted due to stage failure: Task %d in stage 0.0 failed 4 times, most recent failure: '
              'Lost task %d.3 in stage 0.0 (TID %d) (%s executor %s): %s\nDriver stacktrace:'
              % (culprit['index'], culprit['index'], culprit['tid'], EXECS[culprit['exec']][1], culprit['exec'], CNFE_TRACE))
    s0['failure'] = reason
    killed = [t for t in s0['tasks'] if t['status'] == 'KILLED']
    for t in killed:
        t['error'] = 'Stage cancelled: ' + reason
    if killed:
        s0['killed_summary'] = {'Stage cancelled: ' + reason: len(killed)}
    sp.job(0, 'save at FraudScoring.scala:71', [0], JOB0, abort, 'FAILED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, DRIVER_IMAGE, APP_START, executors=2, extra={
        'spark.kubernetes.driver.container.image': DRIVER_IMAGE,
        'spark.kubernetes.executor.container.image': EXEC_IMAGE,
        'spark.kubernetes.executor.deleteOnTermination': 'false'})
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 2)
    for e in EXECS:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    tl.add(registered['2'] + 25, 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    tl.add(JOB0 - 20, 'INFO', 'SparkContext', 'Starting job: save at FraudScoring.scala:71')
    stage_submit(tl, JOB0, 0, 'save at FraudScoring.scala:71', 0, 'ResultStage', 'save at FraudScoring.scala:71',
                 'MapPartitionsRDD[5] at save at FraudScoring.scala:71', 64)
    task_lines(tl, s0, sp.executors)
    for n, t in enumerate(sorted(fails, key=lambda t: t['launch'] + t['duration'])):
        when = t['launch'] + t['duration'] + 2
        ip = EXECS[t['exec']][1]
        if n == 0:
            tl.add(when, 'WARN', 'TaskSetManager', 'Lost task %d.%d in stage 0.0 (TID %d) (%s executor %s): %s'
                   % (t['index'], t['attempt'], t['tid'], ip, t['exec'], CNFE_TRACE))
        else:
            tl.add(when, 'INFO', 'TaskSetManager', 'Lost task %d.%d in stage 0.0 (TID %d) on %s, executor %s: '
                   'java.lang.ClassNotFoundException (com.acme.fraud.ScoringUdf) [duplicate %d]'
                   % (t['index'], t['attempt'], t['tid'], ip, t['exec'], n))
    tl.add(abort + 4, 'ERROR', 'TaskSetManager', 'Task %d in stage 0.0 failed 4 times; aborting job' % culprit['index'])
    tl.add(abort + 6, 'INFO', 'TaskSchedulerImpl', 'Cancelling stage 0')
    tl.add(abort + 6, 'INFO', 'TaskSchedulerImpl', 'Killing all running tasks in stage 0: Stage cancelled: ' + reason)
    tl.add(abort + 9, 'INFO', 'DAGScheduler', 'ResultStage 0 (save at FraudScoring.scala:71) failed in %.3f s due to %s'
           % ((abort - JOB0 - 5) / 1000.0, reason))
    tl.add(abort + 11, 'INFO', 'DAGScheduler', 'Job 0 failed: save at FraudScoring.scala:71, took %.3f s'
           % ((abort + 7 - JOB0) / 1000.0))
    exc = 'org.apache.spark.SparkException: ' + reason
    tl.add(abort + 12, 'ERROR', 'FileFormatWriter', 'Aborting job %s.' % uid('w' + APP['id']), stack(exc, DRIVER_ABORT_FRAMES))
    tl.raw(abort + 50, 'Exception in thread "main" ' + stack(exc, DRIVER_ABORT_FRAMES + WRITE_FRAMES + [
        'com.acme.fraud.FraudScoring$.main(FraudScoring.scala:71)', 'com.acme.fraud.FraudScoring.main(FraudScoring.scala)'])
           + '\nCaused by: ' + CNFE + '\n' + '\n'.join('\tat ' + f for f in CNFE_FRAMES[:6]) + '\n\t... 30 more')
    driver_shutdown(tl, APP, app_end)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'drvcnf')

    for e in EXECS:
        etl = Timeline()
        pod_name = '%s-exec-%s' % (APP['name'], e)
        executor_startup(etl, APP, registered[e] - 1300, e, pod_name, EXECS[e][1], BM[e], 4)
        executor_task_lines(etl, s0, e)
        for t in s0['tasks']:
            if t['exec'] == e and t['status'] == 'FAILED':
                etl.add(t['launch'] + t['duration'] - 3, 'ERROR', 'Executor', 'Exception in task %d.%d in stage 0.0 (TID %d)'
                        % (t['index'], t['attempt'], t['tid']), CNFE_TRACE)
            if t['exec'] == e and t['status'] == 'KILLED':
                etl.add(abort + 20, 'INFO', 'Executor', 'Executor is trying to kill task %d.%d in stage 0.0 (TID %d), '
                        'reason: Stage cancelled: Job aborted due to stage failure' % (t['index'], t['attempt'], t['tid']))
        executor_shutdown(etl, app_end + 40)
        write_log(OUT, pod_name, 'spark-kubernetes-executor', etl, 'excnf' + e)

    drv_finished = app_end + 1_150
    pods = [driver_pod_obj(APP, NODES['A'], DRIVER_CREATED, DRIVER_STARTED, DRIVER_IMAGE, finished=drv_finished,
                           exit_code=1, owner=operator_owner(APP))]
    exec_pods = [executor_pod_obj(APP, e, NODES[EXECS[e][0]], EXECS[e][1], EXEC_CREATED, EXEC_CREATED + 7_200,
                                  EXEC_IMAGE, end=app_end + 600) for e in EXECS]
    pods += exec_pods
    evs = lifecycle_events(APP, pods[:1], DRIVER_IMAGE) + lifecycle_events(APP, exec_pods, EXEC_IMAGE)
    evs += operator_events(APP, DRIVER_CREATED, DRIVER_STARTED + 2000, end=drv_finished + 800, failed=True,
                           error='driver container failed with ExitCode: 1, Reason: Error')
    nodes = [node(n[0], n[1], n[2], T('2026-11-29T21:18:40'), node_conditions(COLLECTED - 6_000),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752) for n in NODES.values()]
    sapp = sparkapplication_obj(APP, DRIVER_IMAGE, DRIVER_CREATED - 2000, {
        'driver': {'image': DRIVER_IMAGE}, 'executor': {'instances': 2, 'image': EXEC_IMAGE},
        'sparkConf': {'spark.kubernetes.executor.deleteOnTermination': 'false',
                      'spark.eventLog.dir': 's3a://acme-spark-logs/eventlogs', 'spark.eventLog.enabled': 'true'}},
        'FAILED', error='driver container failed with ExitCode: 1, Reason: Error',
        executor_states={'%s-exec-%s' % (APP['name'], e): 'COMPLETED' for e in EXECS}, terminated_at=drv_finished + 800)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    finish(OUT, APP, COLLECTED)


if __name__ == '__main__':
    build()
