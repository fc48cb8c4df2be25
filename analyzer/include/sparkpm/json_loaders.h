// Loaders for the JSON entries of a bundle: Kubernetes objects (kubectl -o json),
// Spark REST API v1 JSON, and manifest.json. The content decides what an entry is;
// the bundle path is only a hint (it supplies the app id, app attempt and the stage
// of a taskList when the JSON itself does not say).
//
//   simdjson::padded_string json = ...;            // the whole entry
//   EntryOutcome o = LoadJsonEntry(ctx, "spark/app-1/jobs.json", json);
//   // o.kind == "spark_jobs", o.status == "loaded", o.rows == 3
//   ...                                             // every entry, then once:
//   Status s = FinishJsonLoading(ctx);
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sparkpm/load_context.h"

namespace sparkpm {

// What became of one bundle entry; becomes its bundle_files row.
struct EntryOutcome {
  std::string kind;    // bundle_files.kind (pods, events, spark_jobs, manifest, other, ...)
  std::string status;  // loaded | partial | skipped | failed
  std::string detail;  // "3 pods, 5 containers", or why it was skipped or failed
  int64_t rows = 0;    // table rows written
  // True when the text is not one JSON document (parse error); the caller may then
  // read the entry as a log (JSON-lines logs) instead. status is "failed" and
  // detail holds the parse error with its byte offset.
  bool not_json = false;
};

// Parses one JSON entry, decides what it is by content and loads it into the
// tables of schema/10_kubernetes.sql, schema/20_spark.sql or manifest_items /
// bundle_meta. Bad objects inside a good file become load_errors rows and the rest
// is loaded (status "partial"). Never throws.
EntryOutcome LoadJsonEntry(LoadContext& ctx, std::string_view path,
                           const simdjson::padded_string& json);

// Runs once after every entry: fills app ids that only the bundle as a whole
// tells (a taskList without a path hint in a one-application bundle), marks
// manifest items that are absent from the bundle (manifest_items.present).
Status FinishJsonLoading(LoadContext& ctx);

// Parses a Kubernetes quantity ("4Gi", "500M", "1.5", "250m") to a number of base
// units (bytes for memory; for cpu, use ParseCpuMillis). nullopt if malformed.
std::optional<int64_t> ParseQuantityBytes(std::string_view q);
// Parses a CPU quantity ("2", "500m", "0.5") into millicores.
std::optional<int64_t> ParseCpuMillis(std::string_view q);

}  // namespace sparkpm
