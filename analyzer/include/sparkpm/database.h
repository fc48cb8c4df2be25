// A thin RAII wrapper over SQLite: one Database per bundle, prepared Statements,
// and a Transaction guard. Every sqlite3 return code is turned into an Error here,
// once, so callers see Result/Status only.
//
//   auto db = Database::Open(":memory:");
//   auto st = db->Prepare("INSERT INTO pods(name) VALUES (?)");
//   st->Bind(1, "driver"); if (auto s = st->Run(); !s) ...;
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparkpm/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sparkpm {

// A prepared statement. Bind indices are 1-based, as in SQLite. Text is copied by
// SQLite (SQLITE_TRANSIENT), so bound views need not outlive the call.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  void BindNull(int index);
  void Bind(int index, int64_t value);
  void Bind(int index, int value) { Bind(index, static_cast<int64_t>(value)); }
  void Bind(int index, double value);
  void Bind(int index, std::string_view text);
  void Bind(int index, const char* text) { Bind(index, std::string_view(text)); }
  void Bind(int index, const std::string& text) { Bind(index, std::string_view(text)); }
  void Bind(int index, bool value) { Bind(index, static_cast<int64_t>(value ? 1 : 0)); }
  // Binds text without copying it, for bulk inserts. IMPORTANT: the text must stay valid
  // and unchanged until the statement has been stepped and reset.
  void BindUncopied(int index, std::string_view text);
  // Binds the value or NULL when absent.
  template <typename T>
  void Bind(int index, const std::optional<T>& value) {
    if (value) {
      Bind(index, *value);
    } else {
      BindNull(index);
    }
  }
  // Returns the 1-based index of a named parameter (":name"), or 0 if absent.
  int ParameterIndex(std::string_view name) const;
  int ParameterCount() const;
  std::string ParameterName(int index) const;

  // Steps once: true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion, then resets and clears bindings for the next use.
  Status Run();
  void Reset();

  int ColumnCount() const;
  std::string ColumnName(int col) const;
  bool IsNull(int col) const;
  int64_t ColumnInt(int col) const;
  double ColumnDouble(int col) const;
  std::string ColumnText(int col) const;
  // The column's text without a copy: valid until the next Step or Reset.
  std::string_view ColumnView(int col) const;
  // Returns the column's SQLite storage class (SQLITE_INTEGER, ...).
  int ColumnType(int col) const;
  std::string Sql() const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  // Opens (creating if needed) a database file, or ":memory:".
  static Result<std::unique_ptr<Database>> Open(const std::string& path, bool read_only = false);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements that return no rows.
  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  // Creates every table and view from the embedded schema/*.sql, in file order
  // (all but *_indexes.sql).
  Status ApplySchema();
  // Creates the indexes of schema/*_indexes.sql; call once after the bulk load.
  Status CreateIndexes();
  // Tunes SQLite for a scratch database written once (journal off, large cache, 16 KiB
  // pages). Call before ApplySchema: the page size only applies to an empty database.
  Status UseScratchSettings();
  // Returns true when a table or view of that name exists.
  bool HasTable(std::string_view name);
  // Returns the number of rows in a table, or -1 if it does not exist.
  int64_t CountRows(std::string_view table);
  int64_t LastInsertRowId() const;
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// Begins a transaction on construction; Commit() ends it, and destruction without
// Commit() rolls it back.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status Commit();

 private:
  Database& db_;
  bool open_ = false;
};

}  // namespace sparkpm
