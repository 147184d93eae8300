#include "engine/packet_cache.hpp"

#include <algorithm>

namespace meet::engine {

void PacketCache::store(uint16_t sequence_number, std::span<const uint8_t> packet, TimePoint now) {
  if (slots_.empty()) slots_.resize(kInitialSlots);
  Slot* slot = &slots_[sequence_number % slots_.size()];
  if (slot->used && slot->sequence_number != sequence_number && slots_.size() < kMaxSlots &&
      now - slot->stored_at < kMaxAge) {
    grow();
    slot = &slots_[sequence_number % slots_.size()];
  }
  if (packet.size() > kMaxPacket) {
    slot->used = false;
    return;
  }
  std::copy(packet.begin(), packet.end(), slot->bytes.begin());
  slot->size = static_cast<uint16_t>(packet.size());
  slot->sequence_number = sequence_number;
  slot->used = true;
  slot->stored_at = now;
}

std::optional<std::span<const uint8_t>> PacketCache::find(uint16_t sequence_number,
                                                          TimePoint now) const {
  if (slots_.empty()) return std::nullopt;
  const Slot& slot = slots_[sequence_number % slots_.size()];
  if (!slot.used || slot.sequence_number != sequence_number) return std::nullopt;
  if (now - slot.stored_at > kMaxAge) return std::nullopt;
  return std::span<const uint8_t>(slot.bytes.data(), slot.size);
}

void PacketCache::grow() {
  // Slots are indexed by sequence number modulo the size, so every kept packet moves.
  std::vector<Slot> bigger(std::min(slots_.size() * 2, kMaxSlots));
  for (const Slot& s : slots_) {
    if (s.used) bigger[s.sequence_number % bigger.size()] = s;
  }
  slots_ = std::move(bigger);
}

}  // namespace meet::engine
