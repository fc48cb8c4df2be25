// The field reader, row writer and per-entry bookkeeping shared by the JSON loaders.
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "json_loaders_internal.h"
#include "sparkpm/time_parse.h"

namespace sparkpm::json_internal {
namespace {

// Cuts bundle text shown in a message to a readable length.
std::string Clip(std::string_view text, size_t max = 60) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "...";
}

// Calls fn(segment, path_so_far) for each '/'-separated segment of a key path until
// fn returns false; returns false when it did.
template <typename Fn>
bool ForEachSegment(std::string_view key_path, Fn fn) {
  size_t start = 0;
  while (true) {
    size_t slash = key_path.find('/', start);
    bool last = slash == std::string_view::npos;
    size_t end = last ? key_path.size() : slash;
    if (!fn(key_path.substr(start, end - start), key_path.substr(0, end))) return false;
    if (last) return true;
    start = slash + 1;
  }
}

}  // namespace

std::string_view JsonTypeName(simdjson::dom::element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::ARRAY:
      return "array";
    case simdjson::dom::element_type::OBJECT:
      return "object";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
      return "number";
    case simdjson::dom::element_type::STRING:
      return "string";
    case simdjson::dom::element_type::BOOL:
      return "boolean";
    case simdjson::dom::element_type::NULL_VALUE:
      return "null";
  }
  return "value";
}

std::string Plural(int64_t n, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", n, n == 1 ? singular : plural);
}

JsonFields::JsonFields(simdjson::dom::element value, std::string where,
                       std::vector<std::string>* problems)
    : value_(value),
      is_object_(value.type() == simdjson::dom::element_type::OBJECT),
      where_(std::move(where)),
      problems_(problems) {}

std::optional<simdjson::dom::element> JsonFields::Get(std::string_view key_path) const {
  if (!is_object_) return std::nullopt;
  simdjson::dom::element current = value_;
  bool found = ForEachSegment(key_path, [&](std::string_view segment, std::string_view so_far) {
    simdjson::dom::object obj;
    if (current.get_object().get(obj) != simdjson::SUCCESS) {
      // Only an inner segment can meet a non-object: the root is an object.
      WrongType(so_far.substr(0, so_far.size() - segment.size() - 1), "object", current);
      return false;
    }
    simdjson::dom::element next;
    if (obj.at_key(segment).get(next) != simdjson::SUCCESS || next.is_null()) return false;
    current = next;
    return true;
  });
  if (!found) return std::nullopt;
  return current;
}

void JsonFields::Problem(std::string_view key_path, std::string_view what) const {
  if (problems_ == nullptr) return;
  std::string field = where_.empty() ? std::string(key_path) : where_ + "/" + std::string(key_path);
  problems_->push_back(fmt::format("{}: {}", Clip(field, 120), what));
}

void JsonFields::WrongType(std::string_view key_path, std::string_view expected,
                           simdjson::dom::element got) const {
  Problem(key_path, fmt::format("expected {}, found {}", expected, JsonTypeName(got)));
}

bool JsonFields::Has(std::string_view key_path) const { return Get(key_path).has_value(); }

JsonFields JsonFields::Child(std::string_view key_path) const {
  auto value = Get(key_path);
  if (!value) return JsonFields(problems_);
  if (value->type() != simdjson::dom::element_type::OBJECT) {
    WrongType(key_path, "object", *value);
    return JsonFields(problems_);
  }
  std::string where = where_.empty() ? std::string(key_path) : where_ + "/" + std::string(key_path);
  return JsonFields(*value, std::move(where), problems_);
}

std::optional<std::string_view> JsonFields::Str(std::string_view key_path) const {
  auto value = Get(key_path);
  if (!value) return std::nullopt;
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS) {
    WrongType(key_path, "string", *value);
    return std::nullopt;
  }
  return text;
}

std::optional<std::string_view> JsonFields::StrKey(std::string_view key) const {
  if (!is_object_) return std::nullopt;
  simdjson::dom::object obj;
  simdjson::dom::element value;
  if (value_.get_object().get(obj) != simdjson::SUCCESS) return std::nullopt;
  if (obj.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    WrongType(key, "string", value);
    return std::nullopt;
  }
  return text;
}

std::optional<int64_t> JsonFields::Int(std::string_view key_path) const {
  auto value = Get(key_path);
  if (!value) return std::nullopt;
  switch (value->type()) {
    case simdjson::dom::element_type::INT64: {
      int64_t v = 0;
      if (value->get_int64().get(v) == simdjson::SUCCESS) return v;
      break;
    }
    case simdjson::dom::element_type::UINT64: {
      uint64_t v = 0;
      if (value->get_uint64().get(v) == simdjson::SUCCESS &&
          v <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return static_cast<int64_t>(v);
      }
      Problem(key_path, "integer out of range");
      return std::nullopt;
    }
    case simdjson::dom::element_type::DOUBLE: {
      double v = 0;
      if (value->get_double().get(v) == simdjson::SUCCESS && std::isfinite(v) &&
          std::fabs(v) < 9.2e18) {
        return static_cast<int64_t>(std::llround(v));
      }
      Problem(key_path, "number out of range");
      return std::nullopt;
    }
    default:
      break;
  }
  WrongType(key_path, "integer", *value);
  return std::nullopt;
}

std::optional<bool> JsonFields::Bool(std::string_view key_path) const {
  auto value = Get(key_path);
  if (!value) return std::nullopt;
  bool v = false;
  if (value->get_bool().get(v) != simdjson::SUCCESS) {
    WrongType(key_path, "boolean", *value);
    return std::nullopt;
  }
  return v;
}

std::optional<simdjson::dom::array> JsonFields::Array(std::string_view key_path) const {
  auto value = Get(key_path);
  if (!value) return std::nullopt;
  simdjson::dom::array arr;
  if (value->get_array().get(arr) != simdjson::SUCCESS) {
    WrongType(key_path, "array", *value);
    return std::nullopt;
  }
  return arr;
}

std::optional<simdjson::dom::object> JsonFields::Object(std::string_view key_path) const {
  auto value = Get(key_path);
  if (!value) return std::nullopt;
  simdjson::dom::object obj;
  if (value->get_object().get(obj) != simdjson::SUCCESS) {
    WrongType(key_path, "object", *value);
    return std::nullopt;
  }
  return obj;
}

std::optional<std::string> JsonFields::Json(std::string_view key_path) const {
  auto value = Get(key_path);
  if (!value) return std::nullopt;
  return simdjson::minify(*value);
}

std::optional<int64_t> JsonFields::K8sTimeMs(std::string_view key_path) const {
  auto text = Str(key_path);
  if (!text || text->empty()) return std::nullopt;
  auto ms = ParseRfc3339Ms(*text);
  if (!ms) Problem(key_path, fmt::format("not an RFC 3339 time: \"{}\"", Clip(*text, 40)));
  return ms;
}

std::optional<int64_t> JsonFields::SparkTimeMs(std::string_view key_path) const {
  auto value = Get(key_path);
  if (!value) return std::nullopt;
  if (value->type() != simdjson::dom::element_type::STRING) return Int(key_path);
  auto text = Str(key_path);
  if (!text || text->empty()) return std::nullopt;
  auto ms = ParseSparkRestTimeMs(*text);
  if (!ms) Problem(key_path, fmt::format("not a Spark time: \"{}\"", Clip(*text, 40)));
  return ms;
}

std::optional<int64_t> JsonFields::Quantity(std::string_view key_path, bool cpu) const {
  auto value = Get(key_path);
  if (!value) return std::nullopt;
  std::string text;
  if (value->type() == simdjson::dom::element_type::STRING) {
    auto s = Str(key_path);
    if (!s) return std::nullopt;
    text = std::string(*s);
  } else if (value->is_number()) {
    text = simdjson::minify(*value);
  } else {
    WrongType(key_path, "quantity string", *value);
    return std::nullopt;
  }
  auto parsed = cpu ? ParseCpuMillis(text) : ParseQuantityBytes(text);
  if (!parsed) Problem(key_path, fmt::format("not a Kubernetes quantity: \"{}\"", Clip(text, 40)));
  return parsed;
}

void BindField(Statement& st, int index, const JsonFields& obj, const FieldSpec& spec) {
  switch (spec.kind) {
    case FieldKind::kText:
      st.Bind(index, obj.Str(spec.json_path));
      return;
    case FieldKind::kInt:
      st.Bind(index, obj.Int(spec.json_path));
      return;
    case FieldKind::kBool:
      st.Bind(index, obj.Bool(spec.json_path));
      return;
    case FieldKind::kSparkTime:
      st.Bind(index, obj.SparkTimeMs(spec.json_path));
      return;
    case FieldKind::kJson:
      st.Bind(index, obj.Json(spec.json_path));
      return;
  }
}

std::string InsertSql(std::string_view table, bool replace,
                      std::initializer_list<std::string_view> lead,
                      std::span<const FieldSpec> specs,
                      std::initializer_list<std::string_view> tail) {
  std::string columns;
  int count = 0;
  auto add = [&](std::string_view column) {
    if (count++ > 0) columns += ", ";
    columns += '"';
    columns += column;
    columns += '"';
  };
  for (auto column : lead) add(column);
  for (const auto& spec : specs) add(spec.column);
  for (auto column : tail) add(column);
  std::string marks;
  for (int i = 0; i < count; ++i) marks += i == 0 ? "?" : ", ?";
  return fmt::format("INSERT {}INTO {}({}) VALUES ({})", replace ? "OR REPLACE " : "", table,
                     columns, marks);
}

Statement* TableWriter::Begin() {
  if (unusable_) return nullptr;
  if (!stmt_) {
    auto prepared = load_.db().Prepare(sql_);
    if (!prepared) {
      unusable_ = true;
      load_.Failure(fmt::format("cannot write table {}: {}", table_, prepared.error().ToString()),
                    "the database schema does not match this analyzer; rebuild it");
      return nullptr;
    }
    stmt_.emplace(std::move(*prepared));
    int64_t used = 0;
    if (auto count =
            load_.db().Prepare(fmt::format("SELECT coalesce(max(rowid), 0) FROM {}", table_));
        count && count->Step().ok()) {
      used = count->ColumnInt(0);
    }
    budget_ = load_.ctx().limits().max_rows_per_table - used;
  }
  if (written_ >= budget_) {
    unusable_ = true;
    load_.Failure(fmt::format("table {} reached the limit of {} rows; the rest of this entry's "
                              "rows were dropped",
                              table_, load_.ctx().limits().max_rows_per_table),
                  "raise the limit with --max-rows-per-table to load everything");
    return nullptr;
  }
  return &*stmt_;
}

bool TableWriter::Commit() {
  Status status = stmt_->Run();
  if (!status) {
    stmt_->Reset();
    load_.Failure(fmt::format("could not store a {} row: {}", table_, status.error().ToString()));
    return false;
  }
  ++written_;
  load_.AddRows(1);
  return true;
}

void EntryLoad::Count(std::string_view singular, std::string_view plural, int64_t n) {
  for (auto& noun : nouns_) {
    if (noun.singular == singular) {
      noun.count += n;
      return;
    }
  }
  nouns_.push_back({std::string(singular), std::string(plural), n});
}

void EntryLoad::ItemError(std::string_view message, std::string_view help) {
  ++errors_;
  ctx_.AddError(path_, 0, message, help, "error");
}

void EntryLoad::ItemProblems(std::string_view item, const std::vector<std::string>& problems) {
  if (problems.empty()) return;
  std::string joined;
  for (size_t i = 0; i < problems.size() && i < 10; ++i) {
    if (i > 0) joined += "; ";
    joined += problems[i];
  }
  if (problems.size() > 10) joined += fmt::format("; and {} more", problems.size() - 10);
  ItemError(fmt::format("{}: loaded without {} field{} of an unexpected form ({})", item,
                        problems.size(), problems.size() == 1 ? "" : "s", joined),
            "those columns are NULL for this row; check that the file is unmodified upstream "
            "output");
}

void EntryLoad::Warning(std::string_view message, std::string_view help) {
  ctx_.AddError(path_, 0, message, help, "warning");
}

void EntryLoad::Failure(std::string_view message, std::string_view help) {
  ++errors_;
  ctx_.AddError(path_, 0, message, help, "error");
}

std::string EntryLoad::CountsText() const {
  std::string text;
  for (const auto& noun : nouns_) {
    if (!text.empty()) text += ", ";
    text += Plural(noun.count, noun.singular, noun.plural);
  }
  return text;
}

EntryOutcome EntryLoad::Outcome(std::string kind, std::string detail_suffix) const {
  EntryOutcome out;
  out.kind = std::move(kind);
  out.rows = rows_;
  out.detail = CountsText();
  if (out.detail.empty()) out.detail = "nothing loaded";
  out.detail += detail_suffix;
  if (errors_ > 0) {
    out.status = rows_ > 0 ? "partial" : "failed";
    out.detail +=
        fmt::format("; {} recorded in load_errors", Plural(errors_, "problem", "problems"));
  } else {
    out.status = "loaded";
  }
  return out;
}

}  // namespace sparkpm::json_internal
