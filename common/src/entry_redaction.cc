// Picks the redaction for an entry from its path and first bytes.
#include "sparkpm/entry_redaction.h"

#include <fmt/format.h>
#include <zstd.h>

namespace sparkpm {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool HasZstdMagic(std::string_view s) {
  return s.size() >= 4 && static_cast<unsigned char>(s[0]) == 0x28 &&
         static_cast<unsigned char>(s[1]) == 0xB5 && static_cast<unsigned char>(s[2]) == 0x2F &&
         static_cast<unsigned char>(s[3]) == 0xFD;
}

bool LooksBinary(std::string_view s) {
  std::string_view head = s.substr(0, 8192);
  if (head.find('\0') != std::string_view::npos) return true;
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1F &&
      static_cast<unsigned char>(head[1]) == 0x8B) {
    return true;  // gzip
  }
  return head.starts_with("PK\x03\x04") || head.starts_with("LZ4Block") || HasZstdMagic(head);
}

// Redacts an uncompressed event log: each line is one JSON event.
std::string RedactEventLines(Redactor& r, std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line =
        text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    Result<std::string> json = r.RedactJson(line);
    out += json ? *json : r.RedactText(line);
    if (nl == std::string_view::npos) break;
    out.push_back('\n');
    start = nl + 1;
  }
  return out;
}

// Decompresses zstd frames, bounded; false when damaged or too large.
bool ZstdDecompress(std::string_view in, uint64_t max_bytes, std::string* out, std::string* why) {
  ZSTD_DStream* ds = ZSTD_createDStream();
  ZSTD_initDStream(ds);
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  std::string buf(ZSTD_DStreamOutSize(), '\0');
  bool ok = true;
  while (input.pos < input.size) {
    ZSTD_outBuffer output{buf.data(), buf.size(), 0};
    size_t r = ZSTD_decompressStream(ds, &output, &input);
    if (ZSTD_isError(r)) {
      *why = ZSTD_getErrorName(r);
      ok = false;
      break;
    }
    out->append(buf.data(), output.pos);
    if (out->size() > max_bytes) {
      *why = fmt::format("expands past {} bytes", max_bytes);
      ok = false;
      break;
    }
    if (r == 0 && input.pos < input.size) ZSTD_initDStream(ds);  // next frame
  }
  ZSTD_freeDStream(ds);
  return ok;
}

}  // namespace

bool IsEventLogEntry(std::string_view path, std::string_view head) {
  if (path.starts_with("eventlogs/") || path.find("/eventlogs/") != std::string_view::npos) {
    return true;
  }
  return head.starts_with("{\"Event\":\"SparkListener");
}

RedactedEntry RedactEntry(Redactor& redactor, std::string_view path, std::string content,
                          uint64_t max_decompressed_bytes) {
  RedactedEntry out;
  std::string_view name =
      path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  if (IsEventLogEntry(path, content)) {
    if (EndsWith(name, ".lz4") || EndsWith(name, ".snappy") || EndsWith(name, ".lzf") ||
        content.starts_with("LZ4Block")) {
      out.dropped = true;
      out.note =
          "event log in a codec that cannot be redacted here (lz4, snappy, lzf); "
          "collect with --no-redact to keep it";
      return out;
    }
    if (HasZstdMagic(content)) {
      std::string plain, why;
      if (!ZstdDecompress(content, max_decompressed_bytes, &plain, &why)) {
        out.dropped = true;
        out.note = "zstd event log could not be decompressed for redaction: " + why;
        return out;
      }
      std::string redacted = RedactEventLines(redactor, plain);
      redactor.ScanLeftovers(path, redacted);
      std::string compressed(ZSTD_compressBound(redacted.size()), '\0');
      size_t n =
          ZSTD_compress(compressed.data(), compressed.size(), redacted.data(), redacted.size(), 3);
      if (ZSTD_isError(n)) {
        out.dropped = true;
        out.note = std::string("zstd compression failed: ") + ZSTD_getErrorName(n);
        return out;
      }
      compressed.resize(n);
      out.content = std::move(compressed);
      return out;
    }
    if (!LooksBinary(content)) {
      out.content = RedactEventLines(redactor, content);
      redactor.ScanLeftovers(path, out.content);
      return out;
    }
  }
  if (LooksBinary(content)) {
    out.dropped = true;
    out.note =
        "binary or compressed entry that cannot be redacted; collect with --no-redact "
        "to keep it";
    return out;
  }
  size_t first = content.find_first_not_of(" \t\r\n");
  bool json_like = EndsWith(name, ".json") ||
                   (first != std::string::npos && (content[first] == '{' || content[first] == '['));
  if (json_like) {
    Result<std::string> json = redactor.RedactJson(content);
    if (json) {
      out.content = std::move(*json);
      redactor.ScanLeftovers(path, out.content);
      return out;
    }
    if (EndsWith(name, ".json")) {
      out.note = "not valid JSON (" + json.error().why + "); redacted as text";
    }
  }
  out.content = redactor.RedactLog(content);
  redactor.ScanLeftovers(path, out.content);
  return out;
}

}  // namespace sparkpm
