#include "sparkpm/bundle_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

namespace sparkpm {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 6> kLayoutTopNames = {
    "manifest.json", "k8s", "logs", "spark", "eventlogs", "metrics"};

enum class Magic { kGzip, kZstd, kBzip2, kXz, kTar, kZip, kPlain };

Magic DetectMagic(const unsigned char* b, size_t n) {
  if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b) return Magic::kGzip;
  if (n >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd) return Magic::kZstd;
  if (n >= 3 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h') return Magic::kBzip2;
  if (n >= 6 && b[0] == 0xfd && std::memcmp(b + 1, "7zXZ", 4) == 0) return Magic::kXz;
  if (n >= 262 && std::memcmp(b + 257, "ustar", 5) == 0) return Magic::kTar;
  if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) return Magic::kZip;
  return Magic::kPlain;
}

std::string ContainerName(Magic m, bool tar) {
  switch (m) {
    case Magic::kGzip:
      return tar ? "tar.gz" : "gzip file";
    case Magic::kZstd:
      return tar ? "tar.zst" : "zstd file";
    case Magic::kBzip2:
      return tar ? "tar.bz2" : "bzip2 file";
    case Magic::kXz:
      return tar ? "tar.xz" : "xz file";
    case Magic::kTar:
      return "tar";
    case Magic::kZip:
      return "zip";
    case Magic::kPlain:
      return "file";
  }
  return "file";
}

// Strips one compression suffix from a single-file bundle's name.
std::string StripCompressionSuffix(std::string name) {
  for (std::string_view ext : {".gz", ".zst", ".bz2", ".xz"}) {
    if (name.size() > ext.size() && name.ends_with(ext))
      return name.substr(0, name.size() - ext.size());
  }
  return name;
}

// Decides and applies the top-folder stripping rule: the first entry's first
// component is the top folder unless it is a name of the bundle layout itself;
// entries outside it keep their full path.
class TopFolder {
 public:
  std::string Apply(const std::string& path) {
    size_t slash = path.find('/');
    if (!decided_) {
      decided_ = true;
      if (slash != std::string::npos) {
        std::string first = path.substr(0, slash);
        if (std::find(kLayoutTopNames.begin(), kLayoutTopNames.end(), first) ==
            kLayoutTopNames.end()) {
          top_ = first;
        }
      }
    }
    if (!top_.empty() && slash == top_.size() && path.compare(0, slash, top_) == 0) {
      return path.substr(slash + 1);
    }
    return path;
  }
  void DecideFromDirectoryEntry(const std::string& path) {
    if (!decided_ && path.find('/') == std::string::npos &&
        std::find(kLayoutTopNames.begin(), kLayoutTopNames.end(), path) == kLayoutTopNames.end()) {
      decided_ = true;
      top_ = path;
    }
  }
  const std::string& top() const { return top_; }

 private:
  bool decided_ = false;
  std::string top_;
};

class ArchiveEntryStream : public EntryStream {
 public:
  ArchiveEntryStream(archive* a, const ReaderLimits& limits, uint64_t* total,
                     ReadProgress* progress)
      : a_(a), limits_(limits), total_(total), progress_(progress) {}

  Result<size_t> Read(char* buf, size_t n) override {
    if (failed_) return Error{"entry cannot be read further", {}, {}, {}};
    la_ssize_t got = archive_read_data(a_, buf, n);
    if (got < 0) {
      failed_ = true;
      fatal_ = got == ARCHIVE_FATAL;
      return Error{"archive data is damaged",
                   {},
                   archive_error_string(a_) ? archive_error_string(a_) : "",
                   "the bundle may be truncated; re-create or re-download it"};
    }
    read_ += static_cast<uint64_t>(got);
    *total_ += static_cast<uint64_t>(got);
    if (read_ > limits_.max_entry_bytes) {
      failed_ = true;
      return Error{
          fmt::format("entry is larger than the limit of {} bytes", limits_.max_entry_bytes),
          {},
          {},
          "raise it with --max-entry-bytes"};
    }
    if (*total_ > limits_.max_total_bytes) {
      failed_ = true;
      over_total_ = true;
      stop_ = Error{fmt::format("bundle is larger than the limit of {} decompressed bytes",
                                limits_.max_total_bytes),
                    {},
                    {},
                    "raise it with --max-total-bytes"};
      return stop_;
    }
    // Zip inflates inside the format, where filter 0 does not see it: count the content
    // handed out too.
    uint64_t out = std::max(static_cast<uint64_t>(archive_filter_bytes(a_, 0)), *total_);
    uint64_t in = static_cast<uint64_t>(archive_filter_bytes(a_, -1));
    if (progress_ != nullptr) {
      progress_->input_bytes.store(in, std::memory_order_relaxed);
      progress_->output_bytes.store(*total_, std::memory_order_relaxed);
    }
    if (out > limits_.ratio_grace_bytes && in > 0 &&
        static_cast<double>(out) / static_cast<double>(in) > limits_.max_ratio) {
      failed_ = true;
      over_ratio_ = true;
      stop_ = Error{fmt::format("compression ratio exceeds {:.0f}:1 (a decompression bomb?)",
                                limits_.max_ratio),
                    {},
                    {},
                    "if the bundle is genuine, raise it with --max-ratio"};
      return stop_;
    }
    return static_cast<size_t>(got);
  }
  uint64_t bytes_read() const override { return read_; }
  bool stops_bundle() const { return fatal_ || over_total_ || over_ratio_; }
  // Returns the limit that stopped the bundle (empty `what` when damage stopped it).
  const Error& stop() const { return stop_; }

 private:
  archive* a_;
  const ReaderLimits& limits_;
  uint64_t* total_;
  ReadProgress* progress_;
  uint64_t read_ = 0;
  bool failed_ = false;
  bool fatal_ = false;
  bool over_total_ = false;
  bool over_ratio_ = false;
  Error stop_;
};

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

Result<ReadSummary> ReadArchive(const fs::path& path, Magic magic, bool raw,
                                const ReaderLimits& limits, BundleVisitor& visitor,
                                ReadProgress* progress) {
  ArchivePtr a(archive_read_new());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_filter_bzip2(a.get());
  archive_read_support_filter_xz(a.get());
  if (raw) {
    archive_read_support_format_raw(a.get());
  } else {
    archive_read_support_format_tar(a.get());
    archive_read_support_format_gnutar(a.get());
    archive_read_support_format_zip_streamable(a.get());
  }
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    return Error{"cannot open bundle",
                 path.string(),
                 archive_error_string(a.get()) ? archive_error_string(a.get()) : "",
                 {}};
  }
  ReadSummary summary;
  summary.container = ContainerName(magic, !raw);
  TopFolder top;
  uint64_t total = 0;
  archive_entry* entry = nullptr;
  while (true) {
    int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc == ARCHIVE_WARN) rc = ARCHIVE_OK;
    if (rc != ARCHIVE_OK) {
      const char* msg = archive_error_string(a.get());
      Error e{summary.entries == 0 ? "not a readable bundle"
                                   : "bundle is damaged after the last good entry",
              path.string(), msg ? msg : "unknown archive error",
              "check that the file is a complete .tar.gz, .tar.zst, .tar or .zip"};
      if (summary.entries == 0) return e;
      summary.complete = false;
      visitor.OnBundleError(e);
      break;
    }
    ++summary.entries;
    if (progress != nullptr) {
      progress->entries.store(summary.entries, std::memory_order_relaxed);
      progress->input_bytes.store(static_cast<uint64_t>(archive_filter_bytes(a.get(), -1)),
                                  std::memory_order_relaxed);
    }
    const char* name = archive_entry_pathname(entry);
    std::string raw_name = name ? name : "";
    if (raw) raw_name = StripCompressionSuffix(path.filename().string());
    if (summary.entries > limits.max_entries) {
      summary.complete = false;
      visitor.OnBundleError(Error{
          fmt::format("bundle has more than {} entries; the rest was not read", limits.max_entries),
          path.string(),
          {},
          "raise the limit with --max-entries"});
      break;
    }
    Result<std::string> safe = SafeEntryPath(raw_name, limits);
    if (!safe) {
      visitor.OnRejected(raw_name, "unsafe-path", safe.error().what);
      continue;
    }
    mode_t type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) {
      top.DecideFromDirectoryEntry(*safe);
      --summary.entries;  // folders are structure, not content
      continue;
    }
    std::string stripped = top.Apply(*safe);
    if (archive_entry_hardlink(entry) != nullptr) {
      visitor.OnRejected(stripped, "hardlink", "links inside a bundle are never followed");
      continue;
    }
    if (type == AE_IFLNK) {
      visitor.OnRejected(stripped, "symlink", "links inside a bundle are never followed");
      continue;
    }
    if (type != AE_IFREG && !raw) {
      visitor.OnRejected(stripped, "device", "devices, FIFOs and sockets are not bundle content");
      continue;
    }
    BundleEntry be;
    be.path = stripped.empty() ? *safe : stripped;
    be.raw_path = raw_name;
    be.size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1;
    ArchiveEntryStream stream(a.get(), limits, &total, progress);
    ++summary.files;
    if (Status s = visitor.OnFile(be, stream); !s) return s.error();
    if (stream.stops_bundle()) {
      summary.complete = false;
      const Error& stop = stream.stop();  // the limit that was hit, if any
      visitor.OnBundleError(Error{"the rest of the bundle was not read", path.string(),
                                  stop.what.empty()
                                      ? fmt::format("stopped in {}", be.path)
                                      : fmt::format("stopped in {}: {}", be.path, stop.what),
                                  stop.help});
      break;
    }
  }
  summary.top_folder = top.top();
  summary.bytes = total;
  return summary;
}

class FileEntryStream : public EntryStream {
 public:
  // progress: output bytes are counted; input bytes too when input_is_output (a bundle
  // that is a single plain file).
  FileEntryStream(int fd, const ReaderLimits& limits, uint64_t* total, ReadProgress* progress,
                  bool input_is_output)
      : fd_(fd),
        limits_(limits),
        total_(total),
        progress_(progress),
        input_is_output_(input_is_output) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (failed_) return Error{"entry cannot be read further", {}, {}, {}};
    ssize_t got = ::read(fd_, buf, n);
    if (got < 0) {
      failed_ = true;
      return Error{"cannot read file", {}, std::strerror(errno), {}};
    }
    read_ += static_cast<uint64_t>(got);
    *total_ += static_cast<uint64_t>(got);
    if (progress_ != nullptr) {
      progress_->output_bytes.store(*total_, std::memory_order_relaxed);
      if (input_is_output_) progress_->input_bytes.store(*total_, std::memory_order_relaxed);
    }
    if (read_ > limits_.max_entry_bytes) {
      failed_ = true;
      return Error{
          fmt::format("entry is larger than the limit of {} bytes", limits_.max_entry_bytes),
          {},
          {},
          "raise it with --max-entry-bytes"};
    }
    if (*total_ > limits_.max_total_bytes) {
      failed_ = true;
      over_total_ = true;
      return Error{
          fmt::format("bundle is larger than the limit of {} bytes", limits_.max_total_bytes),
          {},
          {},
          "raise it with --max-total-bytes"};
    }
    return static_cast<size_t>(got);
  }
  uint64_t bytes_read() const override { return read_; }
  bool over_total() const { return over_total_; }

 private:
  int fd_;
  const ReaderLimits& limits_;
  uint64_t* total_;
  ReadProgress* progress_;
  bool input_is_output_;
  uint64_t read_ = 0;
  bool failed_ = false;
  bool over_total_ = false;
};

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Result<ReadSummary> ReadDirectory(const fs::path& root_in, const ReaderLimits& limits,
                                  BundleVisitor& visitor, ReadProgress* progress) {
  ReadSummary summary;
  summary.container = "directory";
  fs::path root = root_in;
  std::error_code ec;
  // A directory holding nothing but one folder is a bundle unpacked with its top folder.
  {
    std::vector<fs::directory_entry> children;
    for (const auto& e : fs::directory_iterator(root, ec)) {
      children.push_back(e);
      if (children.size() > 1) break;
    }
    if (ec) return Error{"cannot list bundle directory", root.string(), ec.message(), {}};
    if (children.empty()) {
      return Error{"bundle directory is empty",
                   root.string(),
                   {},
                   "point sparkpm at a folder holding k8s/, logs/, spark/ or any logs and JSON"};
    }
    std::string only = children.size() == 1 ? children[0].path().filename().string() : "";
    bool layout_name =
        std::find(kLayoutTopNames.begin(), kLayoutTopNames.end(), only) != kLayoutTopNames.end();
    if (children.size() == 1 && !layout_name && children[0].is_directory(ec) &&
        !children[0].is_symlink(ec)) {
      summary.top_folder = children[0].path().filename().string();
      root = children[0].path();
    }
  }
  std::vector<std::string> paths;
  auto it = fs::recursive_directory_iterator(root, fs::directory_options::none, ec);
  if (ec) return Error{"cannot list bundle directory", root.string(), ec.message(), {}};
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      visitor.OnBundleError(
          Error{"cannot list part of the bundle directory", root.string(), ec.message(), {}});
      summary.complete = false;
      break;
    }
    const fs::directory_entry& de = *it;
    std::string rel = de.path().lexically_relative(root).generic_string();
    fs::file_status st = de.symlink_status(ec);
    if (fs::is_directory(st)) {
      if (it.depth() + 1 >= limits.max_path_depth) {
        visitor.OnRejected(rel, "unsafe-path", "folder nested deeper than the path depth limit");
        it.disable_recursion_pending();
      }
      continue;
    }
    if (++summary.entries > limits.max_entries) {
      summary.complete = false;
      visitor.OnBundleError(Error{
          fmt::format("bundle has more than {} entries; the rest was not read", limits.max_entries),
          root.string(),
          {},
          "raise the limit with --max-entries"});
      break;
    }
    if (fs::is_symlink(st)) {
      visitor.OnRejected(rel, "symlink", "links inside a bundle are never followed");
      continue;
    }
    if (!fs::is_regular_file(st)) {
      visitor.OnRejected(rel, "device", "devices, FIFOs and sockets are not bundle content");
      continue;
    }
    paths.push_back(rel);
  }
  // Sorted order makes the database identical from run to run.
  std::sort(paths.begin(), paths.end());
  uint64_t total = 0;
  for (const std::string& rel : paths) {
    Result<std::string> safe = SafeEntryPath(rel, limits);
    if (!safe) {
      visitor.OnRejected(rel, "unsafe-path", safe.error().what);
      continue;
    }
    Fd fd;
    fd.fd = ::open((root / rel).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd.fd < 0) {
      visitor.OnRejected(rel, "unreadable", std::strerror(errno));
      continue;
    }
    struct stat sb {};
    if (::fstat(fd.fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
      visitor.OnRejected(rel, "device", "not a regular file");
      continue;
    }
    BundleEntry be{*safe, rel, static_cast<int64_t>(sb.st_size)};
    FileEntryStream stream(fd.fd, limits, &total, progress, false);
    ++summary.files;
    if (progress != nullptr) progress->entries.store(summary.entries, std::memory_order_relaxed);
    if (Status s = visitor.OnFile(be, stream); !s) return s.error();
    if (stream.over_total()) {
      summary.complete = false;
      visitor.OnBundleError(Error{"the rest of the bundle was not read", root.string(),
                                  fmt::format("stopped in {}: bundle is larger than the limit "
                                              "of {} bytes",
                                              be.path, limits.max_total_bytes),
                                  "raise it with --max-total-bytes"});
      break;
    }
  }
  summary.bytes = total;
  return summary;
}

}  // namespace

Result<std::string> SafeEntryPath(std::string_view raw, const ReaderLimits& limits) {
  if (raw.empty()) return Error{"empty entry name", {}, {}, {}};
  if (raw.size() > limits.max_path_bytes) {
    return Error{fmt::format("entry name longer than {} bytes", limits.max_path_bytes), {}, {}, {}};
  }
  if (raw.find('\0') != std::string_view::npos) return Error{"entry name contains NUL", {}, {}, {}};
  if (raw.front() == '/' || raw.front() == '\\' ||
      (raw.size() >= 2 && raw[1] == ':' && std::isalpha(static_cast<unsigned char>(raw[0])))) {
    return Error{"absolute entry path", {}, {}, {}};
  }
  std::string out;
  int depth = 0;
  size_t pos = 0;
  while (pos <= raw.size()) {
    size_t next = raw.find_first_of("/\\", pos);
    if (next == std::string_view::npos) next = raw.size();
    std::string_view part = raw.substr(pos, next - pos);
    pos = next + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") return Error{"entry path climbs out of the bundle (\"..\")", {}, {}, {}};
    if (++depth > limits.max_path_depth) {
      return Error{
          fmt::format("entry path deeper than {} folders", limits.max_path_depth), {}, {}, {}};
    }
    if (!out.empty()) out.push_back('/');
    out.append(part);
  }
  if (out.empty()) return Error{"entry name has no file part", {}, {}, {}};
  return out;
}

Result<ReadSummary> ReadBundle(const fs::path& path, const ReaderLimits& limits,
                               BundleVisitor& visitor, ReadProgress* progress) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    return Error{"bundle not found", path.string(), ec ? ec.message() : "no such file or directory",
                 "give the path of a .tar.gz, .tar.zst, .tar or an unpacked bundle folder"};
  }
  if (fs::is_directory(st)) return ReadDirectory(path, limits, visitor, progress);
  if (!fs::is_regular_file(st)) {
    return Error{"bundle is not a file or directory", path.string(), {}, {}};
  }
  Fd fd;
  fd.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd.fd < 0) return Error{"cannot open bundle", path.string(), std::strerror(errno), {}};
  std::array<unsigned char, 512> head{};
  ssize_t n = ::read(fd.fd, head.data(), head.size());
  if (n < 0) return Error{"cannot read bundle", path.string(), std::strerror(errno), {}};
  if (n == 0) {
    return Error{"bundle is an empty file", path.string(), "0 bytes",
                 "the upload or download was probably interrupted; fetch the bundle again"};
  }
  Magic magic = DetectMagic(head.data(), static_cast<size_t>(n));
  if (magic == Magic::kPlain) {
    // A single file (an event log, a pods.json, a driver log) is a bundle of one.
    ReadSummary summary;
    summary.container = "file";
    summary.entries = summary.files = 1;
    ::lseek(fd.fd, 0, SEEK_SET);
    uint64_t total = 0;
    if (progress != nullptr) progress->entries.store(1, std::memory_order_relaxed);
    FileEntryStream stream(fd.fd, limits, &total, progress, true);
    std::string name = path.filename().string();
    BundleEntry be{name, name, static_cast<int64_t>(fs::file_size(path, ec))};
    if (Status s = visitor.OnFile(be, stream); !s) return s.error();
    summary.bytes = total;
    return summary;
  }
  bool compressed = magic != Magic::kTar && magic != Magic::kZip;
  if (compressed) {
    // A compressed stream that is not a tar (a lone events.json.gz) is read raw.
    ArchivePtr probe(archive_read_new());
    archive_read_support_filter_gzip(probe.get());
    archive_read_support_filter_zstd(probe.get());
    archive_read_support_filter_bzip2(probe.get());
    archive_read_support_filter_xz(probe.get());
    archive_read_support_format_tar(probe.get());
    archive_read_support_format_gnutar(probe.get());
    archive_entry* e = nullptr;
    bool is_tar = archive_read_open_filename(probe.get(), path.c_str(), 1 << 16) == ARCHIVE_OK &&
                  archive_read_next_header(probe.get(), &e) >= ARCHIVE_WARN;
    return ReadArchive(path, magic, !is_tar, limits, visitor, progress);
  }
  return ReadArchive(path, magic, false, limits, visitor, progress);
}

}  // namespace sparkpm
