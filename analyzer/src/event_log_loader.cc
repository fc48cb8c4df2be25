// The event log loader's entry side: names and codecs, the decode -> line split -> parse
// pipeline, malformed and cut lines, rolling parts, and the bundle_files outcome. The
// events themselves are replayed by AppReplay (event_log_replay.h).
#include "sparkpm/event_log_loader.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#include "aligned_bytes.h"
#include "event_log_events.h"
#include "event_log_replay.h"
#include "event_log_rows.h"
#include "json_loaders_internal.h"
#include "sparkpm/event_log_codecs.h"

namespace sparkpm {
namespace {

using event_log::AppKey;
using event_log::AppReplay;
using event_log::EventKind;
using event_log::EventLogFileRow;
using event_log::EventParser;
using event_log::RowWriter;
using event_log::SourceRef;

constexpr size_t kReadChunk = 1 << 20;
constexpr std::string_view kInProgress = ".inprogress";

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view DirName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

// Drops ".inprogress" and one codec suffix from a file name.
std::string_view StripSuffixes(std::string_view name, bool* in_progress) {
  *in_progress = name.ends_with(kInProgress);
  if (*in_progress) name.remove_suffix(kInProgress.size());
  for (std::string_view codec : {".zstd", ".zst", ".lz4", ".snappy", ".lzf"}) {
    if (name.size() > codec.size() && name.ends_with(codec)) {
      name.remove_suffix(codec.size());
      break;
    }
  }
  return name;
}

// Shortens bundle text for a message.
std::string Clip(std::string_view text, size_t max = 80) {
  std::string out;
  for (char c : text.substr(0, max)) out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
  if (text.size() > max) out += "...";
  return out;
}

std::string AppLabel(const AppKey& key) {
  if (key.attempt_id.empty()) return fmt::format("app {}", key.app_id);
  return fmt::format("app {} attempt {}", key.app_id, key.attempt_id);
}

// A piece of decoded text with simdjson's padding allocated after it, so that lines
// inside it can be parsed in place.
struct Chunk {
  AlignedBytes data;
  size_t size = 0;
  size_t capacity = 0;  // usable bytes; SIMDJSON_PADDING more are allocated

  Chunk() = default;
  Chunk(Chunk&& other) noexcept { *this = std::move(other); }
  Chunk& operator=(Chunk&& other) noexcept {
    data = std::move(other.data);
    size = std::exchange(other.size, 0);
    capacity = std::exchange(other.capacity, 0);
    return *this;
  }

  // Makes room for n bytes, keeping the contents.
  void Reserve(size_t n) {
    if (data != nullptr && capacity >= n) return;
    AlignedBytes next = MakeAlignedBytes(n + simdjson::SIMDJSON_PADDING);
    if (size > 0) std::memcpy(next.get(), data.get(), size);
    std::memset(next.get() + n, ' ', simdjson::SIMDJSON_PADDING);
    data = std::move(next);
    capacity = n;
  }
  // Returns the padded bytes from offset on (what simdjson may read).
  size_t PaddedFrom(size_t offset) const { return capacity + simdjson::SIMDJSON_PADDING - offset; }
};

// Splits chunks into lines. A line inside one chunk is handed out in place; only the
// pieces of a line that spans chunks are copied, into a carry buffer. Lines longer than
// the limit are skipped and reported.
class LineSplitter {
 public:
  using LineFn = std::function<void(std::string_view line, size_t capacity)>;

  LineSplitter(size_t max_line, LineFn on_line, std::function<void(int64_t)> on_long_line)
      : max_line_(max_line), on_line_(std::move(on_line)), on_long_line_(std::move(on_long_line)) {}

  // Hands out every line the chunk completes.
  void Feed(const Chunk& chunk) {
    const char* base = chunk.data.get();
    const char* p = base;
    const char* end = base + chunk.size;
    if (carry_.size > 0 || skipping_) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
      if (nl == nullptr) {
        Carry(p, end - p);
        return;
      }
      ++lines_;
      if (skipping_) {
        skipping_ = false;
      } else if (carry_.size + (nl - p) > max_line_) {
        on_long_line_(lines_);
      } else {
        Carry(p, nl - p);
        Emit(carry_.data.get(), carry_.size, carry_.PaddedFrom(0));
      }
      carry_.size = 0;
      p = nl + 1;
    }
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
      if (nl == nullptr) {
        Carry(p, end - p);
        return;
      }
      ++lines_;
      size_t len = static_cast<size_t>(nl - p);
      if (len > max_line_) {
        on_long_line_(lines_);
      } else {
        Emit(p, len, chunk.PaddedFrom(static_cast<size_t>(p - base)));
      }
      p = nl + 1;
    }
  }

  // Returns the bytes after the last newline (a line without its end).
  std::string_view Rest() const { return std::string_view(carry_.data.get(), carry_.size); }
  int64_t lines() const { return lines_; }
  bool skipping() const { return skipping_; }

 private:
  void Emit(const char* p, size_t len, size_t capacity) {
    if (len > 0 && p[len - 1] == '\r') --len;
    on_line_(std::string_view(p, len), capacity);
  }

  // Keeps the start of a line that continues in the next chunk.
  void Carry(const char* p, size_t n) {
    if (skipping_) return;
    if (carry_.size + n > max_line_) {
      skipping_ = true;
      carry_.size = 0;
      on_long_line_(lines_ + 1);
      return;
    }
    if (carry_.capacity < carry_.size + n)
      carry_.Reserve(std::max(carry_.capacity * 2, carry_.size + n));
    std::memcpy(carry_.data.get() + carry_.size, p, n);
    carry_.size += n;
  }

  size_t max_line_;
  LineFn on_line_;
  std::function<void(int64_t)> on_long_line_;
  Chunk carry_;
  int64_t lines_ = 0;
  bool skipping_ = false;
};

// Reads an entry on a thread of its own: the bundle stream (whose Read may decompress
// the bundle) and the event log codec, handing decoded chunks over through a short
// queue, so that decompression and parsing use both cores. Chunks are reused. The
// decoded size and ratio are bounded here.
class ChunkReader : public DecodedSink {
 public:
  ChunkReader(EntryStream& stream, EventLogDecoder& decoder, EventLogCodec codec,
              const EventLogOptions& options)
      : stream_(stream), decoder_(decoder), codec_(codec), options_(options) {}
  ~ChunkReader() { Join(); }
  ChunkReader(const ChunkReader&) = delete;
  ChunkReader& operator=(const ChunkReader&) = delete;

  // Starts reading; head holds the bytes already read, read_error what stopped that.
  void Start(std::string_view head, const Error* read_error) {
    thread_ = std::thread([this, head = std::string(head), read_error] { Run(head, read_error); });
  }
  // Waits for the next decoded chunk; false once everything was handed out.
  bool Next(Chunk* chunk) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return !full_.empty() || done_; });
    if (full_.empty()) return false;
    *chunk = std::move(full_.front());
    full_.pop_front();
    cv_.notify_all();
    return true;
  }
  // Gives a chunk's memory back for reuse.
  void Recycle(Chunk chunk) {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_.size() < kPooledChunks) free_.push_back(std::move(chunk));
  }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  bool stopped() const { return stopped_; }
  const Error& stop_error() const { return stop_error_; }
  const Status& finish() const { return finish_; }
  uint64_t fed() const { return fed_; }

  // The free end of the current chunk, for the decoder to decode into (DecodedSink).
  std::span<char> Room() override {
    if (current_.size >= kReadChunk) Hand();
    return {current_.data.get() + current_.size, kReadChunk - current_.size};
  }
  Status Commit(size_t n) override {
    current_.size += n;
    return Ok();
  }

  // Collects decoder output into chunks (DecodedSink).
  Status Write(std::string_view bytes) override {
    while (!bytes.empty()) {
      size_t take = std::min(bytes.size(), kReadChunk - current_.size);
      std::memcpy(current_.data.get() + current_.size, bytes.data(), take);
      current_.size += take;
      bytes.remove_prefix(take);
      if (current_.size >= kReadChunk) Hand();
    }
    return Ok();
  }

 private:
  static constexpr size_t kQueuedChunks = 4;
  static constexpr size_t kPooledChunks = 8;

  // Makes current_ an empty chunk of kReadChunk bytes, reused when possible.
  void FreshChunk() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        current_ = std::move(free_.back());
        free_.pop_back();
      }
    }
    current_.size = 0;
    current_.Reserve(kReadChunk);
  }

  // Queues current_ for the parser (waiting while the queue is full) and starts a new one.
  void Hand() {
    if (current_.size > 0) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return full_.size() < kQueuedChunks; });
      full_.push_back(std::move(current_));
      cv_.notify_all();
    }
    FreshChunk();
  }

  // Returns false (and records why) when the decoded size or ratio is over the limit.
  bool WithinLimits() {
    uint64_t decoded = codec_ == EventLogCodec::kPlain ? fed_ : decoder_.decoded_bytes();
    bool ratio = codec_ != EventLogCodec::kPlain && decoded > options_.ratio_grace_bytes &&
                 static_cast<double>(decoded) > options_.max_ratio * static_cast<double>(fed_);
    if (decoded <= options_.max_decoded_bytes && !ratio) return true;
    Stop(Error{fmt::format("decompressed event log exceeds the limit ({} bytes, ratio "
                           "{:.0f}:1); the rest was not read",
                           decoded, options_.max_ratio),
               {},
               {},
               "raise --max-entry-bytes or --max-ratio if the log is genuine"});
    return false;
  }

  void Stop(Error e) {
    stopped_ = true;
    stop_error_ = std::move(e);
  }

  // Feeds bytes of the entry through the codec.
  bool Feed(std::string_view bytes) {
    fed_ += bytes.size();
    if (Status s = decoder_.Decode(bytes, *this); !s) {
      Stop(s.error());
      return false;
    }
    return WithinLimits();
  }

  void Run(const std::string& head, const Error* read_error) {
    FreshChunk();
    bool go = Feed(head);
    if (read_error != nullptr) {
      Stop(*read_error);
      go = false;
    }
    AlignedBytes raw = MakeAlignedBytes(kReadChunk);
    while (go) {
      if (codec_ == EventLogCodec::kPlain) {
        // Plain text is read straight into the chunk.
        if (current_.size == kReadChunk) Hand();
        Result<size_t> n =
            stream_.Read(current_.data.get() + current_.size, kReadChunk - current_.size);
        if (!n) Stop(n.error());
        if (!n || *n == 0) break;
        current_.size += *n;
        fed_ += *n;
        go = WithinLimits();
      } else {
        Result<size_t> n = stream_.Read(raw.get(), kReadChunk);
        if (!n) Stop(n.error());
        if (!n || *n == 0) break;
        go = Feed(std::string_view(raw.get(), *n));
      }
    }
    Hand();
    if (stopped_) {
      // Read the rest of the entry so that the bundle reader can go on.
      while (true) {
        Result<size_t> n = stream_.Read(raw.get(), kReadChunk);
        if (!n || *n == 0) break;
      }
    } else {
      finish_ = decoder_.Finish();
    }
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
    cv_.notify_all();
  }

  EntryStream& stream_;
  EventLogDecoder& decoder_;
  EventLogCodec codec_;
  const EventLogOptions& options_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Chunk> full_;
  std::vector<Chunk> free_;
  Chunk current_;  // used by the reader thread only
  bool done_ = false;
  // Written by the reader thread, read after Join().
  bool stopped_ = false;
  Error stop_error_;
  Status finish_;
  uint64_t fed_ = 0;
};

// An event read before the application was named (held with its own padding).
struct PendingLine {
  simdjson::padded_string text;
  EventKind kind;
  SourceRef where;
};

// One application attempt's log: a single file, or every part of a rolling folder.
struct AppLog {
  std::unique_ptr<AppReplay> replay;
  std::vector<PendingLine> pending;
  size_t pending_bytes = 0;
  std::string env_app_id;
  std::string env_attempt_id;
  std::string name_hint;
  std::string rolling_dir;
  std::optional<int64_t> last_part;
  bool out_of_order = false;
  bool marker_in_progress = false;
  bool truncated = false;
  std::vector<EventLogFileRow> files;
};

}  // namespace

EventLogName ParseEventLogName(std::string_view path) {
  EventLogName out;
  std::string_view base = BaseName(path);
  std::string_view dir = DirName(path);
  std::string_view stem = StripSuffixes(base, &out.in_progress);
  constexpr std::string_view kRollingPrefix = "eventlog_v2_";
  // Parts name their application too, so a folder given as the bundle itself still works.
  auto folder_for = [&](std::string_view app) {
    if (BaseName(dir).starts_with(kRollingPrefix)) return std::string(dir);
    std::string folder = dir.empty() ? std::string() : std::string(dir) + "/";
    return folder + std::string(kRollingPrefix) + std::string(app);
  };
  if (stem.starts_with("appstatus_") && stem.size() > 10) {
    out.app_hint = std::string(stem.substr(10));
    out.rolling_dir = folder_for(out.app_hint);
    out.status_marker = true;
    return out;
  }
  if (stem.starts_with("events_")) {
    std::string_view rest = stem.substr(7);
    size_t underscore = rest.find('_');
    std::string_view digits = rest.substr(0, underscore);
    if (underscore != std::string_view::npos && underscore + 1 < rest.size() && !digits.empty() &&
        digits.size() < 10 && digits.find_first_not_of("0123456789") == std::string_view::npos) {
      out.app_hint = std::string(rest.substr(underscore + 1));
      out.rolling_dir = folder_for(out.app_hint);
      out.part = std::stoll(std::string(digits));
      return out;
    }
  }
  if (json_internal::LooksLikeSparkAppId(stem)) out.app_hint = std::string(stem);
  return out;
}

bool IsCompressedEventLog(std::string_view head) {
  EventLogCodec codec = DetectEventLogCodec({}, head);
  if (codec != EventLogCodec::kZstd && codec != EventLogCodec::kLz4) return false;
  auto decoder = EventLogDecoder::Create(codec);
  if (!decoder) return false;
  struct Collect : DecodedSink {
    std::string out;
    Status Write(std::string_view b) override {
      if (out.size() < 4096) out.append(b.substr(0, 4096 - out.size()));
      return Ok();
    }
  } collect;
  (void)(*decoder)->Decode(head, collect);
  std::string_view s = collect.out;
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  return s.starts_with("{\"Event\":");
}

struct EventLogLoader::Impl {
  Impl(LoadContext& c, EventLogOptions o) : ctx(c), options(o), rows(c) {}

  LoadContext& ctx;
  EventLogOptions options;
  RowWriter rows;
  EventParser parser;
  std::map<std::string, std::unique_ptr<AppLog>> rolling;  // by folder
  std::map<std::string, bool> markers;                     // folder -> in progress

  // The file being read.
  struct FileRun {
    std::string path;
    AppLog* app = nullptr;
    EventLogFileRow row;
    int64_t errors_recorded = 0;
    int64_t long_lines = 0;
    int64_t lines_before = 0;
    SourceRef where;  // path and the current line, reused so no line copies the path
  };
  FileRun file;

  // Names the application from what the log said, else from the path.
  AppKey FallbackKey(const AppLog& log, bool* guessed) {
    *guessed = false;
    if (!log.env_app_id.empty()) return {log.env_app_id, log.env_attempt_id};
    *guessed = true;
    if (!log.name_hint.empty()) return {log.name_hint, ""};
    return {"unknown", ""};
  }

  void Identify(AppLog& log, AppKey key) {
    log.replay = std::make_unique<AppReplay>(rows, std::move(key));
    std::vector<PendingLine> pending = std::move(log.pending);
    log.pending.clear();
    log.pending_bytes = 0;
    for (PendingLine& p : pending) {
      EventKind kind = p.kind;
      if (parser.Parse(std::string_view(p.text.data(), p.text.size()),
                       p.text.size() + simdjson::SIMDJSON_PADDING, &kind) == simdjson::SUCCESS) {
        log.replay->Apply(kind, parser, p.where);
      }
    }
  }

  void IdentifyByFallback(AppLog& log, const std::string& path) {
    bool guessed = false;
    AppKey key = FallbackKey(log, &guessed);
    if (guessed) {
      rows.Error(path, 0,
                 fmt::format("the event log names no application (no "
                             "SparkListenerApplicationStart, or none within its first {} MiB "
                             "of events); its rows are stored for application \"{}\" taken "
                             "from the file name",
                             options.max_pending_bytes >> 20, key.app_id),
                 "check that the file is a complete Spark event log (its first part, for a "
                 "rolling log)",
                 "warning");
    }
    Identify(log, std::move(key));
  }

  void RecordMalformed(int64_t line, std::string_view what, std::string_view text,
                       std::string_view severity = "error") {
    ++file.row.malformed_lines;
    if (file.errors_recorded >= options.max_line_errors) return;
    ++file.errors_recorded;
    rows.Error(file.path, line,
               fmt::format("line {} is not a Spark event: {} (starts with \"{}\")", line, what,
                           Clip(text, 60)),
               "the line was skipped and the rest of the log loaded; compare it with the "
               "original event log",
               severity);
  }

  void HandleLine(std::string_view line, size_t capacity, int64_t line_no, bool last_partial) {
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) return;
    std::string_view name;
    EventKind kind = event_log::EventKindOf(line, &name);
    simdjson::error_code e = parser.Parse(line, capacity, &kind);
    if (line.size() > (8u << 20)) parser.ReleaseLargeBuffers();
    if (e != simdjson::SUCCESS) {
      if (last_partial) {
        file.row.truncated = true;
        rows.Error(file.path, line_no,
                   fmt::format("the last line ({} bytes) is cut: the log was still being "
                               "written or the copy was cut; the events before it are loaded",
                               line.size()),
                   {}, "warning");
        return;
      }
      RecordMalformed(line_no,
                      e == simdjson::NO_SUCH_FIELD ? std::string_view("no \"Event\" field")
                                                   : std::string_view(simdjson::error_message(e)),
                      line);
      return;
    }
    if (auto t = parser.time_ms(); t && *t > 0) {
      if (!file.row.first_ms || *t < *file.row.first_ms) file.row.first_ms = t;
      if (!file.row.last_ms || *t > *file.row.last_ms) file.row.last_ms = t;
    }
    if (kind == EventKind::kUnknown) {
      ++file.row.ignored_events;
      return;
    }
    ++file.row.events;
    if (kind == EventKind::kApplicationEnd) file.row.has_application_end = true;
    AppLog& log = *file.app;
    file.where.line = line_no;  // where.path is set with path when the file starts
    const SourceRef& where = file.where;
    if (log.replay) {
      log.replay->Apply(kind, parser, where);
      return;
    }
    if (kind == EventKind::kApplicationStart) {
      const auto& start = parser.app_start();
      AppKey key{start.app_id.value_or(""), start.attempt_id.value_or("")};
      if (key.app_id.empty()) {
        bool guessed = false;
        key = FallbackKey(log, &guessed);
      }
      // Identify re-parses the held lines; then this line is parsed again.
      Identify(log, std::move(key));
      EventKind again = kind;
      if (parser.Parse(line, capacity, &again) == simdjson::SUCCESS) {
        log.replay->Apply(again, parser, where);
      }
      return;
    }
    if (kind == EventKind::kEnvironmentUpdate) {
      for (const auto& [k, v] : parser.environment().spark_properties) {
        if (k == "spark.app.id") log.env_app_id = v;
        if (k == "spark.app.attempt.id") log.env_attempt_id = v;
      }
    }
    log.pending_bytes += line.size();
    log.pending.push_back({simdjson::padded_string(line), kind, where});
    if (log.pending_bytes > options.max_pending_bytes) IdentifyByFallback(log, file.path);
  }

  // Writes the application's rows and notes an incomplete log.
  void FinishApp(AppLog& log) {
    if (!log.replay)
      IdentifyByFallback(log, log.files.empty() ? std::string() : log.files.back().path);
    AppReplay& replay = *log.replay;
    replay.Finish();
    bool in_progress = log.marker_in_progress;
    for (const auto& f : log.files) in_progress = in_progress || f.in_progress;
    bool complete = replay.ended() && !log.truncated && !in_progress;
    std::string last_path = log.files.empty() ? std::string() : log.files.back().path;
    for (EventLogFileRow& f : log.files) {
      f.app_id = replay.key().app_id;
      f.attempt_id = replay.key().attempt_id;
      f.complete = complete;
      rows.EventLogFile(f);
    }
    if (complete) return;
    std::string why;
    if (in_progress) {
      why = "it is marked .inprogress (the application was still running when it was copied)";
    } else if (!replay.ended()) {
      why =
          "it ends without SparkListenerApplicationEnd (the application was still running, "
          "or the log was cut)";
    } else {
      why = "its end is cut";
    }
    rows.Error(last_path, 0,
               fmt::format("the event log of {} is incomplete: {}; jobs, stages and tasks "
                           "still open are stored as RUNNING or ACTIVE",
                           AppLabel(replay.key()), why),
               "collect the event log again after the application has ended, or read the "
               "findings knowing the end is missing",
               "warning");
    if (!log.rolling_dir.empty()) {
      rows.AppendFileDetail(last_path, "; the rolling log is incomplete: " + why);
    }
  }
};

EventLogLoader::EventLogLoader(LoadContext& ctx, EventLogOptions options)
    : impl_(std::make_unique<Impl>(ctx, options)) {}

EventLogLoader::~EventLogLoader() = default;

EntryOutcome EventLogLoader::LoadEntry(std::string_view path, std::string_view head,
                                       EntryStream& stream, const Error* read_error) {
  Impl& m = *impl_;
  EntryOutcome out;
  out.kind = "event_log";
  EventLogName name = ParseEventLogName(path);
  auto drain = [&]() {
    std::vector<char> buf(kReadChunk);
    while (true) {
      Result<size_t> n = stream.Read(buf.data(), buf.size());
      if (!n || *n == 0) break;
    }
  };

  if (name.status_marker) {
    drain();
    m.markers[name.rolling_dir] = name.in_progress;
    auto it = m.rolling.find(name.rolling_dir);
    if (it != m.rolling.end()) it->second->marker_in_progress = name.in_progress;
    out.status = "loaded";
    out.detail = name.in_progress ? fmt::format(
                                        "status marker of the rolling event log of {}: in progress "
                                        "(.inprogress), the application had not ended",
                                        name.app_hint)
                                  : fmt::format(
                                        "status marker of the rolling event log of {}: the "
                                        "application had ended",
                                        name.app_hint);
    return out;
  }

  EventLogCodec codec = DetectEventLogCodec(path, head);
  EventLogFileRow row;
  row.path = std::string(path);
  row.codec = std::string(EventLogCodecName(codec));
  row.rolling_part = name.part;
  row.in_progress = name.in_progress;
  auto decoder = EventLogDecoder::Create(codec);
  if (!decoder) {
    drain();
    row.bytes = static_cast<int64_t>(stream.bytes_read());
    m.rows.EventLogFile(row);
    m.rows.Error(path, 0, decoder.error().ToString(), decoder.error().help);
    out.status = "failed";
    out.detail =
        fmt::format("Spark event log with {}: {}", decoder.error().what, decoder.error().help);
    m.rows.Flush();
    return out;
  }

  // The application this file belongs to.
  std::unique_ptr<AppLog> single;
  AppLog* app = nullptr;
  if (!name.rolling_dir.empty()) {
    auto& slot = m.rolling[name.rolling_dir];
    if (!slot) {
      slot = std::make_unique<AppLog>();
      slot->rolling_dir = name.rolling_dir;
      slot->name_hint = name.app_hint;
      auto marker = m.markers.find(name.rolling_dir);
      if (marker != m.markers.end()) slot->marker_in_progress = marker->second;
    }
    app = slot.get();
    if (app->last_part && name.part && *name.part != *app->last_part + 1 && !app->out_of_order) {
      app->out_of_order = true;
      m.rows.Error(path, 0,
                   fmt::format("rolling event log parts arrive out of order (part {} after part "
                               "{}); they are loaded in bundle order, so counts of stages and "
                               "jobs that span the parts may differ from Spark's",
                               *name.part, *app->last_part),
                   "put the parts in the bundle in numeric order (events_1, events_2, ..., "
                   "events_10), e.g. tar them with their names sorted by number",
                   "warning");
    }
    if (name.part) app->last_part = std::max(app->last_part.value_or(0), *name.part);
  } else {
    single = std::make_unique<AppLog>();
    single->name_hint = name.app_hint;
    app = single.get();
  }

  m.file = Impl::FileRun();
  m.file.path = std::string(path);
  m.file.where.path = m.file.path;
  m.file.app = app;
  m.file.row = row;
  int64_t tasks_before = app->replay ? app->replay->counts().tasks : 0;
  int64_t failed_before = app->replay ? app->replay->counts().failed_tasks : 0;

  LineSplitter lines(
      m.options.max_line_bytes,
      [&](std::string_view line, size_t capacity) {
        m.HandleLine(line, capacity, lines.lines(), false);
      },
      [&](int64_t line_no) {
        ++m.file.long_lines;
        m.RecordMalformed(line_no, fmt::format("longer than {} bytes", m.options.max_line_bytes),
                          "");
      });

  // A reader thread pulls the entry out of the bundle (libarchive's decompression) and
  // through the event log codec; this thread splits and parses the lines.
  ChunkReader reader(stream, **decoder, codec, m.options);
  reader.Start(head, read_error);
  Chunk chunk;
  while (reader.Next(&chunk)) {
    lines.Feed(chunk);
    reader.Recycle(std::move(chunk));
  }
  reader.Join();
  bool stopped = reader.stopped();
  Error stop_error = reader.stop_error();
  uint64_t fed = reader.fed();
  if (stopped) {
    m.file.row.truncated = true;
    m.rows.Error(path, lines.lines() + 1, stop_error.ToString(), stop_error.help);
  } else if (Status s = reader.finish(); !s) {
    m.file.row.truncated = true;
    m.rows.Error(path, lines.lines() + 1, fmt::format("{}: {}", s.error().what, s.error().why),
                 "the events before the cut are loaded", "warning");
  }
  // A last line without its newline: complete JSON is fine, anything else is a cut line.
  std::string_view rest = lines.Rest();
  if (!rest.empty() && !lines.skipping()) {
    std::string tail(rest);
    simdjson::padded_string padded(tail);
    m.HandleLine(std::string_view(padded.data(), padded.size()),
                 padded.size() + simdjson::SIMDJSON_PADDING, lines.lines() + 1, true);
  }
  EventLogFileRow& r = m.file.row;
  r.bytes = static_cast<int64_t>(stream.bytes_read());
  r.decoded_bytes =
      static_cast<int64_t>(codec == EventLogCodec::kPlain ? fed : (*decoder)->decoded_bytes());
  r.lines = lines.lines() + (rest.empty() ? 0 : 1);
  if (r.truncated) app->truncated = true;
  app->files.push_back(r);

  // Describe the file.
  bool has_events = r.events > 0;
  std::string what = name.part ? fmt::format("part {} of the rolling Spark event log", *name.part)
                               : std::string("Spark event log");
  if (codec != EventLogCodec::kPlain) what += fmt::format(" ({})", EventLogCodecName(codec));
  std::string counts = fmt::format("{} lines, {} events", r.lines, r.events);
  if (r.ignored_events > 0) counts += fmt::format(" ({} of kinds not used)", r.ignored_events);
  if (r.malformed_lines > 0) {
    counts += fmt::format(", {} malformed line{} skipped", r.malformed_lines,
                          r.malformed_lines == 1 ? "" : "s");
  }
  if (single) {
    m.FinishApp(*single);
    const event_log::ReplayCounts& c = single->replay->counts();
    out.rows = c.tasks + c.stages + c.jobs + c.executors;
    out.detail = fmt::format("{} of {}: {}; {} jobs, {} stages, {} tasks ({} failed), {} executors",
                             what, AppLabel(single->replay->key()), counts, c.jobs, c.stages,
                             c.tasks, c.failed_tasks, c.executors);
    bool in_progress = r.in_progress;
    if (!single->replay->ended() || r.truncated || in_progress) {
      out.detail += in_progress ? "; incomplete: .inprogress"
                                : (r.truncated ? "; incomplete: the end is cut"
                                               : "; incomplete: no SparkListenerApplicationEnd");
    }
  } else {
    int64_t tasks = app->replay ? app->replay->counts().tasks - tasks_before : 0;
    int64_t failed = app->replay ? app->replay->counts().failed_tasks - failed_before : 0;
    out.rows = tasks;
    std::string label = app->replay ? AppLabel(app->replay->key()) : "app " + name.app_hint;
    out.detail =
        fmt::format("{} of {}: {}; {} tasks ({} failed)", what, label, counts, tasks, failed);
  }
  if (stopped) out.detail += fmt::format("; reading stopped: {}", stop_error.what);
  if (!has_events && r.malformed_lines == 0 && !stopped) {
    out.status = "loaded";
    out.detail += "; no events";
  } else if (!has_events) {
    out.status = "failed";
  } else {
    out.status = (r.malformed_lines > 0 || stopped) ? "partial" : "loaded";
  }
  m.file = Impl::FileRun();
  // The caller writes bundle_files next: every row of this entry must be in by then.
  m.rows.Flush();
  return out;
}

Status EventLogLoader::Finish() {
  Impl& m = *impl_;
  for (auto& [dir, log] : m.rolling) m.FinishApp(*log);
  m.rolling.clear();
  m.rows.Flush();
  return Ok();
}

}  // namespace sparkpm
