// What every loader writes through: the bundle database plus a recorder for load
// errors. Loaders never throw on bad input; they record an error and go on.
//
//   ctx.AddError(path, line, "invalid JSON: missing comma", "re-collect the file");
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sparkpm/database.h"

namespace sparkpm {

struct LoadLimits {
  uint64_t max_json_bytes = 256ull << 20;   // a JSON entry larger than this is not parsed
  size_t max_line_bytes = 1u << 20;         // longer log lines are cut and the log marked truncated
  size_t max_json_depth = 512;              // deeper JSON is rejected as hostile
  int64_t max_rows_per_table = 50'000'000;  // rows beyond this are dropped with a load error
};

class LoadContext {
 public:
  LoadContext(Database& db, LoadLimits limits) : db_(db), limits_(limits) {}
  virtual ~LoadContext() = default;

  Database& db() { return db_; }
  const LoadLimits& limits() const { return limits_; }

  // Records a row in load_errors. line = 0 when there is no line. severity is
  // "error" (data was lost) or "warning" (loaded, but something is off).
  void AddError(std::string_view path, int64_t line, std::string_view message,
                std::string_view help = {}, std::string_view severity = "error");
  int64_t error_count() const { return errors_; }

 private:
  Database& db_;
  LoadLimits limits_;
  int64_t errors_ = 0;
};

}  // namespace sparkpm
