#!/usr/bin/env bash
# Event log load benchmark (not a ctest): generates a large synthetic Spark event log
# (tests/bench/gen_event_log.cc), plain and zstd-compressed, loads both with
# `sparkpm load`, and prints MB/s, tasks/s and peak RSS next to floors measured in the
# same run on the same files:
#   wc -l FILE                                                  (plain floor)
#   zstd -dc FILE.zstd | wc -l                                  (zstd floor)
#   jq -c 'select(.Event=="SparkListenerTaskEnd")' FILE | wc -l (the seed runbooks' way)
# Targets: at least 20x faster than the jq pipeline, within 3x of `zstd -dc | wc -l`,
# peak RSS under 512 MiB.
#
#   cmake --preset release && cmake --build --preset release
#   tests/bench/run_benchmark.sh --sparkpm build/release/analyzer/sparkpm
#
# Options: --tasks N (1000000), --work DIR (/tmp/sparkpm-bench), --sparkpm PATH,
# --jq-mb N (run jq on the first N MB only and scale its time; 0 = the whole file),
# --runs N (run every floor and load but jq N times and keep the fastest; 1).
# Wall-clock ratios need an otherwise idle machine; the CPU-time ratios printed next to
# them (user + system of every process of the run) are what other load disturbs least.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tasks=1000000
work=/tmp/sparkpm-bench
sparkpm="$root/build/release/analyzer/sparkpm"
jq_mb=0
runs=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tasks) tasks="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --sparkpm) sparkpm="$2"; shift 2 ;;
    --jq-mb) jq_mb="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 1 ;;
  esac
done
for tool in c++ zstd jq wc /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
[[ -x "$sparkpm" ]] || { echo "no sparkpm at $sparkpm (build the release preset)" >&2; exit 1; }
mkdir -p "$work"
log="$work/spark-bench-$tasks"

# 1. The synthetic log, made once per task count.
if [[ ! -s "$log" || ! -s "$log.zstd" ]]; then
  c++ -O2 -std=c++20 "$here/gen_event_log.cc" -o "$work/gen_event_log"
  "$work/gen_event_log" --tasks "$tasks" --out "$log"
  # Spark's zstd codec writes level 1 by default (spark.io.compression.zstd.level).
  zstd -q -f -1 -T0 "$log" -o "$log.zstd"
fi
plain_bytes=$(stat -c %s "$log")
zstd_bytes=$(stat -c %s "$log.zstd")

source "$here/measure.sh"

cat /proc/loadavg >"$work/loadavg.before"
read -r wc_wall wc_cpu _ < <(best wc -l "$log")
read -r zw_wall zw_cpu _ < <(best sh -c "zstd -dc '$log.zstd' | wc -l")
if [[ "$jq_mb" -gt 0 ]]; then
  head -c "$((jq_mb * 1000000))" "$log" | sed '$d' >"$work/jq-sample"
  read -r jq_wall jq_cpu _ < <(measure sh -c "jq -c 'select(.Event==\"SparkListenerTaskEnd\")' '$work/jq-sample' | wc -l")
  scale=$(awk -v a="$plain_bytes" -v b="$(stat -c %s "$work/jq-sample")" 'BEGIN {print a / b}')
  jq_wall=$(awk -v t="$jq_wall" -v s="$scale" 'BEGIN {printf "%.2f", t * s}')
  jq_cpu=$(awk -v t="$jq_cpu" -v s="$scale" 'BEGIN {printf "%.2f", t * s}')
  jq_note="(measured on the first $jq_mb MB, scaled)"
else
  read -r jq_wall jq_cpu _ < <(measure sh -c "jq -c 'select(.Event==\"SparkListenerTaskEnd\")' '$log' | wc -l")
  jq_note=""
fi
rm -f "$work/plain.db" "$work/zstd.db"
read -r sp_wall sp_cpu sp_rss < <(best sh -c "rm -f '$work/plain.db'; exec '$sparkpm' load '$log' --db '$work/plain.db' -q")
read -r sz_wall sz_cpu sz_rss < <(best sh -c "rm -f '$work/zstd.db'; exec '$sparkpm' load '$log.zstd' --db '$work/zstd.db' -q")
cat /proc/loadavg >"$work/loadavg.after"
rows=$("$sparkpm" query "$work/zstd.db" "SELECT count(*) FROM tasks" --format tsv | tail -1)

awk -v pb="$plain_bytes" -v zb="$zstd_bytes" -v rows="$rows" \
    -v wcw="$wc_wall" -v wcc="$wc_cpu" -v zww="$zw_wall" -v zwc="$zw_cpu" \
    -v jqw="$jq_wall" -v jqc="$jq_cpu" -v runs="$runs" \
    -v spw="$sp_wall" -v spc="$sp_cpu" -v sprss="$sp_rss" \
    -v szw="$sz_wall" -v szc="$sz_cpu" -v szrss="$sz_rss" -v jqn="$jq_note" \
    -v la0="$(cut -d' ' -f1-3 "$work/loadavg.before")" -v la1="$(cut -d' ' -f1-3 "$work/loadavg.after")" '
BEGIN {
  printf "event log: %d task rows, %.0f MB plain, %.0f MB zstd (load average %s -> %s; best of %d)\n",
         rows, pb / 1e6, zb / 1e6, la0, la1, runs
  printf "%-34s %8s %8s %9s %11s %9s\n", "run", "wall s", "cpu s", "MB/s", "tasks/s", "RSS MiB"
  printf "%-34s %8.2f %8.2f %9.0f %11s %9s\n", "floor: wc -l", wcw, wcc, pb / 1e6 / wcw, "", ""
  printf "%-34s %8.2f %8.2f %9.0f %11s %9s\n", "floor: zstd -dc | wc -l", zww, zwc, pb / 1e6 / zww, "", ""
  printf "%-34s %8.2f %8.2f %9.0f %11.0f %9s %s\n", "floor: jq select TaskEnd | wc -l", jqw, jqc,
         pb / 1e6 / jqw, rows / jqw, "", jqn
  printf "%-34s %8.2f %8.2f %9.0f %11.0f %9.0f\n", "sparkpm load (plain)", spw, spc,
         pb / 1e6 / spw, rows / spw, sprss / 1024
  printf "%-34s %8.2f %8.2f %9.0f %11.0f %9.0f\n", "sparkpm load (zstd)", szw, szc,
         pb / 1e6 / szw, rows / szw, szrss / 1024
  printf "ratios (wall): jq / sparkpm = %.1fx (plain), %.1fx (zstd)   [target >= 20x]\n", jqw / spw, jqw / szw
  printf "        sparkpm (zstd) / (zstd -dc | wc -l) = %.2fx   [target <= 3x]\n", szw / zww
  printf "        sparkpm (plain) / wc -l = %.1fx\n", spw / wcw
  printf "ratios (cpu):  jq / sparkpm = %.1fx (plain), %.1fx (zstd); sparkpm (zstd) / (zstd -dc | wc -l) = %.2fx\n",
         jqc / spc, jqc / szc, szc / zwc
  printf "        peak RSS %.0f MiB   [target < 512 MiB]\n", (sprss > szrss ? sprss : szrss) / 1024
}'
