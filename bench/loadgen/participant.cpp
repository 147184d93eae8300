#include "participant.hpp"

#include "janus_signaling.hpp"
#include "meet_signaling.hpp"
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

Participant::~Participant() = default;

void Participant::start() {
  if (ctx_.server == ServerKind::kJanus)
    signaling_ = std::make_unique<JanusSignaling>(ctx_, *this);
  else
    signaling_ = std::make_unique<MeetSignaling>(ctx_, *this);
  signaling_->start();
}

void Participant::leave() {
  if (signaling_) signaling_->leave();
}

void Participant::fail(const std::string& why) {
  if (error_.empty()) error_ = why;
}

std::string Participant::publish_offer(bool with_candidate) const {
  PublishOfferParams p;
  p.ice = &pub_transport_->credentials();
  p.fingerprint = ctx_.fingerprint;
  p.audio_ssrc = config_.media.audio ? publisher_->audio_ssrc() : 0;
  if (config_.media.video) {
    for (size_t i = 0; i < publisher_->video_tracks(); ++i)
      p.video_ssrcs.push_back(publisher_->video_ssrc(i));
  }
  p.cname = config_.identity;
  if (with_candidate) p.candidate = pub_transport_->local_endpoint();
  return loadgen::publish_offer(p);
}

void Participant::on_publish_answer(const std::string& sdp) {
  auto sd = rtc::SessionDescription::parse(sdp);
  auto server = sd ? server_transport(*sd) : std::nullopt;
  if (!server || !pub_transport_) return fail("unusable publish answer");
  pub_transport_->connect(*server);
}

std::optional<std::string> Participant::answer_subscriber_offer(const std::string& sdp,
                                                                bool with_candidate) {
  auto sd = rtc::SessionDescription::parse(sdp);
  if (!sd || !subscriber_) {
    fail("unusable subscriber offer");
    return std::nullopt;
  }
  subscriber_->configure(*sd);
  auto server = server_transport(*sd);
  if (server) sub_transport_->connect(*server);
  std::optional<udp::endpoint> candidate;
  if (with_candidate) candidate = sub_transport_->local_endpoint();
  return subscriber_answer(*sd, sub_transport_->credentials(), ctx_.fingerprint, candidate);
}

bool Participant::media_up() const {
  return (!pub_transport_ || pub_transport_->connected()) &&
         (!sub_transport_ || !config_.receives || sub_transport_->connected());
}

void Participant::tick(SteadyClock::time_point now, int64_t now_us) {
  if (signaling_) signaling_->tick(now_us);
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
