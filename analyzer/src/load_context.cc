#include "sparkpm/load_context.h"

namespace sparkpm {

void LoadContext::AddError(std::string_view path, int64_t line, std::string_view message,
                           std::string_view help, std::string_view severity) {
  ++errors_;
  auto st = db_.Prepare(
      "INSERT INTO load_errors(path, line, severity, message, help) VALUES (?, ?, ?, ?, ?)");
  if (!st) return;
  if (path.empty()) {
    st->BindNull(1);
  } else {
    st->Bind(1, path);
  }
  if (line > 0) {
    st->Bind(2, line);
  } else {
    st->BindNull(2);
  }
  st->Bind(3, severity);
  st->Bind(4, message);
  if (help.empty()) {
    st->BindNull(5);
  } else {
    st->Bind(5, help);
  }
  (void)st->Run();
}

}  // namespace sparkpm
