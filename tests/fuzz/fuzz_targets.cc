// The fuzz target bodies (see fuzz_targets.h). Each feeds the bytes to one parser with
// small limits (so that limits are hit within a fuzzer's input sizes), then checks the
// contracts the rest of sparkpm relies on: entry paths are safe, every loader returns an
// outcome, rendered HTML holds only our own markup, rendered JSON parses, output text is
// valid UTF-8. A broken contract prints why and aborts, which libFuzzer reports as a crash.
#include "fuzz_targets.h"

#include <simdjson.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "log_record_parser.h"
#include "markdown_to_html.h"
#include "sparkpm/bundle_loader.h"
#include "sparkpm/bundle_reader.h"
#include "sparkpm/database.h"
#include "sparkpm/event_log_loader.h"
#include "sparkpm/json_loaders.h"
#include "sparkpm/load_context.h"
#include "sparkpm/log_loader.h"
#include "sparkpm/pattern_set.h"
#include "sparkpm/report.h"
#include "sparkpm/rule_catalog.h"

namespace sparkpm::fuzz {
namespace {

// Prints what broke and aborts: libFuzzer saves the input as a crash.
[[noreturn]] void Broken(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  if (!detail.empty()) {
    std::string_view shown = detail.substr(0, 2000);
    std::fprintf(stderr, "  %.*s\n", static_cast<int>(shown.size()), shown.data());
  }
  std::abort();
}

// Aborts with what (and detail) unless ok.
void Check(bool ok, std::string_view what, std::string_view detail = {}) {
  if (!ok) Broken(what, detail);
}

// Limits small enough that fuzz inputs of a few kilobytes reach them.
ReaderLimits SmallReaderLimits() {
  ReaderLimits r;
  r.max_total_bytes = 8u << 20;
  r.max_entry_bytes = 4u << 20;
  r.ratio_grace_bytes = 1u << 20;
  r.max_ratio = 100.0;
  r.max_entries = 500;
  return r;
}

// Load limits small enough for the same reason.
LoadLimits SmallLoadLimits() {
  LoadLimits l;
  l.max_json_bytes = 1u << 20;
  l.max_line_bytes = 2048;
  l.max_json_depth = 64;
  l.max_rows_per_table = 300;
  return l;
}

// One in-memory database with the schema, shared by every run of a process; each run
// works inside a transaction that is rolled back, so runs do not see each other's rows.
Database& SharedDatabase() {
  static Database* db = [] {
    auto opened = Database::Open(":memory:");
    if (!opened) Broken("cannot open an in-memory database", opened.error().ToString());
    if (Status s = (*opened)->ApplySchema(); !s)
      Broken("cannot apply the schema", s.error().ToString());
    return opened->release();
  }();
  return *db;
}

// The built-in log patterns, compiled once.
const PatternSet& BuiltInPatterns() {
  static PatternSet* set = [] {
    Result<RuleCatalog> catalog = LoadRuleCatalog(std::nullopt);
    if (!catalog) Broken("cannot read the built-in rules", catalog.error().ToString());
    Result<PatternSet> compiled = PatternSet::Compile(catalog->patterns);
    if (!compiled) Broken("cannot compile the built-in patterns", compiled.error().ToString());
    return new PatternSet(std::move(*compiled));
  }();
  return *set;
}

// A file in memory with a path the reader can open (/proc/self/fd/N), rewritten per run.
class MemoryFile {
 public:
  MemoryFile() {
    fd_ = memfd_create("sparkpm-fuzz-bundle", MFD_CLOEXEC);
    if (fd_ < 0) Broken("memfd_create failed");
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  // Replaces the file's content with data.
  void Set(std::string_view data) {
    if (ftruncate(fd_, 0) != 0) Broken("ftruncate failed");
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = pwrite(fd_, data.data() + done, data.size() - done, static_cast<off_t>(done));
      if (n <= 0) Broken("pwrite failed");
      done += static_cast<size_t>(n);
    }
  }
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// Returns the memory file shared by every run of a process.
MemoryFile& SharedMemoryFile() {
  static MemoryFile* file = new MemoryFile();
  return *file;
}

// Returns true when s is valid UTF-8.
bool ValidUtf8(std::string_view s) { return simdjson::validate_utf8(s.data(), s.size()); }

// Checks that an entry path the reader hands out is relative and stays inside the bundle.
void CheckSafePath(std::string_view path) {
  Check(!path.empty(), "entry path is empty");
  Check(path.front() != '/' && path.front() != '\\', "entry path is absolute", path);
  Check(path.find('\0') == std::string_view::npos, "entry path holds NUL");
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t next = path.find_first_of("/\\", pos);
    if (next == std::string_view::npos) next = path.size();
    Check(path.substr(pos, next - pos) != "..", "entry path climbs out with ..", path);
    pos = next + 1;
  }
}

// Reads every entry to its end, checking paths; the reader's own contract.
class DrainingVisitor : public BundleVisitor {
 public:
  Status OnFile(const BundleEntry& entry, EntryStream& stream) override {
    CheckSafePath(entry.path);
    char buf[16384];
    uint64_t total = 0;
    while (true) {
      Result<size_t> n = stream.Read(buf, sizeof buf);
      if (!n || *n == 0) break;
      Check(*n <= sizeof buf, "Read returned more than asked");
      total += *n;
    }
    Check(stream.bytes_read() == total, "bytes_read disagrees with the bytes handed out");
    return Ok();
  }
  void OnRejected(std::string_view, std::string_view kind, std::string_view) override {
    Check(!kind.empty(), "rejected entry without a kind");
  }
  void OnBundleError(const Error& error) override {
    Check(!error.what.empty(), "bundle error without a message");
  }
};

// Reads the bytes as a bundle file, draining every entry.
void BundleReaderOneInput(std::string_view data) {
  MemoryFile& file = SharedMemoryFile();
  file.Set(data);
  DrainingVisitor visitor;
  Result<ReadSummary> summary = ReadBundle(file.path(), SmallReaderLimits(), visitor);
  if (summary) {
    Check(summary->files <= summary->entries, "more files than entries");
    Check(summary->bytes <= SmallReaderLimits().max_total_bytes + (1u << 20),
          "read far past the total byte limit");
  } else {
    Check(!summary.error().what.empty(), "bundle error without a message");
  }
}

// Loads the bytes as a bundle file into a fresh database, end to end.
void BundleLoaderOneInput(std::string_view data) {
  MemoryFile& file = SharedMemoryFile();
  file.Set(data);
  auto db = Database::Open(":memory:");
  if (!db) Broken("cannot open an in-memory database", db.error().ToString());
  if (Status s = (*db)->ApplySchema(); !s) Broken("cannot apply the schema", s.error().ToString());
  LoadOptions options;
  options.reader = SmallReaderLimits();
  options.load = SmallLoadLimits();
  Result<LoadResult> loaded = LoadBundle(file.path(), **db, BuiltInPatterns(), options);
  if (!loaded) {
    // LoadBundle fails only when nothing could be read; a failure of the analyzer itself
    // (an SQL error, say) on some input is a bug.
    static const std::vector<std::string_view> kUnreadable = {
        "cannot open bundle",        "cannot read bundle",
        "bundle is an empty file",   "not a readable bundle",
        "the bundle holds no files", "nothing in the bundle could be analysed"};
    const std::string& what = loaded.error().what;
    Check(std::find(kUnreadable.begin(), kUnreadable.end(), what) != kUnreadable.end(),
          "LoadBundle failed for a reason other than an unreadable bundle",
          loaded.error().ToString());
    return;
  }
  // A load that succeeded loaded something, and bundle_files says what.
  Check(loaded->loaded > 0, "LoadBundle succeeded without loading an entry");
  auto st =
      (*db)->Prepare("SELECT count(*) FROM bundle_files WHERE status IN ('loaded', 'partial')");
  Check(st.ok() && st->Step().ok() && st->ColumnInt(0) > 0,
        "a loaded entry has no loaded bundle_files row");
}

// Splits "path\njson" inputs: a first line that does not start JSON names the entry.
std::pair<std::string, std::string_view> PathAndBody(std::string_view data,
                                                     std::string_view default_path) {
  size_t nl = data.find('\n');
  if (!data.empty() && data.front() != '{' && data.front() != '[' && data.front() != ' ' &&
      nl != std::string_view::npos && nl < 256) {
    return {std::string(data.substr(0, nl)), data.substr(nl + 1)};
  }
  return {std::string(default_path), data};
}

// Loads the bytes as one JSON entry of a bundle.
void JsonEntryOneInput(std::string_view data) {
  auto [path, body] = PathAndBody(data, "spark/app-fuzz/jobs.json");
  Database& db = SharedDatabase();
  Transaction tx(db);  // rolled back at the end of the run
  LoadContext ctx(db, SmallLoadLimits());
  simdjson::padded_string json(body);
  EntryOutcome outcome = LoadJsonEntry(ctx, path, json);
  Check(!outcome.kind.empty(), "JSON entry outcome without a kind");
  Check(outcome.status == "loaded" || outcome.status == "partial" || outcome.status == "skipped" ||
            outcome.status == "failed" || outcome.status == "rejected",
        "JSON entry outcome with an unknown status", outcome.status);
  Check(outcome.status == "loaded" || !outcome.detail.empty(),
        "a JSON entry that was not loaded does not say why");
  Check(outcome.rows >= 0, "negative row count");
  if (Status s = FinishJsonLoading(ctx); !s)
    Broken("FinishJsonLoading failed", s.error().ToString());
}

// An entry's bytes as the reader hands them out, the first `consumed` already read.
class MemoryEntryStream : public EntryStream {
 public:
  MemoryEntryStream(std::string_view data, size_t consumed) : data_(data), pos_(consumed) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, data_.size() - pos_);
    std::copy_n(data_.data() + pos_, k, buf);
    pos_ += k;
    return k;
  }
  uint64_t bytes_read() const override { return pos_; }

 private:
  std::string_view data_;
  size_t pos_;
};

// Loads the bytes as one Spark event log entry, then ends the rolling logs.
void EventLogOneInput(std::string_view data) {
  // A compressed log is named like one; else a first line that is not JSON names the
  // entry ("eventlogs/eventlog_v2_<app>/events_1_<app>" for a rolling part).
  std::string path = "eventlogs/spark-fuzz-1";
  std::string_view body = data;
  if (data.starts_with("\x28\xb5\x2f\xfd")) {
    path += ".zstd";
  } else if (data.starts_with("LZ4Block")) {
    path += ".lz4";
  } else {
    auto [named, rest] = PathAndBody(data, path);
    path = named;
    body = rest;
  }
  Database& db = SharedDatabase();
  Transaction tx(db);
  LoadContext ctx(db, SmallLoadLimits());
  EventLogOptions options;
  options.max_decoded_bytes = 8u << 20;
  options.ratio_grace_bytes = 1u << 20;
  options.max_ratio = 100.0;
  options.max_line_bytes = 64u << 10;
  options.max_line_errors = 20;
  options.max_pending_bytes = 1u << 20;
  // The reader's peek ends at a place that varies with the input.
  size_t head = std::min(body.size(), 1 + body.size() % 4096);
  MemoryEntryStream stream(body, head);
  {
    EventLogLoader loader(ctx, options);
    EntryOutcome outcome = loader.LoadEntry(path, body.substr(0, head), stream, nullptr);
    Check(!outcome.kind.empty(), "event log outcome without a kind");
    Check(outcome.status == "loaded" || outcome.status == "partial" ||
              outcome.status == "skipped" || outcome.status == "failed" ||
              outcome.status == "rejected",
          "event log outcome with an unknown status", outcome.status);
    Check(outcome.rows >= 0, "negative row count");
    if (Status s = loader.Finish(); !s)
      Broken("EventLogLoader::Finish failed", s.error().ToString());
  }
}

// Loads the bytes as a driver log, fed in chunks.
void LogLoaderOneInput(std::string_view data) {
  Database& db = SharedDatabase();
  Transaction tx(db);
  LoadContext ctx(db, SmallLoadLimits());
  LogLoader loader(ctx, BuiltInPatterns(), LogOptions{.store_all_records = data.size() % 2 == 0});
  LogFileInfo info = LogFileInfoFromPath("logs/app-driver/spark-kubernetes-driver.log");
  if (Status s = loader.Begin(info); !s) Broken("LogLoader::Begin failed", s.error().ToString());
  // Chunk boundaries vary with the input so that lines split across Feed calls are covered.
  size_t chunk = 1 + (data.size() * 2654435761u >> 5) % 997;
  for (size_t pos = 0; pos < data.size(); pos += chunk) loader.Feed(data.substr(pos, chunk));
  LogFileSummary summary = loader.Finish();
  Check(summary.bytes == static_cast<int64_t>(data.size()), "log byte count differs from input");
  Check(summary.records_stored <= summary.records, "more records stored than read");
  Check(summary.lines >= summary.records, "more records than lines");
}

// Runs every line of the bytes through each line parser.
void LogRecordParserOneInput(std::string_view data) {
  static JsonLogLineParser* json_parser = new JsonLogLineParser();
  size_t pos = 0;
  while (pos <= data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view line = data.substr(pos, nl - pos);
    pos = nl + 1;
    ParsedLogLine parsed = ParseLogLine(line);
    // Views point into the line (an empty view may point anywhere).
    auto inside = [&](std::string_view part) {
      return part.empty() ||
             (part.data() >= line.data() && part.data() + part.size() <= line.data() + line.size());
    };
    Check(inside(parsed.body), "ParseLogLine body points outside the line", line);
    if (parsed.layout == LineLayout::kText) {
      for (std::string_view part :
           {parsed.header.thread, parsed.header.logger, parsed.header.message}) {
        Check(inside(part), "a text header field points outside the line", line);
      }
    }
    if (parsed.layout == LineLayout::kJsonCandidate) {
      JsonLogLine event;
      if (json_parser->Parse(parsed.body, &event)) {
        Check(event.level.empty() || !CanonicalLogLevel(event.level).empty(),
              "JSON log level is not canonical", event.level);
      }
    }
    if (auto e = ParseExceptionLine(line)) Check(!e->class_name.empty(), "empty exception class");
    if (auto e = FindExceptionInText(line)) Check(!e->class_name.empty(), "empty exception class");
    (void)ClassifyContinuation(line);
    if (auto iso = ParseIsoTimePrefix(line))
      Check(iso->length <= line.size(), "time longer than line");
    if (auto stamp = SplitKubectlTimestamp(line)) {
      Check(stamp->rest.size() < line.size(), "kubectl stamp without a prefix");
    }
    for (size_t cap : {0u, 1u, 7u, 64u}) {
      std::string_view capped = CapUtf8(line, cap);
      Check(capped.size() <= cap && capped.data() == line.data(), "CapUtf8 is not a prefix");
    }
  }
}

// Reads the bytes as a site rule file (and runbook) next to the built-in ones.
void RuleFileOneInput(std::string_view data) {
  static const RuleCatalog* built_in = [] {
    Result<RuleCatalog> catalog = LoadRuleCatalog(std::nullopt);
    if (!catalog) Broken("cannot read the built-in rules", catalog.error().ToString());
    return new RuleCatalog(std::move(*catalog));
  }();
  // The input is a site rule file; the part after a line "---8<---", if any, is the site
  // runbook of the same name.
  size_t cut = data.find("\n---8<---\n");
  std::string_view yaml = data.substr(0, cut);
  std::string_view markdown =
      cut == std::string_view::npos ? std::string_view() : data.substr(cut + 10);
  const std::string file = "site/executor-failures.yaml";
  RuleCatalog catalog = *built_in;
  AddRuleFileText(catalog, file, yaml);
  catalog.runbooks["executor-failures"] =
      ParseRunbook("executor-failures", "site/executor-failures.md", markdown);
  Check(std::is_sorted(catalog.rules.begin(), catalog.rules.end(),
                       [](const RuleSpec& a, const RuleSpec& b) { return a.id < b.id; }),
        "rules are not sorted by id");
  std::vector<PatternSpec> site;
  for (const PatternSpec& p : catalog.patterns) {
    if (p.file == file) site.push_back(p);
  }
  Result<PatternSet> set = PatternSet::Compile(site);
  if (set) {
    std::vector<PatternHit> hits;
    for (const PatternSpec& p : site) {
      for (const std::string& sample : p.samples) set->Match(sample, &hits);
    }
  }
  for (const RunbookSection& section : catalog.runbooks["executor-failures"].sections) {
    Check(ValidUtf8(MarkdownToHtml(section.body)) || !ValidUtf8(section.body),
          "MarkdownToHtml turned valid UTF-8 into invalid UTF-8");
  }
}

// Reads the pieces of a Report out of the fuzzer's bytes: strings end at NUL, counts and
// flags are single bytes.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}
  // Returns the bytes up to the next NUL (or the end), and skips the NUL.
  std::string Str() {
    size_t end = data_.find('\0', pos_);
    if (end == std::string_view::npos) end = data_.size();
    std::string out(data_.substr(pos_, end - pos_));
    pos_ = std::min(end + 1, data_.size());
    return out;
  }
  // Returns the next byte, 0 past the end.
  unsigned Byte() { return pos_ < data_.size() ? static_cast<unsigned char>(data_[pos_++]) : 0u; }
  // Returns true when every byte was read.
  bool done() const { return pos_ >= data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Builds a report whose every field comes from the bytes.
Report ReportFromBytes(std::string_view data) {
  ByteReader in(data);
  Report r;
  r.tool_version = in.Str();
  r.generated_at = in.Str();
  r.bundle_path = in.Str();
  for (unsigned n = in.Byte() % 8; n > 0 && !in.done(); --n)
    r.bundle.emplace_back(in.Str(), in.Str());
  for (unsigned n = in.Byte() % 4; n > 0 && !in.done(); --n) {
    Finding f;
    f.rule = in.Str();
    f.runbook = in.Str();
    f.runbook_title = in.Str();
    f.section = in.Str();
    f.section_title = in.Str();
    f.severity = static_cast<Severity>(in.Byte() % 3);
    f.title = in.Str();
    f.message = in.Str();
    for (unsigned c = in.Byte() % 5; c > 0; --c) f.evidence.columns.push_back(in.Str());
    for (unsigned rows = in.Byte() % 6; rows > 0 && !in.done(); --rows) {
      std::vector<std::optional<std::string>> row;
      for (unsigned c = in.Byte() % 6; c > 0; --c) {
        if (in.Byte() % 4 == 0) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(in.Str());
        }
      }
      f.evidence.rows.push_back(std::move(row));
    }
    f.evidence.total = static_cast<int64_t>(in.Byte());
    for (unsigned s = in.Byte() % 4; s > 0 && !in.done(); --s) {
      f.sources.push_back({in.Str(), static_cast<int64_t>(in.Byte())});
    }
    f.sql = in.Str();
    f.remediation = in.Str();
    r.findings.push_back(std::move(f));
  }
  for (unsigned n = in.Byte() % 4; n > 0 && !in.done(); --n)
    r.not_evaluated.push_back({in.Str(), in.Str()});
  for (unsigned n = in.Byte() % 6; n > 0 && !in.done(); --n) {
    InputEntry e;
    e.path = in.Str();
    e.kind = in.Str();
    e.status = in.Str();
    e.detail = in.Str();
    if (in.Byte() % 2) e.bytes = static_cast<int64_t>(in.Byte()) << 20;
    if (in.Byte() % 2) e.rows = static_cast<int64_t>(in.Byte());
    r.inputs.push_back(std::move(e));
  }
  for (unsigned n = in.Byte() % 6; n > 0 && !in.done(); --n) {
    LoadErrorEntry e;
    e.path = in.Str();
    e.line = static_cast<int64_t>(in.Byte());
    e.severity = in.Str();
    e.message = in.Str();
    r.load_errors.push_back(std::move(e));
  }
  r.load_errors_total = static_cast<int64_t>(r.load_errors.size()) + in.Byte();
  return r;
}

// Returns true for characters of tag and attribute names.
bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// Checks that every tag of the page is one the renderer itself writes, with only the
// attributes it writes (no event handler, style or resource), and links only to in-page
// anchors or https://. Report text is escaped, so every '<' in the page opens a real tag.
void CheckHtmlMarkup(const std::string& html) {
  static const std::vector<std::string_view> kTags = {
      "!DOCTYPE", "html",    "head",    "meta",   "title", "style",  "body",  "header",  "nav",
      "main",     "section", "article", "footer", "h1",    "h2",     "h3",    "h4",      "h5",
      "h6",       "p",       "ul",      "ol",     "li",    "table",  "thead", "tbody",   "tr",
      "th",       "td",      "code",    "pre",    "a",     "strong", "em",    "details", "summary",
      "div",      "span",    "dl",      "dt",     "dd",    "bdi",    "br",    "hr"};
  static const std::vector<std::string_view> kAttributes = {
      "class",   "id",         "href", "rel",   "start", "lang", "charset",
      "content", "http-equiv", "name", "title", "open",  "html"};
  Check(html.find("Content-Security-Policy") != std::string::npos, "HTML has no CSP");
  size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string::npos) {
    size_t i = pos + 1;
    if (i < html.size() && html[i] == '/') ++i;
    if (i < html.size() && html[i] == '!') ++i;
    size_t name_start = i;
    while (i < html.size() && IsNameChar(html[i])) ++i;
    std::string_view name(html.data() + name_start, i - name_start);
    if (html[pos + 1] == '!') name = html.compare(pos, 9, "<!DOCTYPE") == 0 ? "!DOCTYPE" : "!";
    Check(std::find(kTags.begin(), kTags.end(), name) != kTags.end(),
          "HTML holds a tag the renderer does not write", html.substr(pos, 200));
    // Attributes: name or name="value"; values cannot hold '"' (it is escaped).
    while (i < html.size() && html[i] != '>') {
      if (html[i] == ' ' || html[i] == '\n' || html[i] == '/') {
        ++i;
        continue;
      }
      size_t attr_start = i;
      while (i < html.size() && IsNameChar(html[i])) ++i;
      std::string_view attr(html.data() + attr_start, i - attr_start);
      Check(!attr.empty(), "malformed HTML tag", html.substr(pos, 200));
      if (name != "!DOCTYPE") {
        Check(std::find(kAttributes.begin(), kAttributes.end(), attr) != kAttributes.end(),
              "HTML tag with an attribute the renderer does not write", html.substr(pos, 200));
      }
      if (i < html.size() && html[i] == '=') {
        Check(i + 1 < html.size() && html[i + 1] == '"', "unquoted HTML attribute",
              html.substr(pos, 200));
        size_t close = html.find('"', i + 2);
        Check(close != std::string::npos, "HTML attribute value never closes");
        std::string_view value(html.data() + i + 2, close - i - 2);
        if (attr == "href") {
          Check(value.starts_with("#") || value.starts_with("https://"),
                "HTML link to something other than an anchor or https://", value);
        }
        i = close + 1;
      }
    }
    Check(i < html.size(), "unterminated HTML tag");
    if (name == "style" && html[pos + 1] != '/') {
      pos = html.find("</style>", i);
      Check(pos != std::string::npos, "style element never closes");
      continue;
    }
    pos = i + 1;
  }
}

// Renders a report built from the bytes in every format and checks the outputs.
void ReportRenderersOneInput(std::string_view data) {
  Report report = ReportFromBytes(data);
  std::string md = RenderMarkdown(report);
  Check(ValidUtf8(md), "Markdown report is not valid UTF-8");
  std::string html = RenderHtml(report);
  Check(ValidUtf8(html), "HTML report is not valid UTF-8");
  CheckHtmlMarkup(html);
  std::string json = RenderJson(report);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::padded_string padded(json);
  Check(parser.parse(padded).get(root) == simdjson::SUCCESS, "JSON report does not parse", json);
  // The runbook converter alone, on the whole input as Markdown.
  std::string fragment =
      MarkdownToHtml(data, {.heading_offset = static_cast<int>(data.size() % 4)});
  Check(ValidUtf8(fragment), "MarkdownToHtml output is not valid UTF-8");
}

}  // namespace

const std::vector<Target>& Targets() {
  static const std::vector<Target> targets = {
      {"bundle_reader", "a bundle file: tar, tar.gz, tar.zst, zip, a lone (compressed) file",
       BundleReaderOneInput},
      {"bundle_loader", "a bundle file, loaded into a fresh database end to end",
       BundleLoaderOneInput},
      {"json_entry", "a JSON entry (optional first line: its bundle path)", JsonEntryOneInput},
      {"event_log", "a Spark event log (optional first line: its bundle path)", EventLogOneInput},
      {"log_loader", "a container or driver log, fed in chunks", LogLoaderOneInput},
      {"log_record_parser", "log lines through each line parser", LogRecordParserOneInput},
      {"rule_file", "a site rule file (YAML), optionally '---8<---' and a runbook",
       RuleFileOneInput},
      {"report_renderers", "report fields (NUL-separated) rendered as Markdown, HTML, JSON",
       ReportRenderersOneInput},
  };
  return targets;
}

const Target* FindTarget(std::string_view name) {
  for (const Target& t : Targets()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

}  // namespace sparkpm::fuzz
