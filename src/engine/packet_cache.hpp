#pragma once
// A publisher track's recent packets, kept so subscribers' NACKs can be answered (RFC 4585).
// Fixed slots allocated once; storing and looking up never allocate. Worker thread only.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

namespace meet::engine {

class PacketCache {
 public:
  static constexpr size_t kSlots = 512;  // ~2 s of 720p video
  static constexpr size_t kMaxPacket = 1500;

  PacketCache();

  // Copies an unprotected RTP packet in; packets larger than kMaxPacket are not kept.
  void store(uint16_t sequence_number, std::span<const uint8_t> packet);
  // The packet with this sequence number if it is still cached; the span stays valid until the
  // next store().
  std::optional<std::span<const uint8_t>> find(uint16_t sequence_number) const;

 private:
  struct Slot {
    uint16_t size = 0;
    uint16_t sequence_number = 0;
    bool used = false;
    std::array<uint8_t, kMaxPacket> bytes;
  };
  std::unique_ptr<std::array<Slot, kSlots>> slots_;
};

}  // namespace meet::engine
