// Parses Spark listener event lines (JsonProtocol's format) with simdjson On-Demand.
#include "event_log_events.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <unordered_map>

#include "event_log_fast_json.h"
#include "sparkpm/json_writer.h"

namespace sparkpm::event_log {
namespace {

using simdjson::error_code;
using simdjson::SUCCESS;
using simdjson::ondemand::array;
using simdjson::ondemand::field;
using simdjson::ondemand::object;
using simdjson::ondemand::value;

// Returns the error of expr from the enclosing function; each use gets its own name so
// that nested uses in lambdas do not shadow each other.
#define EL_CAT2(a, b) a##b
#define EL_CAT(a, b) EL_CAT2(a, b)
#define EL_TRY_NAMED(expr, name)                     \
  do {                                               \
    if (error_code name = (expr); name) return name; \
  } while (0)
#define EL_TRY(expr) EL_TRY_NAMED(expr, EL_CAT(el_error_, __COUNTER__))

constexpr std::string_view kEventPrefix = "{\"Event\":\"";

// Errors that say "this field has another type", not "this line is broken".
bool SoftError(error_code e) {
  return e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_OUT_OF_RANGE;
}

// Compares a key with a literal; the constant length lets the compiler inline the compare
// (a plain string_view == calls memcmp, a visible cost on a few hundred keys per task).
template <size_t N>
inline bool Is(std::string_view key, const char (&literal)[N]) {
  return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}

// Equality of two keys without a libc call for the common 8..16-byte lengths (two
// overlapping 8-byte loads per side).
inline bool SameKey(std::string_view a, std::string_view b) {
  size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 8 && n <= 16) {
    uint64_t a0, a1, b0, b1;
    std::memcpy(&a0, a.data(), 8);
    std::memcpy(&b0, b.data(), 8);
    std::memcpy(&a1, a.data() + n - 8, 8);
    std::memcpy(&b1, b.data() + n - 8, 8);
    return a0 == b0 && a1 == b1;
  }
  return std::memcmp(a.data(), b.data(), n) == 0;
}

// Reads an integer (a whole double is accepted); leaves out unchanged for another type.
// Plain integers, nearly every number of an event log, are read from the raw token.
error_code ReadInt(value& v, int64_t& out) {
  {
    std::string_view token = v.raw_json_token();
    const char* p = token.data();
    const char* end = p + token.size();
    bool negative = p < end && *p == '-';
    if (negative) ++p;
    const char* digits = p;
    uint64_t x = 0;
    while (p < end && *p >= '0' && *p <= '9' && p - digits < 18) {
      x = x * 10 + static_cast<uint64_t>(*p - '0');
      ++p;
    }
    const char* last = p;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
    if (last > digits && p == end) {
      out = negative ? -static_cast<int64_t>(x) : static_cast<int64_t>(x);
      return SUCCESS;
    }
  }
  int64_t i = 0;
  error_code e = v.get_int64().get(i);
  if (e == SUCCESS) {
    out = i;
    return SUCCESS;
  }
  if (!SoftError(e)) return e;
  double d = 0;
  e = v.get_double().get(d);
  if (e == SUCCESS) {
    if (std::isfinite(d) && std::fabs(d) < 9.2e18) out = std::llround(d);
    return SUCCESS;
  }
  return SoftError(e) ? SUCCESS : e;
}

// The same reads over the fast reader of task events (event_log_fast_json.h). They read
// only the expected type: anything else stops the fast read, and the line is parsed
// again with simdjson, whose reads above decide.
using FastValue = fast_json::Value;

error_code ReadInt(FastValue& v, int64_t& out) { return v.GetInt(out); }

error_code ReadBool(FastValue& v, bool& out) { return v.GetBool(out); }

error_code ReadOptBool(FastValue& v, std::optional<bool>& out) {
  bool b = false;
  EL_TRY(v.GetBool(b));
  out = b;
  return SUCCESS;
}

error_code ReadString(FastValue& v, std::string& out, bool* present = nullptr) {
  std::string_view s;
  EL_TRY(v.GetString(s));
  out.assign(s.data(), s.size());
  if (present != nullptr) *present = true;
  return SUCCESS;
}

template <typename Fn>
error_code ForEachField(FastValue& obj, Fn fn) {
  return obj.Fields(fn);
}

template <typename Fn>
error_code ForEachFieldOf(FastValue& v, Fn fn) {
  return v.Fields(fn);
}

template <typename Fn>
error_code ForEachFieldOf(FastValue& v, bool* is_object, Fn fn) {
  *is_object = true;
  return v.Fields(fn);
}

template <typename Fn>
error_code ForEachElement(FastValue& v, Fn fn) {
  return v.Elements(fn);
}

template <typename V>
error_code ReadOptInt(V& v, std::optional<int64_t>& out) {
  int64_t i = INT64_MIN;
  EL_TRY(ReadInt(v, i));
  if (i != INT64_MIN) out = i;
  return SUCCESS;
}

error_code ReadDouble(value& v, std::optional<double>& out) {
  double d = 0;
  error_code e = v.get_double().get(d);
  if (e == SUCCESS) {
    out = d;
    return SUCCESS;
  }
  return SoftError(e) ? SUCCESS : e;
}

error_code ReadBool(value& v, bool& out) {
  bool b = false;
  error_code e = v.get_bool().get(b);
  if (e == SUCCESS) {
    out = b;
    return SUCCESS;
  }
  return SoftError(e) ? SUCCESS : e;
}

// Reads a string; *present says whether it was one (null and other types are absent).
error_code ReadString(value& v, std::string& out, bool* present = nullptr) {
  std::string_view s;
  error_code e = v.get_string().get(s);
  if (e == SUCCESS) {
    out.assign(s.data(), s.size());
    if (present != nullptr) *present = true;
    return SUCCESS;
  }
  if (present != nullptr) *present = false;
  return SoftError(e) ? SUCCESS : e;
}

template <typename V>
error_code ReadOptString(V& v, std::optional<std::string>& out) {
  std::string s;
  bool present = false;
  EL_TRY(ReadString(v, s, &present));
  if (present) out = std::move(s);
  return SUCCESS;
}

// Opens an object value; *ok is false (and no error) when the value is another type.
error_code OpenObject(value& v, object& obj, bool* ok) {
  error_code e = v.get_object().get(obj);
  *ok = e == SUCCESS;
  return (e == SUCCESS || SoftError(e)) ? SUCCESS : e;
}

error_code OpenArray(value& v, array& arr, bool* ok) {
  error_code e = v.get_array().get(arr);
  *ok = e == SUCCESS;
  return (e == SUCCESS || SoftError(e)) ? SUCCESS : e;
}

// Returns a field's key. Spark's keys never hold escapes, so the raw bytes up to the
// closing quote are the key; a key with a backslash is unescaped the slow way.
error_code KeyOf(field& f, std::string_view* key) {
  const char* start = f.key().raw();
  // The key ends at the last quote before the colon in front of the value: step back from
  // the value's first byte instead of scanning the key byte by byte.
  {
    const char* q = f.value().raw_json_token().data();
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    do --q;
    while (q > start && space(*q));
    if (q > start && *q == ':') {
      do --q;
      while (q > start && space(*q));
      if (q >= start && *q == '"') {
        size_t n = static_cast<size_t>(q - start);
        if (std::memchr(start, '\\', n) == nullptr) {
          *key = std::string_view(start, n);
          return SUCCESS;
        }
        return f.unescaped_key().get(*key);
      }
    }
  }
  const char* p = start;
  while (*p != '"' && *p != '\\') ++p;  // the string is closed: stage 1 checked it
  if (*p == '"') {
    *key = std::string_view(start, static_cast<size_t>(p - start));
    return SUCCESS;
  }
  return f.unescaped_key().get(*key);
}

// Calls fn(key, value) for each field of obj; fn returns an error_code.
template <typename Fn>
error_code ForEachField(object& obj, Fn fn) {
  for (auto item : obj) {
    field f;
    EL_TRY(std::move(item).get(f));
    std::string_view key;
    EL_TRY(KeyOf(f, &key));
    EL_TRY(fn(key, f.value()));
  }
  return SUCCESS;
}

// Calls fn(key, value) for each field of an object value (nothing for other types).
template <typename Fn>
error_code ForEachFieldOf(value& v, Fn fn) {
  object obj;
  bool ok = false;
  EL_TRY(OpenObject(v, obj, &ok));
  if (!ok) return SUCCESS;
  return ForEachField(obj, fn);
}

template <typename Fn>
error_code ForEachElement(value& v, Fn fn) {
  array arr;
  bool ok = false;
  EL_TRY(OpenArray(v, arr, &ok));
  if (!ok) return SUCCESS;
  for (auto item : arr) {
    value element;
    EL_TRY(std::move(item).get(element));
    EL_TRY(fn(element));
  }
  return SUCCESS;
}

// ForEachFieldOf that also sets *is_object when the value is an object (even an empty one).
template <typename Fn>
error_code ForEachFieldOf(value& v, bool* is_object, Fn fn) {
  object obj;
  bool ok = false;
  EL_TRY(OpenObject(v, obj, &ok));
  if (!ok) return SUCCESS;
  *is_object = true;
  return ForEachField(obj, fn);
}

// Reads a boolean; leaves out unset for another type.
error_code ReadOptBool(value& v, std::optional<bool>& out) {
  bool b = false;
  error_code e = v.get_bool().get(b);
  if (e == SUCCESS) out = b;
  return (e == SUCCESS || SoftError(e)) ? SUCCESS : e;
}

error_code ReadIntArray(value& v, std::vector<int64_t>& out) {
  return ForEachElement(v, [&](value& e) -> error_code {
    int64_t i = INT64_MIN;
    EL_TRY(ReadInt(e, i));
    if (i != INT64_MIN) out.push_back(i);
    return SUCCESS;
  });
}

// Formats one "Stack Trace" element as Java's StackTraceElement.toString does.
template <typename V>
error_code AppendStackElement(V& v, std::string& out) {
  std::string cls, method, file;
  bool has_file = false;
  int64_t line = -1;
  EL_TRY(ForEachFieldOf(v, [&](std::string_view key, auto& f) -> error_code {
    if (Is(key, "Declaring Class")) return ReadString(f, cls);
    if (Is(key, "Method Name")) return ReadString(f, method);
    if (Is(key, "File Name")) return ReadString(f, file, &has_file);
    if (Is(key, "Line Number")) return ReadInt(f, line);
    return SUCCESS;
  }));
  if (!out.empty()) out += '\n';
  out += "        ";
  out += cls;
  out += '.';
  out += method;
  if (line == -2) {
    out += "(Native Method)";
  } else if (has_file && line >= 0) {
    out += fmt::format("({}:{})", file, line);
  } else if (has_file) {
    out += fmt::format("({})", file);
  } else {
    out += "(Unknown Source)";
  }
  return SUCCESS;
}

error_code ParseProperties(value& v, JobProperties& out) {
  return ForEachFieldOf(v, [&](std::string_view key, value& f) -> error_code {
    if (Is(key, "spark.job.description")) return ReadOptString(f, out.description);
    if (Is(key, "spark.jobGroup.id")) return ReadOptString(f, out.job_group);
    if (Is(key, "spark.scheduler.pool")) return ReadOptString(f, out.pool);
    if (Is(key, "spark.sql.execution.id")) {
      std::optional<std::string> text;
      EL_TRY(ReadOptString(f, text));
      if (text && !text->empty() && text->size() < 19 &&
          text->find_first_not_of("0123456789") == std::string::npos) {
        out.sql_execution_id = std::stoll(*text);
      }
    }
    return SUCCESS;
  });
}

error_code ParseStageInfo(value& v, StageInfo& out) {
  return ForEachFieldOf(v, [&](std::string_view key, value& f) -> error_code {
    if (Is(key, "Stage ID")) return ReadInt(f, out.stage_id);
    if (Is(key, "Stage Attempt ID")) return ReadInt(f, out.attempt);
    if (Is(key, "Stage Name")) return ReadString(f, out.name);
    if (Is(key, "Number of Tasks")) return ReadInt(f, out.num_tasks);
    if (Is(key, "Parent IDs")) return ReadIntArray(f, out.parent_ids);
    if (Is(key, "Details")) return ReadString(f, out.details);
    if (Is(key, "Submission Time")) return ReadOptInt(f, out.submission_ms);
    if (Is(key, "Completion Time")) return ReadOptInt(f, out.completion_ms);
    if (Is(key, "Failure Reason")) return ReadOptString(f, out.failure_reason);
    if (Is(key, "Resource Profile Id")) return ReadInt(f, out.resource_profile_id);
    return SUCCESS;
  });
}

template <typename V>
error_code ParseTaskInfo(V& v, TaskInfo& out) {
  return ForEachFieldOf(v, [&](std::string_view key, auto& f) -> error_code {
    switch (key.size()) {
      case 4:
        if (Is(key, "Host")) return ReadString(f, out.host);
        break;
      case 5:
        if (Is(key, "Index")) return ReadInt(f, out.index);
        break;
      case 6:
        if (Is(key, "Failed")) return ReadBool(f, out.failed);
        if (Is(key, "Killed")) return ReadBool(f, out.killed);
        break;
      case 7:
        if (Is(key, "Task ID")) return ReadInt(f, out.task_id);
        if (Is(key, "Attempt")) return ReadInt(f, out.attempt);
        break;
      case 8:
        if (Is(key, "Locality")) return ReadString(f, out.locality);
        break;
      case 11:
        if (Is(key, "Launch Time")) return ReadInt(f, out.launch_ms);
        if (Is(key, "Executor ID")) return ReadString(f, out.executor_id);
        if (Is(key, "Finish Time")) return ReadInt(f, out.finish_ms);
        if (Is(key, "Speculative")) return ReadBool(f, out.speculative);
        break;
      case 12:
        if (Is(key, "Partition ID")) return ReadInt(f, out.partition_id);
        break;
      case 19:
        if (Is(key, "Getting Result Time")) return ReadInt(f, out.getting_result_ms);
        break;
      default:
        break;
    }
    return SUCCESS;
  });
}

template <typename V>
error_code ParseTaskMetrics(V& v, TaskMetrics& m) {
  return ForEachFieldOf(v, &m.present, [&](std::string_view key, auto& f) -> error_code {
    switch (key.size()) {
      case 11:
        if (Is(key, "Result Size")) return ReadInt(f, m.result_size);
        if (Is(key, "JVM GC Time")) return ReadInt(f, m.jvm_gc_time);
        break;
      case 17:
        if (Is(key, "Executor Run Time")) return ReadInt(f, m.executor_run_time);
        if (Is(key, "Executor CPU Time")) return ReadInt(f, m.executor_cpu_time);
        break;
      case 18:
        if (Is(key, "Disk Bytes Spilled")) return ReadInt(f, m.disk_bytes_spilled);
        break;
      case 20:
        if (Is(key, "Memory Bytes Spilled")) return ReadInt(f, m.memory_bytes_spilled);
        break;
      case 21:
        if (Is(key, "Peak Execution Memory")) return ReadInt(f, m.peak_execution_memory);
        break;
      case 25:
        if (Is(key, "Executor Deserialize Time")) return ReadInt(f, m.executor_deserialize_time);
        if (Is(key, "Result Serialization Time")) return ReadInt(f, m.result_serialization_time);
        break;
      case 29:
        if (Is(key, "Executor Deserialize CPU Time")) {
          return ReadInt(f, m.executor_deserialize_cpu_time);
        }
        break;
      default:
        break;
    }
    if (Is(key, "Shuffle Read Metrics")) {
      return ForEachFieldOf(f, [&](std::string_view k, auto& g) -> error_code {
        if (Is(k, "Remote Blocks Fetched")) return ReadInt(g, m.shuffle_remote_blocks_fetched);
        if (Is(k, "Local Blocks Fetched")) return ReadInt(g, m.shuffle_local_blocks_fetched);
        if (Is(k, "Fetch Wait Time")) return ReadInt(g, m.shuffle_fetch_wait_time);
        if (Is(k, "Remote Bytes Read")) return ReadInt(g, m.shuffle_remote_bytes_read);
        if (Is(k, "Remote Bytes Read To Disk"))
          return ReadInt(g, m.shuffle_remote_bytes_read_to_disk);
        if (Is(k, "Local Bytes Read")) return ReadInt(g, m.shuffle_local_bytes_read);
        if (Is(k, "Total Records Read")) return ReadInt(g, m.shuffle_records_read);
        return SUCCESS;
      });
    }
    if (Is(key, "Shuffle Write Metrics")) {
      return ForEachFieldOf(f, [&](std::string_view k, auto& g) -> error_code {
        if (Is(k, "Shuffle Bytes Written")) return ReadInt(g, m.shuffle_bytes_written);
        if (Is(k, "Shuffle Write Time")) return ReadInt(g, m.shuffle_write_time);
        if (Is(k, "Shuffle Records Written")) return ReadInt(g, m.shuffle_records_written);
        return SUCCESS;
      });
    }
    if (Is(key, "Input Metrics")) {
      return ForEachFieldOf(f, [&](std::string_view k, auto& g) -> error_code {
        if (Is(k, "Bytes Read")) return ReadInt(g, m.input_bytes_read);
        if (Is(k, "Records Read")) return ReadInt(g, m.input_records_read);
        return SUCCESS;
      });
    }
    if (Is(key, "Output Metrics")) {
      return ForEachFieldOf(f, [&](std::string_view k, auto& g) -> error_code {
        if (Is(k, "Bytes Written")) return ReadInt(g, m.output_bytes_written);
        if (Is(k, "Records Written")) return ReadInt(g, m.output_records_written);
        return SUCCESS;
      });
    }
    return SUCCESS;
  });
}

template <typename V>
error_code ParseExecutorMetrics(V& v, ExecutorMetrics& out) {
  size_t expect = 0;  // Spark writes the metrics in kExecutorMetricNames order
  return ForEachFieldOf(v, [&](std::string_view key, auto& f) -> error_code {
    size_t i = expect;
    if (i >= kExecutorMetricNames.size() || !SameKey(key, kExecutorMetricNames[i])) {
      for (i = 0; i < kExecutorMetricNames.size() && !SameKey(key, kExecutorMetricNames[i]); ++i) {
      }
      if (i == kExecutorMetricNames.size()) return SUCCESS;
    }
    expect = i + 1;
    int64_t x = INT64_MIN;
    EL_TRY(ReadInt(f, x));
    if (x != INT64_MIN) {
      out.values[i] = x;
      out.set |= 1u << i;
    }
    return SUCCESS;
  });
}

template <typename V>
error_code ParseEndReason(V& v, TaskEndReason& r) {
  return ForEachFieldOf(v, [&](std::string_view key, auto& f) -> error_code {
    if (Is(key, "Reason")) return ReadString(f, r.reason);
    if (Is(key, "Class Name")) return ReadString(f, r.class_name);
    if (Is(key, "Description")) return ReadString(f, r.description);
    if (Is(key, "Stack Trace")) {
      return ForEachElement(f, [&](auto& e) { return AppendStackElement(e, r.stack_trace); });
    }
    if (Is(key, "Full Stack Trace"))
      return ReadString(f, r.full_stack_trace, &r.has_full_stack_trace);
    if (Is(key, "Executor ID")) return ReadString(f, r.lost_executor_id);
    if (Is(key, "Exit Caused By App")) return ReadOptBool(f, r.exit_caused_by_app);
    if (Is(key, "Loss Reason")) return ReadOptString(f, r.loss_reason);
    if (Is(key, "Block Manager Address")) {
      return ForEachFieldOf(f, &r.has_block_manager,
                            [&](std::string_view k, auto& g) -> error_code {
                              if (Is(k, "Executor ID")) return ReadString(g, r.bm_executor_id);
                              if (Is(k, "Host")) return ReadString(g, r.bm_host);
                              if (Is(k, "Port")) return ReadInt(g, r.bm_port);
                              return SUCCESS;
                            });
    }
    if (Is(key, "Shuffle ID")) return ReadInt(f, r.shuffle_id);
    if (Is(key, "Map ID")) return ReadInt(f, r.map_id);
    if (Is(key, "Map Index")) return ReadOptInt(f, r.map_index);
    if (Is(key, "Reduce ID")) return ReadInt(f, r.reduce_id);
    if (Is(key, "Message")) return ReadString(f, r.message);
    if (Is(key, "Kill Reason")) return ReadOptString(f, r.kill_reason);
    if (Is(key, "Job ID")) return ReadInt(f, r.job_id);
    if (Is(key, "Partition ID")) return ReadInt(f, r.partition_id);
    if (Is(key, "Attempt Number")) return ReadInt(f, r.attempt_number);
    return SUCCESS;
  });
}

// Appends {"name":{"resourceName":...,"amount":...,...}} in the REST API's shape.
error_code ParseResourceRequests(value& v, bool executor, std::string& json,
                                 ResourceProfileEvent& out) {
  json.clear();
  json.push_back('{');
  bool first = true;
  EL_TRY(ForEachFieldOf(v, [&](std::string_view key, value& f) -> error_code {
    std::string name(key);
    std::optional<double> amount;
    std::string script, vendor;
    EL_TRY(ForEachFieldOf(f, [&](std::string_view k, value& g) -> error_code {
      if (Is(k, "Amount")) return ReadDouble(g, amount);
      if (Is(k, "Discovery Script")) return ReadString(g, script);
      if (Is(k, "Vendor")) return ReadString(g, vendor);
      return SUCCESS;
    }));
    if (!first) json += ',';
    first = false;
    AppendJsonString(json, name);
    json += ":{\"resourceName\":";
    AppendJsonString(json, name);
    json += ",\"amount\":";
    double a = amount.value_or(0);
    json += executor ? fmt::format("{}", std::llround(a)) : fmt::format("{:.1f}", a);
    if (executor) {
      json += ",\"discoveryScript\":";
      AppendJsonString(json, script);
      json += ",\"vendor\":";
      AppendJsonString(json, vendor);
    }
    json += '}';
    if (executor && amount) {
      int64_t n = std::llround(*amount);
      if (Is(name, "cores")) out.executor_cores = n;
      if (Is(name, "memory")) out.executor_memory_mb = n;
      if (Is(name, "memoryOverhead")) out.executor_memory_overhead_mb = n;
      if (Is(name, "offHeap")) out.executor_off_heap_mb = n;
    }
    if (!executor && Is(name, "cpus")) out.task_cpus = amount;
    return SUCCESS;
  }));
  json += '}';
  return SUCCESS;
}

// Reads a string-to-string object into pairs (property maps of EnvironmentUpdate).
error_code ReadStringMap(value& v, const std::function<void(std::string, std::string)>& add) {
  return ForEachFieldOf(v, [&](std::string_view key, value& f) -> error_code {
    std::string k(key);
    std::string text;
    bool present = false;
    EL_TRY(ReadString(f, text, &present));
    add(std::move(k), std::move(text));
    return SUCCESS;
  });
}

// The fields of a task start (or getting-result) event; obj is a simdjson object or the
// fast reader's top-level value.
template <typename Obj>
error_code ReadTaskStart(Obj& obj, TaskStartEvent& t) {
  t.stage_id = -1;
  t.stage_attempt = 0;
  t.info.Clear();
  return ForEachField(obj, [&](std::string_view key, auto& f) -> error_code {
    if (Is(key, "Stage ID")) return ReadInt(f, t.stage_id);
    if (Is(key, "Stage Attempt ID")) return ReadInt(f, t.stage_attempt);
    if (Is(key, "Task Info")) return ParseTaskInfo(f, t.info);
    return SUCCESS;
  });
}

// The fields of a task end event.
template <typename Obj>
error_code ReadTaskEnd(Obj& obj, TaskEndEvent& t) {
  t.Clear();
  return ForEachField(obj, [&](std::string_view key, auto& f) -> error_code {
    switch (key.size()) {
      case 8:
        if (Is(key, "Stage ID")) return ReadInt(f, t.stage_id);
        break;
      case 9:
        if (Is(key, "Task Type")) return ReadString(f, t.task_type);
        if (Is(key, "Task Info")) return ParseTaskInfo(f, t.info);
        break;
      case 12:
        if (Is(key, "Task Metrics")) return ParseTaskMetrics(f, t.metrics);
        break;
      case 15:
        if (Is(key, "Task End Reason")) return ParseEndReason(f, t.reason);
        break;
      case 16:
        if (Is(key, "Stage Attempt ID")) return ReadInt(f, t.stage_attempt);
        break;
      case 21:
        if (Is(key, "Task Executor Metrics")) return ParseExecutorMetrics(f, t.executor_metrics);
        break;
      default:
        break;
    }
    return SUCCESS;
  });
}

// Reads a task start, getting-result or end event and sets *time to its launch or finish
// time when it has one.
template <typename Obj>
error_code ReadTaskEvent(Obj& obj, EventKind kind, TaskStartEvent& start, TaskEndEvent& end,
                         std::optional<int64_t>* time) {
  if (kind == EventKind::kTaskEnd) {
    EL_TRY(ReadTaskEnd(obj, end));
    if (end.info.finish_ms > 0) *time = end.info.finish_ms;
  } else {
    EL_TRY(ReadTaskStart(obj, start));
    if (start.info.launch_ms > 0) *time = start.info.launch_ms;
  }
  return SUCCESS;
}

const std::unordered_map<std::string_view, EventKind>& KindsByName() {
  static const auto* kinds = new std::unordered_map<std::string_view, EventKind>{
      {"SparkListenerLogStart", EventKind::kLogStart},
      {"SparkListenerResourceProfileAdded", EventKind::kResourceProfileAdded},
      {"SparkListenerBlockManagerAdded", EventKind::kBlockManagerAdded},
      {"SparkListenerEnvironmentUpdate", EventKind::kEnvironmentUpdate},
      {"SparkListenerApplicationStart", EventKind::kApplicationStart},
      {"SparkListenerApplicationEnd", EventKind::kApplicationEnd},
      {"SparkListenerExecutorAdded", EventKind::kExecutorAdded},
      {"SparkListenerExecutorRemoved", EventKind::kExecutorRemoved},
      {"SparkListenerExecutorBlacklisted", EventKind::kExecutorExcluded},
      {"SparkListenerExecutorExcluded", EventKind::kExecutorExcluded},
      {"SparkListenerExecutorUnblacklisted", EventKind::kExecutorUnexcluded},
      {"SparkListenerExecutorUnexcluded", EventKind::kExecutorUnexcluded},
      {"SparkListenerNodeBlacklisted", EventKind::kNodeExcluded},
      {"SparkListenerNodeExcluded", EventKind::kNodeExcluded},
      {"SparkListenerNodeUnblacklisted", EventKind::kNodeUnexcluded},
      {"SparkListenerNodeUnexcluded", EventKind::kNodeUnexcluded},
      {"SparkListenerExecutorBlacklistedForStage", EventKind::kExecutorExcludedForStage},
      {"SparkListenerExecutorExcludedForStage", EventKind::kExecutorExcludedForStage},
      {"SparkListenerNodeBlacklistedForStage", EventKind::kNodeExcludedForStage},
      {"SparkListenerNodeExcludedForStage", EventKind::kNodeExcludedForStage},
      {"SparkListenerJobStart", EventKind::kJobStart},
      {"SparkListenerJobEnd", EventKind::kJobEnd},
      {"SparkListenerStageSubmitted", EventKind::kStageSubmitted},
      {"SparkListenerStageCompleted", EventKind::kStageCompleted},
      {"SparkListenerTaskStart", EventKind::kTaskStart},
      {"SparkListenerTaskGettingResult", EventKind::kTaskGettingResult},
      {"SparkListenerTaskEnd", EventKind::kTaskEnd},
      {"SparkListenerStageExecutorMetrics", EventKind::kStageExecutorMetrics},
      {"SparkListenerExecutorMetricsUpdate", EventKind::kExecutorMetricsUpdate},
      {"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart",
       EventKind::kSqlExecutionStart},
      {"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd",
       EventKind::kSqlExecutionEnd},
      {"org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate",
       EventKind::kSqlAdaptiveExecutionUpdate},
  };
  return *kinds;
}

}  // namespace

EventKind EventKindOfName(std::string_view name) {
  // Spark 2.x writes events outside JsonProtocol's list with their full class name.
  constexpr std::string_view kScheduler = "org.apache.spark.scheduler.";
  if (name.starts_with(kScheduler)) name.remove_prefix(kScheduler.size());
  const auto& kinds = KindsByName();
  auto it = kinds.find(name);
  return it == kinds.end() ? EventKind::kUnknown : it->second;
}

EventKind EventKindOf(std::string_view line, std::string_view* name) {
  if (!line.starts_with(kEventPrefix)) return EventKind::kUnknown;
  size_t end = line.find('"', kEventPrefix.size());
  if (end == std::string_view::npos) return EventKind::kUnknown;
  std::string_view n = line.substr(kEventPrefix.size(), end - kEventPrefix.size());
  if (n.find('\\') != std::string_view::npos) return EventKind::kUnknown;
  if (name != nullptr) *name = n;
  return EventKindOfName(n);
}

bool ExecutorMetrics::TakePeaks(const ExecutorMetrics& other) {
  bool rose = false;
  for (size_t i = 0; i < values.size(); ++i) {
    if ((other.set & (1u << i)) == 0) continue;
    if ((set & (1u << i)) == 0 || other.values[i] > values[i]) {
      values[i] = other.values[i];
      set |= 1u << i;
      rose = true;
    }
  }
  return rose;
}

std::optional<int64_t> ExecutorMetrics::Get(size_t i) const {
  if (i >= values.size() || (set & (1u << i)) == 0) return std::nullopt;
  return values[i];
}

bool ExecutorMetrics::operator==(const ExecutorMetrics& other) const {
  if (set != other.set) return false;
  for (size_t i = 0; i < values.size(); ++i) {
    if ((set >> i & 1u) != 0 && values[i] != other.values[i]) return false;
  }
  return true;
}

std::string ExecutorMetrics::ToJson() const {
  std::string json = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if ((set & (1u << i)) == 0) continue;
    if (json.size() > 1) json += ',';
    json += fmt::format("\"{}\":{}", kExecutorMetricNames[i], values[i]);
  }
  return json + "}";
}

void TaskInfo::Clear() {
  task_id = -1;
  index = -1;
  attempt = 0;
  partition_id = -1;
  launch_ms = 0;
  executor_id.clear();
  host.clear();
  locality.clear();
  speculative = false;
  getting_result_ms = 0;
  finish_ms = 0;
  failed = false;
  killed = false;
}

std::string_view TaskInfo::Status() const {
  if (finish_ms == 0) return getting_result_ms != 0 ? "GET RESULT" : "RUNNING";
  if (failed) return "FAILED";
  if (killed) return "KILLED";
  return "SUCCESS";
}

void TaskMetrics::Add(const TaskMetrics& o) {
  executor_deserialize_time += o.executor_deserialize_time;
  executor_deserialize_cpu_time += o.executor_deserialize_cpu_time;
  executor_run_time += o.executor_run_time;
  executor_cpu_time += o.executor_cpu_time;
  result_size += o.result_size;
  jvm_gc_time += o.jvm_gc_time;
  result_serialization_time += o.result_serialization_time;
  memory_bytes_spilled += o.memory_bytes_spilled;
  disk_bytes_spilled += o.disk_bytes_spilled;
  peak_execution_memory += o.peak_execution_memory;
  input_bytes_read += o.input_bytes_read;
  input_records_read += o.input_records_read;
  output_bytes_written += o.output_bytes_written;
  output_records_written += o.output_records_written;
  shuffle_remote_blocks_fetched += o.shuffle_remote_blocks_fetched;
  shuffle_local_blocks_fetched += o.shuffle_local_blocks_fetched;
  shuffle_fetch_wait_time += o.shuffle_fetch_wait_time;
  shuffle_remote_bytes_read += o.shuffle_remote_bytes_read;
  shuffle_remote_bytes_read_to_disk += o.shuffle_remote_bytes_read_to_disk;
  shuffle_local_bytes_read += o.shuffle_local_bytes_read;
  shuffle_records_read += o.shuffle_records_read;
  shuffle_bytes_written += o.shuffle_bytes_written;
  shuffle_write_time += o.shuffle_write_time;
  shuffle_records_written += o.shuffle_records_written;
}

void TaskEndReason::Clear() {
  reason.clear();
  class_name.clear();
  description.clear();
  stack_trace.clear();
  full_stack_trace.clear();
  has_full_stack_trace = false;
  lost_executor_id.clear();
  exit_caused_by_app.reset();
  loss_reason.reset();
  has_block_manager = false;
  bm_executor_id.clear();
  bm_host.clear();
  bm_port = 0;
  shuffle_id = map_id = reduce_id = 0;
  map_index.reset();
  message.clear();
  kill_reason.reset();
  job_id = partition_id = attempt_number = 0;
}

std::optional<std::string> TaskEndReason::ErrorMessage() const {
  if (reason == "Success") return std::nullopt;
  if (reason == "ExceptionFailure") {
    if (has_full_stack_trace) return full_stack_trace;
    return fmt::format("{}: {}\n{}", class_name, description, stack_trace);
  }
  if (reason == "FetchFailed") {
    std::string bm = has_block_manager ? fmt::format("BlockManagerId({}, {}, {}, None)",
                                                     bm_executor_id, bm_host, bm_port)
                                       : std::string("null");
    if (map_index) {
      std::string index =
          *map_index == INT32_MIN ? std::string("Unknown") : std::to_string(*map_index);
      return fmt::format(
          "FetchFailed({}, shuffleId={}, mapIndex={}, mapId={}, reduceId={}, "
          "message=\n{}\n)",
          bm, shuffle_id, index, map_id, reduce_id, message);
    }
    return fmt::format("FetchFailed({}, shuffleId={}, mapId={}, reduceId={}, message=\n{}\n)", bm,
                       shuffle_id, map_id, reduce_id, message);
  }
  if (reason == "ExecutorLostFailure") {
    std::string text =
        fmt::format("ExecutorLostFailure (executor {} exited {})", lost_executor_id,
                    exit_caused_by_app.value_or(true) ? "caused by one of the running tasks"
                                                      : "unrelated to the running tasks");
    if (loss_reason) text += " Reason: " + *loss_reason;
    return text;
  }
  if (reason == "TaskKilled") return kill_reason.value_or("unknown reason");
  if (reason == "TaskCommitDenied") {
    return fmt::format(
        "TaskCommitDenied (Driver denied task commit) for job: {}, partition: {}, "
        "attemptNumber: {}",
        job_id, partition_id, attempt_number);
  }
  if (reason == "Resubmitted") return std::string("Resubmitted (resubmitted due to lost executor)");
  if (reason == "TaskResultLost")
    return std::string("TaskResultLost (result lost from block manager)");
  if (reason.empty()) return std::string("UnknownReason");
  return reason;
}

void TaskEndEvent::Clear() {
  stage_id = -1;
  stage_attempt = 0;
  task_type.clear();
  reason.Clear();
  info.Clear();
  metrics.Clear();
  executor_metrics.Clear();
}

void EventParser::ReleaseLargeBuffers() {
  if (parser_.capacity() > (16u << 20)) parser_ = simdjson::ondemand::parser();
}

error_code EventParser::Parse(std::string_view line, size_t capacity, EventKind* kind) {
  time_ms_.reset();
  read_fast_ = false;
  // Task events, nearly every line of a large log, are first read in one pass without
  // simdjson's structural index; a line that reader leaves (see event_log_fast_json.h)
  // is parsed below from scratch.
  if (fast_path_ && capacity >= line.size() + fast_json::kReadPast &&
      (*kind == EventKind::kTaskEnd || *kind == EventKind::kTaskStart ||
       *kind == EventKind::kTaskGettingResult)) {
    fast_json::Reader reader(line.data(), line.data() + line.size());
    FastValue top(reader);
    if (ReadTaskEvent(top, *kind, task_start_, task_end_, &time_ms_) == SUCCESS && reader.AtEnd()) {
      read_fast_ = true;
      return SUCCESS;
    }
    time_ms_.reset();
  }
  simdjson::ondemand::document doc;
  EL_TRY(parser_.iterate(line.data(), line.size(), capacity).get(doc));
  object obj;
  EL_TRY(doc.get_object().get(obj));
  if (*kind != EventKind::kUnknown) return ParseObject(obj, *kind);
  // Walk the top level (checking its structure) and find "Event" wherever it is.
  std::string name;
  EL_TRY(ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
    if (Is(key, "Event")) return ReadString(f, name);
    return SUCCESS;
  }));
  if (name.empty()) return simdjson::NO_SUCH_FIELD;
  EventKind found = EventKindOfName(name);
  if (found == EventKind::kUnknown) return SUCCESS;
  *kind = found;
  EL_TRY(parser_.iterate(line.data(), line.size(), capacity).get(doc));
  EL_TRY(doc.get_object().get(obj));
  return ParseObject(obj, found);
}

error_code EventParser::ParseObject(object obj, EventKind kind) {
  switch (kind) {
    case EventKind::kUnknown:
      return SUCCESS;
    case EventKind::kLogStart:
      spark_version_.clear();
      return ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        if (Is(key, "Spark Version")) return ReadString(f, spark_version_);
        return SUCCESS;
      });
    case EventKind::kResourceProfileAdded: {
      ResourceProfileEvent& r = resource_profile_;
      r = ResourceProfileEvent();
      return ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        if (Is(key, "Resource Profile Id")) return ReadInt(f, r.id);
        if (Is(key, "Executor Resource Requests")) {
          return ParseResourceRequests(f, true, r.executor_resources_json, r);
        }
        if (Is(key, "Task Resource Requests")) {
          return ParseResourceRequests(f, false, r.task_resources_json, r);
        }
        return SUCCESS;
      });
    }
    case EventKind::kBlockManagerAdded: {
      BlockManagerAddedEvent& b = block_manager_;
      b = BlockManagerAddedEvent();
      return ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        if (Is(key, "Block Manager ID")) {
          return ForEachFieldOf(f, [&](std::string_view k, value& g) -> error_code {
            if (Is(k, "Executor ID")) return ReadString(g, b.executor_id);
            if (Is(k, "Host")) return ReadString(g, b.host);
            if (Is(k, "Port")) return ReadInt(g, b.port);
            return SUCCESS;
          });
        }
        if (Is(key, "Maximum Memory")) return ReadOptInt(f, b.max_memory);
        if (Is(key, "Timestamp")) {
          EL_TRY(ReadInt(f, b.time_ms));
          time_ms_ = b.time_ms;
        }
        return SUCCESS;
      });
    }
    case EventKind::kEnvironmentUpdate: {
      EnvironmentEvent& env = environment_;
      env = EnvironmentEvent();
      return ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        if (Is(key, "JVM Information")) {
          return ReadStringMap(f, [&](std::string k, std::string v) {
            // The REST API's names for the JVM information.
            static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
                {"Java Home", "javaHome"},
                {"Java Version", "javaVersion"},
                {"Scala Version", "scalaVersion"}};
            std::string name = std::move(k);
            for (const auto& [from, to] : kNames) {
              if (std::string_view(name) == from) name = std::string(to);
            }
            env.runtime.emplace_back(std::move(name), std::move(v));
          });
        }
        if (Is(key, "Spark Properties")) {
          return ReadStringMap(f, [&](std::string k, std::string v) {
            env.spark_properties.emplace_back(std::move(k), std::move(v));
          });
        }
        std::string_view section;
        if (Is(key, "Hadoop Properties")) section = "hadoopProperties";
        if (Is(key, "System Properties")) section = "systemProperties";
        if (Is(key, "Metrics Properties")) section = "metricsProperties";
        if (Is(key, "Classpath Entries")) section = "classpathEntries";
        if (section.empty()) return SUCCESS;
        return ReadStringMap(f, [&](std::string k, std::string v) {
          env.entries.emplace_back(section, std::move(k), std::move(v));
        });
      });
    }
    case EventKind::kApplicationStart: {
      ApplicationStartEvent& a = app_start_;
      a = ApplicationStartEvent();
      return ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        if (Is(key, "App Name")) return ReadString(f, a.app_name);
        if (Is(key, "App ID")) return ReadOptString(f, a.app_id);
        if (Is(key, "App Attempt ID")) return ReadOptString(f, a.attempt_id);
        if (Is(key, "User")) return ReadString(f, a.user);
        if (Is(key, "Timestamp")) {
          EL_TRY(ReadInt(f, a.time_ms));
          time_ms_ = a.time_ms;
        }
        return SUCCESS;
      });
    }
    case EventKind::kApplicationEnd: {
      ApplicationEndEvent& a = app_end_;
      a = ApplicationEndEvent();
      return ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        if (Is(key, "ExitCode") || Is(key, "Exit Code")) return ReadOptInt(f, a.exit_code);
        if (Is(key, "Timestamp")) {
          EL_TRY(ReadInt(f, a.time_ms));
          time_ms_ = a.time_ms;
        }
        return SUCCESS;
      });
    }
    case EventKind::kExecutorAdded: {
      ExecutorAddedEvent& x = executor_added_;
      x = ExecutorAddedEvent();
      return ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        if (Is(key, "Executor ID")) return ReadString(f, x.executor_id);
        if (Is(key, "Timestamp")) {
          EL_TRY(ReadInt(f, x.time_ms));
          time_ms_ = x.time_ms;
          return SUCCESS;
        }
        if (!Is(key, "Executor Info")) return SUCCESS;
        return ForEachFieldOf(f, [&](std::string_view k, value& g) -> error_code {
          if (Is(k, "Host")) return ReadString(g, x.host);
          if (Is(k, "Total Cores")) return ReadInt(g, x.total_cores);
          if (Is(k, "Resource Profile Identifier")) return ReadInt(g, x.resource_profile_id);
          if (Is(k, "Resources")) {
            object resources;
            bool ok = false;
            EL_TRY(OpenObject(g, resources, &ok));
            if (!ok) return SUCCESS;
            std::string_view raw;
            EL_TRY(resources.raw_json().get(raw));
            x.resources_json = std::string(raw);
          }
          return SUCCESS;
        });
      });
    }
    case EventKind::kExecutorRemoved:
    case EventKind::kExecutorExcluded:
    case EventKind::kExecutorUnexcluded:
    case EventKind::kNodeExcluded:
    case EventKind::kNodeUnexcluded:
    case EventKind::kExecutorExcludedForStage:
    case EventKind::kNodeExcludedForStage: {
      ExecutorChangeEvent& c = executor_change_;
      c = ExecutorChangeEvent();
      return ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        // JsonProtocol's names, and the field names of the exclusion events that Spark
        // writes as plain objects ("time", "executorId", ...).
        if (Is(key, "Executor ID") || Is(key, "executorId")) return ReadString(f, c.executor_id);
        if (Is(key, "Host ID") || Is(key, "hostId")) return ReadString(f, c.host);
        if (Is(key, "Removed Reason")) return ReadOptString(f, c.reason);
        if (Is(key, "Task Failures") || Is(key, "Executor Failures") || Is(key, "taskFailures") ||
            Is(key, "executorFailures")) {
          return ReadOptInt(f, c.failures);
        }
        if (Is(key, "Stage ID") || Is(key, "stageId")) return ReadOptInt(f, c.stage_id);
        if (Is(key, "Stage Attempt ID") || Is(key, "stageAttemptId")) {
          return ReadOptInt(f, c.stage_attempt);
        }
        if (Is(key, "Timestamp") || Is(key, "time")) {
          EL_TRY(ReadInt(f, c.time_ms));
          time_ms_ = c.time_ms;
        }
        return SUCCESS;
      });
    }
    case EventKind::kJobStart: {
      JobStartEvent& j = job_start_;
      j = JobStartEvent();
      return ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        if (Is(key, "Job ID")) return ReadInt(f, j.job_id);
        if (Is(key, "Submission Time")) {
          EL_TRY(ReadOptInt(f, j.submission_ms));
          if (j.submission_ms) time_ms_ = j.submission_ms;
          return SUCCESS;
        }
        if (Is(key, "Stage Infos")) {
          return ForEachElement(f, [&](value& e) -> error_code {
            j.stage_infos.emplace_back();
            return ParseStageInfo(e, j.stage_infos.back());
          });
        }
        if (Is(key, "Stage IDs")) return ReadIntArray(f, j.stage_ids);
        if (Is(key, "Properties")) return ParseProperties(f, j.properties);
        return SUCCESS;
      });
    }
    case EventKind::kJobEnd: {
      JobEndEvent& j = job_end_;
      j = JobEndEvent();
      return ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        if (Is(key, "Job ID")) return ReadInt(f, j.job_id);
        if (Is(key, "Completion Time")) {
          EL_TRY(ReadOptInt(f, j.completion_ms));
          if (j.completion_ms) time_ms_ = j.completion_ms;
          return SUCCESS;
        }
        if (!Is(key, "Job Result")) return SUCCESS;
        return ForEachFieldOf(f, [&](std::string_view k, value& g) -> error_code {
          if (Is(k, "Result")) {
            std::string result;
            EL_TRY(ReadString(g, result));
            j.succeeded = result != "JobFailed";
            return SUCCESS;
          }
          if (Is(k, "Exception")) {
            return ForEachFieldOf(g, [&](std::string_view m, value& h) -> error_code {
              if (m == "Message") return ReadOptString(h, j.failure_message);
              return SUCCESS;
            });
          }
          return SUCCESS;
        });
      });
    }
    case EventKind::kStageSubmitted:
    case EventKind::kStageCompleted: {
      StageEvent& s = stage_;
      s = StageEvent();
      EL_TRY(ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        if (Is(key, "Stage Info")) return ParseStageInfo(f, s.info);
        if (Is(key, "Properties")) return ParseProperties(f, s.properties);
        return SUCCESS;
      }));
      time_ms_ = kind == EventKind::kStageCompleted ? s.info.completion_ms : s.info.submission_ms;
      return SUCCESS;
    }
    case EventKind::kTaskStart:
    case EventKind::kTaskGettingResult:
    case EventKind::kTaskEnd:
      return ReadTaskEvent(obj, kind, task_start_, task_end_, &time_ms_);
    case EventKind::kStageExecutorMetrics:
    case EventKind::kExecutorMetricsUpdate: {
      executor_metrics_.clear();
      std::string executor_id;
      ExecutorMetricsEvent stage_level;
      EL_TRY(ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        if (Is(key, "Executor ID")) return ReadString(f, executor_id);
        if (Is(key, "Stage ID")) return ReadOptInt(f, stage_level.stage_id);
        if (Is(key, "Stage Attempt ID")) return ReadOptInt(f, stage_level.stage_attempt);
        if (Is(key, "Executor Metrics")) return ParseExecutorMetrics(f, stage_level.metrics);
        if (!Is(key, "Executor Metrics Updated")) return SUCCESS;
        // Spark 3.0+: an array of per-stage peaks; Spark 2.4: one object of metrics.
        array arr;
        bool is_array = false;
        EL_TRY(OpenArray(f, arr, &is_array));
        if (!is_array) return ParseExecutorMetrics(f, stage_level.metrics);
        for (auto item : arr) {
          value e;
          EL_TRY(std::move(item).get(e));
          ExecutorMetricsEvent m;
          EL_TRY(ForEachFieldOf(e, [&](std::string_view k, value& g) -> error_code {
            if (Is(k, "Stage ID")) return ReadOptInt(g, m.stage_id);
            if (Is(k, "Stage Attempt ID")) return ReadOptInt(g, m.stage_attempt);
            if (Is(k, "Executor Metrics")) return ParseExecutorMetrics(g, m.metrics);
            return SUCCESS;
          }));
          executor_metrics_.push_back(std::move(m));
        }
        return SUCCESS;
      }));
      if (stage_level.metrics.any()) executor_metrics_.push_back(std::move(stage_level));
      for (auto& m : executor_metrics_) m.executor_id = executor_id;
      return SUCCESS;
    }
    case EventKind::kSqlExecutionStart:
    case EventKind::kSqlExecutionEnd:
    case EventKind::kSqlAdaptiveExecutionUpdate: {
      SqlExecutionEvent& q = sql_;
      q = SqlExecutionEvent();
      return ForEachField(obj, [&](std::string_view key, value& f) -> error_code {
        if (Is(key, "executionId")) return ReadInt(f, q.execution_id);
        if (Is(key, "rootExecutionId")) return ReadOptInt(f, q.root_execution_id);
        if (Is(key, "description")) return ReadOptString(f, q.description);
        if (Is(key, "details")) return ReadOptString(f, q.details);
        if (Is(key, "errorMessage")) return ReadOptString(f, q.error_message);
        if (Is(key, "physicalPlanDescription")) {
          EL_TRY(ReadOptString(f, q.plan_description));
          if (q.plan_description && q.plan_description->size() > kMaxPlanBytes) {
            q.plan_description->resize(kMaxPlanBytes);
          }
          return SUCCESS;
        }
        if (Is(key, "time")) {
          EL_TRY(ReadOptInt(f, q.time_ms));
          if (q.time_ms) time_ms_ = q.time_ms;
        }
        return SUCCESS;
      });
    }
  }
  return SUCCESS;
}

}  // namespace sparkpm::event_log
