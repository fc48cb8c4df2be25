// Streams a container or driver log into log_files, log_records and
// pattern_matches. Input arrives in chunks of any size; lines are split, timestamps
// read (kubectl --timestamps prefix and/or log4j "yy/MM/dd HH:mm:ss LEVEL Logger: msg",
// also "yy/MM/dd HH:mm:ss.SSS thread LEVEL Logger: msg" and Spark 4 JSON lines), and
// continuation lines (stack traces, "Caused by:", "... N more") folded into the
// record they belong to. Every physical line is run once through the PatternSet.
//
//   LogLoader loader(ctx, patterns, LogOptions{});
//   loader.Begin({.path = "logs/app-exec-1/spark-kubernetes-executor.log"});
//   loader.Feed(chunk1); loader.Feed(chunk2);
//   LogFileSummary s = loader.Finish();
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <string_view>

#include "sparkpm/load_context.h"
#include "sparkpm/pattern_set.h"

namespace sparkpm {

struct LogOptions {
  bool store_all_records =
      false;  // store INFO/DEBUG records too (default: WARN+, exceptions, matches)
};

struct LogFileInfo {
  std::string path;                      // bundle path
  std::optional<std::string> pod;        // from logs/<pod>/<container>.log
  std::optional<std::string> container;  // from logs/<pod>/<container>[.previous].log
  bool previous = false;                 // *.previous.log
  bool truncated = false;                // the manifest says the collector kept only the tail
};

struct LogFileSummary {
  int64_t file_id = 0;
  int64_t bytes = 0;
  int64_t lines = 0;
  int64_t records = 0;
  int64_t records_stored = 0;
  int64_t matches = 0;
  int64_t long_lines = 0;  // lines cut at LoadLimits::max_line_bytes
  std::string format;      // kubectl-timestamps | log4j | log4j-json | plain
};

// Splits the path of a log entry into pod, container and previous:
// "logs/p1/c1.previous.log" -> {p1, c1, true}. Other paths give no pod/container.
LogFileInfo LogFileInfoFromPath(std::string_view path);

struct PreparedLogChunk;

class LogLoader {
 public:
  // IMPORTANT: ctx and patterns must outlive the loader.
  LogLoader(LoadContext& ctx, const PatternSet& patterns, LogOptions options);
  ~LogLoader();
  LogLoader(const LogLoader&) = delete;
  LogLoader& operator=(const LogLoader&) = delete;

  // Starts a new log file (inserts its log_files row).
  Status Begin(const LogFileInfo& info);
  // Consumes the next bytes of the file; chunk boundaries may fall anywhere.
  void Feed(std::string_view chunk);
  // Feed for a chunk already prepared (PrepareLogChunk in log_chunk.h over exactly this
  // chunk, e.g. on the thread that read it).
  void Feed(std::string_view chunk, const PreparedLogChunk& prepared);
  // Flushes the last line and record, updates the log_files row.
  LogFileSummary Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sparkpm
