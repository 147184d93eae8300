#pragma once
// The stamp every load-generator payload ends with, so a subscriber can tell which stream a
// packet belongs to, its place in that stream and when it left the publisher, whatever the server
// rewrote in the RTP header (SSRC, sequence number, timestamp) or the VP8 descriptor:
//
// |  magic "MLG1" (4)  | sender id (4) | stamp sequence (4) | send time, µs (8) |
//
// All big-endian, the last kSize bytes of the RTP payload. The send time is on the load
// generator's own steady clock (publishers and subscribers share the process).
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>

#include "common/bytes.hpp"

namespace meet::loadgen {

struct Stamp {
  static constexpr size_t kSize = 20;
  static constexpr uint32_t kMagic = 0x4d4c4731;  // "MLG1"

  uint32_t sender = 0;
  uint32_t sequence = 0;
  int64_t send_us = 0;

  // Writes the stamp into the last kSize bytes of `payload` (asserted to hold them).
  void write(std::span<uint8_t> payload) const {
    auto at = payload.size() - kSize;
    store_be32(payload, at, kMagic);
    store_be32(payload, at + 4, sender);
    store_be32(payload, at + 8, sequence);
    store_be64(payload, at + 12, static_cast<uint64_t>(send_us));
  }
  // The stamp at the end of `payload`, or nullopt when there is none (padding, probes).
  static std::optional<Stamp> read(std::span<const uint8_t> payload) {
    if (payload.size() < kSize) return std::nullopt;
    auto at = payload.size() - kSize;
    if (load_be32(payload, at) != kMagic) return std::nullopt;
    return Stamp{load_be32(payload, at + 4), load_be32(payload, at + 8),
                 static_cast<int64_t>(load_be64(payload, at + 12))};
  }
};

// Microseconds on the steady clock: the one clock stamps are written and read with.
inline int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace meet::loadgen
