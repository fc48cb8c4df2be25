#include "test_support.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <sys/wait.h>

namespace sparkpm::testing {

std::filesystem::path SourceDir() { return SPARKPM_SOURCE_DIR; }

std::filesystem::path CorpusDir() {
  std::filesystem::path p = std::filesystem::path(SPARKPM_SHARED_DIR) / "corpus";
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec)) return std::filesystem::weakly_canonical(p, ec);
  return {};
}

std::filesystem::path SparkpmBinary() { return SPARKPM_BINARY; }

std::unique_ptr<Database> NewDatabase() {
  auto db = Database::Open(":memory:");
  EXPECT_TRUE(db.ok()) << db.error().ToString();
  auto s = (*db)->ApplySchema();
  EXPECT_TRUE(s.ok()) << s.error().ToString();
  return std::move(*db);
}

int64_t QueryInt(Database& db, const std::string& sql) {
  auto st = db.Prepare(sql);
  EXPECT_TRUE(st.ok()) << sql << ": " << st.error().ToString();
  if (!st) return -1;
  auto r = st->Step();
  EXPECT_TRUE(r.ok() && *r) << sql;
  if (!r.ok() || !*r) return -1;
  return st->ColumnInt(0);
}

std::vector<std::string> QueryColumn(Database& db, const std::string& sql) {
  std::vector<std::string> out;
  auto st = db.Prepare(sql);
  EXPECT_TRUE(st.ok()) << sql << ": " << st.error().ToString();
  if (!st) return out;
  while (true) {
    auto r = st->Step();
    EXPECT_TRUE(r.ok()) << sql;
    if (!r.ok() || !*r) break;
    out.push_back(st->ColumnText(0));
  }
  return out;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("sparkpm-test-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

int RunCommand(const std::string& command, std::string* output) {
  std::string cmd = command + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buf;
  std::string out;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  int status = pclose(pipe);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace sparkpm::testing
