// Parsing of the time formats found in bundles into UTC epoch milliseconds.
//
//   ParseRfc3339Ms("2026-11-21T10:42:00Z")            -> 1795257720000
//   ParseRfc3339Ms("2026-11-21T10:42:00.123456789Z")  -> kubectl --timestamps form
//   ParseSparkRestTimeMs("2015-02-03T16:43:07.191GMT") -> Spark REST form
//   ParseLog4jTimeMs("17/06/09 20:10:40")              -> yy/MM/dd HH:mm:ss[.SSS], read as UTC
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sparkpm {

// Returns days since 1970-01-01 for a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

// Parses RFC 3339 / ISO 8601 ("YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)"); also accepts a
// space instead of 'T' and a "GMT" suffix. Returns nullopt for anything else.
std::optional<int64_t> ParseRfc3339Ms(std::string_view text);

// Parses the first 19 characters of text, "YYYY-MM-DD[T ]HH:MM:SS", as UTC; the rest of
// text is not looked at.
std::optional<int64_t> ParseIsoSecondsMs(std::string_view text);

// Parses Spark's REST time format "yyyy-MM-dd'T'HH:mm:ss.SSS'GMT'".
std::optional<int64_t> ParseSparkRestTimeMs(std::string_view text);

// Parses the log4j console time "yy/MM/dd HH:mm:ss[.SSS]" or "[,SSS]" at the start of
// text; sets *consumed to the characters used. Two-digit years are 20yy.
std::optional<int64_t> ParseLog4jTimeMs(std::string_view text, size_t* consumed = nullptr);

// Formats epoch ms as "YYYY-MM-DDTHH:MM:SS.sssZ".
std::string FormatIsoMs(int64_t ms);

}  // namespace sparkpm
