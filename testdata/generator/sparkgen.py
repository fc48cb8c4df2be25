"""Builds incident bundles in upstream formats (kubectl JSON, Spark REST v1, kubectl logs)."""
import calendar
import hashlib
import json
import os
import random
import shutil
import time

# ---------------------------------------------------------------- time helpers


def T(s):
    """'2026-11-21T06:08:10.412' (UTC) -> epoch ms."""
    frac = 0
    if '.' in s:
        s, f = s.split('.')
        frac = int((f + '000')[:3])
    st = time.strptime(s, '%Y-%m-%dT%H:%M:%S')
    return calendar.timegm(st) * 1000 + frac


def iso_s(ms):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(ms // 1000))


def rest_time(ms):
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(ms // 1000)) + '.%03dGMT' % (ms % 1000)


def log4j_time(ms):
    return time.strftime('%y/%m/%d %H:%M:%S', time.gmtime(ms // 1000))


def hexid(seed, n=32):
    h = hashlib.sha256(seed.encode()).hexdigest()
    while len(h) < n:
        h += hashlib.sha256(h.encode()).hexdigest()
    return h[:n]


def uid(seed):
    h = hexid('uid' + seed)
    return '%s-%s-%s-%s-%s' % (h[:8], h[8:12], '4' + h[13:16], '8' + h[17:20], h[20:32])


# ---------------------------------------------------------------- logs


class Log:
    """A container log as `kubectl logs --timestamps` prints it."""

    def __init__(self, seed):
        self.lines = []
        self.rng = random.Random(seed)
        self.last_ns = 0

    def _stamp(self, ms):
        ns = ms * 1_000_000 + self.rng.randint(0, 999_999)
        if ns <= self.last_ns:
            ns = self.last_ns + self.rng.randint(1_000, 90_000)
        self.last_ns = ns
        sec, rem = divmod(ns, 1_000_000_000)
        return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(sec)) + '.%09dZ' % rem

    def raw(self, ms, text):
        for line in text.split('\n'):
            self.lines.append(self._stamp(ms) + ' ' + line)

    def rec(self, ms, level, logger, msg, more=None):
        """One log4j record: 'yy/MM/dd HH:mm:ss LEVEL Logger: msg' plus continuation lines."""
        text = '%s %s %s: %s' % (log4j_time(ms), level, logger, msg)
        if more:
            text += '\n' + more
        self.raw(ms, text)

    def text(self):
        return '\n'.join(self.lines) + '\n'


def stack(exc, frames, causes=(), more=None):
    """A Java stack trace: 'exc' line, '\tat' frames, 'Caused by:' blocks."""
    out = [exc] + ['\tat ' + f for f in frames]
    if more:
        out.append('\t... %d more' % more)
    for c_exc, c_frames, c_more in causes:
        out.append('Caused by: ' + c_exc)
        out += ['\tat ' + f for f in c_frames]
        if c_more:
            out.append('\t... %d more' % c_more)
    return '\n'.join(out)


EXECUTOR_TASK_FRAMES = [
    'org.apache.spark.scheduler.ResultTask.runTask(ResultTask.scala:93)',
    'org.apache.spark.TaskContext.runTaskWithListeners(TaskContext.scala:166)',
    'org.apache.spark.scheduler.Task.run(Task.scala:141)',
    'org.apache.spark.executor.Executor$TaskRunner.$anonfun$run$4(Executor.scala:620)',
    'org.apache.spark.util.SparkErrorUtils.tryWithSafeFinally(SparkErrorUtils.scala:64)',
    'org.apache.spark.util.SparkErrorUtils.tryWithSafeFinally$(SparkErrorUtils.scala:61)',
    'org.apache.spark.util.Utils$.tryWithSafeFinally(Utils.scala:94)',
    'org.apache.spark.executor.Executor$TaskRunner.run(Executor.scala:623)',
    'java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)',
    'java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)',
    'java.base/java.lang.Thread.run(Thread.java:840)',
]

SHUFFLE_MAP_FRAMES = [
    'org.apache.spark.shuffle.ShuffleWriteProcessor.write(ShuffleWriteProcessor.scala:59)',
    'org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:104)',
    'org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:54)',
] + EXECUTOR_TASK_FRAMES[1:]

DRIVER_ABORT_FRAMES = [
    'org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2856)',
    'org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2(DAGScheduler.scala:2792)',
    'org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2$adapted(DAGScheduler.scala:2791)',
    'scala.collection.mutable.ResizableArray.foreach(ResizableArray.scala:62)',
    'scala.collection.mutable.ResizableArray.foreach$(ResizableArray.scala:55)',
    'scala.collection.mutable.ArrayBuffer.foreach(ArrayBuffer.scala:49)',
    'org.apache.spark.scheduler.DAGScheduler.abortStage(DAGScheduler.scala:2791)',
    'org.apache.spark.scheduler.DAGScheduler.$anonfun$handleTaskSetFailed$1(DAGScheduler.scala:1247)',
    'org.apache.spark.scheduler.DAGScheduler.$anonfun$handleTaskSetFailed$1$adapted(DAGScheduler.scala:1247)',
    'scala.Option.foreach(Option.scala:407)',
    'org.apache.spark.scheduler.DAGScheduler.handleTaskSetFailed(DAGScheduler.scala:1247)',
    'org.apache.spark.scheduler.DAGSchedulerEventProcessLoop.doOnReceive(DAGScheduler.scala:3060)',
    'org.apache.spark.scheduler.DAGSchedulerEventProcessLoop.onReceive(DAGScheduler.scala:2994)',
    'org.apache.spark.scheduler.DAGSchedulerEventProcessLoop.onReceive(DAGScheduler.scala:2983)',
    'org.apache.spark.util.EventLoop$$anon$1.run(EventLoop.scala:49)',
    'org.apache.spark.scheduler.DAGScheduler.runJob(DAGScheduler.scala:989)',
    'org.apache.spark.SparkContext.runJob(SparkContext.scala:2398)',
]

WRITE_FRAMES = [
    'org.apache.spark.sql.execution.datasources.FileFormatWriter$.executeWrite(FileFormatWriter.scala:233)',
    'org.apache.spark.sql.execution.datasources.FileFormatWriter$.$anonfun$write$1(FileFormatWriter.scala:192)',
    'org.apache.spark.sql.execution.datasources.FileFormatWriter$.write(FileFormatWriter.scala:189)',
    'org.apache.spark.sql.execution.datasources.InsertIntoHadoopFsRelationCommand.run(InsertIntoHadoopFsRelationCommand.scala:195)',
    'org.apache.spark.sql.execution.command.DataWritingCommandExec.sideEffectResult$lzycompute(commands.scala:113)',
    'org.apache.spark.sql.execution.command.DataWritingCommandExec.sideEffectResult(commands.scala:111)',
    'org.apache.spark.sql.execution.command.DataWritingCommandExec.executeCollect(commands.scala:125)',
    'org.apache.spark.sql.execution.QueryExecution$$anonfun$eagerlyExecuteCommands$1.$anonfun$applyOrElse$1(QueryExecution.scala:107)',
    'org.apache.spark.sql.execution.SQLExecution$.$anonfun$withNewExecutionId$6(SQLExecution.scala:125)',
    'org.apache.spark.sql.execution.SQLExecution$.withSQLConfPropagated(SQLExecution.scala:201)',
    'org.apache.spark.sql.execution.SQLExecution$.$anonfun$withNewExecutionId$1(SQLExecution.scala:108)',
    'org.apache.spark.sql.SparkSession.withActive(SparkSession.scala:900)',
    'org.apache.spark.sql.execution.SQLExecution$.withNewExecutionId(SQLExecution.scala:66)',
    'org.apache.spark.sql.execution.QueryExecution$$anonfun$eagerlyExecuteCommands$1.applyOrElse(QueryExecution.scala:107)',
    'org.apache.spark.sql.execution.QueryExecution$$anonfun$eagerlyExecuteCommands$1.applyOrElse(QueryExecution.scala:98)',
    'org.apache.spark.sql.catalyst.trees.TreeNode.$anonfun$transformDownWithPruning$1(TreeNode.scala:461)',
    'org.apache.spark.sql.catalyst.trees.CurrentOrigin$.withOrigin(origin.scala:76)',
    'org.apache.spark.sql.catalyst.trees.TreeNode.transformDownWithPruning(TreeNode.scala:461)',
    'org.apache.spark.sql.execution.QueryExecution.eagerlyExecuteCommands(QueryExecution.scala:98)',
    'org.apache.spark.sql.execution.QueryExecution.commandExecuted$lzycompute(QueryExecution.scala:85)',
    'org.apache.spark.sql.execution.QueryExecution.commandExecuted(QueryExecution.scala:83)',
    'org.apache.spark.sql.execution.QueryExecution.assertCommandExecuted(QueryExecution.scala:142)',
    'org.apache.spark.sql.DataFrameWriter.runCommand(DataFrameWriter.scala:859)',
    'org.apache.spark.sql.DataFrameWriter.saveToV1Source(DataFrameWriter.scala:388)',
    'org.apache.spark.sql.DataFrameWriter.saveInternal(DataFrameWriter.scala:361)',
    'org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)',
]

PY4J_FRAMES = [
    'org.apache.spark.sql.DataFrameWriter.parquet(DataFrameWriter.scala:792)',
    'java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
    'java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:77)',
    'java.base/jdk.internal.reflect.DelegatingMethodAccessorImpl.invoke(DelegatingMethodAccessorImpl.java:43)',
    'java.base/java.lang.reflect.Method.invoke(Method.java:568)',
    'py4j.reflection.MethodInvoker.invoke(MethodInvoker.java:244)',
    'py4j.reflection.ReflectionEngine.invoke(ReflectionEngine.java:374)',
    'py4j.Gateway.invoke(Gateway.java:282)',
    'py4j.commands.AbstractCommand.invokeMethod(AbstractCommand.java:132)',
    'py4j.commands.CallCommand.execute(CallCommand.java:79)',
    'py4j.ClientServerConnection.waitForCommands(ClientServerConnection.java:182)',
    'py4j.ClientServerConnection.run(ClientServerConnection.java:106)',
    'java.base/java.lang.Thread.run(Thread.java:840)',
]


def entrypoint_lines(role, java_cmd):
    """The `set -x` trace the Spark image's entrypoint.sh prints before the JVM starts."""
    return '\n'.join([
        '++ id -u',
        '+ myuid=185',
        '++ id -g',
        '+ mygid=0',
        '+ set +e',
        '++ getent passwd 185',
        '+ uidentry=spark:x:185:185::/home/spark:/bin/sh',
        '+ set -e',
        '+ \'[\' -z spark:x:185:185::/home/spark:/bin/sh \']\'',
        '+ \'[\' -z /opt/java/openjdk \']\'',
        '+ SPARK_CLASSPATH=\':/opt/spark/jars/*\'',
        '+ env',
        '+ grep SPARK_JAVA_OPT_',
        '+ sort -t_ -k4 -n',
        '+ sed \'s/[^=]*=\\(.*\\)/\\1/g\'',
        '+ case "$1" in',
        '+ shift 1',
        java_cmd,
    ])


# ---------------------------------------------------------------- kubernetes objects

NODE_POOL = 'spark-r6i'


def node(name, ip, zone, created, conditions, instance='r6i.2xlarge', cpu='8',
         mem_ki=65030580, alloc_mem_ki=63253940, taints=None, unschedulable=False):
    """A core/v1 Node as `kubectl get nodes -o json` prints it."""
    n = {
        'apiVersion': 'v1',
        'kind': 'Node',
        'metadata': {
            'annotations': {
                'alpha.kubernetes.io/provided-node-ip': ip,
                'node.alpha.kubernetes.io/ttl': '0',
                'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
            },
            'creationTimestamp': iso_s(created),
            'labels': {
                'beta.kubernetes.io/arch': 'amd64',
                'beta.kubernetes.io/instance-type': instance,
                'beta.kubernetes.io/os': 'linux',
                'eks.amazonaws.com/capacityType': 'ON_DEMAND',
                'eks.amazonaws.com/nodegroup': NODE_POOL,
                'failure-domain.beta.kubernetes.io/region': 'eu-west-1',
                'failure-domain.beta.kubernetes.io/zone': zone,
                'kubernetes.io/arch': 'amd64',
                'kubernetes.io/hostname': name,
                'kubernetes.io/os': 'linux',
                'node.kubernetes.io/instance-type': instance,
                'topology.kubernetes.io/region': 'eu-west-1',
                'topology.kubernetes.io/zone': zone,
                'workload': 'spark',
            },
            'name': name,
            'resourceVersion': str(int(hexid(name, 6), 16) % 90000000 + 1000000),
            'uid': uid(name),
        },
        'spec': {
            'providerID': 'aws:///%s/i-0%s' % (zone, hexid('i' + name, 16)),
        },
        'status': {
            'addresses': [
                {'address': ip, 'type': 'InternalIP'},
                {'address': name, 'type': 'InternalDNS'},
                {'address': name, 'type': 'Hostname'},
            ],
            'allocatable': {'cpu': '7910m', 'ephemeral-storage': '95551679124',
                            'hugepages-1Gi': '0', 'hugepages-2Mi': '0',
                            'memory': '%dKi' % alloc_mem_ki, 'pods': '58'},
            'capacity': {'cpu': cpu, 'ephemeral-storage': '104845292Ki',
                         'hugepages-1Gi': '0', 'hugepages-2Mi': '0',
                         'memory': '%dKi' % mem_ki, 'pods': '58'},
            'conditions': conditions,
            'daemonEndpoints': {'kubeletEndpoint': {'Port': 10250}},
            'nodeInfo': {
                'architecture': 'amd64',
                'bootID': uid('boot' + name),
                'containerRuntimeVersion': 'containerd://1.7.22',
                'kernelVersion': '5.10.227-219.884.amzn2.x86_64',
                'kubeProxyVersion': 'v1.30.4-eks-a737599',
                'kubeletVersion': 'v1.30.4-eks-a737599',
                'machineID': hexid('m' + name),
                'operatingSystem': 'linux',
                'osImage': 'Amazon Linux 2',
                'systemUUID': 'ec2' + hexid('s' + name, 5) + '-' + uid('sys' + name)[9:],
            },
        },
    }
    if taints:
        n['spec']['taints'] = taints
    if unschedulable:
        n['spec']['unschedulable'] = True
    return n


def node_conditions(heartbeat, ready=True, since=None, memory_pressure=False,
                    disk_pressure=False, not_ready_reason=None, pressure_since=None):
    since = since or heartbeat - 86400000 * 3
    ps = pressure_since or since
    conds = [
        {'lastHeartbeatTime': iso_s(heartbeat), 'lastTransitionTime': iso_s(ps if memory_pressure else since),
         'message': 'kubelet has insufficient memory available' if memory_pressure else 'kubelet has sufficient memory available',
         'reason': 'KubeletHasInsufficientMemory' if memory_pressure else 'KubeletHasSufficientMemory',
         'status': 'True' if memory_pressure else 'False', 'type': 'MemoryPressure'},
        {'lastHeartbeatTime': iso_s(heartbeat), 'lastTransitionTime': iso_s(ps if disk_pressure else since),
         'message': 'kubelet has disk pressure' if disk_pressure else 'kubelet has no disk pressure',
         'reason': 'KubeletHasDiskPressure' if disk_pressure else 'KubeletHasNoDiskPressure',
         'status': 'True' if disk_pressure else 'False', 'type': 'DiskPressure'},
        {'lastHeartbeatTime': iso_s(heartbeat), 'lastTransitionTime': iso_s(since),
         'message': 'kubelet has sufficient PID available', 'reason': 'KubeletHasSufficientPID',
         'status': 'False', 'type': 'PIDPressure'},
        {'lastHeartbeatTime': iso_s(heartbeat), 'lastTransitionTime': iso_s(since),
         'message': 'kubelet is posting ready status', 'reason': 'KubeletReady',
         'status': 'True', 'type': 'Ready'},
    ]
    if not ready:
        # What the node lifecycle controller writes when the kubelet goes silent.
        for c in conds:
            c['lastTransitionTime'] = iso_s(not_ready_reason)
            c['message'] = 'Kubelet stopped posting node status.'
            c['reason'] = 'NodeStatusUnknown'
            c['status'] = 'Unknown'
    return conds


def pod(app, name, role, exec_id, node_name, node_ip, pod_ip, created, started, containers_status,
        phase, memory_mib, cpu, image, env_extra=(), reason=None, message=None, deletion=None,
        labels_extra=None, conditions=None, owner=None, args=None):
    """A Spark driver or executor Pod as `kubectl get pods -o json` prints it."""
    ns = app['namespace']
    labels = {
        'spark-app-name': app['name'],
        'spark-app-selector': app['id'],
        'spark-role': role,
        'spark-version': app.get('spark_version', '3.5.1'),
    }
    if role == 'executor':
        labels['spark-exec-id'] = str(exec_id)
        labels['spark-exec-resourceprofile-id'] = '0'
    if app.get('operator') and role == 'driver':
        labels['sparkoperator.k8s.io/app-name'] = app['name']
        labels['sparkoperator.k8s.io/launched-by-spark-operator'] = 'true'
        labels['sparkoperator.k8s.io/submission-id'] = uid('sub' + app['id'])
    if app.get('operator') and role == 'executor':
        labels['sparkoperator.k8s.io/app-name'] = app['name']
        labels['sparkoperator.k8s.io/launched-by-spark-operator'] = 'true'
    if labels_extra:
        labels.update(labels_extra)
    cname = 'spark-kubernetes-driver' if role == 'driver' else 'spark-kubernetes-executor'
    env = [
        {'name': 'SPARK_USER', 'value': 'spark'},
        {'name': 'SPARK_APPLICATION_ID', 'value': app['id']},
    ]
    if role == 'driver':
        env += [
            {'name': 'SPARK_DRIVER_BIND_ADDRESS', 'valueFrom': {'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'status.podIP'}}},
            {'name': 'SPARK_LOCAL_DIRS', 'value': '/var/data/spark-%s' % uid('ld' + name)},
            {'name': 'SPARK_CONF_DIR', 'value': '/opt/spark/conf'},
        ]
        ports = [
            {'containerPort': 7078, 'name': 'driver-rpc-port', 'protocol': 'TCP'},
            {'containerPort': 7079, 'name': 'blockmanager', 'protocol': 'TCP'},
            {'containerPort': 4040, 'name': 'spark-ui', 'protocol': 'TCP'},
        ]
        mounts = [
            {'mountPath': '/var/data/spark-%s' % uid('ld' + name), 'name': 'spark-local-dir-1'},
            {'mountPath': '/opt/spark/conf', 'name': 'spark-conf-volume-driver'},
        ]
        volumes = [
            {'emptyDir': {}, 'name': 'spark-local-dir-1'},
            {'configMap': {'defaultMode': 420, 'items': [{'key': 'spark.properties', 'mode': 420, 'path': 'spark.properties'}],
                           'name': 'spark-drv-%s-conf-map' % hexid('cm' + app['id'], 16)},
             'name': 'spark-conf-volume-driver'},
        ]
        args = args or ['driver', '--properties-file', '/opt/spark/conf/spark.properties', '--class',
                        app.get('main_class', 'org.apache.spark.deploy.PythonRunner'), app['main_file']]
    else:
        env += [
            {'name': 'SPARK_DRIVER_URL', 'value': 'spark://CoarseGrainedScheduler@%s:7078' % app['driver_host']},
            {'name': 'SPARK_EXECUTOR_CORES', 'value': str(cpu)},
            {'name': 'SPARK_EXECUTOR_MEMORY', 'value': app['executor_memory']},
            {'name': 'SPARK_EXECUTOR_ID', 'value': str(exec_id)},
            {'name': 'SPARK_RESOURCE_PROFILE_ID', 'value': '0'},
            {'name': 'SPARK_EXECUTOR_POD_IP', 'valueFrom': {'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'status.podIP'}}},
            {'name': 'SPARK_EXECUTOR_POD_NAME', 'valueFrom': {'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'metadata.name'}}},
            {'name': 'SPARK_JAVA_OPT_0', 'value': '-Dspark.driver.port=7078'},
            {'name': 'SPARK_LOCAL_DIRS', 'value': '/var/data/spark-%s' % uid('ld' + name)},
        ]
        ports = [{'containerPort': 7079, 'name': 'blockmanager', 'protocol': 'TCP'}]
        mounts = [{'mountPath': '/var/data/spark-%s' % uid('ld' + name), 'name': 'spark-local-dir-1'}]
        volumes = [{'emptyDir': {}, 'name': 'spark-local-dir-1'}]
        args = args or ['executor']
    env += list(env_extra)
    token = 'kube-api-access-' + hexid('tok' + name, 5)
    mounts.append({'mountPath': '/var/run/secrets/kubernetes.io/serviceaccount', 'name': token, 'readOnly': True})
    volumes.append({'name': token, 'projected': {'defaultMode': 420, 'sources': [
        {'serviceAccountToken': {'expirationSeconds': 3607, 'path': 'token'}},
        {'configMap': {'items': [{'key': 'ca.crt', 'path': 'ca.crt'}], 'name': 'kube-root-ca.crt'}},
        {'downwardAPI': {'items': [{'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'metadata.namespace'}, 'path': 'namespace'}]}},
    ]}})
    meta = {
        'creationTimestamp': iso_s(created),
        'labels': labels,
        'name': name,
        'namespace': ns,
        'resourceVersion': str(int(hexid(name + 'rv', 6), 16) % 90000000 + 1000000),
        'uid': app['uids'].setdefault(name, uid(app['id'] + name)),
    }
    if deletion:
        meta['deletionTimestamp'] = iso_s(deletion)
        meta['deletionGracePeriodSeconds'] = 30
    if role == 'executor':
        drv = app['driver_pod']
        meta['ownerReferences'] = [{'apiVersion': 'v1', 'controller': True, 'kind': 'Pod', 'name': drv,
                                    'uid': app['uids'].setdefault(drv, uid(app['id'] + drv))}]
    elif owner:
        meta['ownerReferences'] = [owner]
    spec = {
        'containers': [{
            'args': args,
            'env': env,
            'image': image,
            'imagePullPolicy': 'IfNotPresent',
            'name': cname,
            'ports': ports,
            'resources': {'limits': {'memory': '%dMi' % memory_mib},
                          'requests': {'cpu': str(cpu), 'memory': '%dMi' % memory_mib}},
            'terminationMessagePath': '/dev/termination-log',
            'terminationMessagePolicy': 'File',
            'volumeMounts': mounts,
        }],
        'dnsPolicy': 'ClusterFirst',
        'enableServiceLinks': True,
        'hostname': name,
        'nodeName': node_name,
        'nodeSelector': {'workload': 'spark'},
        'preemptionPolicy': 'PreemptLowerPriority',
        'priority': 0,
        'restartPolicy': 'Never',
        'schedulerName': 'default-scheduler',
        'securityContext': {'fsGroup': 185},
        'serviceAccount': 'spark' if role == 'driver' else 'default',
        'serviceAccountName': 'spark' if role == 'driver' else 'default',
        'terminationGracePeriodSeconds': 30,
        'tolerations': [
            {'effect': 'NoExecute', 'key': 'node.kubernetes.io/not-ready', 'operator': 'Exists', 'tolerationSeconds': 300},
            {'effect': 'NoExecute', 'key': 'node.kubernetes.io/unreachable', 'operator': 'Exists', 'tolerationSeconds': 300},
        ],
        'volumes': volumes,
    }
    if role == 'executor':
        spec['hostname'] = name
    ready = phase == 'Running' and containers_status.get('state', {}).get('running') is not None
    if conditions is None:
        end = None
        term = containers_status.get('state', {}).get('terminated')
        if term:
            end = term['finishedAt']
        conditions = [
            {'lastProbeTime': None, 'lastTransitionTime': iso_s(created + 1000), 'status': 'True', 'type': 'PodReadyToStartContainers'},
            {'lastProbeTime': None, 'lastTransitionTime': iso_s(created + 1000), 'status': 'True', 'type': 'Initialized'},
            {'lastProbeTime': None, 'lastTransitionTime': end or iso_s(started), 'status': 'True' if ready else 'False', 'type': 'Ready',
             **({} if ready else {'reason': 'PodCompleted' if phase == 'Succeeded' else 'PodFailed'})},
            {'lastProbeTime': None, 'lastTransitionTime': end or iso_s(started), 'status': 'True' if ready else 'False', 'type': 'ContainersReady',
             **({} if ready else {'reason': 'PodCompleted' if phase == 'Succeeded' else 'PodFailed'})},
            {'lastProbeTime': None, 'lastTransitionTime': iso_s(created), 'status': 'True', 'type': 'PodScheduled'},
        ]
        if term and phase == 'Running':
            pass
    cs = {
        'containerID': 'containerd://' + hexid('cid' + name, 64),
        'image': image,
        'imageID': image.split(':')[0] + '@sha256:' + hexid('img' + image, 64),
        'lastState': {},
        'name': cname,
        'ready': ready,
        'restartCount': 0,
        'started': ready,
    }
    cs.update(containers_status)
    status = {
        'conditions': conditions,
        'containerStatuses': [cs],
        'hostIP': node_ip,
        'hostIPs': [{'ip': node_ip}],
        'phase': phase,
        'podIP': pod_ip,
        'podIPs': [{'ip': pod_ip}],
        'qosClass': 'Burstable',
        'startTime': iso_s(created + 1000),
    }
    if reason:
        status['reason'] = reason
    if message:
        status['message'] = message
    return {'apiVersion': 'v1', 'kind': 'Pod', 'metadata': meta, 'spec': spec, 'status': status}


def terminated(started, finished, exit_code, reason, name=''):
    return {'state': {'terminated': {
        'containerID': 'containerd://' + hexid('cid' + name, 64),
        'exitCode': exit_code, 'finishedAt': iso_s(finished), 'reason': reason, 'startedAt': iso_s(started)}}}


def running(started):
    return {'state': {'running': {'startedAt': iso_s(started)}}, 'ready': True, 'started': True}


def event(app, kind, name, reason, message, first, last=None, count=1, type_='Normal', component='kubelet',
          host=None, field_path=None, api_version='v1', ns=None, involved_uid=None, reporting=None):
    """A core/v1 Event as `kubectl get events -o json` prints it."""
    ns_ = ns if ns is not None else app['namespace']
    last = last or first
    inv = {'apiVersion': api_version, 'kind': kind, 'name': name}
    if kind != 'Node':
        inv['namespace'] = app['namespace']
    inv['uid'] = involved_uid or app['uids'].setdefault(name, uid(app['id'] + name))
    if field_path:
        inv['fieldPath'] = field_path
    src = {'component': component}
    if host:
        src['host'] = host
    ev_name = '%s.%s' % (name, hexid('ev%s%s%s%d' % (name, reason, message, first), 16))
    return {
        'apiVersion': 'v1',
        'count': count,
        'eventTime': None,
        'firstTimestamp': iso_s(first),
        'involvedObject': inv,
        'kind': 'Event',
        'lastTimestamp': iso_s(last),
        'message': message,
        'metadata': {'creationTimestamp': iso_s(first), 'name': ev_name, 'namespace': ns_ if kind != 'Node' else 'default',
                     'resourceVersion': str(int(hexid(ev_name, 6), 16) % 90000000 + 1000000),
                     'uid': uid(ev_name)},
        'reason': reason,
        'reportingComponent': reporting if reporting is not None else ('' if component != 'kubelet' else 'kubelet'),
        'reportingInstance': host or '',
        'source': src,
        'type': type_,
    }


def scheduled_event(app, pod_name, node_name, t):
    """The scheduler's binding event: eventTime set, first/lastTimestamp null (events.k8s.io style)."""
    ev_name = '%s.%s' % (pod_name, hexid('sched' + pod_name, 16))
    return {
        'action': 'Binding',
        'apiVersion': 'v1',
        'eventTime': time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(t // 1000)) + '.%06dZ' % ((t % 1000) * 1000 + 417),
        'firstTimestamp': None,
        'involvedObject': {'apiVersion': 'v1', 'kind': 'Pod', 'name': pod_name, 'namespace': app['namespace'],
                           'uid': app['uids'].setdefault(pod_name, uid(app['id'] + pod_name))},
        'kind': 'Event',
        'lastTimestamp': None,
        'message': 'Successfully assigned %s/%s to %s' % (app['namespace'], pod_name, node_name),
        'metadata': {'creationTimestamp': iso_s(t), 'name': ev_name, 'namespace': app['namespace'],
                     'resourceVersion': str(int(hexid(ev_name, 6), 16) % 90000000 + 1000000), 'uid': uid(ev_name)},
        'reason': 'Scheduled',
        'reportingComponent': 'default-scheduler',
        'reportingInstance': 'default-scheduler-' + hexid('sch', 8),
        'source': {},
        'type': 'Normal',
    }


def pod_lifecycle_events(app, pod_name, node_name, cname, image, created, started):
    return [
        scheduled_event(app, pod_name, node_name, created),
        event(app, 'Pod', pod_name, 'Pulled', 'Container image "%s" already present on machine' % image,
              started - 1000, host=node_name, field_path='spec.containers{%s}' % cname),
        event(app, 'Pod', pod_name, 'Created', 'Created container %s' % cname, started - 800,
              host=node_name, field_path='spec.containers{%s}' % cname),
        event(app, 'Pod', pod_name, 'Started', 'Started container %s' % cname, started,
              host=node_name, field_path='spec.containers{%s}' % cname),
    ]


def k8s_list(items, kind='List'):
    return {'apiVersion': 'v1', 'items': items, 'kind': kind, 'metadata': {'resourceVersion': ''}}


# ---------------------------------------------------------------- Spark REST


def task_metrics(rng, kind, run_ms, ok, scale=1.0):
    """taskMetrics of one attempt. kind: 'scan' (input + shuffle write), 'reduce' (shuffle read + output), 'result'."""
    z = lambda: 0
    if not ok:
        run_ms = 0
    deser = rng.randint(3, 40) if ok else 0
    inp = int(rng.uniform(110, 135) * 1048576 * scale) if kind == 'scan' and ok else 0
    recs = inp // 96 if inp else 0
    sw = int(inp * rng.uniform(0.55, 0.62)) if kind == 'scan' else 0
    sr = int(rng.uniform(60, 85) * 1048576 * scale) if kind in ('reduce',) and ok else 0
    out = int(sr * rng.uniform(0.3, 0.4)) if kind == 'reduce' else 0
    return {
        'executorDeserializeTime': deser,
        'executorDeserializeCpuTime': deser * 700000,
        'executorRunTime': run_ms,
        'executorCpuTime': int(run_ms * rng.uniform(0.72, 0.9) * 1000000),
        'resultSize': rng.randint(3800, 6200) if ok else 0,
        'jvmGcTime': int(run_ms * rng.uniform(0.01, 0.05)),
        'resultSerializationTime': rng.randint(0, 2) if ok else 0,
        'memoryBytesSpilled': 0,
        'diskBytesSpilled': 0,
        'peakExecutionMemory': int(rng.uniform(40, 160) * 1048576) if ok and kind != 'result' else 0,
        'inputMetrics': {'bytesRead': inp, 'recordsRead': recs},
        'outputMetrics': {'bytesWritten': out, 'recordsWritten': out // 70 if out else 0},
        'shuffleReadMetrics': {
            'remoteBlocksFetched': rng.randint(30, 40) if sr else 0,
            'localBlocksFetched': rng.randint(8, 16) if sr else 0,
            'fetchWaitTime': rng.randint(5, 300) if sr else 0,
            'remoteBytesRead': int(sr * 0.75),
            'remoteBytesReadToDisk': 0,
            'localBytesRead': sr - int(sr * 0.75),
            'recordsRead': sr // 60 if sr else 0,
            'remoteReqsDuration': rng.randint(40, 900) if sr else 0,
            'shufflePushReadMetrics': {k: 0 for k in (
                'corruptMergedBlockChunks', 'mergedFetchFallbackCount', 'remoteMergedBlocksFetched',
                'localMergedBlocksFetched', 'remoteMergedChunksFetched', 'localMergedChunksFetched',
                'remoteMergedBytesRead', 'localMergedBytesRead', 'remoteMergedReqsDuration')},
        },
        'shuffleWriteMetrics': {'bytesWritten': sw if ok else 0, 'writeTime': int(sw * 0.9) if ok else 0,
                                'recordsWritten': sw // 60 if ok and sw else 0},
    }


def _merge_metrics(dst, src):
    """Applies a task's metric overrides (REST names, nested dicts merged) to generated metrics."""
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            _merge_metrics(dst[k], v)
        else:
            dst[k] = v


class Spark:
    """Collects stages, tasks and executors and renders the REST JSON files consistently."""

    def __init__(self, app, seed):
        self.app = app
        self.rng = random.Random(seed)
        self.stages = []      # dicts
        self.jobs = []
        self.executors = {}   # id -> dict
        self.next_tid = 0

    def executor(self, eid, host, add_ms, cores, max_memory, remove_ms=None, remove_reason=None, active=None,
                 peak=None, port=None, resource_profile=0):
        self.executors[str(eid)] = dict(id=str(eid), host=host, add=add_ms, cores=cores, max_memory=max_memory,
                                       remove=remove_ms, reason=remove_reason,
                                       active=(remove_ms is None) if active is None else active,
                                       peak=peak or {}, port=port or (30000 + int(hexid(host + str(eid), 4), 16) % 20000),
                                       rp=resource_profile)

    def stage(self, stage_id, name, kind, submitted, tasks, attempt=0, status=None, failure=None, details=None,
              skipped=False, num_tasks=None, rdd_ids=None, killed_summary=None, completed=None, description=None,
              resource_profile=0, write_tasks=True):
        """tasks: list of dicts index, attempt, exec, launch, duration, status, error, speculative."""
        st = dict(stage_id=stage_id, attempt=attempt, name=name, kind=kind, submitted=submitted, tasks=[],
                  status=status, failure=failure, details=details, skipped=skipped,
                  num_tasks=num_tasks, rdd_ids=rdd_ids or [], killed_summary=killed_summary,
                  completed=completed, description=description, rp=resource_profile, write_tasks=write_tasks)
        for t in sorted(tasks, key=lambda t: (t['launch'], t['index'], t.get('attempt', 0))):
            t.setdefault('attempt', 0)
            t.setdefault('speculative', False)
            t.setdefault('error', None)
            t['tid'] = self.next_tid
            self.next_tid += 1
            st['tasks'].append(t)
        self.stages.append(st)
        return st

    def job(self, job_id, name, stage_ids, submitted, completed, status, description=None, group=None):
        self.jobs.append(dict(job_id=job_id, name=name, stage_ids=stage_ids, submitted=submitted,
                              completed=completed, status=status, description=description, group=group))

    # -- rendering

    def _task_json(self, st, t):
        ex = self.executors[t['exec']]
        ok = t['status'] == 'SUCCESS'
        m = task_metrics(self.rng, st['kind'], max(0, t['duration'] - self.rng.randint(20, 60)), ok,
                         t.get('scale', 1.0))
        if not ok and t['status'] == 'FAILED' and not (t['error'] or '').startswith('ExecutorLostFailure'):
            m['executorRunTime'] = max(0, t['duration'] - 40)
            m['executorCpuTime'] = int(m['executorRunTime'] * 0.8 * 1000000)
            m['jvmGcTime'] = int(m['executorRunTime'] * 0.04)
        _merge_metrics(m, t.get('metrics_update') or {})
        t['_metrics'] = m
        j = {
            'taskId': t['tid'],
            'index': t['index'],
            'attempt': t['attempt'],
            'partitionId': t['index'] if st['attempt'] == 0 else t.get('partition', t['index']),
            'launchTime': rest_time(t['launch']),
            'duration': t['duration'],
            'executorId': t['exec'],
            'host': ex['host'],
            'status': t['status'],
            'taskLocality': t.get('locality', 'PROCESS_LOCAL' if st['kind'] == 'scan' else 'NODE_LOCAL'),
            'speculative': t['speculative'],
            'accumulatorUpdates': [],
        }
        if t['error']:
            j['errorMessage'] = t['error']
        j['taskMetrics'] = m
        j['executorLogs'] = {}
        j['schedulerDelay'] = self.rng.randint(4, 40)
        j['gettingResultTime'] = 0
        return j

    def render(self, out_dir):
        app = self.app
        base = os.path.join(out_dir, 'spark', app['id'])
        files = {}
        stage_json = []
        exec_stats = {eid: dict(active=0, failed=0, completed=0, total=0, duration=0, gc=0, input=0, sread=0,
                                swrite=0, running=0) for eid in self.executors}
        stage_by_id = {}
        for st in self.stages:
            tj = [self._task_json(st, t) for t in st['tasks']]
            if not st['skipped'] and st['write_tasks']:
                files['stages/%d/%d/taskList.json' % (st['stage_id'], st['attempt'])] = tj
            succ = [t for t in st['tasks'] if t['status'] == 'SUCCESS']
            failed = [t for t in st['tasks'] if t['status'] == 'FAILED']
            killed = [t for t in st['tasks'] if t['status'] == 'KILLED']
            for t in st['tasks']:
                s = exec_stats[t['exec']]
                s['total'] += 1
                s['duration'] += t['duration']
                m = t['_metrics']
                s['gc'] += m['jvmGcTime']
                s['input'] += m['inputMetrics']['bytesRead']
                s['sread'] += m['shuffleReadMetrics']['remoteBytesRead'] + m['shuffleReadMetrics']['localBytesRead']
                s['swrite'] += m['shuffleWriteMetrics']['bytesWritten']
                if t['status'] == 'SUCCESS':
                    s['completed'] += 1
                elif t['status'] == 'FAILED':
                    s['failed'] += 1
                elif t['status'] == 'RUNNING':
                    s['running'] += 1
            num_tasks = st['num_tasks'] or len({t['index'] for t in st['tasks']})
            status = st['status'] or ('SKIPPED' if st['skipped'] else ('FAILED' if st['failure'] else 'COMPLETE'))
            agg = lambda f: sum(f(t['_metrics']) for t in st['tasks'])
            end = st['completed'] or (max((t['launch'] + t['duration'] for t in st['tasks']), default=None))
            sj = {'status': status, 'stageId': st['stage_id'], 'attemptId': st['attempt'], 'numTasks': num_tasks,
                  'numActiveTasks': sum(1 for t in st['tasks'] if t['status'] == 'RUNNING'),
                  'numCompleteTasks': len(succ), 'numFailedTasks': len(failed),
                  'numKilledTasks': len(killed), 'numCompletedIndices': len({t['index'] for t in succ})}
            if not st['skipped']:
                sj['submissionTime'] = rest_time(st['submitted'])
                if st['tasks']:
                    sj['firstTaskLaunchedTime'] = rest_time(min(t['launch'] for t in st['tasks']))
                if status != 'ACTIVE':   # a running stage has no completionTime
                    sj['completionTime'] = rest_time(end)
            if st['failure']:
                sj['failureReason'] = st['failure']
            sj.update({
                'executorDeserializeTime': agg(lambda m: m['executorDeserializeTime']),
                'executorDeserializeCpuTime': agg(lambda m: m['executorDeserializeCpuTime']),
                'executorRunTime': agg(lambda m: m['executorRunTime']),
                'executorCpuTime': agg(lambda m: m['executorCpuTime']),
                'resultSize': agg(lambda m: m['resultSize']),
                'jvmGcTime': agg(lambda m: m['jvmGcTime']),
                'resultSerializationTime': agg(lambda m: m['resultSerializationTime']),
                'memoryBytesSpilled': agg(lambda m: m['memoryBytesSpilled']),
                'diskBytesSpilled': agg(lambda m: m['diskBytesSpilled']),
                'peakExecutionMemory': agg(lambda m: m['peakExecutionMemory']),
                'inputBytes': agg(lambda m: m['inputMetrics']['bytesRead']),
                'inputRecords': agg(lambda m: m['inputMetrics']['recordsRead']),
                'outputBytes': agg(lambda m: m['outputMetrics']['bytesWritten']),
                'outputRecords': agg(lambda m: m['outputMetrics']['recordsWritten']),
                'shuffleRemoteBlocksFetched': agg(lambda m: m['shuffleReadMetrics']['remoteBlocksFetched']),
                'shuffleLocalBlocksFetched': agg(lambda m: m['shuffleReadMetrics']['localBlocksFetched']),
                'shuffleFetchWaitTime': agg(lambda m: m['shuffleReadMetrics']['fetchWaitTime']),
                'shuffleRemoteBytesRead': agg(lambda m: m['shuffleReadMetrics']['remoteBytesRead']),
                'shuffleRemoteBytesReadToDisk': 0,
                'shuffleLocalBytesRead': agg(lambda m: m['shuffleReadMetrics']['localBytesRead']),
                'shuffleReadBytes': agg(lambda m: m['shuffleReadMetrics']['remoteBytesRead'] + m['shuffleReadMetrics']['localBytesRead']),
                'shuffleReadRecords': agg(lambda m: m['shuffleReadMetrics']['recordsRead']),
                'shuffleCorruptMergedBlockChunks': 0, 'shuffleMergedFetchFallbackCount': 0,
                'shuffleMergedRemoteBlocksFetched': 0, 'shuffleMergedLocalBlocksFetched': 0,
                'shuffleMergedRemoteChunksFetched': 0, 'shuffleMergedLocalChunksFetched': 0,
                'shuffleMergedRemoteBytesRead': 0, 'shuffleMergedLocalBytesRead': 0,
                'shuffleRemoteReqsDuration': agg(lambda m: m['shuffleReadMetrics']['remoteReqsDuration']),
                'shuffleMergedRemoteReqsDuration': 0,
                'shuffleWriteBytes': agg(lambda m: m['shuffleWriteMetrics']['bytesWritten']),
                'shuffleWriteTime': agg(lambda m: m['shuffleWriteMetrics']['writeTime']),
                'shuffleWriteRecords': agg(lambda m: m['shuffleWriteMetrics']['recordsWritten']),
                'name': st['name'],
            })
            if st['description']:
                sj['description'] = st['description']
            sj.update({
                'details': st['details'] or '',
                'schedulingPool': 'default',
                'rddIds': st['rdd_ids'],
                'accumulatorUpdates': [],
                'killedTasksSummary': st['killed_summary'] or {},
                'resourceProfileId': st['rp'],
                'isShufflePushEnabled': False,
                'shuffleMergersCount': 0,
            })
            stage_json.append(sj)
            stage_by_id.setdefault(st['stage_id'], []).append((st, sj))
        # REST lists stages newest first.
        stage_json.sort(key=lambda s: (-s['stageId'], -s['attemptId']))
        files['stages.json'] = stage_json
        jobs = []
        for jb in sorted(self.jobs, key=lambda j: -j['job_id']):
            sts = [x for sid in jb['stage_ids'] for x in stage_by_id.get(sid, [])]
            last = {}
            for st, sj in sts:
                last[st['stage_id']] = (st, sj)
            nt = sum(sj['numTasks'] for st, sj in last.values())
            skipped_t = sum(sj['numTasks'] for st, sj in last.values() if st['skipped'])
            j = {'jobId': jb['job_id'], 'name': jb['name']}
            if jb['description']:
                j['description'] = jb['description']
            j['submissionTime'] = rest_time(jb['submitted'])
            if jb['completed'] is not None:   # a running job has no completionTime
                j['completionTime'] = rest_time(jb['completed'])
            j['stageIds'] = jb['stage_ids']
            if jb['group']:
                j['jobGroup'] = jb['group']
            j.update({
                'jobTags': [], 'status': jb['status'], 'numTasks': nt,
                'numActiveTasks': sum(sj['numActiveTasks'] for st, sj in last.values()),
                'numCompletedTasks': sum(sj['numCompleteTasks'] for st, sj in sts),
                'numSkippedTasks': skipped_t,
                'numFailedTasks': sum(sj['numFailedTasks'] for st, sj in sts),
                'numKilledTasks': sum(sj['numKilledTasks'] for st, sj in sts),
                'numCompletedIndices': sum(sj['numCompletedIndices'] for st, sj in last.values()),
                'numActiveStages': sum(1 for st, sj in last.values() if sj['status'] == 'ACTIVE'),
                'numCompletedStages': sum(1 for st, sj in last.values() if sj['status'] == 'COMPLETE'),
                'numSkippedStages': sum(1 for st, sj in last.values() if st['skipped']),
                'numFailedStages': sum(1 for st, sj in sts if sj['status'] == 'FAILED'),
                'killedTasksSummary': {},
            })
            jobs.append(j)
        files['jobs.json'] = jobs
        execs = []
        for eid, e in self.executors.items():
            s = exec_stats[eid]
            x = {
                'id': eid, 'hostPort': '%s:%d' % (e['host'], e['port']), 'isActive': e['active'], 'rddBlocks': 0,
                'memoryUsed': 0, 'diskUsed': 0, 'totalCores': e['cores'], 'maxTasks': e['cores'],
                'activeTasks': s['running'], 'failedTasks': s['failed'], 'completedTasks': s['completed'],
                'totalTasks': s['total'], 'totalDuration': s['duration'], 'totalGCTime': s['gc'],
                'totalInputBytes': s['input'], 'totalShuffleRead': s['sread'], 'totalShuffleWrite': s['swrite'],
                'isBlacklisted': False, 'maxMemory': e['max_memory'], 'addTime': rest_time(e['add']),
            }
            if e['remove'] is not None:
                x['removeTime'] = rest_time(e['remove'])
            if e['reason'] is not None:
                x['removeReason'] = e['reason']
            x['executorLogs'] = {}
            x['memoryMetrics'] = {'usedOnHeapStorageMemory': 0, 'usedOffHeapStorageMemory': 0,
                                  'totalOnHeapStorageMemory': e['max_memory'], 'totalOffHeapStorageMemory': 0}
            x['blacklistedInStages'] = []
            if e['peak']:
                pk = {k: 0 for k in ('JVMHeapMemory', 'JVMOffHeapMemory', 'OnHeapExecutionMemory',
                                     'OffHeapExecutionMemory', 'OnHeapStorageMemory', 'OffHeapStorageMemory',
                                     'OnHeapUnifiedMemory', 'OffHeapUnifiedMemory', 'DirectPoolMemory',
                                     'MappedPoolMemory', 'ProcessTreeJVMVMemory', 'ProcessTreeJVMRSSMemory',
                                     'ProcessTreePythonVMemory', 'ProcessTreePythonRSSMemory',
                                     'ProcessTreeOtherVMemory', 'ProcessTreeOtherRSSMemory', 'MinorGCCount',
                                     'MinorGCTime', 'MajorGCCount', 'MajorGCTime', 'TotalGCTime',
                                     'ConcurrentGCCount', 'ConcurrentGCTime')}
                pk.update(e['peak'])
                x['peakMemoryMetrics'] = pk
            x['attributes'] = {}
            x['resources'] = {}
            x['resourceProfileId'] = e['rp']
            x['isExcluded'] = False
            x['excludedInStages'] = []
            execs.append(x)
        files['allexecutors.json'] = execs
        for rel, data in files.items():
            write_json(os.path.join(base, rel), data)
        return files


def application_json(app, start, end, completed=True):
    return {
        'id': app['id'],
        'name': app['name'],
        'attempts': [{
            'startTime': rest_time(start),
            'endTime': rest_time(end) if end else '1969-12-31T23:59:59.999GMT',
            'lastUpdated': rest_time(end or start),
            'duration': (end - start) if end else 0,
            'sparkUser': 'spark',
            'completed': completed,
            'appSparkVersion': app.get('spark_version', '3.5.1'),
            'startTimeEpoch': start,
            'endTimeEpoch': end if end else -1,
            'lastUpdatedEpoch': end or start,
        }],
    }


def environment_json(app, props, python=True):
    sysprops = [
        ['SPARK_SUBMIT', 'true'],
        ['file.encoding', 'UTF-8'],
        ['java.class.version', '61.0'],
        ['java.home', '/opt/java/openjdk'],
        ['java.io.tmpdir', '/tmp'],
        ['java.runtime.name', 'OpenJDK Runtime Environment'],
        ['java.runtime.version', '17.0.12+7'],
        ['java.vendor', 'Eclipse Adoptium'],
        ['java.vm.name', 'OpenJDK 64-Bit Server VM'],
        ['java.vm.version', '17.0.12+7'],
        ['jdk.reflect.useDirectMethodHandle', 'false'],
        ['os.arch', 'amd64'],
        ['os.name', 'Linux'],
        ['os.version', '5.10.227-219.884.amzn2.x86_64'],
        ['sun.java.command', 'org.apache.spark.deploy.SparkSubmit --deploy-mode client --conf spark.driver.bindAddress=%s --properties-file /opt/spark/conf/spark.properties --class %s %s' % (
            app['driver_ip'], app.get('main_class', 'org.apache.spark.deploy.PythonRunner'), app['main_file'])],
        ['user.dir', '/opt/spark/work-dir'],
        ['user.name', 'spark'],
        ['user.timezone', 'Etc/UTC'],
    ]
    return {
        'runtime': {'javaVersion': '17.0.12 (Eclipse Adoptium)', 'javaHome': '/opt/java/openjdk',
                    'scalaVersion': 'version 2.12.18'},
        'sparkProperties': sorted([list(kv) for kv in props.items()]),
        'hadoopProperties': [
            ['fs.s3a.aws.credentials.provider', 'com.amazonaws.auth.WebIdentityTokenCredentialsProvider'],
            ['fs.s3a.connection.maximum', '96'],
            ['fs.s3a.impl', 'org.apache.hadoop.fs.s3a.S3AFileSystem'],
            ['mapreduce.fileoutputcommitter.algorithm.version', '1'],
        ],
        'systemProperties': sysprops,
        'metricsProperties': [
            ['*.sink.servlet.class', 'org.apache.spark.metrics.sink.MetricsServlet'],
            ['*.sink.servlet.path', '/metrics/json'],
            ['applications.sink.servlet.path', '/metrics/applications/json'],
            ['master.sink.servlet.path', '/metrics/master/json'],
        ],
        'classpathEntries': [
            ['/opt/spark/conf/', 'System Classpath'],
            ['/opt/spark/jars/hadoop-aws-3.3.4.jar', 'System Classpath'],
            ['/opt/spark/jars/aws-java-sdk-bundle-1.12.262.jar', 'System Classpath'],
            ['/opt/spark/jars/spark-core_2.12-3.5.1.jar', 'System Classpath'],
            ['/opt/spark/jars/spark-kubernetes_2.12-3.5.1.jar', 'System Classpath'],
            ['/opt/spark/jars/spark-sql_2.12-3.5.1.jar', 'System Classpath'],
        ] + ([['/opt/spark/jars/spark-mllib_2.12-3.5.1.jar', 'System Classpath']] if python else []),
        'resourceProfiles': [{
            'id': 0,
            'executorResources': {
                'cores': {'resourceName': 'cores', 'amount': int(props.get('spark.executor.cores', '1')),
                          'discoveryScript': '', 'vendor': ''},
                'memory': {'resourceName': 'memory', 'amount': int(app['executor_memory'].rstrip('gm')) * (1024 if app['executor_memory'].endswith('g') else 1),
                           'discoveryScript': '', 'vendor': ''},
                'offHeap': {'resourceName': 'offHeap', 'amount': 0, 'discoveryScript': '', 'vendor': ''},
            },
            'taskResources': {'cpus': {'resourceName': 'cpus', 'amount': 1.0}},
        }],
    }


# ---------------------------------------------------------------- files


def write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(data, f, indent=2)
        f.write('\n')


def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)


def manifest(bundle_dir, app, created_at, since, sources, errors=(), context='prod-eu'):
    """manifest.json: one item per file written, with sizes and hashes, plus failed collections."""
    items = []
    rng = random.Random(app['id'])
    for root, _, names in os.walk(bundle_dir):
        for n in sorted(names):
            full = os.path.join(root, n)
            rel = os.path.relpath(full, bundle_dir)
            if rel == 'manifest.json':
                continue
            data = open(full, 'rb').read()
            src = None
            for prefix, fn in sources:
                if rel.startswith(prefix):
                    src = fn(rel)
                    break
            items.append({'path': rel, 'source': src or 'unknown', 'status': 'ok', 'bytes': len(data),
                          'sha256': hashlib.sha256(data).hexdigest(), 'duration_ms': rng.randint(40, 900)})
    items.sort(key=lambda i: i['path'])
    for e in errors:
        items.append(dict(e))
    m = {
        'format': 'sparkpm-bundle',
        'version': 1,
        'created_at': iso_s(created_at),
        'collector': {'name': 'sparkpm-collect', 'version': '0.3.0'},
        'target': {'context': context, 'namespace': app['namespace'], 'app_id': app['id'],
                   'app_name': app['name'], 'selector': 'spark-app-selector=%s' % app['id']},
        'window': {'since': iso_s(since), 'until': iso_s(created_at)},
        'items': items,
        'redaction': {'enabled': True, 'rules': [{'id': 'spark-conf-secret', 'count': 0}]},
    }
    write_json(os.path.join(bundle_dir, 'manifest.json'), m)


def standard_sources(app, history=True):
    ns = app['namespace']
    sel = 'spark-app-selector=%s' % app['id']
    api = ('http://spark-history-server.spark-system.svc:18080/api/v1/applications/%s' % app['id']) if history else \
        ('http://%s:4040/api/v1/applications/%s' % (app['driver_host'], app['id']))

    def logs(rel):
        parts = rel.split('/')
        pod_, cont = parts[1], parts[2]
        prev = cont.endswith('.previous.log')
        cont = cont[:-len('.previous.log')] if prev else cont[:-len('.log')]
        return 'kubectl logs -n %s %s -c %s --timestamps%s' % (ns, pod_, cont, ' --previous' if prev else '')

    def rest(rel):
        sub = rel.split('/', 2)[2]
        if sub == 'application.json':
            return 'GET ' + api
        if sub.startswith('stages/'):
            p = sub.split('/')
            return 'GET %s/stages/%s/%s/taskList?offset=0&length=1000' % (api, p[1], p[2])
        if sub == 'stages.json':
            return 'GET %s/stages?details=false' % api
        return 'GET %s/%s' % (api, sub[:-len('.json')])

    return [
        ('k8s/pods.json', lambda r: 'kubectl get pods -n %s -l %s -o json' % (ns, sel)),
        ('k8s/events.json', lambda r: 'kubectl get events -n %s -o json' % ns),
        ('k8s/nodes.json', lambda r: 'kubectl get nodes -o json (nodes of the application\'s pods)'),
        ('k8s/sparkapplications.json', lambda r: 'kubectl get sparkapplications -n %s -o json' % ns),
        ('logs/', logs),
        ('spark/', rest),
    ]


def reset(dir_):
    if os.path.exists(dir_):
        shutil.rmtree(dir_)
    os.makedirs(dir_)


# ---------------------------------------------------------------- scheduling simulation


def simulate(rng, start, executors, num_tasks, plan, max_failures=4, replace=None, launch_gap=(2, 9),
             speculation=None, spread_retries=False):
    """Runs a task set over executor slots like Spark's scheduler (FIFO, retries first).

    executors: list of dicts id, registered, cores.
    plan(index, attempt, exec_id, launch) -> (duration_ms, outcome, error) with outcome
      'SUCCESS', 'FAILED' (the attempt fails with error), or 'KILLEXEC' (the executor dies at
      launch + duration: every attempt running there fails with the error lost_error(exec_id)).
    replace(dead_exec_id, time) -> new executor dict or None.
    Returns (tasks, losses, abort) where losses = [(time, exec_id, [task, ...])] and abort is the
    time the task set was aborted (None if it finished)."""
    import heapq
    execs = {e['id']: dict(e, running=[], dead=None) for e in executors}
    pending = [(start, i, 0) for i in range(num_tasks)]   # (available_from, index, attempt)
    tasks, losses = [], []
    failures = {}
    succeeded = set()
    events = []   # (time, seq, kind, payload)
    seq = [0]

    def push(t, kind, payload):
        seq[0] += 1
        heapq.heappush(events, (t, seq[0], kind, payload))

    for e in execs.values():
        push(max(e['registered'], start), 'free', e['id'])
    abort = None
    now = start
    while events and abort is None:
        now, _, kind, payload = heapq.heappop(events)
        if kind == 'finish':
            t = payload
            if t['status'] != 'RUNNING':
                continue
            e = execs[t['exec']]
            if t in e['running']:
                e['running'].remove(t)
            t['status'] = t['_outcome']
            if t['status'] == 'SUCCESS':
                succeeded.add(t['index'])
            else:
                failures[t['index']] = failures.get(t['index'], 0) + 1
                if failures[t['index']] >= max_failures:
                    abort = now
                    break
                pending.append((now + 20, t['index'], t['attempt'] + 1))
            push(now, 'free', t['exec'])
            for oe in execs.values():
                if oe['dead'] is None and len(oe['running']) < oe['cores']:
                    push(now + 20, 'free', oe['id'])
        elif kind == 'kill':
            e = execs[payload]
            if e['dead'] is not None:
                continue
            e['dead'] = now
            lost = []
            for t in list(e['running']):
                t['status'] = 'FAILED'
                t['duration'] = now + 1011 - t['launch']
                t['lost'] = True
                lost.append(t)
                failures[t['index']] = failures.get(t['index'], 0) + 1
            e['running'] = []
            losses.append((now, e['id'], lost))
            if any(failures[t['index']] >= max_failures for t in lost):
                abort = now + 1207
                break
            for t in sorted(lost, key=lambda t: t['index']):
                pending.append((now + 1030, t['index'], t['attempt'] + 1))
            if replace:
                ne = replace(e['id'], now)
                if ne:
                    execs[ne['id']] = dict(ne, running=[], dead=None)
                    push(ne['registered'], 'free', ne['id'])
            # retries become schedulable on the surviving executors
            for oe in execs.values():
                if oe['dead'] is None and len(oe['running']) < oe['cores']:
                    push(now + 1030, 'free', oe['id'])
        elif kind == 'free':
            e = execs[payload]
            if e['dead'] is not None or now < e['registered']:
                continue
            while len(e['running']) < e['cores']:
                ready = [p for p in pending if p[0] <= now]
                if spread_retries:
                    # Offers arrive in random order: model a retry landing on an executor it has not used.
                    ready = [p for p in ready if p[2] == 0 or not any(
                        t['index'] == p[1] and t['exec'] == e['id'] for t in tasks)]
                if not ready:
                    later = [p[0] for p in pending]
                    if later:
                        push(min(later), 'free', e['id'])
                    break
                # retries (attempt > 0) first, then by index
                p = min(ready, key=lambda p: (p[2] == 0, p[0], p[1]))
                pending.remove(p)
                launch = now + rng.randint(*launch_gap)
                dur, outcome, err = plan(p[1], p[2], e['id'], launch)
                t = dict(index=p[1], attempt=p[2], exec=e['id'], launch=launch, duration=dur, status='RUNNING',
                         _outcome={'KILLEXEC': 'SUCCESS', 'FAILKILL': 'FAILED'}.get(outcome, outcome), error=err)
                tasks.append(t)
                e['running'].append(t)
                if outcome == 'KILLEXEC':
                    push(launch + dur, 'kill', e['id'])
                elif outcome == 'FAILKILL':
                    # the attempt fails with its own error, then its JVM exits (e.g. OOM -> exit 52)
                    push(launch + dur, 'finish', t)
                    push(launch + dur, 'kill', e['id'])   # before any new launch on the dying JVM
                else:
                    push(launch + dur, 'finish', t)
    for t in tasks:
        if t['status'] == 'RUNNING':
            if abort is not None:
                t['status'] = 'KILLED'
                t['duration'] = abort + 40 - t['launch']
            else:
                t['status'] = t['_outcome']
        t.pop('_outcome', None)
    return tasks, losses, abort
