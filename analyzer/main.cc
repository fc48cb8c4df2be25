// sparkpm: the command-line front end. Parses options and calls the library;
// maps results to the documented exit codes.
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "sparkpm/bundle_loader.h"
#include "sparkpm/bundle_manifest.h"
#include "sparkpm/bundle_writer.h"
#include "sparkpm/database.h"
#include "sparkpm/entry_redaction.h"
#include "sparkpm/expectation.h"
#include "sparkpm/incident_coverage.h"
#include "sparkpm/json_writer.h"
#include "sparkpm/prometheus_rules.h"
#include "sparkpm/redactor.h"
#include "sparkpm/report.h"
#include "sparkpm/report_builder.h"
#include "sparkpm/rule_catalog.h"
#include "sparkpm/rule_engine.h"
#include "sparkpm/sha256.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace sparkpm;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitUnreadable = 2;
constexpr int kExitFinding = 3;

constexpr const char* kExitCodesHelp =
    "Exit codes:\n"
    "  0  ok\n"
    "  1  usage error (bad option, unknown rule, unreadable rule file, output not writable)\n"
    "  2  input unreadable: nothing in the bundle could be analysed\n"
    "  3  a finding at or above --fail-on\n";

constexpr const char* kTopHelp =
    "sparkpm: postmortem analyzer for Apache Spark applications on Kubernetes.\n"
    "\n"
    "Usage: sparkpm <command> [options]   (sparkpm <command> --help for details)\n"
    "\n"
    "Commands:\n"
    "  analyze BUNDLE   load a bundle, run every rule, write the incident report\n"
    "  load BUNDLE      load a bundle into an SQLite database (--db FILE) for SQL work\n"
    "  query SRC SQL    run SQL over a bundle or a database written by `load`\n"
    "  rules lint|list|export-prometheus\n"
    "                   check the rule files and runbooks, list the rules with the incidents\n"
    "                   covering them, or export the runbooks' Prometheus alerts\n"
    "  check BUNDLE...  compare findings with recorded expectations (regression tests)\n"
    "  redact BUNDLE    write a copy with secrets replaced by tokens (-o OUT)\n"
    "\n"
    "A BUNDLE is a .tar.gz, .tar.zst, .tar or .zip archive, an unpacked folder, or a\n"
    "single log or JSON file; the content decides, not the name.\n";

int Fail(int code, const Error& e) {
  std::cerr << "sparkpm: error: ";
  if (!e.where.empty()) std::cerr << e.where << ": ";
  std::cerr << e.what;
  if (!e.why.empty()) std::cerr << ": " << e.why;
  std::cerr << "\n";
  if (!e.help.empty()) std::cerr << "  help: " << e.help << "\n";
  return code;
}

int Usage(const std::string& message, const std::string& command) {
  std::cerr << "sparkpm: " << message << "\n  run `sparkpm " << command << " --help` for usage\n";
  return kExitUsage;
}

// Options shared by every command that loads a bundle.
struct LoadFlags {
  uint64_t max_total_bytes;
  uint64_t max_entry_bytes;
  double max_ratio;
  uint64_t max_entries;
  size_t max_line_bytes;
  uint64_t max_json_bytes;
  size_t max_json_depth;
  int64_t max_rows_per_table;
  std::string log_records;
  bool quiet = false;
  std::optional<std::string> rules_dir;

  void Add(po::options_description& d) {
    ReaderLimits r;
    LoadLimits l;
    po::options_description limits("Limits (bundles are untrusted input)");
    limits.add_options()("max-total-bytes",
                         po::value(&max_total_bytes)->default_value(r.max_total_bytes),
                         "decompressed bytes over the whole bundle")(
        "max-entry-bytes", po::value(&max_entry_bytes)->default_value(r.max_entry_bytes),
        "decompressed bytes of one entry")("max-ratio",
                                           po::value(&max_ratio)->default_value(r.max_ratio),
                                           "decompressed/compressed ratio (checked past 64 MiB)")(
        "max-entries", po::value(&max_entries)->default_value(r.max_entries),
        "entries in the bundle")("max-line-bytes",
                                 po::value(&max_line_bytes)->default_value(l.max_line_bytes),
                                 "log line length; longer lines are cut")(
        "max-json-bytes", po::value(&max_json_bytes)->default_value(l.max_json_bytes),
        "size of one JSON entry")("max-json-depth",
                                  po::value(&max_json_depth)->default_value(l.max_json_depth),
                                  "nesting depth of JSON")(
        "max-rows-per-table", po::value(&max_rows_per_table)->default_value(l.max_rows_per_table),
        "rows loaded into one table; further rows are dropped");
    d.add_options()("rules", po::value<std::string>(),
                    "folder of site rule files (<runbook>.yaml) and runbooks (<runbook>.md) adding "
                    "to or overriding built-in ones by id")(
        "log-records", po::value(&log_records)->default_value("notable"),
        "notable (WARN+, exceptions, pattern matches) or all")("quiet,q", po::bool_switch(&quiet),
                                                               "no progress on stderr");
    d.add(limits);
  }

  void Read(const po::variables_map& vm) {
    if (vm.count("rules")) rules_dir = vm["rules"].as<std::string>();
  }

  LoadOptions Options() const {
    LoadOptions o;
    o.reader.max_total_bytes = max_total_bytes;
    o.reader.max_entry_bytes = max_entry_bytes;
    o.reader.max_ratio = max_ratio;
    o.reader.max_entries = max_entries;
    o.load.max_line_bytes = max_line_bytes;
    o.load.max_json_bytes = max_json_bytes;
    o.load.max_json_depth = max_json_depth;
    o.load.max_rows_per_table = max_rows_per_table;
    o.log.store_all_records = log_records == "all";
    return o;
  }
};

Result<RuleCatalog> Catalog(const std::optional<std::string>& dir) {
  std::optional<fs::path> p;
  if (dir) p = *dir;
  Result<RuleCatalog> c = LoadRuleCatalog(p);
  if (!c) return c;
  if (!c->problems.empty()) {
    std::string all;
    for (const std::string& s : c->problems) all += "\n    " + s;
    return Error{"rule files have problems", {}, all, "run `sparkpm rules lint` for the full list"};
  }
  return c;
}

// Shows how far loading has come on stderr (a terminal), four times a second, from a
// thread of its own: bytes read of the bundle and its size, decompressed bytes, entries,
// the rate and, when the bundle is a file, the time left. Clears its line when done.
class ProgressMeter {
 public:
  explicit ProgressMeter(const std::string& bundle) {
    std::error_code ec;
    if (fs::is_regular_file(bundle, ec)) progress_.input_total = fs::file_size(bundle, ec);
    thread_ = std::thread([this] { Run(); });
  }
  ~ProgressMeter() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    fmt::print(stderr, "\r\033[K");
  }
  ReadProgress& progress() { return progress_; }

 private:
  void Run() {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(250), [this] { return done_; })) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      double in = static_cast<double>(progress_.input_bytes.load(std::memory_order_relaxed));
      double out = static_cast<double>(progress_.output_bytes.load(std::memory_order_relaxed));
      uint64_t entries = progress_.entries.load(std::memory_order_relaxed);
      double total = static_cast<double>(progress_.input_total);
      std::string line =
          fmt::format("loading: {} entries, {:.0f} MiB decompressed, {:.0f} MiB/s", entries,
                      out / (1 << 20), secs > 0 ? out / (1 << 20) / secs : 0);
      if (total > 0 && in > 0) {
        double left = secs * (total - in) / in;
        line += fmt::format(", {:.0f}% of {:.0f} MiB read, about {}:{:02} left", 100 * in / total,
                            total / (1 << 20), static_cast<int>(left) / 60,
                            static_cast<int>(left) % 60);
      }
      fmt::print(stderr, "\r\033[K{}", line);
    }
  }

  ReadProgress progress_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

// Loads a bundle into db; shows progress on a terminal; returns exit-code-ready errors.
Result<LoadResult> LoadInto(const std::string& bundle, Database& db, const RuleCatalog& catalog,
                            const LoadFlags& flags) {
  if (Status s = db.UseScratchSettings(); !s) return s.error();
  if (Status s = db.ApplySchema(); !s) return s.error();
  Result<PatternSet> patterns = PatternSet::Compile(catalog.patterns);
  if (!patterns) return patterns.error();
  LoadOptions options = flags.Options();
  if (flags.quiet || !isatty(STDERR_FILENO)) return LoadBundle(bundle, db, *patterns, options);
  ProgressMeter meter(bundle);
  options.read_progress = &meter.progress();
  return LoadBundle(bundle, db, *patterns, options);
}

Result<std::unique_ptr<Database>> OpenOutputDb(const std::optional<std::string>& path) {
  // Without --db: SQLite's private temporary database (""), kept in its page cache and
  // spilled to a file that is removed on close, so memory stays flat however large the
  // bundle is.
  if (!path) return Database::Open("");
  std::error_code ec;
  if (fs::exists(*path, ec)) {
    std::ifstream in(*path, std::ios::binary);
    char magic[16] = {};
    in.read(magic, 16);
    if (in.gcount() > 0 && std::string_view(magic, 15) != "SQLite format 3") {
      return Error{"refusing to overwrite a file that is not an SQLite database",
                   *path,
                   {},
                   "choose another --db path"};
    }
    fs::remove(*path, ec);
  }
  return Database::Open(*path);
}

std::string FormatFromPath(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  if (ext == ".html" || ext == ".htm") return "html";
  if (ext == ".json") return "json";
  if (ext == ".md" || ext == ".markdown") return "md";
  return {};
}

std::string Render(const Report& r, const std::string& format) {
  if (format == "html") return RenderHtml(r);
  if (format == "json") return RenderJson(r);
  return RenderMarkdown(r);
}

Status WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    return Error{"cannot write output file", path, std::strerror(errno),
                 "check the folder exists and is writable"};
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) return Error{"cannot write output file", path, std::strerror(errno), {}};
  return Ok();
}

bool ParseOrHelp(const std::string& command, const std::vector<std::string>& args,
                 po::options_description& visible, po::positional_options_description& pos,
                 po::variables_map& vm, const std::string& usage, int* exit_code) {
  po::options_description all;
  all.add(visible);
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    if (vm.count("help")) {
      std::cout << usage << "\n" << visible << "\n" << kExitCodesHelp;
      *exit_code = kExitOk;
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    *exit_code = Usage(e.what(), command);
    return false;
  }
  return true;
}

int CmdAnalyze(const std::vector<std::string>& args) {
  std::string bundle, format, fail_on;
  std::vector<std::string> outputs, sets;
  std::optional<std::string> db_path;
  LoadFlags flags;
  bool timings = false;
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")("bundle", po::value(&bundle), "bundle to analyse")(
      "output,o", po::value(&outputs)->composing(),
      "write the report to FILE; repeat for several formats (by extension: .md .html .json); "
      "default: stdout")(
      "format", po::value(&format),
      "md | html | json: format for stdout or for -o files without a known extension")(
      "db", po::value<std::string>(), "also keep the database in FILE")(
      "set", po::value(&sets)->composing(),
      "RULE.PARAM=VALUE: override a rule parameter (repeatable)")(
      "fail-on", po::value(&fail_on),
      "info | warning | critical: exit 3 when a finding is at or above it")(
      "timings", po::bool_switch(&timings),
      "print the wall time of each stage (load, rules, report) and of the slowest rules "
      "on stderr");
  flags.Add(d);
  po::positional_options_description pos;
  pos.add("bundle", 1);
  po::variables_map vm;
  int code = 0;
  if (!ParseOrHelp(
          "analyze", args, d, pos, vm,
          "Usage: sparkpm analyze BUNDLE [-o FILE]... [--format md|html|json] [--db FILE]\n"
          "                       [--rules DIR] [--set RULE.PARAM=VALUE]... [--fail-on LEVEL]\n\n"
          "Loads the bundle, runs every rule and writes the incident report: the most\n"
          "likely cause first, its evidence with bundle locations, and the runbook's\n"
          "remediation with the bundle's real names filled in.",
          &code)) {
    return code;
  }
  flags.Read(vm);
  if (bundle.empty()) return Usage("analyze needs a BUNDLE", "analyze");
  if (!format.empty() && format != "md" && format != "html" && format != "json") {
    return Usage("--format must be md, html or json", "analyze");
  }
  std::optional<Severity> fail_level;
  if (!fail_on.empty()) {
    fail_level = ParseSeverity(fail_on);
    if (!fail_level) return Usage("--fail-on must be info, warning or critical", "analyze");
  }
  RuleSettings settings;
  for (const std::string& s : sets) {
    size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      return Usage("--set takes RULE.PARAM=VALUE, got '" + s + "'", "analyze");
    settings.overrides[s.substr(0, eq)] = s.substr(eq + 1);
  }
  std::vector<std::pair<std::string, std::string>> targets;  // path, format
  for (const std::string& o : outputs) {
    std::string f = FormatFromPath(o);
    if (f.empty()) f = format.empty() ? "md" : format;
    targets.emplace_back(o, f);
  }
  if (vm.count("db")) db_path = vm["db"].as<std::string>();
  Result<RuleCatalog> catalog = Catalog(flags.rules_dir);
  if (!catalog) return Fail(kExitUsage, catalog.error());
  if (Status s = ValidateOverrides(*catalog, settings); !s) return Fail(kExitUsage, s.error());
  auto db = OpenOutputDb(db_path);
  if (!db) return Fail(kExitUsage, db.error());
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  const Clock::time_point t0 = Clock::now();
  Result<LoadResult> loaded = LoadInto(bundle, **db, *catalog, flags);
  if (!loaded) return Fail(kExitUnreadable, loaded.error());
  const Clock::time_point t1 = Clock::now();
  Result<Evaluation> eval = EvaluateRules(**db, *catalog, settings);
  if (!eval) return Fail(kExitUsage, eval.error());
  const Clock::time_point t2 = Clock::now();
  std::vector<std::pair<std::string, double>> slowest = eval->rule_seconds;
  Result<Report> report = BuildReport(**db, std::move(*eval), bundle);
  if (!report) return Fail(kExitUnreadable, report.error());
  if (targets.empty()) {
    std::cout << Render(*report, format.empty() ? "md" : format);
  }
  for (const auto& [path, f] : targets) {
    if (Status s = WriteFile(path, Render(*report, f)); !s) return Fail(kExitUsage, s.error());
  }
  if (timings) {
    const Clock::time_point t3 = Clock::now();
    fmt::print(stderr, "sparkpm: timings: load {:.3f} s, rules {:.3f} s, report {:.3f} s\n",
               seconds(t0, t1), seconds(t1, t2), seconds(t2, t3));
    std::sort(slowest.begin(), slowest.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    if (slowest.size() > 5) slowest.resize(5);
    std::string list;
    for (const auto& [id, s] : slowest) {
      list += fmt::format("{}{} {:.3f} s", list.empty() ? "" : ", ", id, s);
    }
    if (!list.empty()) fmt::print(stderr, "sparkpm: timings: slowest rules: {}\n", list);
  }
  if (!flags.quiet) {
    int crit = 0, warn = 0;
    for (const Finding& f : report->findings) {
      crit += f.severity == Severity::kCritical;
      warn += f.severity == Severity::kWarning;
    }
    std::string first =
        report->findings.empty() ? "no findings" : "first: " + report->findings.front().title;
    fmt::print(
        stderr,
        "sparkpm: {} entries loaded ({} load errors); {} findings ({} critical, {} warning); {}\n",
        loaded->loaded, loaded->load_errors, report->findings.size(), crit, warn, first);
    for (const auto& [path, f] : targets) fmt::print(stderr, "sparkpm: wrote {} ({})\n", path, f);
  }
  if (fail_level) {
    for (const Finding& f : report->findings) {
      if (f.severity >= *fail_level) return kExitFinding;
    }
  }
  return kExitOk;
}

int CmdLoad(const std::vector<std::string>& args) {
  std::string bundle, db_path;
  LoadFlags flags;
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")("bundle", po::value(&bundle), "bundle to load")(
      "db", po::value(&db_path), "SQLite database file to write (replaced if it exists)");
  flags.Add(d);
  po::positional_options_description pos;
  pos.add("bundle", 1);
  po::variables_map vm;
  int code = 0;
  if (!ParseOrHelp("load", args, d, pos, vm,
                   "Usage: sparkpm load BUNDLE --db FILE\n\nWrites the bundle's database (tables "
                   "documented in schema/*.sql) for SQL work.",
                   &code)) {
    return code;
  }
  flags.Read(vm);
  if (bundle.empty() || db_path.empty()) return Usage("load needs a BUNDLE and --db FILE", "load");
  Result<RuleCatalog> catalog = Catalog(flags.rules_dir);
  if (!catalog) return Fail(kExitUsage, catalog.error());
  auto db = OpenOutputDb(db_path);
  if (!db) return Fail(kExitUsage, db.error());
  Result<LoadResult> loaded = LoadInto(bundle, **db, *catalog, flags);
  if (!loaded) return Fail(kExitUnreadable, loaded.error());
  if (!flags.quiet) {
    fmt::print(stderr,
               "sparkpm: loaded {} of {} entries into {} ({} skipped, {} failed, {} load errors)\n",
               loaded->loaded, loaded->read.entries, db_path, loaded->skipped, loaded->failed,
               loaded->load_errors);
  }
  return kExitOk;
}

bool IsSqliteFile(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  char magic[16] = {};
  in.read(magic, 16);
  return in.gcount() == 16 &&
         std::string_view(magic, 16) == std::string_view("SQLite format 3\0", 16);
}

int CmdQuery(const std::vector<std::string>& args) {
  std::string source, sql, format = "table";
  LoadFlags flags;
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")("source", po::value(&source), "bundle or database")(
      "sql", po::value(&sql), "SQL to run")("format", po::value(&format)->default_value("table"),
                                            "table | tsv | json");
  flags.Add(d);
  po::positional_options_description pos;
  pos.add("source", 1).add("sql", 1);
  po::variables_map vm;
  int code = 0;
  if (!ParseOrHelp(
          "query", args, d, pos, vm,
          "Usage: sparkpm query BUNDLE|DB 'SQL' [--format table|tsv|json]\n\n"
          "Runs SQL over a database written by `sparkpm load`, or over a bundle loaded in memory.\n"
          "Example: sparkpm query bundle.tar.gz \"SELECT stage_id, count(*) FROM tasks WHERE "
          "status='FAILED' GROUP BY 1\"",
          &code)) {
    return code;
  }
  flags.Read(vm);
  if (source.empty() || sql.empty())
    return Usage("query needs a BUNDLE or DB and an SQL statement", "query");
  if (format != "table" && format != "tsv" && format != "json")
    return Usage("--format must be table, tsv or json", "query");
  std::unique_ptr<Database> db;
  if (IsSqliteFile(source)) {
    auto opened = Database::Open(source, /*read_only=*/true);
    if (!opened) return Fail(kExitUnreadable, opened.error());
    db = std::move(*opened);
  } else {
    Result<RuleCatalog> catalog = Catalog(flags.rules_dir);
    if (!catalog) return Fail(kExitUsage, catalog.error());
    auto opened = Database::Open(":memory:");
    if (!opened) return Fail(kExitUnreadable, opened.error());
    db = std::move(*opened);
    flags.quiet = true;
    Result<LoadResult> loaded = LoadInto(source, *db, *catalog, flags);
    if (!loaded) return Fail(kExitUnreadable, loaded.error());
  }
  auto st = db->Prepare(sql);
  if (!st)
    return Fail(kExitUsage,
                Error{"SQL does not prepare",
                      {},
                      st.error().why,
                      "tables are documented in schema/*.sql; try SELECT name FROM sqlite_master"});
  int cols = st->ColumnCount();
  std::vector<std::string> names;
  for (int c = 0; c < cols; ++c) names.push_back(st->ColumnName(c));
  std::vector<std::vector<std::optional<std::string>>> rows;
  JsonWriter json(2);
  if (format == "json") json.BeginArray();
  while (true) {
    auto r = st->Step();
    if (!r) return Fail(kExitUsage, r.error());
    if (!*r) break;
    std::vector<std::optional<std::string>> row;
    if (format == "json") json.BeginObject();
    for (int c = 0; c < cols; ++c) {
      if (format == "json") {
        json.Key(names[c]);
        switch (st->ColumnType(c)) {
          case SQLITE_NULL:
            json.Null();
            break;
          case SQLITE_INTEGER:
            json.Int(st->ColumnInt(c));
            break;
          case SQLITE_FLOAT:
            json.Double(st->ColumnDouble(c));
            break;
          default:
            json.String(st->ColumnText(c));
        }
      } else {
        row.push_back(st->IsNull(c) ? std::nullopt : std::optional<std::string>(st->ColumnText(c)));
      }
    }
    if (format == "json") {
      json.EndObject();
    } else if (format == "tsv") {
      std::string line;
      for (int c = 0; c < cols; ++c) {
        std::string v = row[c].value_or("");
        std::replace(v.begin(), v.end(), '\t', ' ');
        std::replace(v.begin(), v.end(), '\n', ' ');
        line += (c ? "\t" : "") + v;
      }
      std::cout << line << "\n";
    } else {
      rows.push_back(std::move(row));
    }
  }
  if (format == "json") {
    json.EndArray();
    std::cout << json.str() << "\n";
  } else if (format == "table") {
    constexpr size_t kMaxWidth = 60;
    std::vector<size_t> width(cols);
    auto cell = [&](const std::optional<std::string>& v) {
      std::string s = v.value_or("NULL");
      std::replace(s.begin(), s.end(), '\n', ' ');
      std::replace(s.begin(), s.end(), '\t', ' ');
      if (s.size() > kMaxWidth) s = s.substr(0, kMaxWidth - 3) + "...";
      return s;
    };
    for (int c = 0; c < cols; ++c) width[c] = std::min(kMaxWidth, names[c].size());
    for (const auto& row : rows) {
      for (int c = 0; c < cols; ++c) width[c] = std::max(width[c], cell(row[c]).size());
    }
    auto print_row = [&](const std::vector<std::string>& values) {
      std::string line;
      for (int c = 0; c < cols; ++c)
        line += fmt::format("{}{:<{}}", c ? "  " : "", values[c], width[c]);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      std::cout << line << "\n";
    };
    print_row(names);
    std::vector<std::string> rule;
    for (int c = 0; c < cols; ++c) rule.push_back(std::string(width[c], '-'));
    print_row(rule);
    for (const auto& row : rows) {
      std::vector<std::string> values;
      for (int c = 0; c < cols; ++c) values.push_back(cell(row[c]));
      print_row(values);
    }
    std::cout << "(" << rows.size() << " row" << (rows.size() == 1 ? "" : "s") << ")\n";
  }
  return kExitOk;
}

// Prints each runbook with its rules, their parameters and the recorded incidents each
// rule fires in (from <incidents>/*/expected.yaml).
void PrintRuleList(const RuleCatalog& catalog, const std::optional<IncidentCoverage>& coverage,
                   const std::string& incidents_note) {
  for (const auto& [id, rb] : catalog.runbooks) {
    std::cout << id << "  " << rb.title << "  (" << rb.file << ")\n";
    for (const RuleSpec& r : catalog.rules) {
      if (r.runbook != id) continue;
      std::cout << fmt::format("  {:<9} {}  {}\n", SeverityName(r.severity), r.id, r.title);
      for (const RuleParam& prm : r.params) {
        std::cout << fmt::format("            --set {}.{}={}  {}\n", r.id, prm.name,
                                 prm.default_value, prm.description);
      }
      if (coverage) {
        std::vector<std::string> fires = coverage->FiringIn(r.id);
        size_t absent = coverage->incidents.size() - fires.size();
        std::string list;
        for (const std::string& s : fires) list += (list.empty() ? "" : ", ") + s;
        std::cout << fmt::format("            fires in: {}; silent in {} of {}\n",
                                 fires.empty() ? "no recorded incident" : list, absent,
                                 coverage->incidents.size());
      }
    }
    size_t npat = 0;
    for (const PatternSpec& ps : catalog.patterns) npat += fs::path(ps.file).stem() == id;
    if (npat) std::cout << fmt::format("  ({} log patterns)\n", npat);
    size_t nalerts = 0;
    for (const AlertSpec& a : catalog.alerts) nalerts += a.runbook == id;
    if (nalerts) std::cout << fmt::format("  ({} Prometheus alerts)\n", nalerts);
  }
  if (!coverage) {
    std::cout << "\nno recorded incidents found" << incidents_note << "\n";
  } else {
    std::cout << fmt::format("\n{} recorded incidents\n", coverage->incidents.size());
    for (const std::string& p : coverage->problems) std::cout << "  unreadable: " << p << "\n";
  }
}

int CmdRules(const std::vector<std::string>& args) {
  std::string action;
  std::string output;
  PrometheusExportOptions prom;
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")("action", po::value(&action),
                                              "lint | list | export-prometheus")(
      "rules", po::value<std::string>(), "folder of site rule files and runbooks")(
      "incidents", po::value<std::string>(),
      "list: folder of recorded incidents (default: testdata/incidents when it exists)")(
      "output,o", po::value(&output),
      "export-prometheus: write the manifest to FILE instead of stdout")(
      "runbook-base-url", po::value(&prom.runbook_base_url)->default_value(prom.runbook_base_url),
      "export-prometheus: prefix of runbook_url (URL = prefix + <runbook>.md#<section>)")(
      "name", po::value(&prom.name)->default_value(prom.name), "export-prometheus: metadata.name")(
      "namespace", po::value(&prom.namespace_name), "export-prometheus: metadata.namespace");
  po::positional_options_description pos;
  pos.add("action", 1);
  po::variables_map vm;
  int code = 0;
  if (!ParseOrHelp(
          "rules", args, d, pos, vm,
          "Usage: sparkpm rules lint|list|export-prometheus [--rules DIR]\n\n"
          "lint: compile every pattern and check its samples, prepare every rule's SQL against\n"
          "      the schema, check parameters, message placeholders, alerts and runbook anchors.\n"
          "list: show each runbook with its rules, severities, parameters and the recorded\n"
          "      incidents each rule fires in (--incidents DIR, default testdata/incidents).\n"
          "export-prometheus: write the runbooks' alerts as a PrometheusRule manifest\n"
          "      (monitoring.coreos.com/v1) with runbook_url annotations [-o FILE].",
          &code)) {
    return code;
  }
  if (action != "lint" && action != "list" && action != "export-prometheus")
    return Usage("rules takes lint, list or export-prometheus", "rules");
  std::optional<fs::path> p;
  if (vm.count("rules")) p = vm["rules"].as<std::string>();
  Result<RuleCatalog> catalog = LoadRuleCatalog(p);
  if (!catalog) return Fail(kExitUsage, catalog.error());
  if (action == "lint") {
    std::vector<std::string> problems = LintCatalog(*catalog);
    for (const std::string& s : problems) std::cout << s << "\n";
    size_t samples = 0;
    for (const PatternSpec& ps : catalog->patterns) samples += ps.samples.size();
    std::cout << fmt::format("{} runbooks, {} rules, {} patterns, {} samples, {} alerts: {}\n",
                             catalog->runbooks.size(), catalog->rules.size(),
                             catalog->patterns.size(), samples, catalog->alerts.size(),
                             problems.empty() ? "ok" : fmt::format("{} problems", problems.size()));
    return problems.empty() ? kExitOk : kExitUsage;
  }
  if (action == "export-prometheus") {
    std::string manifest = PrometheusRuleManifest(*catalog, prom);
    if (output.empty() || output == "-") {
      std::cout << manifest;
      return kExitOk;
    }
    if (Status s = WriteFile(output, manifest); !s) return Fail(kExitUsage, s.error());
    std::cerr << fmt::format("wrote {} alerts to {}\n", catalog->alerts.size(), output);
    return kExitOk;
  }
  std::optional<IncidentCoverage> coverage;
  std::string note =
      " (testdata/incidents/*/expected.yaml under the current folder; use --incidents DIR)";
  fs::path dir = vm.count("incidents") ? fs::path(vm["incidents"].as<std::string>())
                                       : fs::path("testdata/incidents");
  std::error_code ec;
  if (fs::is_directory(dir, ec)) {
    Result<IncidentCoverage> c = ReadIncidentCoverage(dir);
    if (c && !c->incidents.empty()) coverage = std::move(*c);
    if (vm.count("incidents")) note = " in " + dir.string();
  } else if (vm.count("incidents")) {
    note = " (" + dir.string() + " is not a folder)";
  }
  PrintRuleList(*catalog, coverage, note);
  return kExitOk;
}

int CmdCheck(const std::vector<std::string>& args) {
  std::vector<std::string> bundles;
  std::optional<std::string> expect;
  bool update = false;
  LoadFlags flags;
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")("bundle", po::value(&bundles)->composing(),
                                              "bundles")(
      "expect", po::value<std::string>(),
      "expectation file (default: expected.yaml next to each bundle folder)")(
      "update", po::bool_switch(&update), "write the current findings as the expectation");
  flags.Add(d);
  po::positional_options_description pos;
  pos.add("bundle", -1);
  po::variables_map vm;
  int code = 0;
  if (!ParseOrHelp(
          "check", args, d, pos, vm,
          "Usage: sparkpm check BUNDLE... [--expect FILE] [--update]\n\n"
          "Analyses each bundle and compares its findings (rule ids and severities, in report\n"
          "order) with the expectation file; prints a diff and exits 1 on any difference.\n"
          "Without --expect, testdata/incidents/<scenario>/bundle uses <scenario>/expected.yaml.",
          &code)) {
    return code;
  }
  flags.Read(vm);
  flags.quiet = true;
  if (vm.count("expect")) expect = vm["expect"].as<std::string>();
  if (bundles.empty()) return Usage("check needs at least one BUNDLE", "check");
  if (expect && bundles.size() > 1)
    return Usage("--expect takes one bundle; omit it to use expected.yaml beside each bundle",
                 "check");
  Result<RuleCatalog> catalog = Catalog(flags.rules_dir);
  if (!catalog) return Fail(kExitUsage, catalog.error());
  int failures = 0;
  for (const std::string& bundle : bundles) {
    fs::path exp_path = expect
                            ? fs::path(*expect)
                            : fs::path(bundle).lexically_normal().parent_path() / "expected.yaml";
    if (fs::path(bundle).filename().empty())
      exp_path = fs::path(bundle).parent_path().parent_path() / "expected.yaml";
    auto db = Database::Open(":memory:");
    if (!db) return Fail(kExitUnreadable, db.error());
    Result<LoadResult> loaded = LoadInto(bundle, **db, *catalog, flags);
    if (!loaded) return Fail(kExitUnreadable, loaded.error());
    Result<Evaluation> eval = EvaluateRules(**db, *catalog, RuleSettings{});
    if (!eval) return Fail(kExitUsage, eval.error());
    if (update) {
      std::string description;
      if (auto old = ReadExpectation(exp_path)) description = old->description;
      if (Status s = WriteExpectation(exp_path, description, eval->findings); !s)
        return Fail(kExitUsage, s.error());
      std::cout << fmt::format("updated {} ({} findings)\n", exp_path.string(),
                               eval->findings.size());
      continue;
    }
    Result<Expectation> ex = ReadExpectation(exp_path);
    if (!ex) return Fail(kExitUsage, ex.error());
    std::string diff = DiffFindings(*ex, eval->findings);
    if (diff.empty()) {
      std::cout << fmt::format("ok    {} ({} findings)\n", bundle, eval->findings.size());
    } else {
      ++failures;
      std::cout << fmt::format("FAIL  {} (expectation {})\n{}", bundle, exp_path.string(), diff);
    }
  }
  if (!update)
    std::cout << fmt::format("{} passed, {} failed\n", bundles.size() - failures, failures);
  return failures ? 1 : kExitOk;
}

// Reads every entry of a bundle into memory (bounded) for `sparkpm redact`.
class RedactingVisitor : public BundleVisitor {
 public:
  RedactingVisitor(Redactor& redactor, BundleWriter& writer)
      : redactor_(redactor), writer_(writer) {}

  Status OnFile(const BundleEntry& entry, EntryStream& stream) override {
    constexpr uint64_t kMaxEntry = 2ull << 30;
    std::string content;
    char buf[1 << 16];
    while (true) {
      Result<size_t> n = stream.Read(buf, sizeof buf);
      if (!n) {
        Dropped(entry.path, "unreadable entry: " + n.error().ToString());
        return Ok();
      }
      if (*n == 0) break;
      if (content.size() + *n > kMaxEntry) {
        Dropped(entry.path, "entry larger than 2 GiB; not redacted, left out");
        return Ok();
      }
      content.append(buf, *n);
    }
    if (entry.path == "manifest.json") {
      manifest_text = std::move(content);
      return Ok();
    }
    RedactedEntry r = RedactEntry(redactor_, entry.path, std::move(content));
    if (r.dropped) {
      Dropped(entry.path, r.note);
      return Ok();
    }
    if (Status s = writer_.Add(entry.path, r.content); !s) return s;
    written[entry.path] = {static_cast<int64_t>(r.content.size()), Sha256Hex(r.content), r.note};
    return Ok();
  }
  void OnRejected(std::string_view path, std::string_view kind, std::string_view reason) override {
    Dropped(std::string(path), fmt::format("{} not copied: {}", kind, reason));
  }
  void OnBundleError(const Error& error) override { bundle_error = error.ToString(); }

  struct Written {
    int64_t bytes;
    std::string sha256;
    std::string note;
  };
  std::map<std::string, Written> written;
  std::map<std::string, std::string> dropped;  // path -> why
  std::string manifest_text;
  std::string bundle_error;

 private:
  void Dropped(const std::string& path, std::string why) { dropped[path] = std::move(why); }
  Redactor& redactor_;
  BundleWriter& writer_;
};

int CmdRedact(const std::vector<std::string>& args) {
  std::string bundle, output, rules_file;
  bool quiet = false;
  po::options_description d("Options");
  d.add_options()("help,h", "show this help")("bundle", po::value(&bundle), "bundle to redact")(
      "output,o", po::value(&output), "OUT.tar.gz, OUT.tar.zst, OUT.tar or a new directory")(
      "redact-rules", po::value(&rules_file),
      "YAML file of extra redaction rules (as for sparkpm-collect)")(
      "quiet,q", po::bool_switch(&quiet), "no summary on stderr");
  po::positional_options_description pos;
  pos.add("bundle", 1);
  po::variables_map vm;
  int code = 0;
  if (!ParseOrHelp(
          "redact", args, d, pos, vm,
          "Usage: sparkpm redact BUNDLE -o OUT [--redact-rules FILE]\n\n"
          "Writes a copy of a bundle collected elsewhere (or with sparkpm-collect --no-redact)\n"
          "with secrets replaced by stable tokens, exactly as sparkpm-collect redacts: "
          "secret-named\n"
          "properties, env vars and fields, Kubernetes Secret data, bearer tokens, AWS keys,\n"
          "JWTs, URL passwords and PEM blocks. manifest.json gets the counts per rule; entries\n"
          "that cannot be redacted (binary, lz4/snappy event logs) are left out and listed.",
          &code)) {
    return code;
  }
  if (bundle.empty() || output.empty()) return Usage("redact needs a BUNDLE and -o OUT", "redact");
  std::error_code ec;
  if (fs::exists(output, ec) && fs::equivalent(bundle, output, ec)) {
    return Usage("-o must differ from the bundle", "redact");
  }
  std::vector<RedactionRule> rules = BuiltinRedactionRules();
  if (!rules_file.empty()) {
    Result<std::vector<RedactionRule>> user = LoadRedactionRules(rules_file);
    if (!user) return Fail(kExitUsage, user.error());
    rules.insert(rules.end(), user->begin(), user->end());
  }
  Result<std::unique_ptr<Redactor>> redactor = Redactor::Create(rules);
  if (!redactor) return Fail(kExitUsage, redactor.error());
  Result<std::unique_ptr<BundleWriter>> writer =
      BundleWriter::Open(output, BundleWriter::BundleName(output));
  if (!writer) return Fail(kExitUsage, writer.error());
  RedactingVisitor visitor(**redactor, **writer);
  Result<ReadSummary> read = ReadBundle(bundle, ReaderLimits{}, visitor);
  if (!read) return Fail(kExitUnreadable, read.error());
  BundleManifest manifest;
  if (!visitor.manifest_text.empty()) {
    if (Result<BundleManifest> old = ParseManifest(visitor.manifest_text))
      manifest = std::move(*old);
  } else {
    manifest.collector_name = "sparkpm redact";
    manifest.collector_version = SPARKPM_VERSION;
    manifest.created_at = UtcTimestamp();
  }
  std::map<std::string, int64_t> earlier;  // counts of a redaction done at collection
  if (manifest.redaction.enabled) {
    for (const RuleCount& c : manifest.redaction.rules) earlier[c.id] += c.count;
  }
  std::set<std::string> listed;
  for (ManifestItem& item : manifest.items) {
    listed.insert(item.path);
    if (auto w = visitor.written.find(item.path); w != visitor.written.end()) {
      item.bytes = w->second.bytes;
      item.sha256 = w->second.sha256;
    } else if (auto dr = visitor.dropped.find(item.path); dr != visitor.dropped.end()) {
      item.status = "skipped";
      item.note = "left out by sparkpm redact: " + dr->second;
      item.bytes.reset();
      item.sha256.clear();
    }
  }
  for (const auto& [path, w] : visitor.written) {
    if (listed.count(path)) continue;
    ManifestItem item;
    item.path = path;
    item.source = "sparkpm redact " + bundle;
    item.status = "ok";
    item.bytes = w.bytes;
    item.sha256 = w.sha256;
    item.note = w.note;
    manifest.items.push_back(std::move(item));
  }
  for (const auto& [path, why] : visitor.dropped) {
    if (listed.count(path)) continue;
    ManifestItem item;
    item.path = path;
    item.source = "sparkpm redact " + bundle;
    item.status = "skipped";
    item.note = "left out by sparkpm redact: " + why;
    manifest.items.push_back(std::move(item));
  }
  RecordRedaction(redactor->get(), &manifest.redaction);
  for (RuleCount& c : manifest.redaction.rules) c.count += earlier[c.id];
  if (Status s = (*writer)->Add("manifest.json", ManifestToJson(manifest)); !s)
    return Fail(kExitUsage, s.error());
  if (Status s = (*writer)->Close(); !s) return Fail(kExitUsage, s.error());
  if (!quiet) {
    int64_t total = 0;
    for (const RuleCount& c : (*redactor)->Counts()) total += c.count;
    fmt::print(stderr,
               "sparkpm: wrote {}: {} entries, {} secrets redacted ({} distinct), {} left out\n",
               output, visitor.written.size(), total, (*redactor)->distinct_values(),
               visitor.dropped.size());
    for (const auto& [path, why] : visitor.dropped)
      fmt::print(stderr, "  left out {}: {}\n", path, why);
    if (!visitor.bundle_error.empty())
      fmt::print(stderr, "sparkpm: warning: the bundle is damaged: {}\n", visitor.bundle_error);
    if ((*redactor)->warnings_total() > 0) {
      fmt::print(stderr,
                 "sparkpm: warning: {} high-entropy strings remain; check them before sharing:\n",
                 (*redactor)->warnings_total());
      int shown = 0;
      for (const RedactionWarning& w : (*redactor)->Warnings()) {
        if (shown++ == 5) break;
        fmt::print(stderr, "  {}:{} ({} characters)\n", w.path, w.line, w.length);
      }
    }
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kTopHelp << "\n" << kExitCodesHelp;
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "--version") {
    std::cout << "sparkpm " << SPARKPM_VERSION << "\n";
    return kExitOk;
  }
  std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "analyze") return CmdAnalyze(rest);
  if (command == "load") return CmdLoad(rest);
  if (command == "query") return CmdQuery(rest);
  if (command == "rules") return CmdRules(rest);
  if (command == "check") return CmdCheck(rest);
  if (command == "redact") return CmdRedact(rest);
  std::cerr << "sparkpm: unknown command '" << command << "'\n\n" << kTopHelp;
  return kExitUsage;
}
