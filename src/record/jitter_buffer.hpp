#pragma once
// A small reordering buffer for one track's RTP packets (capture thread). Packets go out in
// sequence-number order; a missing packet is waited for up to `max_wait` after the packet
// behind it arrived (time for a NACKed retransmission), then skipped and the next packet goes
// out flagged `after_gap`. Packets older than the last one released, duplicates, and jumps of
// more than kSlots are counted; a jump restarts the buffer (a new stream) with a gap.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace meet::record {

class JitterBuffer {
 public:
  static constexpr uint16_t kSlots = 512;

  struct Packet {
    std::span<uint8_t> bytes;  // valid until the next push()
    bool after_gap = false;
    int64_t wall_ms = 0;
  };

  explicit JitterBuffer(int64_t max_wait_ns) : max_wait_ns_(max_wait_ns) {}

  // Keeps a copy of `packet`; false when it is late or a duplicate.
  bool push(std::span<const uint8_t> packet, uint16_t seq, int64_t steady_ns, int64_t wall_ms);
  // The next packet in order, if it is here or the wait for the missing ones is over.
  std::optional<Packet> pop(int64_t now_ns);

  uint64_t late() const { return late_; }
  uint64_t duplicates() const { return duplicates_; }
  uint64_t skipped() const { return skipped_; }

 private:
  struct Slot {
    std::vector<uint8_t> bytes;
    bool used = false;
    uint16_t seq = 0;
    int64_t arrived_ns = 0;
    int64_t wall_ms = 0;
  };
  Slot& slot(uint16_t seq) { return slots_[seq % kSlots]; }

  int64_t max_wait_ns_;
  std::array<Slot, kSlots> slots_{};
  bool started_ = false;
  bool gap_ = false;  // the next packet released follows a loss
  uint16_t next_ = 0;
  size_t count_ = 0;
  uint64_t late_ = 0;
  uint64_t duplicates_ = 0;
  uint64_t skipped_ = 0;
};

}  // namespace meet::record
