#include "test_support.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

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

StringEntryStream::StringEntryStream(std::string text, size_t piece, size_t fail_after)
    : text_(std::move(text)), piece_(piece), fail_after_(fail_after) {}

Result<size_t> StringEntryStream::Read(char* buf, size_t n) {
  if (pos_ >= fail_after_) return Error{"entry is damaged", "test", "cut on purpose", {}};
  size_t k = std::min({n, piece_, text_.size() - pos_, fail_after_ - pos_});
  std::memcpy(buf, text_.data() + pos_, k);
  pos_ += k;
  return k;
}

}  // namespace sparkpm::testing

#include <archive.h>
#include <archive_entry.h>

namespace sparkpm::testing {

ArchiveBuilder::ArchiveBuilder(const std::filesystem::path& path, Compression c) {
  a_ = archive_write_new();
  archive_write_set_format_pax_restricted(a_);
  if (c == Compression::kGzip) archive_write_add_filter_gzip(a_);
  if (c == Compression::kZstd) archive_write_add_filter_zstd(a_);
  archive_write_open_filename(a_, path.c_str());
}

ArchiveBuilder::~ArchiveBuilder() { Close(); }

namespace {
void WriteEntry(struct archive* a, const std::string& name, mode_t type, const std::string& content,
                const char* link, bool hard) {
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, name.c_str());
  archive_entry_set_filetype(e, type);
  archive_entry_set_perm(e, 0644);
  archive_entry_set_size(e, static_cast<la_int64_t>(type == AE_IFREG ? content.size() : 0));
  if (link && hard) archive_entry_set_hardlink(e, link);
  if (link && !hard) archive_entry_set_symlink(e, link);
  archive_write_header(a, e);
  if (type == AE_IFREG && !content.empty()) archive_write_data(a, content.data(), content.size());
  archive_entry_free(e);
}
}  // namespace

void ArchiveBuilder::AddFile(const std::string& name, const std::string& content) {
  WriteEntry(a_, name, AE_IFREG, content, nullptr, false);
}
void ArchiveBuilder::AddSymlink(const std::string& name, const std::string& target) {
  WriteEntry(a_, name, AE_IFLNK, "", target.c_str(), false);
}
void ArchiveBuilder::AddHardlink(const std::string& name, const std::string& target) {
  WriteEntry(a_, name, AE_IFREG, "", target.c_str(), true);
}
void ArchiveBuilder::AddFifo(const std::string& name) {
  WriteEntry(a_, name, AE_IFIFO, "", nullptr, false);
}
void ArchiveBuilder::AddDirectory(const std::string& name) {
  WriteEntry(a_, name, AE_IFDIR, "", nullptr, false);
}
void ArchiveBuilder::Close() {
  if (!a_) return;
  archive_write_close(a_);
  archive_write_free(a_);
  a_ = nullptr;
}

void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
}

}  // namespace sparkpm::testing
