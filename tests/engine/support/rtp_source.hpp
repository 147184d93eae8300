#pragma once
#include <array>
// Builds the RTP stream of one publisher track for engine tests: sequence numbers and
// timestamps advance like a browser's, payloads are Opus-sized filler or one-packet VP8 frames
// with a real payload descriptor (RFC 7741) so the engine's keyframe detection sees them.
#include <cstdint>
#include <vector>

#include "common/assert.hpp"
#include "rtc/rtp/rtp_packet_builder.hpp"

namespace meet::engine::testing {

using Bytes = std::vector<uint8_t>;

// One packet as the publisher sent it: the fields a test compares against, and the plain bytes.
struct SentRtp {
  uint16_t sequence_number = 0;
  uint32_t timestamp = 0;
  Bytes payload;
  Bytes bytes;  // the whole plain RTP packet, ready for LoopbackPeer::send_rtp
};

// VP8 RTP payload of one whole frame: descriptor, then the start of the VP8 frame.
inline Bytes vp8_frame_payload(bool keyframe, uint16_t picture_id, uint8_t fill) {
  Bytes p = {
      0x90,  // X=1 R=0 N=0 S=1 R=0 PID=0: start of partition 0
      0x80,  // I=1: a picture id follows (no TL0PICIDX, no TID/KEYIDX)
      static_cast<uint8_t>(0x80 | ((picture_id >> 8) & 0x7f)),  // M=1: 15-bit picture id
      static_cast<uint8_t>(picture_id & 0xff),
  };
  // VP8 frame tag (RFC 6386 section 9.1), little-endian 24 bits:
  // size0..2 | show_frame | version | P (0 = key frame: what RFC 7741 4.3 calls the P bit).
  p.push_back(keyframe ? 0x10 : 0x11);  // show_frame=1, version 0, P as asked
  p.push_back(0x02);                    // first partition size (filler)
  p.push_back(0x00);
  if (keyframe) {
    const uint8_t key_header[] = {
        0x9d, 0x01, 0x2a,  // start code
        0x80, 0x02,        // width 640, no scaling
        0xe0, 0x01,        // height 480, no scaling
    };
    // One by one: GCC 12 warns falsely (stringop-overflow) on an insert of these 7 bytes.
    for (uint8_t b : key_header) p.push_back(b);
  }
  for (int i = 0; i < 40; ++i) p.push_back(static_cast<uint8_t>(fill + i));
  return p;
}

class RtpSource {
 public:
  // `timestamp_step` is one frame's duration in clock ticks (960 for 20 ms of 48 kHz Opus,
  // 3000 for 30 fps video at 90 kHz).
  RtpSource(uint32_t ssrc, uint8_t payload_type, uint16_t first_sequence_number,
            uint32_t first_timestamp, uint32_t timestamp_step)
      : ssrc_(ssrc),
        payload_type_(payload_type),
        next_seq_(first_sequence_number),
        next_ts_(first_timestamp),
        ts_step_(timestamp_step) {}

  // A packet carrying `payload` as it is.
  SentRtp packet(Bytes payload) { return next(std::move(payload)); }
  // One 20 ms Opus frame of filler bytes unique to this packet.
  SentRtp opus() {
    Bytes payload(60);
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(count_ + i);
    return next(std::move(payload));
  }
  SentRtp vp8_keyframe() {
    return next(vp8_frame_payload(true, picture_id_++, static_cast<uint8_t>(count_)));
  }
  SentRtp vp8_delta() {
    return next(vp8_frame_payload(false, picture_id_++, static_cast<uint8_t>(count_)));
  }
  // From now on every packet carries a transport-wide sequence number (one-byte header
  // extension `id`), counted from `first`, as a browser that negotiated transport-cc sends.
  void enable_transport_cc(uint8_t id, uint16_t first) {
    twcc_id_ = id;
    next_twcc_ = first;
  }
  // Loses the next packet: its sequence number is never sent.
  void skip() { ++next_seq_; }
  uint16_t next_sequence_number() const { return next_seq_; }

 private:
  // Every packet is a whole frame: marker set, timestamp advancing one frame.
  SentRtp next(Bytes payload) {
    SentRtp s{next_seq_++, next_ts_, std::move(payload), {}};
    next_ts_ += ts_step_;
    ++count_;
    rtc::RtpPacketBuilder b;
    b.set_marker(true)
        .set_payload_type(payload_type_)
        .set_sequence_number(s.sequence_number)
        .set_timestamp(s.timestamp)
        .set_ssrc(ssrc_)
        .set_payload(s.payload);
    if (twcc_id_ != 0) {
      const std::array<uint8_t, 2> seq{static_cast<uint8_t>(next_twcc_ >> 8),
                                       static_cast<uint8_t>(next_twcc_)};
      ++next_twcc_;
      MEET_ASSERT(b.add_extension(twcc_id_, seq), "one extension fits");
    }
    s.bytes.resize(b.size());
    auto written = b.write(s.bytes);
    MEET_ASSERT(written.ok(), "rtp test packet must fit its buffer");
    return s;
  }

  uint32_t ssrc_;
  uint8_t payload_type_;
  uint8_t twcc_id_ = 0;
  uint16_t next_twcc_ = 0;
  uint16_t next_seq_;
  uint32_t next_ts_;
  uint32_t ts_step_;
  uint16_t picture_id_ = 1000;
  uint32_t count_ = 0;
};

}  // namespace meet::engine::testing
