// Malformed and unauthenticated datagrams sent at a running engine on loopback: each is dropped
// and counted under its own DropReason, nothing else is counted, and forwarding carries on.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <functional>
#include <random>
#include <thread>

#include "engine/engine_counters.hpp"
#include "engine/support/media_checks.hpp"
#include "engine/support/two_party_room.hpp"

namespace meet::engine::testing {
namespace {

using namespace std::chrono_literals;
using DropCounts = std::array<uint64_t, static_cast<size_t>(DropReason::kCount)>;

DropCounts drop_counts() {
  DropCounts out{};
  const auto& dropped = EngineCounters::instance().dropped;
  for (size_t i = 0; i < out.size(); ++i) out[i] = dropped[i].load();
  return out;
}

Bytes random_bytes(size_t n, uint8_t first_byte) {
  std::mt19937 rng(7);
  Bytes out(n);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  out[0] = first_byte;
  return out;
}

// A plain RTP packet (12-byte header, 60 bytes of Opus filler) from `ssrc`, sequence number 1.
Bytes rtp_packet(uint32_t ssrc) {
  RtpSource s(ssrc, kOpusPt, 1, 0, 960);
  return s.opus().bytes;
}

rtc::StunTransactionId fixed_transaction_id() {
  rtc::StunTransactionId id{};
  id.fill(0x5a);
  return id;
}

// USERNAME of a check on alice's publisher transport (RFC 8445 7.2.2).
std::string alice_username(TwoPartyRoom& room) {
  return std::string(kAliceServerUfrag) + ":" + room.alice().credentials().ufrag;
}

struct BadInput {
  const char* name;
  DropReason reason;
  std::function<void(TwoPartyRoom&)> send;
};

const BadInput kBadInputs[] = {
    {"FirstByteOfNoKnownProtocol", DropReason::kNotStunDtlsRtp,
     [](TwoPartyRoom& r) { r.alice().send_raw(random_bytes(100, 0x47)); }},
    {"TruncatedStun", DropReason::kMalformedStun,
     [](TwoPartyRoom& r) {
       Bytes req = binding_request(fixed_transaction_id(), alice_username(r), kAliceServerPwd);
       req.resize(rtc::kStunHeaderSize + 8);  // the length field claims more
       r.alice().send_raw(req);
     }},
    {"StunForUnknownUfrag", DropReason::kUnknownUfrag,
     [](TwoPartyRoom& r) {
       r.alice().send_raw(binding_request(fixed_transaction_id(), "nobody00:x", "whatever"));
     }},
    {"StunWithWrongPassword", DropReason::kStunAuthFailed,
     [](TwoPartyRoom& r) {
       r.alice().send_raw(
           binding_request(fixed_transaction_id(), alice_username(r), "notThePasswordAtAll0000"));
     }},
    {"RtpFromUnknownAddress", DropReason::kUnknownAddress,
     [](TwoPartyRoom& r) { send_from_stranger(r.server(), rtp_packet(kAudioSsrc)); }},
    {"DtlsRecordWithBadLength", DropReason::kDtlsError,
     [](TwoPartyRoom& r) {
       // clang-format off
       const uint8_t record[] = {
           22,                                  // content type: handshake
           0xfe, 0xfd,                          // DTLS 1.2
           0x00, 0x01,                          // epoch
           0x00, 0x00, 0x00, 0x00, 0x00, 0x09,  // sequence number
           0x10, 0x00,                          // length 4096: far past the datagram
           0x01, 0x02, 0x03,                    // the 3 bytes there are
       };
       // clang-format on
       r.alice().send_raw(record);
     }},
    {"SrtpWithForgedAuthTag", DropReason::kSrtpError,
     [](TwoPartyRoom& r) {
       Bytes forged = rtp_packet(kAudioSsrc);
       Bytes tail = random_bytes(16, 0);
       forged.insert(forged.end(), tail.begin(), tail.end());  // random bytes where the tag goes
       r.alice().send_raw(forged);
     }},
    {"SrtcpWithBadRtcpLength", DropReason::kMalformedRtcp,
     [](TwoPartyRoom& r) {
       const uint8_t rr[] = {
           0x80, 201,  0x00, 0x10,  // V=2 RC=0 RR, length 16 words: past the end
           0x12, 0x34, 0x56, 0x78,  // sender SSRC
       };
       r.alice().send_rtcp(rr);
     }},
    {"SrtpWithBadRtpPadding", DropReason::kMalformedRtp,
     [](TwoPartyRoom& r) {
       Bytes p = rtp_packet(kAudioSsrc);
       p[0] |= 0x20;    // P: the last byte counts padding
       p.back() = 200;  // more padding than the packet has
       r.alice().send_rtp(p);
     }},
    {"SrtpFromUnannouncedSsrc", DropReason::kUnknownSsrc,
     [](TwoPartyRoom& r) { r.alice().send_rtp(rtp_packet(9999)); }},
    {"MediaOnSubscriberTransport", DropReason::kUnknownSsrc,
     [](TwoPartyRoom& r) { r.bob().send_rtp(rtp_packet(kAudioSsrc)); }},
};

class EngineBadInputTest : public ::testing::TestWithParam<BadInput> {
 protected:
  void SetUp() override { ASSERT_TRUE(room_.connect()); }

  // Waits until the drop counted under `reason` moved away from `before`.
  static bool wait_counted(DropReason reason, const DropCounts& before) {
    auto i = static_cast<size_t>(reason);
    auto deadline = Clock::now() + 1s;
    while (drop_counts()[i] == before[i] && Clock::now() < deadline) {
      std::this_thread::sleep_for(2ms);
    }
    return drop_counts()[i] != before[i];
  }

  TwoPartyRoom room_;
  RtpSource audio_{kAudioSsrc, kOpusPt, 500, 0, 960};
};

TEST_P(EngineBadInputTest, IsDroppedCountedAndForwardingContinues) {
  const BadInput& input = GetParam();
  // Audio flows before, so the bad datagram lands on a working call.
  send_all(room_.alice(), opus_frames(audio_, 3));
  ASSERT_EQ(receive_packets(room_.bob(), 3, 1s).size(), 3u);
  auto before = drop_counts();

  input.send(room_);
  ASSERT_TRUE(wait_counted(input.reason, before)) << "not counted as " << to_string(input.reason);
  auto after = drop_counts();
  for (size_t i = 0; i < after.size(); ++i) {
    uint64_t expected = before[i] + (i == static_cast<size_t>(input.reason) ? 1 : 0);
    EXPECT_EQ(after[i], expected) << to_string(static_cast<DropReason>(i));
  }

  auto sent = opus_frames(audio_, 5);
  send_all(room_.alice(), sent);
  auto got = receive_packets(room_.bob(), sent.size(), 1s);
  ASSERT_EQ(got.size(), sent.size()) << "forwarding stopped after the bad datagram";
  EXPECT_EQ(got.front().ssrc, kOutAudioSsrc);
}

INSTANTIATE_TEST_SUITE_P(Datagrams, EngineBadInputTest, ::testing::ValuesIn(kBadInputs),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace meet::engine::testing
