// Private pieces shared by the JSON loaders (json_loaders.cc, k8s_loader.cc,
// spark_rest_loader.cc, manifest_loader.cc): what a bundle path says about the
// Spark application, a field reader that records wrong-typed fields instead of
// failing, a lazily prepared row writer, and the per-entry bookkeeping that turns
// into an EntryOutcome.
//
//   EntryLoad load(ctx, path);
//   std::vector<std::string> problems;
//   JsonFields pod(item, "item 0", &problems);
//   auto phase = pod.Str("status/phase");     // nullopt when absent, null or not a string
//   if (!problems.empty()) load.ItemProblems("item 0 (pod driver)", problems);
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sparkpm/database.h"
#include "sparkpm/json_loaders.h"
#include "sparkpm/load_context.h"

namespace sparkpm::json_internal {

// What a bundle path says about the Spark data in it, e.g.
// spark/<app-id>/[<attempt>/]stages/<stage-id>/<stage-attempt>/taskList.json.
struct PathHints {
  std::string app_id;          // '' when the path names no application
  std::string app_attempt_id;  // '' when there is no attempt folder
  std::optional<int64_t> stage_id;
  std::optional<int64_t> stage_attempt_id;
  std::string file_stem;  // last component without ".json", lower case ("tasklist")
};

// Reads the application, attempt and stage a bundle path names.
PathHints ParsePathHints(std::string_view path);

// Returns true when text looks like a Spark application id (local-..., app-...,
// application_..., spark-...).
bool LooksLikeSparkAppId(std::string_view text);

// Names the JSON type of a value for messages ("string", "object", ...).
std::string_view JsonTypeName(simdjson::dom::element value);

// Reads fields of one JSON object by '/'-separated key paths ("status/phase").
// Absent keys and JSON null read as nullopt; a value of the wrong type reads as
// nullopt and is described in *problems. Never throws.
class JsonFields {
 public:
  JsonFields() = default;
  // An absent object: every read returns nullopt.
  explicit JsonFields(std::vector<std::string>* problems) : problems_(problems) {}
  // where names the object in messages ("item 3"); problems collects wrong types.
  JsonFields(simdjson::dom::element value, std::string where, std::vector<std::string>* problems);

  // Returns true when the wrapped value is a JSON object.
  bool is_object() const { return is_object_; }
  simdjson::dom::element element() const { return value_; }
  const std::string& where() const { return where_; }

  // Returns true when the key path exists and is not null.
  bool Has(std::string_view key_path) const;
  // Returns the object at key_path (an absent reader when missing or not an object).
  JsonFields Child(std::string_view key_path) const;
  std::optional<std::string_view> Str(std::string_view key_path) const;
  // Reads a string member by its exact key (keys that contain '/', like labels).
  std::optional<std::string_view> StrKey(std::string_view key) const;
  std::optional<int64_t> Int(std::string_view key_path) const;
  std::optional<bool> Bool(std::string_view key_path) const;
  std::optional<simdjson::dom::array> Array(std::string_view key_path) const;
  std::optional<simdjson::dom::object> Object(std::string_view key_path) const;
  // Returns any value, minified, as JSON text.
  std::optional<std::string> Json(std::string_view key_path) const;
  // Reads an RFC 3339 time (Kubernetes) as epoch ms.
  std::optional<int64_t> K8sTimeMs(std::string_view key_path) const;
  // Reads a Spark REST time ("2015-02-03T16:43:07.191GMT", or epoch ms) as epoch ms.
  std::optional<int64_t> SparkTimeMs(std::string_view key_path) const;
  // Reads a Kubernetes quantity string as bytes or, with cpu = true, millicores.
  std::optional<int64_t> Quantity(std::string_view key_path, bool cpu) const;
  // Records a problem about a field of this object.
  void Problem(std::string_view key_path, std::string_view what) const;

 private:
  std::optional<simdjson::dom::element> Get(std::string_view key_path) const;
  void WrongType(std::string_view key_path, std::string_view expected,
                 simdjson::dom::element got) const;

  simdjson::dom::element value_;
  bool is_object_ = false;
  std::string where_;
  std::vector<std::string>* problems_ = nullptr;
};

// Kinds of value a column takes from a JSON field.
enum class FieldKind { kText, kInt, kBool, kSparkTime, kJson };

// One column filled straight from one JSON field ('/'-separated path).
struct FieldSpec {
  std::string_view column;
  std::string_view json_path;
  FieldKind kind;
};

// Binds the value of one FieldSpec (or NULL) at index.
void BindField(Statement& st, int index, const JsonFields& obj, const FieldSpec& spec);

// Builds "INSERT [OR REPLACE] INTO table(lead..., specs..., tail...) VALUES (?, ...)".
std::string InsertSql(std::string_view table, bool replace,
                      std::initializer_list<std::string_view> lead,
                      std::span<const FieldSpec> specs,
                      std::initializer_list<std::string_view> tail);

class EntryLoad;

// One prepared INSERT, prepared on first use and reused for every row of the
// entry, with a row budget from LoadLimits::max_rows_per_table.
class TableWriter {
 public:
  TableWriter(EntryLoad& load, std::string table, std::string sql)
      : load_(load), table_(std::move(table)), sql_(std::move(sql)) {}

  // Returns the statement to bind a new row into, or nullptr when the table cannot
  // take more rows (the reason is recorded once).
  Statement* Begin();
  // Writes the bound row; false (and a recorded error) if SQLite refused it.
  bool Commit();
  int64_t written() const { return written_; }

 private:
  EntryLoad& load_;
  std::string table_;
  std::string sql_;
  std::optional<Statement> stmt_;
  bool unusable_ = false;
  int64_t budget_ = 0;
  int64_t written_ = 0;
};

// Bookkeeping for one entry: counts per noun, item errors, warnings.
class EntryLoad {
 public:
  EntryLoad(LoadContext& ctx, std::string_view path) : ctx_(ctx), path_(path) {}

  LoadContext& ctx() { return ctx_; }
  Database& db() { return ctx_.db(); }
  std::string_view path() const { return path_; }

  // Adds n to the count shown for noun ("pod"/"pods") in the detail.
  void Count(std::string_view singular, std::string_view plural, int64_t n = 1);
  // Records an item that was skipped (error: data lost).
  void ItemError(std::string_view message, std::string_view help = {});
  // Records wrong-typed fields of an item that was still loaded (error: fields lost).
  void ItemProblems(std::string_view item, const std::vector<std::string>& problems);
  // Records a warning (loaded, but something is off).
  void Warning(std::string_view message, std::string_view help = {});
  // Records a failure that is not per item (a table refused rows).
  void Failure(std::string_view message, std::string_view help = {});
  void AddRows(int64_t n) { rows_ += n; }
  int64_t rows() const { return rows_; }
  int64_t errors() const { return errors_; }

  // Returns "3 pods, 5 containers" (empty when nothing was counted).
  std::string CountsText() const;
  // Builds the outcome: loaded, or partial when items or fields were lost.
  EntryOutcome Outcome(std::string kind, std::string detail_suffix = {}) const;

 private:
  struct Noun {
    std::string singular;
    std::string plural;
    int64_t count;
  };
  LoadContext& ctx_;
  std::string path_;
  std::vector<Noun> nouns_;
  int64_t rows_ = 0;
  int64_t errors_ = 0;
};

// Returns true when a JSON object looks like a Kubernetes object or list.
bool IsKubernetesObject(const JsonFields& root);
// Loads a Kubernetes object or list (PodList, EventList, NodeList, List, Pod, ...).
EntryOutcome LoadKubernetes(EntryLoad& load, const JsonFields& root);

// Loads Spark REST JSON when the root has a known shape; nullopt when it does not.
std::optional<EntryOutcome> LoadSparkRest(EntryLoad& load, simdjson::dom::element root,
                                          const PathHints& hints);
// Classifies an empty JSON array by its path.
EntryOutcome ClassifyEmptyArray(EntryLoad& load, const PathHints& hints);
// Fills app ids that only the whole bundle tells; warns about those it cannot.
Status FinishSparkAppIds(LoadContext& ctx);

// Returns true when the object is our manifest.json ("format": "sparkpm-bundle").
bool IsManifest(const JsonFields& root);
// Loads manifest.json into manifest_items and bundle_meta.
EntryOutcome LoadManifest(EntryLoad& load, const JsonFields& root);
// Marks manifest items present or absent from the bundle.
Status FinishManifest(LoadContext& ctx);

// Returns "1 pod" / "2 pods".
std::string Plural(int64_t n, std::string_view singular, std::string_view plural);

}  // namespace sparkpm::json_internal
