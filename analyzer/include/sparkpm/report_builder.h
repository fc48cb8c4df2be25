// Assembles the Report value from a loaded database and the rule evaluation: the
// application summary, the inputs table and the load errors. Renderers then turn
// it into Markdown, HTML or JSON without touching the database.
//
//   Result<Report> r = BuildReport(db, evaluation, "incident.tar.gz");
#pragma once

#include <string>

#include "sparkpm/database.h"
#include "sparkpm/report.h"
#include "sparkpm/rule_engine.h"

namespace sparkpm {

// Builds the report. bundle_path is shown as given. Load errors and timeline
// entries are capped (the totals are kept).
Result<Report> BuildReport(Database& db, Evaluation evaluation, const std::string& bundle_path,
                           int max_load_errors = 200, int max_timeline = 300);

}  // namespace sparkpm
