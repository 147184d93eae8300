#pragma once
// What subscribers measured during the measurement window, summed over the whole run: a delay
// histogram (10 µs buckets up to 2 s), reordering and duplicates. A packet counts when its
// stamp's send time falls inside the window.
#include <cstdint>
#include <vector>

namespace meet::loadgen {

class RunStats {
 public:
  static constexpr int64_t kBucketUs = 10;
  static constexpr size_t kBuckets = 200'000;

  RunStats() : delay_(kBuckets) {}

  void set_window(int64_t start_us, int64_t end_us) {
    start_us_ = start_us;
    end_us_ = end_us;
  }
  bool in_window(int64_t send_us) const { return send_us >= start_us_ && send_us < end_us_; }

  // One first reception of a stamped packet sent at `send_us`, received at `recv_us`.
  void on_received(int64_t send_us, int64_t recv_us, bool reordered) {
    if (!in_window(send_us)) return;
    ++received_;
    if (reordered) ++reordered_;
    const int64_t d = std::max<int64_t>(0, recv_us - send_us) / kBucketUs;
    ++delay_[static_cast<size_t>(std::min<int64_t>(d, kBuckets - 1))];
  }
  void on_duplicate(int64_t send_us) {
    if (in_window(send_us)) ++duplicates_;
  }

  uint64_t received() const { return received_; }
  uint64_t reordered() const { return reordered_; }
  uint64_t duplicates() const { return duplicates_; }
  // The delay below which `fraction` of the window's packets arrived, in microseconds.
  double delay_percentile_us(double fraction) const {
    if (received_ == 0) return 0;
    const auto target = static_cast<uint64_t>(fraction * static_cast<double>(received_));
    uint64_t seen = 0;
    for (size_t i = 0; i < delay_.size(); ++i) {
      seen += delay_[i];
      if (seen > target) return static_cast<double>(i * kBucketUs + kBucketUs / 2);
    }
    return static_cast<double>(kBuckets * kBucketUs);
  }

 private:
  int64_t start_us_ = INT64_MAX;
  int64_t end_us_ = INT64_MAX;
  uint64_t received_ = 0;
  uint64_t reordered_ = 0;
  uint64_t duplicates_ = 0;
  std::vector<uint64_t> delay_;
};

}  // namespace meet::loadgen
