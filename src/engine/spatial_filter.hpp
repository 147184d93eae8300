#pragma once
// Decides, picture by picture, which spatial layers of a VP9 SVC stream (one RTP stream
// carrying several spatial layers, RFC 9628 section 4.3, as Chromium sends L3T3_KEY) one
// subscriber gets (issue 17). Each packet's spatial layer is its descriptor's SID; the packets
// of one picture share its RTP timestamp, lowest spatial layer first.
//  - Packets with SID <= current are forwarded. The RTP marker, which the publisher sets on
//    the last packet of the top layer, goes on the last packet of layer `current` of each
//    picture (its E bit, end of the layer frame), so the subscriber's decoder knows the
//    picture is complete.
//  - Going down takes effect at the next picture: lower layers never reference upper ones.
//  - Picture ids are not closed up over what is left out: a VP9 receiver in non-flexible mode
//    places each picture in its group of pictures by its picture id, and a gap where an upper
//    layer's picture was is what it expects. A picture with none of the layers forwarded (the
//    encoder dropped its lower layer frames) is such a gap too; when it is a base temporal
//    layer picture the receiver waits for it in vain, so the caller asks for a keyframe.
//  - Going up only at a keyframe: in L3T3_KEY an upper layer's delta frames reference earlier
//    frames of the same layer, which this subscriber did not get. keyframe_wanted() says when
//    to ask for one: at once, then every kRetryPictures pictures spent below the target.
// Pure logic, no allocation; worker thread only.
#include <cstdint>

#include "rtc/codecs/frame_info.hpp"

namespace meet::engine {

class SpatialFilter {
 public:
  static constexpr int kAll = 7;  // the highest SID the 3-bit field carries
  static constexpr uint32_t kRetryPictures = 30;

  struct Decision {
    bool forward = true;
    bool marker = false;  // the RTP marker the forwarded copy carries
    // The first packet of a picture none of whose packets will be forwarded (its lower layer
    // frames were dropped by the encoder): the subscriber sees a gap in picture ids.
    bool picture_dropped = false;
  };

  // The highest spatial layer to forward (kAll: all of them).
  void set_target(int sid) { target_ = sid < 0 ? 0 : sid > kAll ? kAll : sid; }
  int target() const { return target_; }
  // The highest spatial layer forwarded now.
  int current() const { return current_; }
  // A new stream starts at a keyframe: the target applies at once.
  void reset();

  // A packet of the stream with marker bit `marker`.
  Decision on_packet(uint32_t timestamp, const rtc::FrameInfo& f, bool marker);
  // The marker a copy of a packet (a retransmission) carries.
  bool marker_for(const rtc::FrameInfo& f, bool marker) const {
    return marker || (f.spatial_id == current_ && f.end_of_layer);
  }
  // True when a keyframe should be asked for to climb to the target.
  bool keyframe_wanted();

  uint64_t packets_dropped() const { return packets_dropped_; }

 private:
  int target_ = kAll;
  int current_ = kAll;
  bool have_newest_ = false;
  uint32_t newest_ = 0;
  uint32_t pictures_below_ = 0;
  bool ask_ = false;
  uint64_t packets_dropped_ = 0;
};

}  // namespace meet::engine
