#include "engine/nack_generator.hpp"

namespace meet::engine {
namespace {

// True when a comes after b in 16-bit sequence space (RFC 1982 style).
bool newer(uint16_t a, uint16_t b) {
  return a != b && static_cast<uint16_t>(a - b) < 0x8000;
}

}  // namespace

bool NackGenerator::on_packet(uint16_t seq, TimePoint now) {
  if (!started_) {
    started_ = true;
    highest_ = seq;
    return false;
  }
  if (newer(seq, highest_)) {
    uint16_t gap = static_cast<uint16_t>(seq - highest_ - 1);
    if (gap > kCapacity) {
      // A jump this large is a stream reset, not loss: start over.
      count_ = 0;
    } else {
      for (uint16_t s = static_cast<uint16_t>(highest_ + 1); s != seq; ++s) add_missing(s, now);
    }
    highest_ = seq;
    return false;
  }
  for (size_t i = 0; i < count_; ++i) {
    if (entries_[i].seq == seq) {
      remove_at(i);
      return true;
    }
  }
  return false;
}

size_t NackGenerator::due(TimePoint now, std::span<uint16_t> out) {
  size_t n = 0;
  for (size_t i = 0; i < count_ && n < out.size();) {
    Entry& e = entries_[i];
    if (e.tries >= kMaxTries) {
      ++given_up_;
      remove_at(i);
      continue;
    }
    if (e.tries == 0 || now - e.last_sent >= kRetryInterval) {
      out[n++] = e.seq;
      ++e.tries;
      e.last_sent = now;
    }
    ++i;
  }
  return n;
}

bool NackGenerator::is_missing(uint16_t seq) const {
  for (size_t i = 0; i < count_; ++i) {
    if (entries_[i].seq == seq) return true;
  }
  return false;
}

void NackGenerator::add_missing(uint16_t seq, TimePoint now) {
  if (count_ == kCapacity) {
    ++given_up_;
    remove_at(0);
  }
  entries_[count_++] = Entry{seq, 0, now};
}

void NackGenerator::remove_at(size_t i) {
  for (size_t j = i + 1; j < count_; ++j) entries_[j - 1] = entries_[j];
  --count_;
}

}  // namespace meet::engine
