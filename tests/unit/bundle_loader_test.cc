// Loading a whole bundle: content sniffing, every entry recorded in bundle_files,
// the manifest joined with what is present, errors recorded while the rest loads.
#include "sparkpm/bundle_loader.h"

#include <gtest/gtest.h>

#include "sparkpm/rule_catalog.h"
#include "test_support.h"

namespace sparkpm {
namespace {

namespace fs = std::filesystem;

TEST(SniffContentTest, DecidesByContent) {
  EXPECT_EQ(
      SniffContent("x.log", "{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"3.5.0\"}\n"),
      "event_log");
  EXPECT_EQ(SniffContent("pods.txt", "  \n{\"kind\": \"PodList\"}"), "json");
  EXPECT_EQ(SniffContent("a.json", "[{\"jobId\": 1}]"), "json");
  EXPECT_EQ(SniffContent("k8s/pods.json", "26/11/21 10:00:00 INFO X: y\n"), "log");
  EXPECT_EQ(SniffContent("eventlogs/app.zstd", std::string("\x28\xb5\x2f\xfd\x00\x00", 6)),
            "event_log");
  EXPECT_EQ(SniffContent("blob.gz", std::string("\x1f\x8b\x08\x00", 4)), "compressed");
  EXPECT_EQ(SniffContent("image.png", std::string(100, '\0')), "binary");
  EXPECT_EQ(SniffContent("bom.json", "\xEF\xBB\xBF{\"kind\":\"Pod\"}"), "json");
}

TEST(BundleLoaderTest, RecordsEveryEntryAndJoinsTheManifest) {
  testing::TempDir dir;
  fs::path b = dir.path() / "b";
  testing::WriteFile(b / "manifest.json",
                     R"({"format":"sparkpm-bundle","version":1,"created_at":"2026-11-21T10:42:00Z",
                         "target":{"namespace":"spark-jobs","app_id":"spark-abc"},
                         "items":[{"path":"logs/d/spark-kubernetes-driver.log","status":"truncated","bytes":10},
                                  {"path":"logs/gone/c.log","status":"error","error":"not found"}]})");
  testing::WriteFile(b / "logs" / "d" / "spark-kubernetes-driver.log",
                     "2026-11-21T10:00:00.000000000Z 26/11/21 10:00:00 ERROR SparkContext: boom\n");
  testing::WriteFile(b / "eventlogs" / "spark-abc",
                     "{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"3.5.0\"}\n");
  testing::WriteFile(b / "notes.bin", std::string(64, '\0'));
  auto db = testing::NewDatabase();
  Result<RuleCatalog> catalog = LoadRuleCatalog(std::nullopt);
  ASSERT_TRUE(catalog.ok());
  Result<PatternSet> patterns = PatternSet::Compile(catalog->patterns);
  ASSERT_TRUE(patterns.ok());
  Result<LoadResult> r = LoadBundle(b, *db, *patterns, LoadOptions{});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->read.files, 4u);
  EXPECT_EQ(testing::QueryColumn(
                *db, "SELECT path || ':' || kind || ':' || status FROM bundle_files ORDER BY path"),
            (std::vector<std::string>{"eventlogs/spark-abc:event_log:loaded",
                                      "logs/d/spark-kubernetes-driver.log:log:loaded",
                                      "manifest.json:manifest:loaded", "notes.bin:other:skipped"}));
  EXPECT_EQ(
      testing::QueryInt(
          *db, "SELECT truncated FROM log_files WHERE path = 'logs/d/spark-kubernetes-driver.log'"),
      1);
  EXPECT_EQ(
      testing::QueryInt(*db, "SELECT present FROM manifest_items WHERE path = 'logs/gone/c.log'"),
      0);
  EXPECT_EQ(testing::QueryColumn(*db, "SELECT value FROM bundle_meta WHERE key = 'namespace'"),
            std::vector<std::string>{"spark-jobs"});
  EXPECT_EQ(testing::QueryColumn(*db, "SELECT value FROM bundle_meta WHERE key = 'container'"),
            std::vector<std::string>{"directory"});
}

}  // namespace
}  // namespace sparkpm
