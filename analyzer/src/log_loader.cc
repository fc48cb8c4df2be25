#include "sparkpm/log_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "log_chunk.h"
#include "log_record_parser.h"
#include "sparkpm/json_writer.h"

namespace sparkpm {
namespace {

// A record takes at most this many physical lines; the next line starts a new one.
constexpr int64_t kMaxRecordLines = 10'000;
// log_records.text is cut at this size.
constexpr size_t kMaxRecordTextBytes = 64 * 1024;
// pattern_matches.text is cut at this size.
constexpr size_t kMaxMatchTextBytes = 4 * 1024;
// The file format is decided by this many timed lines.
constexpr int kFormatVotes = 16;

// How the lines of a file were read; the order breaks ties between equal votes.
enum FormatVote { kVoteKubectl = 0, kVoteJson = 1, kVoteLog4j = 2, kVoteCount = 3 };
constexpr std::array<const char*, kVoteCount> kFormatNames = {"kubectl-timestamps", "log4j-json",
                                                              "log4j"};

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

}  // namespace

LogFileInfo LogFileInfoFromPath(std::string_view path) {
  LogFileInfo info;
  info.path = std::string(path);
  std::string_view p = path;
  if (p.starts_with("./")) p.remove_prefix(2);
  if (!p.starts_with("logs/")) return info;
  p.remove_prefix(5);
  size_t slash = p.find('/');
  if (slash == std::string_view::npos || slash == 0) return info;
  std::string_view pod = p.substr(0, slash);
  std::string_view file = p.substr(slash + 1);
  if (file.find('/') != std::string_view::npos) return info;
  std::string_view container;
  bool previous = false;
  if (file.ends_with(".previous.log")) {
    container = file.substr(0, file.size() - 13);
    previous = true;
  } else if (file.ends_with(".log")) {
    container = file.substr(0, file.size() - 4);
  }
  if (container.empty()) return info;
  info.pod = std::string(pod);
  info.container = std::string(container);
  info.previous = previous;
  return info;
}

struct LogLoader::Impl {
  // The record being assembled; its buffers are reused from record to record.
  struct Record {
    bool open = false;
    bool headed = false;  // started by a header line: any following plain line folds in
    int64_t line = 0;
    int64_t line_count = 0;
    std::optional<int64_t> time_ms;
    std::string_view level;  // canonical level (static storage) or empty
    // The record's fields: views into the line being read while the record is one line
    // of the current chunk (no copy for the many records never stored), else into the
    // *_buf strings (see OwnRecord).
    std::string_view logger, thread, message, text;
    std::string logger_buf, thread_buf, message_buf, text_buf;
    bool borrowed = false;  // the views point outside the *_buf strings
    // A text record's logger, thread, message and text are read from its header line only
    // when needed (most records are counted, not stored): header_raw is that line, valid
    // while the record is borrowed.
    bool fields_pending = false;
    bool header_exception = false;  // the header's message names an exception
    std::string_view header_raw;
    std::string exception_class, exception_message, cause_class, cause_message;
    bool has_exception = false, has_exception_message = false;
    bool has_cause = false, has_cause_message = false;
    bool matched = false;
  };

  Impl(LoadContext& c, const PatternSet& p, LogOptions o) : ctx(c), patterns(p), options(o) {
    Database& db = ctx.db();
    auto prepare = [&](std::optional<Statement>* out, std::string_view sql) {
      if (!prepared) return;
      auto st = db.Prepare(sql);
      if (!st) {
        prepared = st.error();
        return;
      }
      out->emplace(std::move(*st));
    };
    prepare(&insert_file,
            "INSERT INTO log_files(path, pod_name, container_name, previous, truncated) "
            "VALUES (?, ?, ?, ?, ?)");
    prepare(&update_file,
            "UPDATE log_files SET format = ?, bytes = ?, lines = ?, records = ?, "
            "records_stored = ?, error_records = ?, warn_records = ?, first_ms = ?, last_ms = ?, "
            "truncated = ? WHERE file_id = ?");
    prepare(&insert_record,
            "INSERT INTO log_records(file_id, line, line_count, time_ms, level, logger, thread, "
            "message, text, exception_class, exception_message, cause_class, cause_message) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    prepare(&insert_match,
            "INSERT INTO pattern_matches(pattern_id, file_id, line, match_line, time_ms, "
            "captures_json, text) VALUES (?, ?, ?, ?, ?, ?, ?)");
  }

  Status Begin(const LogFileInfo& info) {
    if (active) (void)Finish();
    if (!prepared) return prepared.error();
    summary = LogFileSummary{};
    path = info.path;
    info_truncated = info.truncated;
    error_records = warn_records = 0;
    first_ms.reset();
    last_ms.reset();
    votes.fill(0);
    total_votes = 0;
    store_error_reported = false;
    pending.clear();
    cutting = false;
    rec.open = false;

    insert_file->Bind(1, info.path);
    insert_file->Bind(2, info.pod);
    insert_file->Bind(3, info.container);
    insert_file->Bind(4, info.previous);
    insert_file->Bind(5, info.truncated);
    if (Status s = insert_file->Run(); !s) {
      Error e = s.error();
      e.what = "cannot add the log file: " + e.what;
      e.where = info.path;
      return e;
    }
    summary.file_id = ctx.db().LastInsertRowId();
    active = true;
    return Ok();
  }

  // Reads each line of chunk, as prepared (PrepareLogChunk over exactly this chunk, e.g.
  // on the thread that read it), or prepared here first when not given.
  void Feed(std::string_view chunk, const PreparedLogChunk* given) {
    if (!active) return;
    if (given == nullptr) {
      PrepareLogChunk(patterns, chunk, ctx.limits().max_line_bytes, &own_prepared);
      given = &own_prepared;
    }
    summary.bytes += static_cast<int64_t>(chunk.size());
    const size_t max_line = std::max<size_t>(ctx.limits().max_line_bytes, 1);
    size_t at = 0;
    for (size_t i = 0; i < given->line_count; ++i) {
      const PreparedLogChunk::Line& line = given->lines[i];
      std::string_view piece = chunk.substr(at, line.end - at);
      if (!pending.empty() || cutting) {
        // The line began in an earlier chunk: read it whole.
        AppendPending(piece, max_line);
        ProcessRawLine(pending, cutting, true);
        if (rec.open) OwnRecord();  // pending is reused
        pending.clear();
        cutting = false;
      } else if (line.flags & PreparedLogChunk::kParsed) {
        ProcessLine(PreparedLogChunk::Facts(chunk, at, line), false,
                    line.flags & PreparedLogChunk::kCandidate);
      } else {
        ProcessRawLine(piece.substr(0, max_line), true, line.flags & PreparedLogChunk::kCandidate);
      }
      at = line.end + 1;
    }
    if (at < chunk.size()) AppendPending(chunk.substr(at), max_line);
    if (rec.open) OwnRecord();  // the chunk's bytes are the caller's only until we return
  }

  LogFileSummary Finish() {
    if (!active) return summary;
    if (!pending.empty() || cutting) {
      ProcessRawLine(pending, cutting, true);
      if (rec.open) OwnRecord();  // its header may be the pending line
      pending.clear();
      cutting = false;
    }
    CloseRecord();
    active = false;
    summary.format = DecidedFormat();
    Statement& st = *update_file;
    st.Bind(1, summary.format);
    st.Bind(2, summary.bytes);
    st.Bind(3, summary.lines);
    st.Bind(4, summary.records);
    st.Bind(5, summary.records_stored);
    st.Bind(6, error_records);
    st.Bind(7, warn_records);
    st.Bind(8, first_ms);
    st.Bind(9, last_ms);
    st.Bind(10, info_truncated || summary.long_lines > 0);
    st.Bind(11, summary.file_id);
    if (Status s = st.Run(); !s) ReportStoreError(s.error());
    return summary;
  }

  // Adds bytes of a line still incomplete, keeping at most max_line of them.
  void AppendPending(std::string_view piece, size_t max_line) {
    if (cutting) return;
    size_t room = max_line - pending.size();
    if (piece.size() > room) {
      pending.append(piece.substr(0, room));
      cutting = true;
    } else {
      pending.append(piece);
    }
  }

  // Parses one physical line (cut at the limit when cut) and reads it.
  void ProcessRawLine(std::string_view raw, bool cut, bool may_match) {
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    ProcessLine(FactsOf(raw, ParseLogLine(raw)), cut, may_match);
  }

  // Reads one parsed physical line: starts or extends a record, then runs the patterns on
  // it (a text line only when may_match: the line scan found that a pattern may match it).
  void ProcessLine(const LogLineFacts& p, bool cut, bool may_match) {
    const int64_t line_no = ++summary.lines;
    if (cut) {
      ++summary.long_lines;
      if (summary.long_lines == 1) {
        ctx.AddError(path, line_no,
                     fmt::format("line {} longer than {} bytes was cut", line_no,
                                 ctx.limits().max_line_bytes),
                     "raise the limit with --max-line-bytes", "warning");
      }
    }
    const bool json =
        p.layout == LineLayout::kJsonCandidate && json_parser.Parse(p.body, &json_line);
    if (json || p.layout == LineLayout::kText) {
      Vote(p.kubectl_ms ? kVoteKubectl : json ? kVoteJson : kVoteLog4j);
      CloseRecord();
      if (json) {
        StartJsonRecord(line_no, p.kubectl_ms);
      } else {
        StartTextRecord(line_no, p);
      }
    } else {
      if (p.kubectl_ms) Vote(kVoteKubectl);
      const bool can_fold = rec.open && rec.line_count < kMaxRecordLines;
      if (can_fold && (rec.headed || ClassifyContinuation(p.body) != ContinuationKind::kNone)) {
        FoldLine(p.body);
      } else if (IsBlank(p.body)) {
        return;  // a blank line outside a record is no record
      } else {
        CloseRecord();
        StartPlainRecord(line_no, p);
      }
    }
    if (patterns.empty()) return;
    if (json) {
      MatchJsonRecord(line_no);
    } else if (may_match) {
      MatchLine(p.body, line_no);
    }
  }

  void Vote(FormatVote v) {
    if (total_votes >= kFormatVotes) return;
    ++votes[v];
    ++total_votes;
  }

  std::string DecidedFormat() const {
    if (total_votes == 0) return "plain";
    int best = 0;
    for (int v = 1; v < kVoteCount; ++v) {
      if (votes[v] > votes[best]) best = v;
    }
    return kFormatNames[best];
  }

  void StartRecord(bool headed, int64_t line_no, std::optional<int64_t> time_ms,
                   std::string_view level, std::string_view logger, std::string_view thread,
                   std::string_view message, std::string_view text) {
    rec.open = true;
    rec.headed = headed;
    rec.line = line_no;
    rec.line_count = 1;
    rec.time_ms = time_ms;
    rec.level = level;
    rec.logger = CapUtf8(logger, kMaxMatchTextBytes);
    rec.thread = CapUtf8(thread, kMaxMatchTextBytes);
    rec.message = CapUtf8(message, kMaxRecordTextBytes);
    rec.text = CapUtf8(text, kMaxRecordTextBytes);
    rec.borrowed = true;
    rec.fields_pending = false;
    rec.has_exception = rec.has_exception_message = false;
    rec.has_cause = rec.has_cause_message = false;
    rec.matched = false;
  }

  void StartTextRecord(int64_t line_no, const LogLineFacts& f) {
    StartRecord(true, line_no, f.time_ms, f.level, {}, {}, {}, {});
    rec.fields_pending = true;
    rec.header_exception = f.message_exception;
    rec.header_raw = f.raw;
    // The header's exception comes before any a later line of the record names.
    if (f.message_exception) ReadHeaderFields();
  }

  // Reads the open text record's logger, thread, message, text and exception from its
  // header line, if not done yet.
  void ReadHeaderFields() {
    if (!rec.fields_pending) return;
    rec.fields_pending = false;
    const ParsedLogLine p = ParseLogLine(rec.header_raw);
    const TextHeader& h = p.header;
    rec.logger = CapUtf8(h.logger, kMaxMatchTextBytes);
    rec.thread = CapUtf8(h.thread, kMaxMatchTextBytes);
    rec.message = CapUtf8(h.message, kMaxRecordTextBytes);
    rec.text = CapUtf8(p.body, kMaxRecordTextBytes);
    if (rec.header_exception) {
      if (auto e = FindExceptionInText(h.message)) SetException(*e);
    }
  }

  void StartJsonRecord(int64_t line_no, std::optional<int64_t> kubectl_ms) {
    const JsonLogLine& j = json_line;
    json_text.assign(j.message);
    if (!j.exception_class.empty()) {
      json_text += '\n';
      json_text += j.exception_class;
      if (j.has_exception_message) {
        json_text += ": ";
        json_text += j.exception_message;
      }
    }
    if (!j.stack.empty()) {
      json_text += '\n';
      json_text += j.stack;
    }
    StartRecord(true, line_no, kubectl_ms ? kubectl_ms : j.time_ms, j.level, j.logger, j.thread,
                j.message, json_text);
    OwnRecord();  // json_line and json_text are reused by the next line
    if (!j.exception_class.empty()) {
      ExceptionName e;
      e.class_name = j.exception_class;
      e.message = j.exception_message;
      e.has_message = j.has_exception_message;
      SetException(e);
    } else if (auto e = FindExceptionInText(j.message)) {
      SetException(*e);
    }
  }

  void StartPlainRecord(int64_t line_no, const LogLineFacts& p) {
    StartRecord(false, line_no, p.kubectl_ms, {}, {}, {}, p.body, p.body);
    NoteExceptions(p.body);
  }

  // Copies the open record's fields into its own buffers, before the bytes they point
  // at go away (the chunk ends, the pending line is reused) or the text grows.
  void OwnRecord() {
    ReadHeaderFields();
    if (!rec.borrowed) return;
    rec.borrowed = false;
    rec.logger_buf.assign(rec.logger);
    rec.thread_buf.assign(rec.thread);
    rec.message_buf.assign(rec.message);
    rec.text_buf.assign(rec.text);
    rec.logger = rec.logger_buf;
    rec.thread = rec.thread_buf;
    rec.message = rec.message_buf;
    rec.text = rec.text_buf;
  }

  // Adds a continuation line to the open record.
  void FoldLine(std::string_view body) {
    ++rec.line_count;
    OwnRecord();
    if (rec.text_buf.size() + 1 < kMaxRecordTextBytes) {
      rec.text_buf += '\n';
      rec.text_buf.append(CapUtf8(body, kMaxRecordTextBytes - rec.text_buf.size()));
      rec.text = rec.text_buf;
    }
    NoteExceptions(body);
  }

  // Records the exception or cause a record line names.
  void NoteExceptions(std::string_view body) {
    switch (ClassifyContinuation(body)) {
      case ContinuationKind::kCausedBy: {
        std::string_view rest = body.substr(10);
        while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
        if (auto e = ParseExceptionLine(rest)) {
          rec.cause_class.assign(e->class_name);
          rec.cause_message.assign(CapUtf8(e->message, kMaxMatchTextBytes));
          rec.has_cause = true;
          rec.has_cause_message = e->has_message;
          if (!rec.has_exception) SetException(*e);
        }
        break;
      }
      case ContinuationKind::kNone:
        if (!rec.has_exception && !body.empty()) {
          auto e = ParseExceptionLine(body);
          if (!e) e = FindExceptionInText(body);
          if (e) SetException(*e);
        }
        break;
      default:
        break;
    }
  }

  void SetException(const ExceptionName& e) {
    rec.exception_class.assign(CapUtf8(e.class_name, kMaxMatchTextBytes));
    rec.exception_message.assign(CapUtf8(e.message, kMaxMatchTextBytes));
    rec.has_exception = true;
    rec.has_exception_message = e.has_message;
  }

  // Counts the open record and stores it when the storage policy keeps it.
  void CloseRecord() {
    if (!rec.open) return;
    rec.open = false;
    ++summary.records;
    const bool error = rec.level == "ERROR" || rec.level == "FATAL";
    const bool warn = rec.level == "WARN";
    if (error) ++error_records;
    if (warn) ++warn_records;
    if (rec.time_ms) {
      if (!first_ms) first_ms = rec.time_ms;
      last_ms = rec.time_ms;
    }
    if (!(options.store_all_records || error || warn || rec.has_exception || rec.has_cause ||
          rec.matched)) {
      return;
    }
    if (!UnderRowLimit(&record_rows, &record_limit_reported, "log_records")) return;
    ReadHeaderFields();
    Statement& st = *insert_record;
    st.Bind(1, summary.file_id);
    st.Bind(2, rec.line);
    st.Bind(3, rec.line_count);
    st.Bind(4, rec.time_ms);
    BindOptional(st, 5, rec.level, !rec.level.empty());
    BindOptional(st, 6, rec.logger, !rec.logger.empty());
    BindOptional(st, 7, rec.thread, !rec.thread.empty());
    st.Bind(8, rec.message);
    st.Bind(9, rec.text);
    BindOptional(st, 10, rec.exception_class, rec.has_exception);
    BindOptional(st, 11, rec.exception_message, rec.has_exception_message);
    BindOptional(st, 12, rec.cause_class, rec.has_cause);
    BindOptional(st, 13, rec.cause_message, rec.has_cause_message);
    if (Status s = st.Run(); !s) {
      ReportStoreError(s.error());
      return;
    }
    ++summary.records_stored;
  }

  static void BindOptional(Statement& st, int index, std::string_view value, bool present) {
    if (present) {
      st.Bind(index, value);
    } else {
      st.BindNull(index);
    }
  }

  // Runs the patterns over one physical line of the open record.
  void MatchLine(std::string_view text, int64_t match_line) {
    hits.clear();
    if (!patterns.Match(text, &hits)) return;
    for (const PatternHit& hit : hits) InsertMatch(hit, match_line, text);
  }

  // Runs the patterns over each line of a JSON record as rendered (message, exception,
  // frames); a pattern is recorded once per JSON line.
  void MatchJsonRecord(int64_t match_line) {
    seen_patterns.clear();
    std::string_view rest = json_text;
    for (int64_t n = 0; n < kMaxRecordLines && !rest.empty(); ++n) {
      size_t nl = rest.find('\n');
      std::string_view segment = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      hits.clear();
      if (!patterns.Match(segment, &hits)) continue;
      for (const PatternHit& hit : hits) {
        if (std::find(seen_patterns.begin(), seen_patterns.end(), hit.index) !=
            seen_patterns.end()) {
          continue;
        }
        seen_patterns.push_back(hit.index);
        InsertMatch(hit, match_line, segment);
      }
    }
  }

  void InsertMatch(const PatternHit& hit, int64_t match_line, std::string_view text) {
    rec.matched = true;
    ++summary.matches;
    if (!UnderRowLimit(&match_rows, &match_limit_reported, "pattern_matches")) return;
    JsonWriter w;
    w.BeginObject();
    for (const auto& [name, value] : hit.captures) {
      w.Key(name);
      w.String(CapUtf8(value, kMaxMatchTextBytes));
    }
    w.EndObject();
    Statement& st = *insert_match;
    st.Bind(1, hit.pattern_id);
    st.Bind(2, summary.file_id);
    st.Bind(3, rec.line);
    st.Bind(4, match_line);
    st.Bind(5, rec.time_ms);
    st.Bind(6, w.str());
    st.Bind(7, CapUtf8(text, kMaxMatchTextBytes));
    if (Status s = st.Run(); !s) ReportStoreError(s.error());
  }

  // Counts a row for table; false (with one load error) once the table is full.
  bool UnderRowLimit(int64_t* rows, bool* reported, std::string_view table) {
    if (*rows < ctx.limits().max_rows_per_table) {
      ++*rows;
      return true;
    }
    if (!*reported) {
      *reported = true;
      ctx.AddError(path, 0,
                   fmt::format("{} holds {} rows from logs; further rows were dropped", table,
                               ctx.limits().max_rows_per_table),
                   "raise the limit with --max-rows-per-table, or keep the default --log-records");
    }
    return false;
  }

  void ReportStoreError(const Error& e) {
    if (store_error_reported) return;
    store_error_reported = true;
    ctx.AddError(path, 0, "cannot store log rows: " + e.ToString());
  }

  LoadContext& ctx;
  const PatternSet& patterns;
  LogOptions options;
  Status prepared;
  std::optional<Statement> insert_file, update_file, insert_record, insert_match;

  // State of the current file.
  bool active = false;
  std::string path;
  bool info_truncated = false;
  LogFileSummary summary;
  int64_t error_records = 0;
  int64_t warn_records = 0;
  std::optional<int64_t> first_ms, last_ms;
  std::array<int, kVoteCount> votes{};
  int total_votes = 0;
  bool store_error_reported = false;
  std::string pending;            // bytes of an incomplete line (at most max_line_bytes)
  bool cutting = false;           // the incomplete line was cut: drop bytes until '\n'
  PreparedLogChunk own_prepared;  // for a chunk fed unprepared
  Record rec;

  // Buffers reused from line to line.
  JsonLogLineParser json_parser;
  JsonLogLine json_line;
  std::string json_text;
  std::vector<PatternHit> hits;
  std::vector<int> seen_patterns;

  // Rows written by this loader, across files.
  int64_t record_rows = 0;
  int64_t match_rows = 0;
  bool record_limit_reported = false;
  bool match_limit_reported = false;
};

LogLoader::LogLoader(LoadContext& ctx, const PatternSet& patterns, LogOptions options)
    : impl_(std::make_unique<Impl>(ctx, patterns, options)) {}

LogLoader::~LogLoader() = default;

Status LogLoader::Begin(const LogFileInfo& info) { return impl_->Begin(info); }

void LogLoader::Feed(std::string_view chunk) { impl_->Feed(chunk, nullptr); }

void LogLoader::Feed(std::string_view chunk, const PreparedLogChunk& prepared) {
  impl_->Feed(chunk, &prepared);
}

LogFileSummary LogLoader::Finish() { return impl_->Finish(); }

namespace {

// PreparedLogChunk::Line::level: index of a canonical level (CanonicalLogLevel's views).
constexpr std::array<std::string_view, 7> kPreparedLevels = {"",     "TRACE", "DEBUG", "INFO",
                                                             "WARN", "ERROR", "FATAL"};

uint8_t PreparedLevel(std::string_view canonical) {
  for (size_t i = 1; i < kPreparedLevels.size(); ++i) {
    if (canonical == kPreparedLevels[i]) return static_cast<uint8_t>(i);
  }
  return 0;
}

}  // namespace

LogLineFacts FactsOf(std::string_view raw, const ParsedLogLine& p) {
  LogLineFacts f;
  f.raw = raw;
  f.body = p.body;
  f.layout = p.layout;
  f.kubectl_ms = p.kubectl_ms;
  if (p.layout == LineLayout::kText) {
    f.time_ms = p.kubectl_ms ? p.kubectl_ms : p.header.time_ms;
    f.level = p.header.level;
    f.message_exception = FindExceptionInText(p.header.message).has_value();
  }
  return f;
}

LogLineFacts PreparedLogChunk::Facts(std::string_view chunk, size_t start, const Line& line) {
  LogLineFacts f;
  f.raw = chunk.substr(start, line.end - start - ((line.flags & kCr) ? 1 : 0));
  f.body = f.raw.substr(line.body_offset);
  f.layout = static_cast<LineLayout>(line.layout);
  if (line.flags & kHasKubectl) f.kubectl_ms = line.time_ms;
  if (f.layout == LineLayout::kText) {
    if (line.flags & kHasTime) f.time_ms = line.time_ms;
    f.level = kPreparedLevels[line.level];
    f.message_exception = (line.flags & kMessageException) != 0;
  }
  return f;
}

void PrepareLogChunk(const PatternSet& patterns, std::string_view chunk, size_t max_line_bytes,
                     PreparedLogChunk* out) {
  using Line = PreparedLogChunk::Line;
  out->line_count = 0;
  patterns.CandidateLines(chunk, &out->candidate_starts);
  const std::vector<size_t>& starts = out->candidate_starts;
  const size_t max_line = std::min<size_t>(std::max<size_t>(max_line_bytes, 1), UINT32_MAX);
  size_t next_start = 0;  // index into starts
  size_t at = 0;
  while (at < chunk.size()) {
    const void* nl = std::memchr(chunk.data() + at, '\n', chunk.size() - at);
    if (nl == nullptr) break;
    const size_t end = static_cast<size_t>(static_cast<const char*>(nl) - chunk.data());
    if (out->line_count == out->lines.size()) out->lines.emplace_back();
    Line& line = out->lines[out->line_count++];
    line.end = end;
    line.flags = 0;
    while (next_start < starts.size() && starts[next_start] < at) ++next_start;
    if (next_start < starts.size() && starts[next_start] == at) {
      line.flags |= PreparedLogChunk::kCandidate;
    }
    std::string_view raw = chunk.substr(at, end - at);
    at = end + 1;
    if (raw.size() > max_line) continue;
    line.flags |= PreparedLogChunk::kParsed;
    if (!raw.empty() && raw.back() == '\r') {
      raw.remove_suffix(1);
      line.flags |= PreparedLogChunk::kCr;
    }
    const LogLineFacts f = FactsOf(raw, ParseLogLine(raw));
    line.body_offset = static_cast<uint32_t>(f.body.data() - raw.data());
    line.layout = static_cast<uint8_t>(f.layout);
    line.level = PreparedLevel(f.level);
    if (f.kubectl_ms) line.flags |= PreparedLogChunk::kHasKubectl;
    if (f.message_exception) line.flags |= PreparedLogChunk::kMessageException;
    const std::optional<int64_t>& time = f.kubectl_ms ? f.kubectl_ms : f.time_ms;
    if (time) {
      line.flags |= PreparedLogChunk::kHasTime;
      line.time_ms = *time;
    }
  }
}

}  // namespace sparkpm
