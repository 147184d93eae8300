#include "net/datagram_reader.hpp"

#include <gtest/gtest.h>

#include <array>
#include <boost/asio.hpp>
#include <thread>

namespace meet::net {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

TEST(DatagramReader, ConvertsAKernelStampByItsAge) {
  const auto steady_now = std::chrono::steady_clock::time_point(100s);
  const timespec now{1'700'000'000, 500'000'000};
  const timespec stamp{1'700'000'000, 497'000'000};  // 3 ms before
  EXPECT_EQ(DatagramReader::to_steady(stamp, now, steady_now), steady_now - 3ms);
}

TEST(DatagramReader, ClampsStampsFromAfterNowOrLongAgo) {
  const auto steady_now = std::chrono::steady_clock::time_point(100s);
  const timespec now{1'700'000'000, 0};
  // The wall clock stepped back after the stamp: no arrival in the future.
  EXPECT_EQ(DatagramReader::to_steady({1'700'000'005, 0}, now, steady_now), steady_now);
  // Stepped forward: at most kMaxAge back.
  EXPECT_EQ(DatagramReader::to_steady({1'699'999'000, 0}, now, steady_now),
            steady_now - DatagramReader::kMaxAge);
}

// A datagram read a while after it arrived is stamped with its arrival, not the read.
TEST(DatagramReader, StampsWhenTheKernelReceivedNotWhenRead) {
  asio::io_context io;
  asio::ip::udp::socket rx(io, {asio::ip::make_address("127.0.0.1"), 0});
  asio::ip::udp::socket tx(io, {asio::ip::make_address("127.0.0.1"), 0});
  ASSERT_TRUE(DatagramReader::enable_timestamps(rx));
  // The kernel turns receive stamping on from a work queue the first time a socket asks: until
  // then a datagram is stamped when read. A server asks at start-up, long before media.
  std::this_thread::sleep_for(200ms);
  const std::array<uint8_t, 3> payload = {1, 2, 3};
  const auto sent = std::chrono::steady_clock::now();
  tx.send_to(asio::buffer(payload), rx.local_endpoint());
  std::this_thread::sleep_for(50ms);

  std::array<uint8_t, 16> buf{};
  boost::system::error_code ec;
  auto d = DatagramReader::read(rx, buf, ec);
  ASSERT_TRUE(d.has_value()) << ec.message();
  EXPECT_EQ(d->size, 3u);
  EXPECT_EQ(buf[2], 3);
  EXPECT_EQ(d->from.port(), tx.local_endpoint().port());
  EXPECT_LT(d->arrival - sent, 25ms);  // read 50 ms later
  EXPECT_GE(d->arrival, sent - 1ms);

  EXPECT_FALSE(DatagramReader::read(rx, buf, ec).has_value());  // nothing more waiting
  EXPECT_FALSE(ec);
}

}  // namespace
}  // namespace meet::net
