#include "engine/renumber_map.hpp"

namespace meet::engine {

void RenumberMap::reset(uint16_t in, uint16_t out, uint16_t mask) {
  mask_ = mask;
  first_ = 0;
  count_ = 0;
  in &= mask_;
  push({in, static_cast<uint16_t>((out - in) & mask_)});
  head_ = (in - 1) & mask_;  // `in` itself is the next one, newer than the head
}

bool RenumberMap::before(uint16_t a, uint16_t b) const {
  const uint16_t d = distance(a, b);
  return d != 0 && d <= mask_ / 2;
}

void RenumberMap::push(Segment s) {
  if (count_ == kSegments) {
    first_ = (first_ + 1) % kSegments;
    --count_;
  }
  seg_[(first_ + count_) % kSegments] = s;
  ++count_;
}

void RenumberMap::forget_old() {
  const uint16_t window = static_cast<uint16_t>(mask_ / 4);
  // The oldest segment is needed only while numbers within the window are still its own.
  while (count_ >= 2 && !before(head_, at(1).in) && distance(at(1).in, head_) >= window) {
    first_ = (first_ + 1) % kSegments;
    --count_;
  }
  // A stream long without skips: its one segment's start would drift more than half the
  // number space behind and read as ahead. Nothing that far back maps anyway.
  Segment& oldest = seg_[first_];
  if (count_ != 0 && !before(head_, oldest.in) && distance(oldest.in, head_) > window) {
    oldest.in = static_cast<uint16_t>((head_ - window) & mask_);
  }
}

std::optional<uint16_t> RenumberMap::lookup(uint16_t in) const {
  if (count_ == 0) return std::nullopt;
  in &= mask_;
  if (!before(head_, in) && distance(in, head_) > mask_ / 4) return std::nullopt;
  for (size_t i = count_; i-- > 0;) {
    const Segment& s = at(i);
    if (!before(in, s.in)) return static_cast<uint16_t>((in + s.offset) & mask_);
  }
  return std::nullopt;  // before the reset (or before what is remembered)
}

std::optional<uint16_t> RenumberMap::map(uint16_t in) {
  auto out = lookup(in);
  if (out && before(head_, in & mask_)) {
    head_ = in & mask_;
    forget_old();
  }
  return out;
}

void RenumberMap::skip(uint16_t in) {
  in &= mask_;
  if (count_ == 0 || !before(head_, in)) return;
  const auto next = static_cast<uint16_t>((in + 1) & mask_);
  const auto offset = static_cast<uint16_t>((newest().offset - 1) & mask_);
  if (newest().in == in) {
    // The previous item was skipped too (or `in` opens the stream): nothing maps to the
    // newest segment yet, so it moves on instead of adding one.
    seg_[(first_ + count_ - 1) % kSegments] = {next, offset};
  } else {
    push({next, offset});
  }
  head_ = in;
  forget_old();
}

std::optional<uint16_t> RenumberMap::unmap(uint16_t out) const {
  if (count_ == 0) return std::nullopt;
  out &= mask_;
  const auto head_out = static_cast<uint16_t>((head_ + newest().offset) & mask_);
  if (before(head_out, out) || distance(out, head_out) > mask_ / 4) return std::nullopt;
  for (size_t i = count_; i-- > 0;) {
    const Segment& s = at(i);
    const auto start = static_cast<uint16_t>((s.in + s.offset) & mask_);
    if (!before(out, start)) return static_cast<uint16_t>((out - s.offset) & mask_);
  }
  return std::nullopt;
}

}  // namespace meet::engine
