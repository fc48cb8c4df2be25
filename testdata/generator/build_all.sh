#!/bin/sh
# Regenerates every recorded incident and its expected.yaml.
set -e
cd "$(dirname "$0")"
for s in s_oom137 s_oom52 s_index4 s_heartbeat s_evicted s_healthy s_nearmiss s_podsdeleted s_serial s_cnfe \
         s_driver_crashloop s_driver_config s_driver_submission s_driver_main_class s_nearmiss_driver \
         s_connect_version s_connect_session s_connect_unreachable s_connect_restart s_nearmiss_connect \
         s_stuck_unschedulable s_stuck_hung_task s_stuck_gpu s_stuck_quota s_nearmiss_scheduling \
         s_scaling_at_max s_scaling_idle s_scaling_memory \
         s_fetch_failed_lost s_fetch_failed_recovered s_skew_spill_gc s_nearmiss_eventlog s_rest_only; do
  python3 $s.py
done
python3 expect.py
