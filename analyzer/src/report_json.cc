// RenderJson: the report in the stable machine-readable shape documented in report.h.
// Keys come in a fixed order; every string goes through JsonWriter, so any bytes are safe.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>

#include "sparkpm/json_writer.h"
#include "sparkpm/report.h"

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
void WriteFinding(JsonWriter& w, const Finding& f) {
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

  w.Key("findings");
  w.BeginArray();
  for (const auto& f : report.findings) WriteFinding(w, f);
  w.EndArray();

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
