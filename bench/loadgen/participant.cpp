#include "participant.hpp"

#include <chrono>

#include "common/jwt.hpp"
#include "sdp_text.hpp"
#include "stamp.hpp"

namespace meet::loadgen {

Participant::Participant(RunContext& ctx, ParticipantConfig config)
    : ctx_(ctx), config_(std::move(config)) {
  if (config_.publish) {
    pub_transport_ =
        std::make_unique<MediaTransport>(ctx_.io, ctx_.dtls, ctx_.fingerprint, ctx_.bind);
    publisher_ = std::make_unique<Publisher>(*pub_transport_, config_.stream_base, config_.media);
    pub_transport_->on_packet([this](std::span<uint8_t> plain, bool rtcp) {
      if (rtcp) publisher_->on_rtcp(plain);
    });
  }
  if (config_.subscribe) {
    sub_transport_ =
        std::make_unique<MediaTransport>(ctx_.io, ctx_.dtls, ctx_.fingerprint, ctx_.bind);
    subscriber_ = std::make_unique<Subscriber>(*sub_transport_, ctx_.stats);
    sub_transport_->on_packet([this](std::span<uint8_t> plain, bool rtcp) {
      if (!rtcp) subscriber_->on_rtp(plain, now_us());
    });
  }
}

Participant::~Participant() {
  if (signaling_) signaling_->close();
}

std::string Participant::token() const {
  JoinClaims claims;
  claims.room = config_.room;
  claims.identity = config_.identity;
  claims.name = config_.identity;
  claims.grants = Grants{config_.publish, config_.subscribe, false, false, false};
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  claims.issued_at = now;
  claims.expires_at = now + 3600;
  return sign_join_token(claims, ctx_.token_secret);
}

void Participant::start() {
  signaling_ = std::make_shared<SignalingClient>(
      ctx_.io, [this](const nlohmann::json& m) { on_message(m); },
      [this](const std::string& e) {
        if (error_.empty()) error_ = "signaling " + e;
      });
  signaling_->start(ctx_.host, ctx_.port,
                    {{"type", "join"}, {"id", next_id_++}, {"token", token()}});
}

void Participant::leave() {
  if (!signaling_) return;
  signaling_->send({{"type", "leave"}});
  signaling_->close();
}

void Participant::on_message(const nlohmann::json& msg) {
  const std::string type = msg.value("type", "");
  if (type == "joined" && publisher_) {
    PublishOfferParams p;
    p.ice = &pub_transport_->credentials();
    p.fingerprint = ctx_.fingerprint;
    p.audio_ssrc = config_.media.audio ? publisher_->audio_ssrc() : 0;
    if (config_.media.video) {
      for (size_t i = 0; i < publisher_->video_tracks(); ++i)
        p.video_ssrcs.push_back(publisher_->video_ssrc(i));
    }
    p.cname = config_.identity;
    signaling_->send({{"type", "publish"}, {"id", next_id_++}, {"sdp", publish_offer(p)}});
  } else if (type == "answer") {
    on_answer(msg.value("sdp", ""));
  } else if (type == "offer") {
    on_offer(msg.value("sdp", ""));
  } else if (type == "error") {
    if (error_.empty())
      error_ = "server error " + msg.value("code", "") + ": " + msg.value("message", "");
  } else if (type == "disconnected") {
    if (error_.empty()) error_ = "disconnected " + msg.dump();
  }
}

void Participant::on_answer(const std::string& sdp) {
  auto sd = rtc::SessionDescription::parse(sdp);
  auto server = sd ? server_transport(*sd) : std::nullopt;
  if (!server) {
    error_ = "unusable publish answer";
    return;
  }
  pub_transport_->connect(*server);
}

void Participant::on_offer(const std::string& sdp) {
  auto sd = rtc::SessionDescription::parse(sdp);
  if (!sd || !subscriber_) {
    error_ = "unusable subscriber offer";
    return;
  }
  subscriber_->configure(*sd);
  auto server = server_transport(*sd);
  if (server) sub_transport_->connect(*server);
  signaling_->send(
      {{"type", "subscriber_answer"},
       {"sdp", subscriber_answer(*sd, sub_transport_->credentials(), ctx_.fingerprint)}});
}

bool Participant::media_up() const {
  return (!pub_transport_ || pub_transport_->connected()) &&
         (!sub_transport_ || !config_.receives || sub_transport_->connected());
}

void Participant::tick(SteadyClock::time_point now, int64_t now_us) {
  if (pub_transport_) {
    pub_transport_->tick(now);
    if (ctx_.media_on) publisher_->tick(now_us);
  }
  if (sub_transport_) {
    sub_transport_->tick(now);
    subscriber_->tick(now_us);
  }
}

}  // namespace meet::loadgen
