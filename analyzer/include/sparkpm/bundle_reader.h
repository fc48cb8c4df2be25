// Streams the entries of a bundle without ever extracting it to disk. A bundle is a
// tar archive (gzip-, zstd-, bzip2- or xz-compressed, or plain), a zip file, an
// unpacked directory, or a single file; the reader decides by magic bytes, not by
// name. Links are never followed, unsafe paths are rejected, and sizes are bounded.
//
//   class Printer : public BundleVisitor { ... };
//   Printer p;
//   Result<ReadSummary> r = ReadBundle("incident.tar.zst", ReaderLimits{}, p);
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "sparkpm/status.h"

namespace sparkpm {

// Bounds on what a bundle may make the reader do. Hitting one is recorded (an entry
// failed or the rest of the bundle was not read), never a crash.
struct ReaderLimits {
  uint64_t max_total_bytes = 64ull << 30;  // decompressed bytes over all entries (64 GiB)
  uint64_t max_entry_bytes = 16ull << 30;  // decompressed bytes of one entry (16 GiB)
  double max_ratio = 250.0;  // decompressed/compressed, checked past ratio_grace_bytes
  uint64_t ratio_grace_bytes = 64ull << 20;
  uint64_t max_entries = 200'000;  // entries (files, links, ...) in the bundle
  size_t max_path_bytes = 1024;    // length of an entry path
  int max_path_depth = 24;         // components in an entry path
};

struct BundleEntry {
  std::string path;      // safe relative path, top folder stripped ("k8s/pods.json")
  std::string raw_path;  // the name as the archive spelled it
  int64_t size = -1;     // declared size, -1 when unknown
};

// The bytes of one entry. Valid only during BundleVisitor::OnFile.
class EntryStream {
 public:
  virtual ~EntryStream() = default;
  // Reads up to n bytes into buf; returns 0 at the end of the entry. An Error means
  // the entry is damaged or over a limit; the bytes read so far are still valid.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  // Returns the bytes handed out so far.
  virtual uint64_t bytes_read() const = 0;
};

class BundleVisitor {
 public:
  virtual ~BundleVisitor() = default;
  // Called for each regular file. An Error return stops the whole read (use it only
  // for failures of the analyzer itself, e.g. the database); bad content is the
  // visitor's to record.
  virtual Status OnFile(const BundleEntry& entry, EntryStream& stream) = 0;
  // Called for an entry that is not read: a link, a device, an unsafe path, one past
  // the entry limit. kind is "symlink", "hardlink", "device", "unsafe-path", ...
  virtual void OnRejected(std::string_view path, std::string_view kind,
                          std::string_view reason) = 0;
  // Called when the bundle itself is damaged or over a limit part-way; entries
  // before it were delivered, the rest are lost.
  virtual void OnBundleError(const Error& error) = 0;
};

struct ReadSummary {
  std::string container;   // tar.gz | tar.zst | tar.bz2 | tar.xz | tar | zip | directory | file
  std::string top_folder;  // the folder stripped from every path ("" if none)
  uint64_t entries = 0;    // entries seen (files and rejected ones)
  uint64_t files = 0;      // files handed to OnFile
  uint64_t bytes = 0;      // decompressed bytes of all files
  bool complete = true;    // false when OnBundleError was called
};

// How far the reader has come, for a progress display on another thread.
struct ReadProgress {
  std::atomic<uint64_t> input_bytes{0};   // bytes of the bundle file consumed (not for folders)
  std::atomic<uint64_t> output_bytes{0};  // decompressed bytes handed out
  std::atomic<uint64_t> entries{0};       // entries seen
  uint64_t input_total = 0;               // size of the bundle file; 0 for a folder
};

// Reads the bundle at path, calling the visitor for every entry. Returns an Error
// only when nothing can be read at all (missing, unreadable, empty, not a bundle).
// progress, when given, is kept up to date as the bundle is read.
Result<ReadSummary> ReadBundle(const std::filesystem::path& path, const ReaderLimits& limits,
                               BundleVisitor& visitor, ReadProgress* progress = nullptr);

// Normalises an archive entry name into a safe relative path, or returns an Error
// saying why it is unsafe (absolute, "..", NUL, too long or too deep).
Result<std::string> SafeEntryPath(std::string_view raw, const ReaderLimits& limits);

}  // namespace sparkpm
