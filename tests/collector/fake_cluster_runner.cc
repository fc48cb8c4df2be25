#include "fake_cluster_runner.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "process_runner.h"
#include "sparkpm/bundle_loader.h"
#include "sparkpm/bundle_reader.h"
#include "sparkpm/database.h"
#include "sparkpm/pattern_set.h"
#include "sparkpm/rule_catalog.h"
#include "sparkpm/rule_engine.h"
#include "test_support.h"

namespace sparkpm::testing {
namespace fs = std::filesystem;

namespace {

fs::path FakesDir() { return SourceDir() / "tests/collector/fakes"; }

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out.push_back(c);
  }
  return out + "'";
}

CollectRun RunBinary(const std::string& binary, const std::vector<std::string>& args) {
  collect::ProcessRequest req;
  req.argv.push_back(binary);
  req.argv.insert(req.argv.end(), args.begin(), args.end());
  req.timeout = std::chrono::seconds(120);
  req.max_stderr_bytes = 1 << 20;
  CollectRun run;
  auto start = std::chrono::steady_clock::now();
  collect::ProcessResult r = collect::RunProcess(req, [&](std::string_view chunk) {
    run.output.append(chunk);
    return true;
  });
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.output += r.stderr_text;
  run.exit_code = r.started && r.signal == 0 && !r.timed_out ? r.exit_code : -1;
  return run;
}

class CollectingVisitor : public BundleVisitor {
 public:
  std::map<std::string, std::string> files;
  Status OnFile(const BundleEntry& entry, EntryStream& stream) override {
    std::string content;
    char buf[65536];
    while (true) {
      auto n = stream.Read(buf, sizeof buf);
      if (!n || *n == 0) break;
      content.append(buf, *n);
    }
    files[entry.path] = std::move(content);
    return Ok();
  }
  void OnRejected(std::string_view, std::string_view, std::string_view) override {}
  void OnBundleError(const Error&) override {}
};

}  // namespace

fs::path ClusterDir(const std::string& name) { return SourceDir() / "testdata/clusters" / name; }

fs::path OomIncidentBundle() { return SourceDir() / "testdata/incidents/executor-oom-137/bundle"; }

FakeKubectl::FakeKubectl(const fs::path& dir, const std::string& cluster,
                         const std::string& behaviour_json) {
  path_ = dir / "kubectl";
  log_ = dir / "kubectl-calls.log";
  fs::create_directories(dir / "kubectl-state");
  std::string script = "#!/bin/sh\n";
  script += "export FAKE_KUBECTL_CLUSTER=" + ShellQuote(ClusterDir(cluster).string()) + "\n";
  script += "export FAKE_KUBECTL_LOG=" + ShellQuote(log_.string()) + "\n";
  script += "export FAKE_KUBECTL_STATE=" + ShellQuote((dir / "kubectl-state").string()) + "\n";
  script += "export FAKE_KUBECTL_BEHAVIOUR=" + ShellQuote(behaviour_json) + "\n";
  script += "exec " + ShellQuote(SPARKPM_PYTHON) + " " +
            ShellQuote((FakesDir() / "fake_kubectl.py").string()) + " \"$@\"\n";
  WriteFile(path_, script);
  fs::permissions(path_, fs::perms::owner_all);
}

std::vector<std::vector<std::string>> FakeKubectl::Calls() const {
  std::vector<std::vector<std::string>> out;
  std::ifstream in(log_);
  std::string line;
  simdjson::dom::parser parser;
  while (std::getline(in, line)) {
    simdjson::dom::array arr;
    if (parser.parse(line).get_array().get(arr) != simdjson::SUCCESS) continue;
    std::vector<std::string> argv;
    for (simdjson::dom::element e : arr) {
      std::string_view s;
      if (e.get_string().get(s) == simdjson::SUCCESS) argv.emplace_back(s);
    }
    out.push_back(std::move(argv));
  }
  return out;
}

LoopbackHistoryServer::LoopbackHistoryServer(const std::string& cluster,
                                             std::vector<std::string> extra) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return;
  std::vector<std::string> args = {SPARKPM_PYTHON, (FakesDir() / "fake_history_server.py").string(),
                                   ClusterDir(cluster).string(), "--lifetime", "90"};
  args.insert(args.end(), extra.begin(), extra.end());
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
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline && read(out[0], &c, 1) == 1) {
    if (c == '\n') break;
    line.push_back(c);
  }
  close(out[0]);
  if (line.rfind("PORT ", 0) == 0) port_ = std::stoi(line.substr(5));
}

LoopbackHistoryServer::~LoopbackHistoryServer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

std::string LoopbackHistoryServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

CollectRun RunCollect(const std::vector<std::string>& args) {
  return RunBinary(SPARKPM_COLLECT_BINARY, args);
}

CollectRun RunSparkpm(const std::vector<std::string>& args) {
  return RunBinary(SPARKPM_BINARY, args);
}

std::map<std::string, std::string> ReadBundleFiles(const fs::path& bundle) {
  CollectingVisitor v;
  auto r = ReadBundle(bundle, ReaderLimits{}, v);
  EXPECT_TRUE(r.ok()) << bundle << ": " << (r.ok() ? "" : r.error().ToString());
  return std::move(v.files);
}

Analysis AnalyzeBundle(const fs::path& bundle) {
  Analysis a;
  auto catalog = LoadRuleCatalog(std::nullopt);
  if (!catalog) {
    a.error = catalog.error().ToString();
    return a;
  }
  auto patterns = PatternSet::Compile(catalog->patterns);
  if (!patterns) {
    a.error = patterns.error().ToString();
    return a;
  }
  auto db = Database::Open(":memory:");
  if (!db || !(*db)->ApplySchema()) {
    a.error = "cannot open a database";
    return a;
  }
  auto loaded = LoadBundle(bundle, **db, *patterns, LoadOptions{});
  if (!loaded) {
    a.error = loaded.error().ToString();
    return a;
  }
  a.load_errors = loaded->load_errors;
  a.load_error_messages =
      QueryColumn(**db, "SELECT path || ':' || line || ': ' || message FROM load_errors");
  auto eval = EvaluateRules(**db, *catalog, RuleSettings{});
  if (!eval) {
    a.error = eval.error().ToString();
    return a;
  }
  for (const Finding& f : eval->findings) {
    a.findings.push_back(std::string(SeverityName(f.severity)) + " " + f.rule + ": " + f.message);
  }
  return a;
}

std::string ManifestItem(const std::string& manifest_json, const std::string& path) {
  simdjson::dom::parser parser;
  simdjson::dom::array items;
  if (parser.parse(manifest_json)["items"].get_array().get(items) != simdjson::SUCCESS) return {};
  for (simdjson::dom::element item : items) {
    std::string_view p;
    if (item["path"].get_string().get(p) == simdjson::SUCCESS && p == path) {
      return simdjson::to_string(item);
    }
  }
  return {};
}

std::string ItemField(const std::string& item_json, const std::string& field) {
  if (item_json.empty()) return {};
  simdjson::dom::parser parser;
  std::string_view v;
  if (parser.parse(item_json)[field].get_string().get(v) == simdjson::SUCCESS)
    return std::string(v);
  return {};
}

}  // namespace sparkpm::testing
