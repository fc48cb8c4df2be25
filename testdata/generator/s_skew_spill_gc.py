"""stage-skew-spill-gc: a slow but successful job, recorded as an event log plus the History Server's REST JSON.
A window over campaign_id puts three giant campaigns into three of the 48 reduce partitions: those tasks
read 15-35 times the shuffle data of the others, run 12-30 times the median, sort-spill tens of GB and
spend a third of their time in GC on the executors that run them. Nothing fails; the job is 9 minutes
late."""
import random

from common import *  # noqa
from eventlog import EventLog, eventlog_source
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/stage-skew-spill-gc/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-attribution-2.9.0'
APP = make_app('spark-6d3f8a2c5e9b41f7b0a4c6e1d8f3b529', 'ad-attribution-daily', '10.42.19.77', 8192, 4,
               main_file='local:///opt/spark/jars/ad-attribution-2.9.0.jar',
               main_class='com.acme.ads.AttributionDaily', operator=True)
EXECS = {'1': '10.42.19.130', '2': '10.42.34.61', '3': '10.42.19.212', '4': '10.42.34.145', '5': '10.42.19.38',
         '6': '10.42.34.9'}
STORAGE = int((8192 - 300) * 0.6 * 1048576)
APP_START = T('2026-06-03T04:10:07.902')
JOB0 = T('2026-06-03T04:11:02.655')
COLLECTED = T('2026-06-03T05:02:51')
NAME = 'parquet at AttributionDaily.scala:152'
DETAILS = ('org.apache.spark.sql.DataFrameWriter.parquet(DataFrameWriter.scala:802)\n'
           'com.acme.ads.AttributionDaily$.writeTouches(AttributionDaily.scala:152)\n'
           'com.acme.ads.AttributionDaily$.main(AttributionDaily.scala:41)\n'
           'com.acme.ads.AttributionDaily.main(AttributionDaily.scala)')
PLAN = '\n'.join([
    '== Physical Plan ==',
    'Execute InsertIntoHadoopFsRelationCommand (10)',
    '+- AdaptiveSparkPlan (9)',
    '   +- == Final Plan ==',
    '      Window [last(click_id#31, true) windowspecdefinition(campaign_id#12L, event_ts#14 ASC NULLS FIRST, '
    'specifiedwindowframe(RowFrame, unboundedpreceding$(), currentrow$())) AS last_click#88], '
    '[campaign_id#12L], [event_ts#14 ASC NULLS FIRST] (8)',
    '      +- * Sort [campaign_id#12L ASC NULLS FIRST, event_ts#14 ASC NULLS FIRST], false, 0 (7)',
    '         +- AQEShuffleRead coalesced (6)',
    '            +- ShuffleQueryStage 0 (5)',
    '               +- Exchange hashpartitioning(campaign_id#12L, 48), ENSURE_REQUIREMENTS, [plan_id=63] (4)',
])
# reduce partition -> (run ms, shuffle read bytes, memory spilled, disk spilled, GC share) of the giant campaigns
SKEWED = {5: (251_000, 2_471_000_000, 8_019_000_000, 2_588_000_000, 0.31),
          21: (412_000, 4_063_000_000, 13_207_000_000, 4_391_000_000, 0.34),
          38: (567_000, 5_588_000_000, 18_110_000_000, 5_947_000_000, 0.37)}


def build():
    reset(OUT)
    rng = random.Random(60304)
    sp = Spark(APP, 60304)
    registered = {e: APP_START + 9_880 + n * 233 + rng.randint(0, 100) for n, e in enumerate(EXECS)}
    execs = [dict(id=e, registered=registered[e], cores=4) for e in EXECS]

    t_scan, _, _ = simulate(rng, JOB0 + 44, execs, 32,
                            lambda i, a, e, l: (rng.randint(41_000, 68_000), 'SUCCESS', None))
    for t in t_scan:
        t['scale'] = 8.6   # ~1.1 GB of impressions per task, ~630 MB of shuffle output
    scan_end = max(t['launch'] + t['duration'] for t in t_scan)
    job1 = scan_end + 1_402

    def window_plan(index, attempt, eid, launch):
        if index in SKEWED:
            return SKEWED[index][0] + rng.randint(40, 300), 'SUCCESS', None
        return rng.randint(16_500, 25_500), 'SUCCESS', None

    t_win, _, _ = simulate(rng, job1 + 57, execs, 48, window_plan)
    for t in t_win:
        t['scale'] = 2.4   # ~175 MB of shuffle data per ordinary partition
        if t['index'] in SKEWED:
            run, read, mem, disk, gc = SKEWED[t['index']]
            run = t['duration'] - 41
            remote = int(read * 0.83)
            t['metrics_update'] = {
                'executorRunTime': run, 'executorCpuTime': int(run * 0.52 * 1_000_000), 'jvmGcTime': int(run * gc),
                'memoryBytesSpilled': mem, 'diskBytesSpilled': disk,
                'peakExecutionMemory': rng.randint(1_850_000_000, 2_050_000_000),
                'outputMetrics': {'bytesWritten': int(read * 0.36), 'recordsWritten': read // 182},
                'shuffleReadMetrics': {'remoteBytesRead': remote, 'localBytesRead': read - remote,
                                       'recordsRead': read // 61, 'remoteBlocksFetched': 40, 'localBlocksFetched': 8,
                                       'fetchWaitTime': rng.randint(9_000, 21_000),
                                       'remoteReqsDuration': rng.randint(30_000, 60_000)}}
    win_end = max(t['launch'] + t['duration'] for t in t_win)
    job1_end = win_end + 233
    app_end = job1_end + 4_118
    skew_execs = {t['exec'] for t in t_win if t['index'] in SKEWED}
    for e in EXECS:
        gc_total = rng.randint(9_000, 16_000) + (190_000 if e in skew_execs else 0)
        sp.executor(e, EXECS[e], registered[e], 4, STORAGE, port=33500 + int(e) * 977,
                    peak={'JVMHeapMemory': rng.randint(7_300_000_000, 8_100_000_000) if e in skew_execs
                          else rng.randint(3_100_000_000, 4_900_000_000),
                          'JVMOffHeapMemory': rng.randint(150_000_000, 210_000_000),
                          'OnHeapExecutionMemory': rng.randint(1_800_000_000, 2_100_000_000) if e in skew_execs
                          else rng.randint(600_000_000, 1_200_000_000),
                          'MinorGCCount': rng.randint(900, 1400) if e in skew_execs else rng.randint(90, 160),
                          'MinorGCTime': gc_total * 2 // 5,
                          'MajorGCCount': rng.randint(40, 75) if e in skew_execs else rng.randint(1, 4),
                          'MajorGCTime': gc_total * 3 // 5, 'TotalGCTime': gc_total})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0,
                int((APP['driver_memory_mb'] - 300) * 0.6 * 1048576), port=7079)
    sp.stage(0, NAME, 'scan', JOB0 + 8, t_scan, rdd_ids=[3, 2, 1, 0], details=DETAILS)
    sp.job(0, NAME, [0], JOB0, scan_end + 47, 'SUCCEEDED')
    sp.stage(1, NAME, 'scan', job1, [], skipped=True, num_tasks=32, rdd_ids=[3, 2, 1, 0], details=DETAILS)
    s2 = sp.stage(2, NAME, 'reduce', job1 + 23, t_win, rdd_ids=[8, 7, 6, 5, 4], details=DETAILS)
    s2['parents'] = [1]
    sp.job(1, NAME, [1, 2], job1, job1_end, 'SUCCEEDED')
    for jb in sp.jobs:
        jb['sql_id'] = 0
    sp.render(OUT)
    write_json(os.path.join(OUT, 'spark', APP['id'], 'application.json'), application_json(APP, APP_START, app_end))
    props = base_props(APP, IMAGE, APP_START, executors=6, extra={
        'spark.sql.adaptive.enabled': 'true', 'spark.sql.shuffle.partitions': '48',
        'spark.sql.adaptive.skewJoin.enabled': 'true', 'spark.memory.fraction': '0.6'})
    write_json(os.path.join(OUT, 'spark', APP['id'], 'environment.json'), environment_json(APP, props, python=False))
    log = EventLog(APP, sp, props, APP_START, app_end, seed=60304)
    log.sql_execution(0, NAME, DETAILS, PLAN, JOB0 - 704, job1_end + 88)
    log.write_single(OUT)
    sources = standard_sources(APP, history=True) + [eventlog_source()]
    manifest(OUT, APP, COLLECTED, COLLECTED - 3600 * 1000, sources)


if __name__ == '__main__':
    build()
