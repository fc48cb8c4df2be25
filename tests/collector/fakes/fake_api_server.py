#!/usr/bin/env python3
"""A loopback Kubernetes API server for the real-kubectl end-to-end test.

Serves a recorded cluster (see fake_cluster.py) the way the API server does for what
sparkpm-collect asks kubectl: discovery (/api, /apis, resource lists), pods (with label
selectors), events (with field selectors), nodes, SparkApplications, pod logs and the pod
proxy to the driver's Spark REST API. Anything but GET is refused with 405. Every request
is appended to --request-log as "METHOD PATH".

Binds 127.0.0.1 on a free port, prints "PORT <n>", exits after --lifetime seconds.

  fake_api_server.py testdata/clusters/oom-driver-alive --request-log /tmp/requests.log
"""
import argparse
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_cluster import Cluster, rest_response, selector_matches, split_url  # noqa: E402

SPARK_GROUP = "sparkoperator.k8s.io"
SPARK_VERSION = "v1beta2"


def resource(name, kind, namespaced, short=(), verbs=("get", "list")):
    return {"name": name, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind,
            "verbs": list(verbs), "shortNames": list(short)}


CORE_RESOURCES = {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "v1", "resources": [
    resource("pods", "Pod", True, ["po"]),
    resource("pods/log", "Pod", True, verbs=["get"]),
    resource("pods/proxy", "PodProxyOptions", True, verbs=["get"]),
    resource("events", "Event", True, ["ev"]),
    resource("nodes", "Node", False, ["no"]),
]}
SPARK_RESOURCES = {"kind": "APIResourceList", "apiVersion": "v1",
                   "groupVersion": f"{SPARK_GROUP}/{SPARK_VERSION}", "resources": [
                       resource("sparkapplications", "SparkApplication", True, ["sparkapp"])]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cluster")
    parser.add_argument("--lifetime", type=float, default=60)
    parser.add_argument("--request-log")
    args = parser.parse_args()
    cluster = Cluster(args.cluster)
    log_lock = threading.Lock()

    def record(method, path):
        if args.request_log:
            with log_lock, open(args.request_log, "a") as f:
                f.write(f"{method} {path}\n")

    def status(code, reason, message):
        return code, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                      "message": message, "reason": reason, "code": code}

    def as_list(kind, items):
        return 200, {"kind": kind, "apiVersion": "v1", "metadata": {"resourceVersion": "1"},
                     "items": items}

    def answer(path, query):
        q = parse_qs(query)
        parts = [p for p in path.split("/") if p]
        if parts == ["api"]:
            return 200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
                {"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}
        if parts == ["apis"]:
            gv = {"groupVersion": f"{SPARK_GROUP}/{SPARK_VERSION}", "version": SPARK_VERSION}
            return 200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": SPARK_GROUP, "versions": [gv], "preferredVersion": gv}]}
        if parts == ["api", "v1"]:
            return 200, CORE_RESOURCES
        if parts == ["apis", SPARK_GROUP, SPARK_VERSION]:
            return 200, SPARK_RESOURCES
        if parts == ["version"]:
            return 200, {"major": "1", "minor": "29", "gitVersion": "v1.29.0-fake"}
        pods = cluster.items("k8s/pods.json") or []
        if parts[:3] == ["api", "v1", "nodes"]:
            nodes = {n["metadata"]["name"]: n for n in cluster.items("k8s/nodes.json") or []}
            if len(parts) == 3:
                return as_list("NodeList", list(nodes.values()))
            if parts[3] in nodes:
                return 200, nodes[parts[3]]
            return status(404, "NotFound", f'nodes "{parts[3]}" not found')
        if parts[:3] == ["api", "v1", "namespaces"] and len(parts) >= 5:
            ns, kind = parts[3], parts[4]
            if kind == "pods":
                in_ns = [p for p in pods if p["metadata"].get("namespace") == ns]
                if len(parts) == 5:
                    sel = q.get("labelSelector", [""])[0]
                    return as_list("PodList", [p for p in in_ns
                                               if selector_matches(p["metadata"].get("labels"), sel)])
                name = parts[5].split(":")[0]
                match = [p for p in in_ns if p["metadata"]["name"] == name]
                if not match:
                    return status(404, "NotFound", f'pods "{name}" not found')
                if len(parts) == 6:
                    return 200, match[0]
                if parts[6] == "log":
                    container = q.get("container", [match[0]["spec"]["containers"][0]["name"]])[0]
                    suffix = ".previous.log" if q.get("previous", ["false"])[0] == "true" else ".log"
                    data = cluster.read(f"logs/{name}/{container}{suffix}")
                    if data is None and suffix == ".previous.log":
                        return status(400, "BadRequest", f'previous terminated container '
                                      f'"{container}" in pod "{name}" not found')
                    return 200, data or b""
                if parts[6] == "proxy" and parts[7:9] == ["api", "v1"]:
                    if match[0]["status"].get("phase") != "Running":
                        return status(503, "ServiceUnavailable", "error trying to reach service")
                    code, _, body = rest_response(cluster, "/".join(parts[9:]), query)
                    return code, body
            if kind == "events":
                items = [e for e in cluster.items("k8s/events.json") or []
                         if e["metadata"].get("namespace") == ns]
                for term in filter(None, q.get("fieldSelector", [""])[0].split(",")):
                    key, _, value = term.partition("=")
                    field = key.removeprefix("involvedObject.")
                    items = [e for e in items if e.get("involvedObject", {}).get(field) == value]
                return as_list("EventList", items)
        if parts[:3] == ["apis", SPARK_GROUP, SPARK_VERSION] and len(parts) >= 6 and \
                parts[3] == "namespaces" and parts[5] == "sparkapplications":
            apps = [a for a in cluster.items("k8s/sparkapplications.json") or []
                    if a["metadata"].get("namespace") == parts[4]]
            if len(parts) == 6:
                return 200, {"kind": "SparkApplicationList",
                             "apiVersion": f"{SPARK_GROUP}/{SPARK_VERSION}",
                             "metadata": {"resourceVersion": "1"}, "items": apps}
            match = [a for a in apps if a["metadata"]["name"] == parts[6]]
            if match:
                return 200, match[0]
            return status(404, "NotFound", f'sparkapplications.{SPARK_GROUP} "{parts[6]}" not found')
        return status(404, "NotFound", "the server could not find the requested resource")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def reply(self, code, body):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json" if not isinstance(body, bytes)
                             else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802
            record("GET", self.path)
            path, query = split_url(self.path)
            code, body = answer(path, query)
            self.reply(code, body)

        def refuse(self):
            record(self.command, self.path)
            self.reply(405, {"kind": "Status", "status": "Failure", "code": 405,
                             "reason": "MethodNotAllowed", "message": "read-only fake"})

        do_POST = do_PUT = do_PATCH = do_DELETE = refuse  # noqa: N815

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
