#pragma once
// A browser's side of one peer connection, in memory: an ICE check (controlling, aggressive
// nomination), a real DTLS-SRTP client handshake (rtc::DtlsTransport driven through memory)
// and SRTP both ways. It never sends by itself: what it would put on the wire waits in
// outbox() and what the engine sent is handed to receive(); OneThreadRoom moves both. So
// the engine's real WebRtcTransport connects on one thread with no sockets and no sleeps.
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine_types.hpp"
#include "engine/support/loopback_peer.hpp"
#include "engine/support/peer_srtp.hpp"
#include "rtc/dtls/dtls_certificate.hpp"
#include "rtc/dtls/dtls_context.hpp"
#include "rtc/dtls/dtls_transport.hpp"
#include "rtc/ice/endpoint.hpp"
#include "rtc/ice/ice_credentials.hpp"
#include "rtc/srtp/srtp_session.hpp"

namespace meet::engine::testing {

class FakePeer : private rtc::DtlsTransport::Listener {
 public:
  // `address` names this peer on the fake network ("192.0.2.1:5000/udp").
  FakePeer(std::string name, rtc::Endpoint address)
      : name_(std::move(name)),
        address_(std::move(address)),
        certificate_(rtc::DtlsCertificate::generate()),
        dtls_context_(certificate_),
        credentials_(rtc::IceCredentials::generate()) {}
  FakePeer(const FakePeer&) = delete;
  FakePeer& operator=(const FakePeer&) = delete;

  const std::string& name() const { return name_; }
  const rtc::Endpoint& address() const { return address_; }

  // The engine's view of this peer for a transport whose own credentials are these.
  TransportParams transport_params(const std::string& server_ufrag,
                                   const std::string& server_pwd) const {
    return TransportParams{server_ufrag,     server_pwd, credentials_.ufrag,
                           credentials_.pwd, "sha-256",  certificate_->fingerprint_sha256()};
  }

  // Queues a nominating ICE check (RFC 8445 7.2.2) against these server credentials.
  void check(const std::string& server_ufrag, const std::string& server_pwd) {
    rtc::StunTransactionId id{};
    id[0] = static_cast<uint8_t>(++checks_);
    check_id_ = id;
    check_pwd_ = server_pwd;
    outbox_.push_back(binding_request(id, server_ufrag + ":" + credentials_.ufrag, server_pwd));
  }
  bool ice_succeeded() const { return ice_succeeded_; }

  // Starts the DTLS client handshake (the engine is the DTLS server, as toward browsers).
  void start_dtls(const std::string& server_fingerprint, TimePoint now) {
    rtc::DtlsTransport::Listener& listener = *this;
    dtls_ = std::make_unique<rtc::DtlsTransport>(dtls_context_, rtc::DtlsRole::kClient, listener);
    if (!dtls_->set_remote_fingerprint("sha-256", server_fingerprint)) {
      ADD_FAILURE() << name_ << ": bad server fingerprint";
    }
    dtls_->start(now);
  }
  bool connected() const { return srtp_.keyed(); }
  const std::string& dtls_failure() const { return dtls_failure_; }
  bool dtls_closed() const { return dtls_closed_; }

  // One datagram the engine sent to this peer (RFC 7983 demultiplexing).
  void receive(std::span<const uint8_t> bytes, TimePoint now) {
    if (bytes.empty()) return;
    const uint8_t first = bytes[0];
    if (first <= 3) {
      on_stun(bytes);
    } else if (first >= 20 && first <= 63) {
      if (dtls_) (void)dtls_->handle_datagram(bytes, now);
    } else if (first >= 128 && first <= 191) {
      on_srtp(bytes);
    }
  }

  // Protects one plain RTP or RTCP packet and queues it for the engine.
  void send_rtp(std::span<const uint8_t> plain) { send_protected(plain, false); }
  void send_rtcp(std::span<const uint8_t> plain) { send_protected(plain, true); }
  // Queues bytes as they are (not protected).
  void send_raw(std::span<const uint8_t> bytes) {
    outbox_.emplace_back(bytes.begin(), bytes.end());
  }

  std::deque<Bytes>& outbox() { return outbox_; }
  // What arrived and decrypted, oldest first; the test takes what it looks at.
  std::vector<ReceivedRtp> take_rtp() { return std::exchange(rtp_, {}); }
  std::vector<Bytes> take_rtcp() { return std::exchange(rtcp_, {}); }
  int unprotect_failures() const { return srtp_.unprotect_failures(); }

 private:
  void on_stun(std::span<const uint8_t> bytes) {
    auto msg = rtc::StunMessage::parse(bytes);
    if (msg && msg->type() == rtc::kStunBindingSuccess && msg->transaction_id() == check_id_ &&
        msg->verify_integrity(bytes, check_pwd_) && msg->verify_fingerprint(bytes)) {
      ice_succeeded_ = true;
    }
  }

  void send_dtls(std::span<const uint8_t> datagram) override { send_raw(datagram); }
  void on_dtls_connected(const rtc::SrtpKeys& keys) override {
    if (!srtp_.key(keys)) dtls_failure_ = srtp_.failure();
  }
  void on_dtls_failed(std::string_view reason) override { dtls_failure_ = reason; }
  void on_dtls_closed() override { dtls_closed_ = true; }

  void send_protected(std::span<const uint8_t> plain, bool rtcp) {
    std::array<uint8_t, PeerSrtp::kMaxPacket> buf{};
    if (auto n = srtp_.protect(plain, rtcp, buf, name_)) send_raw(std::span(buf).first(*n));
  }

  void on_srtp(std::span<const uint8_t> bytes) {
    if (bytes.size() > PeerSrtp::kMaxPacket) return;
    std::array<uint8_t, PeerSrtp::kMaxPacket> buf{};
    std::copy(bytes.begin(), bytes.end(), buf.begin());
    srtp_.unprotect(
        buf, bytes.size(), [this](ReceivedRtp p) { rtp_.push_back(std::move(p)); },
        [this](Bytes b) { rtcp_.push_back(std::move(b)); });
  }

  std::string name_;
  rtc::Endpoint address_;
  std::shared_ptr<const rtc::DtlsCertificate> certificate_;
  rtc::DtlsContext dtls_context_;
  rtc::IceCredentials credentials_;
  rtc::StunTransactionId check_id_{};
  std::string check_pwd_;
  uint8_t checks_ = 0;
  bool ice_succeeded_ = false;
  std::unique_ptr<rtc::DtlsTransport> dtls_;
  std::string dtls_failure_;
  bool dtls_closed_ = false;
  PeerSrtp srtp_;
  std::deque<Bytes> outbox_;
  std::vector<ReceivedRtp> rtp_;
  std::vector<Bytes> rtcp_;
};

}  // namespace meet::engine::testing
