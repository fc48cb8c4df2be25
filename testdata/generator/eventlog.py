"""Renders a scenario's Spark application (sparkgen.Spark) as a Spark 3.5 event log.

The output is what spark.eventLog.enabled writes: one JSON object per line, field names and
field order as Spark 3.5's JsonProtocol writes them. Everything comes from the model the
REST renderer uses (executors, jobs, stage attempts, task attempts), plus a few fields only
an event log has:

  task['end']            the Task End Reason when it is not implied by status/error, e.g.
                         fetch_failed(...), executor_lost(...), task_killed(...)
  task['resubmitted_at'] time of a Resubmitted task end: the attempt succeeded, then its
                         shuffle output was lost with its executor while the stage still ran
  task['metrics_update'] metric overrides (REST names), applied on top of the generated ones
  stage['parents']       Parent IDs; stage['task_type'] ShuffleMapTask | ResultTask
  job['failure']         message of a failed job's exception; job['sql_id'] its SQL execution

Usage:
  log = EventLog(APP, sp, props, start=APP_START, end=APP_END, seed=7)
  log.sql_execution(0, 'parquet at NativeMethodAccessorImpl.java:0', details, plan, t0, t1)
  log.write_single(OUT)            # eventlogs/<app-id>
  log.write_rolling(OUT)           # eventlogs/eventlog_v2_<app-id>/{events_1_<app-id>,appstatus_<app-id>}

Deterministic: the same model and seed give the same bytes. Task metrics already rendered for
REST JSON (task['_metrics']) are reused, so both sources agree.
"""
import json
import os
import random

from sparkgen import _merge_metrics, environment_json, task_metrics, write_text

SQL_UI = 'org.apache.spark.sql.execution.ui.'
EXECUTOR_METRIC_NAMES = (
    'JVMHeapMemory', 'JVMOffHeapMemory', 'OnHeapExecutionMemory', 'OffHeapExecutionMemory',
    'OnHeapStorageMemory', 'OffHeapStorageMemory', 'OnHeapUnifiedMemory', 'OffHeapUnifiedMemory',
    'DirectPoolMemory', 'MappedPoolMemory', 'ProcessTreeJVMVMemory', 'ProcessTreeJVMRSSMemory',
    'ProcessTreePythonVMemory', 'ProcessTreePythonRSSMemory', 'ProcessTreeOtherVMemory',
    'ProcessTreeOtherRSSMemory', 'MinorGCCount', 'MinorGCTime', 'MajorGCCount', 'MajorGCTime',
    'TotalGCTime', 'ConcurrentGCCount', 'ConcurrentGCTime')
PUSH_READ = (('Corrupt Merged Block Chunks', 'corruptMergedBlockChunks'),
             ('Merged Fetch Fallback Count', 'mergedFetchFallbackCount'),
             ('Merged Remote Blocks Fetched', 'remoteMergedBlocksFetched'),
             ('Merged Local Blocks Fetched', 'localMergedBlocksFetched'),
             ('Merged Remote Chunks Fetched', 'remoteMergedChunksFetched'),
             ('Merged Local Chunks Fetched', 'localMergedChunksFetched'),
             ('Merged Remote Bytes Read', 'remoteMergedBytesRead'),
             ('Merged Local Bytes Read', 'localMergedBytesRead'),
             ('Merged Remote Requests Duration', 'remoteMergedReqsDuration'))

# Sort phases of events that share a millisecond.
PHASE = {'ExecutorAdded': 0, 'BlockManagerAdded': 1, 'SQLStart': 2, 'JobStart': 3, 'StageSubmitted': 4,
         'TaskStart': 5, 'ExecutorRemoved': 6, 'BlockManagerRemoved': 7, 'TaskEnd': 8, 'StageCompleted': 9,
         'JobEnd': 10, 'SQLEnd': 11, 'ApplicationEnd': 12}


# ---------------------------------------------------------------- task end reasons


def exception_failure(class_name, description, frames, full_trace):
    """ExceptionFailure: frames are 'cls.method(File.java:12)' strings as a stack trace prints them."""
    return {'Reason': 'ExceptionFailure', 'class': class_name, 'description': description, 'frames': frames,
            'full': full_trace}


def executor_lost(exec_id, caused_by_app, loss_reason):
    return {'Reason': 'ExecutorLostFailure', 'exec': exec_id, 'caused_by_app': caused_by_app,
            'loss_reason': loss_reason}


def fetch_failed(bm, shuffle_id, map_id, map_index, reduce_id, message):
    """FetchFailed; bm is (executor id, host, port), or None when the map output had no location."""
    return {'Reason': 'FetchFailed', 'bm': bm, 'shuffle': shuffle_id, 'map_id': map_id, 'map_index': map_index,
            'reduce': reduce_id, 'message': message}


def task_killed(reason):
    return {'Reason': 'TaskKilled', 'kill_reason': reason}


def fetch_failed_error_message(end):
    """The errorMessage the REST API shows for a FetchFailed end (TaskEndReason.toErrorString)."""
    bm = 'BlockManagerId(%s, %s, %d, None)' % end['bm'] if end['bm'] else 'null'
    return 'FetchFailed(%s, shuffleId=%d, mapIndex=%d, mapId=%d, reduceId=%d, message=\n%s\n)' % (
        bm, end['shuffle'], end['map_index'], end['map_id'], end['reduce'], end['message'])


def executor_lost_error_message(end):
    head = ('exited caused by one of the running tasks' if end['caused_by_app']
            else 'exited unrelated to the running tasks')
    return 'ExecutorLostFailure (executor %s %s) Reason: %s' % (end['exec'], head, end['loss_reason'])


def _frame_json(frame):
    """'org.acme.Cls.method(File.scala:42)' -> JsonProtocol's stack trace element."""
    call, _, where = frame.partition('(')
    where = where.rstrip(')')
    cls, _, method = call.rpartition('.')
    if where == 'Native Method':
        return {'Declaring Class': cls, 'Method Name': method, 'File Name': None, 'Line Number': -2}
    if ':' in where:
        f, _, line = where.rpartition(':')
        return {'Declaring Class': cls, 'Method Name': method, 'File Name': f, 'Line Number': int(line)}
    if where and where != 'Unknown Source':
        return {'Declaring Class': cls, 'Method Name': method, 'File Name': where, 'Line Number': -1}
    return {'Declaring Class': cls, 'Method Name': method, 'File Name': None, 'Line Number': -1}


def _exception_from_text(text):
    """Splits a printed Java exception ('cls: msg\\n\\tat frame...') into an ExceptionFailure."""
    lines = text.rstrip('\n').split('\n')
    head = lines[0]
    cls, _, desc = head.partition(': ')
    frames = []
    for ln in lines[1:]:
        if ln.startswith('\tat '):
            frames.append(ln[4:])
        elif not ln.startswith('\t'):
            break   # the first frames only, as Spark keeps the top exception's
    return exception_failure(cls, desc, frames, text)


# ---------------------------------------------------------------- the log


class EventLog:
    """Events of one application attempt, rendered in log order."""

    def __init__(self, app, sp, props, start, end, seed, python=False, user='spark', spark_version='3.5.1'):
        self.app = app
        self.sp = sp
        self.props = props
        self.start = start
        self.end = end
        self.rng = random.Random(seed)
        self.python = python
        self.user = user
        self.spark_version = spark_version
        self.sql = []

    def sql_execution(self, execution_id, description, details, plan, start, end, error=''):
        """A SQL execution (SQLExecutionStart/End) whose jobs name it with job['sql_id']; plan is the
        physical plan text, its first operator names the root of sparkPlanInfo."""
        lines = plan.split('\n')
        root = lines[1].split(' (')[0].lstrip('+-* ') if len(lines) > 1 else 'Execute'
        self.sql.append(dict(id=execution_id, description=description, details=details, plan=plan, start=start,
                             end=end, error=error, root=root))

    # -- pieces

    def _metrics(self, st, t):
        m = t.get('_metrics')
        if m is None:
            ok = t['status'] == 'SUCCESS'
            m = task_metrics(self.rng, st['kind'], max(0, t['duration'] - self.rng.randint(20, 60)), ok,
                             t.get('scale', 1.0))
            if t['status'] != 'SUCCESS':
                m['executorRunTime'] = max(0, t['duration'] - 40)
                m['executorCpuTime'] = int(m['executorRunTime'] * 0.8 * 1000000)
                m['jvmGcTime'] = int(m['executorRunTime'] * 0.04)
            _merge_metrics(m, t.get('metrics_update') or {})
            t['_metrics'] = m
        return m

    @staticmethod
    def _metrics_json(m):
        sr, sw = m['shuffleReadMetrics'], m['shuffleWriteMetrics']
        return {
            'Executor Deserialize Time': m['executorDeserializeTime'],
            'Executor Deserialize CPU Time': m['executorDeserializeCpuTime'],
            'Executor Run Time': m['executorRunTime'],
            'Executor CPU Time': m['executorCpuTime'],
            'Peak Execution Memory': m['peakExecutionMemory'],
            'Result Size': m['resultSize'],
            'JVM GC Time': m['jvmGcTime'],
            'Result Serialization Time': m['resultSerializationTime'],
            'Memory Bytes Spilled': m['memoryBytesSpilled'],
            'Disk Bytes Spilled': m['diskBytesSpilled'],
            'Shuffle Read Metrics': {
                'Remote Blocks Fetched': sr['remoteBlocksFetched'],
                'Local Blocks Fetched': sr['localBlocksFetched'],
                'Fetch Wait Time': sr['fetchWaitTime'],
                'Remote Bytes Read': sr['remoteBytesRead'],
                'Remote Bytes Read To Disk': sr['remoteBytesReadToDisk'],
                'Local Bytes Read': sr['localBytesRead'],
                'Total Records Read': sr['recordsRead'],
                'Remote Requests Duration': sr['remoteReqsDuration'],
                'Push Based Shuffle': {k: sr['shufflePushReadMetrics'][r] for k, r in PUSH_READ},
            },
            'Shuffle Write Metrics': {'Shuffle Bytes Written': sw['bytesWritten'],
                                      'Shuffle Write Time': sw['writeTime'],
                                      'Shuffle Records Written': sw['recordsWritten']},
            'Input Metrics': {'Bytes Read': m['inputMetrics']['bytesRead'],
                              'Records Read': m['inputMetrics']['recordsRead']},
            'Output Metrics': {'Bytes Written': m['outputMetrics']['bytesWritten'],
                               'Records Written': m['outputMetrics']['recordsWritten']},
            'Updated Blocks': [],
        }

    def _executor_metrics(self, eid, ok):
        """Task Executor Metrics: the executor's peaks so far for a task that reported them, zeros otherwise."""
        peak = (self.sp.executors.get(eid) or {}).get('peak') or {}
        return {k: (peak.get(k, 0) if ok else 0) for k in EXECUTOR_METRIC_NAMES[:21]}

    def _task_info(self, st, t, finished):
        ex = self.sp.executors[t['exec']]
        return {
            'Task ID': t['tid'], 'Index': t['index'], 'Attempt': t['attempt'],
            'Partition ID': t.get('partition', t['index']), 'Launch Time': t['launch'], 'Executor ID': t['exec'],
            'Host': ex['host'],
            'Locality': t.get('locality', 'PROCESS_LOCAL' if st['kind'] == 'scan' else 'NODE_LOCAL'),
            'Speculative': t['speculative'], 'Getting Result Time': 0,
            'Finish Time': t['launch'] + t['duration'] if finished else 0,
            'Failed': finished and t['status'] == 'FAILED', 'Killed': finished and t['status'] == 'KILLED',
            'Accumulables': [],
        }

    def _end_reason(self, t):
        end = t.get('end')
        if end is None:
            if t['status'] == 'SUCCESS':
                return {'Reason': 'Success'}, True
            if t['status'] == 'KILLED':
                end = task_killed(t['error'] or 'unknown reason')
            elif (t['error'] or '').startswith('ExecutorLostFailure'):
                raise ValueError('task %d: give ExecutorLostFailure ends explicitly (executor_lost)' % t['tid'])
            else:
                end = _exception_from_text(t['error'] or 'java.lang.RuntimeException')
        r = end['Reason']
        if r == 'ExceptionFailure':
            return {'Reason': r, 'Class Name': end['class'], 'Description': end['description'],
                    'Stack Trace': [_frame_json(f) for f in end['frames']], 'Full Stack Trace': end['full'],
                    'Accumulator Updates': []}, True
        if r == 'ExecutorLostFailure':
            return {'Reason': r, 'Executor ID': end['exec'], 'Exit Caused By App': end['caused_by_app'],
                    'Loss Reason': end['loss_reason']}, False
        if r == 'FetchFailed':
            j = {'Reason': r}
            if end['bm']:
                j['Block Manager Address'] = {'Executor ID': end['bm'][0], 'Host': end['bm'][1], 'Port': end['bm'][2]}
            j.update({'Shuffle ID': end['shuffle'], 'Map ID': end['map_id'], 'Map Index': end['map_index'],
                      'Reduce ID': end['reduce'], 'Message': end['message']})
            return j, False
        if r == 'TaskKilled':
            return {'Reason': r, 'Kill Reason': end['kill_reason'], 'Accumulator Updates': []}, True
        return {'Reason': r}, False

    def _rdd_infos(self, st):
        ids = st['rdd_ids'] or [st['stage_id']]
        n = st['num_tasks'] or len({t['index'] for t in st['tasks']})
        out = []
        for k, rid in enumerate(ids):
            last = k == len(ids) - 1
            if last and st['kind'] == 'scan':
                name = 'FileScanRDD'
            elif last:
                name = 'ShuffledRowRDD'
            else:
                name = 'MapPartitionsRDD'
            info = {'RDD ID': rid, 'Name': name,
                    'Scope': json.dumps({'id': str(rid * 3 + 1),
                                         'name': 'Exchange' if k == 0 else 'WholeStageCodegen (%d)' % k},
                                        separators=(',', ':')),
                    'Callsite': st['name'], 'Parent IDs': [] if last else [ids[k + 1]],
                    'Storage Level': {'Use Disk': False, 'Use Memory': False, 'Use Off Heap': False,
                                      'Deserialized': False, 'Replication': 1},
                    'Barrier': False, 'DeterministicLevel': 'DETERMINATE', 'Number of Partitions': n,
                    'Number of Cached Partitions': 0, 'Memory Size': 0, 'Disk Size': 0}
            out.append(info)
        return out

    def _stage_info(self, st, submitted=None, completed=None, failure=None, accumulables=True):
        j = {'Stage ID': st['stage_id'], 'Stage Attempt ID': st['attempt'], 'Stage Name': st['name'],
             'Number of Tasks': st['num_tasks'] or len({t['index'] for t in st['tasks']}),
             'RDD Info': self._rdd_infos(st), 'Parent IDs': st.get('parents', []), 'Details': st['details'] or ''}
        if submitted is not None:
            j['Submission Time'] = submitted
        if completed is not None:
            j['Completion Time'] = completed
        if failure is not None:
            j['Failure Reason'] = failure
        j['Accumulables'] = []
        j['Resource Profile Id'] = st['rp']
        j['Shuffle Push Enabled'] = False
        j['Shuffle Push Mergers Count'] = 0
        return j

    @staticmethod
    def _stage_end(st):
        if st['completed'] is not None:
            return st['completed']
        return max((t['launch'] + t['duration'] for t in st['tasks']), default=st['submitted'])

    def _properties(self, jb, st=None):
        p = {}
        if jb and jb.get('description'):
            p['spark.job.description'] = jb['description']
        if jb and jb.get('group'):
            p['spark.jobGroup.id'] = jb['group']
        if st is not None:
            p['resource.executor.cores'] = str(self.app['executor_cores'])
        scope = {'id': str(100 + (jb['job_id'] if jb else 0)), 'name': 'mapPartitionsInternal'}
        p['spark.rdd.scope'] = json.dumps(scope, separators=(',', ':'))
        if jb and jb.get('sql_id') is not None:
            p['spark.sql.execution.root.id'] = str(jb['sql_id'])
            p['spark.sql.execution.id'] = str(jb['sql_id'])
        p['callSite.short'] = jb['name'] if jb else st['name']
        p['spark.rdd.scope.noOverride'] = 'true'
        return p

    # -- the event list

    def events(self):
        """Returns the events as JSON-ready dicts in log order."""
        app, sp = self.app, self.sp
        env = environment_json(app, self.props, python=self.python)
        rp = env['resourceProfiles'][0]
        head = [
            {'Event': 'SparkListenerLogStart', 'Spark Version': self.spark_version},
            {'Event': 'SparkListenerResourceProfileAdded', 'Resource Profile Id': 0,
             'Executor Resource Requests': {k: {'Resource Name': v['resourceName'], 'Amount': v['amount'],
                                                'Discovery Script': v['discoveryScript'], 'Vendor': v['vendor']}
                                            for k, v in rp['executorResources'].items()},
             'Task Resource Requests': {'cpus': {'Resource Name': 'cpus', 'Amount': 1.0}}},
        ]
        drv = sp.executors.get('driver')
        if drv:
            head.append(self._bm_added(drv))
        head.append({'Event': 'SparkListenerEnvironmentUpdate',
                     'JVM Information': {'Java Home': env['runtime']['javaHome'],
                                         'Java Version': env['runtime']['javaVersion'],
                                         'Scala Version': env['runtime']['scalaVersion']},
                     'Spark Properties': dict(env['sparkProperties']),
                     'Hadoop Properties': dict(env['hadoopProperties']),
                     'System Properties': dict(env['systemProperties']),
                     'Metrics Properties': dict(env['metricsProperties']),
                     'Classpath Entries': dict(env['classpathEntries'])})
        head.append({'Event': 'SparkListenerApplicationStart', 'App Name': app['name'], 'App ID': app['id'],
                     'Timestamp': self.start, 'User': self.user})
        ev = []

        def add(t, kind, obj):
            ev.append((t, PHASE[kind], len(ev), obj))

        for eid, x in sp.executors.items():
            if eid == 'driver':
                continue
            add(x['add'], 'ExecutorAdded', {
                'Event': 'SparkListenerExecutorAdded', 'Timestamp': x['add'], 'Executor ID': eid,
                'Executor Info': {'Host': x['host'], 'Total Cores': x['cores'], 'Log Urls': {}, 'Attributes': {},
                                  'Resources': {}, 'Resource Profile Id': x['rp'], 'Registration Time': x['add']}})
            add(x['add'] + 38, 'BlockManagerAdded', self._bm_added(x, x['add'] + 38))
            if x['remove'] is not None and x['reason'] is not None:
                add(x['remove'], 'ExecutorRemoved', {'Event': 'SparkListenerExecutorRemoved', 'Timestamp': x['remove'],
                                                     'Executor ID': eid, 'Removed Reason': x['reason']})
                add(x['remove'] + 3, 'BlockManagerRemoved', {
                    'Event': 'SparkListenerBlockManagerRemoved',
                    'Block Manager ID': {'Executor ID': eid, 'Host': x['host'], 'Port': x['port']},
                    'Timestamp': x['remove'] + 3})
        for q in self.sql:
            add(q['start'], 'SQLStart', {
                'Event': SQL_UI + 'SparkListenerSQLExecutionStart', 'executionId': q['id'], 'rootExecutionId': q['id'],
                'description': q['description'], 'details': q['details'], 'physicalPlanDescription': q['plan'],
                'sparkPlanInfo': {'nodeName': q['root'], 'simpleString': q['root'], 'children': [], 'metadata': {},
                                  'metrics': []},
                'time': q['start'], 'modifiedConfigs': {}, 'jobTags': []})
            if q['end'] is not None:
                add(q['end'], 'SQLEnd', {'Event': SQL_UI + 'SparkListenerSQLExecutionEnd', 'executionId': q['id'],
                                         'time': q['end'], 'errorMessage': q['error']})
        stages_by_id = {}
        for st in sp.stages:
            stages_by_id.setdefault(st['stage_id'], []).append(st)
        jobs_of_stage = {}
        for jb in sp.jobs:
            for sid in jb['stage_ids']:
                jobs_of_stage.setdefault(sid, []).append(jb)
        for jb in sp.jobs:
            infos = []
            for sid in jb['stage_ids']:
                runs = [s for s in stages_by_id.get(sid, []) if not s['skipped']]
                before = [s for s in runs if s['submitted'] < jb['submitted']]
                if before:
                    s = before[-1]
                    infos.append(self._stage_info(s, s['submitted'], self._stage_end(s), s['failure']))
                else:
                    s = runs[0] if runs else stages_by_id[sid][0]
                    infos.append(self._stage_info(dict(s, attempt=0)))
            add(jb['submitted'], 'JobStart', {
                'Event': 'SparkListenerJobStart', 'Job ID': jb['job_id'], 'Submission Time': jb['submitted'],
                'Stage Infos': infos, 'Stage IDs': jb['stage_ids'], 'Properties': self._properties(jb)})
            if jb['completed'] is not None:
                if jb['status'] == 'SUCCEEDED':
                    result = {'Result': 'JobSucceeded'}
                else:
                    result = {'Result': 'JobFailed', 'Exception': {
                        'Message': jb.get('failure') or 'Job %d cancelled' % jb['job_id'],
                        'Stack Trace': [_frame_json(f) for f in jb.get('failure_frames', [])]}}
                add(jb['completed'], 'JobEnd', {'Event': 'SparkListenerJobEnd', 'Job ID': jb['job_id'],
                                                'Completion Time': jb['completed'], 'Job Result': result})
        for st in sp.stages:
            if st['skipped']:
                continue
            jb = next((j for j in jobs_of_stage.get(st['stage_id'], []) if j['submitted'] <= st['submitted']), None)
            add(st['submitted'], 'StageSubmitted', {
                'Event': 'SparkListenerStageSubmitted', 'Stage Info': self._stage_info(st, st['submitted']),
                'Properties': self._properties(jb, st)})
            task_type = st.get('task_type') or ('ShuffleMapTask' if st['kind'] == 'scan' else 'ResultTask')
            for t in st['tasks']:
                add(t['launch'], 'TaskStart', {'Event': 'SparkListenerTaskStart', 'Stage ID': st['stage_id'],
                                               'Stage Attempt ID': st['attempt'],
                                               'Task Info': self._task_info(st, t, False)})
                if t['status'] == 'RUNNING':
                    continue
                reason, has_metrics = self._end_reason(t)
                end = {'Event': 'SparkListenerTaskEnd', 'Stage ID': st['stage_id'], 'Stage Attempt ID': st['attempt'],
                       'Task Type': task_type, 'Task End Reason': reason,
                       'Task Info': self._task_info(st, t, True),
                       'Task Executor Metrics': self._executor_metrics(t['exec'], t['status'] == 'SUCCESS')}
                if has_metrics:
                    end['Task Metrics'] = self._metrics_json(self._metrics(st, t))
                add(t['launch'] + t['duration'], 'TaskEnd', end)
                if t.get('resubmitted_at') is not None:
                    add(t['resubmitted_at'], 'TaskEnd', {
                        'Event': 'SparkListenerTaskEnd', 'Stage ID': st['stage_id'], 'Stage Attempt ID': st['attempt'],
                        'Task Type': task_type, 'Task End Reason': {'Reason': 'Resubmitted'},
                        'Task Info': self._task_info(st, t, True),
                        'Task Executor Metrics': self._executor_metrics(t['exec'], False)})
            if st['status'] != 'ACTIVE':
                add(self._stage_end(st), 'StageCompleted', {
                    'Event': 'SparkListenerStageCompleted',
                    'Stage Info': self._stage_info(st, st['submitted'], self._stage_end(st), st['failure'])})
        if self.end is not None:
            add(self.end, 'ApplicationEnd', {'Event': 'SparkListenerApplicationEnd', 'Timestamp': self.end})
        ev.sort(key=lambda e: (e[0], e[1], e[2]))
        return head + [e[3] for e in ev]

    def _bm_added(self, x, t=None):
        t = t if t is not None else self.start + 3066
        return {'Event': 'SparkListenerBlockManagerAdded',
                'Block Manager ID': {'Executor ID': x['id'], 'Host': x['host'], 'Port': x['port']},
                'Maximum Memory': x['max_memory'], 'Timestamp': t, 'Maximum Onheap Memory': x['max_memory'],
                'Maximum Offheap Memory': 0}

    def text(self):
        return ''.join(json.dumps(e, separators=(',', ':'), ensure_ascii=False) + '\n' for e in self.events())

    def write_single(self, bundle_dir, in_progress=False):
        """eventlogs/<app-id>[.inprogress]: the single-file layout."""
        path = os.path.join(bundle_dir, 'eventlogs', self.app['id'] + ('.inprogress' if in_progress else ''))
        write_text(path, self.text())
        return path

    def write_rolling(self, bundle_dir):
        """eventlogs/eventlog_v2_<app-id>/: one events_1 part (the log is far below the 128m roll size) and
        the appstatus marker of a finished application. Spark leaves the marker empty; only its name
        counts, so ours holds the application id as a reminder of what it marks."""
        d = os.path.join(bundle_dir, 'eventlogs', 'eventlog_v2_' + self.app['id'])
        write_text(os.path.join(d, 'events_1_' + self.app['id']), self.text())
        write_text(os.path.join(d, 'appstatus_' + self.app['id'] + ('' if self.end is not None else '.inprogress')),
                   self.app['id'] + '\n')
        return d



def eventlog_source(prefix='s3://acme-spark-logs/eventlogs/'):
    """manifest source entry for event logs copied from spark.eventLog.dir."""
    return ('eventlogs/', lambda rel: 'aws s3 cp %s%s -' % (prefix, rel[len('eventlogs/'):]))
