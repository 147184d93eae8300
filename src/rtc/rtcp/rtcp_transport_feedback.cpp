#include "rtc/rtcp/rtcp_transport_feedback.hpp"

#include <algorithm>

namespace meet::rtc {
namespace {

constexpr size_t kChunksOffset = 16;  // in the body, after SSRCs, base, count, time, fb count

// Status symbols.
constexpr uint8_t kNotReceived = 0;
constexpr uint8_t kSmallDelta = 1;
constexpr uint8_t kLargeDelta = 2;
constexpr uint8_t kReserved = 3;

// Packets a chunk describes (before clipping to the status count).
uint16_t chunk_capacity(uint16_t chunk) {
  if ((chunk & 0x8000) == 0) return chunk & 0x1fff;  // run length
  return (chunk & 0x4000) == 0 ? 14 : 7;             // 1-bit or 2-bit vector
}

uint8_t chunk_symbol(uint16_t chunk, size_t i) {
  if ((chunk & 0x8000) == 0) return (chunk >> 13) & 0x3;
  if ((chunk & 0x4000) == 0) return (chunk >> (13 - i)) & 0x1;
  return (chunk >> (12 - 2 * i)) & 0x3;
}

}  // namespace

Result<RtcpTransportFeedback, RtcpError> RtcpTransportFeedback::parse(const RtcpHeader& header) {
  if (header.packet_type() != kRtcpRtpFeedback || header.count() != kRtpfbTransportFeedback) {
    return make_error(RtcpError::kWrongType);
  }
  const std::span<const uint8_t> body = header.body();
  if (body.size() < kChunksOffset) return make_error(RtcpError::kTooShort);
  RtcpTransportFeedback fb(body);
  const size_t count = fb.packet_status_count();
  if (count == 0) return make_error(RtcpError::kBadFeedback);

  size_t pos = kChunksOffset;
  size_t covered = 0;
  size_t delta_bytes = 0;
  while (covered < count) {
    if (pos + 2 > body.size()) return make_error(RtcpError::kBadFeedback);
    const uint16_t chunk = load_be16(body, pos);
    pos += 2;
    const size_t n = std::min<size_t>(chunk_capacity(chunk), count - covered);
    for (size_t i = 0; i < n; ++i) {
      const uint8_t s = chunk_symbol(chunk, i);
      if (s == kReserved) return make_error(RtcpError::kBadFeedback);
      delta_bytes += s;  // a symbol's value is its delta size in bytes
      if (s != kNotReceived) ++fb.received_count_;
    }
    covered += n;
  }
  if (delta_bytes > body.size() - pos) return make_error(RtcpError::kBadFeedback);
  fb.deltas_offset_ = pos;
  return fb;
}

int32_t RtcpTransportFeedback::reference_time() const {
  const uint32_t raw = load_be24(body_, 12);
  return static_cast<int32_t>(raw ^ 0x800000u) - 0x800000;
}

RtcpTransportFeedback::Reader::Reader(const RtcpTransportFeedback& fb)
    : body_(fb.body_),
      chunk_pos_(kChunksOffset),
      delta_pos_(fb.deltas_offset_),
      total_(fb.packet_status_count()),
      base_(fb.base_sequence_number()),
      time_us_(fb.reference_time_us()) {}

bool RtcpTransportFeedback::Reader::next(TwccPacketStatus& out) {
  if (emitted_ == total_) return false;
  while (chunk_index_ == chunk_len_) {
    // parse() guaranteed enough chunks; a zero-length run just moves on.
    chunk_ = load_be16(body_, chunk_pos_);
    chunk_pos_ += 2;
    chunk_len_ =
        static_cast<uint16_t>(std::min<uint32_t>(chunk_capacity(chunk_), total_ - emitted_));
    chunk_index_ = 0;
  }
  const uint8_t s = chunk_symbol(chunk_, chunk_index_++);
  out.sequence_number = static_cast<uint16_t>(base_ + emitted_++);
  out.received = s != kNotReceived;
  out.delta_us = 0;
  if (s == kSmallDelta || s == kLargeDelta) {
    const int64_t ticks = s == kSmallDelta
                              ? int64_t{body_[delta_pos_]}
                              : int64_t{static_cast<int16_t>(load_be16(body_, delta_pos_))};
    delta_pos_ += s;
    out.delta_us = static_cast<int32_t>(ticks * kDeltaTickUs);
    time_us_ += out.delta_us;
  }
  out.arrival_time_us = time_us_;
  return true;
}

}  // namespace meet::rtc
