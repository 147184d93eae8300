#pragma once
// Transport-wide congestion control feedback
// (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1), RTPFB FMT=15:
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// |V=2|P|  FMT=15 |    PT=205     |           length              |
// |                     SSRC of packet sender                     |
// |                      SSRC of media source                     |
// |      base sequence number     |      packet status count      |
// |                 reference time                | fb pkt. count |
// |          packet chunk         |         packet chunk          |
// .                              ...                              .
// |         packet chunk          |  recv delta   |  recv delta   |
// .                              ...                              .
// |           recv delta          |  recv delta   | zero padding  |
//
// Packet chunks (16 bits) give one status symbol per packet from the base sequence number on:
//   run length:    | 0 | S(2) | run length (13) |         S repeated
//   status vector: | 1 | 0 | 14 x 1-bit symbols |        0 not received, 1 small delta
//                  | 1 | 1 | 7 x 2-bit symbols  |        00 not received, 01 small delta,
//                                                        10 large/negative delta, 11 reserved
// Receive deltas, one per received packet in order, in 250 us ticks: small = 1 byte unsigned,
// large = 2 bytes signed. The first is relative to the reference time (24-bit signed, 64 ms
// units), each next one to the previous received packet.
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "rtc/rtcp/rtcp_header.hpp"

namespace meet::rtc {

struct TwccPacketStatus {
  uint16_t sequence_number = 0;
  bool received = false;
  int32_t delta_us = 0;         // receive delta (0 when not received)
  int64_t arrival_time_us = 0;  // reference time + deltas so far; meaningful when received
};

// What the builder reports about one received packet.
struct TwccArrival {
  uint16_t sequence_number = 0;
  int64_t arrival_time_us = 0;  // receiver clock
};

struct TwccFeedbackHeader {
  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;
  uint16_t base_sequence_number = 0;  // first packet reported; earlier-than-arrival ones = lost
  uint8_t feedback_count = 0;         // incremented per feedback packet sent
};

struct TwccWriteResult {
  size_t bytes = 0;             // packet size written at the start of `out`
  size_t arrivals_written = 0;  // a prefix of the arrivals; send the rest in the next packet
};

// A view over one transport-wide feedback packet. parse() walks every chunk and checks that
// the receive deltas fit, so iteration never meets bad bytes.
class RtcpTransportFeedback {
 public:
  static constexpr int64_t kDeltaTickUs = 250;
  static constexpr int64_t kReferenceTickUs = 64000;

  // kWrongType unless PT=205 FMT=15; kTooShort without the fixed part; kBadFeedback when the
  // status count is 0, a chunk is missing, a symbol is the reserved 11 or deltas run past the
  // body.
  static Result<RtcpTransportFeedback, RtcpError> parse(const RtcpHeader& header);

  uint32_t sender_ssrc() const { return load_be32(body_, 0); }
  uint32_t media_ssrc() const { return load_be32(body_, 4); }
  uint16_t base_sequence_number() const { return load_be16(body_, 8); }
  uint16_t packet_status_count() const { return load_be16(body_, 10); }
  // 24-bit signed, in 64 ms units; wraps, so compare feedbacks by differences.
  int32_t reference_time() const;
  int64_t reference_time_us() const { return int64_t{reference_time()} * kReferenceTickUs; }
  uint8_t feedback_count() const { return body_[15]; }
  size_t received_count() const { return received_count_; }

  // Yields each reported packet in sequence order; no allocation.
  class Reader {
   public:
    bool next(TwccPacketStatus& out);

   private:
    friend class RtcpTransportFeedback;
    explicit Reader(const RtcpTransportFeedback& fb);
    std::span<const uint8_t> body_;
    size_t chunk_pos_ = 0;
    size_t delta_pos_ = 0;
    uint32_t emitted_ = 0;
    uint32_t total_ = 0;
    uint16_t chunk_ = 0;
    uint16_t chunk_index_ = 0;
    uint16_t chunk_len_ = 0;
    uint16_t base_ = 0;
    int64_t time_us_ = 0;
  };
  Reader reader() const { return Reader(*this); }

  // Calls f(const TwccPacketStatus&) for every reported packet.
  template <typename F>
  void for_each_packet(F&& f) const {
    Reader r = reader();
    TwccPacketStatus s;
    while (r.next(s)) f(s);
  }

  // Writes one feedback packet for `arrivals`, which must be in increasing sequence order
  // (wrapping allowed) starting at or after header.base_sequence_number; gaps are reported as
  // not received. Writes as many arrivals as fit `out`, the 65535-status limit and the 16-bit
  // delta range (about 8 s between packets), and says how many. The reference time is the
  // first arrival rounded down to 64 ms; arrival times are rounded down to 250 us.
  // kBadInput when `arrivals` is empty or starts before the base; kBufferTooSmall when not
  // even the first arrival fits.
  static Result<TwccWriteResult, RtcpError> write(const TwccFeedbackHeader& header,
                                                  std::span<const TwccArrival> arrivals,
                                                  std::span<uint8_t> out);

 private:
  explicit RtcpTransportFeedback(std::span<const uint8_t> body) : body_(body) {}
  std::span<const uint8_t> body_;
  size_t received_count_ = 0;
  size_t deltas_offset_ = 0;  // in body_, right after the last chunk
};

}  // namespace meet::rtc
