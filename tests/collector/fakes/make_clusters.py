#!/usr/bin/env python3
"""Derives the recorded fake clusters under testdata/clusters/ from a recorded incident.

Run from the repository root when the base incident changes:
  python3 tests/collector/fakes/make_clusters.py
Each cluster is cluster.json (naming the base bundle) plus overlay files that differ
from it. The secrets planted here are fake, made up for the redaction tests.
"""
import json
import os

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BASE_REL = "../../incidents/executor-oom-137/bundle"
BASE = os.path.join(ROOT, "testdata/incidents/executor-oom-137/bundle")
CLUSTERS = os.path.join(ROOT, "testdata/clusters")
APP = "spark-7f3c2a9d41e84b0f9c6d15e2a8b3f047"

# The planted secrets (fake). tests/collector/collect_fake_cluster_test.cc searches the
# redacted bundle for each of them.
AWS_KEY_ID = "AKIAZ3FAKE7EXAMPLE12"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKESECRET"
DB_PASSWORD = "Tr0ub4dor-fake-pass"
JDBC_PASSWORD = "S3cretPassw0rdFake"
JWT = ("eyJhbGciOiJSUzI1NiIsImtpZCI6ImZha2UifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0"
       ".ZmFrZXNpZ25hdHVyZWZvcnRlc3Rz")
PEM_BODY = "MIIEowIBAAKCAQEAfakefakefakeFAKEFAKEkeyMaterialForTestsOnly0123456789"
INTERNAL_KEY = "ikey8fJ2kLm9Qx7Rt3Vw5Yz1"


def load(rel):
    with open(os.path.join(BASE, rel)) as f:
        return json.load(f)


def write(cluster, rel, content):
    path = os.path.join(CLUSTERS, cluster, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(content if isinstance(content, str) else json.dumps(content, indent=2) + "\n")


def cluster_json(name, description, **extra):
    write(name, "cluster.json", dict({"description": description, "base_bundle": BASE_REL,
                                      "namespace": "spark-jobs"}, **extra))


def event_log(secret_conf=None):
    props = {"spark.app.id": APP, "spark.app.name": "nightly-etl",
             "spark.master": "k8s://https://kubernetes.default.svc",
             "spark.executor.memory": "4g"}
    if secret_conf:
        props.update(secret_conf)
    events = [
        {"Event": "SparkListenerLogStart", "Spark Version": "3.5.1"},
        {"Event": "SparkListenerApplicationStart", "App Name": "nightly-etl", "App ID": APP,
         "Timestamp": 1795240744318, "User": "spark"},
        {"Event": "SparkListenerEnvironmentUpdate",
         "JVM Information": {"Java Version": "17.0.10 (Eclipse Adoptium)"},
         "Spark Properties": props, "Hadoop Properties": {}, "System Properties": {},
         "Metrics Properties": {}, "Classpath Entries": {}},
        {"Event": "SparkListenerApplicationEnd", "Timestamp": 1795243308247},
    ]
    return "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in events)


def main():
    # Driver gone, History Server up: the base incident as recorded, plus an event log.
    cluster_json("oom-driver-gone", "executor-oom-137 after the driver failed: Spark data "
                 "only from the History Server, which also serves a rolling event log")
    write("oom-driver-gone", f"eventlogs/eventlog_v2_{APP}/events_1_{APP}", event_log())
    # Spark leaves the marker empty; only its name counts, ours holds the application id.
    write("oom-driver-gone", f"eventlogs/eventlog_v2_{APP}/appstatus_{APP}", APP + "\n")

    # Driver alive: the driver pod still running, so REST goes through the pod proxy.
    pods = load("k8s/pods.json")
    for pod in pods["items"]:
        if pod["metadata"]["labels"].get("spark-role") == "driver":
            pod["status"]["phase"] = "Running"
            for cs in pod["status"]["containerStatuses"]:
                cs["state"] = {"running": {"startedAt": "2026-11-21T05:59:00Z"}}
                cs["ready"] = True
                cs["started"] = True
    cluster_json("oom-driver-alive", "executor-oom-137 while the driver still runs: Spark REST "
                 "through kubectl get --raw on the driver's pod proxy")
    write("oom-driver-alive", "k8s/pods.json", pods)

    # Executors deleted: only the driver pod is left.
    pods = load("k8s/pods.json")
    pods["items"] = [p for p in pods["items"] if p["metadata"]["labels"].get("spark-role") == "driver"]
    cluster_json("oom-executors-deleted", "executor-oom-137 after the executor pods were "
                 "deleted: their events and the REST data remain")
    write("oom-executors-deleted", "k8s/pods.json", pods)

    # Planted secrets in env, Spark conf, SparkApplication, logs and the event log.
    name = "oom-planted-secrets"
    cluster_json(name, "executor-oom-137 with fake secrets planted in container env, Spark "
                 "properties, the SparkApplication, logs and the event log",
                 planted_secrets=[AWS_KEY_ID, AWS_SECRET, DB_PASSWORD, JDBC_PASSWORD, JWT,
                                  PEM_BODY, INTERNAL_KEY])
    pods = load("k8s/pods.json")
    for pod in pods["items"]:
        for c in pod["spec"]["containers"]:
            c["env"] = c.get("env", []) + [
                {"name": "AWS_ACCESS_KEY_ID", "value": AWS_KEY_ID},
                {"name": "AWS_SECRET_ACCESS_KEY", "value": AWS_SECRET},
                {"name": "DB_PASSWORD", "value": DB_PASSWORD},
                {"name": "DB_PASSWORD_FILE", "value": "/etc/secrets/db/password"},
            ]
    write(name, "k8s/pods.json", pods)
    apps = load("k8s/sparkapplications.json")
    for app in apps["items"]:
        app["spec"]["sparkConf"]["spark.hadoop.fs.s3a.access.key"] = AWS_KEY_ID
        app["spec"]["sparkConf"]["spark.hadoop.fs.s3a.secret.key"] = AWS_SECRET
        app["spec"]["driver"]["env"] = [{"name": "DB_PASSWORD", "value": DB_PASSWORD}]
    write(name, "k8s/sparkapplications.json", apps)
    env = load(f"spark/{APP}/environment.json")
    env["sparkProperties"] += [
        ["spark.hadoop.fs.s3a.access.key", AWS_KEY_ID],
        ["spark.hadoop.fs.s3a.secret.key", AWS_SECRET],
        ["spark.etl.jdbc.url",
         f"jdbc:postgresql://etl_user:{JDBC_PASSWORD}@db.internal:5432/warehouse"],
    ]
    write(name, f"spark/{APP}/environment.json", env)
    with open(os.path.join(BASE, "logs/nightly-etl-driver/spark-kubernetes-driver.log")) as f:
        lines = f.readlines()
    planted = [
        "2026-11-21T05:59:05.100000000Z 26/11/21 05:59:05 INFO MetadataClient: using "
        f"Authorization: Bearer {JWT}\n",
        "2026-11-21T05:59:05.200000000Z 26/11/21 05:59:05 INFO JdbcSource: connecting to "
        f"jdbc:postgresql://etl_user:{JDBC_PASSWORD}@db.internal:5432/warehouse\n",
        "2026-11-21T05:59:05.300000000Z 26/11/21 05:59:05 INFO S3Setup: fs.s3a.access.key="
        f"{AWS_KEY_ID} fs.s3a.secret.key={AWS_SECRET}\n",
        "2026-11-21T05:59:05.400000000Z 26/11/21 05:59:05 INFO Gateway: X-Internal-Key: "
        f"{INTERNAL_KEY}\n",
        "2026-11-21T05:59:05.500000000Z -----BEGIN RSA PRIVATE KEY-----\n",
        f"2026-11-21T05:59:05.500000001Z {PEM_BODY}\n",
        "2026-11-21T05:59:05.500000002Z -----END RSA PRIVATE KEY-----\n",
        "2026-11-21T05:59:05.600000000Z 26/11/21 05:59:05 INFO Retry: DB login with password "
        f"{DB_PASSWORD} accepted\n",
    ]
    write(name, "logs/nightly-etl-driver/spark-kubernetes-driver.log",
          "".join(lines[:60] + planted + lines[60:]))
    write(name, f"eventlogs/eventlog_v2_{APP}/events_1_{APP}",
          event_log({"spark.hadoop.fs.s3a.secret.key": AWS_SECRET,
                     "spark.hadoop.fs.s3a.access.key": AWS_KEY_ID}))
    write(name, f"eventlogs/eventlog_v2_{APP}/appstatus_{APP}", APP + "\n")


if __name__ == "__main__":
    main()
