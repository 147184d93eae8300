#include "engine/webrtc_transport.hpp"

#include "common/log.hpp"
#include "rtc/rtp/rtp_rtcp_demux.hpp"

namespace meet::engine {
namespace {

// A client that never completes ICE + DTLS within this long is dropped.
constexpr auto kConnectTimeout = std::chrono::seconds(30);

}  // namespace

WebRtcTransport::WebRtcTransport(TransportKind kind, const TransportParams& params, WorkerIo& host,
                                 Listener& listener)
    : kind_(kind),
      params_(params),
      host_(host),
      listener_(listener),
      ice_(rtc::IceCredentials{params.local_ufrag, params.local_pwd}, params.remote_ufrag),
      dtls_(std::make_unique<rtc::DtlsTransport>(
          host.dtls(), params.dtls_client ? rtc::DtlsRole::kClient : rtc::DtlsRole::kServer,
          static_cast<rtc::DtlsTransport::Listener&>(*this))) {
  if (!dtls_->set_remote_fingerprint(params.remote_fingerprint_algorithm,
                                     params.remote_fingerprint)) {
    dead_ = true;  // an unusable fingerprint: the handshake could never be verified
  }
  // A server waits for the ClientHello; a client starts once ICE gives it somewhere to send.
  if (!params.dtls_client) start_dtls(host_.now());
}

void WebRtcTransport::start_dtls(TimePoint now) {
  if (dtls_started_ || dead_) return;
  dtls_started_ = true;
  dtls_->start(now);
}

WebRtcTransport::~WebRtcTransport() = default;

void WebRtcTransport::set_peer(const rtc::Endpoint& from, const char* why, TimePoint now) {
  if (peer_ == from) return;
  // The browser's ICE chose its first path, or moved to another one.
  const auto ms =
      first_check_
          ? std::chrono::duration_cast<std::chrono::milliseconds>(now - *first_check_).count()
          : 0;
  logger("engine")->info("transport path {} by {} after {} ms{}", from.tcp ? "tcp" : "udp", why, ms,
                         peer_ ? (peer_->tcp ? " (was tcp)" : " (was udp)") : "");
  peer_ = from;
}

void WebRtcTransport::on_stun(const rtc::StunMessage& msg, std::span<const uint8_t> raw,
                              const rtc::Endpoint& from, TimePoint now) {
  auto response = ice_.handle_binding_request(msg, raw, from, now);
  if (!response) {
    host_.count_drop(response.error() == rtc::IceError::kUdpPreferred
                         ? DropReason::kTcpCheckUdpPreferred
                         : DropReason::kStunAuthFailed);
    return;
  }
  if (!first_check_) first_check_ = now;
  if (msg.use_candidate()) set_peer(from, "nomination", now);
  host_.bind_endpoint(from, *this);
  host_.send_datagram(from, response.value());
  if (params_.dtls_client && destination()) start_dtls(now);
}

void WebRtcTransport::on_dtls(std::span<const uint8_t> record, const rtc::Endpoint& from,
                              TimePoint now) {
  if (dead_) return;
  set_peer(from, "dtls", now);
  if (!dtls_->handle_datagram(record, now)) host_.count_drop(DropReason::kDtlsError);
}

void WebRtcTransport::on_srtp(std::span<uint8_t> buffer, size_t len, const rtc::Endpoint& from,
                              TimePoint now) {
  if (!srtp_in_) {
    host_.count_drop(DropReason::kNotConnected);
    return;
  }
  auto bytes = buffer.first(len);
  if (rtc::is_rtcp(bytes)) {
    auto plain = srtp_in_->unprotect_rtcp(buffer, len);
    if (!plain) {
      host_.count_drop(DropReason::kSrtpError);
      return;
    }
    set_peer(from, "srtcp", now);
    listener_.on_rtcp(*this, buffer.first(plain.value()), now);
    return;
  }
  auto plain = srtp_in_->unprotect_rtp(buffer, len);
  if (!plain) {
    host_.count_drop(DropReason::kSrtpError);
    return;
  }
  set_peer(from, "srtp", now);
  auto packet = rtc::RtpPacket::parse(buffer.first(plain.value()));
  if (!packet) {
    host_.count_drop(DropReason::kMalformedRtp);
    return;
  }
  listener_.on_rtp(*this, packet.value(), now);
}

void WebRtcTransport::send_rtp(std::span<uint8_t> buffer, size_t len) {
  auto to = destination();
  if (!srtp_out_ || !to) return;
  auto out = srtp_out_->protect_rtp(buffer, len);
  if (!out) {
    host_.count_drop(DropReason::kSrtpError);
    return;
  }
  host_.send_datagram(*to, buffer.first(out.value()));
}

void WebRtcTransport::send_rtcp(std::span<uint8_t> buffer, size_t len) {
  auto to = destination();
  if (!srtp_out_ || !to) return;
  auto out = srtp_out_->protect_rtcp(buffer, len);
  if (!out) {
    host_.count_drop(DropReason::kSrtpError);
    return;
  }
  host_.send_datagram(*to, buffer.first(out.value()));
}

bool WebRtcTransport::restart_ice(const TransportParams& params) {
  if (dead_ || params.remote_fingerprint != params_.remote_fingerprint ||
      params.remote_fingerprint_algorithm != params_.remote_fingerprint_algorithm) {
    return false;
  }
  params_.local_ufrag = params.local_ufrag;
  params_.local_pwd = params.local_pwd;
  params_.remote_ufrag = params.remote_ufrag;
  params_.remote_pwd = params.remote_pwd;
  // A fresh agent: no pair selected, so consent is judged again from the first new check.
  ice_ = rtc::IceLiteAgent(rtc::IceCredentials{params.local_ufrag, params.local_pwd},
                           params.remote_ufrag);
  return true;
}

bool WebRtcTransport::tick(TimePoint now) {
  if (dead_) return false;
  if (auto due = dtls_->next_timeout(); due && *due <= now) dtls_->handle_timeout(now);
  if (ice_.selected() && ice_.consent_expired(now)) {
    fail(TransportFailure::kConsentExpired);
  } else if (!connected() && first_check_ && now - *first_check_ > kConnectTimeout) {
    fail(TransportFailure::kConnectTimeout);
  }
  return !dead_;
}

void WebRtcTransport::close() {
  if (dead_) return;
  dead_ = true;
  dtls_->close();
}

void WebRtcTransport::send_dtls(std::span<const uint8_t> bytes) {
  if (auto to = destination()) host_.send_datagram(*to, bytes);
}

void WebRtcTransport::on_dtls_connected(const rtc::SrtpKeys& keys) {
  auto in =
      rtc::SrtpSession::create(keys.profile, keys.remote_key_salt, rtc::SrtpDirection::kInbound);
  auto out =
      rtc::SrtpSession::create(keys.profile, keys.local_key_salt, rtc::SrtpDirection::kOutbound);
  if (!in || !out) {
    fail(TransportFailure::kSrtpSetup);
    return;
  }
  srtp_in_ = std::move(in).value();
  srtp_out_ = std::move(out).value();
  listener_.on_transport_connected(*this);
}

void WebRtcTransport::on_dtls_failed(std::string_view reason) {
  fail(TransportFailure::kDtlsFailed, reason);
}

void WebRtcTransport::on_dtls_closed() {
  fail(TransportFailure::kClosedByPeer);
}

void WebRtcTransport::fail(TransportFailure why, std::string_view detail) {
  if (dead_) return;
  dead_ = true;
  listener_.on_transport_closed(*this, why, detail);
}

}  // namespace meet::engine
