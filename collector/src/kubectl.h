// The one way sparkpm-collect talks to Kubernetes: the user's own kubectl (their auth,
// contexts and plugins work as is), run from an argv, never through a shell, and only
// for reading. CheckReadOnly is the policy; RunKubectl refuses any argv it rejects, so
// a mutating verb, a secret, or a flag smuggling either cannot be issued.
//
//   KubectlConfig config{.program = "kubectl", .context = "prod-eu"};
//   CallResult r = RunKubectl(config, {"get", "pods", "--namespace=spark-jobs",
//                                      "--output=json"}, 30s, sink);
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "call_result.h"
#include "process_runner.h"
#include "sparkpm/status.h"

namespace sparkpm::collect {

struct KubectlConfig {
  std::string program = "kubectl";  // --kubectl PATH
  std::string context;              // --context, passed through
  std::string kubeconfig;           // --kubeconfig, passed through
};

// Checks that args (after "kubectl", before the global flags RunKubectl adds) only
// read: verb `get` (pods, events, nodes, SparkApplications; never secrets) or `logs`,
// or `get --raw=PATH` on a Spark REST path through a pod proxy or on API discovery.
// Flags must be long, in --name=value form, and from an allow-list. Returns an Error
// saying what was refused.
Status CheckReadOnly(const std::vector<std::string>& args);

// Returns the command as shown in the manifest and messages ("kubectl get pods ...");
// the kubeconfig path is left out.
std::string DescribeKubectl(const KubectlConfig& config, const std::vector<std::string>& args);

// Runs kubectl once with args plus the configured --context/--kubeconfig and a matching
// --request-timeout, streaming stdout into sink, killing it after timeout. Refuses
// (without running anything) what CheckReadOnly rejects. Classifies failures from
// kubectl's stderr: forbidden, not found, transient.
CallResult RunKubectl(const KubectlConfig& config, const std::vector<std::string>& args,
                      std::chrono::milliseconds timeout, const OutputSink& sink);

// Classifies kubectl's stderr (exposed for tests).
bool IsTransientKubectlError(std::string_view stderr_text);
bool IsForbiddenKubectlError(std::string_view stderr_text);
bool IsNotFoundKubectlError(std::string_view stderr_text);

}  // namespace sparkpm::collect
