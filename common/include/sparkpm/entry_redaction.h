// Redacts one whole bundle entry by what it is: JSON (kubectl, Spark REST, Prometheus)
// structure-aware, logs line by line, Spark event logs event by event (zstd ones are
// decompressed and compressed again). What cannot be redacted safely (lz4/snappy event
// logs, binary files) is dropped with a note rather than shipped with secrets inside.
//
//   RedactedEntry e = RedactEntry(redactor, "k8s/pods.json", std::move(bytes));
//   if (!e.dropped) writer.Add("k8s/pods.json", e.content);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sparkpm/redactor.h"

namespace sparkpm {

struct RedactedEntry {
  std::string content;
  bool dropped = false;  // not safe to keep: content is empty, note says why
  std::string note;      // "not valid JSON; redacted as text", ...
};

// Returns true when an entry looks like a Spark event log (by path or first bytes).
bool IsEventLogEntry(std::string_view path, std::string_view head);

// Redacts content (the entry at path). max_decompressed_bytes bounds what a compressed
// event log may expand to; past it the entry is dropped.
RedactedEntry RedactEntry(Redactor& redactor, std::string_view path, std::string content,
                          uint64_t max_decompressed_bytes = 4ull << 30);

}  // namespace sparkpm
