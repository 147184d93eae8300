#pragma once
// What the room registry and the other members of a room need from one member. A Session in
// production; a fake in the registry's unit tests. Control thread only.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/engine_types.hpp"
#include "engine/room_control.hpp"

namespace meet::signal {

// One track a member publishes: what the room is told about it and what the engine forwards.
struct PublishedTrack {
  engine::TrackInfo info;
  engine::PublishedTrackConfig config;
};

class RoomMember {
 public:
  virtual ~RoomMember() = default;
  virtual const std::string& participant_id() const = 0;
  virtual const std::string& identity() const = 0;
  virtual engine::ParticipantInfo info() const = 0;
  virtual bool is_moderator() const = 0;
  // {"id","identity","name","tracks"}: how the member is shown to the others.
  virtual nlohmann::json participant_json() const = 0;
  // The member's published tracks; pointers stay valid until the member next publishes.
  virtual std::vector<const PublishedTrack*> published_tracks() const = 0;
  virtual void send_text(const std::string& text) = 0;
  // Tells the member why, closes its socket and makes it leave the room (RoomRegistry::leave)
  // before returning.
  virtual void disconnect(engine::DisconnectReason why) = 0;
  // Recomputes what the member subscribes to from the room's tracks.
  virtual void refresh_subscriptions() = 0;
  // A moderator (`by`: their participant id, or "api") mutes one of the member's tracks: the
  // server stops forwarding it and everyone, the member included, gets `track_muted` with
  // `by`, upon which the member's SDK stops sending it. Only the member unmutes it again.
  // False if the track is unknown.
  virtual bool mute_by_moderator(const std::string& track_id, const std::string& by) = 0;
  // Asks the member to unmute a track (`unmute_requested`, to the member only); nothing else
  // changes. False if the track is unknown.
  virtual bool request_unmute(const std::string& track_id, const std::string& by) = 0;
};

}  // namespace meet::signal
