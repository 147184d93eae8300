#pragma once
// One client-side WebRTC transport of the load generator: a non-blocking UDP socket on
// 127.0.0.1 (or --bind), ICE as the controlling agent (RFC 8445 section 7.2, aggressive
// nomination, a consent check every 5 s, RFC 7675; the server's own checks are answered, which a
// full agent like Janus's libnice needs), DTLS-SRTP
// (RFC 5764) as the client unless the server's SDP says a=setup:active (Janus answers our actpass
// offer that way; meet answers passive, and we answer offers of either server with active), then
// SRTP/SRTCP both ways. Everything runs on the load
// generator's one io_context thread: reads are driven by async_wait, timers by tick().
#include <boost/asio.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "rtc/dtls/dtls_context.hpp"
#include "rtc/dtls/dtls_transport.hpp"
#include "rtc/ice/ice_credentials.hpp"
#include "rtc/srtp/srtp_session.hpp"
#include "rtc/stun/stun_message.hpp"

namespace meet::loadgen {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using SteadyClock = std::chrono::steady_clock;

// What the server's SDP says about its side of the transport.
struct ServerTransport {
  udp::endpoint endpoint;  // its UDP host candidate
  std::string ufrag;
  std::string pwd;
  std::string fingerprint;  // sha-256 "AB:CD:..."
  std::string setup;        // its a=setup: "active" makes us the DTLS server
};

struct TransportCounters {
  uint64_t datagrams_in = 0;
  uint64_t unprotect_failures = 0;
  uint64_t send_errors = 0;
};

class MediaTransport : private rtc::DtlsTransport::Listener {
 public:
  // Plain RTP (`rtcp` false) or RTCP after SRTP unprotect; the span is valid during the call.
  using PacketHandler = std::function<void(std::span<uint8_t> plain, bool rtcp)>;

  MediaTransport(asio::io_context& io, rtc::DtlsContext& dtls, const std::string& fingerprint,
                 const asio::ip::address& bind);
  ~MediaTransport() override;
  MediaTransport(const MediaTransport&) = delete;
  MediaTransport& operator=(const MediaTransport&) = delete;

  const rtc::IceCredentials& credentials() const { return credentials_; }
  const std::string& fingerprint() const { return fingerprint_; }
  // The socket's address: our host candidate, for servers that want one in the SDP.
  udp::endpoint local_endpoint() const { return socket_.local_endpoint(); }
  void on_packet(PacketHandler h) { handler_ = std::move(h); }

  // Starts ICE checks toward `server`; the DTLS handshake follows the first success response.
  // A second call (a renegotiation naming the same transport) is ignored.
  void connect(const ServerTransport& server);
  bool connected() const { return srtp_out_ != nullptr; }
  bool failed() const { return failed_; }
  const std::string& failure() const { return failure_; }

  // Protect and send one plain packet held in buf[0, len); buf needs room for the SRTP trailer.
  void send_rtp(std::span<uint8_t> buf, size_t len);
  void send_rtcp(std::span<uint8_t> buf, size_t len);

  // Retransmits ICE checks and DTLS flights, refreshes consent. Call every few milliseconds.
  void tick(SteadyClock::time_point now);
  const TransportCounters& counters() const { return counters_; }

 private:
  void arm_read();
  void drain();
  void dispatch(std::span<uint8_t> datagram);
  void on_stun(std::span<const uint8_t> datagram);
  void answer_check(const rtc::StunMessage& request, std::span<const uint8_t> datagram);
  void send_check(SteadyClock::time_point now);
  void send_raw(std::span<const uint8_t> bytes);

  void send_dtls(std::span<const uint8_t> datagram) override { send_raw(datagram); }
  void on_dtls_connected(const rtc::SrtpKeys& keys) override;
  void on_dtls_failed(std::string_view reason) override;
  void on_dtls_closed() override {}

  udp::socket socket_;
  rtc::DtlsContext& dtls_context_;
  std::string fingerprint_;
  rtc::IceCredentials credentials_;
  ServerTransport server_;
  bool connecting_ = false;
  bool ice_done_ = false;
  bool failed_ = false;
  std::string failure_;
  rtc::StunTransactionId pending_check_{};
  SteadyClock::time_point next_check_{};
  std::unique_ptr<rtc::DtlsTransport> dtls_;
  std::unique_ptr<rtc::SrtpSession> srtp_in_;
  std::unique_ptr<rtc::SrtpSession> srtp_out_;
  PacketHandler handler_;
  TransportCounters counters_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace meet::loadgen
