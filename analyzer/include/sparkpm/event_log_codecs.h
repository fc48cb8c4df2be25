// The compression codecs Spark writes event logs with (spark.eventLog.compression.codec),
// decoded as a stream: bytes go in as they come from the bundle, decoded bytes come out
// through a sink, and nothing is held beyond one block. zstd is standard zstd frames
// (libzstd's streaming API); lz4 is lz4-java's LZ4BlockOutputStream framing ("LZ4Block"
// blocks, each an lz4 block decoded with liblz4's block API, checked with its XXH32);
// snappy and lzf are recognised and refused with a clear "unsupported codec" error.
//
//   EventLogCodec codec = DetectEventLogCodec(path, head);      // kZstd
//   auto decoder = EventLogDecoder::Create(codec);              // Result<unique_ptr<...>>
//   (*decoder)->Decode(chunk, sink);  ...  (*decoder)->Finish();
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "sparkpm/status.h"

namespace sparkpm {

enum class EventLogCodec { kPlain, kZstd, kLz4, kSnappy, kLzf };

// Returns Spark's name of the codec: "none", "zstd", "lz4", "snappy" or "lzf".
std::string_view EventLogCodecName(EventLogCodec codec);

// Decides the codec by the first bytes (zstd frame magic, "LZ4Block", snappy-java's
// "\x82SNAPPY\0", LZF's "ZV" chunk header) and, for content without a magic, by the
// file name suffix (".lzf", ".snappy" before an optional ".inprogress").
EventLogCodec DetectEventLogCodec(std::string_view path, std::string_view head);

// Receives decoded bytes. The view is valid only during the call.
class DecodedSink {
 public:
  virtual ~DecodedSink() = default;
  // Consumes the next decoded bytes; returning an Error stops decoding.
  virtual Status Write(std::string_view bytes) = 0;
  // Memory the decoder may decode into directly instead of calling Write, saving a copy;
  // after writing n bytes there the decoder calls Commit(n). The default has none.
  virtual std::span<char> Room() { return {}; }
  virtual Status Commit(size_t /*n*/) { return Ok(); }
};

class EventLogDecoder {
 public:
  // Returns a decoder for the codec, or an Error ("unsupported codec snappy") for codecs
  // this build cannot read.
  static Result<std::unique_ptr<EventLogDecoder>> Create(EventLogCodec codec);
  virtual ~EventLogDecoder() = default;

  // Decodes the next input bytes (any chunking) and writes what they decode to into
  // sink. An Error means the stream is damaged from here on; earlier output stays valid.
  virtual Status Decode(std::string_view input, DecodedSink& sink) = 0;
  // Checks that the input ended where a frame or block ends; an Error says the stream
  // was cut (an event log still being written, or a truncated copy).
  virtual Status Finish() = 0;
  // Returns the decoded bytes produced so far.
  uint64_t decoded_bytes() const { return decoded_; }

 protected:
  uint64_t decoded_ = 0;
};

// Returns the XXH32 hash of data with the given seed (as lz4-java checks its blocks).
uint32_t Xxh32(std::string_view data, uint32_t seed);

}  // namespace sparkpm
