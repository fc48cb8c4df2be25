// Tests of ReadAhead: the entry arrives whole and in order whatever the chunking, the
// prepare step runs once per chunk on either thread, and a read error is handed on.
#include "../../analyzer/src/read_ahead.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>

#include "test_support.h"

namespace sparkpm {
namespace {

using TextStream = testing::StringEntryStream;

std::string Text(size_t n) {
  std::string s;
  s.reserve(n);
  for (size_t i = 0; s.size() < n; ++i) s += "line " + std::to_string(i) + "\n";
  s.resize(n);
  return s;
}

TEST(ReadAhead, HandsOutTheWholeEntryInOrderWithEachChunkPrepared) {
  const std::string text = Text(5'300'000);  // several chunks and a partial last one
  for (size_t piece : {size_t{1} << 16, size_t{777}, size_t{3} << 20}) {
    TextStream stream(text, piece);
    std::atomic<int> prepared{0};
    ReadAhead<> ahead(stream, [&](std::string_view bytes, std::vector<size_t>* marks) {
      ++prepared;
      marks->assign({bytes.size(), static_cast<size_t>(bytes.empty() ? 0 : bytes[0])});
    });
    std::string got;
    int chunks = 0;
    while (auto c = ahead.Next()) {
      ++chunks;
      ASSERT_EQ(c->marks.size(), 2u);
      EXPECT_EQ(c->marks[0], c->bytes.size()) << "the marks belong to another chunk";
      EXPECT_EQ(c->marks[1], static_cast<size_t>(c->bytes[0]));
      got.append(c->bytes);
    }
    EXPECT_EQ(got, text) << "piece " << piece;
    EXPECT_EQ(prepared.load(), chunks);
    EXPECT_FALSE(ahead.error().has_value());
  }
}

TEST(ReadAhead, ChunksPreparedByBothThreadsArriveInOrderEachWithItsOwnMarks) {
  // A slow prepare step: the reader runs out of free buffers and prepares the newest
  // chunks while the caller prepares the oldest, or another while the reader holds the
  // oldest.
  const std::string text = Text(kReadAheadChunkBytes * (kReadAheadBuffers + 8) + 123);
  TextStream stream(text, size_t{1} << 16);
  std::atomic<int> prepared{0};
  ReadAhead<> ahead(stream, [&](std::string_view bytes, std::vector<size_t>* marks) {
    ++prepared;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    marks->assign({bytes.size(), static_cast<size_t>(bytes.data()[bytes.size() - 1])});
  });
  std::string got;
  int chunks = 0;
  while (auto c = ahead.Next()) {
    ++chunks;
    ASSERT_EQ(c->marks.size(), 2u);
    EXPECT_EQ(c->marks[0], c->bytes.size());
    EXPECT_EQ(c->marks[1], static_cast<size_t>(c->bytes.back()));
    EXPECT_EQ(reinterpret_cast<uintptr_t>(c->bytes.data()) % 64, 0u)
        << "a chunk that does not start on a cache line makes the kernel's copy slow";
    got.append(c->bytes);
  }
  EXPECT_EQ(got, text);
  EXPECT_EQ(prepared.load(), chunks);
}

TEST(ReadAhead, AReadErrorEndsTheEntryAfterTheBytesBeforeIt) {
  const std::string text = Text(3'000'000);
  TextStream stream(text, 1 << 16, 2'500'000);
  ReadAhead<> ahead(stream);
  std::string got;
  while (auto c = ahead.Next()) {
    EXPECT_TRUE(c->marks.empty());
    got.append(c->bytes);
  }
  EXPECT_EQ(got, text.substr(0, 2'500'000));
  ASSERT_TRUE(ahead.error().has_value());
  EXPECT_EQ(ahead.error()->what, "entry is damaged");
}

TEST(ReadAhead, AnEmptyEntryGivesNoChunk) {
  TextStream stream("", 100);
  ReadAhead<> ahead(stream);
  EXPECT_FALSE(ahead.Next().has_value());
  EXPECT_FALSE(ahead.error().has_value());
}

TEST(ReadAhead, StoppingEarlyDoesNotHang) {
  const std::string text = Text(20'000'000);
  TextStream stream(text, 1 << 16);
  {
    ReadAhead<> ahead(stream, [](std::string_view, std::vector<size_t>*) {});
    ASSERT_TRUE(ahead.Next().has_value());
  }  // the destructor stops the reader while it still has most of the entry to read
  EXPECT_LT(stream.bytes_read(), text.size());
}

}  // namespace
}  // namespace sparkpm
