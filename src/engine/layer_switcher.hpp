#pragma once
// Decides, packet by packet, which simulcast layer one subscriber's copy of a video track
// carries, so that a layer switch never leaves the decoder without a picture (issue 17):
//  - A new target layer is taken only once one of its keyframes has fully arrived at the
//    server (its first packet through the marker bit, no gap; retransmissions that fill a gap
//    count). Until then the current layer keeps flowing. The caller then replays the keyframe
//    and what followed it from the publisher's packet cache.
//  - The switch waits for the end of the current layer's frame in flight (its marker), so the
//    subscriber never gets half a frame before the keyframe, unless that takes kBoundaryWait.
//  - A keyframe that does not complete within kKeyframeWait, or none coming, makes it ask for
//    another (at most every kKeyframeWait); the next keyframe replaces an incomplete one.
//  - Hysteresis: after a switch down no switch up for kUpHoldoff, and a lower target is taken
//    only once asked for kDownConfirmations times in a row, so a short dip of the estimate
//    (random loss, one late feedback) does not flap layers. Pausing (-1) acts at once.
//  - A current layer that goes silent while another still flows (the publisher stopped sending
//    it: its encoder dropped the layer for bandwidth or CPU) is left at once for the best
//    layer still flowing, without waiting for confirmations or for the allocator, which only
//    sees a layer as gone after ReceiveStream::kIdleAfter; until that layer's keyframe has
//    arrived the picture stands still, but for a keyframe's round trip, not for seconds.
// Pure logic: no clock reads, no I/O, no allocation; time from the caller. Worker thread only.
#include <array>
#include <bitset>
#include <chrono>
#include <cstdint>

namespace meet::engine {

// What the switcher needs of one packet of the source track.
struct SwitchPacket {
  int layer = 0;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  bool marker = false;
  bool keyframe_start = false;  // the first packet of a keyframe (rtc::is_keyframe)
};

struct SwitchDecision {
  enum class Action : uint8_t {
    kDrop,              // not for this subscriber (yet)
    kForward,           // forward it, rewritten
    kSwitch,            // switch now: replay `layer`'s packets first..last (this one among them)
    kForwardThenSwitch  // forward it (the end of the old frame), then switch as kSwitch
  };
  Action action = Action::kDrop;
  int layer = -1;          // kSwitch: the new layer
  uint16_t first = 0;      // kSwitch: its keyframe's first packet
  uint16_t last = 0;       // kSwitch: the newest packet of that layer seen
  int request_layer = -1;  // >= 0: ask the publisher for a keyframe on this layer now
};

class LayerSwitcher {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr size_t kWindow = 512;  // packets from a keyframe's start tracked
  static constexpr auto kKeyframeWait = std::chrono::milliseconds(500);
  static constexpr auto kBoundaryWait = std::chrono::milliseconds(100);
  static constexpr auto kUpHoldoff = std::chrono::seconds(4);
  static constexpr int kDownConfirmations = 3;
  static constexpr size_t kMaxLayers = 3;
  // No packet of the current layer for this long while another layer flows: it has stopped.
  // A camera sends a frame every 33-100 ms; ten frames lost in a row is not random loss.
  static constexpr auto kSilentAfter = std::chrono::milliseconds(350);

  // The layer the allocator wants (-1: pause). Returns the layer to ask a keyframe of now,
  // or -1. A lower layer may only be recorded here and taken on a later call (hysteresis).
  int set_target(int layer, TimePoint now);
  // The layer to forward, as set_target decided (-1: paused).
  int target() const { return target_; }
  // The layer being forwarded (-1: none yet, or paused).
  int current() const { return current_; }
  // Forget the current layer (pause, publisher unmuted, reconnect): the next complete
  // keyframe of the target starts it again. Returns the layer to ask a keyframe of, or -1.
  int restart(TimePoint now);

  SwitchDecision on_packet(const SwitchPacket& p, TimePoint now);

  uint64_t switches() const { return switches_; }
  uint64_t keyframes_given_up() const { return given_up_; }
  uint64_t silent_layers_left() const { return rescues_; }

 private:
  struct Pending {
    bool started = false;  // a keyframe of the target is being collected
    uint16_t first = 0;
    uint32_t timestamp = 0;
    bool have_end = false;
    uint16_t end = 0;     // its marker packet
    uint16_t newest = 0;  // newest packet of the target layer since `first`
    bool newest_marker = false;
    std::bitset<kWindow> got;
    TimePoint started_at{};
    TimePoint complete_at{};
    bool complete = false;
  };
  void begin(const SwitchPacket& p, TimePoint now);
  void add(const SwitchPacket& p);
  bool wants_switch() const { return target_ >= 0 && target_ != current_; }
  bool keyframe_complete() const;
  int request_due(TimePoint now);
  SwitchDecision switch_now(SwitchDecision::Action action, TimePoint now);
  bool silent(int layer, TimePoint now) const;
  // The current layer went silent: retarget to the best layer still flowing. Returns the
  // layer to ask a keyframe of, or -1.
  int leave_silent_layer(TimePoint now);

  int target_ = 0;
  int current_ = -1;
  int lower_asked_ = -1;  // a lower target asked for, not yet taken
  int lower_votes_ = 0;
  bool in_frame_ = false;  // the last forwarded packet did not end its frame
  TimePoint last_down_{};
  bool went_down_ = false;
  TimePoint last_request_{};
  bool requested_ = false;
  Pending pending_;
  std::array<TimePoint, kMaxLayers> seen_{};  // last packet of each layer
  std::array<bool, kMaxLayers> ever_seen_{};
  uint64_t switches_ = 0;
  uint64_t given_up_ = 0;
  uint64_t rescues_ = 0;
};

}  // namespace meet::engine
