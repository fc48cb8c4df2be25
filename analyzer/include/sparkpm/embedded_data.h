// The schema, rule and runbook files compiled into the binary (see
// cmake/embed_files.cmake). Paths are relative to the repository root, e.g.
// "schema/10_kubernetes.sql", "rules/oom-kill-mitigation.yaml".
#pragma once

#include <string_view>
#include <vector>

namespace sparkpm::embedded {

struct File {
  std::string_view path;
  std::string_view content;
};

// Returns every embedded file, sorted by path. IMPORTANT: the views point at static
// storage and stay valid for the life of the program.
const std::vector<File>& Files();

}  // namespace sparkpm::embedded
