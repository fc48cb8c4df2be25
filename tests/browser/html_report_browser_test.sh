#!/usr/bin/env bash
# Opens the HTML report in headless Chromium with hostile bundle text in every field and
# checks that the page stays inert: no script runs, no request leaves the page, and the
# hostile text is shown as text. A control page without our escaping first proves that the
# request trap and the script detector do see what they are meant to see.
#
#   tests/browser/html_report_browser_test.sh build/dev/tests/report_test build/dev/tests/browser
#
# Arguments: the report_test executable (its ReportPayload test writes the reports) and a
# folder for the screenshots. Exit status: 0 pass, 1 fail, 77 skipped (no Chromium).
set -euo pipefail

readonly CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
readonly TITLE="Executor container killed for exceeding its memory limit"

if [[ $# -lt 2 || $# -gt 4 ]]; then
  echo "usage: $0 <report_test executable> <output folder> [<sparkpm> <sample bundle>]" >&2
  exit 2
fi
report_test="$1"
out_dir="$2"
sparkpm="${3:-}"
sample_bundle="${4:-}"

if [[ ! -x "$CHROMIUM" ]]; then
  echo "SKIP: html_report_browser: $CHROMIUM not found (install chromium or set CHROMIUM=...)"
  exit 77
fi
if ! command -v python3 >/dev/null; then
  echo "SKIP: html_report_browser: python3 not found (needed for the request trap)"
  exit 77
fi

mkdir -p "$out_dir"
work="$(mktemp -d "${TMPDIR:-/tmp}/sparkpm-browser.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The request trap: an HTTP server on a free loopback port that records every request.
touch "$work/requests.log"
(
  cd "$work"
  exec timeout 300 python3 -c '
import http.server, os, sys
port_file, log_file = sys.argv[1], sys.argv[2]
class Trap(http.server.BaseHTTPRequestHandler):
    def record(self):
        with open(log_file, "a") as f:
            f.write("%s %s\n" % (self.command, self.path))
        self.send_response(204)
        self.end_headers()
    do_GET = do_POST = do_HEAD = do_OPTIONS = record
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Trap)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_port))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
' "$work/port" "$work/requests.log"
) &
server_pid=$!
for _ in $(seq 100); do
  [[ -s "$work/port" ]] && break
  sleep 0.1
done
if [[ ! -s "$work/port" ]]; then
  echo "FAIL: html_report_browser: the request trap did not start"
  exit 1
fi
trap_url="http://127.0.0.1:$(cat "$work/port")"

chromium_flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-default-apps --user-data-dir="$work/profile" --virtual-time-budget=3000)

# Prints the DOM of a page after its scripts (if any) had three seconds of virtual time.
dump_dom() {
  timeout 90 "$CHROMIUM" "${chromium_flags[@]}" --dump-dom "file://$1" 2>>"$work/chromium.log"
}

# Saves a screenshot of a page.
screenshot() {
  (cd "$work" && timeout 90 "$CHROMIUM" "${chromium_flags[@]}" --window-size=1280,2000 \
    --screenshot="$2" "file://$1" >>"$work/chromium.log" 2>&1)
}

failures=0
check() {  # check <description> <command...>
  local what="$1"
  shift
  if "$@"; then
    echo "  ok: $what"
  else
    echo "  FAILED: $what"
    failures=$((failures + 1))
  fi
}

# 1. Control: an unescaped page must hit the trap and run its script, or the checks below
#    would prove nothing.
cat >"$work/control.html" <<EOF
<!DOCTYPE html><html><head><title>control</title></head><body>
<img src="$trap_url/control.png">
<script>var e=document.createElement('p');e.id='pwn'+'ed';document.body.appendChild(e)</script>
</body></html>
EOF
echo "control page (no escaping, no CSP):"
dump_dom "$work/control.html" >"$work/control.dom" || true
check "the trap saw the control request" grep -q "control.png" "$work/requests.log"
check "the script detector saw the control script run" grep -q 'id="pwned"' "$work/control.dom"
: >"$work/requests.log"

# 2. The payload report, every resource URL in it pointing at the trap.
SPARKPM_TRAP_URL="$trap_url/x" \
  SPARKPM_WRITE_PAYLOAD_REPORT="$work/payload.html" \
  SPARKPM_WRITE_SAMPLE_REPORT="$work/sample.html" \
  timeout 60 "$report_test" --gtest_filter='ReportPayload.*' >"$work/gtest.log" 2>&1 ||
  { cat "$work/gtest.log"; echo "FAIL: html_report_browser: $report_test could not write the reports"; exit 1; }
if [[ ! -s "$work/payload.html" ]]; then
  echo "FAIL: html_report_browser: $report_test wrote no payload report"
  exit 1
fi

echo "payload report:"
dump_dom "$work/payload.html" >"$work/payload.dom" || true
screenshot "$work/payload.html" "$out_dir/html_report_payload.png" || true
screenshot "$work/sample.html" "$out_dir/html_report_sample.png" || true
sleep 0.5
dom="$work/payload.dom"
check "Chromium rendered the page" grep -q "Spark incident report" "$dom"
check "the page carries a restrictive CSP" grep -qF "Content-Security-Policy\" content=\"default-src 'none';" "$dom"
check "the trap logged zero requests" test ! -s "$work/requests.log"
check "payload text is shown escaped" grep -qF "&lt;script&gt;alert(1)&lt;/script&gt;" "$dom"
check "trap URLs are shown as text" grep -qF "$trap_url/x/img" "$dom"
check "bidi override is made visible" grep -qF "[U+202E]gnp.exe" "$dom"
check "no script element in the DOM" bash -c '! grep -qi "<script" "$1"' _ "$dom"
check "no img, iframe, object or link element" \
  bash -c '! grep -qiE "<(img|iframe|object|embed|link|svg|video|base)[ >/]" "$1"' _ "$dom"
check "exactly one style element" test "$(grep -oi '<style' "$dom" | wc -l)" -eq 1
check "no payload script ran (no pwned marker)" bash -c '! grep -qi "pwned" "$1"' _ "$dom"
check "the finding titles are present" grep -qF "$TITLE" "$dom"
check "the second finding title is present, escaped" \
  grep -qF "Payload title &lt;script&gt;alert(1)&lt;/script&gt;" "$dom"
check "screenshot written" test -s "$out_dir/html_report_payload.png"

# 3. The real binary on a real bundle: the sample incident plus a driver log line and an
#    entry name carrying markup, rendered as a person would open it.
if [[ -n "$sparkpm" ]]; then
  : >"$work/requests.log"
  cp -r "$sample_bundle" "$work/bundle"
  printf '%s\n' "2026-11-21T06:50:00.000000000Z 26/11/21 06:50:00 ERROR Executor: <script>document.title='pwned'</script><img src=\"$trap_url/log.png\"> java.lang.OutOfMemoryError: Java heap space" \
    >>"$work/bundle/logs/nightly-etl-driver/spark-kubernetes-driver.log"
  mkdir -p "$work/bundle/logs/<img src=x onerror=alert(3)>"
  echo "x" >"$work/bundle/logs/<img src=x onerror=alert(3)>/c.log"
  timeout 120 "$sparkpm" analyze "$work/bundle" -q -o "$work/real.html" >"$work/sparkpm.log" 2>&1 ||
    { cat "$work/sparkpm.log"; echo "FAIL: html_report_browser: sparkpm analyze failed"; exit 1; }
  echo "sparkpm report of the sample incident with markup in a log line and a path:"
  dump_dom "$work/real.html" >"$work/real.dom" || true
  screenshot "$work/real.html" "$out_dir/html_report_real.png" || true
  sleep 0.5
  check "the findings are shown" grep -qF "Container killed by the kernel OOM killer" "$work/real.dom"
  check "the log line's script is shown as text" grep -qF "&lt;script&gt;document.title='pwned'&lt;/script&gt;" "$work/real.dom"
  check "the entry path's markup is shown as text" grep -qF "&lt;img src=x onerror=alert(3)&gt;" "$work/real.dom"
  check "no script element in the DOM" bash -c '! grep -qi "<script" "$1"' _ "$work/real.dom"
  check "no script ran (title unchanged)" bash -c '! grep -q "<title>pwned" "$1"' _ "$work/real.dom"
  check "the trap logged zero requests" test ! -s "$work/requests.log"
fi

if [[ -s "$work/requests.log" ]]; then
  echo "requests the page made:"
  sed 's/^/    /' "$work/requests.log"
fi
if ((failures > 0)); then
  cp "$work/payload.html" "$work/payload.dom" "$out_dir/" 2>/dev/null || true
  echo "FAIL: html_report_browser: $failures check(s) failed (page and DOM copied to $out_dir)"
  exit 1
fi
echo "PASS: html_report_browser: hostile report stayed inert in $("$CHROMIUM" --version 2>/dev/null | tail -1); screenshots in $out_dir"
