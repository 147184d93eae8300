#include "record/frame_assembler.hpp"

namespace meet::record {

FrameAssembler::FrameAssembler(rtc::Codec codec)
    : codec_(codec), video_(codec != rtc::Codec::kOpus), broken_(video_) {
  building_.reserve(64 * 1024);
  done_.reserve(64 * 1024);
}

void FrameAssembler::discard() {
  if (open_) ++dropped_frames_;
  open_ = false;
  building_.clear();
}

std::optional<Frame> FrameAssembler::finish() {
  open_ = false;
  if (building_.empty()) return std::nullopt;
  if (video_) {
    if (current_.keyframe) {
      broken_ = false;
    } else if (broken_) {
      ++dropped_frames_;
      building_.clear();
      return std::nullopt;
    }
  }
  done_.swap(building_);
  building_.clear();
  Frame out = current_;
  out.data = done_;
  return out;
}

std::optional<Frame> FrameAssembler::push(const rtc::RtpPacket& packet, bool after_gap,
                                          int64_t wall_ms) {
  std::optional<Frame> out;
  if (after_gap && video_) {
    discard();
    broken_ = true;
  }
  if (open_ && packet.timestamp() != current_.rtp_timestamp) {
    // A new picture began and nothing was lost in between: the last one was whole even
    // though its marker bit was not seen.
    out = finish();
  }
  if (!open_) {
    open_ = true;
    building_.clear();
    current_ = Frame{};
    current_.rtp_timestamp = packet.timestamp();
    current_.wall_ms = wall_ms;
  }
  auto info = depacketize(codec_, packet.payload(), building_);
  if (!info) {
    ++bad_payloads_;
    discard();
    if (video_) broken_ = true;
    return out;
  }
  if (info->frame_start && info->keyframe) current_.keyframe = true;
  if (info->width != 0) {
    current_.width = info->width;
    current_.height = info->height;
  }
  if (!video_ || packet.marker()) {
    // Only one frame can be handed out per call: a frame finished above and this one
    // ending too happens only with a lost marker, so the earlier one wins and this one is
    // finished by the next packet's timestamp change.
    if (!out) out = finish();
  }
  return out;
}

}  // namespace meet::record
