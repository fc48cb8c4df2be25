// manifest.json, the one file of a bundle that is ours (../shared/BUNDLE.md): what was
// collected, how, and what failed, plus the redaction audit. Written by sparkpm-collect
// and rewritten by `sparkpm redact`.
//
//   BundleManifest m;
//   m.target.namespace_name = "spark-jobs";
//   m.items.push_back({.path = "k8s/pods.json", .source = "kubectl get pods ...", .status = "ok"});
//   std::string json = ManifestToJson(m);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparkpm/redactor.h"
#include "sparkpm/status.h"

namespace sparkpm {

struct ManifestItem {
  std::string path;
  std::string source;  // the command or URL that produced it (credentials never included)
  std::string status;  // ok | error | skipped | truncated
  std::optional<int64_t> bytes;
  std::string sha256;
  std::optional<int64_t> duration_ms;
  std::string error;  // status error: what went wrong, for a human
  std::string note;   // anything else worth knowing ("kept the last 50 MiB")
};

struct ManifestTarget {
  std::string context;
  std::string namespace_name;
  std::string app_id;
  std::string app_name;
  std::string selector;
  std::string sparkapplication;
};

struct ManifestRedaction {
  bool present = false;  // false: the manifest has no "redaction" section
  bool enabled = false;
  std::vector<RuleCount> rules;
  int64_t distinct_values = 0;
  int64_t leftover_warnings = 0;
  std::vector<RedactionWarning> warnings;  // capped; locations only, never values
};

struct BundleManifest {
  int64_t version = 1;
  std::string created_at;
  std::string collector_name = "sparkpm-collect";
  std::string collector_version;
  ManifestTarget target;
  std::string window_since;
  std::string window_until;
  std::vector<ManifestItem> items;
  ManifestRedaction redaction;
};

// Renders the manifest as pretty-printed JSON (two-space indent). Empty strings and
// absent numbers are left out.
std::string ManifestToJson(const BundleManifest& manifest);

// Reads a manifest.json written by any version of the collector, for tools that
// rewrite bundles. Unknown fields are ignored; an Error when it is not JSON at all.
Result<BundleManifest> ParseManifest(std::string_view json);

// Fills the redaction section from a Redactor's counts and warnings.
void RecordRedaction(const Redactor* redactor, ManifestRedaction* out);

// Returns the current UTC time as "2026-11-21T10:42:00Z" (or a given epoch second).
std::string UtcTimestamp(std::optional<int64_t> epoch_seconds = std::nullopt);

}  // namespace sparkpm
