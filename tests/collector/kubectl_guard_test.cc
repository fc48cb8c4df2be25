// The read-only guard: every mutating verb, every secret, and every flag that could
// smuggle one is refused before kubectl is started.
#include <gtest/gtest.h>

#include "kubectl.h"
#include "test_support.h"

namespace sparkpm::collect {
namespace {

using Args = std::vector<std::string>;

TEST(KubectlGuardTest, AllowsWhatTheCollectorRuns) {
  for (const Args& args : std::vector<Args>{
           {"get", "pods", "--namespace=spark-jobs", "--selector=spark-app-selector=spark-1",
            "--output=json"},
           {"get", "events", "--namespace=default", "--field-selector=involvedObject.kind=Node",
            "--output=json"},
           {"get", "nodes", "ip-10-0-0-1.ec2.internal", "node-b", "--output=json"},
           {"get", "sparkapplications.sparkoperator.k8s.io", "--namespace=ns", "--output=json"},
           {"get", "sparkapplication.sparkoperator.k8s.io", "nightly-etl", "--namespace=ns",
            "--output=json"},
           {"logs", "nightly-etl-driver", "--namespace=ns", "--container=spark-kubernetes-driver",
            "--timestamps", "--previous", "--since=3600s"},
           {"get", "--raw=/api/v1/namespaces/ns/pods/drv:4040/proxy/api/v1/applications"},
           {"get",
            "--raw=/api/v1/namespaces/ns/pods/drv:4040/proxy/api/v1/applications/spark-1/stages/"
            "3/0/taskList?offset=1000&length=1000"},
           {"get", "--raw=/apis/sparkoperator.k8s.io/v1beta2"},
       }) {
    Status s = CheckReadOnly(args);
    EXPECT_TRUE(s.ok()) << DescribeKubectl({}, args) << ": " << s.error().ToString();
  }
}

TEST(KubectlGuardTest, RefusesEveryMutatingVerb) {
  for (std::string verb :
       {"delete",   "apply",  "patch",  "exec",        "edit",      "scale",         "cordon",
        "uncordon", "drain",  "create", "replace",     "annotate",  "label",         "port-forward",
        "proxy",    "cp",     "run",    "expose",      "set",       "rollout",       "taint",
        "attach",   "debug",  "auth",   "certificate", "autoscale", "kustomize",     "wait",
        "plugin",   "config", "top",    "describe",    "explain",   "api-resources", "diff",
        "events",   "alpha",  "GET",    "Logs",        ""}) {
    EXPECT_FALSE(CheckReadOnly({verb, "pods", "x", "--namespace=ns"}).ok()) << verb;
    // Nor after the verb we allow, as a resource or name.
    EXPECT_FALSE(CheckReadOnly({verb}).ok()) << verb;
  }
}

TEST(KubectlGuardTest, RefusesSecretsAndOtherResources) {
  for (const Args& args : std::vector<Args>{
           {"get", "secrets", "--namespace=ns", "--output=json"},
           {"get", "secret/db-password", "--output=json"},
           {"get", "pods,secrets", "--output=json"},
           {"get", "configmaps", "--output=json"},
           {"get", "all", "--output=json"},
           {"get", "serviceaccounts", "--output=json"},
           {"get", "pods", "x;delete", "--output=json"},
           {"get", "pods", "$(rm -rf /)", "--output=json"},
           {"get", "pods", "--namespace=ns\ndelete"},
       }) {
    EXPECT_FALSE(CheckReadOnly(args).ok()) << DescribeKubectl({}, args);
  }
}

TEST(KubectlGuardTest, RefusesSmuggledFlags) {
  for (const Args& args : std::vector<Args>{
           {"get", "pods", "-o", "json"},  // short flags never used
           {"get", "pods", "-n", "kube-system"},
           {"get", "pods", "--output=yaml"},
           {"get", "pods", "--output=go-template={{.}}"},
           {"get", "pods", "--output"},
           {"get", "pods", "--watch"},
           {"get", "pods", "--filename=evil.yaml"},
           {"get", "pods", "--server=http://evil.example"},
           {"get", "pods", "--token=abc"},
           {"get", "pods", "--as=system:admin"},
           {"get", "pods", "--as-group=system:masters"},
           {"get", "pods", "--overrides={}"},
           {"get", "pods", "--", "delete"},
           {"get", "pods", "--namespace=a", "--namespace=b"},
           {"logs", "p", "--follow"},
           {"logs", "p", "-f"},
           {"logs", "p", "--exec=sh"},
           {"logs", "p", "c", "extra"},
           {"get", "pods", "--raw=/api/v1/namespaces/ns/pods/drv:4040/proxy/api/v1/applications"},
       }) {
    EXPECT_FALSE(CheckReadOnly(args).ok()) << DescribeKubectl({}, args);
  }
}

TEST(KubectlGuardTest, RefusesRawPathsOutsideSparkRestAndDiscovery) {
  for (std::string raw : {
           "/api/v1/namespaces/ns/secrets",
           "/api/v1/namespaces/ns/secrets/db",
           "/api/v1/namespaces/ns/configmaps",
           "/api/v1/namespaces/ns/pods/drv:4040/proxy/jobs/job/kill/?id=1",
           "/api/v1/namespaces/ns/pods/drv:4040/proxy/stages/stage/kill/?id=3",
           "/api/v1/namespaces/ns/pods/drv:4040/proxy/api/v1/applications/../../../secrets",
           "/api/v1/namespaces/ns/pods/drv:4040/proxy/api/v1/applications/%2e%2e/kill",
           "/api/v1/namespaces/ns/services/svc:80/proxy/api/v1/applications",
           "/api/v1/nodes/n1/proxy/configz",
           "/api/v1/namespaces/ns/pods/drv/exec?command=sh",
           "/api/v1/namespaces/ns/pods/drv:4040/proxy/api/v1/applications?x=1#frag",
           "/api/v1/namespaces/ns/pods/drv:4040/proxy/api/v1/applications?cmd=a b",
           "api/v1/namespaces",
           "//api",
           "/apis?watch=true",
           "",
       }) {
    EXPECT_FALSE(CheckReadOnly({"get", "--raw=" + raw}).ok()) << raw;
  }
}

TEST(KubectlGuardTest, RunKubectlNeverStartsARefusedCommand) {
  testing::TempDir dir;
  std::filesystem::path marker = dir.path() / "ran";
  std::filesystem::path fake = dir.path() / "kubectl";
  testing::WriteFile(fake, "#!/bin/sh\ntouch " + marker.string() + "\n");
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  KubectlConfig config{fake.string(), "", ""};
  CallResult r = RunKubectl(config, {"delete", "pod", "nightly-etl-driver", "--namespace=ns"},
                            std::chrono::seconds(5), nullptr);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("verb 'delete' is not allowed"), std::string::npos) << r.error;
  EXPECT_FALSE(std::filesystem::exists(marker));
  // An allowed call does run it.
  r = RunKubectl(config, {"get", "pods", "--namespace=ns", "--output=json"},
                 std::chrono::seconds(5), nullptr);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(std::filesystem::exists(marker));
}

TEST(KubectlGuardTest, ClassifiesKubectlErrors) {
  EXPECT_TRUE(IsForbiddenKubectlError(
      "Error from server (Forbidden): events is forbidden: User \"x\" cannot list resource"));
  EXPECT_TRUE(IsNotFoundKubectlError("Error from server (NotFound): pods \"x\" not found"));
  EXPECT_TRUE(IsTransientKubectlError(
      "The connection to the server 10.0.0.1:6443 was refused - did you specify the right host "
      "or port? dial tcp: connect: connection refused"));
  EXPECT_FALSE(IsTransientKubectlError("error: unknown flag: --bogus"));
}

}  // namespace
}  // namespace sparkpm::collect
