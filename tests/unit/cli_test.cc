// End-to-end through the sparkpm binary: exit codes, outputs, and hostile bundles
// (each case: a clear message, a partial report where anything was readable, no
// crash, nothing written outside the output paths).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace sparkpm {
namespace {

namespace fs = std::filesystem;
using testing::ArchiveBuilder;
using testing::RunCommand;
using testing::TempDir;

std::string Bin() { return testing::SparkpmBinary().string(); }
std::string Q(const fs::path& p) { return "'" + p.string() + "'"; }

int Sparkpm(const std::string& args, std::string* out = nullptr) {
  return RunCommand(Bin() + " " + args, out);
}

// Removes fenced code blocks and inline code spans: what remains is what Markdown
// renderers interpret (code is shown as text).
std::string MarkdownOutsideCode(const std::string& md) {
  std::string out;
  bool fence = false;
  size_t pos = 0;
  while (pos < md.size()) {
    size_t nl = md.find('\n', pos);
    if (nl == std::string::npos) nl = md.size();
    std::string line = md.substr(pos, nl - pos);
    pos = nl + 1;
    size_t indent = line.find_first_not_of(' ');
    if (indent != std::string::npos && line.compare(indent, 3, "```") == 0) {
      fence = !fence;
      continue;
    }
    if (fence) continue;
    bool code = false;
    for (char c : line) {
      if (c == '`') {
        code = !code;
      } else if (!code) {
        out.push_back(c);
      }
    }
    out.push_back('\n');
  }
  return out;
}

size_t CountFiles(const fs::path& dir) {
  size_t n = 0;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it)
    ++n;
  return n;
}

const char* kPodList = R"({"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod",
 "metadata":{"name":"<script>alert('pod')</script>","namespace":"ns","uid":"u1",
   "labels":{"spark-role":"executor","spark-app-selector":"spark-1"}},
 "spec":{"nodeName":"node-1","containers":[{"name":"spark-kubernetes-executor","image":"spark:3.5"}]},
 "status":{"phase":"Running","containerStatuses":[{"name":"spark-kubernetes-executor","ready":true,
   "restartCount":0,"image":"spark:3.5","imageID":"","state":{"terminated":{"exitCode":137,"reason":"OOMKilled",
   "startedAt":"2026-11-21T10:00:00Z","finishedAt":"2026-11-21T10:05:00Z"}}}]}}]})";

TEST(CliTest, HelpAndUsageErrors) {
  for (const char* cmd : {"analyze", "load", "query", "rules", "check"}) {
    std::string out;
    EXPECT_EQ(Sparkpm(std::string(cmd) + " --help", &out), 0) << cmd;
    EXPECT_NE(out.find("Exit codes"), std::string::npos) << cmd;
  }
  std::string out;
  EXPECT_EQ(Sparkpm("analyze --no-such-flag x", &out), 1);
  EXPECT_EQ(Sparkpm("frobnicate", &out), 1);
  EXPECT_EQ(Sparkpm("analyze x --fail-on loud", &out), 1);
  EXPECT_EQ(Sparkpm("analyze x --set nonsense", &out), 1);
  EXPECT_EQ(Sparkpm("rules lint", &out), 0) << out;
}

TEST(CliTest, MissingOrEmptyBundleIsExitTwoWithAClearMessage) {
  TempDir dir;
  std::string out;
  EXPECT_EQ(Sparkpm("analyze " + Q(dir.path() / "missing.tar.gz"), &out), 2);
  EXPECT_NE(out.find("bundle not found"), std::string::npos) << out;
  testing::WriteFile(dir.path() / "empty.tar.gz", "");
  EXPECT_EQ(Sparkpm("analyze " + Q(dir.path() / "empty.tar.gz"), &out), 2);
  EXPECT_NE(out.find("empty"), std::string::npos) << out;
  testing::WriteFile(dir.path() / "binary.bin",
                     std::string("\x00\x01\x02\x03", 4) + std::string(5000, '\0'));
  EXPECT_EQ(Sparkpm("analyze " + Q(dir.path() / "binary.bin"), &out), 2);
  EXPECT_NE(out.find("nothing in the bundle could be analysed"), std::string::npos) << out;
}

TEST(CliTest, HostileBundleStillYieldsASafeReport) {
  TempDir dir;
  fs::path bundle = dir.path() / "in" / "hostile.tar.gz";
  fs::create_directories(bundle.parent_path());
  std::string long_line(10 << 20, 'A');
  {
    ArchiveBuilder b(bundle, ArchiveBuilder::Compression::kGzip);
    b.AddFile("h/k8s/pods.json", kPodList);
    b.AddFile("h/../../outside.txt", "escape");
    b.AddFile("/tmp/sparkpm-cli-absolute.txt", "escape");
    b.AddSymlink("h/logs/x/link.log", "/etc/passwd");
    b.AddFile("h/spark/app/jobs.json", "[{\"jobId\": 1, \"status\": ");  // invalid JSON
    b.AddFile("h/logs/big/c.log", "26/11/21 10:00:00 INFO A: start\n" + long_line +
                                      "\n26/11/21 10:00:01 ERROR B: after\n");
    const char kNulLine[] = "26/11/21 10:00:00 ERROR X: nul\0here \xff\xfe bad utf8\n";
    b.AddFile("h/logs/bin/c.log", std::string(kNulLine, sizeof kNulLine - 1));
    b.AddFile("h/logs/<script>alert(2)<\\/script>/c.log", "26/11/21 10:00:00 WARN X: y\n");
    b.AddFile("h/logs/xss/c.log",
              "26/11/21 10:00:00 ERROR Executor: <script>alert(1)</script> "
              "java.lang.OutOfMemoryError: Java heap space\n");
  }
  fs::path out_dir = dir.path() / "out";
  fs::create_directories(out_dir);
  std::string out;
  int rc = Sparkpm("analyze " + Q(bundle) + " -q -o " + Q(out_dir / "r.html") + " -o " +
                       Q(out_dir / "r.json") + " -o " + Q(out_dir / "r.md"),
                   &out);
  ASSERT_EQ(rc, 0) << out;
  std::string html = testing::ReadFile(out_dir / "r.html");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(2)"), std::string::npos);  // from an entry path
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;pod&#39;)"), std::string::npos);  // from a pod name
  std::string md = testing::ReadFile(out_dir / "r.md");
  EXPECT_EQ(MarkdownOutsideCode(md).find("<script"), std::string::npos);
  EXPECT_EQ(MarkdownOutsideCode(md).find("](javascript:"), std::string::npos);
  simdjson::dom::parser parser;
  simdjson::dom::element report;
  ASSERT_EQ(parser.load((out_dir / "r.json").string()).get(report), simdjson::SUCCESS);
  std::map<std::string, std::string> status;
  for (simdjson::dom::element in : report["inputs"].get_array()) {
    status[std::string(in["path"].get_string().value())] =
        std::string(in["status"].get_string().value());
  }
  EXPECT_EQ(status["k8s/pods.json"], "loaded");
  EXPECT_EQ(status["h/../../outside.txt"], "rejected");
  EXPECT_EQ(status["/tmp/sparkpm-cli-absolute.txt"], "rejected");
  EXPECT_EQ(status["logs/x/link.log"], "rejected");
  EXPECT_EQ(status["spark/app/jobs.json"], "failed");
  EXPECT_EQ(status["logs/big/c.log"], "loaded");
  EXPECT_EQ(status["logs/bin/c.log"], "loaded");
  EXPECT_FALSE(fs::exists("/tmp/sparkpm-cli-absolute.txt"));
  EXPECT_FALSE(fs::exists(dir.path() / "outside.txt"));
  EXPECT_EQ(CountFiles(out_dir), 3u);
  EXPECT_EQ(CountFiles(dir.path() / "in"), 1u);
  // The long line was cut, not lost: the log's later record is there.
  std::string q;
  ASSERT_EQ(Sparkpm("query " + Q(bundle) +
                        " \"SELECT truncated, lines FROM log_files WHERE path = 'logs/big/c.log'\" "
                        "--format tsv",
                    &q),
            0)
      << q;
  EXPECT_EQ(q, "1\t3\n");
}

TEST(CliTest, TruncatedArchiveGivesAPartialReport) {
  TempDir dir;
  fs::path full = dir.path() / "full.tar.gz";
  std::string filler;
  for (int i = 0; i < 300000; ++i)
    filler += "26/11/21 10:00:00 INFO Filler: " + std::to_string(i * 2654435761u) + "\n";
  {
    ArchiveBuilder b(full, ArchiveBuilder::Compression::kGzip);
    b.AddFile("t/k8s/pods.json", kPodList);
    b.AddFile("t/logs/a/c.log", filler);
    b.AddFile("t/logs/b/c.log", "late\n");
  }
  std::string bytes = testing::ReadFile(full);
  fs::path cut = dir.path() / "cut.tar.gz";
  testing::WriteFile(cut, bytes.substr(0, bytes.size() * 2 / 3));
  std::string out;
  ASSERT_EQ(Sparkpm("analyze " + Q(cut) + " -q -o " + Q(dir.path() / "r.md"), &out), 0) << out;
  std::string md = testing::ReadFile(dir.path() / "r.md");
  EXPECT_NE(md.find("k8s/pods.json"), std::string::npos);
  EXPECT_NE(md.find("damaged"), std::string::npos);
}

TEST(CliTest, LoadThenQueryTheDatabase) {
  TempDir dir;
  testing::WriteFile(dir.path() / "b" / "k8s" / "pods.json", kPodList);
  std::string out;
  fs::path db = dir.path() / "x.db";
  ASSERT_EQ(Sparkpm("load " + Q(dir.path() / "b") + " --db " + Q(db) + " -q", &out), 0) << out;
  ASSERT_EQ(
      Sparkpm("query " + Q(db) + " \"SELECT node_name, phase FROM pods\" --format json", &out), 0)
      << out;
  EXPECT_NE(out.find("\"node_name\": \"node-1\""), std::string::npos) << out;
  ASSERT_EQ(Sparkpm("query " + Q(db) + " \"SELECT count(*) AS n FROM containers\"", &out), 0);
  EXPECT_NE(out.find("(1 row)"), std::string::npos) << out;
  EXPECT_EQ(Sparkpm("query " + Q(db) + " \"SELECT * FROM no_such_table\"", &out), 1);
  // A file that is not a database is never overwritten by --db.
  testing::WriteFile(dir.path() / "notes.txt", "precious");
  EXPECT_EQ(Sparkpm("load " + Q(dir.path() / "b") + " --db " + Q(dir.path() / "notes.txt"), &out),
            1);
  EXPECT_EQ(testing::ReadFile(dir.path() / "notes.txt"), "precious");
}

TEST(CliTest, FailOnSetsExitThreeOnlyForFindingsAtOrAboveTheLevel) {
  fs::path incidents = testing::SourceDir() / "testdata" / "incidents";
  std::string out;
  EXPECT_EQ(Sparkpm("analyze " + Q(incidents / "executor-oom-137" / "bundle") +
                        " -q --fail-on critical -o /dev/null",
                    &out),
            3)
      << out;
  EXPECT_EQ(Sparkpm("analyze " + Q(incidents / "healthy-app" / "bundle") +
                        " -q --fail-on warning -o /dev/null",
                    &out),
            0)
      << out;
}

namespace shapes {

// The rule ids of the report's findings, in report order.
std::vector<std::string> FindingRules(const fs::path& bundle) {
  std::string json;
  EXPECT_EQ(Sparkpm("analyze " + Q(bundle) + " --format json -q", &json), 0) << json;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::vector<std::string> rules;
  if (parser.parse(json).get(doc)) {
    ADD_FAILURE() << "report is not JSON: " << json.substr(0, 200);
    return rules;
  }
  simdjson::dom::array findings;
  if (doc["findings"].get(findings)) return rules;
  for (simdjson::dom::element f : findings) {
    std::string_view rule;
    if (!f["rule"].get(rule)) rules.emplace_back(rule);
  }
  return rules;
}

// A folder made by hand from what an engineer copies out of a terminal: pods.json,
// events.json and driver.log side by side, no manifest, no collector layout.
TEST(CliBundleShapes, AHandMadeFolderNamesTheSameCauseAsTheFullBundle) {
  for (const char* incident : {"executor-oom-137", "executor-oom-pods-deleted"}) {
    SCOPED_TRACE(incident);
    fs::path full = testing::SourceDir() / "testdata/incidents" / incident / "bundle";
    TempDir dir;
    fs::copy_file(full / "k8s/pods.json", dir.path() / "pods.json");
    fs::copy_file(full / "k8s/events.json", dir.path() / "events.json");
    for (const auto& pod : fs::directory_iterator(full / "logs")) {
      fs::path log = pod.path() / "spark-kubernetes-driver.log";
      if (fs::exists(log)) fs::copy_file(log, dir.path() / "driver.log");
    }
    ASSERT_TRUE(fs::exists(dir.path() / "driver.log"));
    std::vector<std::string> from_full = FindingRules(full);
    std::vector<std::string> from_hand = FindingRules(dir.path());
    ASSERT_FALSE(from_full.empty());
    ASSERT_FALSE(from_hand.empty());
    EXPECT_EQ(from_hand.front(), from_full.front());
  }
}

}  // namespace shapes
}  // namespace
}  // namespace sparkpm
