// Replays inputs through the fuzz target bodies (tests/fuzz/fuzz_targets.cc) in the normal
// build: every saved crash input of testdata/hostile/regressions/<target>/ (each one a bug
// found by fuzzing, fixed, and kept so that it stays fixed), every seed the seed script
// makes from testdata/, and a few edge inputs. A broken invariant aborts the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "fuzz_targets.h"
#include "test_support.h"

namespace sparkpm {
namespace {

namespace fs = std::filesystem;

// Runs target on every file under dir (sorted); returns how many.
int ReplayFolder(const fuzz::Target& target, const fs::path& dir) {
  if (!fs::is_directory(dir)) return 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    SCOPED_TRACE(f.string());
    target.run(testing::ReadFile(f));
  }
  return static_cast<int>(files.size());
}

TEST(FuzzRegressionTest, SavedCrashInputsStayFixed) {
  fs::path root = testing::SourceDir() / "testdata" / "hostile" / "regressions";
  int replayed = 0;
  for (const fuzz::Target& t : fuzz::Targets()) replayed += ReplayFolder(t, root / t.name);
  // Every folder under regressions/ names a target.
  for (const auto& e : fs::directory_iterator(root)) {
    if (e.is_directory()) {
      EXPECT_NE(fuzz::FindTarget(e.path().filename().string()), nullptr)
          << e.path() << " does not name a fuzz target";
    }
  }
  EXPECT_GT(replayed, 0) << "no saved inputs found under " << root;
}

TEST(FuzzRegressionTest, SeedsFromTestdataPassEveryTarget) {
  testing::TempDir dir;
  std::string out;
  std::string script = (testing::SourceDir() / "tests" / "fuzz" / "make_seeds.py").string();
  ASSERT_EQ(testing::RunCommand("python3 '" + script + "' '" + dir.path().string() + "'", &out), 0)
      << out;
  for (const fuzz::Target& t : fuzz::Targets()) {
    SCOPED_TRACE(std::string(t.name));
    EXPECT_GT(ReplayFolder(t, dir.path() / t.name), 0) << "no seeds for " << t.name;
  }
}

TEST(FuzzRegressionTest, EdgeInputsPassEveryTarget) {
  const std::string inputs[] = {
      "",
      std::string(1, '\0'),
      "\n",
      "\xff",
      std::string(5000, '\n'),
      std::string(5000, '{'),
      std::string(300, '[') + std::string(300, ']'),
      "\x1f\x8b",
      "\x28\xb5\x2f\xfd",
      "PK\x03\x04",
      "26/11/21 10:00:00 ERROR X: y\njava.lang.OutOfMemoryError\n\tat a.b(C.java:1)\n",
  };
  for (const fuzz::Target& t : fuzz::Targets()) {
    for (const std::string& in : inputs) {
      SCOPED_TRACE(std::string(t.name) + " on " + std::to_string(in.size()) + " bytes");
      t.run(in);
    }
  }
}

}  // namespace
}  // namespace sparkpm
