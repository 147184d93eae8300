#pragma once
// Renumbers a stream some of whose items are left out on purpose (the packets and picture ids
// of dropped VP8 temporal layers, issue 17), so that what goes out shows no gap where
// something was dropped, while a gap of what never arrived stays (a retransmission fills it,
// or the receiver counts it lost). out = in + offset(in): an item skipped at the head of the
// stream lowers the offset of all that follows by one; an item that arrives late keeps the
// offset of its place. Numbers wrap at `mask` + 1 (2^16 sequence numbers, 2^15 or 2^7 picture
// ids); only the last quarter of that range behind the head maps.
// The offset changes are kept in a fixed ring of kSegments: no allocation. Pure logic.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace meet::engine {

class RenumberMap {
 public:
  // Offset changes remembered: one per run of skipped items (a dropped frame). At 15 dropped
  // frames a second that is about four seconds, more than a retransmission can be late.
  static constexpr size_t kSegments = 64;

  // Starts afresh: `in` goes out as `out`; nothing before `in` maps.
  void reset(uint16_t in, uint16_t out, uint16_t mask = 0xffff);
  void clear() { count_ = 0; }
  bool started() const { return count_ != 0; }
  // The offset now at the head (0 before reset).
  uint16_t offset() const { return count_ ? newest().offset : 0; }

  // The number `in` goes out as; a number newer than the head moves the head there. nullopt
  // before reset, before the reset's `in`, or too far behind the head.
  std::optional<uint16_t> map(uint16_t in);
  // The same without moving the head (retransmissions).
  std::optional<uint16_t> lookup(uint16_t in) const;
  // `in` is not sent. Newer than the head, what follows closes up on it; late, its place stays
  // a gap. Nothing before reset.
  void skip(uint16_t in);
  // The incoming number behind outgoing `out` (a gap maps to what would have filled it), or
  // nullopt when `out` was not given out since reset.
  std::optional<uint16_t> unmap(uint16_t out) const;

 private:
  struct Segment {
    uint16_t in = 0;      // from this incoming number on ...
    uint16_t offset = 0;  // ... out = in + offset
  };
  const Segment& at(size_t i) const { return seg_[(first_ + i) % kSegments]; }
  const Segment& newest() const { return at(count_ - 1); }
  // True when `a` comes before `b` in the wrapping number space.
  bool before(uint16_t a, uint16_t b) const;
  uint16_t distance(uint16_t from, uint16_t to) const { return (to - from) & mask_; }
  void push(Segment s);
  // Forgets segments that only numbers too far behind the head would use.
  void forget_old();

  uint16_t mask_ = 0xffff;
  std::array<Segment, kSegments> seg_{};
  size_t first_ = 0;
  size_t count_ = 0;
  uint16_t head_ = 0;  // newest incoming number seen
};

}  // namespace meet::engine
