// `sparkpm redact BUNDLE -o OUT`: the collector's redaction applied to a bundle
// collected elsewhere, hand-made or collected with --no-redact.
#include <gtest/gtest.h>

#include <regex>

#include "fake_cluster_runner.h"
#include "sparkpm/sha256.h"
#include "test_support.h"

namespace sparkpm::testing {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kPlanted = {
    "AKIAZ3FAKE7EXAMPLE12",         "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKESECRET",
    "Tr0ub4dor-fake-pass",          "S3cretPassw0rdFake",
    "ZmFrZXNpZ25hdHVyZWZvcnRlc3Rz", "MIIEowIBAAKCAQEAfakefake"};

// A hand-made bundle: the planted-secrets cluster's files in bundle layout, a Secret
// list someone attached by mistake, and an lz4 event log that cannot be redacted.
fs::path MakeHandMadeBundle(const fs::path& dir) {
  fs::path b = dir / "hand-made";
  fs::path cluster = ClusterDir("oom-planted-secrets");
  for (const fs::path& root : {OomIncidentBundle(), cluster}) {
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (!e.is_regular_file()) continue;
      fs::path rel = fs::relative(e.path(), root);
      if (rel == "cluster.json" || rel == "manifest.json" || rel.begin()->string() == "eventlogs")
        continue;
      fs::create_directories((b / rel).parent_path());
      fs::copy_file(e.path(), b / rel, fs::copy_options::overwrite_existing);
    }
  }
  WriteFile(b / "k8s/secrets.json",
            R"({"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Secret",)"
            R"("metadata":{"name":"db-credentials","namespace":"spark-jobs"},"type":"Opaque",)"
            R"("data":{"password":"VHIwdWI0ZG9yLWZha2UtcGFzcw==","username":"ZXRs"}}]})");
  WriteFile(b / "eventlogs/app.lz4", std::string("LZ4Block") + std::string(64, '\x01'));
  return b;
}

TEST(RedactCommandTest, RedactsAHandMadeBundle) {
  TempDir dir;
  fs::path in = MakeHandMadeBundle(dir.path());
  fs::path out = dir.path() / "redacted.tar.gz";
  CollectRun run = RunSparkpm({"redact", in.string(), "-o", out.string()});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("left out eventlogs/app.lz4"), std::string::npos) << run.output;
  auto files = ReadBundleFiles(out);
  auto original = ReadBundleFiles(in);
  for (const std::string& s : kPlanted) {
    bool before = false;
    for (const auto& [path, content] : original) before |= content.find(s) != std::string::npos;
    EXPECT_TRUE(before) << s;
    for (const auto& [path, content] : files) {
      EXPECT_EQ(content.find(s), std::string::npos) << s << " left in " << path;
    }
  }
  EXPECT_EQ(files["k8s/secrets.json"].find("VHIwdWI0ZG9yLWZha2UtcGFzcw=="), std::string::npos);
  EXPECT_NE(files["k8s/secrets.json"].find("\"username\":\"<redacted:k8s-secret-data:"),
            std::string::npos)
      << files["k8s/secrets.json"];
  EXPECT_FALSE(files.count("eventlogs/app.lz4"));
  std::string manifest = files["manifest.json"];
  EXPECT_EQ(ItemField(ManifestItem(manifest, "eventlogs/app.lz4"), "status"), "skipped");
  std::string pods_item = ManifestItem(manifest, "k8s/pods.json");
  EXPECT_EQ(ItemField(pods_item, "sha256"), Sha256Hex(files["k8s/pods.json"]));
  EXPECT_NE(manifest.find("\"enabled\": true"), std::string::npos);
  // Unchanged files stay byte for byte.
  EXPECT_EQ(files["k8s/nodes.json"], original["k8s/nodes.json"]);
  // The analysis does not change.
  Analysis a = AnalyzeBundle(out);
  Analysis b = AnalyzeBundle(in);
  EXPECT_EQ(a.load_errors, 0) << ::testing::PrintToString(a.load_error_messages);
  EXPECT_FALSE(a.findings.empty());
  EXPECT_EQ(a.findings, b.findings);
}

TEST(RedactCommandTest, UpdatesTheCollectorsManifest) {
  TempDir dir;
  FakeKubectl kubectl(dir.path(), "oom-planted-secrets");
  fs::path plain = dir.path() / "plain";
  CollectRun collect = RunCollect({"--namespace", "spark-jobs", "--app-id", kOomAppId, "--kubectl",
                                   kubectl.path(), "-o", plain.string(), "--no-redact", "--quiet"});
  ASSERT_EQ(collect.exit_code, 0) << collect.output;
  fs::path out = dir.path() / "redacted.tar.zst";
  CollectRun run = RunSparkpm({"redact", plain.string(), "-o", out.string(), "--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  auto files = ReadBundleFiles(out);
  std::string manifest = files["manifest.json"];
  EXPECT_NE(manifest.find("\"name\": \"sparkpm-collect\""), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(manifest, m, std::regex(R"("id": "env-secret",\s*"count": (\d+))")));
  EXPECT_GT(std::stoi(m[1]), 0);
  std::string driver_log = "logs/nightly-etl-driver/spark-kubernetes-driver.log";
  EXPECT_EQ(ItemField(ManifestItem(manifest, driver_log), "sha256"), Sha256Hex(files[driver_log]));
  EXPECT_EQ(
      ItemField(ManifestItem(manifest, "k8s/pods.json"), "source").rfind("kubectl get pods", 0),
      0u);
  for (const std::string& s : kPlanted) {
    for (const auto& [path, content] : files)
      EXPECT_EQ(content.find(s), std::string::npos) << s << " in " << path;
  }
}

TEST(RedactCommandTest, UsageErrors) {
  TempDir dir;
  EXPECT_EQ(RunSparkpm({"redact"}).exit_code, 1);
  EXPECT_EQ(RunSparkpm({"redact", OomIncidentBundle().string()}).exit_code, 1);
  EXPECT_EQ(RunSparkpm({"redact", (dir.path() / "missing").string(), "-o",
                        (dir.path() / "o.tar.gz").string()})
                .exit_code,
            2);
  WriteFile(dir.path() / "bad.yaml", "rules: [{id: x}]\n");
  EXPECT_EQ(
      RunSparkpm({"redact", OomIncidentBundle().string(), "-o", (dir.path() / "o.tar.gz").string(),
                  "--redact-rules", (dir.path() / "bad.yaml").string()})
          .exit_code,
      1);
  EXPECT_EQ(RunSparkpm({"redact", "--help"}).exit_code, 0);
}

}  // namespace
}  // namespace sparkpm::testing
