// The entry point of the JSON loaders: parses one entry with simdjson (depth-bounded),
// decides by content what it is (the path is only a hint) and hands it to the
// Kubernetes, Spark REST or manifest loader.
#include "sparkpm/json_loaders.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <vector>

#include "json_loaders_internal.h"

namespace sparkpm {
namespace json_internal {
namespace {

// Splits a path into its non-empty '/'-separated components.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view StripJsonSuffix(std::string_view s) {
  if (s.size() > 5 && s.substr(s.size() - 5) == ".json") return s.substr(0, s.size() - 5);
  return s;
}

std::optional<int64_t> SmallInt(std::string_view s) {
  if (!AllDigits(s) || s.size() > 9) return std::nullopt;
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Returns a readable list of an object's first keys ("a, b, c").
std::string KeyList(simdjson::dom::object obj) {
  std::string keys;
  size_t n = 0;
  for (auto field : obj) {
    if (n == 8) {
      keys += ", ...";
      break;
    }
    if (n++ > 0) keys += ", ";
    std::string_view key = field.key;
    keys += key.size() > 40 ? std::string(key.substr(0, 40)) + "..." : std::string(key);
  }
  return keys;
}

EntryOutcome Skipped(std::string kind, std::string detail) {
  EntryOutcome out;
  out.kind = std::move(kind);
  out.status = "skipped";
  out.detail = std::move(detail);
  return out;
}

// Recognises a Prometheus HTTP API response (query_range result or error).
std::optional<EntryOutcome> ClassifyPrometheus(const JsonFields& root) {
  std::vector<std::string> ignored;
  JsonFields quiet(root.element(), "", &ignored);
  auto status = quiet.Str("status");
  if (!status) return std::nullopt;
  if (auto type = quiet.Str("data/resultType")) {
    size_t series = 0;
    if (auto result = quiet.Array("data/result")) series = result->size();
    return Skipped("metrics",
                   fmt::format("Prometheus {} response ({} series); Prometheus metrics are kept "
                               "in the bundle but not analysed by this version",
                               *type, series));
  }
  if (*status == "error" && quiet.Has("errorType")) {
    auto error = quiet.Str("error").value_or("");
    return Skipped("metrics", fmt::format("Prometheus error response ({}); nothing to analyse",
                                          error.substr(0, std::min<size_t>(error.size(), 200))));
  }
  return std::nullopt;
}

// Decides what a parsed document is and loads it.
EntryOutcome Classify(EntryLoad& load, simdjson::dom::element root, const PathHints& hints) {
  std::vector<std::string> problems;
  JsonFields fields(root, "", &problems);
  if (root.type() == simdjson::dom::element_type::OBJECT) {
    if (IsManifest(fields)) return LoadManifest(load, fields);
    if (IsKubernetesObject(fields)) return LoadKubernetes(load, fields);
    if (auto out = LoadSparkRest(load, root, hints)) return *out;
    if (auto out = ClassifyPrometheus(fields)) return *out;
    simdjson::dom::object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS || obj.size() == 0)
      return Skipped("other", "empty JSON object");
    return Skipped("other", fmt::format("JSON of unknown shape (keys: {})", KeyList(obj)));
  }
  if (root.type() == simdjson::dom::element_type::ARRAY) {
    simdjson::dom::array arr;
    if (root.get_array().get(arr) != simdjson::SUCCESS || arr.size() == 0)
      return ClassifyEmptyArray(load, hints);
    if (auto out = LoadSparkRest(load, root, hints)) return *out;
    for (auto item : arr) {
      simdjson::dom::object obj;
      if (item.get_object().get(obj) == simdjson::SUCCESS) {
        return Skipped(
            "other",
            fmt::format("JSON array of {} of unknown shape (keys: {})",
                        Plural(static_cast<int64_t>(arr.size()), "item", "items"), KeyList(obj)));
      }
    }
    return Skipped("other", fmt::format("JSON array of {} values of unknown shape",
                                        JsonTypeName(*arr.begin())));
  }
  return Skipped("other", fmt::format("a single JSON {} value, not a document this analyzer reads",
                                      JsonTypeName(root)));
}

}  // namespace

bool LooksLikeSparkAppId(std::string_view text) {
  for (std::string_view prefix : {"local-", "app-", "application_", "spark-"}) {
    if (text.size() > prefix.size() + 3 && text.substr(0, prefix.size()) == prefix) {
      std::string_view rest = text.substr(prefix.size());
      bool has_digit = false;
      for (char c : rest) {
        if (c >= '0' && c <= '9') {
          has_digit = true;
        } else if (!((c >= 'a' && c <= 'f') || c == '-' || c == '_')) {
          return false;
        }
      }
      return has_digit;
    }
  }
  return false;
}

PathHints ParsePathHints(std::string_view path) {
  PathHints hints;
  std::vector<std::string_view> parts = SplitPath(path);
  if (parts.empty()) return hints;
  std::string stem(StripJsonSuffix(parts.back()));
  std::transform(stem.begin(), stem.end(), stem.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  hints.file_stem = stem;

  // The app id folder: the component after "spark" or "applications" (when it is
  // not the file itself), else any component shaped like a Spark app id.
  size_t app_index = parts.size();
  for (size_t i = parts.size(); i-- > 0;) {
    if ((parts[i] == "spark" || parts[i] == "applications") && i + 2 < parts.size()) {
      app_index = i + 1;
      break;
    }
  }
  if (app_index == parts.size()) {
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      if (LooksLikeSparkAppId(parts[i])) {
        app_index = i;
        break;
      }
    }
  }
  size_t next = 0;
  if (app_index < parts.size()) {
    hints.app_id = std::string(parts[app_index]);
    next = app_index + 1;
    // An attempt folder: a small integer directly below the app id (not the file).
    if (next + 1 < parts.size() && AllDigits(parts[next]) && parts[next].size() <= 4) {
      hints.app_attempt_id = std::string(parts[next]);
      ++next;
    }
  }
  for (size_t i = next; i < parts.size(); ++i) {
    if (parts[i] != "stages") continue;
    if (i + 1 < parts.size()) hints.stage_id = SmallInt(StripJsonSuffix(parts[i + 1]));
    if (hints.stage_id && i + 2 < parts.size()) {
      hints.stage_attempt_id = SmallInt(StripJsonSuffix(parts[i + 2]));
    }
    break;
  }
  return hints;
}

}  // namespace json_internal

EntryOutcome LoadJsonEntry(LoadContext& ctx, std::string_view path,
                           const simdjson::padded_string& json) {
  using json_internal::EntryLoad;
  const LoadLimits& limits = ctx.limits();
  if (json.size() > limits.max_json_bytes) {
    std::string detail = fmt::format("JSON entry of {} bytes exceeds the limit of {} bytes",
                                     json.size(), limits.max_json_bytes);
    ctx.AddError(path, 0, detail, "split the file or raise the JSON size limit", "error");
    return {"other", "rejected", detail, 0, false};
  }
  simdjson::dom::parser parser;
  size_t depth = std::max<size_t>(limits.max_json_depth, 1);
  if (auto err = parser.allocate(std::max<size_t>(json.size(), 64), depth); err) {
    // The caller records failed entries in load_errors.
    std::string detail =
        fmt::format("cannot prepare the JSON parser: {}", simdjson::error_message(err));
    return {"other", "failed", detail, 0, false};
  }
  simdjson::dom::element root;
  if (auto err = parser.parse(json).get(root); err) {
    EntryOutcome out{"other", "failed", {}, 0, true};
    if (err == simdjson::DEPTH_ERROR) {
      out.detail = fmt::format("not loaded as JSON: nested deeper than {} levels ({})", depth,
                               simdjson::error_message(err));
    } else {
      out.detail = fmt::format("not valid JSON: {}", simdjson::error_message(err));
    }
    return out;
  }
  EntryLoad load(ctx, path);
  try {
    return json_internal::Classify(load, root, json_internal::ParsePathHints(path));
  } catch (const std::exception& e) {
    // Exceptions are bugs (or memory exhaustion); the entry still gets an outcome.
    std::string detail = fmt::format("internal error while loading: {}", e.what());
    return {"other", "failed", detail, load.rows(), false};
  }
}

Status FinishJsonLoading(LoadContext& ctx) {
  if (auto s = json_internal::FinishSparkAppIds(ctx); !s) return s;
  return json_internal::FinishManifest(ctx);
}

}  // namespace sparkpm
