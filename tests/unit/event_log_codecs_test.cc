// The event-log codecs: detection by magic and name, streaming zstd across frames and
// chunk boundaries, lz4-java's LZ4Block framing (blocks, end marks, checksums), and the
// refusal of snappy and lzf.
#include "sparkpm/event_log_codecs.h"

#include <gtest/gtest.h>
#include <lz4.h>
#include <zstd.h>

#include <span>
#include <string>
#include <vector>

namespace sparkpm {
namespace {

// Collects decoded bytes.
struct Collect : DecodedSink {
  std::string out;
  Status Write(std::string_view bytes) override {
    out.append(bytes);
    return Ok();
  }
};

std::string ZstdFrame(std::string_view text, int level = 1) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), level);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

void AppendLe32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// Writes one block the way lz4-java's LZ4BlockOutputStream does (64 KiB block size:
// compression level 6), compressed with liblz4 unless raw.
std::string Lz4Block(std::string_view text, bool raw = false, bool break_checksum = false) {
  std::string block = "LZ4Block";
  std::string payload;
  int method = 0x20;
  if (!raw) {
    payload.resize(LZ4_compressBound(static_cast<int>(text.size())));
    int n = LZ4_compress_default(text.data(), payload.data(), static_cast<int>(text.size()),
                                 static_cast<int>(payload.size()));
    EXPECT_GT(n, 0);
    payload.resize(n);
  }
  if (raw || payload.size() >= text.size()) {
    payload = std::string(text);
    method = 0x10;
  }
  block.push_back(static_cast<char>(method | 6));
  AppendLe32(block, static_cast<uint32_t>(payload.size()));
  AppendLe32(block, static_cast<uint32_t>(text.size()));
  uint32_t check = Xxh32(text, 0x9747b28c) & 0x0FFFFFFFu;
  AppendLe32(block, break_checksum ? check ^ 1 : check);
  return block + payload;
}

std::string Lz4EndMark() {
  std::string block = "LZ4Block";
  block.push_back(static_cast<char>(0x10 | 6));
  AppendLe32(block, 0);
  AppendLe32(block, 0);
  AppendLe32(block, 0);
  return block;
}

// Decodes input fed in chunks of the given size.
Result<std::string> Decode(EventLogCodec codec, std::string_view input, size_t chunk,
                           Status* finish = nullptr) {
  auto decoder = EventLogDecoder::Create(codec);
  if (!decoder) return decoder.error();
  Collect sink;
  for (size_t i = 0; i < input.size(); i += chunk) {
    if (Status s = (*decoder)->Decode(input.substr(i, chunk), sink); !s) return s.error();
  }
  Status f = (*decoder)->Finish();
  if (finish != nullptr) *finish = f;
  EXPECT_EQ((*decoder)->decoded_bytes(), sink.out.size());
  return sink.out;
}

const std::string kLines =
    "{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"3.5.1\"}\n"
    "{\"Event\":\"SparkListenerApplicationStart\",\"App Name\":\"etl\",\"App ID\":\"spark-1\","
    "\"Timestamp\":1700000000000,\"User\":\"spark\"}\n";

TEST(EventLogCodecsTest, Xxh32MatchesTheReferenceValues) {
  EXPECT_EQ(Xxh32("", 0), 0x02CC5D05u);
  EXPECT_EQ(Xxh32("abc", 0), 0x32D153FFu);
  EXPECT_EQ(Xxh32("Nobody inspects the spammish repetition", 0), 0xE2293B2Fu);
}

TEST(EventLogCodecsTest, DetectsCodecsByMagicThenByName) {
  EXPECT_EQ(DetectEventLogCodec("x", ZstdFrame("{}")), EventLogCodec::kZstd);
  EXPECT_EQ(DetectEventLogCodec("x", Lz4Block("{}")), EventLogCodec::kLz4);
  EXPECT_EQ(DetectEventLogCodec("x", std::string("\x82SNAPPY\0\0\0\0\1", 12)),
            EventLogCodec::kSnappy);
  EXPECT_EQ(DetectEventLogCodec("x", std::string("ZV\1\0\5", 5)), EventLogCodec::kLzf);
  EXPECT_EQ(DetectEventLogCodec("eventlogs/app-1.snappy.inprogress", "garbage"),
            EventLogCodec::kSnappy);
  EXPECT_EQ(DetectEventLogCodec("eventlogs/app-1.lzf", "garbage"), EventLogCodec::kLzf);
  // A ".zstd" name whose content is plain (the reader already decompressed it) is plain.
  EXPECT_EQ(DetectEventLogCodec("eventlogs/app-1.zstd", kLines), EventLogCodec::kPlain);
  EXPECT_EQ(EventLogCodecName(EventLogCodec::kLz4), "lz4");
}

TEST(EventLogCodecsTest, PlainPassesThrough) {
  auto out = Decode(EventLogCodec::kPlain, kLines, 7);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, kLines);
}

TEST(EventLogCodecsTest, ZstdDecodesConcatenatedFramesInAnyChunking) {
  std::string big;
  for (int i = 0; i < 5000; ++i) big += kLines;
  std::string input = ZstdFrame(big) + ZstdFrame(kLines, 19);
  for (size_t chunk : {size_t{1}, size_t{13}, size_t{4096}, input.size()}) {
    auto out = Decode(EventLogCodec::kZstd, input, chunk);
    ASSERT_TRUE(out.ok()) << out.error().ToString();
    EXPECT_EQ(*out, big + kLines) << "chunk " << chunk;
  }
}

// A sink that offers its own memory a few bytes at a time, as the event log loader's
// chunk reader offers the free end of its chunk.
struct Direct : DecodedSink {
  explicit Direct(size_t room) : room_bytes(room) {}
  size_t room_bytes;
  std::string out;
  std::string buffer;
  int writes = 0;
  int commits = 0;
  std::span<char> Room() override {
    buffer.assign(room_bytes, '\0');
    return {buffer.data(), buffer.size()};
  }
  Status Commit(size_t n) override {
    EXPECT_LE(n, room_bytes);
    out.append(buffer.data(), n);
    ++commits;
    return Ok();
  }
  Status Write(std::string_view bytes) override {
    out.append(bytes);
    ++writes;
    return Ok();
  }
};

TEST(EventLogCodecsTest, ZstdDecodesStraightIntoTheRoomTheSinkOffers) {
  std::string big;
  for (int i = 0; i < 5000; ++i) big += kLines;
  std::string input = ZstdFrame(big) + ZstdFrame(kLines, 19);
  for (size_t room : {size_t{1}, size_t{7}, size_t{1} << 20}) {
    auto decoder = EventLogDecoder::Create(EventLogCodec::kZstd);
    ASSERT_TRUE(decoder.ok());
    Direct sink(room);
    for (size_t at = 0; at < input.size(); at += 4096) {
      ASSERT_TRUE((*decoder)->Decode(std::string_view(input).substr(at, 4096), sink).ok());
    }
    EXPECT_TRUE((*decoder)->Finish().ok()) << "room " << room;
    EXPECT_EQ(sink.out, big + kLines) << "room " << room;
    EXPECT_EQ(sink.writes, 0);
    EXPECT_GT(sink.commits, 0);
    EXPECT_EQ((*decoder)->decoded_bytes(), big.size() + kLines.size());
    // Cut inside the last frame: still reported, however small the room.
    auto cut = EventLogDecoder::Create(EventLogCodec::kZstd);
    Direct cut_sink(room);
    ASSERT_TRUE((*cut)->Decode(std::string_view(input).substr(0, input.size() - 5), cut_sink).ok());
    EXPECT_FALSE((*cut)->Finish().ok()) << "room " << room;
  }
}

TEST(EventLogCodecsTest, ZstdCutInsideAFrameIsReportedAtFinish) {
  std::string input = ZstdFrame(kLines + kLines);
  Status finish;
  auto out = Decode(EventLogCodec::kZstd, input.substr(0, input.size() - 3), 5, &finish);
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(finish.ok());
  EXPECT_NE(finish.error().what.find("ends inside a frame"), std::string::npos);
}

TEST(EventLogCodecsTest, DamagedZstdIsAnError) {
  std::string input = ZstdFrame(kLines);
  input[input.size() / 2] ^= 0x55;
  input[input.size() / 2 + 1] ^= 0x55;
  auto out = Decode(EventLogCodec::kZstd, input + "not zstd at all", 4);
  EXPECT_FALSE(out.ok());
}

TEST(EventLogCodecsTest, Lz4BlocksDecodeAcrossChunksAndStreams) {
  std::string long_text;
  for (int i = 0; i < 2000; ++i) long_text += kLines;
  // Two streams back to back (lz4-java concatenates them when a file is appended to).
  std::string input = Lz4Block(long_text.substr(0, 65536)) +
                      Lz4Block(long_text.substr(65536, 40000)) + Lz4Block("raw block", true) +
                      Lz4EndMark() + Lz4Block(kLines) + Lz4EndMark();
  std::string want = long_text.substr(0, 105536) + "raw block" + kLines;
  for (size_t chunk : {size_t{1}, size_t{21}, size_t{999}, input.size()}) {
    Status finish;
    auto out = Decode(EventLogCodec::kLz4, input, chunk, &finish);
    ASSERT_TRUE(out.ok()) << out.error().ToString();
    EXPECT_EQ(*out, want) << "chunk " << chunk;
    EXPECT_TRUE(finish.ok());
  }
}

TEST(EventLogCodecsTest, Lz4WithoutEndMarkOrCutIsReportedAtFinish) {
  Status finish;
  auto out = Decode(EventLogCodec::kLz4, Lz4Block(kLines), 8, &finish);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, kLines);
  EXPECT_FALSE(finish.ok());
  EXPECT_NE(finish.error().what.find("without its end block"), std::string::npos);

  std::string block = Lz4Block(kLines);
  out = Decode(EventLogCodec::kLz4, block.substr(0, block.size() - 4), 8, &finish);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "");
  EXPECT_FALSE(finish.ok());
  EXPECT_NE(finish.error().what.find("inside a block"), std::string::npos);
}

TEST(EventLogCodecsTest, Lz4ChecksumAndHeaderDamageAreErrors) {
  auto out = Decode(EventLogCodec::kLz4, Lz4Block(kLines, false, true), 64);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().why.find("checksum"), std::string::npos);

  std::string bad = Lz4Block(kLines);
  bad[0] = 'X';
  out = Decode(EventLogCodec::kLz4, bad, 64);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().why.find("LZ4Block"), std::string::npos);

  // An original length above the block size the level allows is impossible.
  std::string huge = "LZ4Block";
  huge.push_back(static_cast<char>(0x20 | 0));
  AppendLe32(huge, 10);
  AppendLe32(huge, 1u << 20);
  AppendLe32(huge, 0);
  out = Decode(EventLogCodec::kLz4, huge + std::string(10, 'a'), 64);
  EXPECT_FALSE(out.ok());
}

TEST(EventLogCodecsTest, SnappyAndLzfAreRefusedWithAClearMessage) {
  for (EventLogCodec codec : {EventLogCodec::kSnappy, EventLogCodec::kLzf}) {
    auto decoder = EventLogDecoder::Create(codec);
    ASSERT_FALSE(decoder.ok());
    EXPECT_EQ(decoder.error().what, "unsupported codec " + std::string(EventLogCodecName(codec)));
    EXPECT_FALSE(decoder.error().help.empty());
  }
}

}  // namespace
}  // namespace sparkpm
