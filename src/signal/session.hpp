#pragma once
// One participant's signaling session over a WebSocket (docs/protocol.md): join with a token,
// publish and subscribe negotiation, mute, moderation, keepalive. Control thread only.
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/jwt.hpp"
#include "engine/engine.hpp"
#include "engine/participant_events.hpp"
#include "engine/room_control.hpp"
#include "http/websocket_connection.hpp"
#include "http/websocket_handler.hpp"
#include "signal/chat_line.hpp"
#include "signal/error_code.hpp"
#include "signal/hand_state.hpp"
#include "signal/join_check.hpp"
#include "signal/message_rate_limit.hpp"
#include "signal/room_member.hpp"
#include "signal/signal_message.hpp"
#include "signal/subscriber_plan.hpp"

namespace meet::signal {

class RoomRegistry;

// What a session needs from the platform around it; app/ wires it.
struct SessionEnvironment {
  engine::Engine& engine;
  RoomRegistry& rooms;
  boost::asio::io_context& io;
  // Secret of a token by its issuer and key id ("" when absent); nullopt rejects the token.
  TokenSecretLookup token_secret;
  // Admission of an API token (issuer = tenant) for a room: refused ("room_closed",
  // "invalid_token" for another tenant's meeting) or the meeting's participant limit.
  std::function<Admission(const std::string& room, const std::string& tenant)> admit;
  // ICE servers for a participant (STUN/TURN entries, RTCIceServer shaped).
  std::function<nlohmann::json(const std::string& identity)> ice_servers;
  // The policy of the meeting behind an API-minted token.
  std::function<MeetingPolicy(const std::string& room)> meeting_policy;
  // What a room of a development token allows: every feature, no lobby.
  MeetingPolicy default_policy;
  // Called for each chat message in a meeting of an API-minted token (to store it).
  std::function<void(const std::string& room, const ChatLine& line)> chat_sent;
  // How long a participant outlives its dropped socket, waiting for a resume (0: never).
  std::chrono::milliseconds resume_grace = std::chrono::seconds(20);
  // Host recording control (session_recording.cpp); unset: recording is not available.
  // start/stop return an error code ("already_recording", "not_recording", ...) or nullopt.
  std::function<std::optional<std::string>(const std::string& room, bool start)> recording;
  // The recording running in a room, if any (for `joined`).
  std::function<std::optional<std::string>(const std::string& room)> recording_of;
  // Runs a job that reads the database (a join's token and admission lookups) off the control
  // loop; false when refused (its queue is full). Unset: jobs run inline (unit tests).
  std::function<bool(std::function<void()>)> run_off_loop;
};

class Session : public engine::ParticipantEvents,
                public RoomMember,
                public std::enable_shared_from_this<Session> {
 public:
  Session(SessionEnvironment& env, std::shared_ptr<http::WebSocketConnection> ws);
  ~Session() override;

  void start();
  // The socket this session talks through now (a resume hands it another one).
  const std::shared_ptr<http::WebSocketConnection>& socket() const { return ws_; }
  void on_message(std::string_view text);
  // The client sent a frame over the 64 KiB limit: answers `too_large`, then closes (1009).
  void on_message_too_large();
  void on_close();

  // RoomMember
  const std::string& participant_id() const override { return pid_; }
  const std::string& identity() const override { return claims_.identity; }
  engine::ParticipantInfo info() const override;
  bool is_moderator() const override { return claims_.grants.moderator; }
  nlohmann::json participant_json() const override;
  std::vector<const PublishedTrack*> published_tracks() const override;
  void send_text(const std::string& text) override;
  // Tells the client why, closes the socket and leaves the room.
  void disconnect(engine::DisconnectReason why) override;
  // Recomputes the subscriber m-lines from the room's tracks; sends an offer when needed.
  void refresh_subscriptions() override;
  bool mute_by_moderator(const std::string& track_id, const std::string& by) override;
  bool request_unmute(const std::string& track_id, const std::string& by) override;
  nlohmann::json set_hand_raised(bool raised, int64_t now_ms) override;

  // {"id","identity","name"}: how a waiting participant is shown to moderators.
  nlohmann::json lobby_json() const;
  void send(const nlohmann::json& message) { send_text(message.dump()); }

  // engine::ParticipantEvents
  void on_transport_connected(engine::TransportKind kind) override;
  void on_speakers_changed(const std::string& active,
                           const std::vector<std::string>& speaking) override;
  void on_transport_failed(engine::TransportKind kind, engine::TransportFailure why) override;

 private:
  void handle(const ClientMessage& m);
  void on_join(const ClientMessage& m);
  // Back on the control loop with the store's answer for a join (join_check.hpp).
  void finish_join(const nlohmann::json& join_id, JoinCheck check);
  // The meeting's participant limit is reached (counted on the loop, where joins happen).
  bool room_is_full() const;
  void on_publish(const ClientMessage& m);
  void on_subscriber_answer(const ClientMessage& m);
  void on_unpublish(const ClientMessage& m);
  void on_mute(const ClientMessage& m);
  // Sets a track's mute state, tells the engine and the room (`by`: "" for the owner).
  bool apply_mute(const std::string& track_id, bool muted, const std::string& by);
  void on_mute_participant(const ClientMessage& m);
  void on_remove_participant(const ClientMessage& m);
  void on_chat(const ClientMessage& m);
  void on_hand(const ClientMessage& m);
  void on_lobby_decision(const ClientMessage& m);
  void on_ice_restart(const ClientMessage& m);

  // Resume (session_resume.cpp, docs/protocol.md "Reconnecting").
  // Tries to hand this join to the suspended session its `resume` names; true if done.
  bool try_resume(const ClientMessage& m);
  // Whether `token` proves the same participant (signature, room, identity; not expiry).
  bool can_resume(const std::string& token) const;
  // Takes over `ws` from a reconnecting client and answers its join with `joined`.
  void adopt(std::shared_ptr<http::WebSocketConnection> ws, const nlohmann::json& join_id);
  // The socket dropped: keep the participant for the grace period.
  void suspend();
  void issue_resume_token();
  // Next subscriber offer restarts ICE (new credentials; the answer re-sets the transport).
  void restart_subscriber_ice();
  nlohmann::json joined_json(const nlohmann::json& join_id, bool resumed) const;
  void on_recording(const ClientMessage& m);  // session_recording.cpp
  nlohmann::json recording_json() const;      // {"active":..,"recording_id":..}
  // session_quality.cpp: what the client shows (`track_view`) and its figures (`get_stats`).
  void on_track_view(const ClientMessage& m);
  void on_get_stats(const ClientMessage& m);
  void wait_in_lobby(const nlohmann::json& join_id);
  // Called on a waiting session by the moderator's session: enter the room or be refused.
  void leave_lobby(bool admitted);
  void enter_room(const nlohmann::json& join_id);
  // Answers the join request with `code`, closes the socket.
  void refuse_join(const nlohmann::json& join_id, ErrorCode code, const std::string& message);
  bool has_feature(std::string_view feature) const;
  void reply_error(const nlohmann::json& id, ErrorCode code, const std::string& message);
  void reply_ok(const nlohmann::json& id);
  void send_subscriber_offer();
  void push_published_tracks();
  void leave(engine::DisconnectReason why);
  void arm_idle_timer();
  // Drops self_while_suspended_ once the current handler has returned.
  void release_suspended_self();
  // Ends the session for abuse: an error frame `code`, then close `close_code`, and leaves.
  void drop_abusive(ErrorCode code, const std::string& message, uint16_t close_code);
  static nlohmann::json track_json(const engine::TrackInfo& t);

  SessionEnvironment& env_;
  std::shared_ptr<http::WebSocketConnection> ws_;
  boost::asio::steady_timer idle_timer_;
  boost::asio::steady_timer grace_timer_;
  JoinClaims claims_;
  std::string pid_;
  std::string room_;
  bool joined_ = false;
  bool waiting_ = false;          // in the lobby (docs/protocol.md, `lobby`)
  bool checking_ = false;         // a join's lookups run off the loop
  int64_t max_participants_ = 0;  // of the meeting, at join (0: no limit)
  nlohmann::json join_id_;        // the join request's id, answered when the lobby decides
  bool closed_ = false;
  int64_t joined_at_ms_ = 0;
  MeetingPolicy policy_;  // of the meeting, fixed at join
  HandState hand_;

  // Resume: the token a reconnecting client presents, and whether the socket is gone.
  std::string resume_token_;
  bool suspended_ = false;
  // Set on a session whose join resumed another one: everything goes to that one.
  std::shared_ptr<Session> resumed_into_;
  // A suspended session has no socket and so no handler owning it: it owns itself until a
  // resume adopts it or it leaves (the room registry holds members by raw pointer).
  std::shared_ptr<Session> self_while_suspended_;

  // Publisher side.
  engine::TransportParams publisher_transport_;
  std::map<std::string, PublishedTrack> published_;  // by track id
  std::map<std::string, std::string> track_by_mid_;
  int next_track_ = 1;

  // Subscriber side: its m-lines, ICE credentials and offer/answer state.
  SubscriberPlan plan_;

  // Keepalive and rate limiting.
  MessageRateLimit rate_limit_;
};

// Adapts a Session to the HTTP layer's WebSocket handler (which owns it uniquely).
// A session may outlive its socket and take another (a resume): the handler of the old
// socket then no longer reaches it.
class SessionHandler : public http::WebSocketHandler {
 public:
  explicit SessionHandler(std::shared_ptr<Session> s)
      : session_(std::move(s)), socket_(session_->socket().get()) {}
  void on_message(std::string_view text) override {
    if (current()) session_->on_message(text);
  }
  void on_message_too_large() override {
    if (current()) session_->on_message_too_large();
  }
  void on_close() override {
    if (current()) session_->on_close();
  }

 private:
  bool current() const { return session_->socket().get() == socket_; }
  std::shared_ptr<Session> session_;
  const http::WebSocketConnection* socket_;
};

}  // namespace meet::signal
