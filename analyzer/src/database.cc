#include "sparkpm/database.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include "sparkpm/embedded_data.h"

namespace sparkpm {
namespace {

Error SqliteError(sqlite3* db, std::string_view what, std::string_view where = {}) {
  return Error{
      std::string(what), std::string(where), db ? sqlite3_errmsg(db) : "out of memory", {}};
}

}  // namespace

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
  other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::BindNull(int index) { sqlite3_bind_null(stmt_, index); }
void Statement::Bind(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
void Statement::Bind(int index, double value) { sqlite3_bind_double(stmt_, index, value); }
void Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void Statement::BindUncopied(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
}

int Statement::ParameterIndex(std::string_view name) const {
  return sqlite3_bind_parameter_index(stmt_, std::string(name).c_str());
}
int Statement::ParameterCount() const { return sqlite3_bind_parameter_count(stmt_); }
std::string Statement::ParameterName(int index) const {
  const char* n = sqlite3_bind_parameter_name(stmt_, index);
  return n ? n : "";
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error e = SqliteError(db_, "SQL statement failed");
  e.where = Sql().substr(0, 120);
  sqlite3_reset(stmt_);
  return e;
}

Status Statement::Run() {
  Result<bool> r = Step();
  while (r && *r) r = Step();
  Reset();
  if (!r) return r.error();
  return Ok();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::ColumnCount() const { return sqlite3_column_count(stmt_); }
std::string Statement::ColumnName(int col) const {
  const char* n = sqlite3_column_name(stmt_, col);
  return n ? n : "";
}
bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
int64_t Statement::ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::ColumnDouble(int col) const { return sqlite3_column_double(stmt_, col); }
std::string_view Statement::ColumnView(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::string Statement::ColumnText(int col) const {
  const unsigned char* t = sqlite3_column_text(stmt_, col);
  if (!t) return {};
  return std::string(reinterpret_cast<const char*>(t),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}
int Statement::ColumnType(int col) const { return sqlite3_column_type(stmt_, col); }
std::string Statement::Sql() const {
  const char* s = sqlite3_sql(stmt_);
  return s ? s : "";
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error e = SqliteError(db, "cannot open database", path);
    e.help = "check that the directory exists and is writable";
    sqlite3_close(db);
    return e;
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Database>(new Database(db, path));
}

Database::~Database() { sqlite3_close_v2(db_); }

Status Database::Exec(std::string_view sql) {
  char* msg = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &msg);
  if (rc != SQLITE_OK) {
    Error e{"SQL failed", path_, msg ? msg : sqlite3_errmsg(db_), {}};
    sqlite3_free(msg);
    return e;
  }
  return Ok();
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return SqliteError(db_, "cannot prepare SQL");
  if (!stmt) return Error{"empty SQL statement", {}, {}, {}};
  return Statement(db_, stmt);
}

Status Database::ApplySchema() {
  for (const embedded::File& f : embedded::Files()) {
    if (!f.path.starts_with("schema/") || !f.path.ends_with(".sql")) continue;
    if (f.path.ends_with("_indexes.sql")) continue;  // built by CreateIndexes() after loading
    if (Status s = Exec(f.content); !s) {
      Error e = s.error();
      e.where = std::string(f.path);
      e.what = "embedded schema does not apply";
      return e;
    }
  }
  return Ok();
}

Status Database::CreateIndexes() {
  // Each index is sorted with memory up to the page cache's size; a small cache keeps the
  // sort's peak low whatever the table's size (the rest of the sort goes to a temporary
  // file). The cache is set back afterwards.
  auto cache = Prepare("PRAGMA cache_size");
  if (!cache) return cache.error();
  auto has_row = cache->Step();
  if (!has_row) return has_row.error();
  const int64_t cache_size = *has_row ? cache->ColumnInt(0) : -2000;
  cache->Reset();
  if (Status s = Exec("PRAGMA cache_size=-4096"); !s) return s;
  for (const embedded::File& f : embedded::Files()) {
    if (!f.path.starts_with("schema/") || !f.path.ends_with("_indexes.sql")) continue;
    if (Status s = Exec(f.content); !s) {
      Error e = s.error();
      e.where = std::string(f.path);
      return e;
    }
  }
  return Exec(fmt::format("PRAGMA cache_size={}", cache_size));
}

Status Database::UseScratchSettings() {
  // Task rows take a few hundred bytes: with 16 KiB pages a leaf holds about forty of them
  // instead of ten, and inserting a million tasks balances far fewer pages (a third less
  // time in SQLite than with the default 4 KiB pages).
  return Exec(
      "PRAGMA page_size=16384; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
      "PRAGMA temp_store=FILE;"
      "PRAGMA cache_size=-32768; PRAGMA locking_mode=EXCLUSIVE;");
}

bool Database::HasTable(std::string_view name) {
  auto st = Prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?");
  if (!st) return false;
  st->Bind(1, name);
  auto r = st->Step();
  return r && *r;
}

int64_t Database::CountRows(std::string_view table) {
  if (!HasTable(table)) return -1;
  auto st = Prepare(fmt::format("SELECT count(*) FROM \"{}\"", table));
  if (!st) return -1;
  auto r = st->Step();
  if (!r || !*r) return -1;
  return st->ColumnInt(0);
}

int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

Transaction::Transaction(Database& db) : db_(db) { open_ = static_cast<bool>(db_.Exec("BEGIN")); }

Transaction::~Transaction() {
  if (open_) (void)db_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (!open_) return Error{"no open transaction", db_.path(), {}, {}};
  open_ = false;
  return db_.Exec("COMMIT");
}

}  // namespace sparkpm
