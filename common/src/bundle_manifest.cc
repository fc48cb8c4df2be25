// manifest.json: written with JsonWriter, read back with simdjson.
#include "sparkpm/bundle_manifest.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <ctime>

#include "sparkpm/json_writer.h"

namespace sparkpm {
namespace {

void PutString(JsonWriter& w, std::string_view key, const std::string& value) {
  if (value.empty()) return;
  w.Key(key);
  w.String(value);
}

std::string GetString(simdjson::dom::element e, std::string_view key) {
  std::string_view v;
  if (e.is_object() && e[key].get_string().get(v) == simdjson::SUCCESS) return std::string(v);
  return {};
}

std::optional<int64_t> GetInt(simdjson::dom::element e, std::string_view key) {
  int64_t v = 0;
  if (e.is_object() && e[key].get_int64().get(v) == simdjson::SUCCESS) return v;
  return std::nullopt;
}

}  // namespace

std::string UtcTimestamp(std::optional<int64_t> epoch_seconds) {
  std::time_t t = epoch_seconds ? static_cast<std::time_t>(*epoch_seconds) : std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string ManifestToJson(const BundleManifest& m) {
  JsonWriter w(2);
  w.BeginObject();
  w.Key("format");
  w.String("sparkpm-bundle");
  w.Key("version");
  w.Int(m.version);
  PutString(w, "created_at", m.created_at);
  w.Key("collector");
  w.BeginObject();
  PutString(w, "name", m.collector_name);
  PutString(w, "version", m.collector_version);
  w.EndObject();
  w.Key("target");
  w.BeginObject();
  PutString(w, "context", m.target.context);
  PutString(w, "namespace", m.target.namespace_name);
  PutString(w, "app_id", m.target.app_id);
  PutString(w, "app_name", m.target.app_name);
  PutString(w, "selector", m.target.selector);
  PutString(w, "sparkapplication", m.target.sparkapplication);
  w.EndObject();
  if (!m.window_since.empty() || !m.window_until.empty()) {
    w.Key("window");
    w.BeginObject();
    PutString(w, "since", m.window_since);
    PutString(w, "until", m.window_until);
    w.EndObject();
  }
  w.Key("items");
  w.BeginArray();
  for (const ManifestItem& item : m.items) {
    w.BeginObject();
    PutString(w, "path", item.path);
    PutString(w, "source", item.source);
    PutString(w, "status", item.status);
    if (item.bytes) {
      w.Key("bytes");
      w.Int(*item.bytes);
    }
    PutString(w, "sha256", item.sha256);
    if (item.duration_ms) {
      w.Key("duration_ms");
      w.Int(*item.duration_ms);
    }
    PutString(w, "error", item.error);
    PutString(w, "note", item.note);
    w.EndObject();
  }
  w.EndArray();
  if (m.redaction.present) {
    w.Key("redaction");
    w.BeginObject();
    w.Key("enabled");
    w.Bool(m.redaction.enabled);
    w.Key("rules");
    w.BeginArray();
    for (const RuleCount& r : m.redaction.rules) {
      w.BeginObject();
      w.Key("id");
      w.String(r.id);
      w.Key("count");
      w.Int(r.count);
      w.EndObject();
    }
    w.EndArray();
    if (m.redaction.enabled) {
      w.Key("distinct_values");
      w.Int(m.redaction.distinct_values);
      w.Key("leftover_warnings");
      w.Int(m.redaction.leftover_warnings);
      w.Key("warnings");
      w.BeginArray();
      for (const RedactionWarning& warning : m.redaction.warnings) {
        w.BeginObject();
        w.Key("path");
        w.String(warning.path);
        w.Key("line");
        w.Int(warning.line);
        w.Key("length");
        w.Int(static_cast<int64_t>(warning.length));
        w.Key("message");
        w.String(
            fmt::format("high-entropy string of {} characters ({:.1f} bits/char) left "
                        "after redaction; check it is not a secret",
                        warning.length, warning.entropy));
        w.EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndObject();
  std::string out = w.Take();
  out += '\n';
  return out;
}

Result<BundleManifest> ParseManifest(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (auto err = parser.parse(padded).get(root); err) {
    return Error{
        "manifest.json is not valid JSON", "manifest.json", simdjson::error_message(err), {}};
  }
  if (!root.is_object()) return Error{"manifest.json is not an object", "manifest.json", {}, {}};
  BundleManifest m;
  m.version = GetInt(root, "version").value_or(1);
  m.created_at = GetString(root, "created_at");
  simdjson::dom::element e;
  if (root["collector"].get(e) == simdjson::SUCCESS) {
    m.collector_name = GetString(e, "name");
    m.collector_version = GetString(e, "version");
  }
  if (root["target"].get(e) == simdjson::SUCCESS) {
    m.target.context = GetString(e, "context");
    m.target.namespace_name = GetString(e, "namespace");
    m.target.app_id = GetString(e, "app_id");
    m.target.app_name = GetString(e, "app_name");
    m.target.selector = GetString(e, "selector");
    m.target.sparkapplication = GetString(e, "sparkapplication");
  }
  if (root["window"].get(e) == simdjson::SUCCESS) {
    m.window_since = GetString(e, "since");
    m.window_until = GetString(e, "until");
  }
  simdjson::dom::array items;
  if (root["items"].get_array().get(items) == simdjson::SUCCESS) {
    for (simdjson::dom::element item : items) {
      ManifestItem i;
      i.path = GetString(item, "path");
      i.source = GetString(item, "source");
      i.status = GetString(item, "status");
      i.bytes = GetInt(item, "bytes");
      i.sha256 = GetString(item, "sha256");
      i.duration_ms = GetInt(item, "duration_ms");
      i.error = GetString(item, "error");
      i.note = GetString(item, "note");
      if (!i.path.empty()) m.items.push_back(std::move(i));
    }
  }
  if (root["redaction"].get(e) == simdjson::SUCCESS && e.is_object()) {
    m.redaction.present = true;
    bool enabled = false;
    if (e["enabled"].get_bool().get(enabled) == simdjson::SUCCESS) m.redaction.enabled = enabled;
    simdjson::dom::array rules;
    if (e["rules"].get_array().get(rules) == simdjson::SUCCESS) {
      for (simdjson::dom::element r : rules) {
        m.redaction.rules.push_back({GetString(r, "id"), GetInt(r, "count").value_or(0)});
      }
    }
  }
  return m;
}

void RecordRedaction(const Redactor* redactor, ManifestRedaction* out) {
  out->present = true;
  out->enabled = redactor != nullptr;
  out->rules.clear();
  out->warnings.clear();
  if (redactor == nullptr) return;
  out->rules = redactor->Counts();
  out->distinct_values = redactor->distinct_values();
  out->leftover_warnings = redactor->warnings_total();
  out->warnings = redactor->Warnings();
}

}  // namespace sparkpm
