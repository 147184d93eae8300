#include "engine/packet_cache.hpp"

#include <algorithm>

namespace meet::engine {

PacketCache::PacketCache() : slots_(std::make_unique<std::array<Slot, kSlots>>()) {}

void PacketCache::store(uint16_t sequence_number, std::span<const uint8_t> packet) {
  Slot& slot = (*slots_)[sequence_number % kSlots];
  if (packet.size() > kMaxPacket) {
    slot.used = false;
    return;
  }
  std::copy(packet.begin(), packet.end(), slot.bytes.begin());
  slot.size = static_cast<uint16_t>(packet.size());
  slot.sequence_number = sequence_number;
  slot.used = true;
}

std::optional<std::span<const uint8_t>> PacketCache::find(uint16_t sequence_number) const {
  const Slot& slot = (*slots_)[sequence_number % kSlots];
  if (!slot.used || slot.sequence_number != sequence_number) return std::nullopt;
  return std::span<const uint8_t>(slot.bytes.data(), slot.size);
}

}  // namespace meet::engine
