# Timing helpers shared by the benchmark scripts; sourced, not run. They read two
# variables of the caller: `work` (a scratch folder for /usr/bin/time's output) and
# `runs` (how many times best() runs a command).
#
#   work=/tmp/sparkpm-bench runs=3
#   source tests/bench/measure.sh
#   read -r wall cpu rss_kb <<<"$(best zstd -dc big.tar.zst)"
# shellcheck shell=bash disable=SC2154

# Runs a command under /usr/bin/time with stdout discarded; prints "wall cpu rss_kb"
# (cpu = user + system of the command and its children, rss_kb = peak RSS of the
# largest process). Fails, showing the command's stderr, when the command fails.
measure() {
  local out="$work/time.txt"
  /usr/bin/time -o "$out" -f "%e %U %S %M" "$@" >/dev/null 2>"$work/stderr.txt" || {
    cat "$work/stderr.txt" >&2
    return 1
  }
  awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4}' "$out"
}

# Runs measure `runs` times; prints the fastest run's "wall cpu rss_kb".
best() {
  local i line out=""
  for ((i = 0; i < runs; i++)); do
    line=$(measure "$@") || return 1
    if [[ -z "$out" ]] || awk -v a="$line" -v b="$out" 'BEGIN {split(a, x); split(b, y); exit !(x[1] < y[1])}'; then
      out="$line"
    fi
  done
  echo "$out"
}
