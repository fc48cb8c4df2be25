"""rest-only-index-fails: the stage-index-fails-4-times application collected with the History Server's REST
API alone. The collector's service account may not read pods, events or logs in spark-jobs (RBAC), so the
bundle holds the Spark REST JSON and a manifest that records the refused kubectl calls. The diagnosis must
not change: task 41 failing four times is still the first finding."""
import shutil

from common import *  # noqa
import s_index4
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/rest-only-index-fails/bundle')
COLLECTOR = 'system:serviceaccount:support:sparkpm-collector'


def forbidden(resource, ns='spark-jobs'):
    return ('%s is forbidden: User "%s" cannot list resource "%s" in API group "" in the namespace "%s"'
            % (resource, COLLECTOR, resource, ns))


def build():
    app = s_index4.APP
    s_index4.OUT = OUT
    s_index4.build()
    for sub in ('k8s', 'logs'):
        shutil.rmtree(os.path.join(OUT, sub))
    os.remove(os.path.join(OUT, 'manifest.json'))
    ns = app['namespace']
    sel = 'spark-app-selector=%s' % app['id']
    errors = [
        {'path': 'k8s/pods.json', 'source': 'kubectl get pods -n %s -l %s -o json' % (ns, sel), 'status': 'error',
         'error': forbidden('pods')},
        {'path': 'k8s/events.json', 'source': 'kubectl get events -n %s -o json' % ns, 'status': 'error',
         'error': forbidden('events')},
        {'path': 'k8s/sparkapplications.json', 'source': 'kubectl get sparkapplications -n %s -o json' % ns,
         'status': 'error',
         'error': 'sparkapplications.sparkoperator.k8s.io is forbidden: User "%s" cannot list resource '
                  '"sparkapplications" in API group "sparkoperator.k8s.io" in the namespace "%s"' % (COLLECTOR, ns)},
        {'path': 'logs/', 'source': 'kubectl logs -n %s -l %s --all-containers --timestamps' % (ns, sel),
         'status': 'skipped', 'error': 'no pods could be listed'},
    ]
    finish(OUT, app, s_index4.COLLECTED + 412_000, errors=errors)


if __name__ == '__main__':
    build()
