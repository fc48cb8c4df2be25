#include "sparkpm/bundle_loader.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "aligned_bytes.h"
#include "log_chunk.h"
#include "read_ahead.h"
#include "sparkpm/event_log_codecs.h"
#include "sparkpm/event_log_loader.h"
#include "sparkpm/json_loaders.h"
#include "sparkpm/stage_summary.h"
#include "sparkpm/time_parse.h"

namespace sparkpm {
namespace {

constexpr size_t kPeekBytes = 64 * 1024;
constexpr size_t kChunkBytes = 256 * 1024;
// Logs larger than this are read on a second thread (ReadAhead) while they are parsed.
constexpr size_t kReadAheadBytes = 4 << 20;

std::string_view SkipBomAndSpace(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  size_t i = s.find_first_not_of(" \t\r\n");
  return i == std::string_view::npos ? std::string_view{} : s.substr(i);
}

bool IsEventLogStart(std::string_view s) {
  if (!s.starts_with("{")) return false;
  s.remove_prefix(1);
  s = SkipBomAndSpace(s);
  return s.starts_with("\"Event\"");
}

// True when the first line of text is one complete JSON object (a JSON-lines log).
bool FirstLineIsJsonObject(std::string_view text) {
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos) return false;
  std::string_view line = text.substr(0, nl);
  if (!SkipBomAndSpace(line).starts_with("{")) return false;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(line);
  simdjson::dom::element e;
  return parser.parse(padded).get(e) == simdjson::SUCCESS && e.is_object();
}

class Ingest : public BundleVisitor {
 public:
  Ingest(LoadContext& ctx, const PatternSet& patterns, const LoadOptions& options)
      : ctx_(ctx),
        patterns_(patterns),
        logs_(ctx, patterns, options.log),
        event_logs_(ctx, EventLogOptionsFor(options)) {}

  Status Prepare() {
    auto st = ctx_.db().Prepare(
        "INSERT OR REPLACE INTO bundle_files(path, bytes, kind, status, detail, rows) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!st) return st.error();
    insert_file_.emplace(std::move(*st));
    return Ok();
  }

  Status OnFile(const BundleEntry& entry, EntryStream& stream) override {
    // Tar allows one name twice; the first entry of a name is the one analysed.
    if (!seen_paths_.insert(entry.path).second) {
      ++result_.skipped;
      ctx_.AddError(entry.path, 0,
                    "duplicate entry name: only the first entry of this name was read",
                    "re-create the bundle without duplicate names", "warning");
      Drain(stream);
      return Ok();
    }
    // Buffers are reused from entry to entry: zeroing fresh ones cost more than reading
    // 200,000 tiny entries.
    Error read_error;
    bool damaged = false;
    size_t have = 0;
    while (have < kPeekBytes) {
      Result<size_t> n = stream.Read(peek_.get() + have, kPeekBytes - have);
      if (!n) {
        read_error = n.error();
        damaged = true;
        break;
      }
      if (*n == 0) break;
      have += *n;
    }
    std::string head(peek_.get(), have);
    std::string kind = SniffContent(entry.path, head);
    if (IsEventLogEntry(entry.path, head, kind)) {
      EntryOutcome o =
          event_logs_.LoadEntry(entry.path, head, stream, damaged ? &read_error : nullptr);
      Record(entry, stream, o.kind, o.status, o.detail, o.rows);
      return Ok();
    }
    if (kind == "json") return LoadJson(entry, stream, std::move(head), damaged, read_error);
    if (kind == "compressed" || kind == "binary") {
      Record(entry, stream, "other", "skipped",
             kind == "compressed" ? "compressed file inside the bundle (not a recognised kind)"
                                  : "binary content (not text or JSON)",
             0);
      Drain(stream);
      return Ok();
    }
    return LoadLog(entry, stream, head, damaged, read_error);
  }

  void OnRejected(std::string_view path, std::string_view kind, std::string_view reason) override {
    ++result_.failed;
    std::string p(path.empty() ? std::string_view("(unnamed entry)") : path);
    RecordRow(p, std::nullopt, "other", "rejected", fmt::format("{}: {}", kind, reason), 0);
    ctx_.AddError(p, 0, fmt::format("entry rejected ({}): {}", kind, reason), {}, "warning");
  }

  void OnBundleError(const Error& error) override {
    ctx_.AddError({}, 0, error.ToString(), error.help, "error");
  }

  LoadResult& result() { return result_; }

  // Ends the rolling event logs, whose parts may come in any entry.
  Status FinishEventLogs() { return event_logs_.Finish(); }

 private:
  static EventLogOptions EventLogOptionsFor(const LoadOptions& options) {
    EventLogOptions o;
    o.max_decoded_bytes = options.reader.max_entry_bytes;
    o.max_ratio = options.reader.max_ratio;
    o.ratio_grace_bytes = options.reader.ratio_grace_bytes;
    return o;
  }

  // True for Spark event logs (plain or compressed), parts of rolling ones, and their
  // appstatus markers, which are empty files.
  static bool IsEventLogEntry(std::string_view path, std::string_view head, std::string_view kind) {
    if (kind == "event_log" || ParseEventLogName(path).status_marker) return true;
    if (kind == "compressed" && IsCompressedEventLog(head)) return true;
    EventLogCodec codec = DetectEventLogCodec(path, head);
    return kind != "json" && (codec == EventLogCodec::kSnappy || codec == EventLogCodec::kLzf);
  }

  void Drain(EntryStream& stream) {
    char* buf = chunk_.get();
    while (true) {
      Result<size_t> n = stream.Read(buf, kChunkBytes);
      if (!n || *n == 0) break;
    }
  }

  void Record(const BundleEntry& entry, EntryStream& stream, std::string_view kind,
              std::string_view status, std::string_view detail, int64_t rows) {
    if (status == "loaded" || status == "partial") {
      ++result_.loaded;
    } else if (status == "skipped") {
      ++result_.skipped;
    } else {
      ++result_.failed;
    }
    RecordRow(entry.path, static_cast<int64_t>(stream.bytes_read()), kind, status, detail, rows);
  }

  void RecordRow(const std::string& path, std::optional<int64_t> bytes, std::string_view kind,
                 std::string_view status, std::string_view detail, int64_t rows) {
    Statement& st = *insert_file_;
    st.Bind(1, path);
    st.Bind(2, bytes);
    st.Bind(3, kind);
    st.Bind(4, status);
    st.Bind(5, detail);
    st.Bind(6, rows);
    if (Status s = st.Run(); !s) ctx_.AddError(path, 0, s.error().ToString());
  }

  Status LoadJson(const BundleEntry& entry, EntryStream& stream, std::string text, bool damaged,
                  Error read_error) {
    char* buf = chunk_.get();
    bool too_large = false;
    while (!damaged) {
      Result<size_t> n = stream.Read(buf, kChunkBytes);
      if (!n) {
        damaged = true;
        read_error = n.error();
        break;
      }
      if (*n == 0) break;
      if (text.size() + *n > ctx_.limits().max_json_bytes) {
        too_large = true;
        break;
      }
      text.append(buf, *n);
    }
    if (too_large) {
      if (FirstLineIsJsonObject(text)) {
        // A JSON-lines log (Spark 4 layout) larger than a JSON document may be.
        return ContinueAsLog(entry, stream, text);
      }
      Drain(stream);
      std::string detail = fmt::format("JSON entry larger than {} bytes was not parsed",
                                       ctx_.limits().max_json_bytes);
      ctx_.AddError(entry.path, 0, detail, "raise the limit with --max-json-bytes");
      Record(entry, stream, "other", "failed", detail, 0);
      return Ok();
    }
    if (damaged) {
      ctx_.AddError(entry.path, 0, read_error.ToString(), read_error.help);
      Record(entry, stream, "other", "failed",
             fmt::format("{} after {} bytes", read_error.what, stream.bytes_read()), 0);
      return Ok();
    }
    simdjson::padded_string padded(text);
    EntryOutcome outcome = LoadJsonEntry(ctx_, entry.path, padded);
    if (outcome.not_json && FirstLineIsJsonObject(text)) {
      return ContinueAsLog(entry, stream, text);
    }
    if (outcome.status == "failed") ctx_.AddError(entry.path, 0, outcome.detail);
    Record(entry, stream, outcome.kind, outcome.status, outcome.detail, outcome.rows);
    return Ok();
  }

  Status ContinueAsLog(const BundleEntry& entry, EntryStream& stream, std::string_view already) {
    return LoadLog(entry, stream, already, false, {});
  }

  Status LoadLog(const BundleEntry& entry, EntryStream& stream, std::string_view head, bool damaged,
                 Error read_error) {
    LogFileInfo info = LogFileInfoFromPath(entry.path);
    if (Status s = logs_.Begin(info); !s) return s;
    logs_.Feed(head);
    if (!damaged && (entry.size < 0 || entry.size > static_cast<int64_t>(kReadAheadBytes))) {
      // A large log: a second thread decompresses while this one reads records; the line
      // scan for the patterns and the parse of each line run on whichever of the two has
      // time.
      const PatternSet& patterns = patterns_;
      const size_t max_line = ctx_.limits().max_line_bytes;
      ReadAhead<PreparedLogChunk> ahead(
          stream,
          [&patterns, max_line](std::string_view bytes, PreparedLogChunk* prepared) {
            PrepareLogChunk(patterns, bytes, max_line, prepared);
          },
          &read_ahead_pool_);
      while (auto chunk = ahead.Next()) {
        logs_.Feed(chunk->bytes, chunk->marks);
      }
      if (ahead.error()) {
        damaged = true;
        read_error = *ahead.error();
      }
    }
    char* buf = chunk_.get();
    while (!damaged) {
      Result<size_t> n = stream.Read(buf, kChunkBytes);
      if (!n) {
        damaged = true;
        read_error = n.error();
        break;
      }
      if (*n == 0) break;
      logs_.Feed(std::string_view(buf, *n));
    }
    LogFileSummary sum = logs_.Finish();
    std::string detail = fmt::format("{} lines, {} records ({} stored), {} pattern matches{}",
                                     sum.lines, sum.records, sum.records_stored, sum.matches,
                                     sum.format.empty() ? "" : ", format " + sum.format);
    if (damaged) {
      ctx_.AddError(entry.path, 0, read_error.ToString(), read_error.help);
      detail += fmt::format("; reading stopped: {}", read_error.what);
    }
    Record(entry, stream, "log", damaged ? "partial" : "loaded", detail,
           sum.records_stored + sum.matches);
    return Ok();
  }

  LoadContext& ctx_;
  const PatternSet& patterns_;
  LogLoader logs_;
  EventLogLoader event_logs_;
  std::optional<Statement> insert_file_;
  std::unordered_set<std::string> seen_paths_;          // paths of the entries delivered so far
  AlignedBytes peek_ = MakeAlignedBytes(kPeekBytes);    // the first bytes of an entry
  AlignedBytes chunk_ = MakeAlignedBytes(kChunkBytes);  // read buffer for the rest
  ReadAhead<PreparedLogChunk>::Pool read_ahead_pool_;   // buffers of large logs
  LoadResult result_;
};

}  // namespace

std::string SniffContent(std::string_view path, std::string_view head) {
  auto b = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  bool zstd = head.size() >= 4 && b(0) == 0x28 && b(1) == 0xb5 && b(2) == 0x2f && b(3) == 0xfd;
  bool lz4_block = head.starts_with("LZ4Block");
  bool gzip = head.size() >= 2 && b(0) == 0x1f && b(1) == 0x8b;
  bool snappy = head.size() >= 8 && b(0) == 0x82 && head.substr(1, 6) == "SNAPPY";
  if (zstd || lz4_block || gzip || snappy) {
    bool event_log_name = path.find("eventlog") != std::string_view::npos ||
                          path.find("events_") != std::string_view::npos ||
                          path.ends_with(".zstd") || path.ends_with(".lz4") ||
                          path.ends_with(".snappy") || path.ends_with(".lzf");
    return event_log_name ? "event_log" : "compressed";
  }
  std::string_view probe = head.substr(0, std::min<size_t>(head.size(), 8192));
  size_t nuls = static_cast<size_t>(std::count(probe.begin(), probe.end(), '\0'));
  if (nuls > 0 && nuls * 16 > probe.size() + 16) return "binary";
  std::string_view s = SkipBomAndSpace(head);
  if (IsEventLogStart(s)) return "event_log";
  if (s.starts_with("{") || s.starts_with("[")) return "json";
  return "log";
}

Result<LoadResult> LoadBundle(const std::filesystem::path& path, Database& db,
                              const PatternSet& patterns, const LoadOptions& options) {
  LoadContext ctx(db, options.load);
  Transaction tx(db);
  Ingest ingest(ctx, patterns, options);
  if (Status s = ingest.Prepare(); !s) return s.error();
  Result<ReadSummary> read = ReadBundle(path, options.reader, ingest, options.read_progress);
  if (!read) return read.error();
  if (Status s = ingest.FinishEventLogs(); !s) return s.error();
  if (Status s = FinishJsonLoading(ctx); !s) return s.error();
  // The collector marks logs it cut to their tail; the log tables say so too.
  if (Status s = db.Exec("UPDATE log_files SET truncated = 1 WHERE path IN "
                         "(SELECT path FROM manifest_items WHERE status = 'truncated')");
      !s) {
    return s.error();
  }
  auto meta = db.Prepare("INSERT OR REPLACE INTO bundle_meta(key, value) VALUES (?, ?)");
  if (!meta) return meta.error();
  for (auto [k, v] : std::initializer_list<std::pair<std::string_view, std::string>>{
           {"source", path.string()},
           {"container", read->container},
           {"top_folder", read->top_folder},
           {"complete", read->complete ? "1" : "0"}}) {
    meta->Bind(1, k);
    meta->Bind(2, v);
    if (Status s = meta->Run(); !s) return s.error();
  }
  if (Status s = db.CreateIndexes(); !s) return s.error();
  if (Status s = SummarizeStageTasks(db); !s) return s.error();
  if (Status s = tx.Commit(); !s) return s.error();
  LoadResult result = ingest.result();
  result.read = *read;
  result.load_errors = db.CountRows("load_errors");
  if (read->entries == 0) {
    return Error{"the bundle holds no files",
                 path.string(),
                 {},
                 "check that the archive or folder is the incident bundle"};
  }
  if (result.loaded == 0) {
    return Error{"nothing in the bundle could be analysed", path.string(),
                 fmt::format("{} entries: {} skipped, {} failed or rejected", read->entries,
                             result.skipped, result.failed),
                 "run `sparkpm load` and look at bundle_files and load_errors for each entry"};
  }
  return result;
}

}  // namespace sparkpm
