#pragma once
// What transport-wide feedback says about one packet we sent, joined with what we recorded when
// sending it. The unit every estimator in rtc/bwe/ consumes.
#include <cstdint>

namespace meet::rtc {

struct PacketResult {
  int64_t sequence_number = 0;  // transport-wide sequence number, unwrapped to 64 bits
  int64_t send_time_us = 0;     // sender clock, as given to SendHistory::record
  int64_t arrival_time_us = 0;  // receiver clock (only differences mean anything); if received
  uint32_t size = 0;            // bytes on the wire, as given to SendHistory::record
  uint16_t probe_cluster = 0;   // 0 = not part of a probe burst
  bool received = false;
  bool is_padding = false;  // padding or RTX sent only to probe, not media
};

}  // namespace meet::rtc
