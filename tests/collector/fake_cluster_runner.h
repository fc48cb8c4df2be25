// Test support for running sparkpm-collect against a recorded fake cluster: a kubectl
// wrapper script around fakes/fake_kubectl.py, the loopback fake History Server, and
// helpers to read and analyse the bundle the collector wrote.
//
//   testing::TempDir dir;
//   FakeKubectl kubectl(dir.path(), "oom-driver-gone",
//   R"([{"match":["get","events"],"action":"forbidden"}])"); LoopbackHistoryServer
//   hs("oom-driver-gone"); CollectRun run = RunCollect({"--namespace", "spark-jobs", "--app-id",
//   kAppId, "--kubectl",
//                                kubectl.path(), "--history-server", hs.url(), "-o", out});
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sparkpm::testing {

inline constexpr const char* kOomAppId = "spark-7f3c2a9d41e84b0f9c6d15e2a8b3f047";

// testdata/clusters/<name>.
std::filesystem::path ClusterDir(const std::string& name);
// The recorded incident a cluster is derived from (testdata/incidents/executor-oom-137/bundle).
std::filesystem::path OomIncidentBundle();

// A `kubectl` executable in dir that runs the fake against a cluster, logging each call.
class FakeKubectl {
 public:
  FakeKubectl(const std::filesystem::path& dir, const std::string& cluster,
              const std::string& behaviour_json = "[]");
  std::string path() const { return path_.string(); }
  // Every argv the collector ran, in order (without the program name).
  std::vector<std::vector<std::string>> Calls() const;

 private:
  std::filesystem::path path_;
  std::filesystem::path log_;
};

// fakes/fake_history_server.py on 127.0.0.1, stopped (process killed) on destruction.
class LoopbackHistoryServer {
 public:
  explicit LoopbackHistoryServer(const std::string& cluster, std::vector<std::string> extra = {});
  ~LoopbackHistoryServer();
  LoopbackHistoryServer(const LoopbackHistoryServer&) = delete;
  LoopbackHistoryServer& operator=(const LoopbackHistoryServer&) = delete;
  bool ok() const { return port_ > 0; }
  std::string url() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

struct CollectRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
  double seconds = 0;
};

// Runs the built sparkpm-collect with args (no shell involved in quoting).
CollectRun RunCollect(const std::vector<std::string>& args);
// Runs the built sparkpm with args.
CollectRun RunSparkpm(const std::vector<std::string>& args);

// Every file of a bundle (archive or directory), by path, via the analyzer's reader.
std::map<std::string, std::string> ReadBundleFiles(const std::filesystem::path& bundle);

struct Analysis {
  int64_t load_errors = -1;
  std::vector<std::string> load_error_messages;
  std::vector<std::string> findings;  // "severity rule: message", report order
  std::string error;                  // when the bundle could not be loaded at all
};

// Loads a bundle with the analyzer library and evaluates the built-in rules.
Analysis AnalyzeBundle(const std::filesystem::path& bundle);

// Returns the manifest item for path (a JSON object as text), or "" when absent. When
// several items share the path, the first.
std::string ManifestItem(const std::string& manifest_json, const std::string& path);
// Returns the string value of field in a manifest item, or "".
std::string ItemField(const std::string& item_json, const std::string& field);

}  // namespace sparkpm::testing
