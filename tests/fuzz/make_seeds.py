#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target from the repository's testdata/, rules/ and
runbooks/ into OUT/<target>/ (small inputs: lists cut to a few items, logs to their first
and most interesting lines). Seeds are generated, never committed.

  python3 tests/fuzz/make_seeds.py build/fuzz/seeds
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAX_JSON = 24 * 1024
MAX_LOG = 12 * 1024


def shrink(value, keep=3):
    """Returns a JSON value with every list cut to its first `keep` items."""
    if isinstance(value, list):
        return [shrink(v, keep) for v in value[:keep]]
    if isinstance(value, dict):
        return {k: shrink(v, keep) for k, v in value.items()}
    return value


def mini_json(data):
    try:
        text = json.dumps(shrink(json.loads(data)), separators=(",", ":")).encode()
    except ValueError:
        return data[:MAX_JSON]
    return text if len(text) <= MAX_JSON else json.dumps(shrink(json.loads(data), 1)).encode()


def mini_log(data):
    """The first lines and the lines around the first exception, up to MAX_LOG bytes."""
    lines = data.split(b"\n")
    out = lines[:25]
    for i, line in enumerate(lines):
        if b"Exception" in line or b"Error" in line or b"ERROR" in line:
            out += lines[max(25, i - 3): i + 30]
            break
    return b"\n".join(out)[:MAX_LOG] + b"\n"


def incident_files(incident):
    """Yields (bundle path, small content) of one recorded incident's files."""
    base = os.path.join(ROOT, "testdata", "incidents", incident, "bundle")
    for folder, _, names in sorted(os.walk(base)):
        for name in sorted(names):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, base)
            with open(path, "rb") as f:
                data = f.read()
            yield rel, mini_json(data) if name.endswith(".json") else mini_log(data)


class Corpus:
    def __init__(self, out):
        self.out = out

    def add(self, target, data):
        folder = os.path.join(self.out, target)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)


def tar_of(files, top="bundle"):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for rel, data in files:
            info = tarfile.TarInfo(f"{top}/{rel}")
            info.size = len(data)
            info.mtime = 1795257720
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def gzip_of(data):
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def zip_of(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for rel, data in files:
            z.writestr(zipfile.ZipInfo(rel, (2026, 11, 21, 10, 0, 0)), data)
    return buf.getvalue()


def zstd_of(data):
    if not shutil.which("zstd"):
        return None
    return subprocess.run(["zstd", "-q", "-c"], input=data, stdout=subprocess.PIPE, check=True).stdout


def head_lines(data, limit):
    """The whole lines of data within the first `limit` bytes."""
    if len(data) <= limit:
        return data
    cut = data.rfind(b"\n", 0, limit)
    return data[: cut + 1] if cut > 0 else data[:limit]


def event_log_seeds(corpus):
    """Event logs of testdata/clusters (and, when it is there, of the shared corpus, read at
    run time and never copied into the repository), cut to their first lines."""
    sources = [os.path.join(ROOT, "testdata", "clusters"),
               os.path.join(ROOT, "..", "shared", "corpus")]
    for base in sources:
        if not os.path.isdir(base):
            continue
        for folder, _, names in sorted(os.walk(base)):
            for name in sorted(names):
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, base)
                if "eventlog" not in rel and not name.startswith(("events_", "application_", "local-", "app-")):
                    continue
                with open(path, "rb") as f:
                    data = f.read(4 << 20)
                if data.startswith(b"\x28\xb5\x2f\xfd") or data.startswith(b"LZ4Block"):
                    if len(data) <= 64 * 1024:
                        corpus.add("event_log", data)
                    continue
                if not data.lstrip().startswith(b"{"):
                    continue
                small = head_lines(data, 24 * 1024)
                corpus.add("event_log", ("eventlogs/" + rel).encode() + b"\n" + small)
                packed = zstd_of(head_lines(data, 8 * 1024))
                if packed:
                    corpus.add("event_log", packed)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    corpus = Corpus(sys.argv[1])
    incidents = sorted(os.listdir(os.path.join(ROOT, "testdata", "incidents")))
    incidents = [i for i in incidents if os.path.isdir(os.path.join(ROOT, "testdata", "incidents", i))]
    for n, incident in enumerate(incidents):
        files = list(incident_files(incident))
        jsons = [(p, d) for p, d in files if p.endswith(".json")]
        logs = [(p, d) for p, d in files if not p.endswith(".json")]
        for path, data in jsons:
            corpus.add("json_entry", path.encode() + b"\n" + data)
        for path, data in logs:
            corpus.add("log_loader", data)
            corpus.add("log_record_parser", data)
        # Bundles: a small one per incident (JSON and two logs), in turns of container.
        small = jsons[:6] + logs[:2]
        tar = tar_of(small)
        for target in ("bundle_reader", "bundle_loader"):
            kind = n % 4
            if kind == 0:
                corpus.add(target, gzip_of(tar))
            elif kind == 1:
                corpus.add(target, zstd_of(tar) or gzip_of(tar))
            elif kind == 2:
                corpus.add(target, tar)
            else:
                corpus.add(target, zip_of(small))
        if n == 0:
            for target in ("bundle_reader", "bundle_loader"):
                corpus.add(target, jsons[0][1])                  # a lone JSON file
                corpus.add(target, logs[0][1])                   # a lone log
                corpus.add(target, gzip_of(logs[0][1]))          # a lone compressed log
    # Spark 4 JSON layout lines and kubectl-prefixed lines, which the incidents may lack.
    json_lines = (
        b'{"ts":"2026-11-21T10:42:00.123Z","level":"ERROR","msg":"Exception in task 0.0",'
        b'"logger":"org.apache.spark.executor.Executor","exception":{"class":'
        b'"java.lang.OutOfMemoryError","msg":"Java heap space","stacktrace":[{"class":"a.B",'
        b'"method":"m","file":"B.java","line":3}]}}\n'
        b'2026-11-21T10:42:00.123456789Z 26/11/21 10:42:00 WARN TaskSetManager: Lost task 1.0\n'
        b'2026-11-21 10:42:00,123 ERROR [main] org.x.Y: failed\nCaused by: java.io.IOException: x\n'
        b'\tat a.b.C.d(C.java:1)\n\t... 12 more\n')
    for target in ("log_loader", "log_record_parser"):
        corpus.add(target, json_lines)
    event_log_seeds(corpus)
    for name in sorted(os.listdir(os.path.join(ROOT, "rules"))):
        if not name.endswith(".yaml"):
            continue
        with open(os.path.join(ROOT, "rules", name), "rb") as f:
            rules = f.read()
        runbook = os.path.join(ROOT, "runbooks", name[:-5] + ".md")
        md = open(runbook, "rb").read() if os.path.exists(runbook) else b""
        corpus.add("rule_file", rules)
        corpus.add("rule_file", rules + b"\n---8<---\n" + md)
        corpus.add("report_renderers", md)
    payloads = [b"<script>alert(1)</script>", b"<img src=x onerror=alert(2)>",
                b"[click](javascript:alert(3))", b"\xe2\x80\xaegnp.exe", b"a|b`c`**d**",
                b"</style><style>body{background:url(https://x)}</style>", b"\xff\xfe\x00\x01",
                b"# heading\n- item\n```\ncode\n```\n[ok](https://example.com)"]
    fields = b"\0".join(payloads * 6)
    corpus.add("report_renderers", b"sparkpm 0.1.0\0" + b"2026-11-21T10:00:00Z\0" + fields)
    corpus.add("report_renderers", b"\x03\x02\x01" * 20 + fields)
    return 0


if __name__ == "__main__":
    sys.exit(main())
