#include "engine/active_speaker_detector.hpp"

#include <algorithm>
#include <optional>

namespace meet::engine {

bool ActiveSpeakerDetector::update(std::span<SpeakerScore> scores) {
  std::sort(scores.begin(), scores.end(),
            [](const SpeakerScore& a, const SpeakerScore& b) { return a.score > b.score; });
  size_t count = 0;
  bool speaking_changed = false;
  for (const auto& s : scores) {
    if (s.score < kSpeakingThreshold || count == kMaxSpeakers) break;
    if (count >= speaking_count_ || speaking_[count] != s.participant_id) {
      speaking_changed = true;
      speaking_[count] = s.participant_id;  // reuses the string's capacity
    }
    ++count;
  }
  speaking_changed = speaking_changed || count != speaking_count_;
  speaking_count_ = count;

  const bool had_active = !active_.empty();
  bool active_changed = false;
  auto score_of = [&](const std::string& id) -> std::optional<float> {
    for (const auto& s : scores) {
      if (s.participant_id == id) return s.score;
    }
    return std::nullopt;
  };
  const auto active_score = active_.empty() ? std::nullopt : score_of(active_);
  if (!active_.empty() && !active_score) {
    active_.clear();  // left the room (or unpublished)
    active_changed = had_active;
  }

  if (count > 0 && scores.front().participant_id != active_) {
    const std::string& top = scores.front().participant_id;
    const float top_score = scores.front().score;
    const float current = active_score.value_or(0);
    const bool clearly_louder = current < kSpeakingThreshold || top_score >= current * kSwitchRatio;
    if (!clearly_louder) {
      challenger_.clear();
      challenger_wins_ = 0;
    } else if (active_.empty()) {
      active_ = top;  // the first voice in a quiet room needs no confirmation
      active_changed = true;
    } else {
      challenger_wins_ = top == challenger_ ? challenger_wins_ + 1 : 1;
      challenger_ = top;
      if (challenger_wins_ >= kConfirmations) {
        active_ = top;
        active_changed = true;
      }
    }
  } else {
    challenger_.clear();
    challenger_wins_ = 0;
  }
  if (active_changed) {
    challenger_.clear();
    challenger_wins_ = 0;
  }
  return active_changed || speaking_changed;
}

bool ActiveSpeakerDetector::is_heard(const std::string& participant_id) const {
  const auto list = speaking();
  return participant_id == active_ ||
         std::find(list.begin(), list.end(), participant_id) != list.end();
}

}  // namespace meet::engine
