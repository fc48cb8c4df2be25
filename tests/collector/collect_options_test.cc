// Duration and size arguments.
#include "collect_options.h"

#include <gtest/gtest.h>

namespace sparkpm::collect {
namespace {

TEST(CollectOptionsTest, ParsesDurations) {
  EXPECT_EQ(ParseDuration("90s")->count(), 90'000);
  EXPECT_EQ(ParseDuration("15m")->count(), 900'000);
  EXPECT_EQ(ParseDuration("1h30m")->count(), 5'400'000);
  EXPECT_EQ(ParseDuration("500ms")->count(), 500);
  EXPECT_EQ(ParseDuration("2d")->count(), 172'800'000);
  EXPECT_EQ(ParseDuration("45")->count(), 45'000);
  for (const char* bad : {"", "h", "10x", "-5s", "0s", "1.5h", "5 m"}) {
    EXPECT_FALSE(ParseDuration(bad).ok()) << bad;
  }
}

TEST(CollectOptionsTest, ParsesSizes) {
  EXPECT_EQ(*ParseByteSize("1048576"), 1048576u);
  EXPECT_EQ(*ParseByteSize("64k"), 65536u);
  EXPECT_EQ(*ParseByteSize("50MiB"), 52'428'800u);
  EXPECT_EQ(*ParseByteSize("2G"), 2ull << 30);
  EXPECT_EQ(*ParseByteSize("1GB"), 1ull << 30);
  for (const char* bad : {"", "MiB", "5 MiB", "-1", "1.5G", "12Q"}) {
    EXPECT_FALSE(ParseByteSize(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace sparkpm::collect
