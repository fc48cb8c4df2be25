"""shuffle-fetch-failed-executor-lost: an event log alone. A PySpark applyInPandas stage meets one customer
with 90 million events; the Python worker holding that group outgrows the container, the kernel OOM-kills
the executor (exit 137) and its shuffle output goes with it. The reducers reading from it fail with
FetchFailed, Spark re-runs the lost map output and the stage, and the same group kills the next executor:
four attempts, four executors, then the job is aborted and the write stage never runs."""
import random

from common import *  # noqa
from eventlog import EventLog, eventlog_source, fetch_failed_error_message, executor_lost_error_message
from shuffle_sim import Loss, Slots, run_reading_attempt, run_stage
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/shuffle-fetch-failed-executor-lost/bundle')
IMAGE = 'registry.acme.io/data/spark-py:3.5.1-features-3.4.0'
APP = make_app('spark-8e4c2b7f19d34a6e8c0f5a1b3d7e9c24', 'customer-features-daily', '10.42.12.40', 6144, 4,
               main_file='local:///opt/spark/work-dir/customer_features.py')
EXEC_IPS = ['10.42.12.131', '10.42.27.58', '10.42.12.207', '10.42.27.174', '10.42.27.92', '10.42.12.66',
            '10.42.27.219', '10.42.12.19']
STORAGE = int((6144 - 300) * 0.6 * 1048576)
APP_START = T('2026-07-14T01:30:12.480')
JOB0 = T('2026-07-14T01:31:09.336')
COLLECTED = T('2026-07-14T02:12:37')
NAME = 'parquet at NativeMethodAccessorImpl.java:0'
DETAILS = '\n'.join([
    'org.apache.spark.sql.DataFrameWriter.parquet(DataFrameWriter.scala:802)',
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
    'java.base/java.lang.Thread.run(Thread.java:840)'])
PLAN = '\n'.join([
    '== Physical Plan ==',
    'Execute InsertIntoHadoopFsRelationCommand (8)',
    '+- Exchange hashpartitioning(event_date#41, 32), REPARTITION_BY_COL, [plan_id=57] (7)',
    '   +- FlatMapGroupsInPandas [customer_id#12L], customer_features(customer_id#12L, event_ts#13, amount#14), '
    '[customer_id#60L, event_date#41, features#62] (6)',
    '      +- * Sort [customer_id#12L ASC NULLS FIRST], false, 0 (5)',
    '         +- Exchange hashpartitioning(customer_id#12L, 32), ENSURE_REQUIREMENTS, [plan_id=51] (4)',
    '            +- * Project [customer_id#12L, event_ts#13, amount#14] (3)',
    '               +- * ColumnarToRow (2)',
    '                  +- Scan parquet  (1)',
])
HOT = 7             # the reduce partition of customer 4471920 (90 million events)
MAPS, REDUCES = 24, 32

READ_FRAMES = [
    'org.apache.spark.errors.SparkCoreErrors$.fetchFailedError(SparkCoreErrors.scala:437)',
    'org.apache.spark.storage.ShuffleBlockFetcherIterator.throwFetchFailedException(ShuffleBlockFetcherIterator.scala:1239)',
    'org.apache.spark.storage.ShuffleBlockFetcherIterator.next(ShuffleBlockFetcherIterator.scala:971)',
    'org.apache.spark.storage.ShuffleBlockFetcherIterator.next(ShuffleBlockFetcherIterator.scala:86)',
    'org.apache.spark.util.CompletionIterator.next(CompletionIterator.scala:29)',
    'scala.collection.Iterator$$anon$11.nextCur(Iterator.scala:486)',
    'scala.collection.Iterator$$anon$11.hasNext(Iterator.scala:492)',
    'scala.collection.Iterator$$anon$10.hasNext(Iterator.scala:460)',
    'org.apache.spark.util.CompletionIterator.hasNext(CompletionIterator.scala:31)',
    'org.apache.spark.InterruptibleIterator.hasNext(InterruptibleIterator.scala:37)',
    'scala.collection.Iterator$$anon$10.hasNext(Iterator.scala:460)',
    'org.apache.spark.sql.execution.UnsafeExternalRowSorter.sort(UnsafeExternalRowSorter.java:225)',
    'org.apache.spark.sql.execution.SortExec.$anonfun$doExecute$1(SortExec.scala:119)',
    'org.apache.spark.rdd.RDD.$anonfun$mapPartitionsInternal$2(RDD.scala:893)',
    'org.apache.spark.rdd.MapPartitionsRDD.compute(MapPartitionsRDD.scala:52)',
    'org.apache.spark.rdd.RDD.computeOrReadCheckpoint(RDD.scala:367)',
    'org.apache.spark.rdd.RDD.iterator(RDD.scala:331)',
    'org.apache.spark.shuffle.ShuffleWriteProcessor.write(ShuffleWriteProcessor.scala:59)',
    'org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:104)',
    'org.apache.spark.scheduler.ShuffleMapTask.runTask(ShuffleMapTask.scala:54)',
] + EXECUTOR_TASK_FRAMES[1:]
METADATA_FRAMES = [
    'org.apache.spark.MapOutputTracker$.validateStatus(MapOutputTracker.scala:1739)',
    'org.apache.spark.MapOutputTracker$.$anonfun$convertMapStatuses$11(MapOutputTracker.scala:1716)',
    'org.apache.spark.MapOutputTracker$.$anonfun$convertMapStatuses$11$adapted(MapOutputTracker.scala:1715)',
    'scala.collection.Iterator.foreach(Iterator.scala:943)',
    'scala.collection.Iterator.foreach$(Iterator.scala:943)',
    'scala.collection.AbstractIterator.foreach(Iterator.scala:1431)',
    'org.apache.spark.MapOutputTracker$.convertMapStatuses(MapOutputTracker.scala:1715)',
    'org.apache.spark.MapOutputTrackerWorker.getMapSizesByExecutorIdImpl(MapOutputTracker.scala:1358)',
    'org.apache.spark.MapOutputTrackerWorker.getMapSizesByExecutorId(MapOutputTracker.scala:1320)',
    'org.apache.spark.shuffle.sort.SortShuffleManager.getReader(SortShuffleManager.scala:140)',
    'org.apache.spark.shuffle.ShuffleManager.getReader(ShuffleManager.scala:63)',
    'org.apache.spark.shuffle.ShuffleManager.getReader$(ShuffleManager.scala:57)',
    'org.apache.spark.shuffle.sort.SortShuffleManager.getReader(SortShuffleManager.scala:73)',
    'org.apache.spark.sql.execution.ShuffledRowRDD.compute(ShuffledRowRDD.scala:208)',
    'org.apache.spark.rdd.RDD.computeOrReadCheckpoint(RDD.scala:367)',
    'org.apache.spark.rdd.RDD.iterator(RDD.scala:331)',
] + READ_FRAMES[13:]


def ff_message(host, port):
    """Utils.exceptionString of the FetchFailedException a reducer throws when the executor is gone."""
    addr = '/%s:%d' % (host, port)
    return stack('org.apache.spark.shuffle.FetchFailedException: Failed to connect to ' + addr, READ_FRAMES, causes=[
        ('java.io.IOException: Failed to connect to ' + addr, [
            'org.apache.spark.network.client.TransportClientFactory.createClient(TransportClientFactory.java:294)',
            'org.apache.spark.network.client.TransportClientFactory.createClient(TransportClientFactory.java:214)',
            'org.apache.spark.network.netty.NettyBlockTransferService$$anon$2.createAndStart(NettyBlockTransferService.scala:131)',
            'org.apache.spark.network.shuffle.RetryingBlockTransferor.transferAllOutstanding(RetryingBlockTransferor.java:173)',
            'org.apache.spark.network.shuffle.RetryingBlockTransferor.lambda$initiateRetry$0(RetryingBlockTransferor.java:206)',
            'java.base/java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:539)',
            'java.base/java.util.concurrent.FutureTask.run(FutureTask.java:264)',
            'java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)',
            'java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)',
            'io.netty.util.concurrent.FastThreadLocalRunnable.run(FastThreadLocalRunnable.java:30)',
            'java.base/java.lang.Thread.run(Thread.java:840)'], None),
        ('io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: ' + addr, [], None),
        ('java.net.ConnectException: Connection refused', [
            'java.base/sun.nio.ch.Net.pollConnect(Native Method)',
            'java.base/sun.nio.ch.Net.pollConnectNow(Net.java:672)',
            'java.base/sun.nio.ch.SocketChannelImpl.finishConnect(SocketChannelImpl.java:946)',
            'io.netty.channel.socket.nio.NioSocketChannel.doFinishConnect(NioSocketChannel.java:337)',
            'io.netty.channel.nio.AbstractNioChannel$AbstractNioUnsafe.finishConnect(AbstractNioChannel.java:334)',
            'io.netty.channel.nio.NioEventLoop.processSelectedKey(NioEventLoop.java:776)',
            'io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java:562)'], 4)])


def meta_message(partition):
    return stack('org.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 0 '
                 'partition %d' % partition, METADATA_FRAMES)


def build():
    reset(OUT)
    rng = random.Random(71430)
    sp = Spark(APP, 71430)
    bm = {}
    execs = {}        # id -> dict(ip, registered, started)
    slots = Slots()

    def new_executor(eid, registered):
        ip = EXEC_IPS[int(eid) - 1]
        execs[eid] = dict(ip=ip, registered=registered, started=registered - rng.randint(7_400, 8_900))
        bm[eid] = (ip, 34000 + int(eid) * 1021)
        slots.add(eid, 4, registered)

    for n, e in enumerate('1234'):
        new_executor(e, APP_START + 9_810 + n * 287 + rng.randint(0, 90))

    def map_duration(rnd):
        return lambda idx, attempt, eid: random.Random('map%d.%d.%d' % (rnd, idx, attempt)).randint(12_500, 22_000)

    def reduce_duration(rnd):
        def duration(idx, attempt, eid):
            if idx == HOT:
                return 400_000
            return random.Random('red%d.%d.%d' % (rnd, idx, attempt)).randint(18_000, 34_000)
        return duration

    def oom_reason(eid, died):
        x = execs[eid]
        return k8s_exit_message(eid, 137, HINTS[137], IMAGE, x['started'], died, 'OOMKilled')

    map_out = {}      # map partition -> task holding its output
    red_out = {}      # reduce partition -> task holding its output (shuffle 1)
    stage_attempts = []
    t = JOB0 + 23
    lost = []
    next_exec = 5
    for rnd in range(4):
        missing_maps = [m for m in range(MAPS) if m not in map_out]
        if missing_maps:
            s0_sub = t
            maps = run_stage(slots, s0_sub + 28, missing_maps, map_duration(rnd))
            for mt in maps:
                map_out[mt['index']] = mt
            s0_end = max(mt['launch'] + mt['duration'] for mt in maps) + 31
            stage_attempts.append(('map', rnd, s0_sub, s0_end, maps, None))
            t = s0_end + 17
        pending = [p for p in range(REDUCES) if p not in red_out]
        hot_after = random.Random('hot%d' % rnd).randint(46_000, 58_000)
        r = run_reading_attempt(
            slots, t + 26, pending, reduce_duration(rnd),
            holdings=lambda eid: sorted(((m, mt) for m, mt in map_out.items() if mt['exec'] == eid),
                                        key=lambda x: x[0]),
            loss=Loss(oom_reason, True, random.Random('det%d' % rnd).randint(1_100, 1_900), hot_index=HOT,
                      hot_after=hot_after),
            shuffle_id=0, bm_of=lambda eid: bm[eid], ff_message=ff_message, meta_message=meta_message)
        assert r['failed_at'], 'attempt %d did not fail' % rnd
        x = r['lost_exec']
        assert any(mt['exec'] == x for mt in map_out.values()), 'executor %s held no map output' % x
        lost.append((x, r['died'], r['detected'], r['lost_reason']))
        for rt in r['tasks']:
            if rt['status'] == 'SUCCESS' and rt['exec'] != x:
                red_out[rt['index']] = rt
        for m in [m for m, mt in map_out.items() if mt['exec'] == x]:
            del map_out[m]
        for p in [p for p, rt in red_out.items() if rt['exec'] == x]:
            del red_out[p]
        r['num_tasks'] = len(pending)
        stage_attempts.append(('reduce', rnd, t, r['failed_at'], r['tasks'], r))
        if rnd < 3:   # Spark asks for a replacement as soon as the loss is known (not after the abort)
            new_executor(str(next_exec), r['detected'] + random.Random('reg%d' % rnd).randint(15_800, 19_400))
            next_exec += 1
        t = r['failed_at'] + 200 + random.Random('resub%d' % rnd).randint(6, 30)
    last = stage_attempts[-1][5]
    abort = last['failed_at'] + 3
    zombies = [rt for a in stage_attempts for rt in a[4] if rt['launch'] + rt['duration'] > abort]
    assert not zombies, ['%d.%d' % (z['index'], z['attempt']) for z in zombies]
    job_end = abort + 9
    app_end = job_end + 1_672

    # ---------------------------------------------------------------- the model
    dead = {x: (died, detected, reason) for x, died, detected, reason in lost}
    for eid, x in execs.items():
        removed = dead.get(eid)
        sp.executor(eid, x['ip'], x['registered'], 4, STORAGE, remove_ms=removed[1] if removed else None,
                    remove_reason=removed[2] if removed else None, port=bm[eid][1],
                    peak={'JVMHeapMemory': rng.randint(2_400_000_000, 3_900_000_000),
                          'JVMOffHeapMemory': rng.randint(140_000_000, 190_000_000),
                          'OnHeapExecutionMemory': rng.randint(900_000_000, 1_900_000_000),
                          'MinorGCCount': rng.randint(40, 90), 'MinorGCTime': rng.randint(900, 2600),
                          'MajorGCCount': rng.randint(1, 4), 'MajorGCTime': rng.randint(300, 1400),
                          'TotalGCTime': rng.randint(1_500, 4_000)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0,
                int((APP['driver_memory_mb'] - 300) * 0.6 * 1048576), port=7079)
    red_failure = None
    for kind, rnd, sub, end, tasks, r in stage_attempts:
        if kind == 'map':
            st = sp.stage(0, NAME, 'scan', sub, tasks, attempt=rnd, completed=end, rdd_ids=[3, 2, 1, 0],
                          details=DETAILS)
            st['parents'] = []
            continue
        first = min((rt for rt in tasks if (rt.get('end') or {}).get('Reason') == 'FetchFailed'),
                    key=lambda rt: rt['launch'] + rt['duration'])
        red_failure = first['end']['message']
        st = sp.stage(1, NAME, 'reduce', sub, tasks, attempt=rnd, completed=end, failure=red_failure,
                      rdd_ids=[9, 8, 7, 6, 5, 4], details=DETAILS, num_tasks=r['num_tasks'])
        st['parents'] = [0]
        st['task_type'] = 'ShuffleMapTask'
        for rt in tasks:
            rt['partition'] = rt['index']
            if rt['status'] == 'FAILED' and rt['end']['Reason'] == 'ExecutorLostFailure':
                rt['error'] = executor_lost_error_message(rt['end'])
    # FetchFailed names the map task by its task id, known once every stage attempt is numbered.
    for st in sp.stages:
        for rt in st['tasks']:
            e = rt.get('end')
            if e and e['Reason'] == 'FetchFailed' and not isinstance(e['map_id'], int):
                e['map_id'] = e['map_id']['tid']
                rt['error'] = fetch_failed_error_message(e)
    sp.stage(2, NAME, 'reduce', JOB0, [], skipped=True, num_tasks=REDUCES, rdd_ids=[12, 11, 10], details=DETAILS)
    sp.stages[-1]['parents'] = [1]
    failure = ('Job aborted due to stage failure: ShuffleMapStage 1 (%s) has failed the maximum allowable number '
               'of times: 4. Most recent failure reason:\n%s' % (NAME, red_failure))
    sp.job(0, NAME, [0, 1, 2], JOB0, job_end, 'FAILED')
    sp.jobs[-1]['failure'] = failure
    sp.jobs[-1]['failure_frames'] = DRIVER_ABORT_FRAMES[:11]
    sp.jobs[-1]['sql_id'] = 0

    props = base_props(APP, IMAGE, APP_START, python=True, executors=4, extra={
        'spark.executor.memoryOverhead': '1g', 'spark.sql.adaptive.enabled': 'false',
        'spark.sql.shuffle.partitions': '32', 'spark.sql.execution.arrow.pyspark.enabled': 'true',
        'spark.kubernetes.executor.deleteOnTermination': 'true'})
    log = EventLog(APP, sp, props, APP_START, app_end, seed=71430, python=True)
    log.sql_execution(0, NAME, DETAILS, PLAN, JOB0 - 655, job_end + 24, error=failure)
    log.write_single(OUT)
    manifest(OUT, APP, COLLECTED, COLLECTED - 3600 * 1000, [eventlog_source()])


if __name__ == '__main__':
    build()
