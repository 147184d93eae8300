#include "engine/simulcast_rewriter.hpp"

#include <algorithm>
#include <array>

#include "rtc/codecs/vp8_descriptor.hpp"
#include "rtc/codecs/vp9_descriptor.hpp"

namespace meet::engine {
namespace {

constexpr uint32_t kVideoClockPerMs = 90;
constexpr uint32_t kOpusClockPerMs = 48;  // RFC 7587: always 48 kHz
constexpr uint16_t kPictureIdMask = 0x7fff;

// True when `a` is after `b` in 15-bit picture id space.
bool pid_newer(uint16_t a, uint16_t b) {
  const auto d = static_cast<uint16_t>((a - b) & kPictureIdMask);
  return d != 0 && d < 0x4000;
}

}  // namespace

SimulcastRewriter::SimulcastRewriter(rtc::Codec codec, uint32_t ts_offset, uint16_t first_sequence)
    : codec_(codec), ts_offset_(ts_offset), last_seq_(static_cast<uint16_t>(first_sequence - 1)) {}

bool SimulcastRewriter::read_ids(std::span<const uint8_t> payload, uint16_t& picture_id,
                                 uint8_t& tl0, bool& has_picture_id, bool& has_tl0) const {
  // The descriptor views need a mutable span; they only read here. Copy its few bytes.
  std::array<uint8_t, 32> head{};
  const size_t n = std::min(payload.size(), head.size());
  std::copy_n(payload.begin(), n, head.begin());
  auto bytes = std::span<uint8_t>(head.data(), n);
  if (codec_ == rtc::Codec::kVp8) {
    auto d = rtc::Vp8Descriptor::parse(bytes);
    if (!d) return false;
    has_picture_id = d->has_picture_id();
    picture_id = d->picture_id();
    has_tl0 = d->has_tl0picidx();
    tl0 = d->tl0picidx();
    return true;
  }
  if (codec_ == rtc::Codec::kVp9) {
    auto d = rtc::Vp9Descriptor::parse(bytes);
    if (!d) return false;
    has_picture_id = d->has_picture_id();
    picture_id = d->picture_id();
    has_tl0 = d->has_tl0picidx();
    tl0 = d->tl0picidx();
    return true;
  }
  return false;
}

void SimulcastRewriter::switch_to(int stream, uint16_t sequence, uint32_t timestamp,
                                  std::span<const uint8_t> payload, TimePoint now) {
  seq_.reset(sequence, static_cast<uint16_t>(last_seq_ + 1));
  if (pid_.started()) pid_offset_ = pid_.offset();
  if (stream != ts_stream_ && sent_any_) {
    // Another RTP clock: continue from the last timestamp sent, as far on as time went.
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - last_sent_at_);
    const uint32_t per_ms = codec_ == rtc::Codec::kOpus ? kOpusClockPerMs : kVideoClockPerMs;
    const uint32_t advance =
        std::max<uint32_t>(1, static_cast<uint32_t>(std::max<int64_t>(ms.count(), 0)) * per_ms);
    ts_offset_ = last_ts_ + advance - timestamp;
  }
  const bool same_stream = stream == ts_stream_;
  ts_stream_ = stream;
  uint16_t pid = 0;
  uint8_t tl0 = 0;
  bool has_pid = false;
  bool has_tl0 = false;
  // The same stream again (after a pause) keeps its numbering: the publisher's ids moved on
  // in step with its timestamps, and its keyframe starts the decoder afresh.
  const bool has_ids = read_ids(payload, pid, tl0, has_pid, has_tl0);
  if (!same_stream && has_ids) {
    if (has_pid && sent_pid_) pid_offset_ = static_cast<uint16_t>(last_pid_ + 1 - pid);
    if (has_tl0 && sent_tl0_) tl0_offset_ = static_cast<uint8_t>(last_tl0_ + 1 - tl0);
  }
  pid_.clear();
  if (has_ids && has_pid) {
    const uint16_t mask = pid_mask(payload);
    pid_.reset(pid, static_cast<uint16_t>(pid + pid_offset_), mask);
  }
  stream_ = stream;
}

uint16_t SimulcastRewriter::pid_mask(std::span<const uint8_t> payload) const {
  // 7-bit picture ids wrap at 128: number them in their own space.
  std::array<uint8_t, 8> head{};
  const size_t n = std::min(payload.size(), head.size());
  std::copy_n(payload.begin(), n, head.begin());
  auto bytes = std::span<uint8_t>(head.data(), n);
  if (codec_ == rtc::Codec::kVp8) {
    auto d = rtc::Vp8Descriptor::parse(bytes);
    if (d && d->picture_id_bits() == 7) return 0x7f;
  }
  return kPictureIdMask;
}

void SimulcastRewriter::skip(uint16_t in, bool has_picture_id, uint16_t picture_id) {
  seq_.skip(in);
  if (has_picture_id) pid_.skip(picture_id);
}

bool SimulcastRewriter::original_sequence(uint16_t out, uint16_t& in) const {
  if (!started()) return false;
  auto original = seq_.unmap(out);
  if (!original) return false;
  in = *original;
  return true;
}

uint16_t SimulcastRewriter::out_picture_id(uint16_t pid, bool retransmission) {
  // Before the first picture id of this stream: the offset it would have started with.
  if (!pid_.started()) return static_cast<uint16_t>(pid + pid_offset_);
  auto out = retransmission ? pid_.lookup(pid) : pid_.map(pid);
  return out ? *out : static_cast<uint16_t>(pid + pid_.offset());
}

void SimulcastRewriter::rewrite_payload(std::span<uint8_t> payload, bool retransmission) {
  if (codec_ == rtc::Codec::kVp8) {
    auto d = rtc::Vp8Descriptor::parse(payload);
    if (!d) return;
    if (d->has_picture_id()) d->set_picture_id(out_picture_id(d->picture_id(), retransmission));
    if (d->has_tl0picidx()) d->set_tl0picidx(static_cast<uint8_t>(d->tl0picidx() + tl0_offset_));
  } else if (codec_ == rtc::Codec::kVp9) {
    auto d = rtc::Vp9Descriptor::parse(payload);
    if (!d) return;
    if (d->has_picture_id()) d->set_picture_id(out_picture_id(d->picture_id(), retransmission));
    if (d->has_tl0picidx()) d->set_tl0picidx(static_cast<uint8_t>(d->tl0picidx() + tl0_offset_));
  }
}

void SimulcastRewriter::on_sent(uint16_t out_sequence, uint32_t out_timestamp,
                                std::span<const uint8_t> payload, TimePoint now) {
  if (!sent_any_ || static_cast<uint16_t>(out_sequence - last_seq_) < 0x8000) {
    last_seq_ = out_sequence;
  }
  if (!sent_any_ || static_cast<int32_t>(out_timestamp - last_ts_) > 0) last_ts_ = out_timestamp;
  sent_any_ = true;
  last_sent_at_ = now;
  uint16_t pid = 0;
  uint8_t tl0 = 0;
  bool has_pid = false;
  bool has_tl0 = false;
  // `payload` is the rewritten copy: its ids are already in our numbering.
  if (!read_ids(payload, pid, tl0, has_pid, has_tl0)) return;
  if (has_pid && (!sent_pid_ || pid_newer(pid, last_pid_))) last_pid_ = pid & kPictureIdMask;
  if (has_tl0 && (!sent_tl0_ || static_cast<int8_t>(tl0 - last_tl0_) > 0)) last_tl0_ = tl0;
  sent_pid_ |= has_pid;
  sent_tl0_ |= has_tl0;
}

}  // namespace meet::engine
