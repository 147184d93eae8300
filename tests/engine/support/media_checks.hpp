#pragma once
// Sending streams and checking what a subscriber got against what the publisher sent.
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "engine/support/loopback_peer.hpp"
#include "engine/support/rtp_source.hpp"

namespace meet::engine::testing {

inline void send_all(LoopbackPeer& peer, const std::vector<SentRtp>& packets) {
  for (const auto& p : packets) peer.send_rtp(p.bytes);
}

// A keyframe then `deltas` delta frames, in sending order.
inline std::vector<SentRtp> keyframe_and_deltas(RtpSource& video, int deltas) {
  std::vector<SentRtp> out{video.vp8_keyframe()};
  for (int i = 0; i < deltas; ++i) out.push_back(video.vp8_delta());
  return out;
}

inline std::vector<SentRtp> opus_frames(RtpSource& audio, int count) {
  std::vector<SentRtp> out;
  for (int i = 0; i < count; ++i) out.push_back(audio.opus());
  return out;
}

// Up to `count` RTP packets arriving at `peer` within `timeout`.
inline std::vector<ReceivedRtp> receive_packets(LoopbackPeer& peer, size_t count,
                                                std::chrono::milliseconds timeout) {
  std::vector<ReceivedRtp> out;
  auto deadline = Clock::now() + timeout;
  while (out.size() < count && Clock::now() < deadline) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    auto p = peer.receive_rtp(left);
    if (!p) break;
    out.push_back(std::move(*p));
  }
  return out;
}

// `got[i]` is `sent[i]` as a subscriber m-line carries it: its own SSRC and payload type, the
// same payload, and sequence numbers and timestamps moved by one constant offset each (mod 2^16
// and 2^32), so the subscriber's sequence numbers are consecutive.
inline void expect_forwarded(const std::vector<SentRtp>& sent, const std::vector<ReceivedRtp>& got,
                             uint32_t ssrc, uint8_t payload_type) {
  ASSERT_EQ(got.size(), sent.size());
  ASSERT_FALSE(sent.empty());
  const auto seq_offset = static_cast<uint16_t>(got[0].sequence_number - sent[0].sequence_number);
  const uint32_t ts_offset = got[0].timestamp - sent[0].timestamp;
  for (size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE(::testing::Message() << "packet " << i);
    EXPECT_EQ(got[i].ssrc, ssrc);
    EXPECT_EQ(got[i].payload_type, payload_type);
    EXPECT_EQ(got[i].sequence_number, static_cast<uint16_t>(got[0].sequence_number + i));
    EXPECT_EQ(static_cast<uint16_t>(got[i].sequence_number - sent[i].sequence_number), seq_offset);
    EXPECT_EQ(got[i].timestamp - sent[i].timestamp, ts_offset);
    EXPECT_EQ(got[i].payload, sent[i].payload);
  }
}

}  // namespace meet::engine::testing
