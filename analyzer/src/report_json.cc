// RenderJson: the report in the stable machine-readable shape documented in report.h.
// Keys come in a fixed order; every string goes through JsonWriter, so any bytes are safe.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>

#include "sparkpm/json_writer.h"
#include "sparkpm/report.h"
#include "sparkpm/time_parse.h"

namespace sparkpm {
namespace {

// Writes "bundle": the path first, then each fact once (a repeated key keeps its first value).
void WriteBundle(JsonWriter& w, const Report& report) {
  w.Key("bundle");
  w.BeginObject();
  w.Key("path");
  w.String(report.bundle_path);
  std::unordered_set<std::string_view> seen = {"path"};
  for (const auto& [k, v] : report.bundle) {
    if (!seen.insert(k).second) continue;
    w.Key(k);
    w.String(v);
  }
  w.EndObject();
}

// Writes one evidence row as {column: value-or-null}; a repeated column keeps its first value.
void WriteEvidenceRow(JsonWriter& w, const EvidenceTable& ev,
                      const std::vector<std::optional<std::string>>& row) {
  w.BeginObject();
  std::unordered_set<std::string_view> seen;
  for (size_t c = 0; c < ev.columns.size(); ++c) {
    if (!seen.insert(ev.columns[c]).second) continue;
    w.Key(ev.columns[c]);
    if (c < row.size() && row[c].has_value()) {
      w.String(*row[c]);
    } else {
      w.Null();
    }
  }
  w.EndObject();
}

// Writes one finding with the keys in their documented order.
void WriteFinding(JsonWriter& w, const Finding& f, int64_t report_order) {
  w.BeginObject();
  w.Key("rule");
  w.String(f.rule);
  w.Key("runbook");
  w.String(f.runbook);
  w.Key("section");
  w.String(f.section);
  w.Key("severity");
  w.String(SeverityName(f.severity));
  w.Key("title");
  w.String(f.title);
  w.Key("message");
  w.String(f.message);
  w.Key("evidence");
  w.BeginArray();
  for (const auto& row : f.evidence.rows) WriteEvidenceRow(w, f.evidence, row);
  w.EndArray();
  w.Key("evidence_total");
  w.Int(std::max<int64_t>(f.evidence.total, static_cast<int64_t>(f.evidence.rows.size())));
  w.Key("sources");
  w.BeginArray();
  for (const auto& s : f.sources) {
    w.String(s.line > 0 ? fmt::format("{}:{}", s.path, s.line) : s.path);
  }
  w.EndArray();
  w.Key("sql");
  w.String(f.sql);
  w.Key("remediation");
  w.String(f.remediation);
  w.Key("explained_by");
  if (f.explained_by.empty()) {
    w.Null();
  } else {
    w.String(f.explained_by);
  }
  w.Key("consequences");
  w.BeginArray();
  for (const std::string& c : f.consequences) w.String(c);
  w.EndArray();
  w.Key("rank_reason");
  w.String(f.rank_reason);
  w.Key("report_order");
  w.Int(report_order);
  w.EndObject();
}

// Writes an optional integer, null when absent.
void WriteOptionalInt(JsonWriter& w, const std::optional<int64_t>& v) {
  if (v) {
    w.Int(*v);
  } else {
    w.Null();
  }
}

}  // namespace

std::string RenderJson(const Report& report) {
  JsonWriter w(2);
  w.BeginObject();
  w.Key("tool");
  w.String(report.tool_version);
  w.Key("generated_at");
  w.String(report.generated_at);
  WriteBundle(w, report);

  // The verdict: the first root cause and the rules it explains. Findings themselves
  // keep the stable order other tools rely on: severity, then rule id.
  w.Key("verdict");
  const Finding* top = report.findings.empty() ? nullptr : &report.findings.front();
  if (top == nullptr || top->severity == Severity::kInfo) {
    w.Null();
  } else {
    w.BeginObject();
    w.Key("rule");
    w.String(top->rule);
    w.Key("title");
    w.String(top->title);
    w.Key("message");
    w.String(top->message);
    w.Key("consequences");
    w.BeginArray();
    for (const std::string& c : top->consequences) w.String(c);
    w.EndArray();
    w.EndObject();
  }

  w.Key("findings");
  w.BeginArray();
  std::vector<const Finding*> sorted;
  for (const auto& f : report.findings) sorted.push_back(&f);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Finding* a, const Finding* b) {
    if (a->severity != b->severity) return a->severity > b->severity;
    return a->rule < b->rule;
  });
  for (const Finding* f : sorted)
    WriteFinding(w, *f, static_cast<int64_t>(f - report.findings.data()) + 1);
  w.EndArray();

  w.Key("timeline");
  w.BeginArray();
  for (const TimelineEntry& e : report.timeline) {
    w.BeginObject();
    w.Key("time");
    w.String(FormatIsoMs(e.time_ms));
    w.Key("time_ms");
    w.Int(e.time_ms);
    w.Key("source");
    w.String(e.source);
    w.Key("object");
    w.String(e.object);
    w.Key("what");
    w.String(e.what);
    w.Key("where");
    if (e.where.path.empty()) {
      w.Null();
    } else {
      w.String(e.where.line > 0 ? fmt::format("{}:{}", e.where.path, e.where.line) : e.where.path);
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("timeline_total");
  w.Int(report.timeline_total);

  w.Key("not_evaluated");
  w.BeginArray();
  for (const auto& n : report.not_evaluated) {
    w.BeginObject();
    w.Key("rule");
    w.String(n.rule);
    w.Key("reason");
    w.String(n.reason);
    w.EndObject();
  }
  w.EndArray();

  w.Key("inputs");
  w.BeginArray();
  for (const auto& in : report.inputs) {
    w.BeginObject();
    w.Key("path");
    w.String(in.path);
    w.Key("kind");
    w.String(in.kind);
    w.Key("status");
    w.String(in.status);
    w.Key("detail");
    w.String(in.detail);
    w.Key("bytes");
    WriteOptionalInt(w, in.bytes);
    w.Key("rows");
    WriteOptionalInt(w, in.rows);
    w.EndObject();
  }
  w.EndArray();

  w.Key("load_errors");
  w.BeginArray();
  for (const auto& e : report.load_errors) {
    w.BeginObject();
    w.Key("path");
    w.String(e.path);
    w.Key("line");
    w.Int(e.line);
    w.Key("severity");
    w.String(e.severity);
    w.Key("message");
    w.String(e.message);
    w.EndObject();
  }
  w.EndArray();
  w.Key("load_errors_total");
  w.Int(
      std::max<int64_t>(report.load_errors_total, static_cast<int64_t>(report.load_errors.size())));
  w.EndObject();
  std::string out = w.Take();
  out.push_back('\n');
  return out;
}

}  // namespace sparkpm
