#pragma once
// Keeps one subscriber's copy of a track a single continuous RTP stream while the engine
// forwards packets of one publisher stream, then another (simulcast layers, or the same stream
// again after a pause): sequence numbers continue without a gap, timestamps continue at the
// wall-clock pace across a switch (each layer has its own RTP timestamp base), and the VP8/VP9
// picture id and TL0PICIDX continue from the last ones sent, so the decoder sees one stream.
// Switch only at a keyframe of the new stream. Packets left out on purpose (frames of dropped
// temporal layers) leave no gap in sequence numbers or picture ids (RenumberMap); TL0PICIDX
// needs nothing, as base-layer frames are never left out. Pure logic; worker thread only.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>

#include "engine/renumber_map.hpp"
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
  // The publisher's stream behind this copy was replaced (a restart: new SSRC, another RTP
  // clock and picture ids): the next switch_to continues timestamps and picture ids from the
  // last ones sent, as a switch to another stream does, even to the same stream index.
  void new_source() { ts_stream_ = -1; }

  // The number a packet of the current stream goes out with (a retransmission too), or
  // nullopt when it is too old to place (or came before the switch).
  std::optional<uint16_t> sequence(uint16_t in) const { return seq_.lookup(in); }
  // A packet about to be forwarded: moves the numbering on to it; its number, or nullopt.
  std::optional<uint16_t> take_sequence(uint16_t in) { return seq_.map(in); }
  uint32_t timestamp(uint32_t in) const { return in + ts_offset_; }
  // A packet of the current stream that is not forwarded, the first packet of a frame left
  // out (`has_picture_id`: its payload carries `picture_id`): later ones close up on it.
  void skip(uint16_t in, bool has_picture_id, uint16_t picture_id);
  // The publisher's sequence number behind one we sent since the last switch, or false.
  bool original_sequence(uint16_t out, uint16_t& in) const;
  // Rewrites picture id and TL0PICIDX of the outgoing copy's payload (VP8, VP9); records what
  // went out. Call once per forwarded packet, after switch_to. `retransmission`: a copy of a
  // packet sent before, which must not move the picture id numbering on.
  void rewrite_payload(std::span<uint8_t> payload, bool retransmission = false);
  void on_sent(uint16_t out_sequence, uint32_t out_timestamp, std::span<const uint8_t> payload,
               TimePoint now);

  uint16_t last_sequence() const { return last_seq_; }

 private:
  bool read_ids(std::span<const uint8_t> payload, uint16_t& picture_id, uint8_t& tl0,
                bool& has_picture_id, bool& has_tl0) const;
  uint16_t pid_mask(std::span<const uint8_t> payload) const;
  uint16_t out_picture_id(uint16_t pid, bool retransmission);

  rtc::Codec codec_;
  int stream_ = -1;
  int ts_stream_ = -1;  // the stream ts_offset_ was made for
  RenumberMap seq_;
  uint32_t ts_offset_;
  RenumberMap pid_;          // picture ids of the current stream
  uint16_t pid_offset_ = 0;  // its offset at the head when the stream stopped
  uint8_t tl0_offset_ = 0;
  uint16_t last_seq_;
  uint32_t last_ts_ = 0;
  uint16_t last_pid_ = 0;
  uint8_t last_tl0_ = 0;
  bool sent_any_ = false;
  bool sent_pid_ = false;
  bool sent_tl0_ = false;
  TimePoint last_sent_at_{};
};

}  // namespace meet::engine
