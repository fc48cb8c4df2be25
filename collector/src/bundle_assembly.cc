// Redaction, the size budget and the manifest items, in one place.
#include "bundle_assembly.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "sparkpm/entry_redaction.h"
#include "sparkpm/sha256.h"

namespace sparkpm::collect {

ManifestItem FailedItem(std::string path, std::string source, std::string error,
                        int64_t duration_ms) {
  ManifestItem item;
  item.path = std::move(path);
  item.source = std::move(source);
  item.status = "error";
  item.error = std::move(error);
  if (duration_ms >= 0) item.duration_ms = duration_ms;
  return item;
}

ManifestItem SkippedItem(std::string path, std::string source, std::string note) {
  ManifestItem item;
  item.path = std::move(path);
  item.source = std::move(source);
  item.status = "skipped";
  item.note = std::move(note);
  return item;
}

BundleAssembly::BundleAssembly(BundleWriter& writer, Redactor* redactor, uint64_t max_bytes,
                               bool progress)
    : writer_(writer), redactor_(redactor), max_bytes_(max_bytes), progress_(progress) {}

bool BundleAssembly::Store(ManifestItem item, std::string content) {
  if (redactor_ != nullptr) {
    RedactedEntry r = RedactEntry(*redactor_, item.path, std::move(content));
    if (r.dropped) {
      item.status = "skipped";
      item.note = item.note.empty() ? r.note : item.note + "; " + r.note;
      Record(std::move(item));
      return false;
    }
    content = std::move(r.content);
    if (!r.note.empty()) item.note = item.note.empty() ? r.note : item.note + "; " + r.note;
  }
  std::string sha = Sha256Hex(content);
  std::lock_guard lock(mu_);
  if (std::find(paths_.begin(), paths_.end(), item.path) != paths_.end()) {
    item.status = "skipped";
    item.note = "a file with this path is already in the bundle";
    items_.push_back(std::move(item));
    return false;
  }
  if (writer_.bytes() + content.size() > max_bytes_) {
    item.status = "skipped";
    item.note = fmt::format(
        "not stored: {} bytes would take the bundle past --max-bundle-bytes "
        "({} bytes)",
        content.size(), max_bytes_);
    ++errors_;  // asked for but missing: the bundle is partial
    Progress(item);
    items_.push_back(std::move(item));
    return false;
  }
  if (Status s = writer_.Add(item.path, content); !s) {
    item.status = "error";
    item.error = s.error().ToString();
    ++errors_;
    Progress(item);
    items_.push_back(std::move(item));
    return false;
  }
  if (item.status != "truncated") item.status = "ok";
  item.bytes = static_cast<int64_t>(content.size());
  item.sha256 = std::move(sha);
  paths_.push_back(item.path);
  ++stored_;
  if (!item.error.empty()) ++errors_;  // stored, but incomplete because a call failed
  Progress(item);
  items_.push_back(std::move(item));
  return true;
}

void BundleAssembly::Record(ManifestItem item) {
  std::lock_guard lock(mu_);
  if (item.status.empty()) item.status = "error";
  if (item.status == "error") ++errors_;
  Progress(item);
  items_.push_back(std::move(item));
}

bool BundleAssembly::Has(const std::string& path) const {
  std::lock_guard lock(mu_);
  return std::find(paths_.begin(), paths_.end(), path) != paths_.end();
}

Status BundleAssembly::WriteManifest(BundleManifest manifest) {
  manifest.items = items();
  RecordRedaction(redactor_, &manifest.redaction);
  std::string json = ManifestToJson(manifest);
  if (progress_) std::fprintf(stderr, "\r\033[K");
  return writer_.Add("manifest.json", json);
}

int BundleAssembly::stored() const {
  std::lock_guard lock(mu_);
  return stored_;
}

int BundleAssembly::errors() const {
  std::lock_guard lock(mu_);
  return errors_;
}

std::vector<ManifestItem> BundleAssembly::items() const {
  std::lock_guard lock(mu_);
  std::vector<ManifestItem> out = items_;
  std::stable_sort(out.begin(), out.end(),
                   [](const ManifestItem& a, const ManifestItem& b) { return a.path < b.path; });
  return out;
}

void BundleAssembly::Progress(const ManifestItem& item) {
  if (!progress_) return;
  std::string shown =
      item.path.size() > 60 ? "..." + item.path.substr(item.path.size() - 57) : item.path;
  std::fprintf(stderr, "\r\033[Kcollecting: %d files, %d errors  %s %s", stored_, errors_,
               item.status.c_str(), shown.c_str());
  std::fflush(stderr);
}

}  // namespace sparkpm::collect
