#include "engine/room.hpp"

#include "engine/media_worker.hpp"

namespace meet::engine {

Room::Room(std::string id, MediaWorker& worker) : id_(std::move(id)), worker_(worker) {}

Room::~Room() {
  close_all();
}

Participant& Room::add_participant(const std::string& pid,
                                   std::weak_ptr<ParticipantEvents> events) {
  auto& slot = participants_[pid];
  if (slot) slot->close();
  slot = std::make_unique<Participant>(pid, *this, worker_, std::move(events));
  return *slot;
}

void Room::remove_participant(const std::string& pid) {
  auto it = participants_.find(pid);
  if (it == participants_.end()) return;
  it->second->close();
  // Subscriber tracks of others pointing at its tracks are unlinked by ~PublisherTrack.
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
}

void Room::close_all() {
  for (auto& [id, p] : participants_) p->close();
  participants_.clear();
}

}  // namespace meet::engine
