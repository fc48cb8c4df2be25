#!/usr/bin/env bash
# Bundle benchmark (not a ctest): generates large synthetic incident bundles
# (tests/bench/gen_bundle.cc: pods, events, nodes, a driver and N executor logs, an event
# log) as .tar.gz and .tar.zst, and measures, in one run on the same files:
#   sparkpm analyze BUNDLE -o REPORT -q         wall, CPU, peak RSS, MB/s (uncompressed)
#   floors: zcat BUNDLE.tar.gz, zstd -dc BUNDLE.tar.zst
#   rules stage: rules + report time over the whole of `sparkpm analyze --timings` (and,
#     in CPU time, sparkpm analyze --db X minus sparkpm load --db X)
#   pattern scan: grep -E -c -f PATTERNS over the bundle's logs, extracted once, against
#     sparkpm load of a folder holding only those logs; PATTERNS are the `regex:` entries
#     of rules/*.yaml converted from RE2 to ERE (the ones ERE cannot express are dropped
#     and counted)
# and prints the ratios next to their targets:
#   tar.gz analyze / zcat <= 1.3, tar.zst analyze / zstd -dc <= 2.5,
#   pattern scan sparkpm / grep <= 1.0, peak RSS < 512 MiB and flat across sizes,
#   rules stage share < 10 %.
#
#   cmake --preset release && cmake --build --preset release --target sparkpm
#   tests/bench/run_bundle_benchmark.sh --sizes 1000,5000
#
# Options: --sizes MB,MB (1000,5000: uncompressed bundle sizes), --work DIR (/work/bench:
# bundles, extracted logs, databases; a bundle is reused while its size, executors, seed
# and generator source are unchanged), --sparkpm PATH (build/release/analyzer/sparkpm),
# --runs N (run everything N times and keep the fastest; 1), --executors N (32),
# --seed N (1).
# Wall-clock ratios need an otherwise idle machine; the CPU-time ratios printed next to
# them (user + system of every process of the run) are what other load disturbs least.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sizes=1000,5000
work=/work/bench
sparkpm="$root/build/release/analyzer/sparkpm"
runs=1
executors=32
seed=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --sparkpm) sparkpm="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --executors) executors="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 1 ;;
  esac
done
for tool in c++ zcat zstd grep tar python3 md5sum /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
[[ -x "$sparkpm" ]] || { echo "no sparkpm at $sparkpm (build the release preset)" >&2; exit 1; }
mkdir -p "$work"
work="$(cd "$work" && pwd)"
source "$here/measure.sh"

# Prints a value from a generator's PREFIX.info.
info() { sed -n "s/^$2=//p" "$1.info"; }

# 1. The grep patterns: every `regex:` of rules/*.yaml in ERE, (?i) ones apart.
patterns="$work/patterns"
python3 - "$root/rules" "$patterns" <<'PY'
import glob, os, re, subprocess, sys

rules_dir, prefix = sys.argv[1], sys.argv[2]

def regexes(path):
    """Yields the regex: values of a rule file (PyYAML when present, else single-quoted lines)."""
    try:
        import yaml
        doc = yaml.safe_load(open(path)) or {}
        for p in doc.get("patterns") or []:
            if isinstance(p, dict) and "regex" in p:
                yield str(p["regex"])
        return
    except ImportError:
        pass
    for line in open(path):
        m = re.match(r"\s*(?:-\s*)?regex:\s*'((?:[^']|'')*)'\s*$", line)
        if m:
            yield m.group(1).replace("''", "'")

class Unsupported(Exception):
    pass

CLASSES = {  # RE2 escape -> (outside brackets, inside brackets or None)
    "d": ("[0-9]", "0-9"), "D": ("[^0-9]", None),
    "w": ("[[:alnum:]_]", "[:alnum:]_"), "W": ("[^[:alnum:]_]", None),
    "s": ("[[:space:]]", "[:space:]"), "S": ("[^[:space:]]", None),
}

def to_ere(rx):
    """Returns (ERE, case_insensitive) for an RE2 regex, or raises Unsupported."""
    icase = rx.startswith("(?i)")
    if icase:
        rx = rx[4:]
    out, i, in_br, br_start = [], 0, False, 0
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            if i + 1 >= len(rx):
                raise Unsupported("trailing backslash")
            d = rx[i + 1]
            i += 2
            if d in CLASSES:
                outside, inside = CLASSES[d]
                if in_br and inside is None:
                    raise Unsupported("negated class in brackets")
                out.append(inside if in_br else outside)
            elif d in "rt":
                out.append({"r": "\r", "t": "\t"}[d])
            elif d == "n":
                if not in_br:
                    raise Unsupported("newline outside brackets")
                # grep sees no newline inside a line: [^\n] is any byte, [\n] nothing new.
            elif d == "b" and not in_br:
                out.append("\\b")  # GNU extension
            elif d.isalnum():
                raise Unsupported("escape \\" + d)
            elif in_br:
                if d in "]^-\\":
                    raise Unsupported("escaped " + d + " in brackets")
                out.append(d)
            elif d in ".[()*+?{|^$\\":
                out.append("\\" + d)
            else:
                out.append(d)
            continue
        if in_br:
            if c == "]" and i > br_start:
                in_br = False
            elif c == "[" and rx[i + 1:i + 2] in (":", ".", "="):
                raise Unsupported("POSIX class")
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_br = True
            out.append(c)
            i += 1
            if rx[i:i + 1] == "^":
                out.append("^")
                i += 1
            br_start = i  # a ']' right here is literal
            if rx[i:i + 1] == "]":
                out.append("]")
                i += 1
            continue
        if c == "(" and rx[i + 1:i + 2] == "?":
            m = re.match(r"\(\?(?::|P?<[A-Za-z_][A-Za-z0-9_]*>)", rx[i:])
            if not m:
                raise Unsupported("group flags")
            out.append("(")
            i += len(m.group(0))
            continue
        if c in "*+?}" and rx[i + 1:i + 2] == "?":
            out.append(c)  # lazy or greedy: the same lines match
            i += 2
            continue
        out.append(c)
        i += 1
    if in_br:
        raise Unsupported("open bracket")
    return "".join(out), icase

files = sorted(glob.glob(os.path.join(rules_dir, "*.yaml")))
total, kept, dropped = 0, {False: [], True: []}, []
for f in files:
    for rx in regexes(f):
        total += 1
        try:
            ere, icase = to_ere(rx)
        except Unsupported as e:
            dropped.append((rx, str(e)))
            continue
        probe = subprocess.run(["grep", "-E", "-e", ere, "/dev/null"], capture_output=True)
        if probe.returncode == 2 or probe.stderr:
            dropped.append((rx, probe.stderr.decode().strip()))
            continue
        kept[icase].append(ere)
for icase, name in ((False, ".ere"), (True, "-i.ere")):
    with open(prefix + name, "w") as out:
        out.write("".join(p + "\n" for p in kept[icase]))
with open(prefix + ".count", "w") as out:
    out.write(f"{total} {len(kept[False])} {len(kept[True])} {len(dropped)}\n")
for rx, why in dropped:
    print(f"pattern dropped ({why}): {rx}", file=sys.stderr)
PY
read -r pat_total pat_cs pat_ci pat_dropped <"$patterns.count"
echo "patterns: $pat_total regex entries in rules/*.yaml; $pat_cs for grep -E, $pat_ci for grep -E -i, $pat_dropped dropped"

# Runs grep with both pattern files over the extracted logs; grep's exit 1 (no match)
# is not a failure. Writes the per-file counts to $work/grep.counts.
grep_logs() {
  local list="$1" rc
  : >"$work/grep.counts"
  if [[ -s "$patterns.ere" ]]; then
    rc=0; xargs -0 -a "$list" grep -E -c -f "$patterns.ere" >>"$work/grep.counts" || rc=$?
    [[ $rc -le 1 ]] || return 1
  fi
  if [[ -s "$patterns-i.ere" ]]; then
    rc=0; xargs -0 -a "$list" grep -E -i -c -f "$patterns-i.ere" >>"$work/grep.counts" || rc=$?
    [[ $rc -le 1 ]] || return 1
  fi
}
export -f grep_logs
export work patterns

gen_stamp=$(cat "$here/gen_bundle.cc" "$here/event_log_writer.h" | md5sum | cut -d' ' -f1)
summary=""
IFS=, read -r -a size_list <<<"$sizes"
for size in "${size_list[@]}"; do
  prefix="$work/bundle-${size}mb-e${executors}-s${seed}"
  params="size_mb=$size executors=$executors seed=$seed generator=$gen_stamp"

  # 2. The bundle, made once per parameters.
  if [[ ! -s "$prefix.tar.gz" || ! -s "$prefix.tar.zst" || ! -s "$prefix.info" ||
        "$(cat "$prefix.params" 2>/dev/null)" != "$params" ]]; then
    rm -f "$prefix.params"
    if [[ ! -x "$work/gen_bundle" || "$(cat "$work/gen_bundle.stamp" 2>/dev/null)" != "$gen_stamp" ]]; then
      c++ -O2 -std=c++20 "$here/gen_bundle.cc" -o "$work/gen_bundle" -lz -lzstd
      echo "$gen_stamp" >"$work/gen_bundle.stamp"
    fi
    "$work/gen_bundle" --size-mb "$size" --executors "$executors" --seed "$seed" --out "$prefix"
    echo "$params" >"$prefix.params"
  fi

  # 3. Its logs, extracted once into a plain folder bundle (logs/<pod>/<container>.log).
  logs="$prefix.logs"
  if [[ "$(cat "$logs.params" 2>/dev/null)" != "$params" ]]; then
    rm -rf "$logs" "$logs.params"
    mkdir -p "$logs"
    zstd -dc "$prefix.tar.zst" | tar -x -C "$logs" --strip-components=1 --wildcards '*/logs/*'
    echo "$params" >"$logs.params"
  fi
  find "$logs" -type f -name '*.log' -print0 | sort -z >"$work/logs.list"

  tar_bytes=$(info "$prefix" tar_bytes)
  content_bytes=$(info "$prefix" content_bytes)
  log_bytes=$(info "$prefix" log_bytes)
  report="$work/report.md"
  db="$work/bench.db"
  logs_db="$work/logs.db"
  cat /proc/loadavg >"$work/loadavg.before"
  zc=$(best zcat "$prefix.tar.gz")
  zs=$(best zstd -dc "$prefix.tar.zst")
  ag=$(best "$sparkpm" analyze "$prefix.tar.gz" -o "$report" --quiet)
  az=$(best "$sparkpm" analyze "$prefix.tar.zst" -o "$report" --quiet --timings)
  # "sparkpm: timings: load L s, rules R s, report P s" of the last run
  read -r t_load t_rules t_report < <(sed -n 's/.*timings: load \([0-9.]*\) s, rules \([0-9.]*\) s, report \([0-9.]*\) s.*/\1 \2 \3/p' "$work/stderr.txt")
  ld=$(best sh -c "rm -f '$db'; exec '$sparkpm' load '$prefix.tar.zst' --db '$db' --quiet")
  ad=$(best sh -c "rm -f '$db'; exec '$sparkpm' analyze '$prefix.tar.zst' --db '$db' -o '$report' --quiet")
  # shellcheck disable=SC2016  # expanded by the inner bash
  gr=$(best bash -c 'grep_logs "$work/logs.list"')
  sl=$(best sh -c "rm -f '$logs_db'; exec '$sparkpm' load '$logs' --db '$logs_db' --quiet")
  cat /proc/loadavg >"$work/loadavg.after"
  grep_lines=$(awk -F: '{s += $NF} END {print s + 0}' "$work/grep.counts")
  sparkpm_lines=$("$sparkpm" query "$logs_db" \
    "SELECT count(*) FROM (SELECT DISTINCT file_id, match_line FROM pattern_matches)" \
    --format tsv | tail -1)
  findings=$(grep -c '^### ' "$report" || true)

  out=$(awk -v size="$size" -v tb="$tar_bytes" -v cb="$content_bytes" -v lb="$log_bytes" \
      -v gzb="$(info "$prefix" gz_bytes)" -v zsb="$(info "$prefix" zst_bytes)" \
      -v pods="$(info "$prefix" executor_pods)" -v tasks="$(info "$prefix" tasks)" \
      -v lines="$(info "$prefix" log_lines)" -v files="$(info "$prefix" log_files)" \
      -v runs="$runs" -v findings="$findings" \
      -v tl="${t_load:-0}" -v tr="${t_rules:-0}" -v tp="${t_report:-0}" \
      -v la0="$(cut -d' ' -f1-3 "$work/loadavg.before")" -v la1="$(cut -d' ' -f1-3 "$work/loadavg.after")" \
      -v zc="$zc" -v zs="$zs" -v ag="$ag" -v az="$az" -v ld="$ld" -v ad="$ad" -v gr="$gr" -v sl="$sl" \
      -v npat="$((pat_cs + pat_ci))" -v glines="$grep_lines" -v slines="$sparkpm_lines" '
function row(name, m, bytes,   x) {
  split(m, x, " ")
  printf("%-44s %8.2f %8.2f %8.0f %9s\n", name, x[1], x[2], bytes / 1e6 / x[1],
         (x[3] > 0) ? sprintf("%.0f", x[3] / 1024) : "")
}
function f(m, i,   x) { split(m, x, " "); return x[i] + 0 }
function verdict(ok) { return ok ? "ok" : "MISSED" }
BEGIN {
  printf "\nbundle %d MB: %.1f MB content (%.1f MB logs in %d files, %d lines; %d executor pods; %d event log tasks); tar %.1f MB, gz %.1f MB, zst %.1f MB\n",
         size, cb / 1e6, lb / 1e6, files, lines, pods, tasks, tb / 1e6, gzb / 1e6, zsb / 1e6
  printf "load average %s -> %s; best of %d; MB/s of uncompressed bytes (tar for bundles, logs for the scan)\n", la0, la1, runs
  printf "%-44s %8s %8s %8s %9s\n", "run", "wall s", "cpu s", "MB/s", "RSS MiB"
  row("floor: zcat .tar.gz", zc, tb)
  row("floor: zstd -dc .tar.zst", zs, tb)
  row("sparkpm analyze .tar.gz", ag, tb)
  row("sparkpm analyze .tar.zst", az, tb)
  row("sparkpm load .tar.zst --db", ld, tb)
  row("sparkpm analyze .tar.zst --db", ad, tb)
  row(sprintf("grep -E -c (%d patterns) over the logs", npat), gr, lb)
  row("sparkpm load <logs folder> --db", sl, lb)
  printf "matching lines: grep %d, sparkpm pattern_matches %d; report: %d findings\n", glines, slines, findings
  r1 = f(ag, 1) / f(zc, 1); r1c = f(ag, 2) / f(zc, 2)
  r2 = f(az, 1) / f(zs, 1); r2c = f(az, 2) / f(zs, 2)
  r3 = f(sl, 1) / f(gr, 1); r3c = f(sl, 2) / f(gr, 2)
  rss = f(ag, 3); if (f(az, 3) > rss) rss = f(az, 3); if (f(ad, 3) > rss) rss = f(ad, 3)
  if (f(ld, 3) > rss) rss = f(ld, 3); if (f(sl, 3) > rss) rss = f(sl, 3)
  share = (tl + tr + tp > 0) ? (tr + tp) / (tl + tr + tp) * 100 : 0
  sharec = (f(ad, 2) - f(ld, 2)) / f(ad, 2) * 100
  printf "ratios (wall, cpu in brackets):\n"
  printf "  tar.gz  analyze / zcat             %6.2fx (%5.2fx)   [target <= 1.3]  %s\n", r1, r1c, verdict(r1 <= 1.3)
  printf "  tar.zst analyze / zstd -dc         %6.2fx (%5.2fx)   [target <= 2.5]  %s\n", r2, r2c, verdict(r2 <= 2.5)
  printf "  pattern scan sparkpm / grep        %6.2fx (%5.2fx)   [target <= 1.0]  %s\n", r3, r3c, verdict(r3 <= 1.0)
  printf "  peak RSS (max of the sparkpm runs) %6.0f MiB           [target < 512]   %s\n", rss / 1024, verdict(rss / 1024 < 512)
  printf "  rules stage share                  %6.1f %% (%5.1f %%)  [target < 10 %%]  %s\n", share, sharec, verdict(share < 10)
  printf "    (analyze --timings of the .tar.zst run: load %.2f s, rules %.2f s, report %.2f s; in brackets: CPU of analyze --db minus load --db)\n", tl, tr, tp
  printf "SUMMARY %d %.0f\n", size, rss / 1024
}')
  grep -v '^SUMMARY' <<<"$out"
  summary+="$(grep '^SUMMARY' <<<"$out" | cut -d' ' -f2-)"$'\n'
done

echo
printf "peak RSS per size (flat is the target):"
while read -r s r; do
  [[ -n "$s" ]] && printf "  %s MB: %s MiB" "$s" "$r"
done <<<"$summary"
echo
