#pragma once
// Keeps one subscriber's copy of a track a single continuous RTP stream while the engine
// forwards packets of one publisher stream, then another (simulcast layers, or the same stream
// again after a pause): sequence numbers continue without a gap, timestamps continue at the
// wall-clock pace across a switch (each layer has its own RTP timestamp base), and the VP8/VP9
// picture id and TL0PICIDX continue from the last ones sent, so the decoder sees one stream.
// Switch only at a keyframe of the new stream. Pure logic; worker thread only.
#include <chrono>
#include <cstdint>
#include <span>

#include "rtc/codecs/codec.hpp"

namespace meet::engine {

class SimulcastRewriter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // `ts_offset` and `first_sequence` pick where this subscriber's numbering starts (random in
  // production, fixed in tests).
  SimulcastRewriter(rtc::Codec codec, uint32_t ts_offset, uint16_t first_sequence);

  // Makes the packet (`sequence`, `timestamp`, `payload`) of stream `stream` the next one out.
  // The same stream again keeps its timestamp mapping (its clock did not change); another one
  // gets one that continues from the last timestamp sent, advanced by the time since.
  void switch_to(int stream, uint16_t sequence, uint32_t timestamp,
                 std::span<const uint8_t> payload, TimePoint now);
  bool started() const { return stream_ >= 0; }
  int stream() const { return stream_; }
  // Forgets the current stream (paused); the numbering continues at the next switch_to.
  void stop() { stream_ = -1; }

  uint16_t sequence(uint16_t in) const { return static_cast<uint16_t>(in + seq_offset_); }
  uint32_t timestamp(uint32_t in) const { return in + ts_offset_; }
  // The publisher's sequence number behind one we sent since the last switch, or false.
  bool original_sequence(uint16_t out, uint16_t& in) const;
  // Rewrites picture id and TL0PICIDX of the outgoing copy's payload (VP8, VP9); records what
  // went out. Call once per forwarded packet, after switch_to.
  void rewrite_payload(std::span<uint8_t> payload) const;
  void on_sent(uint16_t out_sequence, uint32_t out_timestamp, std::span<const uint8_t> payload,
               TimePoint now);

  uint16_t last_sequence() const { return last_seq_; }

 private:
  bool read_ids(std::span<const uint8_t> payload, uint16_t& picture_id, uint8_t& tl0,
                bool& has_picture_id, bool& has_tl0) const;

  rtc::Codec codec_;
  int stream_ = -1;
  int ts_stream_ = -1;  // the stream ts_offset_ was made for
  uint16_t seq_offset_ = 0;
  uint32_t ts_offset_;
  uint16_t pid_offset_ = 0;
  uint8_t tl0_offset_ = 0;
  uint16_t last_seq_;
  uint32_t last_ts_ = 0;
  uint16_t last_pid_ = 0;
  uint8_t last_tl0_ = 0;
  bool sent_any_ = false;
  bool sent_pid_ = false;
  bool sent_tl0_ = false;
  TimePoint last_sent_at_{};
  uint64_t sent_since_switch_ = 0;
};

}  // namespace meet::engine
