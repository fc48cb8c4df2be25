"""executor-oom-pods-deleted: container OOM kills known only from the driver log; no REST data, executor pods
deleted by Spark (deleteOnTermination defaults to true)."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/executor-oom-pods-deleted/bundle')
IMAGE = 'registry.acme.io/ml/spark:3.5.1-java17-features-4.0.2'
APP = make_app('spark-a7c3e9f15b8d4260a4f1c6e8d2b9073e', 'ml-feature-join', '10.42.50.18', 6144, 4,
               main_file='local:///opt/spark/jars/ml-feature-join-4.0.2.jar', main_class='com.acme.ml.FeatureJoin')
NODES = {
    'A': ('ip-10-42-50-7.eu-west-1.compute.internal', '10.42.50.7', 'eu-west-1a'),
    'B': ('ip-10-42-61-33.eu-west-1.compute.internal', '10.42.61.33', 'eu-west-1b'),
    'C': ('ip-10-42-72-150.eu-west-1.compute.internal', '10.42.72.150', 'eu-west-1c'),
}
EXECS = {'1': ('A', '10.42.50.92'), '2': ('B', '10.42.61.120'), '3': ('B', '10.42.61.45'), '4': ('C', '10.42.72.19'),
         '5': ('C', '10.42.72.201'), '6': ('A', '10.42.50.166'), '7': ('B', '10.42.61.230')}
BM = {e: 33300 + int(e) * 947 for e in EXECS}
RPC = {e: 47700 + int(e) * 311 for e in EXECS}
DRIVER_CREATED = T('2026-10-02T22:30:04')
DRIVER_STARTED = T('2026-10-02T22:30:12')
APP_START = T('2026-10-02T22:30:16.351')
EXEC_CREATED = T('2026-10-02T22:30:20')
JOB0 = T('2026-10-02T22:31:58.207')
COLLECTED = T('2026-10-02T23:28:44')
LIMIT = 6144 + 614


def build():
    reset(OUT)
    rng = random.Random(61)
    sp = Spark(APP, 61)   # only used for task ids and the task lines of the driver log
    registered = {e: EXEC_CREATED + 9_500 + int(e) * 281 for e in '1234'}

    def plan(index, attempt, eid, launch):
        if index == 31:
            return rng.randint(392_000, 418_000), 'KILLEXEC', None
        return rng.randint(140_000, 240_000), 'SUCCESS', None

    def replace(dead, now):
        nid = str(len(registered) + 1)
        if len(registered) >= 7:
            return None
        registered[nid] = now + 11_800 + rng.randint(0, 700)
        return dict(id=nid, registered=registered[nid], cores=4)

    t0 = JOB0
    tasks, losses, abort = simulate(rng, JOB0 + 2_400 + 39, [dict(id=e, registered=registered[e], cores=4) for e in '1234'],
                                    120, plan, replace=replace)
    kill_at = {e: t for t, e, _ in losses}
    created = {e: (EXEC_CREATED if e in '1234' else registered[e] - 10_100) for e in registered}
    for e in registered:
        sp.executor(e, EXECS[e][1], registered[e], 4, 3713573110, port=RPC[e])
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    s0 = sp.stage(0, 'count at FeatureJoin.scala:61', 'result', t0 + 4,
                  [dict(index=0, exec='1', launch=t0 + 50, duration=2_187, status='SUCCESS')])
    job1 = t0 + 2_400
    s1 = sp.stage(1, 'save at FeatureJoin.scala:88', 'scan', job1 + 5, tasks, num_tasks=120)
    for t in tasks:
        if t['status'] == 'FAILED':
            e = t['exec']
            t['reason'] = k8s_exit_message(e, 137, HINTS[137], IMAGE, created[e] + 7_000, kill_at[e], 'OOMKilled')
    last = [t for t in tasks if t['index'] == 31 and t['status'] == 'FAILED'][-1]
    reason = ('Job aborted due to stage failure: Task 31 in stage 1.0 failed 4 times, most recent failure: '
              'Lost task 31.%d in stage 1.0 (TID %d) (%s executor %s): ExecutorLostFailure (executor %s exited caused '
              'by one of the running tasks) Reason: %s\nDriver stacktrace:'
              % (last['attempt'], last['tid'], EXECS[last['exec']][1], last['exec'], last['exec'], last['reason']))
    app_end = abort + 1_900

    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 4)
    for e in registered:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    tl.add(registered['4'] + 25, 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    stage_submit(tl, t0, 0, 'count at FeatureJoin.scala:61', 0, 'ResultStage', 'count at FeatureJoin.scala:61',
                 'MapPartitionsRDD[4] at count at FeatureJoin.scala:61', 1)
    task_lines(tl, s0, sp.executors)
    stage_finished_lines(tl, t0 + 2_250, 0, 'ResultStage', 'count at FeatureJoin.scala:61', t0 + 4, 0,
                         'count at FeatureJoin.scala:61', t0)
    tl.add(job1 - 20, 'INFO', 'SparkContext', 'Starting job: save at FeatureJoin.scala:88')
    stage_submit(tl, job1, 1, 'save at FeatureJoin.scala:88', 1, 'ResultStage', 'save at FeatureJoin.scala:88',
                 'MapPartitionsRDD[9] at save at FeatureJoin.scala:88', 120)
    task_lines(tl, s1, sp.executors)
    for n, (t_kill, e, lost) in enumerate(losses):
        r = k8s_exit_message(e, 137, HINTS[137], IMAGE, created[e] + 7_000, t_kill, 'OOMKilled')
        lost_executor(tl, APP, t_kill + 1_000, e, EXECS[e][1], r, BM[e], n + 1,
                      [(t['index'], t['attempt'], t['tid']) for t in lost], stage='1.0')
        if n < len(losses) - 1:
            tl.add(t_kill + 1_900, 'INFO', 'ExecutorPodsAllocator',
                   'Going to request 1 executors from Kubernetes for ResourceProfile Id: 0, target: 4, known: 3, sharedSlotFromPendingPods: 2147483647.')
            tl.add(t_kill + 1_950, 'INFO', 'BasicExecutorFeatureStep', 'Decommissioning not enabled, skipping shutdown script')
    tl.add(abort, 'ERROR', 'TaskSetManager', 'Task 31 in stage 1.0 failed 4 times; aborting job')
    tl.add(abort + 2, 'INFO', 'TaskSchedulerImpl', 'Removed TaskSet 1.0, whose tasks have all completed, from pool ')
    tl.add(abort + 3, 'INFO', 'TaskSchedulerImpl', 'Cancelling stage 1')
    tl.add(abort + 3, 'INFO', 'TaskSchedulerImpl', 'Killing all running tasks in stage 1: Stage cancelled: ' + reason)
    tl.add(abort + 5, 'INFO', 'DAGScheduler', 'ResultStage 1 (save at FeatureJoin.scala:88) failed in %.3f s due to %s'
           % ((abort - job1) / 1000.0, reason))
    tl.add(abort + 7, 'INFO', 'DAGScheduler', 'Job 1 failed: save at FeatureJoin.scala:88, took %.3f s'
           % ((abort + 7 - job1) / 1000.0))
    exc = 'org.apache.spark.SparkException: ' + reason
    tl.add(abort + 12, 'ERROR', 'FileFormatWriter', 'Aborting job %s.' % uid('w' + APP['id']), stack(exc, DRIVER_ABORT_FRAMES))
    tl.raw(abort + 60, 'Exception in thread "main" ' + stack(exc, DRIVER_ABORT_FRAMES + WRITE_FRAMES + [
        'com.acme.ml.FeatureJoin$.main(FeatureJoin.scala:88)',
        'com.acme.ml.FeatureJoin.main(FeatureJoin.scala)',
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
    ]))
    driver_shutdown(tl, APP, app_end)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'drvpd')

    drv_finished = app_end + 1_200
    pods = [driver_pod_obj(APP, NODES['A'], DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=drv_finished, exit_code=1)]
    exec_pods = [executor_pod_obj(APP, e, NODES[EXECS[e][0]], EXECS[e][1], created[e], created[e] + 7_000, IMAGE,
                                  end=kill_at.get(e, app_end + 500), limit_mib=LIMIT) for e in registered]
    evs = lifecycle_events(APP, pods + exec_pods, IMAGE)
    for e, t_kill in kill_at.items():
        nname = NODES[EXECS[e][0]][0]
        evs.append(event(APP, 'Node', nname, 'OOMKilling',
                         'Memory cgroup out of memory: Killed process %d (java) total-vm:14911772kB, anon-rss:%dkB, '
                         'file-rss:36312kB, shmem-rss:0kB, UID:185 pgtables:14480kB oom_score_adj:946'
                         % (30000 + int(hexid('p' + e, 3), 16) % 5000, 6_900_000 + int(e) * 1_731),
                         t_kill, type_='Warning', component='kernel-monitor', host=nname, involved_uid=nname,
                         reporting='kernel-monitor'))
    nodes = [node(n[0], n[1], n[2], T('2026-09-30T10:03:27'), node_conditions(COLLECTED - 5_500),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752) for n in NODES.values()]
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes)
    errors = [{'path': 'spark/%s/application.json' % APP['id'],
               'source': 'GET http://%s:4040/api/v1/applications/%s' % (APP['driver_host'], APP['id']),
               'status': 'error',
               'error': 'dial tcp %s:4040: connect: connection refused (the driver has exited; no History Server configured)'
                        % APP['driver_ip']}]
    finish(OUT, APP, COLLECTED, errors)


if __name__ == '__main__':
    build()
