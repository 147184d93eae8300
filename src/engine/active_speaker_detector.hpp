#pragma once
// Picks a room's active speaker from how loud each participant's microphone has been, as
// smoothed by AudioActivity from the RFC 6464 audio levels. Evaluated a few times a second
// with the current scores; switches only when another participant has clearly been louder for
// kConfirmations evaluations in a row, so the choice does not flicker on a cough or a word of
// agreement. When everyone falls silent the last speaker stays active (what a speaker layout
// wants). Pure logic: no clock, no threads; ids are the engine's participant ids. Runs on the
// media worker: once its strings have grown to the ids' length, an update allocates nothing.
#include <array>
#include <span>
#include <string>
#include <vector>

namespace meet::engine {

struct SpeakerScore {
  std::string participant_id;
  float score = 0;  // 0 (silent) .. 1 (loud), from AudioActivity::score
};

class ActiveSpeakerDetector {
 public:
  // A participant at or above this score is speaking.
  static constexpr float kSpeakingThreshold = 0.2f;
  // A challenger must be this much louder than the active speaker (unless that one is silent).
  static constexpr float kSwitchRatio = 1.5f;
  static constexpr int kConfirmations = 2;
  // How many of the loudest are forwarded in a room that limits audio (Room).
  static constexpr size_t kMaxSpeakers = 3;

  // Takes this evaluation's scores (any order, each participant once; absent ones are silent
  // or gone) and sorts them in place. Returns true when the active speaker or the speaking
  // list changed.
  bool update(std::span<SpeakerScore> scores);

  // Empty until someone spoke; cleared when that participant is gone.
  const std::string& active() const { return active_; }
  // Participants speaking now, loudest first, at most kMaxSpeakers.
  std::span<const std::string> speaking() const { return {speaking_.data(), speaking_count_}; }
  // True when `participant_id` is active or among speaking().
  bool is_heard(const std::string& participant_id) const;

 private:
  std::string active_;
  std::string challenger_;
  int challenger_wins_ = 0;
  std::array<std::string, kMaxSpeakers> speaking_;
  size_t speaking_count_ = 0;
};

}  // namespace meet::engine
