// Loads a whole bundle into a database: reads every entry (bundle_reader.h), decides
// what it is by content, hands it to the loader for that kind, and records the
// outcome of every entry in bundle_files. One transaction, indexes built at the end.
//
//   auto db = Database::Open("incident.db");
//   (*db)->ApplySchema();
//   Result<LoadResult> r = LoadBundle("incident.tar.gz", **db, patterns, LoadOptions{});
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "sparkpm/bundle_reader.h"
#include "sparkpm/database.h"
#include "sparkpm/load_context.h"
#include "sparkpm/log_loader.h"
#include "sparkpm/pattern_set.h"

namespace sparkpm {

struct LoadOptions {
  ReaderLimits reader;
  LoadLimits load;
  LogOptions log;
  // Kept up to date by the reader while it reads (for a display on another thread).
  ReadProgress* read_progress = nullptr;
};

struct LoadResult {
  ReadSummary read;
  int64_t loaded = 0;   // entries with status loaded or partial
  int64_t skipped = 0;  // entries recognised but not loaded (with a reason)
  int64_t failed = 0;   // entries that failed or were rejected
  int64_t load_errors = 0;
};

// Loads the bundle at path into db (whose schema must be applied). Returns an Error
// when the bundle cannot be read at all or when no entry could be loaded; damaged
// or hostile entries are recorded in bundle_files/load_errors and the rest loads.
Result<LoadResult> LoadBundle(const std::filesystem::path& path, Database& db,
                              const PatternSet& patterns, const LoadOptions& options);

// Decides an entry's kind from its first bytes and path: "json", "event_log",
// "compressed", "binary" or "log". Exposed for tests.
std::string SniffContent(std::string_view path, std::string_view head);

}  // namespace sparkpm
