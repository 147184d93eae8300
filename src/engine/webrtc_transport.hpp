#pragma once
// One WebRTC peer connection as the server sees it: ICE-lite checks, the DTLS handshake and
// the SRTP sessions it keys. Knows nothing of rooms; hands RTP/RTCP up through Listener.
// Lives on one media worker thread.
#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "engine/drop_reason.hpp"
#include "engine/engine_types.hpp"
#include "engine/transport_failure.hpp"
#include "engine/worker_io.hpp"
#include "rtc/dtls/dtls_transport.hpp"
#include "rtc/ice/endpoint.hpp"
#include "rtc/ice/ice_lite_agent.hpp"
#include "rtc/rtp/rtp_packet.hpp"
#include "rtc/srtp/srtp_session.hpp"
#include "rtc/stun/stun_message.hpp"

namespace meet::engine {

using TimePoint = std::chrono::steady_clock::time_point;

class WebRtcTransport : private rtc::DtlsTransport::Listener {
 public:
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void on_transport_connected(WebRtcTransport& t) = 0;
    // `detail` adds to `why` for logs (the DTLS failure text; no secrets).
    virtual void on_transport_closed(WebRtcTransport& t, TransportFailure why,
                                     std::string_view detail) = 0;
    // `packet` views the worker's receive buffer, already unprotected.
    virtual void on_rtp(WebRtcTransport& t, rtc::RtpPacket& packet, TimePoint now) = 0;
    virtual void on_rtcp(WebRtcTransport& t, std::span<const uint8_t> compound, TimePoint now) = 0;
  };

  // Sends and counts through `host`, which also gives it its DTLS context and clock.
  WebRtcTransport(TransportKind kind, const TransportParams& params, WorkerIo& host,
                  Listener& listener);
  ~WebRtcTransport() override;

  TransportKind kind() const { return kind_; }
  const std::string& local_ufrag() const { return params_.local_ufrag; }
  bool connected() const { return srtp_out_ != nullptr; }

  // Inbound, from the worker's demultiplexer.
  void on_stun(const rtc::StunMessage& msg, std::span<const uint8_t> raw, const rtc::Endpoint& from,
               TimePoint now);
  // `from` passed a check already (the worker demultiplexes DTLS by address).
  void on_dtls(std::span<const uint8_t> record, const rtc::Endpoint& from, TimePoint now);
  // `buffer` holds `len` bytes of SRTP/SRTCP from `from`; decrypted in place.
  void on_srtp(std::span<uint8_t> buffer, size_t len, const rtc::Endpoint& from, TimePoint now);

  // Outbound. `buffer` holds `len` bytes of plain RTP/RTCP and has room for the SRTP tag.
  void send_rtp(std::span<uint8_t> buffer, size_t len);
  void send_rtcp(std::span<uint8_t> buffer, size_t len);

  // ICE restart (RFC 8839 section 4.4.1.1): when `params` names the same DTLS peer
  // (fingerprint) as this transport, takes its new ICE credentials and keeps the DTLS
  // association and SRTP keys; returns false (nothing changed) for another peer. The caller
  // re-registers the transport under its new local ufrag.
  bool restart_ice(const TransportParams& params);

  // DTLS retransmissions and ICE consent (RFC 7675). Returns false once the transport is dead.
  bool tick(TimePoint now);
  void close();

 private:
  void send_dtls(std::span<const uint8_t> bytes) override;
  void on_dtls_connected(const rtc::SrtpKeys& keys) override;
  void on_dtls_failed(std::string_view reason) override;
  void on_dtls_closed() override;
  void fail(TransportFailure why, std::string_view detail = {});
  void start_dtls(TimePoint now);
  void set_peer(const rtc::Endpoint& from, const char* why, TimePoint now);
  // Where DTLS and SRTP go: where the peer last sent authenticated traffic from (a
  // nominating check, a DTLS record, or SRTP/SRTCP that decrypted), which is the path its own
  // ICE uses; until then, the address ICE selected.
  std::optional<rtc::Endpoint> destination() const { return peer_ ? peer_ : ice_.selected(); }

  TransportKind kind_;
  TransportParams params_;
  WorkerIo& host_;
  Listener& listener_;
  rtc::IceLiteAgent ice_;
  std::unique_ptr<rtc::DtlsTransport> dtls_;
  std::unique_ptr<rtc::SrtpSession> srtp_in_;
  std::unique_ptr<rtc::SrtpSession> srtp_out_;
  std::optional<TimePoint> first_check_;
  std::optional<rtc::Endpoint> peer_;  // see destination()
  bool dead_ = false;
  bool dtls_started_ = false;
};

}  // namespace meet::engine
