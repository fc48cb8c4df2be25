#!/usr/bin/env bash
# Runs every libFuzzer target of the `fuzz` preset, one after the other, each for a bounded
# time, and prints a summary (runs, runs/s, corpus size, result). Exit status 1 when any
# target found a crash, a leak or a timeout; its input is saved under <build>/artifacts/.
#
#   cmake --preset fuzz && cmake --build --preset fuzz
#   tests/fuzz/run_all.sh                                  # 600 s per target
#   FUZZ_SECONDS=60 FUZZ_TARGETS="json_entry log_loader" tests/fuzz/run_all.sh
#
# Environment: FUZZ_SECONDS (default 600), FUZZ_TARGETS (default: all), FUZZ_BUILD (default
# build/fuzz), FUZZ_ARGS (extra libFuzzer flags). The growing corpus is kept in
# <build>/corpus/<target>; seeds are regenerated from testdata/ on every run; saved crash
# inputs (testdata/hostile/regressions/<target>/) are replayed first.
set -euo pipefail

cd "$(dirname "$0")/../.."
readonly SECONDS_PER_TARGET="${FUZZ_SECONDS:-600}"
readonly BUILD="${FUZZ_BUILD:-build/fuzz}"
readonly ALL_TARGETS="bundle_reader bundle_loader json_entry event_log log_loader log_record_parser rule_file report_renderers"
targets="${FUZZ_TARGETS:-$ALL_TARGETS}"

python3 tests/fuzz/make_seeds.py "$BUILD/seeds"
mkdir -p "$BUILD/logs"

summary=()
failed=0
for t in $targets; do
  bin="$BUILD/tests/fuzz/fuzz_$t"
  if [[ ! -x "$bin" ]]; then
    echo "run_all: $bin not built (cmake --preset fuzz && cmake --build --preset fuzz)" >&2
    exit 2
  fi
  corpus="$BUILD/corpus/$t"
  artifacts="$BUILD/artifacts/$t/"
  regressions="testdata/hostile/regressions/$t"
  mkdir -p "$corpus" "$artifacts" "$BUILD/seeds/$t"
  dirs=("$corpus" "$BUILD/seeds/$t")
  [[ -d "$regressions" ]] && dirs+=("$regressions")
  log="$BUILD/logs/$t.log"
  echo "run_all: fuzz_$t for ${SECONDS_PER_TARGET}s (log: $log)"
  status=0
  # shellcheck disable=SC2086
  "$bin" -max_total_time="$SECONDS_PER_TARGET" -timeout=30 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts" ${FUZZ_ARGS:-} "${dirs[@]}" \
    >"$log" 2>&1 || status=$?
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  rate="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  size="$(find "$corpus" -type f | wc -l)"
  if ((status == 0)); then
    result="ok"
  else
    result="FOUND (exit $status; see $log, input in $artifacts)"
    failed=1
    grep -m3 -E 'ERROR: |fuzz invariant broken|runtime error|deadly signal' "$log" | sed 's/^/    /' || true
  fi
  summary+=("$(printf '%-18s %12s runs %8s/s  corpus %6s  %s' "$t" "${runs:-?}" "${rate:-?}" "$size" "$result")")
done

echo
echo "fuzz summary (${SECONDS_PER_TARGET}s per target):"
printf '  %s\n' "${summary[@]}"
exit "$failed"
