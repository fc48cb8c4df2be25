// The bundle writer's three outputs read back with the analyzer's own reader.
#include "sparkpm/bundle_writer.h"

#include <gtest/gtest.h>

#include <cstring>

#include "fake_cluster_runner.h"
#include "test_support.h"

namespace sparkpm {
namespace {

namespace fs = std::filesystem;

void WriteSample(const fs::path& out) {
  auto w = BundleWriter::Open(out, BundleWriter::BundleName(out));
  ASSERT_TRUE(w.ok()) << w.error().ToString();
  ASSERT_TRUE((*w)->Add("k8s/pods.json", "{\"kind\":\"PodList\",\"items\":[]}").ok());
  std::string big(300'000, 'x');
  size_t offset = 0;
  Status s =
      (*w)->AddStreamed("logs/p/c.log", big.size(), [&](char* buf, size_t n) -> Result<size_t> {
        size_t take = std::min(n, big.size() - offset);
        std::memcpy(buf, big.data() + offset, take);
        offset += take;
        return take;
      });
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_FALSE((*w)->Add("../escape", "x").ok());
  EXPECT_FALSE((*w)->Add("/abs", "x").ok());
  EXPECT_FALSE((*w)->Add("a//b", "x").ok());
  EXPECT_EQ((*w)->bytes(), 300'000u + 29u);
  if (BundleWriter::FormatFor(out) != BundleWriter::Format::kDirectory) {
    EXPECT_FALSE(fs::exists(out)) << "the archive appears only when closed";
  }
  ASSERT_TRUE((*w)->Close().ok());
}

TEST(BundleWriterTest, FormatsFollowTheExtension) {
  EXPECT_EQ(BundleWriter::FormatFor("a/b.tar.gz"), BundleWriter::Format::kTarGz);
  EXPECT_EQ(BundleWriter::FormatFor("b.tgz"), BundleWriter::Format::kTarGz);
  EXPECT_EQ(BundleWriter::FormatFor("b.tar.zst"), BundleWriter::Format::kTarZst);
  EXPECT_EQ(BundleWriter::FormatFor("b.tar"), BundleWriter::Format::kTar);
  EXPECT_EQ(BundleWriter::FormatFor("incident"), BundleWriter::Format::kDirectory);
  EXPECT_EQ(BundleWriter::BundleName("/tmp/incident-42.tar.zst"), "incident-42");
  EXPECT_EQ(SafePathComponent("a/b c"), "a_b_c");
  EXPECT_EQ(SafePathComponent(".."), "_..");
}

TEST(BundleWriterTest, ArchivesAndDirectoriesReadBack) {
  testing::TempDir dir;
  for (const char* name : {"b.tar.gz", "b.tar.zst", "b.tar", "bdir"}) {
    fs::path out = dir.path() / name;
    WriteSample(out);
    auto files = testing::ReadBundleFiles(out);
    ASSERT_EQ(files.size(), 2u) << name;
    EXPECT_EQ(files["k8s/pods.json"], "{\"kind\":\"PodList\",\"items\":[]}") << name;
    EXPECT_EQ(files["logs/p/c.log"].size(), 300'000u) << name;
  }
  EXPECT_FALSE(fs::exists(dir.path() / "b.tar.gz.partial"));
}

TEST(BundleWriterTest, RefusesANonEmptyDirectory) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "out/existing.txt", "x");
  EXPECT_FALSE(BundleWriter::Open(dir.path() / "out", "out").ok());
}

}  // namespace
}  // namespace sparkpm
