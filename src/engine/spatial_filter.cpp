#include "engine/spatial_filter.hpp"

namespace meet::engine {

void SpatialFilter::reset() {
  current_ = target_;
  have_newest_ = false;
  pictures_below_ = 0;
  ask_ = false;
}

SpatialFilter::Decision SpatialFilter::on_packet(uint32_t timestamp, const rtc::FrameInfo& f,
                                                 bool marker) {
  const bool new_picture = !have_newest_ || static_cast<int32_t>(timestamp - newest_) > 0;
  if (new_picture) {
    have_newest_ = true;
    newest_ = timestamp;
    if (f.keyframe || target_ < current_) {
      current_ = target_;  // a keyframe references nothing before it; lower layers nothing above
    }
    if (current_ < target_) {
      // Ask at once, then again every kRetryPictures pictures while still below.
      if (pictures_below_ % kRetryPictures == 0) ask_ = true;
      ++pictures_below_;
    } else {
      pictures_below_ = 0;
    }
  }
  Decision d;
  d.forward = f.spatial_id <= current_;
  d.marker = marker_for(f, marker);
  // Packets of a picture come lowest layer first: its first one dropped, all of it is.
  d.picture_dropped = new_picture && !d.forward;
  if (!d.forward) ++packets_dropped_;
  return d;
}

bool SpatialFilter::keyframe_wanted() {
  const bool ask = ask_;
  ask_ = false;
  return ask;
}

}  // namespace meet::engine
