#include "meet_signaling.hpp"

#include <chrono>

#include "common/jwt.hpp"
#include "participant.hpp"

namespace meet::loadgen {

MeetSignaling::MeetSignaling(RunContext& ctx, Participant& participant)
    : ctx_(ctx), participant_(participant) {}

MeetSignaling::~MeetSignaling() {
  if (client_) client_->close();
}

std::string MeetSignaling::token() const {
  const ParticipantConfig& config = participant_.config();
  JoinClaims claims;
  claims.room = config.room;
  claims.identity = config.identity;
  claims.name = config.identity;
  claims.grants = Grants{config.publish, config.subscribe, false, false, false};
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  claims.issued_at = now;
  claims.expires_at = now + 3600;
  return sign_join_token(claims, ctx_.token_secret);
}

void MeetSignaling::start() {
  client_ = std::make_shared<SignalingClient>(
      ctx_.io, [this](const nlohmann::json& m) { on_message(m); },
      [this](const std::string& e) { participant_.fail("signaling " + e); },
      SignalingClient::Options{});
  client_->start(ctx_.host, ctx_.port, {{"type", "join"}, {"id", next_id_++}, {"token", token()}});
}

void MeetSignaling::leave() {
  if (!client_) return;
  client_->send({{"type", "leave"}});
  client_->close();
}

void MeetSignaling::on_message(const nlohmann::json& msg) {
  const std::string type = msg.value("type", "");
  if (type == "joined" && participant_.publisher()) {
    client_->send({{"type", "publish"},
                   {"id", next_id_++},
                   {"sdp", participant_.publish_offer(/*with_candidate=*/false)}});
  } else if (type == "answer") {
    participant_.on_publish_answer(msg.value("sdp", ""));
  } else if (type == "offer") {
    if (auto answer = participant_.answer_subscriber_offer(msg.value("sdp", ""), false))
      client_->send({{"type", "subscriber_answer"}, {"sdp", *answer}});
  } else if (type == "error") {
    participant_.fail("server error " + msg.value("code", "") + ": " + msg.value("message", ""));
  } else if (type == "disconnected") {
    participant_.fail("disconnected " + msg.dump());
  }
}

}  // namespace meet::loadgen
