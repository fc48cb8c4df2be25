"""A recorded Kubernetes cluster for the collector's tests, read from testdata/clusters/<name>/.

A cluster folder holds cluster.json and overlay files. cluster.json names a base bundle (a
recorded incident under testdata/incidents/) whose files answer whatever the overlay does
not: k8s/pods.json, k8s/events.json, k8s/nodes.json, k8s/sparkapplications.json,
logs/<pod>/<container>[.previous].log, spark/<app-id>/... (Spark REST JSON) and
eventlogs/... (served zipped by the fake History Server).

Shared by fake_kubectl.py (kubectl get/logs, get --raw through the pod proxy) and
fake_history_server.py (the Spark REST API over HTTP).
"""
import io
import json
import os
import re
import zipfile
from urllib.parse import parse_qs, urlsplit


class Cluster:
    def __init__(self, folder):
        self.folder = os.path.abspath(folder)
        with open(os.path.join(self.folder, "cluster.json")) as f:
            self.config = json.load(f)
        base = self.config.get("base_bundle")
        self.base = os.path.normpath(os.path.join(self.folder, base)) if base else None
        self.namespace = self.config.get("namespace", "default")

    def path(self, rel):
        """Returns the overlay file, else the base bundle's, else None."""
        for root in (self.folder, self.base):
            if root:
                p = os.path.join(root, rel)
                if os.path.isfile(p):
                    return p
        return None

    def read(self, rel):
        p = self.path(rel)
        if p is None:
            return None
        with open(p, "rb") as f:
            return f.read()

    def json(self, rel):
        data = self.read(rel)
        return None if data is None else json.loads(data)

    def items(self, rel):
        doc = self.json(rel)
        if doc is None:
            return None
        return doc.get("items", []) if isinstance(doc, dict) else []

    def app_ids(self):
        ids = set()
        for root in (self.folder, self.base):
            spark = os.path.join(root, "spark") if root else None
            if spark and os.path.isdir(spark):
                ids.update(d for d in os.listdir(spark) if os.path.isdir(os.path.join(spark, d)))
        return sorted(ids)

    def event_log_zip(self):
        """Zips eventlogs/ (overlay only) the way the History Server's /logs does."""
        folder = os.path.join(self.folder, "eventlogs")
        if not os.path.isdir(folder):
            return None
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for root, _, files in sorted(os.walk(folder)):
                for name in sorted(files):
                    full = os.path.join(root, name)
                    z.write(full, os.path.relpath(full, folder))
        return buf.getvalue()


def rest_response(cluster, rest_path, query):
    """Answers GET /api/v1/<rest_path>?<query> from the recorded Spark REST JSON.

    Returns (status, content_type, body bytes)."""
    parts = [p for p in rest_path.strip("/").split("/") if p]
    params = parse_qs(query or "")
    not_found = (404, "text/plain", b"no such app or endpoint\n")
    if not parts or parts[0] != "applications":
        return not_found
    if len(parts) == 1:
        apps = [cluster.json(f"spark/{a}/application.json") for a in cluster.app_ids()]
        return 200, "application/json", json.dumps([a for a in apps if a], indent=2).encode()
    app = parts[1]
    if app not in cluster.app_ids():
        return not_found
    rest = parts[2:]
    base = f"spark/{app}/"
    simple = {(): "application.json", ("jobs",): "jobs.json", ("stages",): "stages.json",
              ("allexecutors",): "allexecutors.json", ("environment",): "environment.json",
              ("sql",): "sql.json"}
    if tuple(rest) in simple:
        data = cluster.read(base + simple[tuple(rest)])
        return (200, "application/json", data) if data is not None else not_found
    if rest == ["logs"]:
        if cluster.config.get("history_server_has_event_logs", True) is False:
            return not_found
        z = cluster.event_log_zip()
        return (200, "application/octet-stream", z) if z is not None else not_found
    if len(rest) == 4 and rest[0] == "stages" and rest[3] == "taskList":
        data = cluster.json(f"{base}stages/{rest[1]}/{rest[2]}/taskList.json")
        if data is None:
            data = []
        offset = int(params.get("offset", ["0"])[0])
        length = int(params.get("length", ["20"])[0])
        page = data[offset:offset + length]
        return 200, "application/json", json.dumps(page, indent=2).encode()
    return not_found


def split_url(url):
    u = urlsplit(url)
    return u.path, u.query


def selector_matches(labels, selector):
    """Equality-based label selectors: "a=b,c=d"."""
    if not selector:
        return True
    for term in selector.split(","):
        m = re.fullmatch(r"([^=!]+)==?(.*)", term.strip())
        if not m or (labels or {}).get(m.group(1)) != m.group(2):
            return False
    return True
