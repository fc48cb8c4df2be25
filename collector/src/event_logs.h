// Spark event logs into eventlogs/: the History Server's download
// (GET /api/v1/applications/<id>/logs, a zip of the single or rolling log), or the
// paths and URLs given with --event-log (a file, a rolling-log directory, or an
// http(s) URL to a file or zip). Zips are read from memory with libarchive.
//
//   CollectHistoryEventLogs("http://history:18080", "spark-7f3c...", ctx);
//   CollectEventLogArgument("/mnt/logs/eventlog_v2_spark-7f3c", ctx);
#pragma once

#include <string>

#include "collect_context.h"

namespace sparkpm::collect {

// Downloads the application's event logs from a History Server into eventlogs/.
void CollectHistoryEventLogs(const std::string& history_server, const std::string& app_id,
                             CollectContext& ctx);

// Collects one --event-log argument (local path or http(s) URL) into eventlogs/.
void CollectEventLogArgument(const std::string& path_or_url, CollectContext& ctx);

// Stores every file of an in-memory zip under eventlogs/ (exposed for tests).
// Returns the number of files stored; *error is set when the zip is unreadable.
int StoreZipEntries(std::string_view zip, const std::string& source, CollectContext& ctx,
                    std::string* error);

}  // namespace sparkpm::collect
