#pragma once
// A room on its media worker: owns its participants and links subscribers to publishers.
// Worker thread only; the control plane reaches it through Engine, which posts here.
#include <memory>
#include <string>
#include <unordered_map>

#include "engine/active_speaker_detector.hpp"
#include "engine/forwarding_table.hpp"
#include "engine/participant.hpp"
#include "engine/recording_tap.hpp"

namespace meet::engine {

class WorkerIo;

class Room {
 public:
  // Reaches its thread's sockets, clock and counters through `io` (the MediaWorker, or a fake
  // in tests). Above `audio_speakers_only_above` participants (0: never) only the loudest
  // speakers' audio is forwarded (EngineOptions).
  Room(std::string id, WorkerIo& io, size_t audio_speakers_only_above = 0);
  ~Room();

  const std::string& id() const { return id_; }
  bool empty() const { return participants_.empty(); }

  Participant& add_participant(const std::string& pid, std::weak_ptr<ParticipantEvents> events);
  void remove_participant(const std::string& pid);
  Participant* find(const std::string& pid);
  PublisherTrack* find_track(const std::string& publisher_id, const std::string& track_id);
  // Re-links subscriptions after tracks appeared.
  void relink(TimePoint now);
  void tick(TimePoint now);
  void close_all();
  // The recorder's tap (null: not recorded). Its tracks call it for every packet.
  void set_recording_tap(std::shared_ptr<RecordingTap> tap) { tap_ = std::move(tap); }
  RecordingTap* recording_tap() const { return tap_.get(); }
  // Which subscriber tracks carry which publisher track (worker thread).
  ForwardingTable& forwarding() { return forwarding_; }
  const ForwardingTable& forwarding() const { return forwarding_; }

 private:
  // Every kSpeakerInterval: scores each participant's audio, tells everyone when the active
  // speaker changes and, in a room above the configured size, mutes the forwarding of all but
  // the loudest few.
  void update_speakers(TimePoint now);

  std::string id_;
  WorkerIo& io_;
  size_t audio_speakers_only_above_;
  // Before participants_: their tracks leave it as they are destroyed.
  ForwardingTable forwarding_;
  std::unordered_map<std::string, std::unique_ptr<Participant>> participants_;
  ActiveSpeakerDetector speakers_;
  std::vector<SpeakerScore> scores_;  // reused by update_speakers
  TimePoint last_speaker_update_{};
  std::shared_ptr<RecordingTap> tap_;
};

}  // namespace meet::engine
