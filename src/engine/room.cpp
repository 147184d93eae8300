#include "engine/room.hpp"

#include "engine/engine_counters.hpp"
#include "engine/worker_io.hpp"

namespace meet::engine {
namespace {

constexpr auto kSpeakerInterval = std::chrono::milliseconds(300);

}  // namespace

Room::Room(std::string id, WorkerIo& io, size_t audio_speakers_only_above)
    : id_(std::move(id)), io_(io), audio_speakers_only_above_(audio_speakers_only_above) {}

Room::~Room() {
  close_all();
}

Participant& Room::add_participant(const std::string& pid,
                                   std::weak_ptr<ParticipantEvents> events) {
  auto& slot = participants_[pid];
  if (slot) slot->close();
  slot = std::make_unique<Participant>(pid, *this, io_, std::move(events));
  return *slot;
}

void Room::remove_participant(const std::string& pid) {
  auto it = participants_.find(pid);
  if (it == participants_.end()) return;
  it->second->close();
  // Its tracks leave the forwarding table as it is destroyed (~Participant).
  participants_.erase(it);
}

Participant* Room::find(const std::string& pid) {
  auto it = participants_.find(pid);
  return it == participants_.end() ? nullptr : it->second.get();
}

PublisherTrack* Room::find_track(const std::string& publisher_id, const std::string& track_id) {
  auto* p = find(publisher_id);
  return p ? p->find_track(track_id) : nullptr;
}

void Room::relink(TimePoint now) {
  for (auto& [id, p] : participants_) p->relink(*this, now);
}

void Room::tick(TimePoint now) {
  for (auto& [id, p] : participants_) p->tick(now);
  if (now - last_speaker_update_ >= kSpeakerInterval) {
    last_speaker_update_ = now;
    update_speakers(now);
  }
}

void Room::update_speakers(TimePoint now) {
  // Reuses the vector and its strings: nothing is allocated while the room stays the same.
  scores_.resize(participants_.size());
  size_t i = 0;
  for (auto& [id, p] : participants_) {
    scores_[i].participant_id = id;
    scores_[i].score = p->audio_activity(now);
    ++i;
  }
  if (speakers_.update(scores_)) {
    io_.counters().active_speaker_changes.fetch_add(1, std::memory_order_relaxed);
    const auto speaking = speakers_.speaking();
    const std::vector<std::string> list(speaking.begin(), speaking.end());
    for (auto& [id, p] : participants_) p->notify_speakers(speakers_.active(), list);
  }
  const size_t limit = audio_speakers_only_above_;
  const bool only_speakers = limit != 0 && participants_.size() > limit;
  for (auto& [id, p] : participants_)
    p->set_audio_heard(!only_speakers || speakers_.is_heard(id), now);
}

void Room::close_all() {
  for (auto& [id, p] : participants_) p->close();
  participants_.clear();
}

}  // namespace meet::engine
