#pragma once
// Measures what a probe burst got through: the rate it was sent at and the rate it arrived at,
// from its packets' feedback. A link slower than the probe spreads the burst out, so the
// arrival rate is the link's capacity; a link faster than the probe passes it unchanged, so
// the result is the probe rate. (draft-ietf-rmcat-gcc-02 leaves probing out; this follows
// libwebrtc's practice of padding bursts to find spare capacity quickly.)
#include <cstddef>
#include <cstdint>
#include <optional>

#include "rtc/bwe/packet_result.hpp"

namespace meet::rtc {

class ProbeBitrateEstimator {
 public:
  static constexpr size_t kMinPackets = 5;
  static constexpr int64_t kMinSpanUs = 1'000;
  static constexpr double kMaxReceiveToSendRatio = 2;  // faster arrival than that is noise
  static constexpr double kSaturatedRatio = 0.9;       // arrival below this: link saturated
  static constexpr double kSaturatedBackoff = 0.95;    // then take a bit less, to drain

  // Feeds one packet result; counts it when it is received and part of a probe cluster. A new
  // cluster id forgets the previous cluster.
  void on_packet(const PacketResult& result);

  // The cluster's measured bitrate: min(send rate, arrival rate), or nullopt when fewer than
  // kMinPackets of `cluster` arrived or the measurement is implausible.
  std::optional<int64_t> result_bps(uint16_t cluster) const;

 private:
  uint16_t cluster_ = 0;
  size_t packets_ = 0;
  int64_t bytes_ = 0;
  int64_t first_send_us_ = 0;
  int64_t last_send_us_ = 0;
  uint32_t last_send_size_ = 0;  // sent last: its bytes left the sender after the span
  int64_t first_arrival_us_ = 0;
  int64_t last_arrival_us_ = 0;
  uint32_t first_arrival_size_ = 0;  // arrived first: its bytes arrived before the span
};

}  // namespace meet::rtc
