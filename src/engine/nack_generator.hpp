#pragma once
// Tracks gaps in a publisher's sequence numbers and says which to NACK (RFC 4585 6.2.1) and
// when. Fixed capacity, no allocation. Worker thread only; time comes from the caller.
#include <array>
#include <chrono>
#include <cstdint>
#include <span>

namespace meet::engine {

class NackGenerator {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr size_t kCapacity = 256;
  static constexpr int kMaxTries = 10;
  static constexpr auto kRetryInterval = std::chrono::milliseconds(50);

  // Records an arrival; returns true when it filled a gap (a retransmission or a late packet).
  bool on_packet(uint16_t sequence_number, TimePoint now);
  // Writes the sequence numbers due for a NACK into `out` and returns how many.
  size_t due(TimePoint now, std::span<uint16_t> out);
  size_t missing() const { return count_; }
  // True while `sequence_number` is a gap still being asked for.
  bool is_missing(uint16_t sequence_number) const;
  uint64_t lost_for_good() const { return given_up_; }

 private:
  struct Entry {
    uint16_t seq;
    uint8_t tries;
    TimePoint last_sent;
  };
  void add_missing(uint16_t seq, TimePoint now);
  void remove_at(size_t i);

  bool started_ = false;
  uint16_t highest_ = 0;
  std::array<Entry, kCapacity> entries_{};
  size_t count_ = 0;
  uint64_t given_up_ = 0;
};

}  // namespace meet::engine
