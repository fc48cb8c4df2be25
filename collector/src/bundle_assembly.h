// Where every collected file goes: redacted (unless redaction is off), checked against
// the bundle size budget, written to the bundle, and recorded as a manifest item with
// its size, SHA-256 and how it was obtained. Failures are recorded the same way, so the
// manifest accounts for everything that was attempted.
//
//   BundleAssembly bundle(writer, redactor.get(), 4ull << 30, /*progress=*/false);
//   ManifestItem item;
//   item.path = "k8s/pods.json";
//   bundle.Store(std::move(item), std::move(json));
//   bundle.Record(FailedItem("k8s/events.json", "kubectl get events ...", "forbidden"));
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "sparkpm/bundle_manifest.h"
#include "sparkpm/bundle_writer.h"
#include "sparkpm/redactor.h"

namespace sparkpm::collect {

// Returns a manifest item for a call that failed (status error).
ManifestItem FailedItem(std::string path, std::string source, std::string error,
                        int64_t duration_ms = -1);
// Returns a manifest item for something deliberately not collected (status skipped).
ManifestItem SkippedItem(std::string path, std::string source, std::string note);

class BundleAssembly {
 public:
  // redactor may be null (redaction off). max_bytes bounds the uncompressed bundle.
  BundleAssembly(BundleWriter& writer, Redactor* redactor, uint64_t max_bytes, bool progress);

  // Redacts content, writes it at item.path and records item with bytes and sha256.
  // item.status stays "truncated" if set so, else becomes "ok"; an item.error marks a
  // file kept although the call failed part-way (counted as an error). A file that cannot be
  // redacted, does not fit the budget or cannot be written is recorded as skipped or
  // error instead. Returns true when the file is in the bundle.
  bool Store(ManifestItem item, std::string content);
  // Records an item that produced no file (status "error" or "skipped").
  void Record(ManifestItem item);
  // Writes manifest.json (items sorted by path) and returns the items.
  Status WriteManifest(BundleManifest manifest);
  // Returns true when the path was already stored (to avoid duplicate entries).
  bool Has(const std::string& path) const;

  int stored() const;
  int errors() const;
  std::vector<ManifestItem> items() const;
  Redactor* redactor() const { return redactor_; }

 private:
  void Progress(const ManifestItem& item);

  BundleWriter& writer_;
  Redactor* redactor_;
  uint64_t max_bytes_;
  bool progress_;
  mutable std::mutex mu_;
  std::vector<ManifestItem> items_;
  std::vector<std::string> paths_;
  int stored_ = 0;
  int errors_ = 0;
};

}  // namespace sparkpm::collect
