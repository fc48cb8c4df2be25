// sparkpm-collect with the real kubectl (Debian's kubernetes-client, or any kubectl on
// PATH) against a loopback fake API server: discovery, pods, events, nodes,
// SparkApplications, logs and the driver's pod proxy. Skipped when kubectl is missing.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "fake_cluster_runner.h"
#include "process_runner.h"
#include "test_support.h"

namespace sparkpm::testing {
namespace {

namespace fs = std::filesystem;

// fakes/fake_api_server.py on 127.0.0.1, killed on destruction.
class FakeApiServer {
 public:
  FakeApiServer(const std::string& cluster, const fs::path& request_log) {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) return;
    std::vector<std::string> args = {
        SPARKPM_PYTHON,
        (SourceDir() / "tests/collector/fakes/fake_api_server.py").string(),
        ClusterDir(cluster).string(),
        "--lifetime",
        "90",
        "--request-log",
        request_log.string()};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line.push_back(c);
    close(out[0]);
    if (line.rfind("PORT ", 0) == 0) port_ = std::stoi(line.substr(5));
  }
  ~FakeApiServer() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

TEST(KubectlEndToEndTest, RealKubectlAgainstALoopbackApiServer) {
  std::string kubectl = collect::FindExecutable("kubectl");
  if (kubectl.empty()) {
    GTEST_SKIP() << "kubectl is not installed (Debian: apt-get install kubernetes-client, or run "
                    ".ci/setup-debian); the real-kubectl end-to-end test is skipped";
  }
  TempDir dir;
  fs::path requests = dir.path() / "requests.log";
  FakeApiServer api("oom-driver-alive", requests);
  ASSERT_GT(api.port(), 0);
  fs::path kubeconfig = dir.path() / "kubeconfig";
  WriteFile(kubeconfig,
            "apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n"
            "    server: http://127.0.0.1:" +
                std::to_string(api.port()) +
                "\nusers:\n- name: fake\n  user: {}\ncontexts:\n- name: fake\n  context:"
                " {cluster: fake, user: fake, namespace: default}\ncurrent-context: fake\n");
  // kubectl keeps a discovery cache under $HOME; keep it in the test's folder.
  fs::create_directories(dir.path() / "home");
  std::string old_home = std::getenv("HOME") ? std::getenv("HOME") : "";
  setenv("HOME", (dir.path() / "home").c_str(), 1);
  fs::path real_out = dir.path() / "real.tar.gz";
  CollectRun run = RunCollect({"--namespace", "spark-jobs", "--sparkapplication", "nightly-etl",
                               "--kubectl", kubectl, "--kubeconfig", kubeconfig.string(), "-o",
                               real_out.string(), "--timeout", "60s", "--quiet"});
  setenv("HOME", old_home.c_str(), 1);
  ASSERT_EQ(run.exit_code, 0) << run.output;

  auto files = ReadBundleFiles(real_out);
  std::string app_dir = std::string("spark/") + kOomAppId;
  for (const std::string& path : std::vector<std::string>{
           "k8s/pods.json", "k8s/events.json", "k8s/node-events.json", "k8s/nodes.json",
           "k8s/sparkapplications.json", "logs/nightly-etl-driver/spark-kubernetes-driver.log",
           "logs/nightly-etl-exec-3/spark-kubernetes-executor.log", app_dir + "/application.json",
           app_dir + "/stages/1/0/taskList.json"}) {
    EXPECT_TRUE(files.count(path)) << path;
  }
  EXPECT_EQ(
      files["logs/nightly-etl-exec-3/spark-kubernetes-executor.log"],
      ReadFile(OomIncidentBundle() / "logs/nightly-etl-exec-3/spark-kubernetes-executor.log"));
  // The API server saw nothing but GETs, and the driver's REST API through its proxy.
  std::ifstream in(requests);
  std::string line;
  bool proxied = false;
  size_t count = 0;
  while (std::getline(in, line)) {
    ++count;
    EXPECT_TRUE(line.rfind("GET ", 0) == 0) << line;
    proxied |=
        line.find("/pods/nightly-etl-driver:4040/proxy/api/v1/applications/") != std::string::npos;
  }
  EXPECT_GT(count, 10u);
  EXPECT_TRUE(proxied);

  // The same cluster through the fake kubectl: the same findings, zero load errors.
  FakeKubectl fake(dir.path() / "fake", "oom-driver-alive");
  fs::path fake_out = dir.path() / "fake.tar.gz";
  CollectRun run2 = RunCollect({"--namespace", "spark-jobs", "--sparkapplication", "nightly-etl",
                                "--kubectl", fake.path(), "-o", fake_out.string(), "--quiet"});
  ASSERT_EQ(run2.exit_code, 0) << run2.output;
  Analysis real = AnalyzeBundle(real_out);
  Analysis faked = AnalyzeBundle(fake_out);
  EXPECT_EQ(real.load_errors, 0) << ::testing::PrintToString(real.load_error_messages);
  EXPECT_FALSE(real.findings.empty());
  EXPECT_EQ(real.findings, faked.findings);
}

}  // namespace
}  // namespace sparkpm::testing
