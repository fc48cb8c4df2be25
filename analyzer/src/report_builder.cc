#include "sparkpm/report_builder.h"

#include <fmt/format.h>

#include <chrono>

#include "sparkpm/time_parse.h"

namespace sparkpm {
namespace {

// Runs a one-row query and returns its columns as text (empty when no row).
std::vector<std::optional<std::string>> OneRow(Database& db, std::string_view sql) {
  std::vector<std::optional<std::string>> out;
  auto st = db.Prepare(sql);
  if (!st) return out;
  auto r = st->Step();
  if (!r || !*r) return out;
  for (int c = 0; c < st->ColumnCount(); ++c) {
    if (st->IsNull(c)) {
      out.emplace_back(std::nullopt);
    } else {
      out.emplace_back(st->ColumnText(c));
    }
  }
  return out;
}

std::string DurationText(int64_t ms) {
  if (ms < 1000) return fmt::format("{} ms", ms);
  int64_t s = ms / 1000;
  if (s < 120) return fmt::format("{} s", s);
  if (s < 7200) return fmt::format("{} min {} s", s / 60, s % 60);
  return fmt::format("{} h {} min", s / 3600, (s / 60) % 60);
}

void AddFacts(Database& db, Report& report) {
  auto& b = report.bundle;
  auto add = [&](std::string key, std::optional<std::string> value) {
    if (value && !value->empty()) b.emplace_back(std::move(key), std::move(*value));
  };
  std::map<std::string, std::string> names = BundlePlaceholders(db);
  add("namespace", names["namespace"]);
  add("app_id", names["app_id"]);
  add("app_name", names["app_name"]);
  add("driver_pod", names["driver_pod"]);
  auto meta = [&](const char* key) {
    auto row = OneRow(db, fmt::format("SELECT value FROM bundle_meta WHERE key = '{}'", key));
    return row.empty() ? std::nullopt : row[0];
  };
  add("context", meta("context"));
  add("collected_at", meta("created_at"));
  auto app =
      OneRow(db,
             "SELECT app_spark_version, start_ms, end_ms, completed, exit_code FROM applications "
             "ORDER BY start_ms DESC LIMIT 1");
  if (!app.empty()) {
    add("spark_version", app[0]);
    if (app[1]) add("started", FormatIsoMs(std::stoll(*app[1])));
    if (app[2]) add("ended", FormatIsoMs(std::stoll(*app[2])));
    if (app[1] && app[2]) add("duration", DurationText(std::stoll(*app[2]) - std::stoll(*app[1])));
    if (app[4]) add("exit_code", app[4]);
  }
  auto jobs =
      OneRow(db, "SELECT count(*), sum(status = 'FAILED'), sum(status = 'RUNNING') FROM jobs");
  if (!jobs.empty() && jobs[0] && *jobs[0] != "0") {
    add("jobs", fmt::format("{} ({} failed, {} running)", *jobs[0], jobs[1].value_or("0"),
                            jobs[2].value_or("0")));
  }
  auto stages = OneRow(db, "SELECT count(*), sum(status = 'FAILED') FROM stages");
  if (!stages.empty() && stages[0] && *stages[0] != "0") {
    add("stage_attempts", fmt::format("{} ({} failed)", *stages[0], stages[1].value_or("0")));
  }
  auto tasks =
      OneRow(db, "SELECT count(*), sum(status = 'FAILED'), sum(status = 'KILLED') FROM tasks");
  if (!tasks.empty() && tasks[0] && *tasks[0] != "0") {
    add("tasks", fmt::format("{} ({} failed, {} killed)", *tasks[0], tasks[1].value_or("0"),
                             tasks[2].value_or("0")));
  }
  auto execs = OneRow(
      db, "SELECT count(*), sum(is_active = 0) FROM executors WHERE executor_id <> 'driver'");
  if (!execs.empty() && execs[0] && *execs[0] != "0") {
    add("executors", fmt::format("{} ({} removed)", *execs[0], execs[1].value_or("0")));
  }
  auto pods = OneRow(db,
                     "SELECT count(*), sum(spark_role = 'driver'), sum(spark_role = 'executor'), "
                     "group_concat(DISTINCT phase) FROM pods");
  if (!pods.empty() && pods[0] && *pods[0] != "0") {
    add("pods", fmt::format("{} ({} driver, {} executor; phases {})", *pods[0],
                            pods[1].value_or("0"), pods[2].value_or("0"), pods[3].value_or("-")));
  }
  auto restarts = OneRow(db, "SELECT sum(restart_count) FROM containers");
  if (!restarts.empty() && restarts[0] && *restarts[0] != "0")
    add("container_restarts", restarts[0]);
  auto logs = OneRow(db, "SELECT count(*), sum(lines), sum(error_records) FROM log_files");
  if (!logs.empty() && logs[0] && *logs[0] != "0") {
    add("logs", fmt::format("{} files, {} lines, {} error records", *logs[0], logs[1].value_or("0"),
                            logs[2].value_or("0")));
  }
  auto files =
      OneRow(db,
             "SELECT count(*), sum(status IN ('loaded','partial')), sum(status = 'skipped'), "
             "sum(status IN ('failed','rejected')) FROM bundle_files");
  if (!files.empty() && files[0]) {
    add("bundle_entries",
        fmt::format("{} ({} loaded, {} skipped, {} failed or rejected)", *files[0],
                    files[1].value_or("0"), files[2].value_or("0"), files[3].value_or("0")));
  }
  add("bundle_format", meta("container"));
  auto complete = meta("complete");
  if (complete && *complete == "0")
    add("bundle_complete",
        std::string("no: the bundle is damaged or over a limit; see load errors"));
}

}  // namespace

Result<Report> BuildReport(Database& db, Evaluation evaluation, const std::string& bundle_path,
                           int max_load_errors, int max_timeline) {
  Report report;
  report.tool_version = std::string("sparkpm ") + SPARKPM_VERSION;
  report.generated_at = FormatIsoMs(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
  report.bundle_path = bundle_path;
  AddFacts(db, report);
  report.findings = std::move(evaluation.findings);
  report.not_evaluated = std::move(evaluation.not_evaluated);
  auto inputs =
      db.Prepare("SELECT path, kind, status, detail, bytes, rows FROM bundle_files ORDER BY path");
  if (!inputs) return inputs.error();
  while (true) {
    auto r = inputs->Step();
    if (!r) return r.error();
    if (!*r) break;
    InputEntry e;
    e.path = inputs->ColumnText(0);
    e.kind = inputs->ColumnText(1);
    e.status = inputs->ColumnText(2);
    e.detail = inputs->ColumnText(3);
    if (!inputs->IsNull(4)) e.bytes = inputs->ColumnInt(4);
    if (!inputs->IsNull(5)) e.rows = inputs->ColumnInt(5);
    report.inputs.push_back(std::move(e));
  }
  if (db.HasTable("incident_timeline")) {
    report.timeline_total = 0;
    auto total = db.Prepare("SELECT count(*) FROM incident_timeline WHERE time_ms IS NOT NULL");
    if (!total) return total.error();
    if (auto r = total->Step(); r && *r) report.timeline_total = total->ColumnInt(0);
    auto tl = db.Prepare(
        "SELECT time_ms, source, object, what, source_path, source_line FROM incident_timeline "
        "WHERE time_ms IS NOT NULL ORDER BY time_ms, source, object LIMIT ?");
    if (!tl) return tl.error();
    tl->Bind(1, max_timeline);
    while (true) {
      auto r = tl->Step();
      if (!r) return r.error();
      if (!*r) break;
      TimelineEntry e;
      e.time_ms = tl->ColumnInt(0);
      e.source = tl->ColumnText(1);
      e.object = tl->ColumnText(2);
      e.what = tl->ColumnText(3);
      e.where.path = tl->ColumnText(4);
      e.where.line = tl->IsNull(5) ? 0 : tl->ColumnInt(5);
      report.timeline.push_back(std::move(e));
    }
  }
  report.load_errors_total = db.CountRows("load_errors");
  auto errs = db.Prepare(
      "SELECT coalesce(path, ''), coalesce(line, 0), severity, message FROM load_errors ORDER BY "
      "id LIMIT ?");
  if (!errs) return errs.error();
  errs->Bind(1, max_load_errors);
  while (true) {
    auto r = errs->Step();
    if (!r) return r.error();
    if (!*r) break;
    report.load_errors.push_back(
        {errs->ColumnText(0), errs->ColumnInt(1), errs->ColumnText(2), errs->ColumnText(3)});
  }
  return report;
}

}  // namespace sparkpm
