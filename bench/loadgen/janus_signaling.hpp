#pragma once
// The Janus VideoRoom API (Janus 1.x, janus.plugin.videoroom, multistream) for one participant,
// over Janus's WebSocket transport (subprotocol "janus-protocol"): create a session, attach a
// publisher handle and a subscriber handle, create the room unless it exists, `join` as
// publisher and `configure` with our offer; the subscriber handle polls `listparticipants` until
// every other publisher is up (Janus answers 428 "No such feed" before its webrtcup), then
// `join`s as subscriber with those feeds (or `subscribe`s to more) and answers Janus's offer with
// `start`. A keepalive every 15 s. Requests are matched to replies by transaction; "ack"s are
// skipped, so an asynchronous request's reply is the event carrying its transaction.
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "signaling.hpp"
#include "signaling_client.hpp"

namespace meet::loadgen {

class Participant;
struct RunContext;

class JanusSignaling : public Signaling {
 public:
  JanusSignaling(RunContext& ctx, Participant& participant);
  ~JanusSignaling() override;

  void start() override;
  void leave() override;
  void tick(int64_t now_us) override;

  // The numeric VideoRoom id of a load-generator room name (FNV-1a, 52 bits: exact in JSON).
  static uint64_t room_id(const std::string& room);

 private:
  using Reply = std::function<void(const nlohmann::json&)>;

  // Adds a transaction (and the session id once known) and remembers `on_reply` for it.
  nlohmann::json with_transaction(nlohmann::json msg, Reply on_reply);
  void send(nlohmann::json msg, Reply on_reply);
  void message(uint64_t handle, nlohmann::json body, Reply on_reply,
               std::optional<nlohmann::json> jsep = std::nullopt);
  void on_message(const nlohmann::json& msg);

  void attach(uint64_t& handle, std::function<void()> then);
  void create_room();
  void join_as_publisher();
  void publish();
  void poll_feeds();
  void subscribe(const std::vector<uint64_t>& feeds);
  void on_subscriber_reply(const nlohmann::json& msg, const std::vector<uint64_t>& feeds);
  bool wants_feeds() const;

  RunContext& ctx_;
  Participant& participant_;
  std::shared_ptr<SignalingClient> client_;
  std::unordered_map<std::string, Reply> pending_;
  uint64_t next_transaction_ = 1;
  uint64_t room_ = 0;
  uint64_t session_ = 0;
  uint64_t pub_handle_ = 0;
  uint64_t sub_handle_ = 0;
  uint64_t own_feed_ = 0;
  std::set<uint64_t> subscribed_;
  bool room_ready_ = false;
  bool sub_joined_ = false;
  bool sub_busy_ = false;  // a join/subscribe waits for its offer, or our start for its reply
  bool poll_busy_ = false;
  int64_t next_poll_us_ = 0;
  int64_t next_keepalive_us_ = 0;
};

}  // namespace meet::loadgen
