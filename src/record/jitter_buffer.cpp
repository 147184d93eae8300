#include "record/jitter_buffer.hpp"

namespace meet::record {

bool JitterBuffer::push(std::span<const uint8_t> packet, uint16_t seq, int64_t steady_ns,
                        int64_t wall_ms) {
  if (!started_) {
    started_ = true;
    next_ = seq;
  }
  const auto ahead = static_cast<int16_t>(static_cast<uint16_t>(seq - next_));
  if (ahead < 0) {
    ++late_;
    return false;
  }
  if (ahead >= static_cast<int>(kSlots)) {
    // Far ahead: the stream jumped. Forget what is held and start over from here.
    for (auto& s : slots_) s.used = false;
    skipped_ += count_;
    count_ = 0;
    next_ = seq;
    gap_ = true;
  }
  Slot& s = slot(seq);
  if (s.used) {
    ++duplicates_;
    return false;
  }
  s.bytes.assign(packet.begin(), packet.end());
  s.used = true;
  s.seq = seq;
  s.arrived_ns = steady_ns;
  s.wall_ms = wall_ms;
  ++count_;
  return true;
}

std::optional<JitterBuffer::Packet> JitterBuffer::pop(int64_t now_ns) {
  if (count_ == 0) return std::nullopt;
  Slot* s = &slot(next_);
  if (!s->used || s->seq != next_) {
    // Find the first packet after the hole; skip to it once it has waited long enough.
    Slot* first = nullptr;
    uint16_t seq = next_;
    for (uint16_t i = 1; i < kSlots; ++i) {
      seq = static_cast<uint16_t>(next_ + i);
      Slot& c = slot(seq);
      if (c.used && c.seq == seq) {
        first = &c;
        break;
      }
    }
    if (!first || now_ns - first->arrived_ns < max_wait_ns_) return std::nullopt;
    skipped_ += static_cast<uint16_t>(seq - next_);
    next_ = seq;
    gap_ = true;
    s = first;
  }
  s->used = false;
  --count_;
  next_ = static_cast<uint16_t>(next_ + 1);
  Packet out{s->bytes, gap_, s->wall_ms};
  gap_ = false;
  return out;
}

}  // namespace meet::record
