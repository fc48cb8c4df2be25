// Helpers shared by the unit tests: paths to the repository, the corpus and the
// built binary, a fresh in-memory database with the schema, and temp folders.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sparkpm/bundle_reader.h"
#include "sparkpm/database.h"

namespace sparkpm::testing {

// The repository root (holds testdata/, rules/, schema/).
std::filesystem::path SourceDir();
// ../shared/corpus, or an empty path when it does not exist.
std::filesystem::path CorpusDir();
// The sparkpm executable built alongside the tests.
std::filesystem::path SparkpmBinary();
// An in-memory database with the whole schema applied.
std::unique_ptr<Database> NewDatabase();
// Returns the single integer of a one-row, one-column query (asserts on failure).
int64_t QueryInt(Database& db, const std::string& sql);
// Returns the first column of every row of a query as text.
std::vector<std::string> QueryColumn(Database& db, const std::string& sql);
// Reads a whole file.
std::string ReadFile(const std::filesystem::path& path);
// A fresh empty directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};
// Runs a shell command, returns its exit status (0..255) and captures stdout+stderr.
int RunCommand(const std::string& command, std::string* output = nullptr);

// A bundle entry over a string, for calling loaders directly: read in pieces of at most
// `piece` bytes, and failing with an Error ("entry is damaged") once fail_after bytes
// were handed out, when set.
class StringEntryStream : public EntryStream {
 public:
  explicit StringEntryStream(std::string text, size_t piece = std::string::npos,
                             size_t fail_after = std::string::npos);
  Result<size_t> Read(char* buf, size_t n) override;
  uint64_t bytes_read() const override { return pos_; }

 private:
  std::string text_;
  size_t piece_;
  size_t fail_after_;
  size_t pos_ = 0;
};

}  // namespace sparkpm::testing

// Skips the current test with a message when the corpus is absent.
#define SPARKPM_REQUIRE_CORPUS()                                                                \
  do {                                                                                          \
    if (::sparkpm::testing::CorpusDir().empty())                                                \
      GTEST_SKIP() << "../shared/corpus not found next to the repository; corpus test skipped"; \
  } while (0)

struct archive;  // libarchive's handle (global namespace)

namespace sparkpm::testing {

// Writes tar archives entry by entry for tests (libarchive write API), including
// entries no honest bundle has: links, devices, traversal paths.
class ArchiveBuilder {
 public:
  enum class Compression { kNone, kGzip, kZstd };
  ArchiveBuilder(const std::filesystem::path& path, Compression c);
  ~ArchiveBuilder();
  void AddFile(const std::string& name, const std::string& content);
  void AddSymlink(const std::string& name, const std::string& target);
  void AddHardlink(const std::string& name, const std::string& target);
  void AddFifo(const std::string& name);
  void AddDirectory(const std::string& name);
  void Close();

 private:
  ::archive* a_ = nullptr;
};

// Writes content to path (creating parent folders).
void WriteFile(const std::filesystem::path& path, const std::string& content);

}  // namespace sparkpm::testing
