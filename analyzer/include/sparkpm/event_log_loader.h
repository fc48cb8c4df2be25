// Loads Spark event logs (spark.eventLog.dir) into the Spark tables of schema/20_spark.sql
// with the numbers Spark's History Server shows for them: single files and rolling
// folders (eventlog_v2_<app>/events_<n>_<app> with appstatus_<app>), plain, zstd or lz4
// (event_log_codecs.h). A log is streamed line by line: one simdjson parse per line,
// memory bounded by the live entities (running tasks, open stages), never by the log.
// A malformed line becomes a load_errors row with its line number and loading goes on;
// a log that stops early (.inprogress, a cut last line, no ApplicationEnd) loads what
// is there and says so in load_errors, event_logs and its bundle_files detail.
//
//   EventLogLoader logs(ctx, EventLogOptions{});
//   EntryOutcome o = logs.LoadEntry("eventlogs/app-1.zstd", head, stream, nullptr);
//   ...                                  // every entry of the bundle, then once:
//   Status s = logs.Finish();            // rolling logs end here
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sparkpm/bundle_reader.h"
#include "sparkpm/json_loaders.h"
#include "sparkpm/load_context.h"

namespace sparkpm {

struct EventLogOptions {
  uint64_t max_decoded_bytes = 16ull << 30;  // decompressed bytes of one event log file
  double max_ratio = 250.0;                  // decompressed/compressed, past ratio_grace_bytes
  uint64_t ratio_grace_bytes = 64ull << 20;
  size_t max_line_bytes = 32ull << 20;     // longer lines (events) are skipped with an error
  int64_t max_line_errors = 100;           // malformed lines recorded one by one per file
  size_t max_pending_bytes = 64ull << 20;  // events held until ApplicationStart names the app
};

// What a bundle path says about an event log file.
struct EventLogName {
  std::string rolling_dir;      // the eventlog_v2_<app> folder path; '' for a single file
  std::string app_hint;         // application id the folder or file name gives ('' if none)
  std::optional<int64_t> part;  // n of events_<n>_<app>
  bool status_marker = false;   // appstatus_<app>[.inprogress]
  bool in_progress = false;     // the name ends with .inprogress
};

// Reads the rolling-folder structure and the .inprogress suffix from a bundle path.
EventLogName ParseEventLogName(std::string_view path);

// Returns true when head (the first bytes of an entry) is a zstd or lz4 stream whose
// decoded start is a Spark event ({"Event":"SparkListener...).
bool IsCompressedEventLog(std::string_view head);

class EventLogLoader {
 public:
  // IMPORTANT: ctx must outlive the loader.
  EventLogLoader(LoadContext& ctx, EventLogOptions options);
  ~EventLogLoader();
  EventLogLoader(const EventLogLoader&) = delete;
  EventLogLoader& operator=(const EventLogLoader&) = delete;

  // Loads one bundle entry: an event log, a part of a rolling one, or a rolling status
  // marker. head holds the bytes already read from stream; read_error is the error that
  // stopped reading head, if any. Returns the entry's bundle_files outcome.
  EntryOutcome LoadEntry(std::string_view path, std::string_view head, EntryStream& stream,
                         const Error* read_error);
  // Ends the rolling logs (their parts may come in any entry) and records incomplete
  // ones. Call once after the last entry.
  Status Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sparkpm
