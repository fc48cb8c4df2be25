// libarchive's write API (pax tar with a gzip or zstd filter) or plain files.
#include "sparkpm/bundle_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace sparkpm {
namespace fs = std::filesystem;

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Error ArchiveError(::archive* a, std::string_view what, std::string_view where) {
  const char* msg = a ? archive_error_string(a) : nullptr;
  return Error{std::string(what), std::string(where), msg ? msg : "libarchive error", {}};
}

}  // namespace

Status CheckEntryPath(std::string_view path) {
  if (path.empty() || path.size() > 1024)
    return Error{"bad bundle path length", std::string(path), {}, {}};
  if (path.front() == '/') return Error{"bundle path is absolute", std::string(path), {}, {}};
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return Error{"bundle path has a NUL or backslash", std::string(path), {}, {}};
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view part = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == "..") {
      return Error{"bundle path has an empty, '.' or '..' component", std::string(path), {}, {}};
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return Ok();
}

std::string SafePathComponent(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 200)) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    out.push_back(ok ? c : '_');
  }
  if (out.empty() || out == "." || out == "..") out = "_" + out;
  return out;
}

BundleWriter::Format BundleWriter::FormatFor(const fs::path& out) {
  std::string name = out.filename().string();
  if (EndsWith(name, ".tar.gz") || EndsWith(name, ".tgz")) return Format::kTarGz;
  if (EndsWith(name, ".tar.zst") || EndsWith(name, ".tzst")) return Format::kTarZst;
  if (EndsWith(name, ".tar")) return Format::kTar;
  return Format::kDirectory;
}

std::string BundleWriter::BundleName(const fs::path& out) {
  std::string name = out.filename().string();
  if (name.empty()) name = out.parent_path().filename().string();
  for (std::string_view ext : {".tar.gz", ".tgz", ".tar.zst", ".tzst", ".tar"}) {
    if (EndsWith(name, ext)) {
      name.resize(name.size() - ext.size());
      break;
    }
  }
  return SafePathComponent(name.empty() ? "bundle" : name);
}

Result<std::unique_ptr<BundleWriter>> BundleWriter::Open(const fs::path& out,
                                                         std::string top_folder) {
  std::unique_ptr<BundleWriter> w(new BundleWriter());
  w->format_ = FormatFor(out);
  w->out_ = out;
  w->top_folder_ = SafePathComponent(top_folder);
  std::error_code ec;
  if (w->format_ == Format::kDirectory) {
    if (fs::exists(out, ec)) {
      if (!fs::is_directory(out, ec) || !fs::is_empty(out, ec)) {
        return Error{"output exists and is not an empty directory",
                     out.string(),
                     {},
                     "choose a new path, or end it in .tar.gz / .tar.zst for an archive"};
      }
    } else if (!fs::create_directories(out, ec)) {
      return Error{"cannot create the output directory", out.string(), ec.message(), {}};
    }
    return w;
  }
  if (fs::is_directory(out, ec)) {
    return Error{"output is a directory but its name asks for an archive", out.string(), {}, {}};
  }
  w->partial_ = out;
  w->partial_ += ".partial";
  w->archive_ = archive_write_new();
  if (w->archive_ == nullptr) return Error{"cannot start an archive", out.string(), {}, {}};
  int r = archive_write_set_format_pax_restricted(w->archive_);
  if (r == ARCHIVE_OK) {
    if (w->format_ == Format::kTarGz) r = archive_write_add_filter_gzip(w->archive_);
    if (w->format_ == Format::kTarZst) r = archive_write_add_filter_zstd(w->archive_);
  }
  if (r != ARCHIVE_OK) {
    Error e = ArchiveError(w->archive_, "cannot set up the archive format", out.string());
    archive_write_free(w->archive_);
    w->archive_ = nullptr;
    return e;
  }
  if (archive_write_open_filename(w->archive_, w->partial_.c_str()) != ARCHIVE_OK) {
    Error e = ArchiveError(w->archive_, "cannot create the output file", w->partial_.string());
    archive_write_free(w->archive_);
    w->archive_ = nullptr;
    return e;
  }
  return w;
}

BundleWriter::~BundleWriter() {
  if (archive_ != nullptr) {
    // Not closed: abandon the partial archive rather than leave a broken one around.
    archive_write_free(archive_);
    std::error_code ec;
    fs::remove(partial_, ec);
  }
}

Status BundleWriter::Begin(std::string_view path, uint64_t size, std::FILE** file) {
  if (closed_) return Error{"bundle already closed", std::string(path), {}, {}};
  if (Status s = CheckEntryPath(path); !s) return s;
  if (format_ == Format::kDirectory) {
    fs::path target = out_ / fs::path(std::string(path));
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    *file = std::fopen(target.c_str(), "wbx");
    if (*file == nullptr) {
      return Error{"cannot create file", target.string(), std::strerror(errno), {}};
    }
    return Ok();
  }
  archive_entry* entry = archive_entry_new();
  std::string name =
      top_folder_.empty() ? std::string(path) : top_folder_ + "/" + std::string(path);
  archive_entry_set_pathname(entry, name.c_str());
  archive_entry_set_size(entry, static_cast<la_int64_t>(size));
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_perm(entry, 0644);
  archive_entry_set_mtime(entry, std::time(nullptr), 0);
  int r = archive_write_header(archive_, entry);
  archive_entry_free(entry);
  if (r != ARCHIVE_OK) return ArchiveError(archive_, "cannot write archive entry", path);
  return Ok();
}

Status BundleWriter::WriteChunk(std::FILE* file, std::string_view chunk, std::string_view path) {
  if (chunk.empty()) return Ok();
  if (file != nullptr) {
    if (std::fwrite(chunk.data(), 1, chunk.size(), file) != chunk.size()) {
      return Error{"cannot write file", std::string(path), std::strerror(errno), {}};
    }
  } else if (archive_write_data(archive_, chunk.data(), chunk.size()) !=
             static_cast<la_ssize_t>(chunk.size())) {
    return ArchiveError(archive_, "cannot write archive data", path);
  }
  bytes_ += chunk.size();
  return Ok();
}

Status BundleWriter::End(std::FILE* file, std::string_view path) {
  if (file != nullptr && std::fclose(file) != 0) {
    return Error{"cannot write file", std::string(path), std::strerror(errno), {}};
  }
  if (file == nullptr && archive_write_finish_entry(archive_) != ARCHIVE_OK) {
    return ArchiveError(archive_, "cannot finish archive entry", path);
  }
  return Ok();
}

Status BundleWriter::Add(std::string_view path, std::string_view content) {
  std::lock_guard lock(mu_);
  std::FILE* file = nullptr;
  if (Status s = Begin(path, content.size(), &file); !s) return s;
  Status written = WriteChunk(file, content, path);
  Status ended = End(file, path);
  return written ? ended : written;
}

Status BundleWriter::AddStreamed(std::string_view path, uint64_t size,
                                 const std::function<Result<size_t>(char*, size_t)>& read) {
  std::lock_guard lock(mu_);
  std::FILE* file = nullptr;
  if (Status s = Begin(path, size, &file); !s) return s;
  std::string buf(256 << 10, '\0');
  uint64_t done = 0;
  Status status = Ok();
  while (done < size) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(buf.size(), size - done));
    Result<size_t> got = read(buf.data(), want);
    if (!got || *got == 0) {
      status = got ? Error{"source ended early",
                           std::string(path),
                           fmt::format("{} of {} bytes", done, size),
                           {}}
                   : got.error();
      break;
    }
    if (Status s = WriteChunk(file, std::string_view(buf.data(), std::min(*got, want)), path); !s) {
      status = s;
      break;
    }
    done += std::min(*got, want);
  }
  // Keep the archive well-formed: pad a short entry to its declared size.
  if (file == nullptr && done < size && status.error().what != "cannot write archive data") {
    std::string zeros(64 << 10, '\0');
    while (done < size) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(zeros.size(), size - done));
      if (!WriteChunk(nullptr, std::string_view(zeros.data(), n), path)) break;
      done += n;
    }
  }
  Status ended = End(file, path);
  return status ? ended : status;
}

Status BundleWriter::Close() {
  std::lock_guard lock(mu_);
  if (closed_) return Ok();
  closed_ = true;
  if (archive_ == nullptr) return Ok();
  int r = archive_write_close(archive_);
  Error e;
  if (r != ARCHIVE_OK) e = ArchiveError(archive_, "cannot finish the archive", out_.string());
  archive_write_free(archive_);
  archive_ = nullptr;
  std::error_code ec;
  if (r != ARCHIVE_OK) {
    fs::remove(partial_, ec);
    return e;
  }
  fs::rename(partial_, out_, ec);
  if (ec) return Error{"cannot move the archive into place", out_.string(), ec.message(), {}};
  return Ok();
}

uint64_t BundleWriter::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

}  // namespace sparkpm
