// manifest.json (the collector's record of what it collected) into manifest_items and
// bundle_meta; after the whole bundle is read, marks which items are really present.
#include <fmt/format.h>

#include "json_loaders_internal.h"

namespace sparkpm::json_internal {
namespace {

constexpr int64_t kManifestVersion = 1;

}  // namespace

bool IsManifest(const JsonFields& root) {
  std::vector<std::string> ignored;
  JsonFields quiet(root.element(), "", &ignored);
  auto format = quiet.Str("format");
  return format && *format == "sparkpm-bundle";
}

EntryOutcome LoadManifest(EntryLoad& load, const JsonFields& root) {
  std::vector<std::string> problems;
  JsonFields manifest(root.element(), "", &problems);
  auto version = manifest.Int("version");
  if (!version) {
    load.Warning("manifest.json has no integer \"version\"; reading it as version 1",
                 "the collector writes \"version\": 1; check that the manifest is unmodified");
  } else if (*version != kManifestVersion) {
    load.Warning(fmt::format("manifest.json has version {}, this analyzer understands version "
                             "{}; loading what it understands",
                             *version, kManifestVersion),
                 "use an analyzer as new as the collector that wrote the bundle");
  }

  TableWriter meta(load, "bundle_meta",
                   "INSERT OR REPLACE INTO bundle_meta(key, value) VALUES (?, ?)");
  auto put = [&](std::string_view key, std::optional<std::string> value) {
    if (!value) return;
    Statement* st = meta.Begin();
    if (st == nullptr) return;
    st->Bind(1, key);
    st->Bind(2, *value);
    if (meta.Commit()) load.Count("bundle_meta entry", "bundle_meta entries");
  };
  auto text = [](std::optional<std::string_view> v) -> std::optional<std::string> {
    if (!v) return std::nullopt;
    return std::string(*v);
  };
  put("format_version",
      version ? std::optional<std::string>(std::to_string(*version)) : std::nullopt);
  put("created_at", text(manifest.Str("created_at")));
  JsonFields collector = manifest.Child("collector");
  if (auto name = collector.Str("name")) {
    auto collector_version = collector.Str("version");
    put("collector",
        collector_version ? fmt::format("{} {}", *name, *collector_version) : std::string(*name));
  }
  JsonFields target = manifest.Child("target");
  put("context", text(target.Str("context")));
  put("namespace", text(target.Str("namespace")));
  put("app_id", text(target.Str("app_id")));
  put("app_name", text(target.Str("app_name")));
  put("selector", text(target.Str("selector")));
  JsonFields window = manifest.Child("window");
  put("window_since", text(window.Str("since")));
  put("window_until", text(window.Str("until")));
  if (auto enabled = manifest.Bool("redaction/enabled")) {
    put("redaction_enabled", std::string(*enabled ? "true" : "false"));
  }
  load.ItemProblems("manifest.json", problems);

  TableWriter items_writer(load, "manifest_items",
                           "INSERT INTO manifest_items(path, source, status, bytes, sha256, "
                           "duration_ms, error, note, present) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                           "NULL)");
  if (auto items = manifest.Array("items")) {
    size_t index = 0;
    for (auto value : *items) {
      std::string label = fmt::format("items[{}]", index++);
      std::vector<std::string> fields_problems;
      JsonFields item(value, "", &fields_problems);
      auto path = item.Str("path");
      if (!item.is_object() || !path || path->empty()) {
        load.ItemError(fmt::format("manifest {} has no \"path\"; skipped", label),
                       "each manifest item names the bundle path it describes");
        continue;
      }
      Statement* st = items_writer.Begin();
      if (st == nullptr) break;
      st->Bind(1, *path);
      st->Bind(2, item.Str("source"));
      st->Bind(3, item.Str("status"));
      st->Bind(4, item.Int("bytes"));
      st->Bind(5, item.Str("sha256"));
      st->Bind(6, item.Int("duration_ms"));
      st->Bind(7, item.Str("error"));
      st->Bind(8, item.Str("note"));
      if (items_writer.Commit()) load.Count("manifest item", "manifest items");
      load.ItemProblems(fmt::format("manifest {} ({})", label, *path), fields_problems);
    }
  }
  return load.Outcome("manifest");
}

Status FinishManifest(LoadContext& ctx) {
  Database& db = ctx.db();
  {
    auto st = db.Prepare(
        "SELECT path, status FROM manifest_items WHERE present IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM bundle_files b WHERE b.path = manifest_items.path) "
        "AND coalesce(status, 'ok') NOT IN ('error', 'skipped')");
    if (!st) return st.error();
    while (true) {
      auto row = st->Step();
      if (!row) return row.error();
      if (!*row) break;
      std::string path = st->ColumnText(0);
      ctx.AddError("manifest.json", 0,
                   fmt::format("manifest names {} but the bundle does not contain it", path),
                   "the file was lost after collection; re-collect or attach it", "warning");
    }
  }
  return db.Exec(
      "UPDATE manifest_items SET present = EXISTS (SELECT 1 FROM bundle_files b "
      "WHERE b.path = manifest_items.path) WHERE present IS NULL");
}

}  // namespace sparkpm::json_internal
