"""driver-submission-failed-quota: the namespace ResourceQuota has no room for the driver pod, so the API
server refuses it and the operator marks the SparkApplication SUBMISSION_FAILED. No pod, no log, no Spark
data: the SparkApplication status and the operator's events are all there is."""
from common import *  # noqa
import os
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

OUT = os.path.join(REPO, 'testdata/incidents/driver-submission-failed-quota/bundle')
IMAGE = 'registry.acme.io/data/spark:3.5.1-java17-partners-1.9.3'
APP = make_app('spark-0000000000000000000000000000000a', 'partner-export', '10.42.0.1', 8192, 4, driver_memory_mb=8192,
               main_file='local:///opt/spark/jars/partner-export-1.9.3.jar', main_class='com.acme.partners.Export',
               operator=True)
SUBMITTED = T('2026-11-02T01:30:00')
COLLECTED = T('2026-11-02T01:48:10')

QUOTA = ('pods "partner-export-driver" is forbidden: exceeded quota: spark-jobs-compute, requested: '
         'limits.memory=9011Mi, used: limits.memory=186Gi, limited: limits.memory=192Gi')
SUBMIT_ERROR = (
    'failed to run spark-submit for SparkApplication spark-jobs/partner-export: Exception in thread "main" '
    'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: '
    'https://172.20.0.1:443/api/v1/namespaces/spark-jobs/pods. Message: %s. Received status: '
    'Status(apiVersion=v1, code=403, details=StatusDetails(causes=[], group=null, kind=pods, name=partner-export-driver, '
    'retryAfterSeconds=null, uid=null, additionalProperties={}), kind=Status, message=%s, metadata=ListMeta('
    '_continue=null, remainingItemCount=null, resourceVersion=null, selfLink=null, additionalProperties={}), '
    'reason=Forbidden, status=Failure, additionalProperties={}).\n'
    '\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:671)\n'
    '\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:651)\n'
    '\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.assertResponseCode(OperationSupport.java:600)\n'
    '\tat org.apache.spark.deploy.k8s.submit.Client.run(KubernetesClientApplication.scala:153)\n'
    '\tat org.apache.spark.deploy.k8s.submit.KubernetesClientApplication.start(KubernetesClientApplication.scala:250)\n'
    '\tat org.apache.spark.deploy.SparkSubmit.submit(SparkSubmit.scala:217)\n'
    '\tat org.apache.spark.deploy.SparkSubmit.main(SparkSubmit.scala)' % (QUOTA, QUOTA))


def build():
    reset(OUT)
    sa = APP['name']
    op = dict(kind='SparkApplication', component='spark-operator', api_version='sparkoperator.k8s.io/v1beta2',
              involved_uid=uid('sparkapp' + APP['id']), reporting='')
    evs = [event(APP, name=sa, reason='SparkApplicationSubmissionFailed', type_='Warning',
                 message='failed to submit SparkApplication %s: %s' % (sa, SUBMIT_ERROR.split('\n')[0][:900]),
                 first=SUBMITTED + 9_100, **op)]
    sapp = sparkapplication_obj(APP, IMAGE, SUBMITTED, {
        'driver': {'cores': 2, 'memory': '8g'}, 'executor': {'instances': 6}}, 'SUBMISSION_FAILED', error=SUBMIT_ERROR)
    del sapp['status']['driverInfo']
    del sapp['status']['sparkApplicationId']
    sapp['status']['executionAttempts'] = 0
    sapp['status']['lastSubmissionAttemptTime'] = iso_s(SUBMITTED + 1_000)
    write_k8s(OUT, pods=[], events=evs, sparkapps=[sapp])
    manifest(OUT, APP, COLLECTED, COLLECTED - 3600 * 1000, standard_sources(APP, False),
             [{'path': 'logs/', 'source': 'kubectl logs -n spark-jobs -l spark-app-name=partner-export', 'status': 'skipped',
               'error': 'no pods match the selector'}])
    import json as _json
    path = os.path.join(OUT, 'manifest.json')
    m = _json.load(open(path))
    m['target']['app_id'] = ''
    m['target']['selector'] = 'spark-app-name=partner-export'
    write_json(path, m)


if __name__ == '__main__':
    build()
