#include "net/udp_send_batch.hpp"

#include <gtest/gtest.h>

#include <array>
#include <boost/asio.hpp>
#include <cerrno>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

namespace meet::net {
namespace {

namespace asio = boost::asio;
using Endpoint = asio::ip::udp::endpoint;

// A sendmmsg stand-in: each call takes the next scripted answer (how many of the offered
// messages it sends, or -errno for a refusal of the first) and records what it sent.
struct ScriptedSend {
  struct Sent {
    Endpoint to;
    std::string bytes;
  };
  std::deque<int> answers;  // empty: send everything offered
  std::vector<Sent> sent;
  std::vector<size_t> offered;  // messages offered per call

  UdpSendBatch::SendMany fn() {
    return [this](std::span<mmsghdr> msgs) {
      offered.push_back(msgs.size());
      int n = static_cast<int>(msgs.size());
      if (!answers.empty()) {
        n = answers.front();
        answers.pop_front();
      }
      if (n < 0) {
        errno = -n;
        return -1;
      }
      for (int i = 0; i < n; ++i) record(msgs[static_cast<size_t>(i)].msg_hdr);
      return n;
    };
  }
  void record(const msghdr& h) {
    Endpoint to;
    std::memcpy(to.data(), h.msg_name, h.msg_namelen);
    sent.push_back(
        {to, std::string(static_cast<const char*>(h.msg_iov[0].iov_base), h.msg_iov[0].iov_len)});
  }
};

std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

const Endpoint kA{asio::ip::make_address("127.0.0.1"), 5000};
const Endpoint kB{asio::ip::make_address("::1"), 6000};

TEST(UdpSendBatch, SendsNothingUntilFlushedThenAllInOrderInOneCall) {
  ScriptedSend s;
  UdpSendBatch batch(s.fn());
  std::string one = "one", two = "second";
  EXPECT_EQ(batch.add(kA, bytes_of(one)).sent, 0u);
  EXPECT_EQ(batch.add(kB, bytes_of(two)).sent, 0u);
  one = "changed";  // the batch holds its own copy
  EXPECT_TRUE(s.sent.empty());
  auto r = batch.flush();
  EXPECT_EQ(r.sent, 2u);
  EXPECT_EQ(r.bytes, 3u + 6u);
  EXPECT_EQ(r.failed, 0u);
  ASSERT_EQ(s.sent.size(), 2u);
  EXPECT_EQ(s.sent[0].to, kA);
  EXPECT_EQ(s.sent[0].bytes, "one");
  EXPECT_EQ(s.sent[1].to, kB);
  EXPECT_EQ(s.sent[1].bytes, "second");
  EXPECT_EQ(s.offered, std::vector<size_t>{2});
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(batch.flush().sent, 0u);
  EXPECT_EQ(s.offered.size(), 1u) << "an empty flush makes no call";
}

TEST(UdpSendBatch, APartialSendResendsTheRest) {
  ScriptedSend s;
  s.answers = {2, 1};  // then everything
  UdpSendBatch batch(s.fn());
  std::vector<std::string> payloads = {"a", "bb", "ccc", "dddd", "eeeee"};
  for (const auto& p : payloads) batch.add(kA, bytes_of(p));
  auto r = batch.flush();
  EXPECT_EQ(r.sent, 5u);
  EXPECT_EQ(r.bytes, 15u);
  EXPECT_EQ(s.offered, (std::vector<size_t>{5, 3, 2}));
  ASSERT_EQ(s.sent.size(), 5u);
  for (size_t i = 0; i < payloads.size(); ++i) EXPECT_EQ(s.sent[i].bytes, payloads[i]);
}

TEST(UdpSendBatch, ARefusedDatagramIsCountedAndTheNextOnesStillGo) {
  ScriptedSend s;
  s.answers = {1, -EAGAIN, -EINTR, -EPERM};  // then everything
  UdpSendBatch batch(s.fn());
  std::vector<std::string> payloads = {"a", "b", "c", "d", "e"};
  for (const auto& p : payloads) batch.add(kA, bytes_of(p));
  auto r = batch.flush();
  // a sent; b refused (EAGAIN); c interrupted then refused (EPERM); d and e sent.
  EXPECT_EQ(r.sent, 3u);
  EXPECT_EQ(r.failed, 2u);
  EXPECT_EQ(r.bytes, 3u);
  ASSERT_EQ(s.sent.size(), 3u);
  EXPECT_EQ(s.sent[0].bytes, "a");
  EXPECT_EQ(s.sent[1].bytes, "d");
  EXPECT_EQ(s.sent[2].bytes, "e");
}

TEST(UdpSendBatch, AFullBatchIsSentByTheAddThatFillsIt) {
  ScriptedSend s;
  UdpSendBatch batch(s.fn());
  std::string p = "x";
  for (size_t i = 0; i + 1 < UdpSendBatch::kCapacity; ++i) {
    EXPECT_EQ(batch.add(kA, bytes_of(p)).sent, 0u);
  }
  auto r = batch.add(kA, bytes_of(p));
  EXPECT_EQ(r.sent, UdpSendBatch::kCapacity);
  EXPECT_TRUE(batch.empty());
  EXPECT_EQ(s.offered, std::vector<size_t>{UdpSendBatch::kCapacity});
}

TEST(UdpSendBatch, ADatagramLargerThanASlotGoesAtOnceAfterTheQueuedOnes) {
  ScriptedSend s;
  UdpSendBatch batch(s.fn());
  std::string small = "small", big(UdpSendBatch::kSlotSize + 1, 'b');
  batch.add(kA, bytes_of(small));
  auto r = batch.add(kB, bytes_of(big));
  EXPECT_EQ(r.sent, 2u);
  EXPECT_EQ(r.bytes, small.size() + big.size());
  ASSERT_EQ(s.sent.size(), 2u);
  EXPECT_EQ(s.sent[0].bytes, small);
  EXPECT_EQ(s.sent[1].bytes, big);
  EXPECT_EQ(s.sent[1].to, kB);
  EXPECT_TRUE(batch.empty());
}

TEST(UdpSendBatch, SendsThroughARealSocket) {
  asio::io_context io;
  asio::ip::udp::socket rx(io, {asio::ip::make_address("127.0.0.1"), 0});
  asio::ip::udp::socket tx(io, {asio::ip::make_address("127.0.0.1"), 0});
  UdpSendBatch batch(UdpSendBatch::sendmmsg_on(tx.native_handle()));
  std::vector<std::string> payloads = {"first", "second", "third"};
  for (const auto& p : payloads) batch.add(rx.local_endpoint(), bytes_of(p));
  auto r = batch.flush();
  EXPECT_EQ(r.sent, 3u);
  EXPECT_EQ(r.failed, 0u);
  std::array<char, 64> buf{};
  for (const auto& p : payloads) {
    Endpoint from;
    const size_t n = rx.receive_from(asio::buffer(buf), from);
    EXPECT_EQ(std::string(buf.data(), n), p);
    EXPECT_EQ(from, tx.local_endpoint());
  }
}

}  // namespace
}  // namespace meet::net
