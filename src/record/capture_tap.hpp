#pragma once
// The recorder's engine::RecordingTap: copies each tapped packet and sender report into a
// TapRing for the capture thread. Never blocks or allocates; a full ring drops and counts.
#include <atomic>
#include <cstdint>

#include "engine/recording_tap.hpp"
#include "record/tap_ring.hpp"

namespace meet::record {

class CaptureTap : public engine::RecordingTap {
 public:
  explicit CaptureTap(size_t capacity) : ring_(capacity) {}

  void on_rtp(engine::PublisherTrack& track, const rtc::RtpPacket& packet,
              std::chrono::steady_clock::time_point now) override;
  void on_sender_report(engine::PublisherTrack& track, const rtc::RtcpSenderInfo& sr) override;

  TapRing& ring() { return ring_; }
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  TapSlot* begin(engine::PublisherTrack& track);

  TapRing ring_;
  std::atomic<uint64_t> dropped_{0};
};

}  // namespace meet::record
