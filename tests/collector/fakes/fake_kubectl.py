#!/usr/bin/env python3
"""A kubectl test double: answers `get` and `logs` from a recorded cluster.

Environment:
  FAKE_KUBECTL_CLUSTER    the cluster folder (testdata/clusters/<name>)
  FAKE_KUBECTL_LOG        append every invocation's argv here, one JSON array per line
  FAKE_KUBECTL_BEHAVIOUR  JSON list of {"match": [words...], "action": ..., ...}: the first
                          entry whose words all appear in argv decides. Actions:
                            forbidden          RBAC refusal, exit 1
                            fail               print "stderr", exit "exit" (default 1)
                            transient          fail with a connection error the first
                                               "times" calls (state in FAKE_KUBECTL_STATE)
                            hang               sleep "seconds" (default 3600) before answering
                            die-midway         print half the answer, then SIGKILL itself
                            big-log            prefix the log with filler up to "bytes"
  FAKE_KUBECTL_STATE      folder for the transient counters
Anything the real kubectl would reject as unknown is rejected here too, so a collector
that starts issuing other commands fails its tests.
"""
import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_cluster import Cluster, rest_response, selector_matches, split_url  # noqa: E402

VALUE_FLAGS = {"namespace", "selector", "field-selector", "output", "raw", "container", "since",
               "since-time", "tail", "limit-bytes", "request-timeout", "context", "kubeconfig"}
SWITCHES = {"timestamps", "previous", "all-namespaces", "ignore-not-found"}


def out(text):
    sys.stdout.write(text)
    sys.stdout.flush()


def fail(message, code=1):
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.exit(code)


def as_list(items):
    return json.dumps({"apiVersion": "v1", "items": items, "kind": "List",
                       "metadata": {"resourceVersion": ""}}, indent=4) + "\n"


def behaviour_for(argv):
    rules = json.loads(os.environ.get("FAKE_KUBECTL_BEHAVIOUR", "[]") or "[]")
    joined = " ".join(argv)
    for i, rule in enumerate(rules):
        if all(word in argv or word in joined for word in rule.get("match", [])):
            return i, rule
    return None, None


def transient_should_fail(index, rule):
    state = os.environ.get("FAKE_KUBECTL_STATE")
    if not state:
        return True
    path = os.path.join(state, f"transient-{index}")
    n = int(open(path).read()) if os.path.exists(path) else 0
    with open(path, "w") as f:
        f.write(str(n + 1))
    return n < int(rule.get("times", 1))


def parse(argv):
    verb, positional, flags = None, [], {}
    for a in argv:
        if a.startswith("--"):
            name, eq, value = a[2:].partition("=")
            if name in SWITCHES and not eq:
                flags[name] = True
            elif name in VALUE_FLAGS and eq:
                flags[name] = value
            else:
                fail(f"error: unknown flag: --{name}")
        elif a.startswith("-"):
            fail(f"error: unknown shorthand flag: '{a[1:]}' in {a}")
        elif verb is None:
            verb = a
        else:
            positional.append(a)
    return verb, positional, flags


def pods(cluster):
    return cluster.items("k8s/pods.json") or []


def answer(cluster, verb, positional, flags):
    """Returns the text kubectl would print, or exits with its error."""
    ns = flags.get("namespace", "default")
    if verb == "logs":
        pod = positional[0].removeprefix("pod/")
        container = flags.get("container")
        match = [p for p in pods(cluster) if p["metadata"]["name"] == pod]
        if not match:
            fail(f'Error from server (NotFound): pods "{pod}" not found')
        if container is None:
            container = match[0]["spec"]["containers"][0]["name"]
        suffix = ".previous.log" if flags.get("previous") else ".log"
        data = cluster.read(f"logs/{pod}/{container}{suffix}")
        if data is None and flags.get("previous"):
            fail(f'Error from server (BadRequest): previous terminated container "{container}" '
                 f'in pod "{pod}" not found')
        return (data or b"").decode("utf-8", "replace")
    if verb != "get":
        fail(f'error: unknown command "{verb}" for "kubectl"')
    if "raw" in flags:
        return raw(cluster, flags["raw"])
    if not positional:
        fail("error: You must specify the type of resource to get.")
    kind, names = positional[0], positional[1:]
    if kind in ("pods", "pod", "po"):
        items = [p for p in pods(cluster) if p["metadata"].get("namespace", ns) == ns and
                 selector_matches(p["metadata"].get("labels"), flags.get("selector"))]
        return as_list(items)
    if kind in ("events", "event", "ev"):
        items = [e for e in (cluster.items("k8s/events.json") or [])
                 if e.get("metadata", {}).get("namespace", ns) == ns]
        fs = flags.get("field-selector", "")
        for term in filter(None, fs.split(",")):
            key, _, value = term.partition("=")
            field = key.removeprefix("involvedObject.")
            items = [e for e in items if e.get("involvedObject", {}).get(field) == value]
        return as_list(items)
    if kind in ("nodes", "node", "no"):
        all_nodes = {n["metadata"]["name"]: n for n in (cluster.items("k8s/nodes.json") or [])}
        found = [all_nodes[n] for n in names if n in all_nodes]
        missing = [n for n in names if n not in all_nodes]
        text = as_list(found if names else list(all_nodes.values()))
        if missing:
            out(text)
            fail("\n".join(f'Error from server (NotFound): nodes "{n}" not found' for n in missing))
        return text
    if kind.startswith("sparkapplication") or kind == "sparkapp":
        items = cluster.items("k8s/sparkapplications.json")
        if items is None:
            fail(f'error: the server doesn\'t have a resource type "{kind.split(".")[0]}"')
        items = [a for a in items if a["metadata"].get("namespace", ns) == ns]
        if names:
            match = [a for a in items if a["metadata"]["name"] == names[0]]
            if not match:
                fail(f'Error from server (NotFound): sparkapplications.sparkoperator.k8s.io '
                     f'"{names[0]}" not found')
            return json.dumps(match[0], indent=4) + "\n"
        return as_list(items)
    fail(f'error: the server doesn\'t have a resource type "{kind}"')


def raw(cluster, path):
    url_path, query = split_url(path)
    parts = url_path.strip("/").split("/")
    # /api/v1/namespaces/NS/pods/POD:PORT/proxy/api/v1/...
    if len(parts) >= 9 and parts[:3] == ["api", "v1", "namespaces"] and parts[4] == "pods" \
            and parts[6] == "proxy" and parts[7:9] == ["api", "v1"]:
        pod = parts[5].split(":")[0]
        match = [p for p in pods(cluster) if p["metadata"]["name"] == pod]
        if not match:
            fail(f'Error from server (NotFound): pods "{pod}" not found')
        if match[0].get("status", {}).get("phase") != "Running":
            fail(f'Error from server (ServiceUnavailable): the server is currently unable to '
                 f'handle the request (get pods {parts[5]})')
        status, _, body = rest_response(cluster, "/".join(parts[9:]), query)
        if status != 200:
            fail(f"Error from server (NotFound): the server could not find the requested "
                 f"resource")
        return body.decode("utf-8", "replace")
    fail("Error from server (NotFound): the server could not find the requested resource")


def main():
    argv = sys.argv[1:]
    log = os.environ.get("FAKE_KUBECTL_LOG")
    if log:
        with open(log, "a") as f:
            f.write(json.dumps(argv) + "\n")
    cluster = Cluster(os.environ["FAKE_KUBECTL_CLUSTER"])
    verb, positional, flags = parse(argv)
    index, rule = behaviour_for(argv)
    action = rule.get("action") if rule else None
    if action == "forbidden":
        what = positional[0] if positional else "resource"
        fail(f'Error from server (Forbidden): {what} is forbidden: User '
             f'"system:serviceaccount:ops:collector" cannot list resource "{what}" in API group '
             f'"" in the namespace "{flags.get("namespace", "default")}"')
    if action == "fail":
        fail(rule.get("stderr", "error: something went wrong"), int(rule.get("exit", 1)))
    if action == "transient" and transient_should_fail(index, rule):
        fail("Unable to connect to the server: dial tcp 10.0.0.1:6443: connect: connection refused")
    if action == "hang":
        time.sleep(float(rule.get("seconds", 3600)))
    text = answer(cluster, verb, positional, flags)
    if action == "big-log":
        want = int(rule.get("bytes", 1 << 20))
        line = "2026-11-21T05:59:00.000000000Z filler line to make the log larger than the cap\n"
        out(line * max(0, (want - len(text)) // len(line)))
    if action == "die-midway":
        out(text[: len(text) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    out(text)


if __name__ == "__main__":
    main()
