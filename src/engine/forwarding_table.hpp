#pragma once
// Who forwards to whom in one room: for each publisher track, the subscriber tracks (m-lines of
// other participants' subscriber connections) that carry it. The room owns the table and the
// participants link and unlink through it as their tracks come and go, so neither kind of track
// keeps a pointer to the other that destructors must keep in step: a track leaves the table
// before it is destroyed (Participant does that), and the table tells a subscriber when its
// source goes. Worker thread only; no allocation once the room's links exist.
#include <chrono>
#include <span>
#include <unordered_map>
#include <vector>

namespace meet::engine {

class PublisherTrack;
class SubscriberTrack;
using TimePoint = std::chrono::steady_clock::time_point;

class ForwardingTable {
 public:
  // Makes `to` carry `from` (leaving any source it had) and attaches it.
  void link(PublisherTrack& from, SubscriberTrack& to, TimePoint now);
  // `to` carries nothing any more (it is going away, or its m-line changed). No-op if unlinked.
  void unlink(SubscriberTrack& to);
  // `from` is going away: each subscriber carrying it is told (on_source_gone) and unlinked.
  void remove(PublisherTrack& from);

  // The subscribers carrying `from`, in the order they were linked; valid until the next change.
  std::span<SubscriberTrack* const> subscribers(const PublisherTrack& from) const;
  // What `to` carries, or nullptr.
  PublisherTrack* source(const SubscriberTrack& to) const;
  size_t links() const { return by_subscriber_.size(); }

 private:
  std::unordered_map<const PublisherTrack*, std::vector<SubscriberTrack*>> by_source_;
  std::unordered_map<const SubscriberTrack*, PublisherTrack*> by_subscriber_;
};

}  // namespace meet::engine
