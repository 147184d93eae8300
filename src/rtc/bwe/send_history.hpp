#pragma once
// The packets recently sent on one connection with a transport-wide sequence number
// (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 2), kept until their feedback
// arrives. A fixed ring allocated at construction: recording a packet never allocates.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace meet::rtc {

// What feedback has said about a packet so far; a packet is reported lost or received once.
enum class FeedbackState : uint8_t { kNone, kLost, kReceived };

class SendHistory {
 public:
  struct Entry {
    int64_t sequence_number = -1;  // unwrapped; -1 = slot never used
    int64_t send_time_us = 0;
    uint32_t size = 0;
    uint16_t probe_cluster = 0;
    bool is_padding = false;
    FeedbackState state = FeedbackState::kNone;
  };

  // Feedback for a packet sent longer ago than this is stale: its delay says nothing useful.
  static constexpr int64_t kMaxAgeUs = 2'000'000;

  // `capacity` packets (rounded up to a power of two, at least 64). 4096 covers about 2 s at
  // 20 Mbit/s of 1200-byte packets; older packets are forgotten earlier when the ring is full.
  explicit SendHistory(size_t capacity = 4096);

  // Records a sent packet and returns its unwrapped sequence number. `seq` is expected to grow
  // by one per packet; a jump backwards (a resent number) overwrites the older record.
  int64_t record(uint16_t seq, uint32_t size, int64_t send_time_us, uint16_t probe_cluster,
                 bool is_padding);

  // Unwraps a 16-bit number from feedback against the newest one sent (within +-32767).
  // Returns -1 before anything was sent.
  int64_t unwrap(uint16_t seq) const;

  // The record of unwrapped `seq`, or nullptr when it was never sent, was overwritten, or was
  // sent more than kMaxAgeUs before `now_us`. The pointer is valid until the next record().
  Entry* find(int64_t seq, int64_t now_us);

  size_t capacity() const { return ring_.size(); }
  int64_t newest_sequence_number() const { return newest_; }

 private:
  std::vector<Entry> ring_;
  size_t mask_ = 0;
  int64_t newest_ = -1;
};

}  // namespace meet::rtc
