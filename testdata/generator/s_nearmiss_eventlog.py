"""near-miss-event-log-healthy: an event log alone, of a healthy run that brushes past the event-log rules.
Tasks a little uneven, one short lookup stage with a 12x longest task that lasts only 40 s, a few small
spills, normal GC, and idle executors released by dynamic allocation ("Executor killed by driver.").
Nothing at warning or critical."""
import random

from common import *  # noqa
from eventlog import EventLog, eventlog_source
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/near-miss-event-log-healthy/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-orders-4.8.2'
APP = make_app('spark-5b1e7c9a3d2f4068a4c1e8b7d9f20a63', 'orders-enrich-hourly', '10.42.21.15', 8192, 4,
               main_file='local:///opt/spark/jars/orders-enrich-4.8.2.jar', main_class='com.acme.orders.OrdersEnrich',
               operator=True)
EXECS = {'1': '10.42.21.140', '2': '10.42.36.77', '3': '10.42.21.203', '4': '10.42.36.18', '5': '10.42.21.61',
         '6': '10.42.36.150'}
BM = {e: 36100 + int(e) * 877 for e in EXECS}
APP_START = T('2026-10-02T07:00:14.305')
JOB0 = T('2026-10-02T07:01:06.118')
COLLECTED = T('2026-10-02T07:42:10')
STORAGE = int((8192 - 300) * 0.6 * 1048576)
NAME = 'insertInto at OrdersEnrich.scala:71'
DETAILS = ('org.apache.spark.sql.DataFrameWriter.insertInto(DataFrameWriter.scala:454)\n'
           'com.acme.orders.OrdersEnrich$.run(OrdersEnrich.scala:71)\n'
           'com.acme.orders.OrdersEnrich$.main(OrdersEnrich.scala:24)\n'
           'com.acme.orders.OrdersEnrich.main(OrdersEnrich.scala)')
COUNT = 'count at OrdersEnrich.scala:88'
PLAN = '\n'.join([
    '== Physical Plan ==',
    'Execute InsertIntoHadoopFsRelationCommand (9)',
    '+- AdaptiveSparkPlan (8)',
    '   +- == Final Plan ==',
    '      * Project (7)',
    '      +- * BroadcastHashJoin LeftOuter BuildRight (6)',
    '         :- AQEShuffleRead (3)',
    '         :  +- ShuffleQueryStage (2)',
    '         :     +- Exchange hashpartitioning(order_id#12L, 24) (1)',
    '         +- BroadcastQueryStage (5)',
    '            +- BroadcastExchange (4)',
])


def build():
    reset(OUT)
    rng = random.Random(2026100207)
    sp = Spark(APP, 2026100207)
    # Dynamic allocation starts two executors and adds four for the 48-task scan.
    registered = {'1': APP_START + 9_412, '2': APP_START + 9_655}
    for n, e in enumerate('3456'):
        registered[e] = JOB0 + 13_800 + n * 1_130 + rng.randint(0, 400)
    execs = [dict(id=e, registered=registered[e], cores=4) for e in EXECS]
    spilled = {7: 188_743_680, 22: 243_269_632, 39: 161_480_704}

    def scan_plan(index, attempt, eid, launch):
        return rng.randint(18_000, 34_000), 'SUCCESS', None

    t_scan, _, _ = simulate(rng, JOB0 + 41, execs, 48, scan_plan)
    for t in t_scan:
        if t['index'] in spilled:
            t['metrics_update'] = {'memoryBytesSpilled': spilled[t['index']],
                                   'diskBytesSpilled': spilled[t['index']] // 3}
    scan_end = max(t['launch'] + t['duration'] for t in t_scan)
    job1 = scan_end + 1_310

    def reduce_plan(index, attempt, eid, launch):
        return rng.randint(21_000, 52_000), 'SUCCESS', None

    t_red, _, _ = simulate(rng, job1 + 48, execs, 24, reduce_plan)
    red_end = max(t['launch'] + t['duration'] for t in t_red)
    job1_end = red_end + 214
    job2 = job1_end + 2_870

    # The lookup stage: 16 small files, one of them 12 times the others, read in 40 s.
    def lookup_plan(index, attempt, eid, launch):
        if index == 11:
            return 40_870, 'SUCCESS', None
        return rng.randint(2_900, 3_800), 'SUCCESS', None

    t_lookup, _, _ = simulate(rng, job2 + 35, [x for x in execs if x['id'] in '12'], 16, lookup_plan)
    lookup_end = max(t['launch'] + t['duration'] for t in t_lookup)
    job2_end = lookup_end + 96
    # The driver then upserts the hourly summary over JDBC for four minutes; the four executors added for
    # the scan sit idle, and are released once idle for 60 s with their shuffle data past its 90 s timeout.
    app_end = job2_end + 241_530
    last_task = {e: max(t['launch'] + t['duration'] for t in t_scan + t_red + t_lookup if t['exec'] == e)
                 for e in EXECS}
    for e in EXECS:
        removed = reason = None
        if e in '3456':
            removed = max(last_task[e] + 90_000, job2_end) + 60_000 + rng.randint(50, 900)
            reason = 'Executor killed by driver.'
        sp.executor(e, EXECS[e], registered[e], 4, STORAGE, remove_ms=removed, remove_reason=reason,
                    port=BM[e], peak={'JVMHeapMemory': rng.randint(2_100_000_000, 3_900_000_000),
                                      'JVMOffHeapMemory': rng.randint(130_000_000, 170_000_000),
                                      'OnHeapExecutionMemory': rng.randint(300_000_000, 900_000_000),
                                      'MinorGCCount': rng.randint(30, 70), 'MinorGCTime': rng.randint(500, 1400),
                                      'MajorGCCount': rng.randint(0, 2), 'MajorGCTime': rng.randint(0, 300),
                                      'TotalGCTime': rng.randint(700, 1700)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0,
                int((APP['driver_memory_mb'] - 300) * 0.6 * 1048576), port=7079)
    sp.stage(0, NAME, 'scan', JOB0 + 9, t_scan, rdd_ids=[3, 2, 1, 0], details=DETAILS)
    sp.job(0, NAME, [0], JOB0, scan_end + 52, 'SUCCEEDED')
    sp.stage(1, NAME, 'scan', job1, [], skipped=True, num_tasks=48, rdd_ids=[3, 2, 1, 0], details=DETAILS)
    s2 = sp.stage(2, NAME, 'reduce', job1 + 21, t_red, rdd_ids=[7, 6, 5, 4], details=DETAILS)
    s2['parents'] = [1]
    s2['task_type'] = 'ResultTask'
    sp.job(1, NAME, [1, 2], job1, job1_end, 'SUCCEEDED')
    s3 = sp.stage(3, COUNT, 'scan', job2 + 11, t_lookup, rdd_ids=[10, 9, 8],
                  details='org.apache.spark.sql.Dataset.count(Dataset.scala:3615)\n'
                          'com.acme.orders.OrdersEnrich$.run(OrdersEnrich.scala:88)\n'
                          'com.acme.orders.OrdersEnrich$.main(OrdersEnrich.scala:24)\n'
                          'com.acme.orders.OrdersEnrich.main(OrdersEnrich.scala)')
    s3['task_type'] = 'ResultTask'
    sp.job(2, COUNT, [3], job2, job2_end, 'SUCCEEDED')
    for jb in sp.jobs:
        jb['sql_id'] = 0 if jb['job_id'] < 2 else 1

    props = base_props(APP, IMAGE, APP_START, extra={
        'spark.dynamicAllocation.enabled': 'true', 'spark.dynamicAllocation.initialExecutors': '2',
        'spark.dynamicAllocation.minExecutors': '2', 'spark.dynamicAllocation.maxExecutors': '6',
        'spark.dynamicAllocation.executorIdleTimeout': '60s',
        'spark.dynamicAllocation.shuffleTracking.enabled': 'true',
        'spark.dynamicAllocation.shuffleTracking.timeout': '90s',
        'spark.sql.adaptive.enabled': 'true', 'spark.sql.shuffle.partitions': '24'})
    log = EventLog(APP, sp, props, APP_START, app_end, seed=2026100207)
    log.sql_execution(0, NAME, DETAILS, PLAN, JOB0 - 412, job1_end + 160)
    log.sql_execution(1, COUNT, s3['details'], '== Physical Plan ==\nAdaptiveSparkPlan (5)\n+- HashAggregate (4)',
                      job2 - 188, job2_end + 41)
    log.write_single(OUT)
    manifest(OUT, APP, COLLECTED, COLLECTED - 3600 * 1000, [eventlog_source()])


if __name__ == '__main__':
    build()
