#include "engine/engine.hpp"

#include <functional>

#include "engine/room.hpp"
#include "rtc/ice/ice_candidate.hpp"

namespace meet::engine {

Engine::Engine(EngineOptions options, boost::asio::io_context& control)
    : options_(std::move(options)), control_(control) {
  certificate_ = rtc::DtlsCertificate::generate();
  dtls_ = std::make_unique<rtc::DtlsContext>(certificate_);
  fingerprint_ = certificate_->fingerprint_sha256();
  int n = std::max(1, options_.workers);
  for (int i = 0; i < n; ++i) {
    WorkerOptions w;
    w.index = i;
    w.bind_address = options_.bind_address;
    w.udp_port = options_.udp_port == 0 ? 0 : static_cast<uint16_t>(options_.udp_port + i);
    w.tcp_port = options_.tcp_port == 0 ? 0 : static_cast<uint16_t>(options_.tcp_port + i);
    w.enable_udp = options_.enable_udp;
    w.enable_tcp = options_.enable_tcp;
    w.audio_speakers_only_above = options_.audio_speakers_only_above;
    workers_.push_back(std::make_unique<MediaWorker>(w, *dtls_, control_));
  }
}

Engine::~Engine() {
  stop();
}

void Engine::start() {
  for (auto& w : workers_) w->start();
}

void Engine::stop() {
  for (auto& w : workers_) w->stop();
}

MediaWorker& Engine::worker_for(const std::string& room) const {
  return *workers_[std::hash<std::string>{}(room) % workers_.size()];
}

std::vector<std::string> Engine::candidates_for(const std::string& room) const {
  auto& w = worker_for(room);
  std::vector<std::string> out;
  auto ip = boost::asio::ip::make_address(options_.public_ip);
  if (options_.enable_udp) {
    out.push_back(rtc::IceCandidate::host_udp(ip, w.udp_port()).to_sdp());
  }
  if (options_.enable_tcp) {
    out.push_back(rtc::IceCandidate::host_tcp_passive(ip, w.tcp_port()).to_sdp());
  }
  return out;
}

template <typename F>
void Engine::with_participant(const std::string& room, const std::string& pid, F&& fn) {
  auto& w = worker_for(room);
  w.post([&w, room, pid, fn = std::forward<F>(fn)]() mutable {
    auto* r = w.find_room(room);
    if (!r) return;
    if (auto* p = r->find(pid)) fn(*r, *p);
  });
}

void Engine::add_participant(const std::string& room, const std::string& pid,
                             std::weak_ptr<ParticipantEvents> events) {
  auto& w = worker_for(room);
  w.post([&w, room, pid, events = std::move(events)]() mutable {
    w.room(room).add_participant(pid, std::move(events));
  });
}

void Engine::remove_participant(const std::string& room, const std::string& pid) {
  auto& w = worker_for(room);
  w.post([&w, room, pid] {
    if (auto* r = w.find_room(room)) r->remove_participant(pid);
    w.remove_room_if_empty(room);
  });
}

void Engine::set_transport(const std::string& room, const std::string& pid, TransportKind kind,
                           TransportParams params) {
  with_participant(room, pid, [kind, params = std::move(params)](Room&, Participant& p) {
    p.set_transport(kind, params);
  });
}

void Engine::set_published_tracks(const std::string& room, const std::string& pid,
                                  std::vector<PublishedTrackConfig> tracks) {
  with_participant(room, pid, [tracks = std::move(tracks)](Room& r, Participant& p) mutable {
    p.set_published_tracks(std::move(tracks));
    r.relink(p.io().now());
  });
}

void Engine::set_subscriptions(const std::string& room, const std::string& pid,
                               std::vector<SubscriptionConfig> subs) {
  with_participant(room, pid, [subs = std::move(subs)](Room&, Participant& p) mutable {
    p.set_subscriptions(std::move(subs), p.io().now());
  });
}

void Engine::set_track_muted(const std::string& room, const std::string& pid,
                             const std::string& track_id, bool muted) {
  with_participant(
      room, pid, [track_id, muted](Room&, Participant& p) { p.set_track_muted(track_id, muted); });
}

void Engine::set_track_views(const std::string& room, const std::string& pid,
                             std::vector<TrackView> views) {
  with_participant(room, pid,
                   [views = std::move(views)](Room&, Participant& p) { p.set_track_views(views); });
}

void Engine::subscriber_stats(const std::string& room, const std::string& pid,
                              std::function<void(std::optional<SubscriberStats>)> done) {
  auto& w = worker_for(room);
  w.post([&w, room, pid, done = std::move(done)]() mutable {
    std::optional<SubscriberStats> stats;
    if (auto* r = w.find_room(room)) {
      if (auto* p = r->find(pid)) stats = p->subscriber_stats();
    }
    w.post_control(
        [done = std::move(done), stats = std::move(stats)]() mutable { done(std::move(stats)); });
  });
}

}  // namespace meet::engine

namespace meet::engine {

void Engine::set_recording_tap(const std::string& room, std::shared_ptr<RecordingTap> tap) {
  auto& w = worker_for(room);
  w.post([&w, room, tap = std::move(tap)]() mutable { w.set_recording_tap(room, std::move(tap)); });
}

void Engine::request_keyframe(const std::string& room, const std::string& pid,
                              const std::string& track_id) {
  with_participant(room, pid, [track_id](Room&, Participant& p) {
    if (auto* t = p.find_track(track_id)) {
      t->request_recording_keyframe(p.io().now());
    }
  });
}

}  // namespace meet::engine
