"""Shared builders for the scenarios: pods, events, nodes, SparkApplication, environment, manifest."""
import os

from sparkgen import *  # noqa
from fragments import *  # noqa


def make_app(id_, name, driver_ip, executor_memory_mb, executor_cores, driver_memory_mb=2048, main_file=None,
             main_class=None, operator=False, namespace='spark-jobs'):
    app = {
        'id': id_, 'name': name, 'namespace': namespace, 'driver_pod': '%s-driver' % name,
        'driver_host': '%s-%s-driver-svc.%s.svc' % (name, hexid('svc' + id_, 16), namespace),
        'driver_ip': driver_ip,
        'executor_memory': '%dg' % (executor_memory_mb // 1024), 'executor_memory_mb': executor_memory_mb,
        'driver_memory_mb': driver_memory_mb, 'executor_cores': executor_cores,
        'main_file': main_file, 'operator': operator, 'uids': {},
    }
    if main_class:
        app['main_class'] = main_class
    return app


def base_props(app, image, start, extra=None, python=False, executors=None):
    p = {
        'spark.app.id': app['id'], 'spark.app.name': app['name'], 'spark.app.startTime': str(start),
        'spark.app.submitTime': str(start - 5800),
        'spark.driver.bindAddress': app['driver_ip'], 'spark.driver.blockManager.port': '7079',
        'spark.driver.cores': '1', 'spark.driver.host': app['driver_host'],
        'spark.driver.memory': '%dg' % (app['driver_memory_mb'] // 1024),
        'spark.driver.port': '7078', 'spark.eventLog.dir': 's3a://acme-spark-logs/eventlogs',
        'spark.eventLog.enabled': 'true', 'spark.executor.cores': str(app['executor_cores']),
        'spark.executor.id': 'driver', 'spark.executor.memory': app['executor_memory'],
        'spark.hadoop.fs.s3a.aws.credentials.provider': 'com.amazonaws.auth.WebIdentityTokenCredentialsProvider',
        'spark.kubernetes.authenticate.driver.serviceAccountName': 'spark',
        'spark.kubernetes.container.image': image, 'spark.kubernetes.driver.pod.name': app['driver_pod'],
        'spark.kubernetes.executor.podNamePrefix': app['name'],
        'spark.kubernetes.namespace': app['namespace'],
        'spark.kubernetes.submission.waitAppCompletion': 'false',
        'spark.kubernetes.submitInDriver': 'true', 'spark.master': 'k8s://https://172.20.0.1:443',
        'spark.submit.deployMode': 'client',
    }
    if executors is not None:
        p['spark.executor.instances'] = str(executors)
    if python:
        p.update({'spark.kubernetes.memoryOverheadFactor': '0.4', 'spark.kubernetes.pyspark.pythonVersion': '3',
                  'spark.kubernetes.resource.type': 'python', 'spark.submit.pyFiles': ''})
    else:
        p.update({'spark.jars': app['main_file'], 'spark.kubernetes.resource.type': 'java'})
    p.update(extra or {})
    return p


def exec_limit_mib(app, overhead_mib=None):
    m = app['executor_memory_mb']
    return m + (overhead_mib if overhead_mib is not None else max(int(0.1 * m), 384))


def driver_limit_mib(app):
    m = app['driver_memory_mb']
    return m + max(int(0.1 * m), 384)


def driver_pod_obj(app, node, created, started, image, finished=None, exit_code=0, limit_mib=None, owner=None,
                   env_extra=(), running=False):
    if running:
        st, phase = running_state(started), 'Running'
    elif exit_code == 0:
        st, phase = terminated(started, finished, 0, 'Completed', app['driver_pod']), 'Succeeded'
    else:
        st, phase = terminated(started, finished, exit_code, 'Error', app['driver_pod']), 'Failed'
    return pod(app, app['driver_pod'], 'driver', None, node[0], node[1], app['driver_ip'], created, started, st,
               phase, limit_mib or driver_limit_mib(app), 1, image, owner=owner, env_extra=env_extra)


def running_state(started):
    return {'state': {'running': {'startedAt': iso_s(started)}}, 'ready': True, 'started': True}


def executor_pod_obj(app, eid, node, ip, created, started, image, end=None, exit_code=0, reason='Completed',
                     limit_mib=None, inactive=False, pod_reason=None, pod_message=None, deletion=None,
                     running=False, conditions=None, env_extra=()):
    name = '%s-exec-%s' % (app['name'], eid)
    if running:
        st, phase = running_state(started), 'Running'
    else:
        st = terminated(started, end, exit_code, reason, name)
        phase = 'Succeeded' if exit_code == 0 else 'Failed'
    return pod(app, name, 'executor', eid, node[0], node[1], ip, created, started, st, phase,
               limit_mib or exec_limit_mib(app), app['executor_cores'], image,
               labels_extra={'spark-exec-inactive': 'true'} if inactive else None,
               reason=pod_reason, message=pod_message, deletion=deletion, conditions=conditions,
               env_extra=env_extra)


def lifecycle_events(app, pods, image):
    evs = []
    for p in pods:
        name = p['metadata']['name']
        c = p['spec']['containers'][0]['name']
        created = T(p['metadata']['creationTimestamp'][:-1])
        st = p['status']['containerStatuses'][0]['state']
        started = T((st.get('running') or st.get('terminated'))['startedAt'][:-1])
        evs += pod_lifecycle_events(app, name, p['spec']['nodeName'], c, image, created, started)
    return evs


def operator_events(app, submitted, driver_running, executor_failures=(), end=None, failed=False, error=None):
    sa_uid = uid('sparkapp' + app['id'])
    op = dict(kind='SparkApplication', component='spark-operator', api_version='sparkoperator.k8s.io/v1beta2',
              involved_uid=sa_uid, reporting='')
    sa = app['name']
    evs = [event(app, name=sa, reason='SparkApplicationSubmitted',
                 message='SparkApplication %s was submitted successfully' % sa, first=submitted, **op),
           event(app, name=sa, reason='SparkDriverRunning', message='Driver %s is running' % app['driver_pod'],
                 first=driver_running, **op)]
    for pod_name, code, reason, t in executor_failures:
        evs.append(event(app, name=sa, reason='SparkExecutorFailed', type_='Warning',
                         message='Executor [%s] failed with ExitCode: %d, Reason: %s' % (pod_name, code, reason),
                         first=t, **op))
    if end is not None:
        if failed:
            evs.append(event(app, name=sa, reason='SparkDriverFailed', type_='Warning',
                             message='Driver %s failed' % app['driver_pod'], first=end, **op))
            evs.append(event(app, name=sa, reason='SparkApplicationFailed', type_='Warning',
                             message='SparkApplication %s failed: %s' % (sa, error), first=end + 100, **op))
        else:
            evs.append(event(app, name=sa, reason='SparkDriverCompleted',
                             message='Driver %s completed' % app['driver_pod'], first=end, **op))
            evs.append(event(app, name=sa, reason='SparkApplicationCompleted',
                             message='SparkApplication %s completed' % sa, first=end + 100, **op))
    return evs


def sparkapplication_obj(app, image, created, spec_extra, state, error=None, executor_states=None, terminated_at=None,
                         app_type='Scala', python=False):
    sa = app['name']
    spec = {
        'driver': {'cores': 1, 'memory': '%dg' % (app['driver_memory_mb'] // 1024), 'serviceAccount': 'spark',
                   'labels': {'team': 'data-platform'}, 'nodeSelector': {'workload': 'spark'}},
        'executor': {'cores': app['executor_cores'], 'memory': app['executor_memory'],
                     'labels': {'team': 'data-platform'}, 'nodeSelector': {'workload': 'spark'}},
        'image': image, 'imagePullPolicy': 'IfNotPresent', 'mainApplicationFile': app['main_file'],
        'mode': 'cluster', 'restartPolicy': {'type': 'Never'},
        'sparkConf': {'spark.eventLog.dir': 's3a://acme-spark-logs/eventlogs', 'spark.eventLog.enabled': 'true'},
        'sparkVersion': '3.5.1', 'type': app_type,
    }
    if not python:
        spec['mainClass'] = app['main_class']
    else:
        spec['pythonVersion'] = '3'
    for k, v in spec_extra.items():
        if isinstance(v, dict) and isinstance(spec.get(k), dict):
            spec[k].update(v)
        else:
            spec[k] = v
    status = {
        'applicationState': {'state': state},
        'driverInfo': {'podName': app['driver_pod'], 'webUIAddress': '172.20.%d.%d:0' % (int(hexid(sa, 2), 16) % 250, int(hexid(sa + 'x', 2), 16) % 250),
                       'webUIPort': 4040, 'webUIServiceName': '%s-ui-svc' % sa},
        'executionAttempts': 1,
        'executorState': executor_states or {},
        'lastSubmissionAttemptTime': iso_s(created + 1000),
        'sparkApplicationId': app['id'], 'submissionAttempts': 1, 'submissionID': uid('sub' + app['id']),
    }
    if error:
        status['applicationState']['errorMessage'] = error
    if terminated_at:
        status['terminationTime'] = iso_s(terminated_at)
    return {
        'apiVersion': 'sparkoperator.k8s.io/v1beta2', 'kind': 'SparkApplication',
        'metadata': {'creationTimestamp': iso_s(created), 'generation': 1, 'name': sa, 'namespace': app['namespace'],
                     'resourceVersion': str(int(hexid('rv' + sa, 6), 16) % 90000000 + 1000000),
                     'uid': uid('sparkapp' + app['id'])},
        'spec': spec, 'status': status,
    }


def operator_owner(app):
    return {'apiVersion': 'sparkoperator.k8s.io/v1beta2', 'blockOwnerDeletion': True, 'controller': True,
            'kind': 'SparkApplication', 'name': app['name'], 'uid': uid('sparkapp' + app['id'])}


def write_k8s(out, pods=None, events=None, nodes=None, sparkapps=None):
    if pods is not None:
        write_json(os.path.join(out, 'k8s', 'pods.json'), k8s_list(pods, 'List'))
    if events is not None:
        events = sorted(events, key=lambda ev: ev.get('firstTimestamp') or ev['metadata']['creationTimestamp'])
        write_json(os.path.join(out, 'k8s', 'events.json'), k8s_list(events, 'List'))
    if nodes is not None:
        write_json(os.path.join(out, 'k8s', 'nodes.json'), k8s_list(nodes, 'NodeList'))
    if sparkapps is not None:
        write_json(os.path.join(out, 'k8s', 'sparkapplications.json'), k8s_list(sparkapps, 'List'))


def write_log(out, pod_name, container, tl, seed, previous=False):
    fn = container + ('.previous.log' if previous else '.log')
    write_text(os.path.join(out, 'logs', pod_name, fn), tl.render(seed))


def scala_driver_entry(app):
    return entrypoint_lines('driver',
                            '+ exec /usr/bin/tini -s -- /opt/spark/bin/spark-submit --conf spark.driver.bindAddress=%s '
                            '--deploy-mode client --properties-file /opt/spark/conf/spark.properties --class %s %s'
                            % (app['driver_ip'], app.get('main_class', 'org.apache.spark.deploy.PythonRunner'),
                               app['main_file']))


def stage_finished_lines(tl, t, stage_id, kind, name, submitted, job_id, job_name, job_start, last_stage=True):
    tl.add(t, 'INFO', 'TaskSchedulerImpl', 'Removed TaskSet %d.0, whose tasks have all completed, from pool ' % stage_id)
    tl.add(t + 2, 'INFO', 'DAGScheduler', '%s %d (%s) finished in %.3f s' % (kind, stage_id, name, (t - submitted) / 1000.0))
    if kind == 'ShuffleMapStage':
        tl.add(t + 3, 'INFO', 'DAGScheduler', 'looking for newly runnable stages')
        tl.add(t + 3, 'INFO', 'DAGScheduler', 'running: HashSet()')
        tl.add(t + 3, 'INFO', 'DAGScheduler', 'waiting: HashSet(ResultStage %d)' % (stage_id + 1))
        tl.add(t + 3, 'INFO', 'DAGScheduler', 'failed: HashSet()')
    if last_stage:
        tl.add(t + 4, 'INFO', 'DAGScheduler', 'Job %d is finished. Cancelling potential speculative or zombie tasks for this job' % job_id)
        tl.add(t + 4, 'INFO', 'TaskSchedulerImpl', 'Killing all running tasks in stage %d: Stage finished' % stage_id)
        tl.add(t + 6, 'INFO', 'DAGScheduler', 'Job %d finished: %s, took %.3f s' % (job_id, job_name, (t + 6 - job_start) / 1000.0))


def finish(out, app, collected, errors=(), history=True, context='prod-eu'):
    manifest(out, app, collected, collected - 3600 * 1000, standard_sources(app, history), errors, context=context)


# ---------------------------------------------------------------- shared by the driver, connect, stuck and scaling scenarios

SUBMIT_MAIN_FRAMES = [
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
]


def crash_loop_status(name, last_started, last_finished, exit_code, restarts, backoff='5m0s', pod_ref=''):
    """containerStatuses fields of a container waiting in CrashLoopBackOff after `restarts` restarts."""
    return {
        'state': {'waiting': {'reason': 'CrashLoopBackOff',
                              'message': 'back-off %s restarting failed container=%s pod=%s' % (backoff, name, pod_ref)}},
        'lastState': {'terminated': {'containerID': 'containerd://' + hexid('cidl' + pod_ref + str(restarts), 64),
                                     'exitCode': exit_code, 'finishedAt': iso_s(last_finished), 'reason': 'Error',
                                     'startedAt': iso_s(last_started)}},
        'ready': False, 'restartCount': restarts, 'started': False,
    }


def user_managed_driver(p, container, app_label, restart_policy='Always', owner_kind='ReplicaSet', owner_name=None,
                        args=None):
    """Turns a Spark-made driver pod into one a Deployment/Job manages (client mode): its own labels,
    owner, container name and restart policy."""
    labels = p['metadata']['labels']
    labels.pop('spark-app-selector', None)
    labels.pop('spark-version', None)
    for k in [k for k in labels if k.startswith('sparkoperator.k8s.io/')]:
        labels.pop(k)
    labels['app'] = app_label
    if owner_kind == 'ReplicaSet':
        labels['pod-template-hash'] = owner_name.rsplit('-', 1)[1]
    p['metadata']['ownerReferences'] = [{'apiVersion': 'apps/v1' if owner_kind == 'ReplicaSet' else 'batch/v1',
                                         'blockOwnerDeletion': True, 'controller': True, 'kind': owner_kind,
                                         'name': owner_name, 'uid': uid('owner' + owner_name)}]
    p['spec']['restartPolicy'] = restart_policy
    c = p['spec']['containers'][0]
    c['name'] = container
    if args:
        c['args'] = args
    p['status']['containerStatuses'][0]['name'] = container
    return p


def collection_manifest(out, app, collected, selector=None, errors=(), history=False, context='prod-eu'):
    """manifest.json for scenarios whose collector target is a label selector rather than one app id."""
    manifest(out, app, collected, collected - 3600 * 1000, standard_sources(app, history), errors, context=context)
    if selector:
        path = os.path.join(out, 'manifest.json')
        import json as _json
        m = _json.load(open(path))
        m['target']['selector'] = selector
        for it in m['items']:
            if it.get('source', '').startswith('kubectl get pods'):
                it['source'] = 'kubectl get pods -n %s -l %s -o json' % (app['namespace'], selector)
        write_json(path, m)


def connect_server(namespace, version, pod_name, ip, created, started, image, status=None, limit_mib=10240,
                   exec_ips=(), node_=None):
    """A Spark Connect server run by a Deployment: the driver pod (client mode, labelled spark-role=driver) and
    its executor pods. Returns (app, pods)."""
    app = make_app('spark-' + hexid('connect' + pod_name), 'spark-connect', ip, 8192, 4, driver_memory_mb=8192,
                   main_file='spark-internal', main_class='org.apache.spark.sql.connect.service.SparkConnectServer',
                   namespace=namespace)
    app['driver_pod'] = pod_name
    app['driver_host'] = ip
    app['spark_version'] = version
    rs = pod_name.rsplit('-', 1)[0]
    st = status or running_state(started)
    phase = 'Running'
    p = pod(app, pod_name, 'driver', None, node_[0], node_[1], ip, created, started, st, phase, limit_mib, 4, image)
    p = user_managed_driver(p, 'spark-connect', 'spark-connect', owner_name=rs,
                            args=['/opt/spark/sbin/start-connect-server.sh', '--conf', 'spark.driver.host=' + ip])
    p['metadata']['labels']['spark-version'] = version
    pods = [p]
    for n, eip in enumerate(exec_ips):
        e = str(n + 1)
        ep = executor_pod_obj(app, e, node_, eip, started + 14_000, started + 19_000, image, running=True)
        pods.append(ep)
    return app, pods


def connect_server_log(tl, app, t, executors):
    """Start-up of a Connect server: SparkContext, executors, the gRPC service on 15002."""
    driver_startup(tl, app, t, len(executors))
    for item in list(tl.items):
        if item[2][0] == 'rec' and item[2][3] == 'Running Spark version 3.5.1':
            tl.items[tl.items.index(item)] = (item[0], item[1], ('rec', 'INFO', 'SparkContext',
                                                                 'Running Spark version %s' % app['spark_version'], None))
    for n, (eid, eip) in enumerate(executors):
        executor_registered(tl, app, t + 11_000 + n * 250, eid, eip, 41000 + n * 7, 37000 + n * 11)
    tl.add(t + 13_400, 'INFO', 'SparkConnectServer', 'Spark Connect server started at: 0.0.0.0/0.0.0.0:15002')


def python_client_log(tl, ms, level, logger, msg, more=None):
    """A line of a Python program using logging's default '%(asctime)s %(levelname)s %(name)s: %(message)s'."""
    stamp = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(ms // 1000)) + ',%03d' % (ms % 1000)
    text = '%s %s %s: %s' % (stamp, level, logger, msg)
    if more:
        text += '\n' + more
    tl.raw(ms, text)


def grpc_error_text(kind, status, code, details, peer, ms):
    """str() of a grpc._channel error as SparkConnectGrpcException prints it (multi-line)."""
    created = time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(ms // 1000)) + '.%03d417262+00:00' % (ms % 1000)
    return '\n'.join([
        'pyspark.errors.exceptions.connect.SparkConnectGrpcException: <%s of RPC that terminated with:' % kind,
        '\tstatus = StatusCode.%s' % status,
        '\tdetails = "%s"' % details,
        '\tdebug_error_string = "UNKNOWN:Error received from peer %s {created_time:"%s", grpc_status:%d, grpc_message:"%s"}"'
        % (peer, created, code, details),
        '>'])


PY_CONNECT_FRAMES = [
    ('/usr/local/lib/python3.11/site-packages/pyspark/sql/connect/client/core.py', 1258, '_execute_and_fetch_as_iterator',
     'self._handle_error(error)'),
    ('/usr/local/lib/python3.11/site-packages/pyspark/sql/connect/client/core.py', 1498, '_handle_error',
     'self._handle_rpc_error(error)'),
    ('/usr/local/lib/python3.11/site-packages/pyspark/sql/connect/client/core.py', 1574, '_handle_rpc_error',
     'raise SparkConnectGrpcException(str(rpc_error)) from None'),
]


def python_traceback(app_frames, error_text, lib_frames=PY_CONNECT_FRAMES):
    lines = ['Traceback (most recent call last):']
    for f, line, fn, code in list(app_frames) + list(lib_frames):
        lines.append('  File "%s", line %d, in %s' % (f, line, fn))
        lines.append('    ' + code)
    return '\n'.join(lines) + '\n' + error_text


def pending_pod(p, message, since):
    """Turns a pod into one the scheduler could not place: no node, PodScheduled=False Unschedulable."""
    p['spec'].pop('nodeName', None)
    st = p['status']
    for k in ('containerStatuses', 'hostIP', 'hostIPs', 'podIP', 'podIPs', 'startTime'):
        st.pop(k, None)
    st['phase'] = 'Pending'
    st['conditions'] = [{'lastProbeTime': None, 'lastTransitionTime': iso_s(since), 'message': message,
                         'reason': 'Unschedulable', 'status': 'False', 'type': 'PodScheduled'}]
    return p


def series_event(app, pod_name, reason, message, first, last, count, component='default-scheduler', type_='Warning',
                 action='Scheduling'):
    """An event recorded through events.k8s.io (the scheduler's way) as `kubectl get events -o json` shows it:
    eventTime and series set, first/lastTimestamp null."""
    ev_name = '%s.%s' % (pod_name, hexid('series' + pod_name + reason + str(first), 16))
    ev = {
        'action': action, 'apiVersion': 'v1',
        'eventTime': time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(first // 1000)) + '.%06dZ' % ((first % 1000) * 1000 + 311),
        'firstTimestamp': None,
        'involvedObject': {'apiVersion': 'v1', 'kind': 'Pod', 'name': pod_name, 'namespace': app['namespace'],
                           'uid': app['uids'].setdefault(pod_name, uid(app['id'] + pod_name))},
        'kind': 'Event', 'lastTimestamp': None, 'message': message,
        'metadata': {'creationTimestamp': iso_s(first), 'name': ev_name, 'namespace': app['namespace'],
                     'resourceVersion': str(int(hexid(ev_name, 6), 16) % 90000000 + 1000000), 'uid': uid(ev_name)},
        'reason': reason, 'reportingComponent': component,
        'reportingInstance': '%s-%s' % (component, hexid('ri' + component, 8)), 'source': {}, 'type': type_,
    }
    if count > 1:
        ev['series'] = {'count': count,
                        'lastObservedTime': time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(last // 1000)) + '.%06dZ' % ((last % 1000) * 1000 + 97)}
    return ev


def running_task(index, eid, launch, snapshot, attempt=0):
    """A task still running when the REST snapshot was taken: duration is the time it has run so far."""
    return dict(index=index, attempt=attempt, exec=eid, launch=launch, duration=snapshot - launch, status='RUNNING',
                speculative=False, error=None)


def client_pod(p, remote):
    """Turns a pod built as a driver into a plain Spark Connect client: no Spark labels, env or volumes, only
    SPARK_REMOTE pointing at the server."""
    labels = p['metadata']['labels']
    for k in ('spark-role', 'spark-app-name', 'spark-app-selector', 'spark-version'):
        labels.pop(k, None)
    c = p['spec']['containers'][0]
    c['env'] = [{'name': 'SPARK_REMOTE', 'value': remote}, {'name': 'PYTHONUNBUFFERED', 'value': '1'}]
    c.pop('ports', None)
    c['volumeMounts'] = [m for m in c['volumeMounts'] if m['name'].startswith('kube-api-access')]
    p['spec']['volumes'] = [v for v in p['spec']['volumes'] if v['name'].startswith('kube-api-access')]
    p['spec']['serviceAccount'] = p['spec']['serviceAccountName'] = 'default'
    return p
