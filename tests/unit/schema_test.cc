// The schema is the public interface: it applies cleanly and documents every column.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "sparkpm/embedded_data.h"
#include "test_support.h"

namespace sparkpm {
namespace {

TEST(SchemaTest, AppliesAndCreatesTheDocumentedTables) {
  auto db = testing::NewDatabase();
  for (const char* t : {"bundle_files",
                        "load_errors",
                        "manifest_items",
                        "bundle_meta",
                        "pods",
                        "pod_conditions",
                        "containers",
                        "events",
                        "nodes",
                        "node_conditions",
                        "sparkapplications",
                        "applications",
                        "jobs",
                        "stages",
                        "tasks",
                        "executors",
                        "spark_properties",
                        "environment",
                        "log_files",
                        "log_records",
                        "pattern_matches",
                        "task_index_failures",
                        "spark_containers",
                        "v_tasks",
                        "v_events"}) {
    EXPECT_TRUE(db->HasTable(t)) << t;
  }
  EXPECT_TRUE(db->CreateIndexes().ok());
}

TEST(SchemaTest, EveryTableColumnHasAComment) {
  int files = 0, columns = 0;
  for (const embedded::File& f : embedded::Files()) {
    if (!f.path.starts_with("schema/")) continue;
    ++files;
    std::istringstream in{std::string(f.content)};
    std::string line;
    bool in_table = false;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.starts_with("CREATE TABLE")) {
        in_table = true;
        continue;
      }
      if (!in_table) continue;
      if (line.starts_with(")")) {
        in_table = false;
        continue;
      }
      std::string trimmed = line.substr(
          line.find_first_not_of(' ') == std::string::npos ? 0 : line.find_first_not_of(' '));
      if (trimmed.empty() || trimmed.starts_with("--") || trimmed.starts_with("PRIMARY KEY"))
        continue;
      ++columns;
      EXPECT_NE(line.find("--"), std::string::npos)
          << f.path << ":" << n << ": column without a comment: " << line;
    }
  }
  EXPECT_GE(files, 4);
  EXPECT_GT(columns, 200);
}

TEST(SchemaTest, SparkColumnsUseRestNamesInSnakeCase) {
  auto db = testing::NewDatabase();
  for (const char* sql :
       {"SELECT num_failed_tasks, num_complete_tasks, executor_run_time, jvm_gc_time FROM stages",
        "SELECT task_id, \"index\", attempt, executor_id, status, error_message FROM tasks",
        "SELECT total_tasks, failed_tasks, completed_tasks, total_gc_time FROM executors",
        "SELECT last_state_terminated_reason, last_state_terminated_exit_code, restart_count FROM "
        "containers"}) {
    EXPECT_TRUE(db->Prepare(sql).ok()) << sql;
  }
}

}  // namespace
}  // namespace sparkpm
