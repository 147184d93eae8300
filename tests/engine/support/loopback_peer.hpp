#pragma once
// A minimal WebRTC client for engine integration tests: one UDP socket on 127.0.0.1, an ICE
// connectivity check (the controlling side of RFC 8445 against the engine's ICE-lite agent), a
// DTLS-SRTP client handshake (RFC 5764), then SRTP/SRTCP both ways. Blocking with timeouts; one
// test thread owns it. Header-only because the test glob builds only *_test.cpp files.
#include <gtest/gtest.h>
#include <poll.h>

#include <boost/asio.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "engine/engine_types.hpp"
#include "engine/support/peer_srtp.hpp"
#include "rtc/dtls/dtls_certificate.hpp"
#include "rtc/dtls/dtls_context.hpp"
#include "rtc/dtls/dtls_transport.hpp"
#include "rtc/ice/ice_credentials.hpp"
#include "rtc/rtp/rtp_packet.hpp"
#include "rtc/rtp/rtp_rtcp_demux.hpp"
#include "rtc/srtp/srtp_session.hpp"
#include "rtc/stun/stun_message.hpp"
#include "rtc/stun/stun_message_builder.hpp"

namespace meet::engine::testing {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A Binding request as a controlling ICE agent sends it (RFC 8445 section 7.2.2): USERNAME
// "receiver ufrag:sender ufrag", PRIORITY, ICE-CONTROLLING, USE-CANDIDATE (aggressive
// nomination), MESSAGE-INTEGRITY keyed by `key`, FINGERPRINT.
// `nominate`: with USE-CANDIDATE (aggressive nomination), as the peer's checks are by default.
inline Bytes binding_request(const rtc::StunTransactionId& id, std::string_view username,
                             std::string_view key, bool nominate = true) {
  Bytes out;
  rtc::StunMessageBuilder b(out);
  b.start(rtc::kStunBindingRequest, id);
  b.add_username(username);
  b.add_priority(0x6e7f1eff);  // a host candidate's priority, as a browser computes it
  b.add_ice_controlling(0x0102030405060708);
  if (nominate) b.add_use_candidate();
  b.add_message_integrity(key);
  b.add_fingerprint();
  return out;
}

// Sends `bytes` to `to` from a fresh socket: an address the engine has never validated.
inline void send_from_stranger(const udp::endpoint& to, std::span<const uint8_t> bytes) {
  asio::io_context io;
  udp::socket s(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  s.send_to(asio::buffer(bytes.data(), bytes.size()), to);
}

class LoopbackPeer : private rtc::DtlsTransport::Listener {
 public:
  explicit LoopbackPeer(std::string name)
      : name_(std::move(name)),
        socket_(io_, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        certificate_(rtc::DtlsCertificate::generate()),
        dtls_context_(certificate_),
        credentials_(rtc::IceCredentials::generate()),
        rng_(std::random_device{}()) {}

  LoopbackPeer(const LoopbackPeer&) = delete;
  LoopbackPeer& operator=(const LoopbackPeer&) = delete;

  const std::string& name() const { return name_; }
  const rtc::IceCredentials& credentials() const { return credentials_; }
  const std::string& fingerprint() const { return certificate_->fingerprint_sha256(); }
  udp::endpoint local_endpoint() const { return socket_.local_endpoint(); }

  // What the engine needs to accept this peer on a transport whose server-side credentials are
  // `server_ufrag`/`server_pwd` (normally taken from SDP).
  TransportParams transport_params(const std::string& server_ufrag,
                                   const std::string& server_pwd) const {
    return TransportParams{server_ufrag,     server_pwd, credentials_.ufrag,
                           credentials_.pwd, "sha-256",  fingerprint()};
  }

  // ICE check, then the DTLS handshake against `server_fingerprint`, then SRTP keys. Retries the
  // check every 100 ms: the engine may not have registered the transport yet (control operations
  // are posted to its worker).
  ::testing::AssertionResult connect(const udp::endpoint& server, const std::string& server_ufrag,
                                     const std::string& server_pwd,
                                     const std::string& server_fingerprint,
                                     milliseconds timeout = milliseconds(3000)) {
    server_ = server;
    auto deadline = Clock::now() + timeout;
    if (!check_connectivity(server_ufrag, server_pwd, deadline)) {
      return ::testing::AssertionFailure() << name_ << ": no ICE binding success response";
    }
    return handshake(server_fingerprint, deadline);
  }

  // Protects and sends one plain RTP (or RTCP) packet.
  void send_rtp(std::span<const uint8_t> plain) { send_protected(plain, false); }
  void send_rtcp(std::span<const uint8_t> plain) { send_protected(plain, true); }
  // Sends bytes as they are, from this peer's (validated) address.
  void send_raw(std::span<const uint8_t> bytes) {
    socket_.send_to(asio::buffer(bytes.data(), bytes.size()), server_);
  }
  // A fresh, correctly signed ICE check from this peer (consent refresh).
  rtc::StunTransactionId send_binding_request(std::string_view username, std::string_view key) {
    auto id = random_transaction_id();
    send_raw(binding_request(id, username, key, nominate_));
    return id;
  }
  // Off: this peer's checks carry no USE-CANDIDATE, so the engine sees no nomination (a
  // browser nominates only after its checks succeeded, regular nomination).
  void set_nominate(bool nominate) { nominate_ = nominate; }

  // The next decrypted RTP packet, or nullopt when none arrives within `timeout`.
  std::optional<ReceivedRtp> receive_rtp(milliseconds timeout) {
    pump_until([this] { return !rtp_.empty(); }, Clock::now() + timeout);
    return pop(rtp_);
  }
  // The next decrypted RTCP compound packet, or nullopt after `timeout`.
  std::optional<Bytes> receive_rtcp(milliseconds timeout) {
    pump_until([this] { return !rtcp_.empty(); }, Clock::now() + timeout);
    return pop(rtcp_);
  }
  // Every RTP packet that arrives within `window` (and any already queued).
  std::vector<ReceivedRtp> collect_rtp(milliseconds window) {
    pump_until([] { return false; }, Clock::now() + window);
    std::vector<ReceivedRtp> out(rtp_.begin(), rtp_.end());
    rtp_.clear();
    return out;
  }
  // Reads for `window` and throws away whatever RTP and RTCP arrived.
  void drain(milliseconds window) {
    pump_until([] { return false; }, Clock::now() + window);
    rtp_.clear();
    rtcp_.clear();
  }
  // True once the server ended the DTLS association (close_notify), waiting up to `timeout`.
  bool wait_dtls_closed(milliseconds timeout) {
    return pump_until([this] { return dtls_closed_; }, Clock::now() + timeout);
  }
  // Datagrams that failed SRTP/SRTCP authentication or decryption on this side.
  int unprotect_failures() const { return srtp_.unprotect_failures(); }

 private:
  // --- ICE (RFC 8445 section 7.2) ---
  bool check_connectivity(const std::string& server_ufrag, const std::string& server_pwd,
                          Clock::time_point deadline) {
    std::string username = server_ufrag + ":" + credentials_.ufrag;
    while (Clock::now() < deadline) {
      auto id = send_binding_request(username, server_pwd);
      auto retry_at = std::min(deadline, Clock::now() + milliseconds(100));
      if (pump_until([&] { return binding_succeeded(id, server_pwd); }, retry_at)) return true;
    }
    return false;
  }

  bool binding_succeeded(const rtc::StunTransactionId& id, const std::string& server_pwd) {
    for (const Bytes& raw : stun_) {
      auto msg = rtc::StunMessage::parse(raw);
      if (msg && msg->type() == rtc::kStunBindingSuccess && msg->transaction_id() == id &&
          msg->verify_integrity(raw, server_pwd) && msg->verify_fingerprint(raw)) {
        stun_.clear();
        return true;
      }
    }
    return false;
  }

  rtc::StunTransactionId random_transaction_id() {
    rtc::StunTransactionId id;
    for (auto& b : id) b = static_cast<uint8_t>(rng_());
    return id;
  }

  // --- DTLS (RFC 6347) as the client: the engine answers a=setup:actpass with passive ---
  ::testing::AssertionResult handshake(const std::string& server_fingerprint,
                                       Clock::time_point deadline) {
    rtc::DtlsTransport::Listener& listener = *this;  // a private base, reachable only here
    dtls_ = std::make_unique<rtc::DtlsTransport>(dtls_context_, rtc::DtlsRole::kClient, listener);
    if (!dtls_->set_remote_fingerprint("sha-256", server_fingerprint)) {
      return ::testing::AssertionFailure() << name_ << ": bad server fingerprint";
    }
    dtls_->start(Clock::now());
    pump_until([this] { return srtp_.keyed() || !dtls_failure_.empty(); }, deadline);
    if (srtp_.keyed()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << name_ << ": DTLS handshake did not finish: "
           << (dtls_failure_.empty() ? std::string("timeout") : dtls_failure_);
  }

  void send_dtls(std::span<const uint8_t> datagram) override { send_raw(datagram); }

  void on_dtls_connected(const rtc::SrtpKeys& keys) override {
    if (!srtp_.key(keys)) dtls_failure_ = srtp_.failure();
  }
  void on_dtls_failed(std::string_view reason) override { dtls_failure_ = reason; }
  void on_dtls_closed() override { dtls_closed_ = true; }

  // --- SRTP (RFC 3711) ---
  void send_protected(std::span<const uint8_t> plain, bool rtcp) {
    std::array<uint8_t, PeerSrtp::kMaxPacket> buf{};
    if (auto n = srtp_.protect(plain, rtcp, buf, name_)) send_raw(std::span(buf).first(*n));
  }

  void on_srtp(std::span<uint8_t> buf, size_t len) {
    srtp_.unprotect(
        buf, len, [this](ReceivedRtp p) { rtp_.push_back(std::move(p)); },
        [this](Bytes b) { rtcp_.push_back(std::move(b)); });
  }

  // --- Receiving ---
  // Reads datagrams (and runs DTLS retransmission timers) until `done()` or `deadline`.
  template <typename Done>
  bool pump_until(Done done, Clock::time_point deadline) {
    while (!done()) {
      auto now = Clock::now();
      if (now >= deadline) return false;
      auto wake = deadline;
      if (dtls_ && dtls_->next_timeout()) wake = std::min(wake, *dtls_->next_timeout());
      read_one(std::max(wake - now, Clock::duration::zero()));
      if (dtls_) dtls_->handle_timeout(Clock::now());
    }
    return true;
  }

  // Waits up to `wait` for one datagram and dispatches it by its first byte (RFC 7983).
  void read_one(Clock::duration wait) {
    pollfd pfd{socket_.native_handle(), POLLIN, 0};
    auto ms = std::chrono::ceil<milliseconds>(wait).count();
    if (::poll(&pfd, 1, static_cast<int>(ms)) <= 0) return;
    std::array<uint8_t, 2048> buf{};
    udp::endpoint from;
    boost::system::error_code ec;
    size_t len = socket_.receive_from(asio::buffer(buf), from, 0, ec);
    if (ec || len == 0) return;
    uint8_t first = buf[0];
    if (first <= 3) {
      stun_.emplace_back(buf.begin(), buf.begin() + static_cast<ptrdiff_t>(len));
    } else if (first >= 20 && first <= 63) {
      if (dtls_) (void)dtls_->handle_datagram(std::span(buf).first(len), Clock::now());
    } else if (first >= 128 && first <= 191) {
      on_srtp(buf, len);
    }
  }

  template <typename T>
  static std::optional<T> pop(std::deque<T>& q) {
    if (q.empty()) return std::nullopt;
    T v = std::move(q.front());
    q.pop_front();
    return v;
  }

  std::string name_;
  asio::io_context io_;
  udp::socket socket_;
  udp::endpoint server_;
  std::shared_ptr<const rtc::DtlsCertificate> certificate_;
  rtc::DtlsContext dtls_context_;
  rtc::IceCredentials credentials_;
  std::mt19937 rng_;
  std::unique_ptr<rtc::DtlsTransport> dtls_;
  std::string dtls_failure_;
  bool dtls_closed_ = false;
  PeerSrtp srtp_;
  std::deque<Bytes> stun_;
  std::deque<ReceivedRtp> rtp_;
  std::deque<Bytes> rtcp_;
  bool nominate_ = true;
};

}  // namespace meet::engine::testing
