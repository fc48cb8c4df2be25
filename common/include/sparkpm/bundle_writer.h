// Writes a bundle entry by entry: a tar.gz (default), tar.zst or plain tar archive
// streamed with libarchive, or an unpacked directory. Entries go straight into the
// archive; nothing is staged on disk. Thread-safe: entries from several threads are
// serialised, each written whole.
//
//   auto w = BundleWriter::Open("incident.tar.gz", "incident");   // top folder
//   (*w)->Add("k8s/pods.json", pods_json);
//   (*w)->Close();    // the archive appears under its name only now
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "sparkpm/status.h"

struct archive;  // libarchive's handle (global namespace)

namespace sparkpm {

class BundleWriter {
 public:
  enum class Format { kTarGz, kTarZst, kTar, kDirectory };

  // Returns the format an output path asks for: .tar.gz/.tgz, .tar.zst/.tzst, .tar,
  // anything else a directory.
  static Format FormatFor(const std::filesystem::path& out);
  // Returns the bundle name an output path implies ("/tmp/incident.tar.gz" -> "incident").
  static std::string BundleName(const std::filesystem::path& out);

  // Opens out for writing. Archives are written to "<out>.partial" and renamed by
  // Close(); a directory must not exist yet or be empty. top_folder prefixes every
  // archive entry (ignored for directories).
  static Result<std::unique_ptr<BundleWriter>> Open(const std::filesystem::path& out,
                                                    std::string top_folder);
  ~BundleWriter();
  BundleWriter(const BundleWriter&) = delete;
  BundleWriter& operator=(const BundleWriter&) = delete;

  // Adds one file. path is relative ("logs/p/c.log"); unsafe paths are an Error.
  Status Add(std::string_view path, std::string_view content);
  // Adds one file of exactly size bytes pulled from read (which returns 0 at the end);
  // a short or failing source is an Error and the entry is padded to its size.
  Status AddStreamed(std::string_view path, uint64_t size,
                     const std::function<Result<size_t>(char* buf, size_t n)>& read);
  // Finishes the archive and moves it into place. Call once.
  Status Close();
  // Content bytes added so far.
  uint64_t bytes() const;
  Format format() const { return format_; }

 private:
  BundleWriter() = default;
  Status Begin(std::string_view path, uint64_t size, std::FILE** file);
  Status WriteChunk(std::FILE* file, std::string_view chunk, std::string_view path);
  Status End(std::FILE* file, std::string_view path);

  mutable std::mutex mu_;
  Format format_ = Format::kTarGz;
  std::filesystem::path out_;
  std::filesystem::path partial_;
  std::string top_folder_;
  ::archive* archive_ = nullptr;
  uint64_t bytes_ = 0;
  bool closed_ = false;
};

// Checks a bundle entry path: relative, no "." or ".." component, no empty component,
// no NUL or backslash, at most 1024 bytes.
Status CheckEntryPath(std::string_view path);

// Replaces characters that cannot appear in a path component (from a pod, container or
// application name read from the cluster) by '_'; never returns "", "." or "..".
std::string SafePathComponent(std::string_view name);

}  // namespace sparkpm
