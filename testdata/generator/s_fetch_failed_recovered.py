"""shuffle-fetch-failed-recovered: a rolling event log alone. The cluster autoscaler consolidates a node while
the reduce stage of a settlement job runs; the executor pod on it is deleted and its shuffle output goes
with it. Reducers fail with FetchFailed, Spark re-runs the lost map tasks on the remaining executors and a
second attempt of the reduce stage completes: the job succeeds, a few minutes late."""
import random

from common import *  # noqa
from eventlog import EventLog, eventlog_source, executor_lost_error_message, fetch_failed_error_message
from shuffle_sim import Loss, Slots, run_reading_attempt, run_stage
from s_fetch_failed_lost import ff_message, meta_message
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/shuffle-fetch-failed-recovered/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-settlement-7.1.3'
APP = make_app('spark-2c7a9e4f6b1d48c3a5e0f9b8d2c4a716', 'merchant-settlement-hourly', '10.42.14.23', 8192, 4,
               main_file='local:///opt/spark/jars/merchant-settlement-7.1.3.jar',
               main_class='com.acme.settlement.HourlySettlement', operator=True)
EXEC_IPS = {'1': '10.42.14.151', '2': '10.42.29.40', '3': '10.42.44.117', '4': '10.42.29.188', '5': '10.42.14.92'}
STORAGE = int((8192 - 300) * 0.6 * 1048576)
APP_START = T('2026-08-19T13:05:09.774')
JOB0 = T('2026-08-19T13:06:02.518')
COLLECTED = T('2026-08-19T14:20:44')
NAME = 'save at HourlySettlement.scala:118'
DETAILS = ('org.apache.spark.sql.DataFrameWriter.save(DataFrameWriter.scala:240)\n'
           'com.acme.settlement.HourlySettlement$.write(HourlySettlement.scala:118)\n'
           'com.acme.settlement.HourlySettlement$.main(HourlySettlement.scala:37)\n'
           'com.acme.settlement.HourlySettlement.main(HourlySettlement.scala)')
PLAN = '\n'.join([
    '== Physical Plan ==',
    'Execute InsertIntoHadoopFsRelationCommand (7)',
    '+- * Sort [merchant_id#20L ASC NULLS FIRST, settled_at#24 ASC NULLS FIRST], false, 0 (6)',
    '   +- Exchange hashpartitioning(merchant_id#20L, 32), REPARTITION_BY_COL, [plan_id=44] (5)',
    '      +- * Project [merchant_id#20L, payment_id#21, amount_minor#22L, currency#23, settled_at#24] (4)',
    '         +- * Filter isnotnull(settled_at#24) (3)',
    '            +- * ColumnarToRow (2)',
    '               +- Scan parquet acme.payments_captured (1)',
])
MAPS, REDUCES = 24, 32


def build():
    reset(OUT)
    rng = random.Random(81913)
    sp = Spark(APP, 81913)
    bm = {}
    registered = {}
    slots = Slots()

    def new_executor(eid, t):
        registered[eid] = t
        bm[eid] = (EXEC_IPS[eid], 33000 + int(eid) * 1093)
        slots.add(eid, 4, t)

    for n, e in enumerate('1234'):
        new_executor(e, APP_START + 10_120 + n * 311 + rng.randint(0, 120))

    def map_duration(tag):
        return lambda idx, attempt, eid: random.Random('m%s%d' % (tag, idx)).randint(14_000, 26_000)

    def reduce_duration(tag):
        return lambda idx, attempt, eid: random.Random('r%s%d.%d' % (tag, idx, attempt)).randint(24_000, 41_000)

    maps = run_stage(slots, JOB0 + 61, list(range(MAPS)), map_duration('0'))
    map_out = {mt['index']: mt for mt in maps}
    s0_end = max(mt['launch'] + mt['duration'] for mt in maps) + 29
    s1_sub = s0_end + 16
    # Karpenter consolidates ip-10-42-44-... while the reduce stage runs: the pod of executor 3 is deleted.
    deleted_at = s1_sub + 37_412
    r = run_reading_attempt(
        slots, s1_sub + 24, list(range(REDUCES)), reduce_duration('0'),
        holdings=lambda eid: sorted(((m, mt) for m, mt in map_out.items() if mt['exec'] == eid), key=lambda x: x[0]),
        loss=Loss(lambda eid, t: 'The executor with id %s was deleted by a user or the framework.' % eid, False,
                  1_270, eid='3', at=deleted_at),
        shuffle_id=0, bm_of=lambda eid: bm[eid], ff_message=ff_message, meta_message=meta_message)
    assert r['failed_at']
    done = {rt['index'] for rt in r['tasks'] if rt['status'] == 'SUCCESS'}
    lost_maps = sorted(m for m, mt in map_out.items() if mt['exec'] == '3')
    s0b_sub = r['failed_at'] + 213
    maps_b = run_stage(slots, s0b_sub + 27, lost_maps, map_duration('1'))
    s0b_end = max(mt['launch'] + mt['duration'] for mt in maps_b) + 25
    # The replacement executor registers while the map tasks run again.
    new_executor('5', r['detected'] + 17_930)
    s1b_sub = s0b_end + 15
    pending = [p for p in range(REDUCES) if p not in done]
    red_b = run_stage(slots, s1b_sub + 26, pending, reduce_duration('1'))
    s1b_end = max(rt['launch'] + rt['duration'] for rt in red_b) + 33
    job_end = s1b_end + 7
    app_end = job_end + 2_946

    for eid in EXEC_IPS:
        removed = (r['detected'], r['lost_reason']) if eid == '3' else (None, None)
        sp.executor(eid, EXEC_IPS[eid], registered[eid], 4, STORAGE, remove_ms=removed[0], remove_reason=removed[1],
                    port=bm[eid][1], peak={'JVMHeapMemory': rng.randint(2_900_000_000, 4_600_000_000),
                                           'JVMOffHeapMemory': rng.randint(150_000_000, 190_000_000),
                                           'OnHeapExecutionMemory': rng.randint(700_000_000, 1_600_000_000),
                                           'MinorGCCount': rng.randint(30, 60), 'MinorGCTime': rng.randint(700, 1600),
                                           'MajorGCCount': rng.randint(0, 2), 'MajorGCTime': rng.randint(0, 500),
                                           'TotalGCTime': rng.randint(900, 2100)})
    sp.executor('driver', APP['driver_host'], APP_START + 3066, 0,
                int((APP['driver_memory_mb'] - 300) * 0.6 * 1048576), port=7079)
    sp.stage(0, NAME, 'scan', JOB0 + 23, maps, completed=s0_end, rdd_ids=[3, 2, 1, 0], details=DETAILS)
    s1 = sp.stage(1, NAME, 'reduce', s1_sub, r['tasks'], completed=r['failed_at'], rdd_ids=[7, 6, 5, 4],
                  details=DETAILS, num_tasks=REDUCES)
    sp.stage(0, NAME, 'scan', s0b_sub, maps_b, attempt=1, completed=s0b_end, rdd_ids=[3, 2, 1, 0],
             details=DETAILS)
    s1b = sp.stage(1, NAME, 'reduce', s1b_sub, red_b, attempt=1, completed=s1b_end, rdd_ids=[7, 6, 5, 4],
                   details=DETAILS)
    for st in (s1, s1b):
        st['parents'] = [0]
        st['task_type'] = 'ResultTask'
    first = min((rt for rt in r['tasks'] if (rt.get('end') or {}).get('Reason') == 'FetchFailed'),
                key=lambda rt: rt['launch'] + rt['duration'])
    s1['failure'] = first['end']['message']
    for rt in r['tasks']:
        e = rt.get('end')
        if e and e['Reason'] == 'FetchFailed':
            if not isinstance(e['map_id'], int):
                e['map_id'] = e['map_id']['tid']
            rt['error'] = fetch_failed_error_message(e)
        elif e:
            rt['error'] = executor_lost_error_message(e)
    sp.job(0, NAME, [0, 1], JOB0, job_end, 'SUCCEEDED')
    sp.jobs[-1]['sql_id'] = 0

    props = base_props(APP, IMAGE, APP_START, executors=4, extra={
        'spark.sql.adaptive.enabled': 'false', 'spark.sql.shuffle.partitions': '32',
        'spark.eventLog.rolling.enabled': 'true', 'spark.eventLog.rolling.maxFileSize': '128m'})
    log = EventLog(APP, sp, props, APP_START, app_end, seed=81913)
    log.sql_execution(0, NAME, DETAILS, PLAN, JOB0 - 530, job_end + 61)
    log.write_rolling(OUT)
    manifest(OUT, APP, COLLECTED, COLLECTED - 3600 * 1000, [eventlog_source()])


if __name__ == '__main__':
    build()
