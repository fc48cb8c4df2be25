// Streaming decoders for Spark's event-log codecs: plain, zstd (libzstd streaming),
// lz4-java's LZ4Block framing (liblz4 block API), and a refusal for snappy and lzf.
#include "sparkpm/event_log_codecs.h"

#include <fmt/format.h>
#include <lz4.h>
#include <zstd.h>

#include <cstring>
#include <span>
#include <vector>

namespace sparkpm {
namespace {

constexpr std::string_view kLz4Magic = "LZ4Block";
constexpr size_t kLz4HeaderBytes = 8 + 1 + 4 + 4 + 4;
constexpr uint32_t kLz4ChecksumSeed = 0x9747b28c;
constexpr int kLz4MethodRaw = 0x10;
constexpr int kLz4MethodLz4 = 0x20;
// lz4-java writes a block size of at most 1 << (10 + 15) bytes.
constexpr uint32_t kLz4MaxBlockBytes = 1u << 25;

constexpr std::string_view kRecollectHelp =
    "the file may be cut or damaged; copy the event log again from spark.eventLog.dir";

uint32_t ReadLe32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

uint32_t Rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

// Passes plain bytes through unchanged.
class PlainDecoder : public EventLogDecoder {
 public:
  Status Decode(std::string_view input, DecodedSink& sink) override {
    decoded_ += input.size();
    return input.empty() ? Ok() : sink.Write(input);
  }
  Status Finish() override { return Ok(); }
};

// Decodes concatenated zstd frames with ZSTD_decompressStream.
class ZstdDecoder : public EventLogDecoder {
 public:
  ZstdDecoder() : dctx_(ZSTD_createDCtx()), out_(ZSTD_DStreamOutSize()) {
    // Spark writes with the default window; refuse frames that ask for more than 128 MiB.
    if (dctx_ != nullptr) ZSTD_DCtx_setParameter(dctx_, ZSTD_d_windowLogMax, 27);
  }
  ~ZstdDecoder() override { ZSTD_freeDCtx(dctx_); }
  ZstdDecoder(const ZstdDecoder&) = delete;
  ZstdDecoder& operator=(const ZstdDecoder&) = delete;

  Status Decode(std::string_view input, DecodedSink& sink) override {
    if (dctx_ == nullptr) return Error{"cannot create a zstd decoder", {}, "out of memory", {}};
    if (failed_) return Error{"zstd stream is damaged", {}, {}, std::string(kRecollectHelp)};
    ZSTD_inBuffer in{input.data(), input.size(), 0};
    while (true) {
      // Straight into the sink's memory when it offers some.
      std::span<char> room = sink.Room();
      const bool direct = !room.empty();
      ZSTD_outBuffer out{direct ? room.data() : out_.data(), direct ? room.size() : out_.size(), 0};
      const size_t in_before = in.pos;
      size_t ret = ZSTD_decompressStream(dctx_, &out, &in);
      if (ZSTD_isError(ret)) {
        failed_ = true;
        return Error{
            "zstd stream is damaged", {}, ZSTD_getErrorName(ret), std::string(kRecollectHelp)};
      }
      // A call that neither read nor wrote says nothing new: after a frame that ended
      // exactly at the end of the output, such a call asks for the next frame's header.
      if (out.pos > 0 || in.pos > in_before) frame_open_ = ret != 0;
      if (out.pos > 0) {
        decoded_ += out.pos;
        Status s =
            direct ? sink.Commit(out.pos) : sink.Write(std::string_view(out_.data(), out.pos));
        if (!s) return s;
      }
      if (in.pos == in.size && out.pos < out.size) break;
    }
    return Ok();
  }

  Status Finish() override {
    if (frame_open_) {
      return Error{"zstd stream ends inside a frame",
                   {},
                   "the log was still being written or the copy was cut",
                   {}};
    }
    return Ok();
  }

 private:
  ZSTD_DCtx* dctx_;
  std::vector<char> out_;
  bool frame_open_ = false;
  bool failed_ = false;
};

// Decodes lz4-java's LZ4BlockOutputStream framing: a 21-byte header per block
// ("LZ4Block", method|level, compressed length, original length, masked XXH32), then
// the block; a block with both lengths 0 ends a stream (another may follow).
class Lz4BlockDecoder : public EventLogDecoder {
 public:
  Status Decode(std::string_view input, DecodedSink& sink) override {
    if (failed_) return Error{"lz4 stream is damaged", {}, {}, std::string(kRecollectHelp)};
    while (!input.empty()) {
      size_t want = (have_header_ ? kLz4HeaderBytes + compressed_len_ : kLz4HeaderBytes);
      size_t take = std::min(input.size(), want - pending_.size());
      pending_.insert(pending_.end(), input.data(), input.data() + take);
      input.remove_prefix(take);
      if (pending_.size() < want) break;
      if (!have_header_) {
        if (Status s = ReadHeader(); !s) return Fail(s.error());
        if (compressed_len_ == 0) {
          // End of one LZ4Block stream; a concatenated one may follow.
          ended_ = true;
          pending_.clear();
          have_header_ = false;
        }
        continue;
      }
      if (Status s = DecodeBlock(sink); !s) return s;
      pending_.clear();
      have_header_ = false;
    }
    return Ok();
  }

  Status Finish() override {
    if (!pending_.empty()) {
      return Error{"lz4 stream ends inside a block",
                   {},
                   "the log was still being written or the copy was cut",
                   {}};
    }
    if (!ended_) {
      return Error{"lz4 stream ends without its end block",
                   {},
                   "the log was still being written or the copy was cut",
                   {}};
    }
    return Ok();
  }

 private:
  Status Fail(Error e) {
    failed_ = true;
    e.help = std::string(kRecollectHelp);
    return e;
  }

  Status ReadHeader() {
    const char* h = pending_.data();
    if (std::string_view(h, kLz4Magic.size()) != kLz4Magic) {
      return Error{"lz4 stream is damaged", {}, "a block does not start with \"LZ4Block\"", {}};
    }
    int token = static_cast<unsigned char>(h[8]);
    method_ = token & 0xF0;
    int level = 10 + (token & 0x0F);
    compressed_len_ = ReadLe32(h + 9);
    original_len_ = ReadLe32(h + 13);
    checksum_ = ReadLe32(h + 17);
    bool bad = (method_ != kLz4MethodRaw && method_ != kLz4MethodLz4) ||
               original_len_ > (1u << level) || original_len_ > kLz4MaxBlockBytes ||
               compressed_len_ > kLz4MaxBlockBytes ||
               (original_len_ == 0) != (compressed_len_ == 0) ||
               (method_ == kLz4MethodRaw && original_len_ != compressed_len_);
    if (bad) {
      return Error{"lz4 stream is damaged",
                   {},
                   fmt::format("impossible block header (method {:#x}, {} -> {} bytes)", method_,
                               compressed_len_, original_len_),
                   {}};
    }
    have_header_ = compressed_len_ > 0;
    ended_ = false;
    return Ok();
  }

  Status DecodeBlock(DecodedSink& sink) {
    const char* data = pending_.data() + kLz4HeaderBytes;
    std::string_view block;
    if (method_ == kLz4MethodRaw) {
      block = std::string_view(data, compressed_len_);
    } else {
      out_.resize(original_len_);
      int n = LZ4_decompress_safe(data, out_.data(), static_cast<int>(compressed_len_),
                                  static_cast<int>(original_len_));
      if (n < 0 || static_cast<uint32_t>(n) != original_len_) {
        return Fail(Error{"lz4 stream is damaged", {}, "a block does not decode", {}});
      }
      block = std::string_view(out_.data(), original_len_);
    }
    if ((Xxh32(block, kLz4ChecksumSeed) & 0x0FFFFFFFu) != checksum_) {
      return Fail(Error{"lz4 stream is damaged", {}, "a block fails its checksum", {}});
    }
    decoded_ += block.size();
    return sink.Write(block);
  }

  std::vector<char> pending_;  // header, then header + compressed block
  std::vector<char> out_;
  bool have_header_ = false;
  bool ended_ = false;
  bool failed_ = false;
  int method_ = 0;
  uint32_t compressed_len_ = 0;
  uint32_t original_len_ = 0;
  uint32_t checksum_ = 0;
};

// Returns the name without a trailing ".inprogress".
std::string_view WithoutInProgress(std::string_view path) {
  constexpr std::string_view kSuffix = ".inprogress";
  if (path.ends_with(kSuffix)) path.remove_suffix(kSuffix.size());
  return path;
}

}  // namespace

std::string_view EventLogCodecName(EventLogCodec codec) {
  switch (codec) {
    case EventLogCodec::kPlain:
      return "none";
    case EventLogCodec::kZstd:
      return "zstd";
    case EventLogCodec::kLz4:
      return "lz4";
    case EventLogCodec::kSnappy:
      return "snappy";
    case EventLogCodec::kLzf:
      return "lzf";
  }
  return "none";
}

EventLogCodec DetectEventLogCodec(std::string_view path, std::string_view head) {
  auto b = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 4 && b(0) == 0x28 && b(1) == 0xb5 && b(2) == 0x2f && b(3) == 0xfd) {
    return EventLogCodec::kZstd;
  }
  if (head.starts_with(kLz4Magic)) return EventLogCodec::kLz4;
  if (head.size() >= 8 && b(0) == 0x82 && head.substr(1, 7) == std::string_view("SNAPPY\0", 7)) {
    return EventLogCodec::kSnappy;
  }
  if (head.size() >= 3 && head[0] == 'Z' && head[1] == 'V' && (b(2) == 0 || b(2) == 1)) {
    return EventLogCodec::kLzf;
  }
  std::string_view name = WithoutInProgress(path);
  if (name.ends_with(".snappy")) return EventLogCodec::kSnappy;
  if (name.ends_with(".lzf")) return EventLogCodec::kLzf;
  return EventLogCodec::kPlain;
}

Result<std::unique_ptr<EventLogDecoder>> EventLogDecoder::Create(EventLogCodec codec) {
  switch (codec) {
    case EventLogCodec::kPlain:
      return std::unique_ptr<EventLogDecoder>(new PlainDecoder());
    case EventLogCodec::kZstd:
      return std::unique_ptr<EventLogDecoder>(new ZstdDecoder());
    case EventLogCodec::kLz4:
      return std::unique_ptr<EventLogDecoder>(new Lz4BlockDecoder());
    case EventLogCodec::kSnappy:
    case EventLogCodec::kLzf:
      break;
  }
  return Error{fmt::format("unsupported codec {}", EventLogCodecName(codec)),
               {},
               "this build reads plain, zstd and lz4 event logs",
               fmt::format("decompress it (Spark's {} codec) and add the plain file to the bundle, "
                           "or set spark.eventLog.compression.codec=zstd",
                           EventLogCodecName(codec))};
}

uint32_t Xxh32(std::string_view data, uint32_t seed) {
  constexpr uint32_t kP1 = 0x9E3779B1u, kP2 = 0x85EBCA77u, kP3 = 0xC2B2AE3Du, kP4 = 0x27D4EB2Fu,
                     kP5 = 0x165667B1u;
  const char* p = data.data();
  const char* end = p + data.size();
  uint32_t h = 0;
  if (data.size() >= 16) {
    uint32_t v1 = seed + kP1 + kP2, v2 = seed + kP2, v3 = seed, v4 = seed - kP1;
    auto round = [&](uint32_t acc, const char* q) {
      return Rotl32(acc + ReadLe32(q) * kP2, 13) * kP1;
    };
    for (; p + 16 <= end; p += 16) {
      v1 = round(v1, p);
      v2 = round(v2, p + 4);
      v3 = round(v3, p + 8);
      v4 = round(v4, p + 12);
    }
    h = Rotl32(v1, 1) + Rotl32(v2, 7) + Rotl32(v3, 12) + Rotl32(v4, 18);
  } else {
    h = seed + kP5;
  }
  h += static_cast<uint32_t>(data.size());
  for (; p + 4 <= end; p += 4) h = Rotl32(h + ReadLe32(p) * kP3, 17) * kP4;
  for (; p < end; ++p) h = Rotl32(h + static_cast<unsigned char>(*p) * kP5, 11) * kP1;
  h ^= h >> 15;
  h *= kP2;
  h ^= h >> 13;
  h *= kP3;
  h ^= h >> 16;
  return h;
}

}  // namespace sparkpm
