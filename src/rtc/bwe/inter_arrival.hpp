#pragma once
// Splits received packets into groups and yields the delay variation between consecutive
// groups: draft-ietf-rmcat-gcc-02 section 5.1 (a group is the packets sent within burst_time,
// 5 ms, of its first) and section 5.2 (pre-filtering: packets that arrive in a burst, closer
// than burst_time and faster than they were sent, belong to the group before them, since a
// queue released them together).
#include <cstdint>
#include <optional>

namespace meet::rtc {

// Between the last packets of two consecutive groups: d(i) = arrival_delta - send_delta.
struct PacketGroupDelta {
  double send_delta_ms = 0;
  double arrival_delta_ms = 0;
  int64_t arrival_time_us = 0;  // of the newer group's last packet (receiver clock)
};

class InterArrival {
 public:
  static constexpr int64_t kGroupLengthUs = 5'000;   // burst_time
  static constexpr int64_t kBurstDeltaUs = 5'000;    // arrival spacing that still is a burst
  static constexpr int64_t kMaxBurstUs = 100'000;    // a burst never spans longer than this
  static constexpr int64_t kResetGapUs = 3'000'000;  // arrival clock jumped: start over
  static constexpr int kMaxReordered = 3;            // groups arriving backwards before reset

  // Feeds one received packet, in send order as feedback lists them. Returns the delta when
  // this packet starts a new group and two complete groups precede it. A packet sent before
  // the current group started (reordered feedback) is ignored.
  std::optional<PacketGroupDelta> on_packet(int64_t send_time_us, int64_t arrival_time_us);

 private:
  struct Group {
    bool empty = true;
    int64_t first_send_us = 0;
    int64_t last_send_us = 0;
    int64_t first_arrival_us = 0;
    int64_t last_arrival_us = 0;
  };
  bool belongs_to_current(int64_t send_time_us, int64_t arrival_time_us) const;
  static Group start(int64_t send_time_us, int64_t arrival_time_us);

  Group current_;
  Group previous_;
  int reordered_ = 0;
};

}  // namespace meet::rtc
