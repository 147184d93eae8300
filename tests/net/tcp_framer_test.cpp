#include "net/tcp_framer.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::net {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes to_vector(std::span<const uint8_t> s) {
  return Bytes(s.begin(), s.end());
}

// Every frame next() yields until it has none.
std::vector<Bytes> drain(TcpFramer& framer) {
  std::vector<Bytes> out;
  while (auto frame = framer.next()) out.push_back(to_vector(*frame));
  return out;
}

TEST(TcpFramer, ReturnsSeveralFramesFromOneFeed) {
  const Bytes stream = {
      0x00, 0x03, 0xaa, 0xbb, 0xcc,  // length 3
      0x00, 0x01, 0xdd,              // length 1
      0x00, 0x02, 0xee, 0xff,        // length 2
  };
  TcpFramer framer;
  ASSERT_TRUE(framer.feed(stream).ok());
  EXPECT_EQ(drain(framer), (std::vector<Bytes>{{0xaa, 0xbb, 0xcc}, {0xdd}, {0xee, 0xff}}));
  EXPECT_EQ(framer.buffered(), 0U);
}

TEST(TcpFramer, ReassemblesFramesSplitAcrossFeeds) {
  const Bytes stream = {
      0x00, 0x04, 0x01, 0x02, 0x03, 0x04,  // length 4
      0x00, 0x02, 0x05, 0x06,              // length 2
  };
  // Byte by byte: the worst split, header halves included.
  TcpFramer framer;
  std::vector<Bytes> frames;
  for (uint8_t b : stream) {
    ASSERT_TRUE(framer.feed(std::span(&b, 1)).ok());
    for (auto& f : drain(framer)) frames.push_back(f);
  }
  EXPECT_EQ(frames, (std::vector<Bytes>{{0x01, 0x02, 0x03, 0x04}, {0x05, 0x06}}));

  // A split in the middle of the second frame.
  TcpFramer other;
  ASSERT_TRUE(other.feed(std::span(stream).first(8)).ok());
  EXPECT_EQ(drain(other), (std::vector<Bytes>{{0x01, 0x02, 0x03, 0x04}}));
  EXPECT_EQ(other.buffered(), 2U);
  ASSERT_TRUE(other.feed(std::span(stream).subspan(8)).ok());
  EXPECT_EQ(drain(other), (std::vector<Bytes>{{0x05, 0x06}}));
}

TEST(TcpFramer, ReturnsZeroLengthFrames) {
  const Bytes stream = {
      0x00, 0x00,        // length 0
      0x00, 0x01, 0x7f,  // length 1
      0x00, 0x00,        // length 0
  };
  TcpFramer framer;
  ASSERT_TRUE(framer.feed(stream).ok());
  EXPECT_EQ(drain(framer), (std::vector<Bytes>{{}, {0x7f}, {}}));
}

TEST(TcpFramer, HandlesTheLargestFrame) {
  Bytes packet(TcpFramer::kMaxFrame, 0x5a);
  Bytes stream;
  TcpFramer::frame(packet, stream);
  ASSERT_EQ(stream.size(), 2 + TcpFramer::kMaxFrame);
  EXPECT_EQ(stream[0], 0xff);
  EXPECT_EQ(stream[1], 0xff);
  TcpFramer framer(TcpFramer::kHeaderSize + TcpFramer::kMaxFrame);
  ASSERT_TRUE(framer.feed(std::span(stream).first(1000)).ok());
  EXPECT_FALSE(framer.next().has_value());
  ASSERT_TRUE(framer.feed(std::span(stream).subspan(1000)).ok());
  auto frame = framer.next();
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->size(), TcpFramer::kMaxFrame);
}

TEST(TcpFramer, RejectsFeedsBeyondCapacity) {
  TcpFramer framer(TcpFramer::kHeaderSize + TcpFramer::kMaxFrame);
  const Bytes almost(TcpFramer::kHeaderSize + TcpFramer::kMaxFrame - 1, 0xff);  // partial frame
  ASSERT_TRUE(framer.feed(almost).ok());
  const Bytes two = {0x01, 0x02};
  auto fed = framer.feed(two);
  ASSERT_FALSE(fed.ok());
  EXPECT_EQ(fed.error(), TcpFramerError::kOverflow);
  EXPECT_EQ(framer.buffered(), almost.size());  // nothing appended
}

TEST(TcpFramer, ReusesSpaceOfConsumedFrames) {
  TcpFramer framer(TcpFramer::kHeaderSize + TcpFramer::kMaxFrame);
  Bytes stream;
  TcpFramer::frame(Bytes(60000, 1), stream);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(framer.feed(stream).ok()) << i;
    ASSERT_TRUE(framer.next().has_value());
  }
}

TEST(TcpFramer, FramesRoundTrip) {
  Bytes stream;
  TcpFramer::frame(Bytes{0x01, 0x02, 0x03}, stream);
  TcpFramer::frame(Bytes{}, stream);
  EXPECT_EQ(stream, (Bytes{0x00, 0x03, 0x01, 0x02, 0x03, 0x00, 0x00}));
  TcpFramer framer;
  ASSERT_TRUE(framer.feed(stream).ok());
  EXPECT_EQ(drain(framer), (std::vector<Bytes>{{0x01, 0x02, 0x03}, {}}));
}

}  // namespace
}  // namespace meet::net
