// The bundle reader: containers chosen by magic bytes, top folder stripping, and
// hostile entries (traversal, links, devices, truncation, bombs) recorded, not followed.
#include "sparkpm/bundle_reader.h"

#include <gtest/gtest.h>

#include <map>

#include "test_support.h"

namespace sparkpm {
namespace {

using testing::ArchiveBuilder;
using testing::TempDir;
namespace fs = std::filesystem;

class RecordingVisitor : public BundleVisitor {
 public:
  Status OnFile(const BundleEntry& entry, EntryStream& stream) override {
    std::string data;
    char buf[4096];
    while (true) {
      Result<size_t> n = stream.Read(buf, sizeof buf);
      if (!n) {
        read_errors[entry.path] = n.error().what;
        break;
      }
      if (*n == 0) break;
      data.append(buf, *n);
    }
    files[entry.path] = data;
    return Ok();
  }
  void OnRejected(std::string_view path, std::string_view kind, std::string_view) override {
    rejected[std::string(path)] = std::string(kind);
  }
  void OnBundleError(const Error& e) override { bundle_errors.push_back(e.ToString()); }

  std::map<std::string, std::string> files;
  std::map<std::string, std::string> rejected;
  std::map<std::string, std::string> read_errors;
  std::vector<std::string> bundle_errors;
};

TEST(BundleReaderTest, ReadsTarGzAndStripsTopFolder) {
  TempDir dir;
  fs::path p = dir.path() / "b.tar.gz";
  {
    ArchiveBuilder b(p, ArchiveBuilder::Compression::kGzip);
    b.AddDirectory("incident-1/");
    b.AddFile("incident-1/k8s/pods.json", "{\"kind\":\"PodList\"}");
    b.AddFile("incident-1/logs/d/c.log", "hello\n");
  }
  RecordingVisitor v;
  Result<ReadSummary> r = ReadBundle(p, ReaderLimits{}, v);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->container, "tar.gz");
  EXPECT_EQ(r->top_folder, "incident-1");
  EXPECT_EQ(r->files, 2u);
  EXPECT_EQ(v.files["k8s/pods.json"], "{\"kind\":\"PodList\"}");
  EXPECT_EQ(v.files["logs/d/c.log"], "hello\n");
  EXPECT_TRUE(r->complete);
}

TEST(BundleReaderTest, KeepsLayoutTopNamesUnstripped) {
  TempDir dir;
  fs::path p = dir.path() / "b.tar";
  {
    ArchiveBuilder b(p, ArchiveBuilder::Compression::kNone);
    b.AddFile("k8s/pods.json", "{}");
    b.AddFile("manifest.json", "{}");
  }
  RecordingVisitor v;
  Result<ReadSummary> r = ReadBundle(p, ReaderLimits{}, v);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->container, "tar");
  EXPECT_EQ(r->top_folder, "");
  EXPECT_TRUE(v.files.count("k8s/pods.json"));
  EXPECT_TRUE(v.files.count("manifest.json"));
}

TEST(BundleReaderTest, ChoosesByMagicNotByName) {
  TempDir dir;
  fs::path p = dir.path() / "looks-like.zip";
  {
    ArchiveBuilder b(p, ArchiveBuilder::Compression::kZstd);
    b.AddFile("x/driver.log", "a\nb\n");
  }
  RecordingVisitor v;
  Result<ReadSummary> r = ReadBundle(p, ReaderLimits{}, v);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->container, "tar.zst");
  EXPECT_EQ(v.files["driver.log"], "a\nb\n");
}

TEST(BundleReaderTest, ReadsDirectoryWithSingleTopFolderAndSkipsSymlinks) {
  TempDir dir;
  testing::WriteFile(dir.path() / "bundle" / "k8s" / "events.json", "{}");
  testing::WriteFile(dir.path() / "bundle" / "logs" / "p" / "c.log", "x\n");
  fs::create_symlink("/etc/passwd", dir.path() / "bundle" / "logs" / "p" / "evil.log");
  RecordingVisitor v;
  Result<ReadSummary> r = ReadBundle(dir.path(), ReaderLimits{}, v);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->container, "directory");
  EXPECT_EQ(r->top_folder, "bundle");
  EXPECT_EQ(v.files.size(), 2u);
  EXPECT_TRUE(v.files.count("k8s/events.json"));
  EXPECT_EQ(v.rejected["logs/p/evil.log"], "symlink");
}

TEST(BundleReaderTest, DirectoryHoldingOnlyALayoutFolderKeepsItsPaths) {
  TempDir dir;
  testing::WriteFile(dir.path() / "k8s" / "pods.json", "{}");
  RecordingVisitor v;
  Result<ReadSummary> r = ReadBundle(dir.path(), ReaderLimits{}, v);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->top_folder, "");
  EXPECT_TRUE(v.files.count("k8s/pods.json"));
}

TEST(BundleReaderTest, SingleFileIsABundleOfOne) {
  TempDir dir;
  testing::WriteFile(dir.path() / "driver.log", "line\n");
  RecordingVisitor v;
  Result<ReadSummary> r = ReadBundle(dir.path() / "driver.log", ReaderLimits{}, v);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->container, "file");
  EXPECT_EQ(v.files["driver.log"], "line\n");
}

TEST(BundleReaderTest, RejectsTraversalAbsoluteLinksAndDevicesWithoutWritingAnything) {
  TempDir dir;
  fs::path p = dir.path() / "evil.tar.gz";
  {
    ArchiveBuilder b(p, ArchiveBuilder::Compression::kGzip);
    b.AddFile("b/k8s/pods.json", "{}");
    b.AddFile("b/../../escaped.txt", "pwned");
    b.AddFile("/tmp/sparkpm-absolute-test.txt", "pwned");
    b.AddSymlink("b/logs/link.log", "/etc/shadow");
    b.AddHardlink("b/logs/hard.log", "b/k8s/pods.json");
    b.AddFifo("b/logs/fifo");
  }
  RecordingVisitor v;
  Result<ReadSummary> r = ReadBundle(p, ReaderLimits{}, v);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(v.files.size(), 1u);
  EXPECT_EQ(v.rejected["b/../../escaped.txt"], "unsafe-path");
  EXPECT_EQ(v.rejected["/tmp/sparkpm-absolute-test.txt"], "unsafe-path");
  EXPECT_EQ(v.rejected["logs/link.log"], "symlink");
  EXPECT_EQ(v.rejected["logs/hard.log"], "hardlink");
  EXPECT_EQ(v.rejected["logs/fifo"], "device");
  EXPECT_FALSE(fs::exists("/tmp/sparkpm-absolute-test.txt"));
  EXPECT_FALSE(fs::exists(dir.path().parent_path() / "escaped.txt"));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}), 1);
}

TEST(BundleReaderTest, TruncatedGzipDeliversWhatCameBeforeAndReportsDamage) {
  TempDir dir;
  fs::path p = dir.path() / "full.tar.gz";
  std::string big;
  for (int i = 0; i < 200000; ++i)
    big += "25/11/21 10:00:00 INFO Executor: line " + std::to_string(i * 7919) + "\n";
  {
    ArchiveBuilder b(p, ArchiveBuilder::Compression::kGzip);
    b.AddFile("b/first.log", "first\n");
    b.AddFile("b/second.log", big);
    b.AddFile("b/third.log", "third\n");
  }
  std::string bytes = testing::ReadFile(p);
  fs::path cut = dir.path() / "cut.tar.gz";
  testing::WriteFile(cut, bytes.substr(0, bytes.size() / 2));
  RecordingVisitor v;
  Result<ReadSummary> r = ReadBundle(cut, ReaderLimits{}, v);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(v.files["first.log"], "first\n");
  EXPECT_TRUE(v.read_errors.count("second.log"));
  EXPECT_FALSE(v.files.count("third.log"));
  EXPECT_FALSE(r->complete);
  EXPECT_FALSE(v.bundle_errors.empty());
}

TEST(BundleReaderTest, StopsADecompressionBomb) {
  TempDir dir;
  fs::path p = dir.path() / "bomb.tar.gz";
  {
    ArchiveBuilder b(p, ArchiveBuilder::Compression::kGzip);
    b.AddFile("b/zeros.log", std::string(24 << 20, '\0'));
  }
  ReaderLimits limits;
  limits.ratio_grace_bytes = 1 << 20;
  limits.max_ratio = 100;
  RecordingVisitor v;
  Result<ReadSummary> r = ReadBundle(p, limits, v);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(v.read_errors.count("zeros.log"));
  EXPECT_NE(v.read_errors["zeros.log"].find("compression ratio"), std::string::npos);
  EXPECT_LT(v.files["zeros.log"].size(), 8u << 20);
  EXPECT_FALSE(r->complete);
}

TEST(BundleReaderTest, EnforcesEntryAndCountLimits) {
  TempDir dir;
  fs::path p = dir.path() / "many.tar";
  {
    ArchiveBuilder b(p, ArchiveBuilder::Compression::kNone);
    for (int i = 0; i < 20; ++i)
      b.AddFile("b/f" + std::to_string(i) + ".log", std::string(100, 'x'));
  }
  ReaderLimits limits;
  limits.max_entries = 5;
  limits.max_entry_bytes = 50;
  RecordingVisitor v;
  Result<ReadSummary> r = ReadBundle(p, limits, v);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(v.files.size(), 5u);
  EXPECT_EQ(v.read_errors.size(), 5u);
  EXPECT_FALSE(r->complete);
}

TEST(BundleReaderTest, ClearErrorsWhenNothingIsReadable) {
  TempDir dir;
  RecordingVisitor v;
  Result<ReadSummary> missing = ReadBundle(dir.path() / "nope.tar.gz", ReaderLimits{}, v);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().what.find("not found"), std::string::npos);
  testing::WriteFile(dir.path() / "empty.tar.gz", "");
  Result<ReadSummary> empty = ReadBundle(dir.path() / "empty.tar.gz", ReaderLimits{}, v);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().what.find("empty"), std::string::npos);
  fs::create_directories(dir.path() / "emptydir");
  EXPECT_FALSE(ReadBundle(dir.path() / "emptydir", ReaderLimits{}, v).ok());
  testing::WriteFile(dir.path() / "garbage.tar.gz", std::string("\x1f\x8b\x08\x00garbage", 11));
  Result<ReadSummary> garbage = ReadBundle(dir.path() / "garbage.tar.gz", ReaderLimits{}, v);
  EXPECT_TRUE(!garbage.ok() || garbage->files <= 1);
}

TEST(SafeEntryPathTest, NormalisesAndRejects) {
  ReaderLimits l;
  EXPECT_EQ(*SafeEntryPath("./a//b/./c.log", l), "a/b/c.log");
  EXPECT_FALSE(SafeEntryPath("../a", l).ok());
  EXPECT_FALSE(SafeEntryPath("a/../../b", l).ok());
  EXPECT_FALSE(SafeEntryPath("/etc/passwd", l).ok());
  EXPECT_FALSE(SafeEntryPath("C:\\x", l).ok());
  EXPECT_FALSE(SafeEntryPath(std::string("a\0b", 3), l).ok());
  EXPECT_FALSE(SafeEntryPath(std::string(2000, 'a'), l).ok());
  std::string deep;
  for (int i = 0; i < 30; ++i) deep += "d/";
  EXPECT_FALSE(SafeEntryPath(deep + "f", l).ok());
  EXPECT_FALSE(SafeEntryPath("./", l).ok());
}

}  // namespace
}  // namespace sparkpm
