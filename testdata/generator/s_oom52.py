"""executor-jvm-oom-52: heap OOM in one executor reading huge Parquet row groups; exit 52; retry succeeds."""
import random

from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/executor-jvm-oom-52/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-c360-2.7.0'
APP = make_app('spark-2b8e61f0c93d47a5a1e4d7c0f58b9e21', 'customer-360-export', '10.42.21.60', 4096, 4,
               main_file='local:///opt/spark/jars/c360-export-2.7.0.jar', main_class='com.acme.c360.ExportProfiles')
NODES = {
    'A': ('ip-10-42-21-14.eu-west-1.compute.internal', '10.42.21.14', 'eu-west-1a'),
    'B': ('ip-10-42-36-77.eu-west-1.compute.internal', '10.42.36.77', 'eu-west-1b'),
}
EXECS = {'1': ('A', '10.42.21.102'), '2': ('A', '10.42.21.87'), '3': ('B', '10.42.36.15'),
         '4': ('B', '10.42.36.140'), '5': ('B', '10.42.36.201')}
BM = {e: 36000 + int(e) * 1031 for e in EXECS}
RPC = {e: 40100 + int(e) * 577 for e in EXECS}
DRIVER_CREATED = T('2026-03-18T04:02:10')
DRIVER_STARTED = T('2026-03-18T04:02:18')
APP_START = T('2026-03-18T04:02:22.517')
EXEC_CREATED = T('2026-03-18T04:02:26')
JOB0 = T('2026-03-18T04:03:40.118')
COLLECTED = T('2026-03-18T04:31:09')

OOM_FRAMES = [
    'java.base/java.nio.HeapByteBuffer.<init>(HeapByteBuffer.java:64)',
    'java.base/java.nio.ByteBuffer.allocate(ByteBuffer.java:363)',
    'org.apache.parquet.bytes.HeapByteBufferAllocator.allocate(HeapByteBufferAllocator.java:32)',
    'org.apache.parquet.hadoop.ParquetFileReader$ConsecutivePartList.readAll(ParquetFileReader.java:1850)',
    'org.apache.parquet.hadoop.ParquetFileReader.internalReadRowGroup(ParquetFileReader.java:990)',
    'org.apache.parquet.hadoop.ParquetFileReader.readNextRowGroup(ParquetFileReader.java:940)',
    'org.apache.parquet.hadoop.ParquetFileReader.readNextFilteredRowGroup(ParquetFileReader.java:1082)',
    'org.apache.spark.sql.execution.datasources.parquet.VectorizedParquetRecordReader.checkEndOfRowGroup(VectorizedParquetRecordReader.java:416)',
    'org.apache.spark.sql.execution.datasources.parquet.VectorizedParquetRecordReader.nextBatch(VectorizedParquetRecordReader.java:335)',
    'org.apache.spark.sql.execution.datasources.parquet.VectorizedParquetRecordReader.nextKeyValue(VectorizedParquetRecordReader.java:223)',
    'org.apache.spark.sql.execution.datasources.RecordReaderIterator.hasNext(RecordReaderIterator.scala:39)',
    'org.apache.spark.sql.execution.datasources.FileScanRDD$$anon$1.hasNext(FileScanRDD.scala:131)',
    'org.apache.spark.sql.execution.datasources.FileScanRDD$$anon$1.nextIterator(FileScanRDD.scala:286)',
    'org.apache.spark.sql.execution.datasources.FileScanRDD$$anon$1.hasNext(FileScanRDD.scala:131)',
    'org.apache.spark.sql.execution.FileSourceScanExec$$anon$1.hasNext(DataSourceScanExec.scala:593)',
    'org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage1.columnartorow_nextBatch_0$(Unknown Source)',
    'org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage1.processNext(Unknown Source)',
    'org.apache.spark.sql.execution.BufferedRowIterator.hasNext(BufferedRowIterator.java:43)',
    'org.apache.spark.sql.execution.WholeStageCodegenEvaluatorFactory$WholeStageCodegenPartitionEvaluator$$anon$1.hasNext(WholeStageCodegenEvaluatorFactory.scala:43)',
    'org.apache.spark.sql.execution.datasources.FileFormatDataWriter.writeWithIterator(FileFormatDataWriter.scala:91)',
    'org.apache.spark.sql.execution.datasources.FileFormatWriter$.$anonfun$executeTask$1(FileFormatWriter.scala:403)',
    'org.apache.spark.util.Utils$.tryWithSafeFinallyAndFailureCallbacks(Utils.scala:1397)',
    'org.apache.spark.sql.execution.datasources.FileFormatWriter$.executeTask(FileFormatWriter.scala:410)',
    'org.apache.spark.sql.execution.datasources.WriteFilesExec.$anonfun$doExecuteWrite$1(WriteFiles.scala:100)',
    'org.apache.spark.rdd.RDD.$anonfun$mapPartitionsInternal$2(RDD.scala:893)',
    'org.apache.spark.rdd.RDD.$anonfun$mapPartitionsInternal$2$adapted(RDD.scala:893)',
    'org.apache.spark.rdd.MapPartitionsRDD.compute(MapPartitionsRDD.scala:52)',
    'org.apache.spark.rdd.RDD.computeOrReadCheckpoint(RDD.scala:367)',
    'org.apache.spark.rdd.RDD.iterator(RDD.scala:331)',
] + EXECUTOR_TASK_FRAMES
OOM_TRACE = stack('java.lang.OutOfMemoryError: Java heap space', OOM_FRAMES)


def input_file(i):
    return 's3a://acme-data-lake/curated/customer_profile/snapshot=2026-03-17/part-%05d-7d1c44e2-c000.zstd.parquet' % (i // 2)


def build():
    reset(OUT)
    rng = random.Random(52)
    sp = Spark(APP, 52)
    registered = {e: EXEC_CREATED + 9_800 + int(e) * 311 for e in ('1', '2', '3', '4')}

    def plan(index, attempt, eid, launch):
        if index == 7 and attempt == 0:
            return 97_412, 'FAILKILL', OOM_TRACE + '\n'
        return rng.randint(105_000, 178_000), 'SUCCESS', None

    def replace(dead, now):
        registered['5'] = now + 11_900
        return dict(id='5', registered=registered['5'], cores=4)

    tasks, losses, abort = simulate(rng, JOB0 + 40, [dict(id=e, registered=registered[e], cores=4) for e in '1234'],
                                    96, plan, replace=replace)
    (kill, dead, lost), = losses
    created = {e: EXEC_CREATED for e in '1234'}
    created['5'] = registered['5'] - 10_200
    started = {e: created[e] + 7_000 for e in created}
    reason = k8s_exit_message('2', 52, HINTS[52], IMAGE, started['2'], kill, 'Error')
    for t in lost:
        t['error'] = 'ExecutorLostFailure (executor 2 exited caused by one of the running tasks) Reason: ' + reason
    end = max(t['launch'] + t['duration'] for t in tasks)
    job_end = end + 145
    app_end = job_end + 2210
    for e in registered:
        sp.executor(e, EXECS[e][1], registered[e], 4, 2388236697,
                    remove_ms=kill + 1000 if e == '2' else None, remove_reason=reason if e == '2' else None,
                    peak={'JVMHeapMemory': 4_241_000_000 if e == '2' else rng.randint(2_600_000_000, 3_300_000_000),
                          'JVMOffHeapMemory': rng.randint(140_000_000, 170_000_000),
                          'OnHeapExecutionMemory': rng.randint(10_000_000, 40_000_000),
                          'MinorGCCount': rng.randint(150, 260), 'MinorGCTime': rng.randint(3000, 9000),
                          'MajorGCCount': 6 if e == '2' else 0, 'MajorGCTime': 11_230 if e == '2' else 0,
                          'TotalGCTime': rng.randint(4000, 12000)},
                    port=RPC[e])
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0, 1099746508, port=7079)
    for t in tasks:
        t['file_size'] = 536_870_912 if t['index'] % 2 == 0 else 471_204_118
        t['scale'] = 3.8
    s0 = sp.stage(0, 'save at ExportProfiles.scala:58', 'result', JOB0 + 6, tasks,
                  details='org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
                          'com.acme.c360.ExportProfiles$.run(ExportProfiles.scala:58)\n'
                          'com.acme.c360.ExportProfiles$.main(ExportProfiles.scala:23)\n'
                          'com.acme.c360.ExportProfiles.main(ExportProfiles.scala)',
                  rdd_ids=[2, 1, 0])
    sp.job(0, 'save at ExportProfiles.scala:58', [0], JOB0, job_end, 'SUCCEEDED')
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, IMAGE, APP_START, executors=4, extra={
        'spark.kubernetes.executor.deleteOnTermination': 'false',
        'spark.sql.parquet.columnarReaderBatchSize': '4096',
        'spark.sql.files.maxPartitionBytes': '268435456',
    })
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))

    # driver log
    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    driver_startup(tl, APP, APP_START, 4)
    for e in registered:
        executor_registered(tl, APP, registered[e], e, EXECS[e][1], RPC[e], BM[e])
    tl.add(registered['4'] + 20, 'INFO', 'KubernetesClusterSchedulerBackend',
           'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8')
    tl.add(JOB0 - 41_000, 'INFO', 'SharedState', "Warehouse path is 'file:/opt/spark/work-dir/spark-warehouse'.")
    tl.add(JOB0 - 30_500, 'INFO', 'InMemoryFileIndex', 'It took 2931 ms to list leaf files for 1 paths.')
    tl.add(JOB0 - 900, 'INFO', 'FileSourceStrategy', 'Pushed Filters: IsNotNull(customer_id)')
    tl.add(JOB0 - 890, 'INFO', 'FileSourceStrategy', 'Post-Scan Filters: isnotnull(customer_id#0)')
    tl.add(JOB0 - 610, 'INFO', 'ParquetUtils', 'Using default output committer for Parquet: org.apache.parquet.hadoop.ParquetOutputCommitter')
    tl.add(JOB0 - 120, 'INFO', 'FileSourceScanExec', 'Planning scan with bin packing, max size: 268435456 bytes, open cost is considered as scanning 4194304 bytes.')
    tl.add(JOB0 - 20, 'INFO', 'SparkContext', 'Starting job: save at ExportProfiles.scala:58')
    stage_submit(tl, JOB0, 0, 'save at ExportProfiles.scala:58', 0, 'ResultStage', 'save at ExportProfiles.scala:58',
                 'MapPartitionsRDD[2] at save at ExportProfiles.scala:58', 96)
    task_lines(tl, s0, sp.executors)
    oom_task = [t for t in s0['tasks'] if t['index'] == 7 and t['attempt'] == 0][0]
    t_oom = oom_task['launch'] + oom_task['duration']
    tl.add(t_oom + 12, 'WARN', 'TaskSetManager', 'Lost task 7.0 in stage 0.0 (TID %d) (%s executor 2): %s'
           % (oom_task['tid'], EXECS['2'][1], OOM_TRACE))
    lost_executor(tl, APP, kill + 1000, '2', EXECS['2'][1], reason, BM['2'], 1,
                  [(t['index'], t['attempt'], t['tid']) for t in lost], stage='0.0')
    tl.add(kill + 1900, 'INFO', 'ExecutorPodsAllocator',
           'Going to request 1 executors from Kubernetes for ResourceProfile Id: 0, target: 4, known: 3, sharedSlotFromPendingPods: 2147483647.')
    tl.add(kill + 1950, 'INFO', 'BasicExecutorFeatureStep', 'Decommissioning not enabled, skipping shutdown script')
    executor_registered(tl, APP, registered['5'], '5', EXECS['5'][1], RPC['5'], BM['5'])
    tl.add(job_end - 900, 'INFO', 'FileFormatWriter', 'Start to commit write Job %s.' % uid('w' + APP['id']))
    tl.add(job_end - 100, 'INFO', 'FileFormatWriter', 'Write Job %s committed. Elapsed time: 781 ms.' % uid('w' + APP['id']))
    tl.add(job_end - 99, 'INFO', 'FileFormatWriter', 'Finished processing stats for write job %s.' % uid('w' + APP['id']))
    stage_finished_lines(tl, end + 20, 0, 'ResultStage', 'save at ExportProfiles.scala:58', JOB0 + 6, 0,
                         'save at ExportProfiles.scala:58', JOB0)
    tl.add(app_end - 400, 'INFO', 'ExportProfiles$', 'Exported 48,112,907 profiles to s3a://acme-exports/c360/dt=2026-03-17')
    driver_shutdown(tl, APP, app_end, from_hook=False)
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'drv52')

    # executor logs
    for e in registered:
        etl = Timeline()
        pod_name = '%s-exec-%s' % (APP['name'], e)
        executor_startup(etl, APP, registered[e] - 1300, e, pod_name, EXECS[e][1], BM[e], 4)
        executor_task_lines(etl, s0, e, input_path=input_file)
        if e == '2':
            name = 'task 7.0 in stage 0.0 (TID %d)' % oom_task['tid']
            etl.add(t_oom - 31_000, 'WARN', 'TaskMemoryManager', 'Failed to allocate a page (67108864 bytes), try again.')
            etl.add(t_oom, 'ERROR', 'Executor', 'Exception in %s' % name, OOM_TRACE)
            etl.add(t_oom + 90, 'ERROR', 'SparkUncaughtExceptionHandler',
                    'Uncaught exception in thread Thread[Executor task launch worker for %s,5,main]' % name, OOM_TRACE)
            etl.add(t_oom + 130, 'INFO', 'MemoryStore', 'MemoryStore cleared')
            etl.add(t_oom + 131, 'INFO', 'BlockManager', 'BlockManager stopped')
            etl.add(t_oom + 140, 'INFO', 'ShutdownHookManager', 'Shutdown hook called')
            etl.add(t_oom + 141, 'INFO', 'ShutdownHookManager', 'Deleting directory /var/data/spark-%s/spark-%s'
                    % (uid('ld' + pod_name), uid('sd' + pod_name)))
        else:
            executor_shutdown(etl, app_end + 40)
        write_log(OUT, pod_name, 'spark-kubernetes-executor', etl, 'ex52' + e)

    # pods, events, nodes
    drv_node = NODES['A']
    pods = [driver_pod_obj(APP, drv_node, DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=app_end + 1400)]
    for e in registered:
        n = NODES[EXECS[e][0]]
        if e == '2':
            pods.append(executor_pod_obj(APP, e, n, EXECS[e][1], created[e], started[e], IMAGE, end=kill,
                                         exit_code=52, reason='Error', inactive=True))
        else:
            pods.append(executor_pod_obj(APP, e, n, EXECS[e][1], created[e], started[e], IMAGE, end=app_end + 700))
    evs = lifecycle_events(APP, pods, IMAGE)
    nodes = [node(n[0], n[1], n[2], T('2026-03-16T08:40:51'), node_conditions(COLLECTED - 11_000),
                  instance='r6i.4xlarge', cpu='16', mem_ki=130042016, alloc_mem_ki=127086752) for n in NODES.values()]
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes)
    finish(OUT, APP, COLLECTED)


if __name__ == '__main__':
    build()
