// Tests for the three report renderers: the JSON shape, the order and content an on-call
// engineer reads, and that hostile bundle text stays text in HTML and Markdown.
//
// ReportPayload.WritesHostileReport also feeds tests/browser/html_report_browser_test.sh:
// it writes the payload report to $SPARKPM_WRITE_PAYLOAD_REPORT, with every resource a
// payload tries to load pointing at $SPARKPM_TRAP_URL, and the sample report to
// $SPARKPM_WRITE_SAMPLE_REPORT.
#include "sparkpm/report.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "test_support.h"

namespace sparkpm {
namespace {

// ---- fixtures -------------------------------------------------------------------------

// A realistic report: an OOM-killed executor first, a fetch failure, an info finding.
Report SampleReport() {
  Report r;
  r.tool_version = "sparkpm 0.1.0";
  r.generated_at = "2024-05-14T03:12:09Z";
  r.bundle_path = "incidents/nightly-etl-2024-05-14.tar.gz";
  r.bundle = {{"namespace", "spark-jobs"},          {"app_id", "spark-7f3c2a91"},
              {"app_name", "nightly-etl"},          {"app_status", "FAILED"},
              {"driver_pod", "nightly-etl-driver"}, {"executors", "12 (5 dead)"}};

  Finding oom;
  oom.rule = "oom-kill-mitigation.container-oomkilled";
  oom.runbook = "oom-kill-mitigation";
  oom.runbook_title = "OOM kill mitigation";
  oom.section = "container-oomkilled";
  oom.section_title = "Container OOMKilled";
  oom.severity = Severity::kCritical;
  oom.title = "Executor container killed for exceeding its memory limit";
  oom.message = "nightly-etl-exec-3 was OOMKilled (exit 137) with a 4Gi memory limit";
  oom.evidence.columns = {"pod_name", "container_name", "exit_code", "memory_limit", "source_path"};
  oom.evidence.rows = {
      {"nightly-etl-exec-3", "spark-kubernetes-executor", "137", "4Gi", "k8s/pods.json"},
      {"nightly-etl-exec-7", "spark-kubernetes-executor", "137", std::nullopt, "k8s/pods.json"}};
  oom.evidence.total = 5;
  oom.sources = {{"k8s/pods.json", 0},
                 {"logs/nightly-etl-exec-3/spark-kubernetes-executor.previous.log", 812}};
  oom.sql =
      "SELECT pod_name, name AS container_name, last_state_terminated_exit_code AS exit_code\n"
      "FROM spark_containers WHERE last_state_terminated_reason = 'OOMKilled'";
  oom.remediation =
      "Raise the memory overhead of **nightly-etl** executors:\n\n"
      "```bash\n--conf spark.executor.memoryOverhead=2g\n```\n\n"
      "- Check `spark.executor.memory` against the 4Gi limit\n"
      "- Read [memory tuning](https://spark.apache.org/docs/latest/tuning.html)\n";

  Finding fetch;
  fetch.rule = "shuffle-fetch-failures.fetch-failed";
  fetch.runbook = "shuffle-fetch-failures";
  fetch.runbook_title = "Shuffle fetch failures";
  fetch.section = "fetch-failed";
  fetch.section_title = "FetchFailed after executor loss";
  fetch.severity = Severity::kWarning;
  fetch.title = "Stage retried after shuffle fetch failures";
  fetch.message = "stage 14 failed 3 times with FetchFailedException";
  fetch.evidence.columns = {"stage_id", "num_failed_tasks"};
  fetch.evidence.rows = {{"14", "212"}};
  fetch.evidence.total = 1;
  fetch.sources = {{"spark/spark-7f3c2a91/stages.json", 0}};
  fetch.sql = "SELECT stage_id, num_failed_tasks FROM spark_stages WHERE num_failed_tasks > 0";
  fetch.remediation = "Look at the executor that was lost first.";

  Finding info;
  info.rule = "config.dynamic-allocation-off";
  info.runbook = "configuration";
  info.section = "dynamic-allocation";
  info.severity = Severity::kInfo;
  info.title = "Dynamic allocation is disabled";
  info.message = "spark.dynamicAllocation.enabled is false";
  info.evidence.columns = {"name", "value"};
  info.evidence.rows = {{"spark.dynamicAllocation.enabled", "false"}};
  info.evidence.total = 1;

  r.findings = {oom, fetch, info};
  r.not_evaluated = {{"metrics.node-memory-pressure",
                      "no rows in prometheus_samples (the bundle has no metrics)"}};
  r.inputs = {{"k8s/pods.json", "k8s_pods", "loaded", "", 48213, 14},
              {"logs/nightly-etl-driver/spark-kubernetes-driver.log", "container_log", "loaded", "",
               9123456, 120004},
              {"notes.txt", "unknown", "skipped", "not a recognised format", 120, std::nullopt}};
  r.load_errors = {{"k8s/events.json", 0, "error", "expected an object at the top level"},
                   {"logs/nightly-etl-exec-3/spark-kubernetes-executor.log", 77, "warning",
                    "line longer than 1048576 bytes was cut"}};
  r.load_errors_total = 7;
  return r;
}

// An empty report: nothing fired, nothing loaded.
Report EmptyReport() {
  Report r;
  r.tool_version = "sparkpm 0.1.0";
  r.generated_at = "2024-05-14T03:12:09Z";
  r.bundle_path = "empty.tar.gz";
  return r;
}

// Returns the trap URL for payloads that try to load something.
std::string TrapUrl() {
  const char* env = std::getenv("SPARKPM_TRAP_URL");
  return env != nullptr && *env != '\0' ? env : "http://127.0.0.1:9/trap";
}

constexpr char kBadBytes[] = "bad\xFF\xFE utf8 \xC3\x28 and NUL \0 here";

// Returns hostile strings: markup, script, links, style breakout, bidi, bad bytes, NUL, and
// attempts to load trap_url or to run script that marks the page as "pwned".
std::vector<std::string> Payloads(const std::string& trap) {
  // The marker is assembled at run time ('pwn'+'ed') so that the text of the payload
  // never contains it: finding it in the page means a script ran.
  const std::string mark =
      "document.title='PWN'+'ED';var e=document.createElement('p');"
      "e.id='pwn'+'ed';document.body.appendChild(e)";
  return {
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "javascript:alert(1)",
      "</style><style>body{display:none}</style>",
      "[x](javascript:alert(1))",
      "\xE2\x80\xAEgnp.exe",
      std::string(kBadBytes, sizeof(kBadBytes) - 1),
      "<script>" + mark + "</script>",
      "<img src=\"" + trap + "/img\" onerror=\"" + mark + "\">",
      "<svg onload=\"" + mark + "\"><image href=\"" + trap + "/svg\"/></svg>",
      "<details open ontoggle=\"" + mark + "\">x</details>",
      "<body onload=\"" + mark + "\">",
      "\"><script>" + mark + "</script>",
      "'><img src='" + trap + "/quote'>",
      "<link rel=stylesheet href=\"" + trap + "/link.css\">",
      "<style>@import url(" + trap + "/import.css);body{background:url(" + trap +
          "/bg.png)}</style>",
      "</style><style>@import '" + trap + "/breakout.css';</style>",
      "<iframe src=\"" + trap + "/iframe\"></iframe>",
      "<script src=\"" + trap + "/script.js\"></script>",
      "<meta http-equiv=\"refresh\" content=\"0;url=" + trap + "/refresh\">",
      "<base href=\"" + trap + "/base/\">",
      "<object data=\"" + trap + "/object\"></object>",
      "<video poster=\"" + trap + "/poster.png\"></video>",
      "![img](" + trap + "/markdown-image.png)",
      "<a href=\"javascript:" + mark + "\">click</a>",
      "<!--",
      "<![CDATA[",
      "<plaintext>",
      "<textarea>",
      "<noscript>",
      "<xmp>",
      "\x1B[31mANSI red\x1B[0m \xE2\x81\xA6isolate\xE2\x81\xA9 \xC2\x85",
  };
}

// Returns every payload joined by newlines.
std::string AllPayloads(const std::string& trap) {
  std::string out;
  for (const auto& p : Payloads(trap)) out += p + "\n";
  return out;
}

// A report whose every text field carries the payloads.
Report PayloadReport(const std::string& trap) {
  std::vector<std::string> p = Payloads(trap);
  std::string all = AllPayloads(trap);
  Report r = SampleReport();
  r.bundle_path = "<script>alert(1)</script>.tar.gz";
  r.bundle = {{"namespace", p[0]},  {"app_id", "spark-" + p[5]}, {"app_name", p[3]},
              {"driver_pod", p[1]}, {"executors", p[6]},         {"notes", p[4]},
              {"everything", all}};
  Finding& f = r.findings[0];
  f.message = "nightly-etl-exec-3 was OOMKilled: " + p[0] + " " + p[1] + " " + p[4];
  f.evidence.columns = {"pod_name", "<b>column</b>", "message"};
  f.evidence.rows.clear();
  for (size_t i = 0; i < p.size(); ++i) {
    f.evidence.rows.push_back({p[i], i % 3 == 0 ? std::optional<std::string>() : p[i], p[i]});
  }
  f.evidence.rows.push_back({"nightly-etl-exec-3", "stack", "java.lang.OutOfMemoryError\n" + all});
  f.evidence.total = 1000;
  f.sources = {{"logs/<script>alert(1)</script>/x.log", 3}, {"logs/" + p[5] + ".log", 0}};
  f.sql = "SELECT '</code></pre>" + p[7] + "' AS pod_name";
  f.remediation = "Raise the limit of " + p[1] + " and " + p[0] + ".\n\n" +
                  "- [x](javascript:alert(1)) and " + p[23] + "\n" +
                  "- `<script>in a code span</script>`\n\n" + "```\n</code></pre>" + p[7] +
                  "\n```\n\n" + "# " + p[3] + "\n\n" + all;
  Finding& second = r.findings[1];
  second.title = "Payload title " + p[0];
  second.message = all;
  second.remediation = p[13];
  r.not_evaluated = {{p[4], all}};
  r.inputs.push_back({"<script>alert(1)</script>.log", p[1], p[3], all, 1, 2});
  r.inputs.push_back({"logs/" + p[5] + ".log", "container_log", "loaded", p[6], 3, 4});
  r.load_errors.push_back({p[0], 1, p[1], all});
  return r;
}

// ---- inspection helpers ---------------------------------------------------------------

// Returns s in ASCII lower case.
std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Returns how often needle occurs in haystack.
size_t CountOf(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// Returns true when s is valid UTF-8.
bool IsValidUtf8(const std::string& s) { return simdjson::validate_utf8(s.data(), s.size()); }

// Returns the keys of a JSON object in document order.
std::vector<std::string> Keys(simdjson::dom::element e) {
  std::vector<std::string> keys;
  simdjson::dom::object obj;
  if (e.get_object().get(obj) != simdjson::SUCCESS) return keys;
  for (auto field : obj) keys.emplace_back(field.key);
  return keys;
}

// Returns a JSON string value, or "<not a string>".
std::string Str(simdjson::simdjson_result<simdjson::dom::element> e) {
  std::string_view sv;
  if (e.get_string().get(sv) != simdjson::SUCCESS) return "<not a string>";
  return std::string(sv);
}

// Returns a JSON integer value, or -1.
int64_t Int(simdjson::simdjson_result<simdjson::dom::element> e) {
  int64_t v = -1;
  if (e.get_int64().get(v) != simdjson::SUCCESS) return -1;
  return v;
}

// Returns Markdown with fenced code blocks and code spans removed: the text a renderer
// would interpret as Markdown and HTML.
std::string OutsideMarkdownCode(const std::string& md) {
  std::string out;
  size_t fence = 0;
  size_t pos = 0;
  while (pos <= md.size()) {
    size_t nl = md.find('\n', pos);
    std::string line = md.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? md.size() + 1 : nl + 1;
    size_t b = line.find_first_not_of(' ');
    std::string t = b == std::string::npos ? "" : line.substr(b);
    size_t run = t.find_first_not_of('`');
    run = run == std::string::npos ? t.size() : run;
    if (fence == 0 && run >= 3) {
      fence = run;
      continue;
    }
    if (fence > 0) {
      if (run >= fence && t.find_first_not_of("` ") == std::string::npos) fence = 0;
      continue;
    }
    for (size_t i = 0; i < line.size();) {
      if (line[i] == '\\' && i + 1 < line.size()) {
        out += line.substr(i, 2);
        i += 2;
        continue;
      }
      if (line[i] != '`') {
        out.push_back(line[i++]);
        continue;
      }
      size_t n = line.find_first_not_of('`', i);
      n = (n == std::string::npos ? line.size() : n) - i;
      size_t close = std::string::npos;
      for (size_t j = i + n; j < line.size();) {
        size_t m = line.find_first_not_of('`', j);
        m = (m == std::string::npos ? line.size() : m) - j;
        if (line[j] == '`' && m == n) {
          close = j;
          break;
        }
        j += line[j] == '`' ? m : 1;
      }
      if (close == std::string::npos) {
        out.append(n, '`');
        i += n;
      } else {
        out += "CODE";
        i = close + n;
      }
    }
    out.push_back('\n');
  }
  return out;
}

// Returns the number of '|' in a line not escaped by a backslash.
size_t UnescapedPipes(const std::string& line) {
  size_t n = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
    } else if (line[i] == '|') {
      ++n;
    }
  }
  return n;
}

// Checks that every table row in Markdown has as many cells as its header row.
void ExpectTablesWellFormed(const std::string& md) {
  size_t pipes = 0;
  size_t pos = 0;
  int line_no = 0;
  while (pos < md.size()) {
    size_t nl = md.find('\n', pos);
    std::string line = md.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? md.size() : nl + 1;
    ++line_no;
    if (line.empty() || line[0] != '|') {
      pipes = 0;
      continue;
    }
    if (pipes == 0) {
      pipes = UnescapedPipes(line);
      continue;
    }
    EXPECT_EQ(UnescapedPipes(line), pipes) << "line " << line_no << ": " << line;
  }
}

// Checks every tag of an HTML document against an allow-list of elements and attributes,
// and every link against in-page anchors and https://.
void ExpectOnlyOurMarkup(const std::string& html) {
  static const std::set<std::string> kTags = {
      "!doctype", "html",    "head",    "meta",   "title", "style", "body", "header", "nav",
      "main",     "section", "article", "footer", "h1",    "h2",    "h3",   "h4",     "h5",
      "h6",       "p",       "a",       "strong", "code",  "pre",   "ul",   "ol",     "li",
      "dl",       "dt",      "dd",      "table",  "thead", "tbody", "tr",   "th",     "td",
      "details",  "summary", "div",     "span",   "bdi",   "hr"};
  static const std::set<std::string> kAttributes = {"http-equiv", "content", "charset", "name",
                                                    "lang",       "class",   "id",      "href",
                                                    "title",      "rel",     "start",   "html"};
  size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string::npos) {
    size_t end = html.find('>', pos);
    ASSERT_NE(end, std::string::npos) << "unterminated tag at " << pos;
    std::string tag = html.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    bool closing = !tag.empty() && tag[0] == '/';
    if (closing) tag.erase(0, 1);
    size_t name_end = tag.find_first_of(" \t\n");
    std::string name = Lower(tag.substr(0, name_end));
    EXPECT_TRUE(kTags.count(name)) << "unexpected element <" << tag << ">";
    if (name == "style" && !closing) {
      size_t close = html.find("</style>", pos);
      ASSERT_NE(close, std::string::npos);
      pos = close;
      continue;
    }
    // Attributes: name="value" pairs; values never hold a quote (it is escaped).
    std::string rest = name_end == std::string::npos ? "" : tag.substr(name_end);
    size_t i = 0;
    while (i < rest.size()) {
      i = rest.find_first_not_of(" \t\n", i);
      if (i == std::string::npos) break;
      size_t eq = rest.find_first_of("= \t\n", i);
      std::string attr = Lower(rest.substr(i, eq - i));
      EXPECT_TRUE(kAttributes.count(attr))
          << "unexpected attribute " << attr << " in <" << tag << ">";
      if (eq == std::string::npos || rest[eq] != '=') {
        i = eq;
        continue;
      }
      ASSERT_LT(eq + 1, rest.size());
      ASSERT_EQ(rest[eq + 1], '"') << "unquoted attribute in <" << tag << ">";
      size_t close = rest.find('"', eq + 2);
      ASSERT_NE(close, std::string::npos);
      std::string value = rest.substr(eq + 2, close - eq - 2);
      if (attr == "href") {
        EXPECT_TRUE(value.starts_with("#") || value.starts_with("https://")) << "link to " << value;
      }
      if (attr == "id") {
        EXPECT_EQ(value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"),
                  std::string::npos)
            << "id " << value;
      }
      i = close + 1;
    }
  }
}

// ---- JSON -----------------------------------------------------------------------------

TEST(ReportJson, HasTheStableShapeInOrder) {
  std::string json = RenderJson(SampleReport());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  EXPECT_EQ(Keys(doc),
            (std::vector<std::string>{"tool", "generated_at", "bundle", "verdict", "findings",
                                      "timeline", "timeline_total", "not_evaluated", "inputs",
                                      "load_errors", "load_errors_total"}));
  EXPECT_EQ(Str(doc["tool"]), "sparkpm 0.1.0");
  EXPECT_EQ(Str(doc["generated_at"]), "2024-05-14T03:12:09Z");
  EXPECT_EQ(Keys(doc["bundle"].value_unsafe()),
            (std::vector<std::string>{"path", "namespace", "app_id", "app_name", "app_status",
                                      "driver_pod", "executors"}));
  EXPECT_EQ(Str(doc["bundle"]["path"]), "incidents/nightly-etl-2024-05-14.tar.gz");
  EXPECT_EQ(Str(doc["bundle"]["executors"]), "12 (5 dead)");

  simdjson::dom::array findings;
  ASSERT_EQ(doc["findings"].get(findings), simdjson::SUCCESS);
  ASSERT_EQ(findings.size(), 3u);
  simdjson::dom::element oom = findings.at(0).value_unsafe();
  EXPECT_EQ(Keys(oom), (std::vector<std::string>{"rule", "runbook", "section", "severity", "title",
                                                 "message", "evidence", "evidence_total", "sources",
                                                 "sql", "remediation", "explained_by",
                                                 "consequences", "rank_reason", "report_order"}));
  EXPECT_EQ(Str(oom["rule"]), "oom-kill-mitigation.container-oomkilled");
  EXPECT_EQ(Str(oom["runbook"]), "oom-kill-mitigation");
  EXPECT_EQ(Str(oom["section"]), "container-oomkilled");
  EXPECT_EQ(Str(oom["severity"]), "critical");
  EXPECT_EQ(Str(findings.at(1)["severity"]), "warning");
  EXPECT_EQ(Str(findings.at(2)["severity"]), "info");
  EXPECT_EQ(Int(oom["evidence_total"]), 5);

  simdjson::dom::array evidence;
  ASSERT_EQ(oom["evidence"].get(evidence), simdjson::SUCCESS);
  ASSERT_EQ(evidence.size(), 2u);
  EXPECT_EQ(Keys(evidence.at(0).value_unsafe()),
            (std::vector<std::string>{"pod_name", "container_name", "exit_code", "memory_limit",
                                      "source_path"}));
  EXPECT_EQ(Str(evidence.at(0)["pod_name"]), "nightly-etl-exec-3");
  EXPECT_EQ(Str(evidence.at(0)["exit_code"]), "137");
  EXPECT_TRUE(evidence.at(1)["memory_limit"].is_null());

  simdjson::dom::array sources;
  ASSERT_EQ(oom["sources"].get(sources), simdjson::SUCCESS);
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(Str(sources.at(0)), "k8s/pods.json");
  EXPECT_EQ(Str(sources.at(1)),
            "logs/nightly-etl-exec-3/spark-kubernetes-executor.previous.log:812");
  EXPECT_NE(Str(oom["sql"]).find("FROM spark_containers"), std::string::npos);
  EXPECT_NE(Str(oom["remediation"]).find("spark.executor.memoryOverhead=2g"), std::string::npos);

  simdjson::dom::array not_evaluated;
  ASSERT_EQ(doc["not_evaluated"].get(not_evaluated), simdjson::SUCCESS);
  ASSERT_EQ(not_evaluated.size(), 1u);
  EXPECT_EQ(Keys(not_evaluated.at(0).value_unsafe()), (std::vector<std::string>{"rule", "reason"}));
  EXPECT_EQ(Str(not_evaluated.at(0)["rule"]), "metrics.node-memory-pressure");

  simdjson::dom::array inputs;
  ASSERT_EQ(doc["inputs"].get(inputs), simdjson::SUCCESS);
  ASSERT_EQ(inputs.size(), 3u);
  EXPECT_EQ(Keys(inputs.at(0).value_unsafe()),
            (std::vector<std::string>{"path", "kind", "status", "detail", "bytes", "rows"}));
  EXPECT_EQ(Int(inputs.at(1)["bytes"]), 9123456);
  EXPECT_EQ(Int(inputs.at(1)["rows"]), 120004);
  EXPECT_TRUE(inputs.at(2)["rows"].is_null());
  EXPECT_EQ(Str(inputs.at(2)["detail"]), "not a recognised format");

  simdjson::dom::array load_errors;
  ASSERT_EQ(doc["load_errors"].get(load_errors), simdjson::SUCCESS);
  ASSERT_EQ(load_errors.size(), 2u);
  EXPECT_EQ(Keys(load_errors.at(0).value_unsafe()),
            (std::vector<std::string>{"path", "line", "severity", "message"}));
  EXPECT_EQ(Int(load_errors.at(1)["line"]), 77);
  EXPECT_EQ(Int(doc["load_errors_total"]), 7);
}

TEST(ReportJson, IsPrettyPrintedWithTwoSpaces) {
  std::string json = RenderJson(SampleReport());
  EXPECT_TRUE(json.starts_with("{\n  \"tool\": \"sparkpm 0.1.0\",\n  \"generated_at\"")) << json;
  EXPECT_NE(json.find("\n      \"rule\": \"oom-kill-mitigation.container-oomkilled\""),
            std::string::npos);
}

TEST(ReportJson, StaysValidForHostileBytes) {
  std::string json = RenderJson(PayloadReport("http://127.0.0.1:9/trap"));
  EXPECT_TRUE(IsValidUtf8(json));
  EXPECT_EQ(json.find('\0'), std::string::npos);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(Str(doc["bundle"]["namespace"]), "<script>alert(1)</script>");
  EXPECT_EQ(
      Str(doc["bundle"]["executors"]),
      "bad\xEF\xBF\xBD\xEF\xBF\xBD utf8 \xEF\xBF\xBD( and NUL " + std::string(1, '\0') + " here");
  EXPECT_EQ(Int(doc["findings"].at(0)["evidence_total"]), 1000);
}

TEST(ReportJson, EmptyReportHasEmptyLists) {
  std::string json = RenderJson(EmptyReport());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  simdjson::dom::array findings;
  ASSERT_EQ(doc["findings"].get(findings), simdjson::SUCCESS);
  EXPECT_EQ(findings.size(), 0u);
  EXPECT_EQ(Keys(doc["bundle"].value_unsafe()), std::vector<std::string>{"path"});
  EXPECT_EQ(Int(doc["load_errors_total"]), 0);
}

// ---- HTML -----------------------------------------------------------------------------

TEST(ReportHtml, StartsHeadWithTheContentSecurityPolicy) {
  std::string html = RenderHtml(SampleReport());
  size_t head = html.find("<head>");
  ASSERT_NE(head, std::string::npos);
  EXPECT_EQ(html.substr(head, 200).find(
                "<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                "'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                "form-action 'none'\">\n<meta charset=\"utf-8\">"),
            0u)
      << html.substr(head, 300);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(Lower(html).find("<script"), std::string::npos);
  ExpectOnlyOurMarkup(html);
}

TEST(ReportHtml, PutsTheRootCauseFirstAndSectionsInOrder) {
  Report r = SampleReport();
  std::string html = RenderHtml(r);
  size_t verdict = html.find(
      "Most likely cause: <a href=\"#finding-1\"><strong><bdi>Executor "
      "container killed for exceeding its memory limit</bdi></strong></a>");
  ASSERT_NE(verdict, std::string::npos) << html;
  EXPECT_NE(html.find("nightly-etl-exec-3 was OOMKilled (exit 137) with a 4Gi memory limit"),
            std::string::npos);
  size_t f1 = html.find("<article class=\"finding critical\" id=\"finding-1\">");
  size_t f2 = html.find("<article class=\"finding warning\" id=\"finding-2\">");
  size_t f3 = html.find("<article class=\"finding info\" id=\"finding-3\">");
  size_t app = html.find("<h2>Application summary</h2>");
  size_t skipped = html.find("<h2>Rules not evaluated</h2>");
  size_t inputs = html.find("<h2>Inputs</h2>");
  size_t errors = html.find("<h2>Load errors</h2>");
  std::vector<size_t> order = {verdict, f1, f2, f3, app, skipped, inputs, errors};
  for (size_t p : order) ASSERT_NE(p, std::string::npos) << html;
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_NE(html.find("<p class=\"app\">Application <strong><bdi>nightly-etl</bdi></strong> "
                      "\xC2\xB7 <code><bdi>spark-7f3c2a91</bdi></code> \xC2\xB7 namespace "
                      "<bdi>spark-jobs</bdi></p>"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"#finding-1-remediation\"><bdi>runbooks/oom-kill-mitigation.md"
                      "#container-oomkilled</bdi></a>"),
            std::string::npos);
  EXPECT_NE(html.find("<h4 id=\"finding-1-remediation\">Remediation</h4>"), std::string::npos);
  EXPECT_NE(html.find("<pre><code>--conf spark.executor.memoryOverhead=2g\n</code></pre>"),
            std::string::npos);
  EXPECT_NE(
      html.find("<code><bdi>logs/nightly-etl-exec-3/spark-kubernetes-executor.previous.log:812"),
      std::string::npos);
  EXPECT_NE(html.find("<details class=\"sql\"><summary>SQL</summary><pre><code>SELECT pod_name"),
            std::string::npos);
  EXPECT_NE(
      html.find("<td><bdi>not a recognised format</bdi></td><td class=\"num\"><bdi>120</bdi>"),
      std::string::npos);
  EXPECT_NE(html.find("no rows in prometheus_samples (the bundle has no metrics)"),
            std::string::npos);
  ExpectOnlyOurMarkup(html);
}

TEST(ReportHtml, ShowsTheEvidenceCapNullsAndLoadErrorTotal) {
  std::string html = RenderHtml(SampleReport());
  EXPECT_NE(html.find("<p class=\"note\">showing 2 of 5 rows</p>"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"note\">1 row</p>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"null\" title=\"NULL\">\xE2\x80\x94</td>"), std::string::npos);
  EXPECT_NE(html.find("showing 2 of 7 load errors"), std::string::npos);
}

TEST(ReportHtml, EmptyReportSaysNoWarningOrCriticalFindings) {
  std::string html = RenderHtml(EmptyReport());
  EXPECT_NE(html.find("No warning or critical findings"), std::string::npos);
  EXPECT_NE(html.find("No load errors."), std::string::npos);
  ExpectOnlyOurMarkup(html);

  Report info_only = SampleReport();
  info_only.findings.erase(info_only.findings.begin(), info_only.findings.begin() + 2);
  html = RenderHtml(info_only);
  EXPECT_NE(html.find("No warning or critical findings"), std::string::npos);
  EXPECT_EQ(html.find("Most likely cause"), std::string::npos);
}

TEST(ReportHtml, HostileBundleTextStaysText) {
  std::string html = RenderHtml(PayloadReport("http://127.0.0.1:9/trap"));
  std::string lower = Lower(html);
  EXPECT_EQ(lower.find("<script"), std::string::npos);
  for (const char* tag : {"<img", "<iframe", "<link", "<object", "<svg", "<video", "<base", "<form",
                          "<textarea", "<plaintext", "<xmp", "<noscript", "<!--", "<![cdata["}) {
    EXPECT_EQ(lower.find(tag), std::string::npos) << tag;
  }
  EXPECT_EQ(CountOf(lower, "<style"), 1u);
  EXPECT_EQ(CountOf(lower, "</style"), 1u);
  EXPECT_EQ(CountOf(lower, "<meta"), 5u);
  EXPECT_EQ(lower.find("javascript:alert(1)\""), std::string::npos);
  EXPECT_EQ(lower.find("href=\"http:"), std::string::npos);
  EXPECT_EQ(lower.find("href=\"javascript"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;/style&gt;&lt;style&gt;body{display:none}&lt;/style&gt;"),
            std::string::npos);
  EXPECT_NE(html.find("[U+202E]gnp.exe"), std::string::npos);
  EXPECT_EQ(html.find("\xE2\x80\xAE"), std::string::npos);  // no raw right-to-left override
  EXPECT_EQ(html.find("\xE2\x81\xA6"), std::string::npos);  // no raw left-to-right isolate
  EXPECT_EQ(html.find('\0'), std::string::npos);
  EXPECT_EQ(html.find('\x1B'), std::string::npos);
  EXPECT_NE(html.find("NUL \xE2\x90\x80 here"), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(html));
  EXPECT_NE(html.find("showing 33 of 1000 rows"), std::string::npos);
  EXPECT_EQ(html.find("pwned"), std::string::npos);
  ExpectOnlyOurMarkup(html);
}

// ---- Markdown -------------------------------------------------------------------------

TEST(ReportMarkdown, PutsTheRootCauseFirstAndSectionsInOrder) {
  std::string md = RenderMarkdown(SampleReport());
  EXPECT_TRUE(
      md.starts_with("# Spark incident report\n\nApplication: **nightly-etl** \xC2\xB7 "
                     "spark-7f3c2a91 \xC2\xB7 namespace spark-jobs\n"))
      << md;
  size_t verdict = md.find(
      "**Most likely cause: Executor container killed for exceeding its memory limit** "
      "\xE2\x80\x94 nightly-etl-exec-3 was OOMKilled (exit 137) with a 4Gi memory limit\n");
  size_t f1 = md.find("### 1. CRITICAL: Executor container killed for exceeding its memory limit");
  size_t f2 = md.find("### 2. WARNING: Stage retried after shuffle fetch failures");
  size_t f3 = md.find("### 3. INFO: Dynamic allocation is disabled");
  size_t app = md.find("## Application summary");
  size_t skipped = md.find("## Rules not evaluated");
  size_t inputs = md.find("## Inputs");
  size_t errors = md.find("## Load errors");
  std::vector<size_t> order = {verdict, f1, f2, f3, app, skipped, inputs, errors};
  for (size_t p : order) ASSERT_NE(p, std::string::npos) << md;
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end())) << md;
  EXPECT_NE(md.find("3 findings: 1 critical, 1 warning, 1 info."), std::string::npos);
  EXPECT_NE(md.find("- **Rule:** `oom-kill-mitigation.container-oomkilled`\n"
                    "- **Runbook:** `runbooks/oom-kill-mitigation.md#container-oomkilled` "
                    "(OOM kill mitigation \xE2\x80\xBA Container OOMKilled)\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("**Evidence** (showing 2 of 5 rows)\n\n"
                    "| pod\\_name | container\\_name | exit\\_code | memory\\_limit | "
                    "source\\_path |\n| --- | --- | --- | --- | --- |\n"
                    "| nightly-etl-exec-3 | spark-kubernetes-executor | 137 | 4Gi | "
                    "k8s/pods.json |\n"
                    "| nightly-etl-exec-7 | spark-kubernetes-executor | 137 | \xE2\x80\x94 | "
                    "k8s/pods.json |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("**Sources**\n\n- k8s/pods.json\n"
                    "- logs/nightly-etl-exec-3/spark-kubernetes-executor.previous.log:812\n"),
            std::string::npos);
  EXPECT_NE(md.find("<details>\n<summary>SQL</summary>\n\n```sql\nSELECT pod_name"),
            std::string::npos);
  EXPECT_NE(md.find("#### Remediation\n\nRaise the memory overhead of **nightly-etl** "
                    "executors:\n\n```bash\n--conf spark.executor.memoryOverhead=2g\n```\n\n"
                    "- Check `spark.executor.memory` against the 4Gi limit\n"
                    "- Read [memory tuning](https://spark.apache.org/docs/latest/tuning.html)\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| notes.txt | unknown | skipped | not a recognised format | 120 | "
                    "\xE2\x80\x94 |"),
            std::string::npos);
  EXPECT_NE(md.find("Showing 2 of 7 load errors."), std::string::npos);
  ExpectTablesWellFormed(md);
}

TEST(ReportMarkdown, EmptyReportSaysNoWarningOrCriticalFindings) {
  std::string md = RenderMarkdown(EmptyReport());
  EXPECT_NE(md.find("No warning or critical findings"), std::string::npos);
  EXPECT_NE(md.find("0 findings: 0 critical, 0 warning, 0 info."), std::string::npos);
  EXPECT_NE(md.find("No load errors."), std::string::npos);
}

TEST(ReportMarkdown, EscapesCellsSoTablesStayIntact) {
  Report r = SampleReport();
  r.findings[1].evidence.rows = {{"a|b", "x\\|y"}, {"`tick`", "*bold* _em_ ~strike~"}};
  r.findings[1].evidence.total = 2;
  std::string md = RenderMarkdown(r);
  EXPECT_NE(md.find("| a\\|b | x\\\\\\|y |"), std::string::npos) << md;
  EXPECT_NE(md.find("| \\`tick\\` | \\*bold\\* \\_em\\_ \\~strike\\~ |"), std::string::npos) << md;
  ExpectTablesWellFormed(md);
}

TEST(ReportMarkdown, PutsLongValuesInFencesLongerThanTheirBackticks) {
  Report r = SampleReport();
  std::string trace =
      "java.lang.OutOfMemoryError: Java heap space\n\tat Foo.bar(Foo.java:1)\n"
      "````\n| not | a | table |\n````";
  r.findings[0].evidence.rows[0][1] = trace;
  std::string md = RenderMarkdown(r);
  EXPECT_NE(
      md.find("| java.lang.OutOfMemoryError: Java heap space\xE2\x80\xA6 (row 1, see below) |"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("Row 1, container\\_name:\n\n`````\n" + trace + "\n`````\n"), std::string::npos)
      << md;
  ExpectTablesWellFormed(md);
}

TEST(ReportMarkdown, RemediationKeepsRunbookMarkupAndEscapesTheRest) {
  Report r = SampleReport();
  r.findings[0].remediation =
      "## Steps\n\n"
      "1. Find the pod <pod_name> in **spark-jobs**:\n\n"
      "   ```bash\n   kubectl -n spark-jobs describe pod x | grep -A3 State\n   ```\n\n"
      "2. See [the runbook](#container-oomkilled) or [local](runbooks/x.md) or "
      "[site](https://example.com/a_b?c=1&d=2)\n"
      "   - nested <b>item</b> with `a|b`\n\n"
      "```\nnever closed";
  std::string md = RenderMarkdown(r);
  EXPECT_NE(
      md.find("#### Remediation\n\n## Steps\n\n"
              "1. Find the pod &lt;pod\\_name&gt; in **spark-jobs**:\n\n"
              "   ```bash\n   kubectl -n spark-jobs describe pod x | grep -A3 State\n   ```\n\n"
              "2. See [the runbook](#container-oomkilled) or local (runbooks/x.md) or "
              "[site](https://example.com/a_b?c=1&d=2)\n"
              "   - nested &lt;b&gt;item&lt;/b&gt; with `a|b`\n\n"
              "```\nnever closed\n```\n"),
      std::string::npos)
      << md;
}

TEST(ReportMarkdown, HostileBundleTextCannotBecomeMarkup) {
  std::string md = RenderMarkdown(PayloadReport("http://127.0.0.1:9/trap"));
  EXPECT_TRUE(IsValidUtf8(md));
  EXPECT_EQ(md.find('\0'), std::string::npos);
  EXPECT_EQ(md.find('\x1B'), std::string::npos);
  EXPECT_EQ(md.find("\xE2\x80\xAE"), std::string::npos);
  std::string text = OutsideMarkdownCode(md);
  std::string lower = Lower(text);
  EXPECT_EQ(lower.find("<script"), std::string::npos) << text;
  EXPECT_EQ(lower.find("](javascript:"), std::string::npos);
  EXPECT_EQ(lower.find("](http:"), std::string::npos);
  EXPECT_EQ(lower.find("!["), std::string::npos);
  // The only HTML left is our own <details>/<summary> around the SQL.
  for (size_t pos = text.find('<'); pos != std::string::npos; pos = text.find('<', pos + 1)) {
    std::string_view at(text.data() + pos, std::min<size_t>(12, text.size() - pos));
    EXPECT_TRUE(at.starts_with("<details>") || at.starts_with("</details>") ||
                at.starts_with("<summary>") || at.starts_with("</summary>"))
        << "raw HTML at " << pos << ": " << text.substr(pos, 60);
  }
  // Any link left must point at https:// or an anchor.
  for (size_t pos = text.find("]("); pos != std::string::npos; pos = text.find("](", pos + 1)) {
    if (pos > 0 && text[pos - 1] == '\\') continue;
    std::string target = text.substr(pos + 2, 8);
    EXPECT_TRUE(target.starts_with("https://") || target.starts_with("#")) << target;
  }
  EXPECT_NE(md.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(md.find("\\[x\\]\\(javascript:alert(1))"), std::string::npos) << md;
  EXPECT_NE(md.find("[U+202E]gnp.exe"), std::string::npos);
  EXPECT_NE(md.find("**Evidence** (showing 33 of 1000 rows)"), std::string::npos);
  ExpectTablesWellFormed(md);
}

// ---- payload report for the browser test ---------------------------------------------

// Writes content to the file named by an environment variable, when it is set.
void WriteIfAsked(const char* variable, const std::string& content) {
  const char* path = std::getenv(variable);
  if (path == nullptr || *path == '\0') return;
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  ASSERT_TRUE(file) << "cannot write " << path;
  file << content;
  file.close();
  ASSERT_TRUE(file) << "cannot write " << path;
}

TEST(ReportPayload, WritesHostileReport) {
  std::string trap = TrapUrl();
  std::string html = RenderHtml(PayloadReport(trap));
  EXPECT_EQ(Lower(html).find("<script"), std::string::npos);
  EXPECT_NE(html.find(trap.substr(7)), std::string::npos) << "the trap URL should be in the text";
  WriteIfAsked("SPARKPM_WRITE_PAYLOAD_REPORT", html);
  WriteIfAsked("SPARKPM_WRITE_SAMPLE_REPORT", RenderHtml(SampleReport()));
}

}  // namespace
}  // namespace sparkpm
