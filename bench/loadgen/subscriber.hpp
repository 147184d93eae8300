#pragma once
// The receiving half of one load-generator participant, answering like a browser: a receiver
// report per second for every SSRC it receives, a NACK for each gap in a video stream's sequence
// numbers, and transport-wide congestion control feedback every 50 ms (or per 100 packets).
// Each stamped payload is counted once per stream (duplicates and retransmissions recognised by
// the stamp), with its reordering and one-way delay going to RunStats.
#include <cstdint>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "media_transport.hpp"
#include "rtc/rtcp/transport_feedback_generator.hpp"
#include "rtc/sdp/session_description.hpp"
#include "run_stats.hpp"

namespace meet::loadgen {

struct SubscriberCounters {
  uint64_t rtp_received = 0;
  uint64_t unstamped = 0;  // padding, probes
  uint64_t nacks_sent = 0;
  uint64_t feedback_sent = 0;
  uint64_t reports_sent = 0;
};

class Subscriber {
 public:
  Subscriber(MediaTransport& transport, RunStats& stats);

  // Learns the transport-wide extension id and the rtx payload types from the server's offer.
  void configure(const rtc::SessionDescription& offer);
  void on_rtp(std::span<uint8_t> plain, int64_t now_us);
  void tick(int64_t now_us);

  // Distinct stamp sequences of `stream` received in [first, end).
  uint64_t received_in(uint32_t stream, uint32_t first, uint32_t end) const;
  bool has_stream(uint32_t stream) const { return streams_.contains(stream); }
  const SubscriberCounters& counters() const { return counters_; }

 private:
  struct Received {
    std::vector<uint64_t> bits;  // one bit per stamp sequence
    uint32_t highest = 0;
    bool any = false;
  };
  struct SsrcState {
    uint16_t max_seq = 0;
    uint32_t cycles = 0;
    uint32_t base = 0;
    uint64_t received = 0;
    uint64_t expected_prior = 0;
    uint64_t received_prior = 0;
    bool rtx = false;
  };

  void count_stamp(std::span<const uint8_t> payload, int64_t now_us);
  void track_sequence(uint32_t ssrc, uint16_t seq, bool rtx, bool nackable);
  void send_nack(uint32_t ssrc, uint16_t from, uint16_t to);
  void send_reports();

  MediaTransport& transport_;
  RunStats& stats_;
  uint32_t own_ssrc_;
  uint8_t twcc_id_ = 0;
  std::unordered_set<uint8_t> rtx_payload_types_;
  std::unordered_set<uint8_t> video_payload_types_;
  rtc::TransportFeedbackGenerator feedback_;
  uint32_t feedback_media_ssrc_ = 0;
  std::unordered_map<uint32_t, Received> streams_;
  std::unordered_map<uint32_t, SsrcState> ssrcs_;
  int64_t next_report_us_ = 0;
  std::array<uint8_t, 1500> out_{};
  SubscriberCounters counters_;
};

}  // namespace meet::loadgen
