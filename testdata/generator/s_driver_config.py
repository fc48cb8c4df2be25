"""driver-config-error-dynamic-allocation: a SparkApplication copied from a YARN setup enables dynamic allocation,
turns shuffle tracking off and has no external shuffle service. SparkContext refuses to start
("Dynamic allocation of executors requires one of the following conditions"), the driver exits 1, and the
operator's OnFailure policy runs it three times before marking it FAILED."""
from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/driver-config-error-dynamic-allocation/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-billing-4.2.0'
APP = make_app('spark-8c1d4e7f2a9b43d6a0e5b8c3f1d7e962', 'invoice-rollup', '10.42.27.88', 8192, 4,
               main_file='local:///opt/spark/jars/invoice-rollup-4.2.0.jar', main_class='com.acme.billing.InvoiceRollup',
               operator=True)
NODE = ('ip-10-42-27-14.eu-west-1.compute.internal', '10.42.27.14', 'eu-west-1a')
SUBMITTED = T('2026-10-14T02:00:03')
# Three attempts: the driver pod of each lives ~15 s; the operator retries after onFailureRetryInterval (30 s).
ATTEMPTS = [T('2026-10-14T02:00:11'), T('2026-10-14T02:00:58'), T('2026-10-14T02:01:45')]
COLLECTED = T('2026-10-14T02:19:30')

DA_ERROR = ('Dynamic allocation of executors requires one of the following conditions: 1) enabling external '
            'shuffle service through spark.shuffle.service.enabled. 2) enabling shuffle tracking through '
            'spark.dynamicAllocation.shuffleTracking.enabled. 3) enabling shuffle blocks decommission through '
            'spark.decommission.enabled and spark.storage.decommission.shuffleBlocks.enabled. 4) (Experimental) '
            'configuring spark.shuffle.sort.io.plugin.class to use a custom ShuffleDataIO who\'s '
            'ShuffleDriverComponents supports reliable storage.')
CTX_FRAMES = [
    'org.apache.spark.ExecutorAllocationManager.validateSettings(ExecutorAllocationManager.scala:221)',
    'org.apache.spark.ExecutorAllocationManager.<init>(ExecutorAllocationManager.scala:136)',
    'org.apache.spark.SparkContext.$anonfun$new$32(SparkContext.scala:660)',
    'scala.Option.map(Option.scala:230)',
    'org.apache.spark.SparkContext.<init>(SparkContext.scala:650)',
    'org.apache.spark.SparkContext$.getOrCreate(SparkContext.scala:2888)',
    'org.apache.spark.sql.SparkSession$Builder.$anonfun$getOrCreate$2(SparkSession.scala:1099)',
    'scala.Option.getOrElse(Option.scala:189)',
    'org.apache.spark.sql.SparkSession$Builder.getOrCreate(SparkSession.scala:1093)',
    'com.acme.billing.InvoiceRollup$.main(InvoiceRollup.scala:22)',
    'com.acme.billing.InvoiceRollup.main(InvoiceRollup.scala)',
]
EXTRA = {'spark.dynamicAllocation.enabled': 'true', 'spark.dynamicAllocation.shuffleTracking.enabled': 'false',
         'spark.dynamicAllocation.minExecutors': '2', 'spark.dynamicAllocation.maxExecutors': '30',
         'spark.dynamicAllocation.executorIdleTimeout': '120s'}


def attempt_log(start):
    tl = Timeline()
    tl.raw(start + 300, scala_driver_entry(APP))
    t = start + 3_600
    tl.raw(t - 1500, 'Using Spark\'s default log4j profile: org/apache/spark/log4j2-defaults.properties')
    tl.add(t, 'INFO', 'SparkContext', 'Running Spark version 3.5.1')
    tl.add(t, 'INFO', 'SparkContext', 'OS info Linux, 5.10.227-219.884.amzn2.x86_64, amd64')
    tl.add(t, 'INFO', 'SparkContext', 'Java version 17.0.12')
    tl.add(t + 120, 'WARN', 'NativeCodeLoader', 'Unable to load native-hadoop library for your platform... using builtin-java classes where applicable')
    tl.add(t + 210, 'INFO', 'SparkContext', 'Submitted application: invoice-rollup')
    tl.add(t + 540, 'INFO', 'Utils', "Successfully started service 'sparkDriver' on port 7078.")
    tl.add(t + 850, 'INFO', 'Utils', "Successfully started service 'SparkUI' on port 4040.")
    tl.add(t + 1400, 'INFO', 'SparkKubernetesClientFactory', 'Auto-configuring K8S client using current context from users K8S config file')
    tl.add(t + 3066, 'INFO', 'BlockManager', 'Initialized BlockManager: BlockManagerId(driver, %s, 7079, None)' % APP['driver_host'])
    tl.add(t + 3120, 'ERROR', 'SparkContext', 'Error initializing SparkContext.',
           stack('org.apache.spark.SparkException: ' + DA_ERROR, CTX_FRAMES + SUBMIT_MAIN_FRAMES))
    tl.add(t + 3130, 'INFO', 'SparkContext', 'SparkContext is stopping with exitCode 0.')
    tl.add(t + 3150, 'INFO', 'SparkUI', 'Stopped Spark web UI at http://%s:4040' % APP['driver_host'])
    tl.add(t + 3300, 'INFO', 'SparkContext', 'Successfully stopped SparkContext')
    tl.raw(t + 3310, stack('Exception in thread "main" org.apache.spark.SparkException: ' + DA_ERROR,
                           CTX_FRAMES + SUBMIT_MAIN_FRAMES))
    tl.add(t + 3320, 'INFO', 'ShutdownHookManager', 'Shutdown hook called')
    return tl


def build():
    reset(OUT)
    last = ATTEMPTS[-1]
    write_log(OUT, APP['driver_pod'], 'spark-kubernetes-driver', attempt_log(last), 'cfg')
    drv_end = last + 7_400
    pods = [driver_pod_obj(APP, NODE, last - 6_000, last, IMAGE, finished=drv_end, exit_code=1,
                           owner=operator_owner(APP))]
    evs = lifecycle_events(APP, pods, IMAGE)
    sa_uid = uid('sparkapp' + APP['id'])
    op = dict(kind='SparkApplication', component='spark-operator', api_version='sparkoperator.k8s.io/v1beta2',
              involved_uid=sa_uid, reporting='')
    sa = APP['name']
    for n, a in enumerate(ATTEMPTS):
        evs.append(event(APP, name=sa, reason='SparkApplicationSubmitted',
                         message='SparkApplication %s was submitted successfully' % sa, first=a - 7_000, **op))
        evs.append(event(APP, name=sa, reason='SparkDriverRunning', message='Driver %s is running' % APP['driver_pod'],
                         first=a + 1_000, **op))
        evs.append(event(APP, name=sa, reason='SparkDriverFailed', type_='Warning',
                         message='Driver %s failed' % APP['driver_pod'], first=a + 8_000, **op))
        if n < len(ATTEMPTS) - 1:
            evs.append(event(APP, name=sa, reason='SparkApplicationPendingRerun', type_='Warning',
                             message='SparkApplication %s is pending rerun' % sa, first=a + 8_400, **op))
    evs.append(event(APP, name=sa, reason='SparkApplicationFailed', type_='Warning',
                     message='SparkApplication %s failed: driver container failed with ExitCode: 1, Reason: Error' % sa,
                     first=drv_end + 900, **op))
    nodes = [node(NODE[0], NODE[1], NODE[2], T('2026-10-12T04:00:00'), node_conditions(COLLECTED - 8_000))]
    conf = {'spark.eventLog.dir': 's3a://acme-spark-logs/eventlogs', 'spark.eventLog.enabled': 'true'}
    conf.update(EXTRA)
    sapp = sparkapplication_obj(APP, IMAGE, SUBMITTED - 2_000, {
        'sparkConf': conf,
        'restartPolicy': {'type': 'OnFailure', 'onFailureRetries': 2, 'onFailureRetryInterval': 30,
                          'onSubmissionFailureRetries': 1, 'onSubmissionFailureRetryInterval': 30}},
        'FAILED', error='driver container failed with ExitCode: 1, Reason: Error', terminated_at=drv_end + 900)
    sapp['status']['executionAttempts'] = 3
    sapp['status']['submissionAttempts'] = 3
    sapp['status']['lastSubmissionAttemptTime'] = iso_s(last - 7_000)
    write_k8s(OUT, pods=pods, events=evs, nodes=nodes, sparkapps=[sapp])
    collection_manifest(OUT, APP, COLLECTED)


if __name__ == '__main__':
    build()
