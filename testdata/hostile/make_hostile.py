#!/usr/bin/env python3
"""Writes the hostile bundles of the hostile-bundle suite (cases.tsv says what sparkpm must do
with each). Nothing big is kept in git: every bundle is generated, deterministically, into a
scratch folder.

  python3 testdata/hostile/make_hostile.py --out /tmp/h --case gzip-bomb   # one case
  python3 testdata/hostile/make_hostile.py --out /tmp/h                    # every case
  python3 testdata/hostile/make_hostile.py --list                          # case names

For each case it prints "bundle: PATH" (what to analyse) and, for entries that name a place
outside the bundle, "absent: PATH" (a file that must not exist after the analysis).
"""

import argparse
import base64
import io
import os
import random
import struct
import subprocess
import sys
import tarfile
import zlib

MIB = 1 << 20

# A pod list with one executor killed by the kernel: something every case can analyse.
PODS = b"""{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod",
 "metadata":{"name":"etl-exec-1","namespace":"spark-jobs","uid":"u1",
   "labels":{"spark-role":"executor","spark-app-selector":"spark-1"}},
 "spec":{"nodeName":"node-1","containers":[{"name":"spark-kubernetes-executor","image":"spark:3.5"}]},
 "status":{"phase":"Failed","containerStatuses":[{"name":"spark-kubernetes-executor","ready":false,
   "restartCount":0,"image":"spark:3.5","imageID":"","state":{"terminated":{"exitCode":137,
   "reason":"OOMKilled","startedAt":"2026-11-21T10:00:00Z","finishedAt":"2026-11-21T10:05:00Z"}}}]}}]}
"""

LOG = b"""26/11/21 10:00:00 INFO Executor: Starting executor ID 1 on host 10.0.0.7
26/11/21 10:04:59 ERROR Executor: Exception in task 3.0 in stage 1.0 (TID 7)
java.lang.OutOfMemoryError: Java heap space
\tat java.util.Arrays.copyOf(Arrays.java:3236)
\tat org.apache.spark.util.collection.PartitionedPairBuffer.growArray(PartitionedPairBuffer.scala:105)
"""


def tar_member(name, data=b"", kind=tarfile.REGTYPE, linkname="", size=None):
    """Returns the header blocks of one tar entry (PAX when the name needs it)."""
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    info.size = len(data) if size is None else size
    info.mtime = 1795257720
    info.mode = 0o644
    info.uname = info.gname = "spark"
    if kind in (tarfile.CHRTYPE, tarfile.BLKTYPE):
        info.devmajor, info.devminor = 1, 3
    return info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")


def pad(n):
    return b"\0" * ((512 - n % 512) % 512)


def tar_bytes(entries):
    """Builds a tar archive from (name, data[, kind, linkname]) tuples."""
    out = io.BytesIO()
    for e in entries:
        name, data = e[0], e[1]
        kind = e[2] if len(e) > 2 else tarfile.REGTYPE
        linkname = e[3] if len(e) > 3 else ""
        out.write(tar_member(name, data if kind == tarfile.REGTYPE else b"", kind, linkname))
        if kind == tarfile.REGTYPE:
            out.write(data)
            out.write(pad(len(data)))
    out.write(b"\0" * 1024)
    return out.getvalue()


def gzip_bytes(data, level=6):
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def zstd_bytes(data):
    return subprocess.run(["zstd", "-q", "-c", "-3"], input=data, stdout=subprocess.PIPE,
                          check=True).stdout


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return path


def big_log(lines):
    """A deterministic log of the given number of lines (incompressible enough)."""
    rng = random.Random(7)
    parts = [b"26/11/21 10:00:00 INFO Filler: %016x %016x\n" % (rng.getrandbits(64), rng.getrandbits(64))
             for _ in range(lines)]
    return b"".join(parts)


def zeros_gzip_members(total, member=64 * MIB):
    """Returns gzip members that decompress to `total` zero bytes (one member compressed
    once and repeated: gzip streams concatenate)."""
    one = gzip_bytes(bytes(member), 9)
    return one * (total // member)


# Each case writes its bundle into out and returns (bundle path, [paths that must stay absent]).

def case_traversal(out):
    entries = [("b/k8s/pods.json", PODS), ("b/../../escape.txt", b"escaped\n"),
               ("b/logs/x/../../../../escape2.log", b"escaped\n"), ("..", b"dots\n"),
               ("b/logs/a/c.log", LOG)]
    up = os.path.abspath(out)
    return write(f"{out}/traversal.tar.gz", gzip_bytes(tar_bytes(entries))), [
        os.path.normpath(os.path.join(up, "..", "..", "escape.txt")),
        os.path.normpath(os.path.join(up, "..", "escape.txt"))]


def case_absolute(out):
    target = os.path.join(os.path.dirname(os.path.abspath(out)), "absolute-escape.txt")
    entries = [("b/k8s/pods.json", PODS), (target, b"escaped\n"),
               ("/tmp/sparkpm-hostile-absolute-escape.txt", b"escaped\n"),
               ("C:\\Windows\\escape.txt", b"escaped\n"), ("b/logs/a/c.log", LOG)]
    return write(f"{out}/absolute.tar.gz", gzip_bytes(tar_bytes(entries))), [
        target, "/tmp/sparkpm-hostile-absolute-escape.txt"]


def case_symlinks(out):
    entries = [("b/k8s/pods.json", PODS),
               ("b/logs/x/passwd.log", b"", tarfile.SYMTYPE, "/etc/passwd"),
               ("b/logs/evil", b"", tarfile.SYMTYPE, "/tmp"),
               ("b/logs/evil/through-link.log", LOG),
               ("b/k8s/events.json", b"", tarfile.SYMTYPE, "../../../../etc/shadow")]
    return write(f"{out}/symlinks.tar.gz", gzip_bytes(tar_bytes(entries))), [
        "/tmp/through-link.log"]


def case_hardlinks(out):
    entries = [("b/k8s/pods.json", PODS),
               ("b/logs/x/passwd.log", b"", tarfile.LNKTYPE, "/etc/passwd"),
               ("b/k8s/pods-again.json", b"", tarfile.LNKTYPE, "b/k8s/pods.json"),
               ("b/logs/y/up.log", b"", tarfile.LNKTYPE, "../../outside.log")]
    return write(f"{out}/hardlinks.tar.gz", gzip_bytes(tar_bytes(entries))), []


def case_devices(out):
    entries = [("b/k8s/pods.json", PODS),
               ("b/logs/x/null.log", b"", tarfile.CHRTYPE),
               ("b/logs/x/disk.log", b"", tarfile.BLKTYPE),
               ("b/logs/x/fifo.log", b"", tarfile.FIFOTYPE)]
    return write(f"{out}/devices.tar.gz", gzip_bytes(tar_bytes(entries))), []


def case_gzip_bomb(out):
    # pods.json, then a 4 GiB entry of zeros, all in ~4 MiB of gzip.
    size = 4 << 30
    head = tar_member("b/k8s/pods.json", PODS) + PODS + pad(len(PODS))
    head += tar_member("b/logs/bomb/zeros.log", size=size)
    data = gzip_bytes(head) + zeros_gzip_members(size) + gzip_bytes(b"\0" * 1024)
    return write(f"{out}/gzip-bomb.tar.gz", data), []


def case_zip_bomb(out):
    # pods.json, then a zip entry inflating to 1 GiB of zeros from ~1 MiB. The deflate
    # stream is one 64 MiB block run repeated: after a full flush the compressor forgets
    # its history, so compressing the same input again gives the same bytes.
    size, chunk = 1 << 30, 64 * MIB
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(bytes(chunk)) + c.flush(zlib.Z_FULL_FLUSH)
    deflated = block * (size // chunk) + c.flush(zlib.Z_FINISH)
    crc = 0
    zero_chunk = bytes(chunk)
    for _ in range(size // chunk):
        crc = zlib.crc32(zero_chunk, crc)
    files = [("k8s/pods.json", PODS, PODS, 0, zlib.crc32(PODS), len(PODS)),
             ("logs/bomb/zeros.log", deflated, None, 8, crc, size)]
    out_bytes = io.BytesIO()
    central = io.BytesIO()
    for name, payload, _, method, crc32, usize in files:
        offset = out_bytes.tell()
        n = name.encode()
        out_bytes.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21,
                                    crc32, len(payload), usize, len(n), 0) + n + payload)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21,
                                  crc32, len(payload), usize, len(n), 0, 0, 0, 0, 0, offset) + n)
    cd = central.getvalue()
    start = out_bytes.tell()
    out_bytes.write(cd)
    out_bytes.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(files), len(files), len(cd),
                                start, 0))
    return write(f"{out}/zip-bomb.zip", out_bytes.getvalue()), []


def truncated_source():
    return tar_bytes([("b/k8s/pods.json", PODS), ("b/logs/a/c.log", big_log(200000)),
                      ("b/logs/b/c.log", LOG)])


def case_truncated_gzip(out):
    data = gzip_bytes(truncated_source())
    return write(f"{out}/truncated.tar.gz", data[: len(data) * 2 // 3]), []


def case_truncated_tar(out):
    data = truncated_source()
    return write(f"{out}/truncated.tar", data[: len(data) * 2 // 3]), []


def case_truncated_zstd(out):
    data = zstd_bytes(truncated_source())
    return write(f"{out}/truncated.tar.zst", data[: len(data) * 2 // 3]), []


def case_deep_json(out):
    depth = 100000
    entries = [("b/k8s/pods.json", PODS),
               ("b/spark/spark-1/jobs.json", b"[" * depth + b"]" * depth),
               ("b/k8s/events.json", b'{"a":' * depth + b"1" + b"}" * depth),
               ("b/logs/json/c.log", b'{"ts":"2026-11-21T10:00:00Z","level":"ERROR","msg":' +
                b'{"a":' * depth + b"1" + b"}" * depth + b"}\n")]
    return write(f"{out}/deep-json.tar.gz", gzip_bytes(tar_bytes(entries))), []


def case_long_line(out):
    # 64 MiB without a newline, of random text so that no ratio limit is involved.
    rng = random.Random(64)
    line = rng.randbytes(48 * MIB)
    line = base64.b64encode(line)[: 64 * MIB]
    log = LOG + line + b"\n26/11/21 10:05:00 ERROR Executor: after the long line\n"
    entries = [("b/k8s/pods.json", PODS), ("b/logs/long/c.log", log)]
    return write(f"{out}/long-line.tar", tar_bytes(entries)), []


def case_nul_utf8(out):
    pods = PODS.replace(b'"etl-exec-1"', b'"etl\\u0000exec\\u202e1"')
    log = (b"26/11/21 10:00:00 ERROR Exec\0utor: nul \0 in the middle \xff\xfe\xc0\xaf bad utf-8\n" +
           LOG)
    entries = [("b/k8s/pods.json", pods),
               ("b/spark/spark-1/jobs.json", b'[{"jobId":1,"name":"\xff\xfe","status":"FAILED"}]'),
               ("b/logs/nul/c.log", log),
               (os.fsdecode(b"b/logs/bad\xff\xfename/c.log"), LOG),
               ("b/logs/rtl\u202egol.exe/c.log", LOG)]
    return write(f"{out}/nul-utf8.tar.gz", gzip_bytes(tar_bytes(entries))), []


def case_many_entries(out):
    # 200,000 tiny logs after pods.json: one more entry than the default --max-entries.
    parts = [tar_member("b/k8s/pods.json", PODS), PODS, pad(len(PODS))]
    body = b"26/11/21 10:00:00 WARN Tiny: x\n"
    block = body + pad(len(body))
    for i in range(200000):
        parts.append(tar_member("b/logs/p%d/c.log" % i, body))
        parts.append(block)
    parts.append(b"\0" * 1024)
    return write(f"{out}/many-entries.tar.gz", gzip_bytes(b"".join(parts), 1)), []


def case_duplicates(out):
    pods2 = PODS.replace(b"etl-exec-1", b"etl-exec-2")
    entries = [("b/k8s/pods.json", PODS), ("b/k8s/pods.json", pods2),
               ("b/logs/a/c.log", LOG), ("b/logs/a/c.log", b"26/11/21 10:00:00 WARN X: second\n"),
               ("b/logs/a//c.log", LOG), ("b/./logs/a/c.log", LOG)]
    return write(f"{out}/duplicates.tar.gz", gzip_bytes(tar_bytes(entries))), []


def case_empty_tar_gz(out):
    return write(f"{out}/empty.tar.gz", gzip_bytes(b"\0" * 1024)), []


def case_empty_zip(out):
    return write(f"{out}/empty.zip", struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0, 0, 0, 0, 0)), []


def case_zero_bytes(out):
    return write(f"{out}/zero.tar.gz", b""), []


def case_wrong_extension(out):
    data = zstd_bytes(tar_bytes([("b/k8s/pods.json", PODS), ("b/logs/a/c.log", LOG)]))
    return write(f"{out}/bundle.zip", data), []


def case_limit_bundle(out):
    """A well-formed bundle used by the cases that lower one limit with a flag."""
    warn = b"".join(b"26/11/21 10:00:%02d WARN Busy: warning %d\n" % (i % 60, i) for i in range(50))
    jobs = b"[" + b",".join(b'{"jobId":%d,"name":"j","status":"SUCCEEDED","stageIds":[%d]}' % (i, i)
                           for i in range(20)) + b"]"
    entries = [("b/k8s/pods.json", PODS), ("b/spark/spark-1/jobs.json", jobs),
               ("b/logs/a/c.log", LOG + warn + b"x" * 5000 + b"\n"), ("b/logs/b/c.log", big_log(20000)),
               ("b/logs/c/c.log", LOG), ("b/logs/d/c.log", LOG)]
    return write(f"{out}/limits.tar.gz", gzip_bytes(tar_bytes(entries))), []


CASES = {
    "traversal": case_traversal,
    "absolute": case_absolute,
    "symlinks": case_symlinks,
    "hardlinks": case_hardlinks,
    "devices": case_devices,
    "gzip-bomb": case_gzip_bomb,
    "zip-bomb": case_zip_bomb,
    "truncated-gzip": case_truncated_gzip,
    "truncated-tar": case_truncated_tar,
    "truncated-zstd": case_truncated_zstd,
    "deep-json": case_deep_json,
    "long-line": case_long_line,
    "nul-utf8": case_nul_utf8,
    "many-entries": case_many_entries,
    "duplicates": case_duplicates,
    "empty-tar-gz": case_empty_tar_gz,
    "empty-zip": case_empty_zip,
    "zero-bytes": case_zero_bytes,
    "wrong-extension": case_wrong_extension,
    "limits": case_limit_bundle,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", help="folder to write the bundles into")
    parser.add_argument("--case", action="append", help="case to write (default: every case)")
    parser.add_argument("--list", action="store_true", help="print the case names")
    args = parser.parse_args()
    if args.list:
        print("\n".join(CASES))
        return 0
    if not args.out:
        parser.error("--out is required")
    names = args.case or list(CASES)
    for name in names:
        if name not in CASES:
            print(f"unknown case {name!r}; --list shows them", file=sys.stderr)
            return 2
    os.makedirs(args.out, exist_ok=True)
    for name in names:
        bundle, absent = CASES[name](args.out)
        print(f"bundle: {bundle}")
        for path in absent:
            print(f"absent: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
