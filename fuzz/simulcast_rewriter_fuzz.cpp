// libFuzzer target: the forwarding state of one subscriber's video track. Three simulcast
// streams with their own sequence numbers, RTP clocks, picture ids and TL0PICIDX are driven by
// fuzzed operations (forward the next packet, skip or repeat packets, switch to another stream
// at its next packet, let time pass, rewrite arbitrary payload bytes). Whatever the order, the
// outgoing copy must stay one stream: a switch continues the sequence number right after the
// last one sent and the picture id and TL0PICIDX right after the last ones sent, timestamps
// never go backwards across a switch, and a sent number maps back to the publisher's number,
// also across packets left out (dropped temporal layers).
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "engine/simulcast_rewriter.hpp"
#include "rtc/codecs/vp8_descriptor.hpp"

using meet::engine::SimulcastRewriter;

namespace {

struct Stream {
  uint16_t seq;
  uint32_t ts;
  uint16_t picture_id;  // 15 bits
  uint8_t tl0;
};

// A VP8 payload: descriptor with X, S, I (15-bit picture id) and L (TL0PICIDX), then a frame
// header byte (keyframe when its low bit is 0) and two bytes of payload.
std::array<uint8_t, 8> vp8_payload(const Stream& s, bool keyframe) {
  return {0x90,
          0xc0,
          static_cast<uint8_t>(0x80 | (s.picture_id >> 8)),
          static_cast<uint8_t>(s.picture_id),
          s.tl0,
          static_cast<uint8_t>(keyframe ? 0x00 : 0x01),
          0x2a,
          0x2a};
}

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SimulcastRewriter rw(meet::rtc::Codec::kVp8, 1000, 500);
  std::array<Stream, 3> streams{};
  for (size_t i = 0; i < streams.size(); ++i) {
    const uint8_t k = size > i ? data[i] : 0;
    streams[i] = {static_cast<uint16_t>(k * 251), static_cast<uint32_t>(k) * 100'003u,
                  static_cast<uint16_t>((k * 97) & 0x7fff), static_cast<uint8_t>(k * 13)};
  }
  SimulcastRewriter::TimePoint now{std::chrono::seconds(10)};
  bool sent_any = false;
  uint16_t last_out_seq = 0;
  uint32_t last_out_ts = 0;
  uint16_t last_out_pid = 0;
  uint8_t last_out_tl0 = 0;
  std::array<bool, 3> left_out{};  // the stream's last frame was left out
  bool junked = false;             // junk went through the rewriter since the last switch

  for (size_t i = 3; i + 2 <= size; i += 2) {
    const uint8_t op = data[i];
    const uint8_t arg = data[i + 1];
    now += std::chrono::milliseconds(arg & 0x3f);
    if ((op & 7) == 7) {
      // Arbitrary bytes through the payload rewriter: never a crash, never past the span.
      std::array<uint8_t, 16> junk{};
      const size_t n = std::min<size_t>(arg % 17, size - i - 2);
      for (size_t j = 0; j < n; ++j) junk[j] = data[i + 2 + j];
      rw.rewrite_payload(std::span<uint8_t>(junk.data(), n));
      junked = true;  // junk may have moved the picture id numbering on
      continue;
    }
    const int target = (op >> 3) % 3;
    Stream& s = streams[static_cast<size_t>(target)];
    if ((op & 7) == 6 && rw.started() && rw.stream() == target) {
      // A one-packet frame of a temporal layer left out: the next frame must follow the last
      // one sent in sequence number and picture id, and later packets map back exactly.
      s.ts += 3000;
      s.picture_id = static_cast<uint16_t>((s.picture_id + 1) & 0x7fff);
      rw.skip(s.seq, true, s.picture_id);
      s.seq = static_cast<uint16_t>(s.seq + 1);
      left_out[static_cast<size_t>(target)] = true;
      continue;
    }
    // Packets the publisher sent that this subscriber never sees (lost, or another frame).
    const uint8_t skipped = (op & 4) ? arg % 5 : 0;
    s.seq = static_cast<uint16_t>(s.seq + skipped);
    // After a frame left out comes a new one (the left-out frame's packets all stay out).
    const bool after_skip = left_out[static_cast<size_t>(target)];
    left_out[static_cast<size_t>(target)] = false;
    const bool new_frame = (op & 2) != 0 || after_skip;
    if (new_frame) {
      s.ts += 3000;
      s.picture_id = static_cast<uint16_t>((s.picture_id + 1) & 0x7fff);
      s.tl0 = static_cast<uint8_t>(s.tl0 + 1);
    }
    auto payload = vp8_payload(s, (op & 1) != 0);
    const bool switching = !rw.started() || rw.stream() != target;
    const bool closes_up = after_skip && !switching && skipped == 0 && !junked;
    if (switching) {
      if ((op & 1) == 0) continue;  // switches happen at keyframes only
      rw.switch_to(target, s.seq, s.ts, payload, now);
      junked = false;
    }
    const auto taken = rw.take_sequence(s.seq);
    check(taken.has_value());
    const uint16_t out_seq = *taken;
    const uint32_t out_ts = rw.timestamp(s.ts);
    if ((switching && sent_any) || closes_up) {
      check(out_seq == static_cast<uint16_t>(last_out_seq + 1));
      check(static_cast<int32_t>(out_ts - last_out_ts) >= 0);
    }
    rw.rewrite_payload(payload);
    auto d = meet::rtc::Vp8Descriptor::parse(payload);
    check(d.ok());
    if ((switching && sent_any) || closes_up) {
      check(d->picture_id() == ((last_out_pid + 1) & 0x7fff));
    }
    if (switching && sent_any) {
      check(d->tl0picidx() == static_cast<uint8_t>(last_out_tl0 + 1));
    }
    rw.on_sent(out_seq, out_ts, payload, now);
    uint16_t in = 0;
    check(rw.original_sequence(out_seq, in) && in == s.seq);
    sent_any = true;
    last_out_seq = out_seq;
    last_out_ts = out_ts;
    last_out_pid = d->picture_id();
    last_out_tl0 = d->tl0picidx();
    s.seq = static_cast<uint16_t>(s.seq + 1);
  }
  return 0;
}
