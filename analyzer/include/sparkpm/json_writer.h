// A small streaming JSON writer: objects, arrays, and strings escaped so that any
// byte sequence (invalid UTF-8 included) yields valid JSON.
//
//   JsonWriter w;
//   w.BeginObject(); w.Key("rule"); w.String("oom"); w.Key("n"); w.Int(3); w.EndObject();
//   std::string out = w.Take();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sparkpm {

// Appends text to out as a JSON string literal (quotes included). Bytes that are not
// valid UTF-8 become U+FFFD; control characters are \u-escaped.
void AppendJsonString(std::string& out, std::string_view text);

class JsonWriter {
 public:
  // indent = 0 writes compact JSON; > 0 pretty-prints with that many spaces.
  explicit JsonWriter(int indent = 0) : indent_(indent) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  void Double(double value);
  void Bool(bool value);
  void Null();
  // Writes already-serialised JSON as a value. IMPORTANT: json must be valid.
  void Raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue();
  void Newline();
  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
  int indent_;
};

}  // namespace sparkpm
