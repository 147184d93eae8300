#pragma once
// The media engine as the control plane sees it: media workers (one thread per core, each
// with its own ports), room placement, and operations posted to the worker owning a room.
// Every public function is called on the control thread and never blocks on a worker.
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine_types.hpp"
#include "engine/media_worker.hpp"
#include "engine/participant_events.hpp"
#include "engine/recording_tap.hpp"
#include "rtc/dtls/dtls_certificate.hpp"
#include "rtc/dtls/dtls_context.hpp"

namespace meet::engine {

struct EngineOptions {
  int workers = 1;
  std::string bind_address = "0.0.0.0";
  std::string public_ip = "127.0.0.1";  // what candidates advertise
  uint16_t udp_port = 40000;            // worker i uses udp_port + i (0: any free port)
  uint16_t tcp_port = 40000;            // worker i uses tcp_port + i (0: any free port)
  bool enable_udp = true;
  bool enable_tcp = true;
  // Rooms with more participants forward only the audio of the few loudest (0: never).
  size_t audio_speakers_only_above = 20;
};

class Engine {
 public:
  Engine(EngineOptions options, boost::asio::io_context& control);
  ~Engine();

  void start();  // binds every worker's sockets; throws on failure
  void stop();   // closes every transport and joins the workers

  const std::string& fingerprint_sha256() const { return fingerprint_; }
  // ICE candidate attribute values ("candidate:...") for a client of `room`.
  std::vector<std::string> candidates_for(const std::string& room) const;

  void add_participant(const std::string& room, const std::string& pid,
                       std::weak_ptr<ParticipantEvents> events);
  void remove_participant(const std::string& room, const std::string& pid);
  void set_transport(const std::string& room, const std::string& pid, TransportKind kind,
                     TransportParams params);
  void set_published_tracks(const std::string& room, const std::string& pid,
                            std::vector<PublishedTrackConfig> tracks);
  void set_subscriptions(const std::string& room, const std::string& pid,
                         std::vector<SubscriptionConfig> subs);
  void set_track_muted(const std::string& room, const std::string& pid, const std::string& track_id,
                       bool muted);
  // How the participant's client shows the tracks it receives (layer choice, pauses).
  void set_track_views(const std::string& room, const std::string& pid,
                       std::vector<TrackView> views);
  // The participant's subscriber connection figures, handed to `done` on the control thread
  // (nullopt when the participant is not on a worker any more).
  void subscriber_stats(const std::string& room, const std::string& pid,
                        std::function<void(std::optional<SubscriberStats>)> done);

  // Recorder hooks. Thread-safe after start() (they only post to the room's worker).
  // Hands every packet and sender report of `room` to `tap` (null: stops tapping).
  void set_recording_tap(const std::string& room, std::shared_ptr<RecordingTap> tap);
  // Asks the publisher of a video track for a keyframe (throttled like a subscriber's PLI).
  void request_keyframe(const std::string& room, const std::string& pid,
                        const std::string& track_id);

 private:
  MediaWorker& worker_for(const std::string& room) const;
  template <typename F>
  void with_participant(const std::string& room, const std::string& pid, F&& fn);

  EngineOptions options_;
  boost::asio::io_context& control_;
  std::shared_ptr<const rtc::DtlsCertificate> certificate_;
  std::unique_ptr<rtc::DtlsContext> dtls_;
  std::string fingerprint_;
  std::vector<std::unique_ptr<MediaWorker>> workers_;
};

}  // namespace meet::engine
