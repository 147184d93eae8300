#pragma once
// A publisher track's recent packets, kept so subscribers' NACKs can be answered (RFC 4585).
//
// Sized by time, reserved on use: nothing is allocated until the first store (audio tracks,
// which are not cached, cost nothing), the first reservation holds kInitialSlots packets, and
// the cache doubles, up to kMaxSlots, only when it would otherwise overwrite a packet younger
// than kMaxAge: a 100 kbit/s stream keeps 64 slots (96 KiB), a 2.5 Mbit/s one grows to 512
// (768 KiB). Packets older than kMaxAge are not returned: a retransmission that late would
// arrive after the receiver's jitter buffer gave up on it. Growing is the only allocation,
// a few times early in a stream; storing and looking up otherwise allocate nothing.
// Worker thread only; time from the caller.
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace meet::engine {

class PacketCache {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr size_t kInitialSlots = 64;
  static constexpr size_t kMaxSlots = 512;
  static constexpr size_t kMaxPacket = 1500;
  static constexpr auto kMaxAge = std::chrono::milliseconds(1000);

  // Copies an unprotected RTP packet in; packets larger than kMaxPacket are not kept.
  void store(uint16_t sequence_number, std::span<const uint8_t> packet, TimePoint now);
  // The packet with this sequence number if it is cached and not older than kMaxAge; the span
  // stays valid until the next store().
  std::optional<std::span<const uint8_t>> find(uint16_t sequence_number, TimePoint now) const;

  size_t slots() const { return slots_.size(); }
  size_t reserved_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    uint16_t size = 0;
    uint16_t sequence_number = 0;
    bool used = false;
    TimePoint stored_at{};
    std::array<uint8_t, kMaxPacket> bytes;
  };
  void grow();

  std::vector<Slot> slots_;
};

}  // namespace meet::engine
