// RtcpTransportFeedback::write: the builder half of rtcp_transport_feedback.hpp, kept apart
// from the parser because chunk packing is its own piece of logic.
#include <algorithm>
#include <array>

#include "rtc/rtcp/rtcp_transport_feedback.hpp"

namespace meet::rtc {
namespace {

constexpr uint8_t kNotReceived = 0;
constexpr uint8_t kSmallDelta = 1;
constexpr uint8_t kLargeDelta = 2;
constexpr size_t kFixedSize = kRtcpHeaderSize + 16;  // header .. fb pkt count
constexpr size_t kMaxRunLength = 0x1fff;
constexpr size_t kOneBitCapacity = 14;
constexpr size_t kTwoBitCapacity = 7;
constexpr size_t kMaxStatusCount = 0xffff;
constexpr size_t kMaxPacketSize = 0x10000 * 4;  // 16-bit length in words

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Packs status symbols into chunks one at a time (the scheme libwebrtc uses): keep up to 14
// pending symbols; emit a run-length chunk while they are all equal, a 1-bit vector once 14
// small-or-lost symbols are pending, a 2-bit vector of 7 when a large delta forces it.
class ChunkPacker {
 public:
  // Adds a symbol; calls emit(uint16_t chunk) for each chunk that became complete.
  template <typename Emit>
  void add(uint8_t symbol, Emit&& emit) {
    while (!can_add(symbol)) emit(take_chunk());
    if (size_ < kOneBitCapacity) symbols_[size_] = symbol;
    all_same_ = all_same_ && (size_ == 0 || symbols_[0] == symbol);
    has_large_ = has_large_ || symbol == kLargeDelta;
    ++size_;
  }
  bool has_pending() const { return size_ > 0; }
  // The chunk for whatever is pending (call once, at the end).
  uint16_t last_chunk() const {
    if (all_same_) return run_length(symbols_[0], size_);
    if (size_ <= kTwoBitCapacity) return two_bit(size_);
    return one_bit(size_);
  }

 private:
  bool can_add(uint8_t symbol) const {
    if (size_ < kTwoBitCapacity) return true;
    if (size_ < kOneBitCapacity && !has_large_ && symbol != kLargeDelta) return true;
    return size_ < kMaxRunLength && all_same_ && symbols_[0] == symbol;
  }
  uint16_t take_chunk() {
    if (all_same_) {
      const uint16_t c = run_length(symbols_[0], size_);
      size_ = 0;
      all_same_ = true;
      has_large_ = false;
      return c;
    }
    if (size_ == kOneBitCapacity) {  // no large delta can be pending here
      const uint16_t c = one_bit(size_);
      size_ = 0;
      all_same_ = true;
      has_large_ = false;
      return c;
    }
    const uint16_t c = two_bit(kTwoBitCapacity);
    std::copy(symbols_.begin() + kTwoBitCapacity, symbols_.begin() + size_, symbols_.begin());
    size_ -= kTwoBitCapacity;
    all_same_ = true;
    has_large_ = false;
    for (size_t i = 0; i < size_; ++i) {
      all_same_ = all_same_ && symbols_[i] == symbols_[0];
      has_large_ = has_large_ || symbols_[i] == kLargeDelta;
    }
    return c;
  }
  static uint16_t run_length(uint8_t symbol, size_t n) {
    return static_cast<uint16_t>((symbol << 13) | n);
  }
  uint16_t one_bit(size_t n) const {
    uint16_t c = 0x8000;
    for (size_t i = 0; i < n; ++i) c = static_cast<uint16_t>(c | (symbols_[i] << (13 - i)));
    return c;
  }
  uint16_t two_bit(size_t n) const {
    uint16_t c = 0xc000;
    for (size_t i = 0; i < n; ++i) c = static_cast<uint16_t>(c | (symbols_[i] << (12 - 2 * i)));
    return c;
  }

  std::array<uint8_t, kOneBitCapacity> symbols_{};
  size_t size_ = 0;
  bool all_same_ = true;
  bool has_large_ = false;
};

// How much of the input one packet takes.
struct Plan {
  size_t arrivals = 0;
  size_t chunks = 0;
  size_t delta_bytes = 0;
  size_t status_count = 0;
  size_t size() const { return (kFixedSize + 2 * chunks + delta_bytes + 3) / 4 * 4; }
};

// Runs the packing over `arrivals`. Without `out` it plans: stops before the first arrival that
// would exceed `max_size` or the format's limits. With `out` it writes exactly `limit`
// arrivals (a plan's count), chunks from kFixedSize and deltas from `deltas_at`.
Plan pack(uint16_t base, int64_t reference_ticks, std::span<const TwccArrival> arrivals,
          size_t limit, size_t max_size, std::span<uint8_t> out, size_t deltas_at) {
  ChunkPacker packer;
  Plan done;          // state after the last fully added arrival
  size_t chunks = 0;  // emitted so far
  size_t delta_bytes = 0;
  size_t statuses = 0;
  int64_t prev_ticks = reference_ticks;
  const bool writing = !out.empty();
  auto emit = [&](uint16_t chunk) {
    if (writing) store_be16(out, kFixedSize + 2 * chunks, chunk);
    ++chunks;
  };
  for (size_t i = 0; i < arrivals.size() && i < limit; ++i) {
    const TwccArrival& a = arrivals[i];
    const auto offset = static_cast<uint16_t>(a.sequence_number - base);
    // Strictly after the previous arrival (no duplicates, no reordering, no wrap past the
    // base) and within the status count.
    if (offset < statuses || offset >= kMaxStatusCount) break;
    const int64_t ticks = floor_div(a.arrival_time_us, RtcpTransportFeedback::kDeltaTickUs);
    const int64_t delta = ticks - prev_ticks;
    if (delta < INT16_MIN || delta > INT16_MAX) break;
    const uint8_t symbol = (delta >= 0 && delta <= 0xff) ? kSmallDelta : kLargeDelta;
    if (!writing) {
      // Would this arrival still fit? Count the chunks it would complete without emitting.
      ChunkPacker trial = packer;
      size_t trial_chunks = chunks;
      auto count = [&](uint16_t) { ++trial_chunks; };
      for (size_t s = statuses; s < offset; ++s) trial.add(kNotReceived, count);
      trial.add(symbol, count);
      Plan p{i + 1, trial_chunks + 1, delta_bytes + symbol, size_t{offset} + 1};
      if (p.size() > max_size) break;
    }
    for (; statuses < offset; ++statuses) packer.add(kNotReceived, emit);
    packer.add(symbol, emit);
    ++statuses;
    if (writing) {
      if (symbol == kSmallDelta) {
        out[deltas_at + delta_bytes] = static_cast<uint8_t>(delta);
      } else {
        store_be16(out, deltas_at + delta_bytes,
                   static_cast<uint16_t>(static_cast<int16_t>(delta)));
      }
    }
    delta_bytes += symbol;
    prev_ticks = ticks;
    done = Plan{i + 1, chunks + (packer.has_pending() ? 1 : 0), delta_bytes, statuses};
  }
  if (writing && packer.has_pending()) emit(packer.last_chunk());
  return done;
}

}  // namespace

Result<TwccWriteResult, RtcpError> RtcpTransportFeedback::write(
    const TwccFeedbackHeader& header, std::span<const TwccArrival> arrivals,
    std::span<uint8_t> out) {
  if (arrivals.empty()) return make_error(RtcpError::kBadInput);
  if (static_cast<uint16_t>(arrivals[0].sequence_number - header.base_sequence_number) >= 0x8000) {
    return make_error(RtcpError::kBadInput);
  }
  const int64_t reference = floor_div(arrivals[0].arrival_time_us, kReferenceTickUs);
  const int64_t reference_ticks = reference * (kReferenceTickUs / kDeltaTickUs);
  const size_t max_size = std::min(out.size(), kMaxPacketSize);

  const Plan plan = pack(header.base_sequence_number, reference_ticks, arrivals, arrivals.size(),
                         max_size, {}, 0);
  if (plan.arrivals == 0) return make_error(RtcpError::kBufferTooSmall);

  const size_t size = plan.size();
  std::fill(out.begin(), out.begin() + static_cast<ptrdiff_t>(size), uint8_t{0});
  RtcpHeader::write(out, kRtpfbTransportFeedback, kRtcpRtpFeedback, size);
  store_be32(out, 4, header.sender_ssrc);
  store_be32(out, 8, header.media_ssrc);
  store_be16(out, 12, header.base_sequence_number);
  store_be16(out, 14, static_cast<uint16_t>(plan.status_count));
  store_be24(out, 16, static_cast<uint32_t>(reference) & 0xffffff);
  out[19] = header.feedback_count;
  pack(header.base_sequence_number, reference_ticks, arrivals, plan.arrivals, size, out.first(size),
       kFixedSize + 2 * plan.chunks);
  return TwccWriteResult{size, plan.arrivals};
}

}  // namespace meet::rtc
