// The per-container log cap keeps the tail, starting at a line boundary.
#include "tail_buffer.h"

#include <gtest/gtest.h>

namespace sparkpm::collect {
namespace {

TEST(TailBufferTest, KeepsEverythingUnderTheCap) {
  TailBuffer t(100);
  t.Append("line 1\n");
  t.Append("line 2\n");
  EXPECT_FALSE(t.truncated());
  EXPECT_EQ(t.Take(), "line 1\nline 2\n");
}

TEST(TailBufferTest, KeepsTheTailFromALineStart) {
  TailBuffer t(20);
  for (int i = 0; i < 100; ++i) t.Append("line " + std::to_string(i) + "\n");
  EXPECT_TRUE(t.truncated());
  EXPECT_EQ(t.total_bytes(), 790u);
  // The last 20 bytes are "e 97\nline 98\nline 99\n"; the cut first line is dropped.
  EXPECT_EQ(t.Take(), "line 98\nline 99\n");
}

TEST(TailBufferTest, ChunksLargerThanTheCapAndOddSizes) {
  TailBuffer t(8);
  t.Append("abc");
  t.Append(std::string(50, 'x') + "\n1234567");
  t.Append("89");
  // Kept: "\n1234567" then "89" -> last 8 bytes "23456789" has no newline: kept whole.
  EXPECT_EQ(t.Take(), "23456789");
  t.Clear();
  EXPECT_EQ(t.total_bytes(), 0u);
  t.Append("a\nb");
  EXPECT_EQ(t.Take(), "a\nb");
}

}  // namespace
}  // namespace sparkpm::collect
