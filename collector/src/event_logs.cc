// Event-log downloads, zips and local files.
#include "event_logs.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "http_fetch.h"
#include "spark_rest.h"
#include "sparkpm/bundle_writer.h"

namespace sparkpm::collect {
namespace fs = std::filesystem;

namespace {

// Turns an archive or file name into a safe path under eventlogs/ (one folder level
// kept, for rolling logs: eventlog_v2_<id>/events_1_<id>).
std::string EventLogPath(std::string_view name) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < name.size()) {
    size_t slash = name.find('/', start);
    std::string_view part = name.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!part.empty() && part != "." && part != "..") parts.push_back(SafePathComponent(part));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.empty()) return "eventlogs/eventlog";
  if (parts.size() == 1) return "eventlogs/" + parts[0];
  return "eventlogs/" + parts[parts.size() - 2] + "/" + parts.back();
}

bool IsZip(std::string_view data) { return data.starts_with("PK\x03\x04"); }

bool Download(const std::string& url, CollectContext& ctx, std::string* body, CallResult* result) {
  bool too_big = false;
  auto sink = [&](std::string_view chunk) {
    if (body->size() + chunk.size() > ctx.max_response_bytes) {
      too_big = true;
      return false;
    }
    body->append(chunk);
    return true;
  };
  *result = WithRetries(
      ctx.policy, [&] { return HttpGet(url, ctx.policy.AttemptTimeout(), sink); },
      [&] { body->clear(); });
  if (too_big) {
    result->ok = false;
    result->error =
        fmt::format("download larger than {} bytes (--max-response-bytes)", ctx.max_response_bytes);
  }
  return result->ok;
}

}  // namespace

int StoreZipEntries(std::string_view zip, const std::string& source, CollectContext& ctx,
                    std::string* error) {
  archive* a = archive_read_new();
  archive_read_support_format_zip(a);
  archive_read_support_filter_none(a);
  if (archive_read_open_memory(a, zip.data(), zip.size()) != ARCHIVE_OK) {
    *error = archive_error_string(a) ? archive_error_string(a) : "not a zip";
    archive_read_free(a);
    return 0;
  }
  int stored = 0;
  archive_entry* entry = nullptr;
  while (true) {
    int r = archive_read_next_header(a, &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      *error = archive_error_string(a) ? archive_error_string(a) : "damaged zip";
      break;
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    std::string name = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
    std::string content;
    char buf[64 << 10];
    bool too_big = false;
    while (true) {
      la_ssize_t n = archive_read_data(a, buf, sizeof buf);
      if (n < 0) {
        *error = archive_error_string(a) ? archive_error_string(a) : "damaged zip entry";
        break;
      }
      if (n == 0) break;
      if (content.size() + static_cast<size_t>(n) > ctx.max_response_bytes) {
        too_big = true;
        break;
      }
      content.append(buf, static_cast<size_t>(n));
    }
    ManifestItem item;
    item.path = EventLogPath(name);
    item.source = source + " (zip entry " + name + ")";
    if (too_big) {
      item.status = "skipped";
      item.note = fmt::format("zip entry larger than {} bytes", ctx.max_response_bytes);
      ctx.bundle.Record(std::move(item));
      continue;
    }
    if (ctx.bundle.Store(std::move(item), std::move(content))) ++stored;
  }
  archive_read_free(a);
  return stored;
}

void CollectHistoryEventLogs(const std::string& history_server, const std::string& app_id,
                             CollectContext& ctx) {
  std::string base = history_server;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.ends_with("/api/v1")) base.resize(base.size() - 7);
  std::string url = base + "/api/v1/applications/" + app_id + "/logs";
  std::string source = "GET " + UrlForDisplay(url);
  std::string zip;
  CallResult r;
  if (!Download(url, ctx, &zip, &r)) {
    ManifestItem item;
    item.path = "eventlogs/" + SafePathComponent(app_id);
    item.source = source;
    item.status = r.not_found ? "skipped" : "error";
    (r.not_found ? item.note : item.error) = r.error;
    item.duration_ms = r.duration.count();
    ctx.bundle.Record(std::move(item));
    return;
  }
  std::string error;
  int stored = IsZip(zip) ? StoreZipEntries(zip, source, ctx, &error) : 0;
  if (!IsZip(zip)) error = "the History Server's answer is not a zip";
  if (!error.empty()) {
    ManifestItem item;
    item.path = "eventlogs/" + SafePathComponent(app_id);
    item.source = source;
    item.status = "error";
    item.error = fmt::format("{} ({} files stored before the problem)", error, stored);
    ctx.bundle.Record(std::move(item));
  }
}

void CollectEventLogArgument(const std::string& arg, CollectContext& ctx) {
  if (arg.starts_with("http://") || arg.starts_with("https://")) {
    std::string body;
    CallResult r;
    std::string source = "GET " + UrlForDisplay(arg);
    std::string url_path = arg.substr(0, arg.find_first_of("?#"));
    std::string name = url_path.substr(url_path.rfind('/') + 1);
    if (!Download(arg, ctx, &body, &r)) {
      ManifestItem item;
      item.path = EventLogPath(name);
      item.source = source;
      item.status = "error";
      item.error = r.error;
      item.duration_ms = r.duration.count();
      ctx.bundle.Record(std::move(item));
      return;
    }
    if (IsZip(body)) {
      std::string error;
      StoreZipEntries(body, source, ctx, &error);
      if (!error.empty()) {
        ctx.bundle.Record(FailedItem(EventLogPath(name), source, error));
      }
      return;
    }
    ManifestItem item;
    item.path = EventLogPath(name);
    item.source = source;
    item.duration_ms = r.duration.count();
    ctx.bundle.Store(std::move(item), std::move(body));
    return;
  }
  std::error_code ec;
  fs::path path(arg);
  std::vector<std::pair<fs::path, std::string>> files;  // file, bundle path
  if (fs::is_directory(path, ec)) {
    std::string dir =
        SafePathComponent(path.lexically_normal().filename().string().empty()
                              ? path.lexically_normal().parent_path().filename().string()
                              : path.lexically_normal().filename().string());
    for (const fs::directory_entry& e : fs::directory_iterator(path, ec)) {
      if (e.is_regular_file(ec) && !e.is_symlink(ec)) {
        files.emplace_back(
            e.path(), "eventlogs/" + dir + "/" + SafePathComponent(e.path().filename().string()));
      }
    }
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(path, ec)) {
    files.emplace_back(path, "eventlogs/" + SafePathComponent(path.filename().string()));
  } else {
    ctx.bundle.Record(FailedItem("eventlogs/" + SafePathComponent(path.filename().string()),
                                 "read " + arg, "no such file or directory"));
    return;
  }
  for (const auto& [file, bundle_path] : files) {
    uint64_t size = fs::file_size(file, ec);
    ManifestItem item;
    item.path = bundle_path;
    item.source = "read " + file.string();
    if (ec || size > ctx.max_response_bytes) {
      item.status = ec ? "error" : "skipped";
      (ec ? item.error : item.note) =
          ec ? ec.message() : fmt::format("larger than {} bytes", ctx.max_response_bytes);
      ctx.bundle.Record(std::move(item));
      continue;
    }
    std::ifstream in(file, std::ios::binary);
    std::string content(size, '\0');
    in.read(content.data(), static_cast<std::streamsize>(size));
    if (!in) {
      item.status = "error";
      item.error = "read failed";
      ctx.bundle.Record(std::move(item));
      continue;
    }
    ctx.bundle.Store(std::move(item), std::move(content));
  }
}

}  // namespace sparkpm::collect
