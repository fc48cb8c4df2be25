"""Spark 3.5 log fragments (driver and executor) shared by the scenarios."""
from sparkgen import Log, entrypoint_lines, hexid, uid, iso_s, stack


class Timeline:
    """Log records keyed by time, rendered in order (stable for equal times)."""

    def __init__(self):
        self.items = []

    def add(self, ms, level, logger, msg, more=None):
        self.items.append((ms, len(self.items), ('rec', level, logger, msg, more)))

    def raw(self, ms, text):
        self.items.append((ms, len(self.items), ('raw', text)))

    def render(self, seed):
        log = Log(seed)
        for ms, _, it in sorted(self.items, key=lambda x: (x[0], x[1])):
            if it[0] == 'rec':
                log.rec(ms, it[1], it[2], it[3], it[4])
            else:
                log.raw(ms, it[1])
        return log.text()


def mib_gib(mib):
    return '%.1f GiB' % (mib / 1024.0) if mib >= 1024 else '%.1f MiB' % mib


def storage_mib(heap_mb):
    return (heap_mb - 300) * 0.6


def driver_startup(tl, app, t, executors_requested, python=True):
    """SparkContext start-up on a Kubernetes driver, through the executor requests."""
    drv = app['driver_host']
    tl.raw(t - 1500, 'Using Spark\'s default log4j profile: org/apache/spark/log4j2-defaults.properties')
    tl.add(t, 'INFO', 'SparkContext', 'Running Spark version 3.5.1')
    tl.add(t, 'INFO', 'SparkContext', 'OS info Linux, 5.10.227-219.884.amzn2.x86_64, amd64')
    tl.add(t, 'INFO', 'SparkContext', 'Java version 17.0.12')
    tl.add(t + 120, 'WARN', 'NativeCodeLoader', 'Unable to load native-hadoop library for your platform... using builtin-java classes where applicable')
    tl.add(t + 200, 'INFO', 'ResourceUtils', '==============================================================')
    tl.add(t + 200, 'INFO', 'ResourceUtils', 'No custom resources configured for spark.driver.')
    tl.add(t + 200, 'INFO', 'ResourceUtils', '==============================================================')
    tl.add(t + 210, 'INFO', 'SparkContext', 'Submitted application: %s' % app['name'])
    mem = app['executor_memory_mb']
    tl.add(t + 230, 'INFO', 'ResourceProfile',
           'Default ResourceProfile created, executor resources: Map(cores -> name: cores, amount: %d, script: , vendor: , '
           'memory -> name: memory, amount: %d, script: , vendor: , offHeap -> name: offHeap, amount: 0, script: , vendor: ), '
           'task resources: Map(cpus -> name: cpus, amount: 1.0)' % (app['executor_cores'], mem))
    tl.add(t + 231, 'INFO', 'ResourceProfile', 'Limiting resource is cpus at %d tasks per executor' % app['executor_cores'])
    tl.add(t + 232, 'INFO', 'ResourceProfileManager', 'Added ResourceProfile id: 0')
    tl.add(t + 280, 'INFO', 'SecurityManager', 'Changing view acls to: spark')
    tl.add(t + 280, 'INFO', 'SecurityManager', 'Changing modify acls to: spark')
    tl.add(t + 281, 'INFO', 'SecurityManager', 'Changing view acls groups to: ')
    tl.add(t + 281, 'INFO', 'SecurityManager', 'Changing modify acls groups to: ')
    tl.add(t + 282, 'INFO', 'SecurityManager', 'SecurityManager: authentication enabled; ui acls disabled; users with view permissions: spark; groups with view permissions: EMPTY; users with modify permissions: spark; groups with modify permissions: EMPTY')
    tl.add(t + 540, 'INFO', 'Utils', "Successfully started service 'sparkDriver' on port 7078.")
    tl.add(t + 570, 'INFO', 'SparkEnv', 'Registering MapOutputTracker')
    tl.add(t + 590, 'INFO', 'SparkEnv', 'Registering BlockManagerMaster')
    tl.add(t + 600, 'INFO', 'BlockManagerMasterEndpoint', 'Using org.apache.spark.storage.DefaultTopologyMapper for getting topology information')
    tl.add(t + 600, 'INFO', 'BlockManagerMasterEndpoint', 'BlockManagerMasterEndpoint up')
    tl.add(t + 603, 'INFO', 'SparkEnv', 'Registering BlockManagerMasterHeartbeat')
    tl.add(t + 620, 'INFO', 'DiskBlockManager', 'Created local directory at /var/data/spark-%s/blockmgr-%s' % (uid('ld' + app['driver_pod']), uid('bm' + app['id'])))
    dm = storage_mib(app['driver_memory_mb'])
    tl.add(t + 640, 'INFO', 'MemoryStore', 'MemoryStore started with capacity %s' % mib_gib(dm))
    tl.add(t + 660, 'INFO', 'SparkEnv', 'Registering OutputCommitCoordinator')
    tl.add(t + 790, 'INFO', 'JettyUtils', 'Start Jetty 0.0.0.0:4040 for SparkUI')
    tl.add(t + 850, 'INFO', 'Utils', "Successfully started service 'SparkUI' on port 4040.")
    tl.add(t + 1400, 'INFO', 'SparkKubernetesClientFactory', 'Auto-configuring K8S client using current context from users K8S config file')
    tl.add(t + 2900, 'INFO', 'ExecutorPodsAllocator',
           'Going to request %d executors from Kubernetes for ResourceProfile Id: 0, target: %d, known: 0, sharedSlotFromPendingPods: 2147483647.'
           % (executors_requested, executors_requested))
    tl.add(t + 2950, 'INFO', 'ExecutorPodsAllocator', 'Found 0 reusable PVCs from 0 PVCs')
    for _ in range(executors_requested):
        tl.add(t + 2960, 'INFO', 'BasicExecutorFeatureStep', 'Decommissioning not enabled, skipping shutdown script')
    tl.add(t + 3050, 'INFO', 'Utils', "Successfully started service 'org.apache.spark.network.netty.NettyBlockTransferService' on port 7079.")
    tl.add(t + 3050, 'INFO', 'NettyBlockTransferService', 'Server created on %s %s:7079' % (drv, app['driver_ip']))
    tl.add(t + 3052, 'INFO', 'BlockManager', 'Using org.apache.spark.storage.RandomBlockReplicationPolicy for block replication policy')
    bm = 'BlockManagerId(driver, %s, 7079, None)' % drv
    tl.add(t + 3060, 'INFO', 'BlockManagerMaster', 'Registering BlockManager %s' % bm)
    tl.add(t + 3064, 'INFO', 'BlockManagerMasterEndpoint', 'Registering block manager %s:7079 with %s RAM, %s' % (drv, mib_gib(dm), bm))
    tl.add(t + 3066, 'INFO', 'BlockManagerMaster', 'Registered BlockManager %s' % bm)
    tl.add(t + 3066, 'INFO', 'BlockManager', 'Initialized BlockManager: %s' % bm)
    tl.add(t + 3500, 'INFO', 'SingleEventLogFileWriter', 'Logging events to s3a://acme-spark-logs/eventlogs/%s.inprogress' % app['id'])
    tl.add(t + 3560, 'WARN', 'MetricsConfig', 'Cannot locate configuration: tried hadoop-metrics2-s3a-file-system.properties,hadoop-metrics2.properties')


def executor_registered(tl, app, t, eid, ip, rpc_port, bm_port):
    mem = storage_mib(app['executor_memory_mb'])
    tl.add(t, 'INFO', 'KubernetesClusterSchedulerBackend$KubernetesDriverEndpoint',
           'Registered executor NettyRpcEndpointRef(spark-client://Executor) (%s:%d) with ID %s,  ResourceProfileId 0' % (ip, rpc_port, eid))
    tl.add(t + 40, 'INFO', 'BlockManagerMasterEndpoint',
           'Registering block manager %s:%d with %s RAM, BlockManagerId(%s, %s, %d, None)' % (ip, bm_port, mib_gib(mem), eid, ip, bm_port))


def k8s_exit_message(eid, code, hint, image, started, finished, term_reason, pod_reason=None, pod_message=None):
    """ExecutorPodsLifecycleManager's loss reason for a failed executor pod (note the leading line break)."""
    lines = ['', 'The executor with id %s exited with exit code %d%s.' % (eid, code, hint),
             'The API gave the following brief reason: %s' % pod_reason if pod_reason else '',
             'The API gave the following message: %s' % pod_message if pod_message else '',
             '',
             'The API gave the following container statuses:',
             '',
             '\t container name: spark-kubernetes-executor',
             '\t container image: %s' % image,
             '\t container state: terminated',
             '\t container started at: %s' % iso_s(started),
             '\t container finished at: %s' % iso_s(finished),
             '\t exit code: %d' % code,
             '\t termination reason: %s' % term_reason,
             '      ']
    return '\n'.join(lines)


HINTS = {0: '(success)', 1: '(generic, look at logs to clarify)', 52: '(JVM OOM)',
         53: '(DiskStore failed to create temp dir)', 137: '(SIGKILL, possible container OOM)',
         143: '(unexpected)'}


def lost_executor(tl, app, t, eid, ip, reason, bm_port, epoch, running=(), caused_by_app=True, stage=None,
                  disable_first=True):
    """Driver lines for an executor lost for `reason` (multi-line allowed), with its running task attempts.

    running: list of (index, attempt, tid) of the stage `stage` ('1.0')."""
    if disable_first:
        tl.add(t - 400, 'INFO', 'KubernetesClusterSchedulerBackend$KubernetesDriverEndpoint', 'Disabling executor %s.' % eid)
    tl.add(t, 'ERROR', 'TaskSchedulerImpl', 'Lost executor %s on %s: %s' % (eid, ip, reason))
    head = 'exited caused by one of the running tasks' if caused_by_app else 'exited unrelated to the running tasks'
    for idx, att, tid in running:
        tl.add(t + 2, 'WARN', 'TaskSetManager',
               'Lost task %d.%d in stage %s (TID %d) (%s executor %s): ExecutorLostFailure (executor %s %s) Reason: %s'
               % (idx, att, stage, tid, ip, eid, eid, head, reason))
    tl.add(t + 5, 'INFO', 'DAGScheduler', 'Executor lost: %s (epoch %d)' % (eid, epoch))
    tl.add(t + 6, 'INFO', 'BlockManagerMasterEndpoint', 'Trying to remove executor %s from BlockManagerMaster.' % eid)
    tl.add(t + 6, 'INFO', 'BlockManagerMasterEndpoint', 'Removing block manager BlockManagerId(%s, %s, %d, None)' % (eid, ip, bm_port))
    tl.add(t + 7, 'INFO', 'BlockManagerMaster', 'Removed %s successfully in removeExecutor' % eid)
    tl.add(t + 8, 'INFO', 'DAGScheduler', 'Shuffle files lost for executor: %s (epoch %d)' % (eid, epoch))


def executor_startup(tl, app, t, eid, pod_name, ip, bm_port, cores):
    java = ('+ exec /usr/bin/tini -s -- /opt/java/openjdk/bin/java -Dspark.driver.port=7078 -Xms{m}m -Xmx{m}m '
            '-cp \'/opt/spark/conf::/opt/spark/jars/*:\' org.apache.spark.executor.CoarseGrainedExecutorBackend '
            '--driver-url spark://CoarseGrainedScheduler@{drv}:7078 --executor-id {e} --cores {c} --app-id {a} '
            '--hostname {ip} --resourceProfileId 0 --podName {p}').format(
        m=app['executor_memory_mb'], drv=app['driver_host'], e=eid, c=cores, a=app['id'], ip=ip, p=pod_name)
    tl.raw(t - 2200, entrypoint_lines('executor', java))
    tl.raw(t - 900, 'Using Spark\'s default log4j profile: org/apache/spark/log4j2-defaults.properties')
    tl.add(t, 'INFO', 'CoarseGrainedExecutorBackend', 'Started daemon with process name: 14@%s' % pod_name)
    for sig in ('TERM', 'HUP', 'INT'):
        tl.add(t + 5, 'INFO', 'SignalUtils', 'Registering signal handler for %s' % sig)
    tl.add(t + 310, 'WARN', 'NativeCodeLoader', 'Unable to load native-hadoop library for your platform... using builtin-java classes where applicable')
    tl.add(t + 420, 'INFO', 'SecurityManager', 'Changing view acls to: spark')
    tl.add(t + 420, 'INFO', 'SecurityManager', 'Changing modify acls to: spark')
    tl.add(t + 690, 'INFO', 'TransportClientFactory', 'Successfully created connection to %s/%s:7078 after 96 ms (0 ms spent in bootstraps)'
           % (app['driver_host'], app['driver_ip']))
    tl.add(t + 930, 'INFO', 'DiskBlockManager', 'Created local directory at /var/data/spark-%s/blockmgr-%s' % (uid('ld' + pod_name), uid('bm' + pod_name)))
    tl.add(t + 950, 'INFO', 'MemoryStore', 'MemoryStore started with capacity %s' % mib_gib(storage_mib(app['executor_memory_mb'])))
    tl.add(t + 1100, 'INFO', 'CoarseGrainedExecutorBackend', 'Connecting to driver: spark://CoarseGrainedScheduler@%s:7078' % app['driver_host'])
    tl.add(t + 1190, 'INFO', 'CoarseGrainedExecutorBackend', 'Successfully registered with driver')
    tl.add(t + 1200, 'INFO', 'Executor', 'Starting executor ID %s on host %s' % (eid, ip))
    tl.add(t + 1200, 'INFO', 'Executor', 'OS info Linux, 5.10.227-219.884.amzn2.x86_64, amd64')
    tl.add(t + 1200, 'INFO', 'Executor', 'Java version 17.0.12')
    tl.add(t + 1290, 'INFO', 'Utils', "Successfully started service 'org.apache.spark.network.netty.NettyBlockTransferService' on port %d." % bm_port)
    tl.add(t + 1290, 'INFO', 'NettyBlockTransferService', 'Server created on %s:%d' % (ip, bm_port))
    bm = 'BlockManagerId(%s, %s, %d, None)' % (eid, ip, bm_port)
    tl.add(t + 1300, 'INFO', 'BlockManagerMaster', 'Registering BlockManager %s' % bm)
    tl.add(t + 1330, 'INFO', 'BlockManagerMaster', 'Registered BlockManager %s' % bm)
    tl.add(t + 1330, 'INFO', 'BlockManager', 'Initialized BlockManager: %s' % bm)


def executor_shutdown(tl, t, commanded=True):
    if commanded:
        tl.add(t, 'INFO', 'CoarseGrainedExecutorBackend', 'Driver commanded a shutdown')
    tl.add(t + 30, 'INFO', 'MemoryStore', 'MemoryStore cleared')
    tl.add(t + 31, 'INFO', 'BlockManager', 'BlockManager stopped')
    tl.add(t + 60, 'INFO', 'ShutdownHookManager', 'Shutdown hook called')


def driver_shutdown(tl, app, t, exit_code=0, from_hook=True):
    if from_hook:
        tl.add(t, 'INFO', 'SparkContext', 'Invoking stop() from shutdown hook')
    tl.add(t, 'INFO', 'SparkContext', 'SparkContext is stopping with exitCode %d.' % exit_code)
    tl.add(t + 20, 'INFO', 'SparkUI', 'Stopped Spark web UI at http://%s:4040' % app['driver_host'])
    tl.add(t + 30, 'INFO', 'KubernetesClusterSchedulerBackend', 'Shutting down all executors')
    tl.add(t + 31, 'INFO', 'KubernetesClusterSchedulerBackend$KubernetesDriverEndpoint', 'Asking each executor to shut down')
    tl.add(t + 90, 'WARN', 'ExecutorPodsWatchSnapshotSource', 'Kubernetes client has been closed.')
    tl.add(t + 420, 'INFO', 'MapOutputTrackerMasterEndpoint', 'MapOutputTrackerMasterEndpoint stopped!')
    tl.add(t + 430, 'INFO', 'MemoryStore', 'MemoryStore cleared')
    tl.add(t + 431, 'INFO', 'BlockManager', 'BlockManager stopped')
    tl.add(t + 434, 'INFO', 'BlockManagerMaster', 'BlockManagerMaster stopped')
    tl.add(t + 436, 'INFO', 'OutputCommitCoordinator$OutputCommitCoordinatorEndpoint', 'OutputCommitCoordinator stopped!')
    tl.add(t + 450, 'INFO', 'SparkContext', 'Successfully stopped SparkContext')
    tl.add(t + 452, 'INFO', 'ShutdownHookManager', 'Shutdown hook called')
    tl.add(t + 453, 'INFO', 'ShutdownHookManager', 'Deleting directory /var/data/spark-%s/spark-%s' % (uid('ld' + app['driver_pod']), uid('sd' + app['id'])))


def stage_submit(tl, t, job_id, job_name, stage_id, stage_kind, stage_name, rdd, num_tasks, parents=(), final=True,
                 missing=()):
    """DAGScheduler/TaskSchedulerImpl lines when a job and its (single runnable) stage start."""
    if final:
        tl.add(t, 'INFO', 'DAGScheduler', 'Got job %d (%s) with %d output partitions' % (job_id, job_name, num_tasks))
        tl.add(t, 'INFO', 'DAGScheduler', 'Final stage: %s %d (%s)' % (stage_kind, stage_id, stage_name))
        tl.add(t, 'INFO', 'DAGScheduler', 'Parents of final stage: List(%s)' % ', '.join(parents))
        tl.add(t, 'INFO', 'DAGScheduler', 'Missing parents: List(%s)' % ', '.join(missing))
    tl.add(t + 2, 'INFO', 'DAGScheduler', 'Submitting %s %d (%s), which has no missing parents' % (stage_kind, stage_id, rdd))
    first = ', '.join(str(i) for i in range(min(15, num_tasks)))
    tl.add(t + 30, 'INFO', 'DAGScheduler', 'Submitting %d missing tasks from %s %d (%s) (first 15 tasks are for partitions Vector(%s))'
           % (num_tasks, stage_kind, stage_id, rdd, first))
    tl.add(t + 31, 'INFO', 'TaskSchedulerImpl', 'Adding task set %d.0 with %d tasks resource profile 0' % (stage_id, num_tasks))


def task_lines(tl, st, executors, skip_fail=False):
    """TaskSetManager start/finish lines for every attempt of a stage (failures are logged by the caller)."""
    done = 0
    total = st['num_tasks'] or len({t['index'] for t in st['tasks']})
    ends = sorted([t for t in st['tasks'] if t['status'] == 'SUCCESS'], key=lambda t: t['launch'] + t['duration'])
    order = {id(t): i + 1 for i, t in enumerate(ends)}
    for t in st['tasks']:
        ex = executors[t['exec']]
        kind = t.get('locality', 'PROCESS_LOCAL' if st['kind'] == 'scan' else 'NODE_LOCAL')
        tl.add(t['launch'], 'INFO', 'TaskSetManager',
               'Starting task %d.%d in stage %d.%d (TID %d) (%s, executor %s, partition %d, %s, %d bytes) '
               % (t['index'], t['attempt'], st['stage_id'], st['attempt'], t['tid'], ex['host'], t['exec'],
                  t['index'], kind, 9100 + (t['index'] * 7) % 300))
        if t['status'] == 'SUCCESS':
            tl.add(t['launch'] + t['duration'], 'INFO', 'TaskSetManager',
                   'Finished task %d.%d in stage %d.%d (TID %d) in %d ms on %s (executor %s) (%d/%d)'
                   % (t['index'], t['attempt'], st['stage_id'], st['attempt'], t['tid'], t['duration'], ex['host'],
                      t['exec'], order[id(t)], total))


def executor_task_lines(tl, st, eid, input_path=None, python=False, write=True):
    """Executor-side lines for the attempts it ran (Running/Finished; failures are logged by the caller)."""
    for t in st['tasks']:
        if t['exec'] != eid:
            continue
        name = 'task %d.%d in stage %d.%d (TID %d)' % (t['index'], t['attempt'], st['stage_id'], st['attempt'], t['tid'])
        tl.add(t['launch'] + 3, 'INFO', 'Executor', 'Running %s' % name)
        if input_path:
            size = t.get('file_size', 180_000_000 + (t['index'] * 7919) % 90_000_000)
            tl.add(t['launch'] + 160, 'INFO', 'FileScanRDD', 'Reading File path: %s, range: 0-%d, partition values: [empty row]'
                   % (input_path(t['index']), size))
        if t['status'] == 'SUCCESS':
            end = t['launch'] + t['duration']
            if python:
                tl.add(end - 90, 'INFO', 'PythonRunner', 'Times: total = %d, boot = %d, init = %d, finish = %d'
                       % (t['duration'] - 400, 310 + t['index'] % 40, 1200 + t['index'] % 300, t['duration'] - 2000))
            if write:
                tl.add(end - 30, 'INFO', 'FileOutputCommitter', 'Saved output of task \'attempt_%s_%04d_m_%06d_%d\' to s3a://acme-data-lake/_temporary'
                       % (hexid('job' + str(st['stage_id']), 14), st['stage_id'], t['index'], t['tid']))
                tl.add(end - 29, 'INFO', 'SparkHadoopMapRedUtil', 'attempt_%s_%04d_m_%06d_%d: Committed. Elapsed time: %d ms.'
                       % (hexid('job' + str(st['stage_id']), 14), st['stage_id'], t['index'], t['tid'], 20 + t['index'] % 70))
            tl.add(end, 'INFO', 'Executor', 'Finished %s. %d bytes result sent to driver' % (name, 2900 + t['index'] % 400))
