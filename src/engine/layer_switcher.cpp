#include "engine/layer_switcher.hpp"

namespace meet::engine {

int LayerSwitcher::set_target(int layer, TimePoint now) {
  if (layer < 0) {
    target_ = -1;
    current_ = -1;
    pending_ = Pending{};
    lower_asked_ = -1;
    lower_votes_ = 0;
    return -1;
  }
  if (layer == target_) {
    lower_votes_ = 0;
    return -1;
  }
  if (current_ >= 0 && silent(current_, now) && silent(layer, now) && target_ != current_) {
    // The allocator still counts a layer that stopped: keep the one chosen instead of it.
    return -1;
  }
  if (current_ >= 0 && layer < current_) {
    // Below what flows: only once asked for several allocations in a row.
    if (lower_asked_ == layer) {
      ++lower_votes_;
    } else {
      lower_asked_ = layer;
      lower_votes_ = 1;
    }
    if (lower_votes_ < kDownConfirmations) return -1;
  } else if (current_ >= 0 && layer > current_ && went_down_ && now - last_down_ < kUpHoldoff) {
    return -1;  // just came down: the link needs time to show it has room again
  }
  lower_asked_ = -1;
  lower_votes_ = 0;
  target_ = layer;
  pending_ = Pending{};
  if (target_ == current_) return -1;
  requested_ = true;
  last_request_ = now;
  return target_;
}

int LayerSwitcher::restart(TimePoint now) {
  current_ = -1;
  in_frame_ = false;
  pending_ = Pending{};
  if (target_ < 0) return -1;
  requested_ = true;
  last_request_ = now;
  return target_;
}

void LayerSwitcher::begin(const SwitchPacket& p, TimePoint now) {
  pending_ = Pending{};
  pending_.started = true;
  pending_.first = p.sequence;
  pending_.timestamp = p.timestamp;
  pending_.newest = p.sequence;
  pending_.started_at = now;
}

void LayerSwitcher::add(const SwitchPacket& p) {
  const auto offset = static_cast<uint16_t>(p.sequence - pending_.first);
  if (offset >= 0x8000) return;  // older than the keyframe
  if (offset >= kWindow) {
    // The keyframe's gap outlived the window: give up on it and wait for the next one.
    pending_ = Pending{};
    ++given_up_;
    return;
  }
  pending_.got.set(offset);
  if (offset >= static_cast<uint16_t>(pending_.newest - pending_.first)) {
    pending_.newest = p.sequence;
    pending_.newest_marker = p.marker;
  }
  if (p.marker && p.timestamp == pending_.timestamp) {
    pending_.have_end = true;
    pending_.end = p.sequence;
  }
}

bool LayerSwitcher::keyframe_complete() const {
  if (!pending_.started || !pending_.have_end) return false;
  const size_t end = static_cast<uint16_t>(pending_.end - pending_.first);
  for (size_t i = 0; i <= end; ++i) {
    if (!pending_.got.test(i)) return false;
  }
  return true;
}

int LayerSwitcher::request_due(TimePoint now) {
  if (pending_.started && !pending_.complete && now - pending_.started_at >= kKeyframeWait) {
    // Never completed: forget it; the next keyframe (asked for below) starts afresh.
    pending_ = Pending{};
    ++given_up_;
  }
  if (pending_.complete) return -1;
  if (requested_ && now - last_request_ < kKeyframeWait) return -1;
  requested_ = true;
  last_request_ = now;
  return target_;
}

SwitchDecision LayerSwitcher::switch_now(SwitchDecision::Action action, TimePoint now) {
  SwitchDecision d;
  d.action = action;
  d.layer = target_;
  d.first = pending_.first;
  d.last = pending_.newest;
  if (current_ >= 0 && target_ < current_) {
    went_down_ = true;
    last_down_ = now;
  }
  current_ = target_;
  in_frame_ = !pending_.newest_marker;
  pending_ = Pending{};
  requested_ = false;
  ++switches_;
  return d;
}

bool LayerSwitcher::silent(int layer, TimePoint now) const {
  if (layer < 0 || static_cast<size_t>(layer) >= kMaxLayers) return true;
  const auto l = static_cast<size_t>(layer);
  return !ever_seen_[l] || now - seen_[l] >= kSilentAfter;
}

int LayerSwitcher::leave_silent_layer(TimePoint now) {
  int best = -1;
  for (int l = 0; l < static_cast<int>(kMaxLayers); ++l) {
    // Below the silent layer the highest flowing one; above it only if none below flows.
    if (l == current_ || silent(l, now)) continue;
    if (best < 0 || (l < current_ && (best > current_ || l > best)) ||
        (l > current_ && best > current_ && l < best)) {
      best = l;
    }
  }
  if (best < 0 || best == target_) return -1;
  ++rescues_;
  target_ = best;
  lower_asked_ = -1;
  lower_votes_ = 0;
  pending_ = Pending{};
  in_frame_ = false;  // nothing more of the old frame is coming
  if (best < current_) {
    went_down_ = true;  // no climb back for kUpHoldoff
    last_down_ = now;
  }
  requested_ = true;
  last_request_ = now;
  return best;
}

SwitchDecision LayerSwitcher::on_packet(const SwitchPacket& p, TimePoint now) {
  SwitchDecision d;
  if (p.layer >= 0 && static_cast<size_t>(p.layer) < kMaxLayers) {
    seen_[static_cast<size_t>(p.layer)] = now;
    ever_seen_[static_cast<size_t>(p.layer)] = true;
  }
  if (target_ < 0) return d;
  int rescue = -1;
  if (current_ >= 0 && p.layer != current_ && silent(current_, now) && silent(target_, now)) {
    rescue = leave_silent_layer(now);
  }
  if (!wants_switch()) {
    if (p.layer == current_) {
      d.action = SwitchDecision::Action::kForward;
      in_frame_ = !p.marker;
    }
    return d;
  }
  if (p.layer == target_) {
    const bool newer_keyframe =
        p.keyframe_start &&
        (!pending_.started || (!pending_.complete && p.timestamp != pending_.timestamp));
    if (newer_keyframe) begin(p, now);
    if (pending_.started) add(p);
    if (!pending_.complete && keyframe_complete()) {
      pending_.complete = true;
      pending_.complete_at = now;
    }
  }
  d.request_layer = rescue >= 0 ? rescue : request_due(now);
  // A complete keyframe means no request is due: d.request_layer is -1 on every switch.
  const bool waited = pending_.complete && now - pending_.complete_at >= kBoundaryWait;
  if (p.layer == current_) {
    // The old layer until its frame in flight ends (or that takes too long).
    if (pending_.complete && p.marker)
      return switch_now(SwitchDecision::Action::kForwardThenSwitch, now);
    if (waited) return switch_now(SwitchDecision::Action::kSwitch, now);
    d.action = SwitchDecision::Action::kForward;
    in_frame_ = !p.marker;
    return d;
  }
  if (pending_.complete && (current_ < 0 || !in_frame_ || waited)) {
    return switch_now(SwitchDecision::Action::kSwitch, now);
  }
  return d;
}

}  // namespace meet::engine
