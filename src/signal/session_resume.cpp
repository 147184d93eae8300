// Session: resume within a grace period and ICE restart (docs/protocol.md, "Reconnecting").
#include <boost/asio/post.hpp>

#include "common/crypto.hpp"
#include "common/log.hpp"
#include "rtc/ice/ice_credentials.hpp"
#include "signal/room_registry.hpp"
#include "signal/session.hpp"

namespace meet::signal {

using nlohmann::json;

bool Session::try_resume(const ClientMessage& m) {
  auto old = env_.rooms.resumes().take(m.resume);
  if (!old || old.get() == this || !old->can_resume(m.token)) {
    logger("signal")->info("resume refused: joining afresh");
    return false;
  }
  // This session becomes a pipe: its socket now belongs to `old`.
  closed_ = true;
  idle_timer_.cancel();
  resumed_into_ = old;
  old->adopt(ws_, m.id);
  return true;
}

bool Session::can_resume(const std::string& token) const {
  if (!joined_ || closed_) return false;
  // A resume is not a new admission: the token is checked as of the original join, so one
  // that expired since still proves who it is.
  auto claims = verify_join_token(token, env_.token_secret, joined_at_ms_ / 1000);
  return claims && claims->room == room_ && claims->identity == claims_.identity &&
         claims->issuer == claims_.issuer;
}

void Session::adopt(std::shared_ptr<http::WebSocketConnection> ws, const json& join_id) {
  if (!suspended_) {
    // The old socket is still open as far as we know: it is superseded.
    send(json{{"type", "disconnected"}, {"reason", "resumed"}});
    ws_->close(1000, "resumed");
  }
  suspended_ = false;
  release_suspended_self();
  grace_timer_.cancel();
  ws_ = std::move(ws);
  rate_limit_ = MessageRateLimit{};
  arm_idle_timer();
  issue_resume_token();
  logger("signal")->info("participant resumed room={} participant={}", room_, pid_);
  send(joined_json(join_id, true));
  // Whatever offer was outstanding went to the old socket: start over, restarting ICE.
  plan_.forget_outstanding();
  restart_subscriber_ice();
}

void Session::suspend() {
  suspended_ = true;
  self_while_suspended_ = shared_from_this();
  idle_timer_.cancel();
  logger("signal")->info("participant socket dropped room={} participant={} grace_ms={}", room_,
                         pid_, env_.resume_grace.count());
  grace_timer_.expires_after(env_.resume_grace);
  grace_timer_.async_wait([weak = weak_from_this()](auto ec) {
    auto self = weak.lock();
    if (ec || !self || !self->suspended_) return;
    self->suspended_ = false;
    self->closed_ = true;
    self->leave(engine::DisconnectReason::kTimeout);
  });
}

void Session::release_suspended_self() {
  if (!self_while_suspended_) return;
  boost::asio::post(env_.io, [keep = std::move(self_while_suspended_)] {});
}

void Session::issue_resume_token() {
  if (env_.resume_grace.count() <= 0) return;
  env_.rooms.resumes().remove(resume_token_);
  resume_token_ = "rs_" + random_token(16);
  env_.rooms.resumes().add(resume_token_, weak_from_this());
}

void Session::on_ice_restart(const ClientMessage& m) {
  reply_ok(m.id);
  restart_subscriber_ice();
}

void Session::restart_subscriber_ice() {
  plan_.restart_ice();
  send_subscriber_offer();
}

json Session::joined_json(const json& join_id, bool resumed) const {
  json others = json::array();
  for (auto* s : env_.rooms.sessions(room_)) {
    if (s != this) others.push_back(s->participant_json());
  }
  const auto& g = claims_.grants;
  json room = {{"id", room_},
               {"features", policy_.features},
               {"participants", others},
               {"chat", env_.rooms.chat_history(room_)},
               {"recording", recording_json()}};
  if (g.moderator) room["lobby"] = env_.rooms.lobby().to_json(room_);
  json joined{{"type", "joined"},
              {"id", join_id},
              {"participant",
               {{"id", pid_},
                {"identity", claims_.identity},
                {"name", claims_.name},
                {"grants",
                 {{"publish", g.publish},
                  {"subscribe", g.subscribe},
                  {"publish_data", g.publish_data},
                  {"record", g.record},
                  {"moderator", g.moderator}}}}},
              {"room", room},
              {"ice_servers", env_.ice_servers(claims_.identity)},
              {"resumed", resumed}};
  if (!resume_token_.empty()) {
    joined["resume"] = {
        {"token", resume_token_},
        {"grace_s", std::chrono::duration_cast<std::chrono::seconds>(env_.resume_grace).count()}};
  }
  return joined;
}

}  // namespace meet::signal
