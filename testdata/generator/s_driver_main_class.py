"""driver-main-class-missing: billing renamed its main class in release 4.3.0 but the SparkApplication still names
the old one. SparkSubmit cannot load it ("Failed to load class"), the driver exits 101 within seconds and the
operator marks the application FAILED with that exit code."""
from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/driver-main-class-missing/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-billing-4.3.0'
APP = make_app('spark-1d9b7f3e5a2c40e6b8d4f0a2c6e8b153', 'credit-notes', '10.42.31.64', 4096, 2,
               main_file='local:///opt/spark/jars/billing-4.3.0.jar', main_class='com.acme.billing.CreditNotesJob',
               operator=True)
NODE = ('ip-10-42-31-9.eu-west-1.compute.internal', '10.42.31.9', 'eu-west-1a')
DRIVER_CREATED = T('2026-11-20T03:00:04')
DRIVER_STARTED = T('2026-11-20T03:00:10')
COLLECTED = T('2026-11-20T03:12:45')


def build():
    reset(OUT)
    tl = Timeline()
    tl.raw(DRIVER_STARTED + 300, scala_driver_entry(APP))
    tl.raw(DRIVER_STARTED + 2_400, 'Using Spark\'s default log4j profile: org/apache/spark/log4j2-defaults.properties')
    tl.add(DRIVER_STARTED + 2_700, 'WARN', 'NativeCodeLoader', 'Unable to load native-hadoop library for your platform... '
           'using builtin-java classes where applicable')
    tl.add(DRIVER_STARTED + 3_050, 'ERROR', 'SparkSubmit', 'Failed to load class com.acme.billing.CreditNotesJob.')
    tl.add(DRIVER_STARTED + 3_120, 'INFO', 'ShutdownHookManager', 'Shutdown hook called')
    tl.add(DRIVER_STARTED + 3_125, 'INFO', 'ShutdownHookManager', 'Deleting directory /tmp/spark-%s' % uid('sd' + APP['id']))
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', tl, 'mcm')
    end = DRIVER_STARTED + 3_600
    pods = [driver_pod_obj(APP, NODE, DRIVER_CREATED, DRIVER_STARTED, IMAGE, finished=end, exit_code=101,
                           owner=operator_owner(APP))]
    error = 'driver container failed with ExitCode: 101, Reason: Error'
    evs = lifecycle_events(APP, pods, IMAGE) + operator_events(APP, DRIVER_CREATED - 1_500, DRIVER_STARTED + 1_000,
                                                                 end=end + 700, failed=True, error=error)
    nodes = [node(NODE[0], NODE[1], NODE[2], T('2026-11-18T05:00:00'), node_conditions(COLLECTED - 6_000))]
    sapp = sparkapplication_obj(APP, IMAGE, DRIVER_CREATED - 2_000, {'executor': {'instances': 3}}, 'FAILED',
                                error=error, terminated_at=end + 700)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    collection_manifest(OUT, APP, COLLECTED)


if __name__ == '__main__':
    build()
