#pragma once
// Decides, frame by frame, whether a packet of the simulcast layer a subscriber receives is in
// the temporal layers it gets (issue 17). A VP8 encoder in L1T3 mode sends temporal layer 0 at
// a quarter of the frame rate, layer 1 at another quarter, layer 2 at the other half, each
// frame referencing only frames of its own or lower layers: leaving out the top layers halves
// or quarters the frame rate and the bitrate, and what is left still decodes.
//  - Going down takes effect at the next new frame. Going up is one layer at a time, at a
//    frame of the next layer with the layer-sync bit (Y: it references base-layer frames
//    only), or at once at a keyframe: a layer taken at another frame could reference one of
//    its frames that was left out.
//  - A decision is per frame (RTP timestamp), remembered for the last kFrames frames, so a
//    packet that comes late (a retransmission from the publisher) gets its frame's decision.
// Without temporal layers every packet is of layer 0 and everything is forwarded.
// Pure logic, no allocation; worker thread only.
#include <array>
#include <cstddef>
#include <cstdint>

#include "rtc/codecs/frame_info.hpp"

namespace meet::engine {

class TemporalFilter {
 public:
  static constexpr int kAll = 3;  // the highest TID the 2-bit field carries
  static constexpr size_t kFrames = 32;
  // New frames a climb may wait for a layer-sync frame before a keyframe is wanted (an encoder
  // that never sets Y would otherwise keep a subscriber below its target for good).
  static constexpr uint32_t kSyncWaitFrames = 90;

  struct Decision {
    bool forward = true;
    bool new_frame = false;  // the first packet seen of a frame newer than all before
  };

  // The highest temporal layer to forward (kAll: all of them).
  void set_target(int tid) { target_ = tid < 0 ? 0 : tid > kAll ? kAll : tid; }
  int target() const { return target_; }
  // The highest temporal layer forwarded now.
  int current() const { return current_; }
  // A new stream starts (at a keyframe): forget its frames; the target applies at once.
  void reset();

  Decision on_packet(uint32_t timestamp, const rtc::FrameInfo& f);
  // Whether a frame's packet was (or would be) forwarded: its frame's decision if remembered,
  // else by its layer. For retransmissions.
  bool forwarded(uint32_t timestamp, uint8_t temporal_id) const;

  uint64_t frames_dropped() const { return frames_dropped_; }
  // True once per kSyncWaitFrames new frames spent below the target: ask for a keyframe.
  bool keyframe_wanted();

 private:
  struct Frame {
    uint32_t timestamp = 0;
    bool forward = false;
    bool used = false;
  };
  void remember(uint32_t timestamp, bool forward);

  int target_ = kAll;
  int current_ = kAll;
  bool have_newest_ = false;
  uint32_t newest_ = 0;
  bool newest_forward_ = true;
  std::array<Frame, kFrames> frames_{};
  size_t next_ = 0;
  uint64_t frames_dropped_ = 0;
  uint32_t frames_below_target_ = 0;
  int top_seen_ = 0;  // the highest temporal layer of the stream seen since reset
};

}  // namespace meet::engine
