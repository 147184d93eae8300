#include "engine/temporal_filter.hpp"

#include <algorithm>

namespace meet::engine {

void TemporalFilter::reset() {
  current_ = target_;
  have_newest_ = false;
  top_seen_ = 0;
  frames_below_target_ = 0;
  frames_ = {};
  next_ = 0;
}

void TemporalFilter::remember(uint32_t timestamp, bool forward) {
  frames_[next_] = {timestamp, forward, true};
  next_ = (next_ + 1) % kFrames;
}

TemporalFilter::Decision TemporalFilter::on_packet(uint32_t timestamp, const rtc::FrameInfo& f) {
  if (have_newest_ && timestamp == newest_) return {newest_forward_, false};
  if (!have_newest_ || static_cast<int32_t>(timestamp - newest_) > 0) {
    if (f.keyframe) {
      current_ = target_;  // nothing after a keyframe references what came before it
    } else if (target_ < current_) {
      current_ = target_;
    } else if (target_ > current_ && f.layer_sync && f.temporal_id == current_ + 1) {
      current_ = f.temporal_id;
    }
    top_seen_ = std::max<int>(top_seen_, f.temporal_id);
    const bool below = current_ < std::min(target_, top_seen_) && !f.keyframe;
    frames_below_target_ = below ? frames_below_target_ + 1 : 0;
    have_newest_ = true;
    newest_ = timestamp;
    newest_forward_ = f.temporal_id <= current_;
    remember(timestamp, newest_forward_);
    if (!newest_forward_) ++frames_dropped_;
    return {newest_forward_, true};
  }
  for (const Frame& fr : frames_) {
    if (fr.used && fr.timestamp == timestamp) return {fr.forward, false};
  }
  // A frame older than the newest one, none of whose packets came before: by its layer.
  return {f.temporal_id <= current_, false};
}

bool TemporalFilter::keyframe_wanted() {
  if (frames_below_target_ < kSyncWaitFrames) return false;
  frames_below_target_ = 0;
  return true;
}

bool TemporalFilter::forwarded(uint32_t timestamp, uint8_t temporal_id) const {
  if (have_newest_ && timestamp == newest_) return newest_forward_;
  for (const Frame& fr : frames_) {
    if (fr.used && fr.timestamp == timestamp) return fr.forward;
  }
  return temporal_id <= current_;
}

}  // namespace meet::engine
