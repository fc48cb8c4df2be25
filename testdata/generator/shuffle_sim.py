"""Stage attempts over executor task slots, with executors lost under a reading stage: which attempts fail
with ExecutorLostFailure, which with FetchFailed, and when Spark gives up on the attempt (Spark 3.5 on
Kubernetes without a shuffle service: a lost executor's map output goes with it).

  slots = Slots()
  slots.add('1', cores=4, free_from=t)
  maps = run_stage(slots, start, [0, 1, ...], duration)                 # no failure
  r = run_reading_attempt(slots, start, pending, duration, holdings, loss)  # an executor dies meanwhile

Durations come from duration(index, attempt, exec_id) so that a pass can be replayed exactly."""
import heapq
import random

from eventlog import executor_lost, fetch_failed

# A reduce task that sorts its input reads it while the sort consumes it, over about the first 60% of
# its run; a task that was still reading when the executor died fails to fetch from it.
READ_SHARE = 0.6
# spark.shuffle.io.maxRetries (3) x spark.shuffle.io.retryWait (5s) before FetchFailedException.
FETCH_RETRIES_MS = 15_000


class Slots:
    """Task slots of the live executors: (exec id, slot) -> time it is free."""

    def __init__(self):
        self.free = {}
        self.order = []   # executors in registration order (ties go to the earlier one)
        self.dead = {}

    def add(self, eid, cores, free_from):
        self.order.append(eid)
        for k in range(cores):
            self.free[(eid, k)] = free_from

    def kill(self, eid, t):
        self.dead[eid] = t
        for key in [k for k in self.free if k[0] == eid]:
            del self.free[key]

    def heap(self, start):
        """The free slots as a heap of (free at, registration order, slot, exec id)."""
        h = [(max(t, start), self.order.index(e), k, e) for (e, k), t in self.free.items()]
        heapq.heapify(h)
        return h


def run_stage(slots, start, indices, duration, attempt=0, gap=(3, 9)):
    """FIFO by index over the free slots; every task succeeds. Updates the slots' free times."""
    h = slots.heap(start)
    tasks = []
    for n, idx in enumerate(indices):
        t, order, k, eid = heapq.heappop(h)
        launch = t + gap[0] + (n * 7 + idx * 3) % (gap[1] - gap[0] + 1)
        d = duration(idx, attempt, eid)
        tasks.append(dict(index=idx, attempt=attempt, exec=eid, launch=launch, duration=d, status='SUCCESS',
                          speculative=False, error=None))
        heapq.heappush(h, (launch + d, order, k, eid))
    for t, order, k, eid in h:
        slots.free[(eid, k)] = t
    return tasks


class Loss:
    """An executor that dies while a reading stage runs: at a fixed time, or when it runs `hot_index`
    (the task's memory kills its container `hot_after` ms after launch). reason is Spark's loss reason;
    caused_by_app says whether Spark counts it against the tasks."""

    def __init__(self, reason_for, caused_by_app, detect_after, eid=None, at=None, hot_index=None, hot_after=None):
        self.reason_for = reason_for      # (exec id, died at) -> loss reason text
        self.caused_by_app = caused_by_app
        self.detect_after = detect_after  # ms from the death to the driver's ExecutorRemoved
        self.eid, self.at = eid, at
        self.hot_index, self.hot_after = hot_index, hot_after


def run_reading_attempt(slots, start, pending, duration, holdings, loss, shuffle_id, bm_of, ff_message, meta_message,
                        attempt=0, gap=(3, 9)):
    """One attempt of a stage that reads shuffle `shuffle_id`, during which `loss` kills an executor.

    pending: partition indices in launch order. holdings(eid) -> [(map_index, map_task)] of the shuffle
    output stored on an executor; bm_of(eid) -> (host, port) of its block manager. ff_message(host, port)
    and meta_message(partition) give the FetchFailed messages. Returns dict(tasks, died, detected,
    failed_at, lost_exec, lost_reason) and leaves the slots as the attempt left them (the dead executor's
    removed)."""
    # Pass 1 finds when the executor dies; pass 2 replays the same launches with that knowledge.
    died_eid, died_at = loss.eid, loss.at
    if died_at is None:
        probe, _ = _launches(slots, start, pending, duration, attempt, gap, None, None, None, None)
        hot = next(x for x in probe if x['index'] == loss.hot_index)
        died_eid, died_at = hot['exec'], hot['launch'] + loss.hot_after
    detected = died_at + loss.detect_after
    reason = loss.reason_for(died_eid, died_at)
    held = holdings(died_eid)
    tasks, h = _launches(slots, start, pending, duration, attempt, gap, (died_eid, died_at, detected), loss, reason,
                         (held, shuffle_id, bm_of, ff_message, meta_message))
    for t, order, k, eid in h:
        slots.free[(eid, k)] = t
    slots.kill(died_eid, died_at)
    failed_at = min((t['launch'] + t['duration'] for t in tasks if (t.get('end') or {}).get('Reason') == 'FetchFailed'),
                    default=None)
    return dict(tasks=tasks, died=died_at, detected=detected, failed_at=failed_at, lost_exec=died_eid,
                lost_reason=reason)


def _launches(slots, start, pending, duration, attempt, gap, death, loss, reason, fetch):
    """Launches pending tasks in slot order; with death = (exec, died at, detected at) it also decides
    each attempt's end. Returns (tasks, the slots' heap afterwards)."""
    h = slots.heap(start)
    queue = [(start, 0, idx, attempt) for idx in pending]   # (ready at, retry first=0/1, index, attempt)
    tasks = []
    failed_at = None
    n = 0
    while queue and h:
        t, order, k, eid = heapq.heappop(h)
        ready = [q for q in queue if q[0] <= t]
        if not ready:
            heapq.heappush(h, (min(q[0] for q in queue), order, k, eid))
            continue
        q = min(ready, key=lambda q: (q[1], q[2]))
        launch = t + gap[0] + (n * 7 + q[2] * 3) % (gap[1] - gap[0] + 1)
        n += 1
        if failed_at is not None and launch >= failed_at:
            heapq.heappush(h, (t, order, k, eid))
            break          # the attempt is a zombie: no new launches
        if death and eid == death[0] and launch >= death[1] - 1000:
            continue       # the dying executor takes no more work
        queue.remove(q)
        d = duration(q[2], q[3], eid)
        task = dict(index=q[2], attempt=q[3], exec=eid, launch=launch, duration=d, status='SUCCESS',
                    speculative=False, error=None)
        tasks.append(task)
        if death:
            d_eid, d_at, d_detect = death
            held, shuffle_id, bm_of, ff_message, meta_message = fetch
            if loss.hot_index == q[2] and eid == d_eid:
                d = d_at - launch + 1   # runs until its memory kills the container
            end = None
            if eid == d_eid and launch < d_at < launch + d:
                end = executor_lost(eid, loss.caused_by_app, reason)
                task['duration'] = d_detect + 2 - launch
                # the retry becomes schedulable on another executor
                queue.append((d_detect + 30, 0, q[2], q[3] + 1))
            elif eid != d_eid and held and launch < d_detect and launch + READ_SHARE * d > d_at:
                m_index, m_task = held[random.Random('%d/%d' % (q[2], launch)).randrange(len(held))]
                host, port = bm_of(d_eid)
                end = fetch_failed((d_eid, host, port), shuffle_id, m_task, m_index, q[2], ff_message(host, port))
                task['duration'] = max(launch, d_at) + FETCH_RETRIES_MS + (q[2] * 37) % 400 - launch
            elif eid != d_eid and held and launch >= d_detect:
                end = fetch_failed(None, shuffle_id, -1, -1, q[2], meta_message(q[2]))
                task['duration'] = 140 + (q[2] * 13) % 160
            if end:
                task['status'] = 'FAILED'
                task['end'] = end
                if end['Reason'] == 'FetchFailed':
                    f = launch + task['duration']
                    failed_at = f if failed_at is None else min(failed_at, f)
        heapq.heappush(h, (launch + task['duration'], order, k, eid))
    return tasks, h

