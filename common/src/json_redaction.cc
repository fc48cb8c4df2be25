// Redactor::RedactJson: a small JSON rewriter that copies the document byte for byte
// except the strings it redacts, so kubectl's and Spark's formatting survives. It sees
// each object whole before writing it, so {"name": ..., "value": ...} pairs and kind:
// Secret objects are recognised whatever the key order.
#include <fmt/format.h>

#include "sparkpm/json_writer.h"
#include "sparkpm/redactor.h"

namespace sparkpm {
namespace {

constexpr int kMaxDepth = 512;
constexpr int kMaxNestedDocuments = 4;  // JSON inside a string inside JSON ...

struct Value {
  std::string text;  // the value as written out (rewritten when redacted)
  bool is_string = false;
  std::string decoded;  // strings: the original decoded value
};

bool IsWhitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string Quoted(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

class JsonRewriter {
 public:
  JsonRewriter(Redactor& redactor, std::string_view in, bool secret_data, int nesting)
      : r_(redactor), in_(in), secret_data_(secret_data), nesting_(nesting) {}

  // Rewrites the whole document into out; false when it is not one valid JSON value.
  bool Run(std::string* out) {
    std::string text;
    CopyWhitespace(&text);
    Value v;
    if (!ParseValue(&v, 0)) return false;
    text += v.text;
    CopyWhitespace(&text);
    if (pos_ != in_.size()) return Fail("unexpected text after the JSON value");
    *out = std::move(text);
    return true;
  }

  const std::string& error() const { return error_; }
  size_t position() const { return pos_; }

 private:
  bool Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  void CopyWhitespace(std::string* out) {
    size_t start = pos_;
    while (pos_ < in_.size() && IsWhitespace(in_[pos_])) ++pos_;
    out->append(in_.substr(start, pos_ - start));
  }

  bool ParseValue(Value* v, int depth) {
    if (depth > kMaxDepth) return Fail("JSON nested too deeply");
    if (pos_ >= in_.size()) return Fail("unexpected end of JSON");
    char c = in_[pos_];
    if (c == '{') return ParseObject(v, depth);
    if (c == '[') return ParseArray(v, depth);
    if (c == '"') {
      std::string raw;
      if (!ParseString(&raw, &v->decoded)) return false;
      v->is_string = true;
      v->text = StringValue(raw, v->decoded);
      return true;
    }
    return ParseLiteral(&v->text);
  }

  bool ParseLiteral(std::string* out) {
    size_t start = pos_;
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      bool ok = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' ||
                c == 'E' || (c >= 'a' && c <= 'z');
      if (!ok) break;
      ++pos_;
    }
    std::string_view lit = in_.substr(start, pos_ - start);
    if (lit.empty()) return Fail(fmt::format("unexpected character '{}'", in_[start]));
    bool number = (lit[0] >= '0' && lit[0] <= '9') || lit[0] == '-';
    if (!number && lit != "true" && lit != "false" && lit != "null") {
      return Fail("invalid literal");
    }
    out->append(lit);
    return true;
  }

  bool ParseHex4(uint32_t* cp) {
    if (pos_ + 4 > in_.size()) return Fail("truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = in_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<uint32_t>(c - 'A' + 10);
      else
        return Fail("invalid \\u escape");
    }
    *cp = v;
    return true;
  }

  // Scans a string literal at pos_: raw gets it as written (quotes included), decoded
  // its value.
  bool ParseString(std::string* raw, std::string* decoded) {
    size_t start = pos_++;
    decoded->clear();
    while (true) {
      if (pos_ >= in_.size()) return Fail("unterminated string");
      char c = in_[pos_++];
      if (c == '"') break;
      if (c != '\\') {
        decoded->push_back(c);
        continue;
      }
      if (pos_ >= in_.size()) return Fail("unterminated string");
      char e = in_[pos_++];
      switch (e) {
        case '"':
          decoded->push_back('"');
          break;
        case '\\':
          decoded->push_back('\\');
          break;
        case '/':
          decoded->push_back('/');
          break;
        case 'b':
          decoded->push_back('\b');
          break;
        case 'f':
          decoded->push_back('\f');
          break;
        case 'n':
          decoded->push_back('\n');
          break;
        case 'r':
          decoded->push_back('\r');
          break;
        case 't':
          decoded->push_back('\t');
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!ParseHex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF && pos_ + 6 <= in_.size() && in_[pos_] == '\\' &&
              in_[pos_ + 1] == 'u') {
            pos_ += 2;
            uint32_t low = 0;
            if (!ParseHex4(&low)) return false;
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              AppendUtf8(*decoded, 0xFFFD);
              cp = low;
            }
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
          AppendUtf8(*decoded, cp);
          break;
        }
        default:
          return Fail("invalid escape in string");
      }
    }
    raw->assign(in_.substr(start, pos_ - start));
    return true;
  }

  // Returns the text to write for a string value: as written, or re-encoded when
  // something in it was redacted.
  std::string StringValue(const std::string& raw, const std::string& decoded) {
    if (secret_data_) {
      return decoded.empty() ? raw : Quoted(r_.Token("k8s-secret-data", decoded));
    }
    size_t first = decoded.find_first_not_of(" \t\r\n");
    if (nesting_ < kMaxNestedDocuments && first != std::string::npos &&
        (decoded[first] == '{' || decoded[first] == '[')) {
      JsonRewriter nested(r_, decoded, false, nesting_ + 1);
      std::string rewritten;
      if (nested.Run(&rewritten)) {
        return rewritten == decoded ? raw : Quoted(rewritten);
      }
    }
    std::string redacted;
    if (r_.RedactTextInto(decoded, &redacted)) return Quoted(redacted);
    return raw;
  }

  std::string RedactByName(const RedactionRule& rule, const std::string& value) {
    r_.Learn(rule.id, value);
    return Quoted(r_.Token(rule.id, value));
  }

  bool ParseObject(Value* v, int depth) {
    struct Member {
      std::string key;
      Value value;
      size_t piece = 0;      // index of the value's text in pieces
      size_t raw_begin = 0;  // the value's span in the input
      size_t raw_end = 0;
    };
    std::vector<std::string> pieces(1, "{");
    std::vector<Member> members;
    ++pos_;
    CopyWhitespace(&pieces.back());
    if (pos_ < in_.size() && in_[pos_] == '}') {
      ++pos_;
      pieces.back() += '}';
    } else {
      while (true) {
        if (pos_ >= in_.size() || in_[pos_] != '"') return Fail("expected a key in an object");
        Member m;
        std::string key_raw;
        if (!ParseString(&key_raw, &m.key)) return false;
        pieces.back() += key_raw;
        CopyWhitespace(&pieces.back());
        if (pos_ >= in_.size() || in_[pos_] != ':') return Fail("expected ':' after a key");
        ++pos_;
        pieces.back() += ':';
        CopyWhitespace(&pieces.back());
        m.raw_begin = pos_;
        if (!ParseValue(&m.value, depth + 1)) return false;
        m.raw_end = pos_;
        pieces.push_back(m.value.text);
        m.piece = pieces.size() - 1;
        pieces.emplace_back();
        members.push_back(std::move(m));
        CopyWhitespace(&pieces.back());
        if (pos_ >= in_.size()) return Fail("unterminated object");
        if (in_[pos_] == ',') {
          ++pos_;
          pieces.back() += ',';
          CopyWhitespace(&pieces.back());
          continue;
        }
        if (in_[pos_] == '}') {
          ++pos_;
          pieces.back() += '}';
          break;
        }
        return Fail("expected ',' or '}' in an object");
      }
    }
    const Member* name = nullptr;
    bool is_secret_object = false;
    for (const Member& m : members) {
      if (m.key == "name" && m.value.is_string) name = &m;
      if (m.key == "kind" && m.value.is_string && m.value.decoded == "Secret") {
        is_secret_object = true;
      }
    }
    for (Member& m : members) {
      if (is_secret_object && !secret_data_ && (m.key == "data" || m.key == "stringData")) {
        JsonRewriter data(r_, in_.substr(m.raw_begin, m.raw_end - m.raw_begin), true, nesting_);
        std::string rewritten;
        if (data.Run(&rewritten)) pieces[m.piece] = std::move(rewritten);
        continue;
      }
      if (!m.value.is_string || m.value.decoded.empty() || secret_data_) continue;
      const RedactionRule* rule = nullptr;
      if (m.key == "value" && name != nullptr) {
        const std::string& n = name->value.decoded;
        rule = r_.MatchName(n, n.find('.') != std::string::npos ? kPropertyName : kEnvName);
      } else if (m.key != "name") {
        rule =
            r_.MatchName(m.key, m.key.find('.') != std::string::npos ? kPropertyName : kFieldName);
      }
      if (rule != nullptr) pieces[m.piece] = RedactByName(*rule, m.value.decoded);
    }
    v->text.clear();
    for (const std::string& p : pieces) v->text += p;
    return true;
  }

  bool ParseArray(Value* v, int depth) {
    std::vector<std::string> pieces(1, "[");
    std::vector<std::pair<size_t, Value>> elements;  // piece index, value
    ++pos_;
    CopyWhitespace(&pieces.back());
    if (pos_ < in_.size() && in_[pos_] == ']') {
      ++pos_;
      pieces.back() += ']';
    } else {
      while (true) {
        Value e;
        if (!ParseValue(&e, depth + 1)) return false;
        pieces.push_back(e.text);
        elements.emplace_back(pieces.size() - 1, std::move(e));
        pieces.emplace_back();
        CopyWhitespace(&pieces.back());
        if (pos_ >= in_.size()) return Fail("unterminated array");
        if (in_[pos_] == ',') {
          ++pos_;
          pieces.back() += ',';
          CopyWhitespace(&pieces.back());
          continue;
        }
        if (in_[pos_] == ']') {
          ++pos_;
          pieces.back() += ']';
          break;
        }
        return Fail("expected ',' or ']' in an array");
      }
    }
    // ["spark.some.password", "value"]: Spark's environment lists properties as pairs.
    if (elements.size() == 2 && !secret_data_ && elements[0].second.is_string &&
        elements[1].second.is_string && !elements[1].second.decoded.empty()) {
      const std::string& n = elements[0].second.decoded;
      if (n.find_first_of("/ ") == std::string::npos) {
        if (const RedactionRule* rule = r_.MatchName(n, kPropertyName)) {
          pieces[elements[1].first] = RedactByName(*rule, elements[1].second.decoded);
        }
      }
    }
    v->text.clear();
    for (const std::string& p : pieces) v->text += p;
    return true;
  }

  Redactor& r_;
  std::string_view in_;
  size_t pos_ = 0;
  bool secret_data_;
  int nesting_;
  std::string error_;
};

}  // namespace

Result<std::string> Redactor::RedactJson(std::string_view json) {
  JsonRewriter rewriter(*this, json, false, 0);
  std::string out;
  if (!rewriter.Run(&out)) {
    return Error{
        "not valid JSON", fmt::format("byte {}", rewriter.position()), rewriter.error(), {}};
  }
  return out;
}

}  // namespace sparkpm
