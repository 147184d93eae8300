#include "engine/forwarding_table.hpp"

#include <algorithm>

#include "engine/subscriber_track.hpp"

namespace meet::engine {

void ForwardingTable::link(PublisherTrack& from, SubscriberTrack& to, TimePoint now) {
  if (source(to) == &from) return;
  unlink(to);
  by_source_[&from].push_back(&to);
  by_subscriber_[&to] = &from;
  to.attach(&from, now);
}

void ForwardingTable::unlink(SubscriberTrack& to) {
  auto it = by_subscriber_.find(&to);
  if (it == by_subscriber_.end()) return;
  if (auto s = by_source_.find(it->second); s != by_source_.end()) {
    std::erase(s->second, &to);
    if (s->second.empty()) by_source_.erase(s);
  }
  by_subscriber_.erase(it);
  to.on_source_gone();
}

void ForwardingTable::remove(PublisherTrack& from) {
  auto it = by_source_.find(&from);
  if (it == by_source_.end()) return;
  for (SubscriberTrack* s : it->second) {
    by_subscriber_.erase(s);
    s->on_source_gone();
  }
  by_source_.erase(it);
}

std::span<SubscriberTrack* const> ForwardingTable::subscribers(const PublisherTrack& from) const {
  auto it = by_source_.find(&from);
  if (it == by_source_.end()) return {};
  return it->second;
}

PublisherTrack* ForwardingTable::source(const SubscriberTrack& to) const {
  auto it = by_subscriber_.find(&to);
  return it == by_subscriber_.end() ? nullptr : it->second;
}

}  // namespace meet::engine
