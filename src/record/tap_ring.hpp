#pragma once
// A bounded single-producer single-consumer queue of fixed-size slots between a media worker
// (producer: the recording tap) and the capture thread (consumer). Every slot is allocated up
// front; a full queue makes the producer drop and count instead of waiting.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/assert.hpp"
#include "rtc/codecs/codec.hpp"
#include "rtc/rtcp/rtcp_sender_report.hpp"

namespace meet::record {

// One tapped packet or sender report, with the ids of its track copied in (no allocation).
struct TapSlot {
  static constexpr size_t kMaxPacket = 1500;
  static constexpr size_t kMaxId = 63;
  enum class Kind : uint8_t { kRtp, kSenderReport };

  Kind kind = Kind::kRtp;
  rtc::Codec codec = rtc::Codec::kUnknown;
  bool video = false;
  uint32_t clock_rate = 0;
  int64_t steady_ns = 0;  // arrival, steady clock
  int64_t wall_ms = 0;    // arrival, unix ms
  uint8_t participant_id_len = 0;
  uint8_t track_id_len = 0;
  std::array<char, kMaxId> participant_id{};
  std::array<char, kMaxId> track_id{};
  rtc::RtcpSenderInfo sender_report{};
  uint16_t size = 0;
  std::array<uint8_t, kMaxPacket> bytes{};

  std::string_view participant() const { return {participant_id.data(), participant_id_len}; }
  std::string_view track() const { return {track_id.data(), track_id_len}; }
};

class TapRing {
 public:
  // `capacity` is rounded up to a power of two.
  explicit TapRing(size_t capacity) {
    size_t n = 1;
    while (n < capacity) n <<= 1;
    slots_.resize(n);
    mask_ = n - 1;
  }

  // Producer: the slot to fill, or null when full (the caller counts the drop).
  TapSlot* begin_push() {
    size_t head = head_.load(std::memory_order_relaxed);
    if (head - tail_.load(std::memory_order_acquire) > mask_) return nullptr;
    return &slots_[head & mask_];
  }
  void end_push() {
    head_.store(head_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }

  // Consumer: the oldest slot, or null when empty; pop() releases it.
  const TapSlot* front() const {
    size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail == head_.load(std::memory_order_acquire)) return nullptr;
    return &slots_[tail & mask_];
  }
  void pop() { tail_.store(tail_.load(std::memory_order_relaxed) + 1, std::memory_order_release); }

  size_t capacity() const { return slots_.size(); }

 private:
  std::vector<TapSlot> slots_;
  size_t mask_ = 0;
  alignas(64) std::atomic<size_t> head_{0};
  alignas(64) std::atomic<size_t> tail_{0};
};

}  // namespace meet::record
