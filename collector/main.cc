// sparkpm-collect: snapshots one Spark application on Kubernetes into an incident
// bundle. Parses options and calls the collector library; maps the outcome to the
// documented exit codes.
#include <fmt/format.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "collector.h"

namespace po = boost::program_options;
using namespace sparkpm;
using namespace sparkpm::collect;

namespace {

constexpr const char* kUsage =
    "Usage: sparkpm-collect --namespace NS (--app-id ID | --app-name NAME | --selector SEL |\n"
    "                       --sparkapplication NAME) -o OUT.tar.gz|OUT.tar.zst|DIR [options]\n"
    "\n"
    "Snapshots one Spark application on Kubernetes into an incident bundle for `sparkpm\n"
    "analyze`: its pods, events, nodes and SparkApplication (kubectl get), container logs\n"
    "(kubectl logs, current and previous, the tail kept), Spark REST data (through the\n"
    "driver's pod proxy while it runs, else --history-server), event logs and metrics.\n"
    "\n"
    "It only reads: kubectl runs with your own kubeconfig and context, and only `get` and\n"
    "`logs` are ever issued (never secrets). Secrets in what it collects are replaced by\n"
    "stable tokens like <redacted:aws-access-key:1>; manifest.json counts them per rule.\n";

constexpr const char* kExitCodes =
    "Exit codes:\n"
    "  0  complete: everything asked for was collected\n"
    "  1  usage error (bad option, unreadable --redact-rules, output not writable)\n"
    "  2  nothing collected, or no pod/application matches the target\n"
    "  4  partial: the bundle was written but some items failed (see manifest.json)\n";

int Usage(const std::string& message) {
  std::cerr << "sparkpm-collect: " << message << "\n  run `sparkpm-collect --help` for usage\n";
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  CollectOptions o;
  std::string kubectl = "kubectl", since, max_log = "50MiB", max_bundle = "4GiB",
              max_response = "1GiB", timeout = "10m", call_timeout = "2m", output, rules_file;
  bool no_redact = false, quiet = false;
  // clang-format off
  po::options_description target("Target (the namespace and exactly one of the others)");
  target.add_options()
    ("namespace,n", po::value(&o.namespace_name), "namespace of the application")
    ("app-id", po::value(&o.app_id), "Spark application id (pods labelled spark-app-selector=ID)")
    ("app-name", po::value(&o.app_name), "application name (label spark-app-name, or the operator's app-name)")
    ("selector,l", po::value(&o.selector), "a label selector for the application's pods")
    ("sparkapplication", po::value(&o.sparkapplication), "a SparkApplication (spark-operator) name");
  po::options_description sources("Sources");
  sources.add_options()
    ("context", po::value(&o.kubectl.context), "kubeconfig context (default: the current one)")
    ("kubeconfig", po::value(&o.kubectl.kubeconfig), "kubeconfig file (default: kubectl's)")
    ("kubectl", po::value(&kubectl)->default_value("kubectl"), "kubectl executable")
    ("since", po::value(&since), "only logs newer than this (e.g. 2h); also starts the incident window")
    ("history-server", po::value(&o.history_server), "Spark History Server URL, used when the driver is gone")
    ("spark-ui", po::value(&o.spark_ui), "a reachable Spark UI URL (preferred over the pod proxy)")
    ("event-log", po::value(&o.event_logs)->composing(), "event log file, rolling-log folder or URL (repeatable)")
    ("prometheus", po::value(&o.prometheus), "Prometheus URL: query the rule files' alert expressions over the incident window");
  po::options_description limits("Limits");
  limits.add_options()
    ("max-log-bytes", po::value(&max_log)->default_value("50MiB"), "per container log; the tail is kept")
    ("max-bundle-bytes", po::value(&max_bundle)->default_value("4GiB"), "uncompressed bytes in the bundle")
    ("max-response-bytes", po::value(&max_response)->default_value("1GiB"), "one kubectl, REST or metrics response")
    ("timeout", po::value(&timeout)->default_value("10m"), "the whole collection")
    ("call-timeout", po::value(&call_timeout)->default_value("2m"), "one kubectl or HTTP call")
    ("parallel", po::value(&o.parallel)->default_value(4), "calls in flight at once")
    ("retries", po::value(&o.max_attempts)->default_value(3), "attempts per call on transient errors")
    ("task-page-size", po::value(&o.task_page_size)->default_value(1000), "tasks per taskList page");
  po::options_description output_opts("Output");
  output_opts.add_options()
    ("output,o", po::value(&output), "OUT.tar.gz (default format), OUT.tar.zst, OUT.tar, or a new directory")
    ("no-redact", po::bool_switch(&no_redact), "keep secrets as collected (the bundle must not leave your hands)")
    ("redact-rules", po::value(&rules_file), "YAML file of extra redaction rules (see collector/README.md)")
    ("quiet,q", po::bool_switch(&quiet), "no progress or summary on stderr")
    ("help,h", "show this help")
    ("version", "show the version");
  // clang-format on
  po::options_description all;
  all.add(target).add(sources).add(limits).add(output_opts);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).run(), vm);
    if (vm.count("help")) {
      std::cout << kUsage << "\n" << all << "\n" << kExitCodes << "\nBuilt-in redaction rules:";
      for (const RedactionRule& r : BuiltinRedactionRules()) std::cout << " " << r.id;
      std::cout << "\n";
      return kExitComplete;
    }
    if (vm.count("version")) {
      std::cout << "sparkpm-collect " << SPARKPM_VERSION << "\n";
      return kExitComplete;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return Usage(e.what());
  }
  if (o.namespace_name.empty()) return Usage("--namespace is required");
  int targets =
      !o.app_id.empty() + !o.app_name.empty() + !o.selector.empty() + !o.sparkapplication.empty();
  if (targets != 1) {
    return Usage("give exactly one of --app-id, --app-name, --selector, --sparkapplication");
  }
  if (output.empty()) return Usage("-o OUT is required (OUT.tar.gz, OUT.tar.zst or a directory)");
  if (o.parallel < 1 || o.parallel > 64) return Usage("--parallel must be between 1 and 64");
  if (o.max_attempts < 1 || o.max_attempts > 10) return Usage("--retries must be between 1 and 10");
  if (o.task_page_size < 1) return Usage("--task-page-size must be positive");
  o.kubectl.program = kubectl;
  o.output = output;
  o.redact = !no_redact;
  auto parse_size = [&](const std::string& text, const char* flag, uint64_t* out) {
    Result<uint64_t> n = ParseByteSize(text);
    if (!n) return Usage(std::string(flag) + ": " + n.error().what + " (" + n.error().help + ")");
    *out = *n;
    return 0;
  };
  auto parse_duration = [&](const std::string& text, const char* flag,
                            std::chrono::milliseconds* out) {
    Result<std::chrono::milliseconds> d = ParseDuration(text);
    if (!d) return Usage(std::string(flag) + ": " + d.error().what + " (" + d.error().help + ")");
    *out = *d;
    return 0;
  };
  if (int e = parse_size(max_log, "--max-log-bytes", &o.max_log_bytes)) return e;
  if (int e = parse_size(max_bundle, "--max-bundle-bytes", &o.max_bundle_bytes)) return e;
  if (int e = parse_size(max_response, "--max-response-bytes", &o.max_response_bytes)) return e;
  if (int e = parse_duration(timeout, "--timeout", &o.timeout)) return e;
  if (int e = parse_duration(call_timeout, "--call-timeout", &o.call_timeout)) return e;
  if (!since.empty()) {
    std::chrono::milliseconds d{0};
    if (int e = parse_duration(since, "--since", &d)) return e;
    o.since = d;
  }
  if (o.max_log_bytes == 0) return Usage("--max-log-bytes must be positive");
  if (FindExecutable(o.kubectl.program).empty()) {
    return Usage(fmt::format("kubectl not found ('{}'); install it or pass --kubectl PATH",
                             o.kubectl.program));
  }
  o.redaction_rules = BuiltinRedactionRules();
  if (!rules_file.empty()) {
    if (no_redact) return Usage("--redact-rules and --no-redact contradict each other");
    Result<std::vector<RedactionRule>> user = LoadRedactionRules(rules_file);
    if (!user) {
      std::cerr << "sparkpm-collect: error: " << user.error().ToString() << "\n";
      return kExitUsage;
    }
    o.redaction_rules.insert(o.redaction_rules.end(), user->begin(), user->end());
  }
  o.progress = !quiet && isatty(STDERR_FILENO);
  CollectOutcome outcome = Collect(o);
  if (outcome.exit_code == kExitUsage) {
    std::cerr << "sparkpm-collect: error: " << outcome.message << "\n";
    return outcome.exit_code;
  }
  if (!quiet) {
    std::cerr << fmt::format("sparkpm-collect: {}: {}\n", o.output.string(), outcome.message);
    if (outcome.leftover_total > 0) {
      std::cerr << fmt::format(
          "sparkpm-collect: warning: {} high-entropy strings remain after redaction; check them "
          "before sharing the bundle (manifest.json \"redaction\".\"warnings\"):\n",
          outcome.leftover_total);
      for (size_t i = 0; i < outcome.leftover_warnings.size() && i < 5; ++i) {
        std::cerr << "  " << outcome.leftover_warnings[i] << "\n";
      }
    }
    if (!o.redact) {
      std::cerr << "sparkpm-collect: warning: redaction is off; the bundle may hold secrets\n";
    }
  }
  return outcome.exit_code;
}
