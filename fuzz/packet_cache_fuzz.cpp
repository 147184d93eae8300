// libFuzzer target: the forwarding path's packet cache driven by a fuzzed stream of stores and
// lookups (sequence numbers jumping, wrapping and repeating, time moving in steps). A lookup
// must return exactly the bytes last stored under that number, never stale or foreign ones, and
// the cache must never hold more than kMaxSlots.
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "engine/packet_cache.hpp"

using meet::engine::PacketCache;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  PacketCache cache;
  // What a lookup may return: the last packet stored under each number, and when.
  std::map<uint16_t, std::pair<std::vector<uint8_t>, PacketCache::TimePoint>> last;
  PacketCache::TimePoint now{std::chrono::seconds(100)};
  uint16_t seq = 0;
  for (size_t i = 0; i + 4 <= size; i += 4) {
    const uint8_t op = data[i];
    const uint16_t arg = static_cast<uint16_t>(data[i + 1] << 8 | data[i + 2]);
    now += std::chrono::microseconds(data[i + 3] * 50);
    if (op & 1) {
      seq = (op & 2) ? static_cast<uint16_t>(seq + 1) : arg;  // in order, or a jump
      std::vector<uint8_t> packet(1 + (arg % 64), static_cast<uint8_t>(op));
      cache.store(seq, packet, now);
      last[seq] = {packet, now};
    } else {
      auto found = cache.find(arg, now);
      if (!found) continue;
      auto it = last.find(arg);
      if (it == last.end()) __builtin_trap();                                // never stored
      if (now - it->second.second > PacketCache::kMaxAge) __builtin_trap();  // too old
      if (!std::equal(found->begin(), found->end(), it->second.first.begin(),
                      it->second.first.end())) {
        __builtin_trap();  // another packet's bytes
      }
    }
    if (cache.slots() > PacketCache::kMaxSlots) __builtin_trap();
  }
  return 0;
}
