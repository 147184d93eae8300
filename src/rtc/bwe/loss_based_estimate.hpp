#pragma once
// Loss-based controller: draft-ietf-rmcat-gcc-02 section 6. Each time enough packets have
// been reported (feedback intervals are summed until kMinPackets), the loss fraction p sets
// the estimate A_s:
//   p > 10 %        A_s = A_s * (1 - 0.5 p)   (at most once per rtt + 300 ms)
//   2 % <= p <= 10 % A_s unchanged
//   p < 2 %         A_s grows 8 % per second
// Losses below 10 % are what lossy wireless links cost, not congestion; the delay-based
// estimate reacts to queues earlier anyway.
#include <cstddef>
#include <cstdint>
#include <optional>

namespace meet::rtc {

class LossBasedEstimate {
 public:
  static constexpr size_t kMinPackets = 20;
  static constexpr double kLowLoss = 0.02;
  static constexpr double kHighLoss = 0.10;
  static constexpr double kIncreasePerSecond = 1.08;
  static constexpr int64_t kDecreaseGapExtraUs = 300'000;
  static constexpr int64_t kMaxIncreaseStepUs = 1'000'000;
  static constexpr int64_t kAckHeadroomBps = 10'000;
  static constexpr int64_t kLossMemoryUs = 3'000'000;

  LossBasedEstimate(int64_t start_bps, int64_t min_bps, int64_t max_bps);

  // One feedback's counts: `lost` of `reported` packets. `target_bps` is the bitrate in force
  // (a decrease starts from the lower of it and A_s, so it bites at once); `acked_bps`, when
  // known, caps growth at 1.5 times what actually arrived, as the delay-based side does.
  void on_feedback(size_t lost, size_t reported, int64_t target_bps,
                   std::optional<int64_t> acked_bps, int64_t rtt_us, int64_t now_us);

  // Raises A_s to at least `bps` (a successful probe).
  void raise_to(int64_t bps);

  int64_t estimate_bps() const { return estimate_bps_; }
  // Of the last evaluated interval; 0 before the first.
  double loss_fraction() const { return loss_fraction_; }
  // Whether an interval in the last kLossMemoryUs had loss of kLowLoss or more: then probing
  // (which needs a clean link to measure) waits.
  bool recently_lossy(int64_t now_us) const {
    return last_lossy_us_ && now_us - *last_lossy_us_ < kLossMemoryUs;
  }
  // Whether an interval in the last kLossMemoryUs had more than kHighLoss: congestion, not
  // the steady random loss of a poor link. Probing waits for this only: a link that always
  // loses a few percent would otherwise never probe and never climb back (issue 17).
  bool recently_congested(int64_t now_us) const {
    return last_congested_us_ && now_us - *last_congested_us_ < kLossMemoryUs;
  }

 private:
  int64_t min_bps_;
  int64_t max_bps_;
  int64_t estimate_bps_;
  size_t lost_ = 0;
  size_t reported_ = 0;
  double loss_fraction_ = 0;
  std::optional<int64_t> last_update_us_;
  std::optional<int64_t> last_decrease_us_;
  std::optional<int64_t> last_lossy_us_;
  std::optional<int64_t> last_congested_us_;
};

}  // namespace meet::rtc
