#include "signal/subscriber_plan.hpp"

#include <algorithm>
#include <random>

#include "rtc/ice/ice_credentials.hpp"

namespace meet::signal {
namespace {

uint32_t random_ssrc() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_int_distribution<uint32_t>(1, 0xfffffff0)(rng);
}

}  // namespace

bool SubscriberPlan::update(const WantedTracks& wanted) {
  WantedTracks left = wanted;
  bool changed = false;
  for (auto& slot : slots_) {
    const bool want = left.erase({slot.publisher_id, slot.track_id}) > 0;
    if (slot.active != want) {  // gone, or back on the m-line it left (not yet reused)
      slot.active = want;
      slot.reusable = false;
      changed = true;
    }
  }
  for (const auto& [key, t] : left) {
    slot_for(key, t);
    changed = true;
  }
  dirty_ |= changed;
  return changed;
}

SubscriberSlot& SubscriberPlan::slot_for(const std::pair<std::string, std::string>& key,
                                         const WantedTrack& t) {
  auto reuse = std::find_if(slots_.begin(), slots_.end(), [&](const SubscriberSlot& s) {
    return s.reusable && !s.active && s.kind == t.kind;
  });
  if (reuse == slots_.end()) {
    slots_.emplace_back();
    slots_.back().mid = std::to_string(slots_.size() - 1);
    reuse = std::prev(slots_.end());
  }
  SubscriberSlot& slot = *reuse;
  slot.active = true;
  slot.reusable = false;
  slot.publisher_id = key.first;
  slot.track_id = key.second;
  slot.kind = t.kind;
  slot.config = engine::SubscriptionConfig{};
  slot.config.mid = slot.mid;
  slot.config.publisher_id = key.first;
  slot.config.track_id = key.second;
  slot.config.ssrc = random_ssrc();
  slot.config.codec = t.codec;
  if (slot.config.codec.rtx_payload_type) slot.config.rtx_ssrc = random_ssrc();
  return slot;
}

std::optional<SubscriberPlan::Offer> SubscriberPlan::take_offer() {
  if (outstanding_ || !dirty_) return std::nullopt;
  const bool any_active =
      std::any_of(slots_.begin(), slots_.end(), [](const auto& s) { return s.active; });
  if (slots_.empty() || (!any_active && !transport_set_)) return std::nullopt;
  if (ufrag_.empty()) {  // first offer, or an ICE restart
    auto creds = rtc::IceCredentials::generate();
    ufrag_ = creds.ufrag;
    pwd_ = creds.pwd;
  }
  for (auto& s : slots_) s.offered_active = s.active;
  outstanding_ = true;
  dirty_ = false;
  return Offer{slots_, ufrag_, pwd_, ++version_};
}

Result<SubscriberPlan::Answered, SubscriberPlan::AnswerError> SubscriberPlan::on_answer(
    const rtc::SubscriberAnswerInfo& answer) {
  if (!outstanding_) return make_error(AnswerError::kNoOfferOutstanding);
  outstanding_ = false;
  Answered out;
  if (!transport_set_ || ice_restart_) {
    out.set_transport = true;
    out.ice_ufrag = ufrag_;
    out.ice_pwd = pwd_;
    transport_set_ = true;
    ice_restart_ = false;
  }
  for (auto& s : slots_) {
    if (!s.active && !s.offered_active) s.reusable = true;
    // Only what this answer accepted: a track added since the offer waits for the next one.
    if (!s.active || !s.offered_active) continue;
    const auto* answered = answer.find(s.mid);
    s.config.twcc_extension_id = answered ? answered->extmap_ids.transport_cc : 0;
    out.subscriptions.push_back(s.config);
  }
  return out;
}

void SubscriberPlan::restart_ice() {
  dirty_ = true;
  // Nothing connected yet: the next offer is a first offer anyway.
  if (!transport_set_) return;
  ufrag_.clear();
  pwd_.clear();
  ice_restart_ = true;
}

void SubscriberPlan::forget_outstanding() {
  outstanding_ = false;
  dirty_ = true;
}

void SubscriberPlan::set_view(const engine::TrackView& view) {
  for (auto& slot : slots_) {
    if (slot.active && slot.track_id == view.track_id) slot.config.view = view;
  }
}

}  // namespace meet::signal
