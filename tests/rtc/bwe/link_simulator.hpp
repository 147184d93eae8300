#pragma once
// A sender, a bottleneck link and a receiver on a fake clock, around one BandwidthEstimator:
// the sender paces 1200-byte packets at the estimator's target (or a probe's rate while one
// runs), the link serves them at `capacity_bps` from a drop-tail FIFO after optional random
// loss, and the receiver sends transport-wide feedback every `feedback_interval_us`. All
// deterministic (seeded RNG); nothing sleeps.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include "rtc/bwe/bandwidth_estimator.hpp"
#include "rtc/bwe/twcc_feedback.hpp"

namespace meet::rtc::test {

struct LinkConfig {
  int64_t capacity_bps = 1'000'000;
  int64_t one_way_delay_us = 20'000;
  int64_t queue_limit_us = 300'000;  // drop-tail beyond this much queueing delay
  double random_loss = 0;
  uint32_t seed = 1;
  int64_t feedback_interval_us = 50'000;
  uint16_t first_seq = 0;
  bool honor_probes = true;
  bool duplicate_feedback = false;  // deliver every feedback twice
  bool reorder_feedback = false;    // deliver feedbacks pairwise swapped
  uint32_t packet_size = 1200;
};

class LinkSimulator {
 public:
  using TimePoint = BandwidthEstimator::TimePoint;

  LinkSimulator(BandwidthEstimator& bwe, LinkConfig config)
      : bwe_(bwe),
        config_(config),
        rng_(config.seed),
        next_seq_(config.first_seq),
        next_unreported_(config.first_seq) {}

  void set_capacity(int64_t bps) { config_.capacity_bps = bps; }
  void set_loss(double loss) { config_.random_loss = loss; }
  TimePoint now() const { return TimePoint{} + std::chrono::microseconds(now_us_); }
  int64_t sent_packets() const { return sent_; }
  int64_t probe_requests() const { return probes_; }

  void run_for(std::chrono::microseconds d) {
    const int64_t end = now_us_ + d.count();
    constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
    while (true) {
      const int64_t delivery = deliveries_.empty() ? kNever : deliveries_.front().at_us;
      const int64_t t = std::min({next_send_us_, next_feedback_us_, next_poll_us_, delivery});
      if (t > end) break;
      now_us_ = t;
      if (t == delivery) {
        auto d = std::move(deliveries_.front());
        deliveries_.pop_front();
        bwe_.on_transport_feedback(d.feedback.get(), now());
      } else if (t == next_feedback_us_) {
        send_feedback();
        next_feedback_us_ += config_.feedback_interval_us;
      } else if (t == next_poll_us_) {
        poll_probe();
        next_poll_us_ += 10'000;
      } else {
        send_packet();
      }
    }
    now_us_ = end;
  }

 private:
  struct InFlight {
    uint16_t seq;
    int64_t arrival_us;
  };
  struct Delivery {
    int64_t at_us;
    TwccFeedback feedback;
  };

  void poll_probe() {
    if (!config_.honor_probes) return;
    if (auto p = bwe_.poll_probe(now())) {
      ++probes_;
      probe_rate_bps_ = p->target_bps;
      probe_end_us_ = now_us_ + p->duration_us;
    }
  }

  void send_packet() {
    const bool probing = now_us_ < probe_end_us_;
    const int64_t rate =
        probing ? std::max(probe_rate_bps_, bwe_.target_bitrate_bps()) : bwe_.target_bitrate_bps();
    const uint16_t seq = next_seq_++;
    bwe_.on_packet_sent(seq, config_.packet_size, now(), probing);
    ++sent_;
    next_send_us_ = now_us_ + int64_t{config_.packet_size} * 8 * 1'000'000 / rate;

    if (loss_(rng_) < config_.random_loss) return;
    link_free_us_ = std::max(link_free_us_, now_us_);
    if (link_free_us_ - now_us_ > config_.queue_limit_us) return;  // tail drop
    link_free_us_ += int64_t{config_.packet_size} * 8 * 1'000'000 / config_.capacity_bps;
    in_flight_.push_back({seq, link_free_us_ + config_.one_way_delay_us});
  }

  void send_feedback() {
    arrivals_.clear();
    while (!in_flight_.empty() && in_flight_.front().arrival_us <= now_us_) {
      arrivals_.push_back({in_flight_.front().seq, in_flight_.front().arrival_us});
      in_flight_.pop_front();
    }
    if (arrivals_.empty()) return;
    TwccFeedback fb(next_unreported_, arrivals_, feedback_count_++);
    next_unreported_ = static_cast<uint16_t>(arrivals_.back().sequence_number + 1);
    const int64_t at = now_us_ + config_.one_way_delay_us;
    if (config_.reorder_feedback) {
      if (!held_) {
        held_.emplace(Delivery{at, fb});
        return;
      }
      deliveries_.push_back({at, fb});
      deliveries_.push_back({at, held_->feedback});
      held_.reset();
      return;
    }
    deliveries_.push_back({at, fb});
    if (config_.duplicate_feedback) deliveries_.push_back({at, fb});
  }

  BandwidthEstimator& bwe_;
  LinkConfig config_;
  std::mt19937 rng_;
  std::uniform_real_distribution<double> loss_{0.0, 1.0};
  int64_t now_us_ = 1'000'000'000;  // an arbitrary start, not zero
  int64_t next_send_us_ = now_us_;
  int64_t next_feedback_us_ = now_us_ + 50'000;
  int64_t next_poll_us_ = now_us_;
  int64_t link_free_us_ = 0;
  int64_t probe_rate_bps_ = 0;
  int64_t probe_end_us_ = 0;
  int64_t sent_ = 0;
  int64_t probes_ = 0;
  uint16_t next_seq_;
  uint16_t next_unreported_;
  uint8_t feedback_count_ = 0;
  std::deque<InFlight> in_flight_;
  std::vector<TwccArrival> arrivals_;
  std::deque<Delivery> deliveries_;
  std::optional<Delivery> held_;
};

}  // namespace meet::rtc::test
