#include "rtc/bwe/inter_arrival.hpp"

#include <algorithm>

namespace meet::rtc {

InterArrival::Group InterArrival::start(int64_t send_time_us, int64_t arrival_time_us) {
  return Group{false, send_time_us, send_time_us, arrival_time_us, arrival_time_us};
}

bool InterArrival::belongs_to_current(int64_t send_time_us, int64_t arrival_time_us) const {
  if (send_time_us - current_.first_send_us <= kGroupLengthUs) return true;
  const int64_t arrival_delta = arrival_time_us - current_.last_arrival_us;
  const int64_t send_delta = send_time_us - current_.last_send_us;
  const int64_t propagation_delta = arrival_delta - send_delta;
  return propagation_delta < 0 && arrival_delta <= kBurstDeltaUs &&
         arrival_time_us - current_.first_arrival_us < kMaxBurstUs;
}

std::optional<PacketGroupDelta> InterArrival::on_packet(int64_t send_time_us,
                                                        int64_t arrival_time_us) {
  if (current_.empty) {
    current_ = start(send_time_us, arrival_time_us);
    return std::nullopt;
  }
  if (send_time_us < current_.first_send_us) return std::nullopt;
  if (belongs_to_current(send_time_us, arrival_time_us)) {
    current_.last_send_us = std::max(current_.last_send_us, send_time_us);
    current_.last_arrival_us = std::max(current_.last_arrival_us, arrival_time_us);
    return std::nullopt;
  }
  std::optional<PacketGroupDelta> out;
  if (!previous_.empty) {
    const int64_t send_delta = current_.last_send_us - previous_.last_send_us;
    const int64_t arrival_delta = current_.last_arrival_us - previous_.last_arrival_us;
    if (arrival_delta - send_delta > kResetGapUs || arrival_delta - send_delta < -kResetGapUs) {
      // The receiver clock jumped or the link stalled for seconds: old groups say nothing.
      previous_ = Group{};
      current_ = start(send_time_us, arrival_time_us);
      reordered_ = 0;
      return std::nullopt;
    }
    if (arrival_delta < 0) {
      if (++reordered_ >= kMaxReordered) {
        previous_ = Group{};
        current_ = start(send_time_us, arrival_time_us);
        reordered_ = 0;
      }
      return std::nullopt;
    }
    reordered_ = 0;
    out = PacketGroupDelta{static_cast<double>(send_delta) / 1000.0,
                           static_cast<double>(arrival_delta) / 1000.0, current_.last_arrival_us};
  }
  previous_ = current_;
  current_ = start(send_time_us, arrival_time_us);
  return out;
}

}  // namespace meet::rtc
