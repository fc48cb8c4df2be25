#!/usr/bin/env python3
"""A loopback Spark History Server (and Prometheus) for the collector's tests.

Serves the recorded Spark REST JSON of a cluster folder (see fake_cluster.py) under
/api/v1/, including /api/v1/applications/<id>/logs as a zip of the folder's eventlogs/,
and answers Prometheus' /api/v1/query_range with one recorded-looking series.
Binds 127.0.0.1 on a free port, prints "PORT <n>" on stdout, and exits after --lifetime
seconds (default 60) so a crashed test never leaves it running.

  fake_history_server.py testdata/clusters/oom-driver-gone [--lifetime 60] [--no-event-logs]
"""
import argparse
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_cluster import Cluster, rest_response, split_url  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cluster")
    parser.add_argument("--lifetime", type=float, default=60)
    parser.add_argument("--no-event-logs", action="store_true")
    parser.add_argument("--fail-first", type=int, default=0,
                        help="answer 503 to this many requests first (retry tests)")
    args = parser.parse_args()
    cluster = Cluster(args.cluster)
    if args.no_event_logs:
        cluster.config["history_server_has_event_logs"] = False
    failures = {"left": args.fail_first}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            with lock:
                if failures["left"] > 0:
                    failures["left"] -= 1
                    self.send_error(503, "warming up")
                    return
            path, query = split_url(self.path)
            if path == "/api/v1/query_range":
                self.query_range(query)
                return
            if not path.startswith("/api/v1/"):
                self.send_error(404)
                return
            status, ctype, body = rest_response(cluster, path[len("/api/v1/"):], query)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def query_range(self, query):
            q = parse_qs(query)
            if not all(k in q for k in ("query", "start", "end", "step")):
                body = json.dumps({"status": "error", "errorType": "bad_data",
                                   "error": "missing parameter"}).encode()
                self.send_response(400)
            else:
                start = float(q["start"][0])
                body = json.dumps({"status": "success", "data": {"resultType": "matrix", "result": [
                    {"metric": {"namespace": "spark-jobs", "pod": "nightly-etl-exec-3"},
                     "values": [[start, "1"], [start + float(q["step"][0]), "1"]]}]}}).encode()
                self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()


if __name__ == "__main__":
    main()
