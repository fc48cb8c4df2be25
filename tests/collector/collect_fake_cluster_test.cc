// sparkpm-collect end to end against recorded fake clusters (testdata/clusters/): a fake
// kubectl and a loopback History Server. Every bundle written must load in the analyzer
// with zero load errors, and every kubectl call must have been a read.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "fake_cluster_runner.h"
#include "kubectl.h"
#include "sparkpm/rule_catalog.h"
#include "test_support.h"

namespace sparkpm::testing {
namespace {

namespace fs = std::filesystem;

const std::string kAppDir = std::string("spark/") + kOomAppId;

// Checks that the collector only ever ran reads.
void ExpectOnlyReads(const FakeKubectl& kubectl) {
  auto calls = kubectl.Calls();
  EXPECT_FALSE(calls.empty());
  for (const auto& argv : calls) {
    std::vector<std::string> args = argv;
    // Drop the global flags RunKubectl appends; the guard saw the rest.
    std::erase_if(args, [](const std::string& a) {
      return a.starts_with("--request-timeout=") || a.starts_with("--context=") ||
             a.starts_with("--kubeconfig=");
    });
    ASSERT_FALSE(args.empty());
    EXPECT_TRUE(args[0] == "get" || args[0] == "logs") << args[0];
    Status s = collect::CheckReadOnly(args);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().ToString());
  }
}

// Loads the bundle and checks it loads cleanly; returns the analysis.
Analysis ExpectLoadsCleanly(const fs::path& bundle) {
  Analysis a = AnalyzeBundle(bundle);
  EXPECT_TRUE(a.error.empty()) << a.error;
  EXPECT_EQ(a.load_errors, 0) << ::testing::PrintToString(a.load_error_messages);
  return a;
}

std::vector<std::string> BaseArgs(const FakeKubectl& kubectl, const fs::path& out) {
  return {"--namespace", "spark-jobs",       "--kubectl", kubectl.path(), "-o",
          out.string(),  "--task-page-size", "50",        "--quiet"};
}

std::vector<std::string> With(std::vector<std::string> args, std::vector<std::string> more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

size_t JsonArrayLength(const std::string& json) {
  size_t depth = 0, count = 0;
  bool in_string = false, escaped = false, any = false;
  for (char c : json) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') {
      if (depth == 1 && c == '{') any = true;
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 1) {
      ++count;
    }
  }
  return any ? count + 1 : 0;
}

TEST(CollectFakeClusterTest, DriverGoneHistoryServerRoundTripMatchesTheIncident) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-gone");
  LoopbackHistoryServer hs("oom-driver-gone", {"--no-event-logs"});
  ASSERT_TRUE(hs.ok());
  fs::path out = dir.path() / "incident.tar.gz";
  CollectRun run = RunCollect(
      With(BaseArgs(kubectl, out), {"--app-id", kOomAppId, "--history-server", hs.url()}));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto files = ReadBundleFiles(out);
  for (std::string path : {"manifest.json", "k8s/pods.json", "k8s/events.json", "k8s/nodes.json",
                           "k8s/node-events.json", "k8s/sparkapplications.json",
                           "logs/nightly-etl-driver/spark-kubernetes-driver.log",
                           "logs/nightly-etl-exec-7/spark-kubernetes-executor.log"}) {
    EXPECT_TRUE(files.count(path)) << path;
  }
  for (std::string f :
       {"application.json", "jobs.json", "stages.json", "allexecutors.json", "environment.json",
        "stages/0/0/taskList.json", "stages/1/0/taskList.json"}) {
    EXPECT_TRUE(files.count(kAppDir + "/" + f)) << f;
  }
  // Task lists were paged (50 per page) to the end: all 89 attempts of stage 1.
  std::string base_tasks = ReadFile(OomIncidentBundle() / kAppDir / "stages/1/0/taskList.json");
  EXPECT_EQ(JsonArrayLength(files[kAppDir + "/stages/1/0/taskList.json"]),
            JsonArrayLength(base_tasks));
  EXPECT_EQ(JsonArrayLength(base_tasks), 89u);
  // The logs are the recorded ones, byte for byte.
  EXPECT_EQ(files["logs/nightly-etl-driver/spark-kubernetes-driver.log"],
            ReadFile(OomIncidentBundle() / "logs/nightly-etl-driver/spark-kubernetes-driver.log"));
  std::string manifest = files["manifest.json"];
  EXPECT_EQ(ItemField(ManifestItem(manifest, "k8s/pods.json"), "status"), "ok");
  EXPECT_EQ(ItemField(ManifestItem(manifest, kAppDir + "/sql.json"), "status"), "skipped");
  EXPECT_NE(manifest.find("\"app_name\": \"nightly-etl\""), std::string::npos);
  // Collect, then analyse: the same findings as the recorded incident.
  Analysis collected = ExpectLoadsCleanly(out);
  Analysis recorded = AnalyzeBundle(OomIncidentBundle());
  EXPECT_FALSE(recorded.findings.empty());
  EXPECT_EQ(collected.findings, recorded.findings);
  ExpectOnlyReads(kubectl);
}

TEST(CollectFakeClusterTest, EventLogsFromTheHistoryServerIntoZstdBundle) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-gone");
  LoopbackHistoryServer hs("oom-driver-gone");
  ASSERT_TRUE(hs.ok());
  fs::path out = dir.path() / "incident.tar.zst";
  CollectRun run = RunCollect(
      With(BaseArgs(kubectl, out), {"--app-name", "nightly-etl", "--history-server", hs.url()}));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto files = ReadBundleFiles(out);
  std::string log = std::string("eventlogs/eventlog_v2_") + kOomAppId + "/events_1_" + kOomAppId;
  ASSERT_TRUE(files.count(log));
  EXPECT_NE(files[log].find("SparkListenerApplicationStart"), std::string::npos);
  ExpectLoadsCleanly(out);
}

TEST(CollectFakeClusterTest, DriverAliveUsesThePodProxy) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-alive");
  fs::path out = dir.path() / "bundle-dir";
  CollectRun run = RunCollect(With(BaseArgs(kubectl, out), {"--sparkapplication", "nightly-etl"}));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(fs::is_regular_file(out / kAppDir / "stages/1/0/taskList.json"));
  std::string manifest = ReadFile(out / "manifest.json");
  std::string source = ItemField(ManifestItem(manifest, kAppDir + "/jobs.json"), "source");
  EXPECT_EQ(source, std::string("kubectl get --raw=/api/v1/namespaces/spark-jobs/pods/"
                                "nightly-etl-driver:4040/proxy/api/v1/applications/") +
                        kOomAppId + "/jobs");
  bool proxied = false;
  for (const auto& argv : kubectl.Calls()) {
    proxied |= argv.size() > 1 && argv[1].find("/proxy/api/v1/applications/") != std::string::npos;
  }
  EXPECT_TRUE(proxied);
  ExpectLoadsCleanly(out);
  ExpectOnlyReads(kubectl);
}

TEST(CollectFakeClusterTest, TaskListPageFailureKeepsTheEarlierPages) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-alive",
                      R"([{"match": ["stages/1/0/taskList?offset=50"], "action": "fail",
                           "stderr": "Error from server (InternalError): an error on the server"}])");
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run =
      RunCollect(With(BaseArgs(kubectl, out), {"--app-id", kOomAppId, "--retries", "1"}));
  EXPECT_EQ(run.exit_code, 4) << run.output;
  auto files = ReadBundleFiles(out);
  std::string path = kAppDir + "/stages/1/0/taskList.json";
  std::string item = ManifestItem(files["manifest.json"], path);
  EXPECT_EQ(ItemField(item, "status"), "truncated") << item;
  EXPECT_NE(ItemField(item, "error").find("InternalError"), std::string::npos) << item;
  EXPECT_EQ(JsonArrayLength(files[path]), 50u);
  ExpectLoadsCleanly(out);
}

TEST(CollectFakeClusterTest, ExecutorsAlreadyDeleted) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-executors-deleted");
  LoopbackHistoryServer hs("oom-executors-deleted", {"--no-event-logs"});
  ASSERT_TRUE(hs.ok());
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run = RunCollect(
      With(BaseArgs(kubectl, out), {"--app-id", kOomAppId, "--history-server", hs.url()}));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto files = ReadBundleFiles(out);
  // Only the driver's log; the executors' events and REST data survive.
  size_t logs = 0;
  for (const auto& [path, content] : files) logs += path.starts_with("logs/");
  EXPECT_EQ(logs, 1u);
  EXPECT_NE(files["k8s/events.json"].find("nightly-etl-exec-3"), std::string::npos);
  EXPECT_NE(files[kAppDir + "/allexecutors.json"].find("\"id\""), std::string::npos);
  Analysis a = ExpectLoadsCleanly(out);
  EXPECT_FALSE(a.findings.empty());
  ExpectOnlyReads(kubectl);
}

TEST(CollectFakeClusterTest, ForbiddenEventsGiveAPartialBundle) {
  TempDir dir;
  FakeKubectl kubectl(
      dir.path(), "oom-driver-gone",
      R"([{"match": ["get", "events", "--namespace=spark-jobs"], "action": "forbidden"}])");
  LoopbackHistoryServer hs("oom-driver-gone", {"--no-event-logs"});
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run = RunCollect(
      With(BaseArgs(kubectl, out), {"--app-id", kOomAppId, "--history-server", hs.url()}));
  EXPECT_EQ(run.exit_code, 4) << run.output;
  auto files = ReadBundleFiles(out);
  EXPECT_FALSE(files.count("k8s/events.json"));
  std::string item = ManifestItem(files["manifest.json"], "k8s/events.json");
  EXPECT_EQ(ItemField(item, "status"), "error");
  EXPECT_NE(ItemField(item, "error").find("forbidden"), std::string::npos) << item;
  // Forbidden is not retried.
  size_t event_calls = 0;
  for (const auto& argv : kubectl.Calls()) {
    event_calls += argv.size() > 2 && argv[1] == "events" && argv[2] == "--namespace=spark-jobs";
  }
  EXPECT_EQ(event_calls, 1u);
  EXPECT_TRUE(files.count("logs/nightly-etl-driver/spark-kubernetes-driver.log"));
  ExpectLoadsCleanly(out);
}

TEST(CollectFakeClusterTest, HangingKubectlIsKilledAndTheBundleIsPartial) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-gone",
                      R"([{"match": ["logs", "nightly-etl-exec-3"], "action": "hang"}])");
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run = RunCollect(With(
      BaseArgs(kubectl, out), {"--app-id", kOomAppId, "--call-timeout", "2s", "--timeout", "20s"}));
  EXPECT_EQ(run.exit_code, 4) << run.output;
  EXPECT_LT(run.seconds, 15.0);
  auto files = ReadBundleFiles(out);
  std::string item =
      ManifestItem(files["manifest.json"], "logs/nightly-etl-exec-3/spark-kubernetes-executor.log");
  EXPECT_EQ(ItemField(item, "status"), "error");
  EXPECT_NE(ItemField(item, "error").find("did not finish within"), std::string::npos) << item;
  EXPECT_TRUE(files.count("logs/nightly-etl-exec-4/spark-kubernetes-executor.log"));
  ExpectLoadsCleanly(out);
}

TEST(CollectFakeClusterTest, OverallTimeoutBoundsTheRun) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-gone",
                      R"([{"match": ["get", "pods"], "action": "hang"}])");
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run =
      RunCollect(With(BaseArgs(kubectl, out), {"--app-id", kOomAppId, "--timeout", "3s"}));
  EXPECT_EQ(run.exit_code, 2) << run.output;  // nothing identifies the application's pods
  EXPECT_LT(run.seconds, 10.0);
  auto files = ReadBundleFiles(out);
  EXPECT_EQ(ItemField(ManifestItem(files["manifest.json"], "k8s/pods.json"), "status"), "error");
}

TEST(CollectFakeClusterTest, KubectlKilledMidwayKeepsWhatArrived) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-gone",
                      R"([{"match": ["logs", "nightly-etl-exec-1"], "action": "die-midway"}])");
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run =
      RunCollect(With(BaseArgs(kubectl, out), {"--app-id", kOomAppId, "--retries", "2"}));
  EXPECT_EQ(run.exit_code, 4) << run.output;
  auto files = ReadBundleFiles(out);
  std::string path = "logs/nightly-etl-exec-1/spark-kubernetes-executor.log";
  std::string item = ManifestItem(files["manifest.json"], path);
  EXPECT_EQ(ItemField(item, "status"), "truncated") << item;
  EXPECT_NE(ItemField(item, "error").find("signal 9"), std::string::npos) << item;
  std::string full = ReadFile(OomIncidentBundle() / path);
  ASSERT_TRUE(files.count(path));
  EXPECT_EQ(files[path], full.substr(0, full.size() / 2));
  ExpectLoadsCleanly(out);
}

TEST(CollectFakeClusterTest, TransientFailuresAreRetried) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-gone",
                      R"([{"match": ["get", "nodes"], "action": "transient", "times": 2}])");
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run = RunCollect(With(BaseArgs(kubectl, out), {"--app-id", kOomAppId}));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  auto files = ReadBundleFiles(out);
  EXPECT_EQ(ItemField(ManifestItem(files["manifest.json"], "k8s/nodes.json"), "status"), "ok");
  size_t node_calls = 0;
  for (const auto& argv : kubectl.Calls()) node_calls += argv.size() > 1 && argv[1] == "nodes";
  EXPECT_EQ(node_calls, 3u);
}

TEST(CollectFakeClusterTest, HistoryServerErrorsAreRetried) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-gone");
  LoopbackHistoryServer hs("oom-driver-gone", {"--no-event-logs", "--fail-first", "2"});
  ASSERT_TRUE(hs.ok());
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run = RunCollect(
      With(BaseArgs(kubectl, out), {"--app-id", kOomAppId, "--history-server", hs.url()}));
  EXPECT_EQ(run.exit_code, 0) << run.output;  // two 503s, then the answers
  auto files = ReadBundleFiles(out);
  EXPECT_EQ(
      ItemField(ManifestItem(files["manifest.json"], kAppDir + "/application.json"), "status"),
      "ok");
}

TEST(CollectFakeClusterTest, LogLargerThanTheCapKeepsTheTail) {
  TempDir dir;
  FakeKubectl kubectl(
      dir.path(), "oom-driver-gone",
      R"([{"match": ["logs", "nightly-etl-exec-1"], "action": "big-log", "bytes": 3000000}])");
  LoopbackHistoryServer hs("oom-driver-gone", {"--no-event-logs"});
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run =
      RunCollect(With(BaseArgs(kubectl, out), {"--app-id", kOomAppId, "--history-server", hs.url(),
                                               "--max-log-bytes", "1MiB"}));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  auto files = ReadBundleFiles(out);
  std::string path = "logs/nightly-etl-exec-1/spark-kubernetes-executor.log";
  std::string item = ManifestItem(files["manifest.json"], path);
  EXPECT_EQ(ItemField(item, "status"), "truncated");
  EXPECT_NE(ItemField(item, "note").find("kept the last 1.0 MiB"), std::string::npos) << item;
  const std::string& kept = files[path];
  EXPECT_LE(kept.size(), 1u << 20);
  EXPECT_GT(kept.size(), (1u << 20) - 200);
  EXPECT_TRUE(kept.starts_with("2026-11-21T05:59:00.000000000Z filler line"));  // a whole line
  std::string recorded = ReadFile(OomIncidentBundle() / path);
  EXPECT_TRUE(kept.ends_with(recorded));  // the end, where the failure is, is kept
  Analysis a = ExpectLoadsCleanly(out);
  EXPECT_EQ(a.findings, AnalyzeBundle(OomIncidentBundle()).findings);
}

TEST(CollectFakeClusterTest, BundleSizeBudgetSkipsWhatDoesNotFit) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-gone");
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run = RunCollect(
      With(BaseArgs(kubectl, out), {"--app-id", kOomAppId, "--max-bundle-bytes", "200k"}));
  EXPECT_EQ(run.exit_code, 4) << run.output;
  auto files = ReadBundleFiles(out);
  size_t total = 0;
  for (const auto& [path, content] : files) total += path == "manifest.json" ? 0 : content.size();
  EXPECT_LE(total, 200u << 10);
  EXPECT_NE(files["manifest.json"].find("--max-bundle-bytes"), std::string::npos);
  ExpectLoadsCleanly(out);
}

TEST(CollectFakeClusterTest, PlantedSecretsAreRedactedAndFindingsStay) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-planted-secrets");
  LoopbackHistoryServer hs("oom-planted-secrets");
  ASSERT_TRUE(hs.ok());
  WriteFile(dir.path() / "rules.yaml",
            "rules:\n  - id: internal-key\n    pattern: 'X-Internal-Key: (?P<secret>\\S+)'\n");
  std::vector<std::string> secrets = {
      "AKIAZ3FAKE7EXAMPLE12",         "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKESECRET",
      "Tr0ub4dor-fake-pass",          "S3cretPassw0rdFake",
      "ZmFrZXNpZ25hdHVyZWZvcnRlc3Rz", "MIIEowIBAAKCAQEAfakefake",
      "ikey8fJ2kLm9Qx7Rt3Vw5Yz1"};
  fs::path redacted = dir.path() / "redacted.tar.gz";
  fs::path plain = dir.path() / "plain.tar.gz";
  std::vector<std::string> common = {"--sparkapplication", "nightly-etl", "--history-server",
                                     hs.url()};
  CollectRun r1 = RunCollect(With(With(BaseArgs(kubectl, redacted), common),
                                  {"--redact-rules", (dir.path() / "rules.yaml").string()}));
  ASSERT_EQ(r1.exit_code, 0) << r1.output;
  CollectRun r2 = RunCollect(With(With(BaseArgs(kubectl, plain), common), {"--no-redact"}));
  ASSERT_EQ(r2.exit_code, 0) << r2.output;
  auto red = ReadBundleFiles(redacted);
  auto raw = ReadBundleFiles(plain);
  // Byte search over every (decompressed) entry: none left in the redacted bundle; all of
  // them in the unredacted one (so the search can fail).
  for (const std::string& s : secrets) {
    bool in_raw = false;
    for (const auto& [path, content] : red) {
      EXPECT_EQ(content.find(s), std::string::npos) << s << " left in " << path;
    }
    for (const auto& [path, content] : raw) in_raw |= content.find(s) != std::string::npos;
    EXPECT_TRUE(in_raw) << s;
  }
  // The same value has the same token everywhere.
  std::smatch m;
  std::string pods = red["k8s/pods.json"];
  ASSERT_TRUE(std::regex_search(
      pods, m,
      std::regex(R"re("AWS_SECRET_ACCESS_KEY",\s*"value": "(<redacted:[a-z-]+:\d+>)")re")));
  EXPECT_NE(red[kAppDir + "/environment.json"].find(m[1].str()), std::string::npos) << m[1];
  EXPECT_NE(red["k8s/sparkapplications.json"].find(m[1].str()), std::string::npos) << m[1];
  // References to secrets stay readable.
  EXPECT_NE(pods.find("/etc/secrets/db/password"), std::string::npos);
  // The audit: counts per rule.
  std::string manifest = red["manifest.json"];
  for (std::string rule : {"env-secret", "spark-conf-secret", "bearer-token", "url-password",
                           "pem-block", "aws-access-key", "internal-key"}) {
    std::smatch c;
    ASSERT_TRUE(std::regex_search(manifest, c,
                                  std::regex("\"id\": \"" + rule + "\",\\s*\"count\": (\\d+)")))
        << rule;
    EXPECT_GT(std::stoi(c[1]), 0) << rule;
  }
  EXPECT_NE(raw["manifest.json"].find("\"enabled\": false"), std::string::npos);
  // Analysis of the redacted and the unredacted bundle: the same findings.
  Analysis a = ExpectLoadsCleanly(redacted);
  Analysis b = ExpectLoadsCleanly(plain);
  EXPECT_FALSE(a.findings.empty());
  EXPECT_EQ(a.findings, b.findings);
  ExpectOnlyReads(kubectl);
}

TEST(CollectFakeClusterTest, PrometheusAlertsOverTheIncidentWindow) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-gone");
  LoopbackHistoryServer prometheus("oom-driver-gone");
  ASSERT_TRUE(prometheus.ok());
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run = RunCollect(
      With(BaseArgs(kubectl, out), {"--app-id", kOomAppId, "--prometheus", prometheus.url()}));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  auto files = ReadBundleFiles(out);
  size_t metrics = 0;
  for (const auto& [path, content] : files) {
    if (!path.starts_with("metrics/")) continue;
    ++metrics;
    EXPECT_NE(content.find("\"resultType\": \"matrix\""), std::string::npos) << path;
    std::string source = ItemField(ManifestItem(files["manifest.json"], path), "source");
    EXPECT_NE(source.find("/api/v1/query_range?query="), std::string::npos) << source;
  }
  auto catalog = LoadRuleCatalog(std::nullopt);
  ASSERT_TRUE(catalog.ok());
  EXPECT_EQ(metrics, catalog->alerts.size());
  if (catalog->alerts.empty()) {
    EXPECT_EQ(ItemField(ManifestItem(files["manifest.json"], "metrics"), "status"), "skipped");
  }
  // The window starts before the first pod was created (05:58:49Z) and ends now.
  EXPECT_NE(files["manifest.json"].find("\"since\": \"2026-11-21T05:53:"), std::string::npos);
  ExpectLoadsCleanly(out);
}

TEST(CollectFakeClusterTest, EventLogArgumentsFromFilesAndFolders) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-gone");
  fs::path rolling =
      ClusterDir("oom-driver-gone") / "eventlogs" / (std::string("eventlog_v2_") + kOomAppId);
  WriteFile(dir.path() / "single" / kOomAppId,
            ReadFile(rolling / (std::string("events_1_") + kOomAppId)));
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run = RunCollect(
      With(BaseArgs(kubectl, out), {"--app-id", kOomAppId, "--event-log", rolling.string(),
                                    "--event-log", (dir.path() / "single" / kOomAppId).string(),
                                    "--event-log", (dir.path() / "missing").string()}));
  EXPECT_EQ(run.exit_code, 4) << run.output;  // the missing one
  auto files = ReadBundleFiles(out);
  EXPECT_TRUE(
      files.count(std::string("eventlogs/eventlog_v2_") + kOomAppId + "/events_1_" + kOomAppId));
  EXPECT_TRUE(files.count(std::string("eventlogs/") + kOomAppId));
  EXPECT_EQ(ItemField(ManifestItem(files["manifest.json"], "eventlogs/missing"), "status"),
            "error");
  ExpectLoadsCleanly(out);
}

TEST(CollectFakeClusterTest, UnknownApplicationIsNotFound) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-gone");
  fs::path out = dir.path() / "b.tar.gz";
  CollectRun run = RunCollect(With(BaseArgs(kubectl, out), {"--app-id", "spark-doesnotexist"}));
  EXPECT_EQ(run.exit_code, 2) << run.output;
  auto files = ReadBundleFiles(out);
  EXPECT_NE(ItemField(ManifestItem(files["manifest.json"], "k8s/pods.json"), "note")
                .find("no pod matches"),
            std::string::npos);
}

TEST(CollectFakeClusterTest, UsageErrors) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-driver-gone");
  std::string out = (dir.path() / "b.tar.gz").string();
  std::string k = kubectl.path();
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--app-id", "x", "--kubectl", k, "-o", out},
           {"-n", "ns", "--kubectl", k, "-o", out},
           {"-n", "ns", "--app-id", "x", "--app-name", "y", "--kubectl", k, "-o", out},
           {"-n", "ns", "--app-id", "x", "--kubectl", k},
           {"-n", "ns", "--app-id", "x", "--kubectl", k, "-o", out, "--timeout", "soon"},
           {"-n", "ns", "--app-id", "x", "--kubectl", k, "-o", out, "--max-log-bytes", "lots"},
           {"-n", "ns", "--app-id", "x", "--kubectl", "/nonexistent/kubectl", "-o", out},
           {"-n", "ns", "--app-id", "x", "--kubectl", k, "-o", out, "--redact-rules",
            "/nonexistent.yaml"},
           {"-n", "ns", "--app-id", "x", "--kubectl", k, "-o", out, "--bogus"},
       }) {
    CollectRun run = RunCollect(args);
    EXPECT_EQ(run.exit_code, 1) << ::testing::PrintToString(args) << run.output;
  }
  CollectRun help = RunCollect({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("Exit codes"), std::string::npos);
  EXPECT_TRUE(kubectl.Calls().empty());
}

}  // namespace
}  // namespace sparkpm::testing
