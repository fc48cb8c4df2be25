#!/bin/sh
# Regenerates every recorded incident and its expected.yaml.
set -e
cd "$(dirname "$0")"
for s in s_oom137 s_oom52 s_index4 s_heartbeat s_evicted s_healthy s_nearmiss s_podsdeleted s_serial s_cnfe; do python3 $s.py; done
python3 expect.py
