#include "media_transport.hpp"

#include <sys/socket.h>

#include <array>
#include <random>

#include "rtc/rtp/rtp_rtcp_demux.hpp"
#include "rtc/stun/stun_message_builder.hpp"

namespace meet::loadgen {

namespace {

constexpr auto kCheckRetry = std::chrono::milliseconds(100);
constexpr auto kConsentInterval = std::chrono::seconds(5);

rtc::StunTransactionId random_transaction_id() {
  static std::mt19937 rng{std::random_device{}()};
  rtc::StunTransactionId id;
  for (auto& b : id) b = static_cast<uint8_t>(rng());
  return id;
}

}  // namespace

MediaTransport::MediaTransport(asio::io_context& io, rtc::DtlsContext& dtls,
                               const std::string& fingerprint, const asio::ip::address& bind)
    : socket_(io, udp::endpoint(bind, 0)),
      dtls_context_(dtls),
      fingerprint_(fingerprint),
      credentials_(rtc::IceCredentials::generate()) {
  socket_.non_blocking(true);
  // Bursts of a whole video frame to hundreds of subscribers: keep the kernel queue deep.
  socket_.set_option(asio::socket_base::receive_buffer_size(1 << 20));
  arm_read();
}

MediaTransport::~MediaTransport() {
  *alive_ = false;
}

void MediaTransport::connect(const ServerTransport& server) {
  if (connecting_) return;
  connecting_ = true;
  server_ = server;
  next_check_ = SteadyClock::now();
}

void MediaTransport::arm_read() {
  std::weak_ptr<bool> alive = alive_;
  socket_.async_wait(udp::socket::wait_read, [this, alive](const boost::system::error_code& ec) {
    if (ec || alive.expired()) return;
    drain();
    arm_read();
  });
}

// Reads every queued datagram without blocking.
void MediaTransport::drain() {
  std::array<uint8_t, 2048> buf;
  for (int i = 0; i < 256; ++i) {
    ssize_t n = ::recv(socket_.native_handle(), buf.data(), buf.size(), MSG_DONTWAIT);
    if (n <= 0) return;
    ++counters_.datagrams_in;
    dispatch(std::span<uint8_t>(buf.data(), static_cast<size_t>(n)));
  }
}

// RFC 7983 demultiplexing by the first byte.
void MediaTransport::dispatch(std::span<uint8_t> datagram) {
  const uint8_t first = datagram[0];
  if (first <= 3) return on_stun(datagram);
  if (first >= 20 && first <= 63) {
    if (dtls_) (void)dtls_->handle_datagram(datagram, SteadyClock::now());
    return;
  }
  if (first < 128 || first > 191 || !srtp_in_) return;
  const bool rtcp = rtc::is_rtcp(datagram);
  auto n = rtcp ? srtp_in_->unprotect_rtcp(datagram, datagram.size())
                : srtp_in_->unprotect_rtp(datagram, datagram.size());
  if (!n) return void(++counters_.unprotect_failures);
  if (handler_) handler_(datagram.first(n.value()), rtcp);
}

void MediaTransport::on_stun(std::span<const uint8_t> datagram) {
  auto msg = rtc::StunMessage::parse(datagram);
  if (msg && msg->is_binding_request()) return answer_check(*msg, datagram);
  if (!msg || msg->type() != rtc::kStunBindingSuccess) return;
  if (msg->transaction_id() != pending_check_) return;
  if (!msg->verify_integrity(datagram, server_.pwd) || !msg->verify_fingerprint(datagram)) return;
  if (ice_done_) return;
  ice_done_ = true;
  next_check_ = SteadyClock::now() + kConsentInterval;
  rtc::DtlsTransport::Listener& listener = *this;
  const auto role = server_.setup == "active" ? rtc::DtlsRole::kServer : rtc::DtlsRole::kClient;
  dtls_ = std::make_unique<rtc::DtlsTransport>(dtls_context_, role, listener);
  if (!dtls_->set_remote_fingerprint("sha-256", server_.fingerprint)) {
    return on_dtls_failed("bad server fingerprint");
  }
  dtls_->start(SteadyClock::now());
}

// A full ICE agent (Janus's libnice, even with ice_lite on) checks the pair back and uses it
// only once we answer (RFC 8445 section 7.3): a success response with our address, signed with
// our password. meet, a lite agent, never checks.
void MediaTransport::answer_check(const rtc::StunMessage& request,
                                  std::span<const uint8_t> datagram) {
  const auto username = request.username();
  if (!username || !username->starts_with(credentials_.ufrag + ":")) return;
  if (!request.verify_integrity(datagram, credentials_.pwd)) return;
  std::array<uint8_t, 256> buf;
  rtc::StunMessageBuilder b(buf);
  b.start(rtc::kStunBindingSuccess, request.transaction_id());
  const udp::endpoint local = socket_.local_endpoint();
  b.add_xor_mapped_address(local.address(), local.port());
  b.add_message_integrity(credentials_.pwd);
  b.add_fingerprint();
  if (b.ok()) send_raw(b.bytes());
}

// A Binding request as a controlling agent sends it (RFC 8445 section 7.2.2), nominating.
void MediaTransport::send_check(SteadyClock::time_point now) {
  pending_check_ = random_transaction_id();
  std::array<uint8_t, 256> buf;
  rtc::StunMessageBuilder b(buf);
  b.start(rtc::kStunBindingRequest, pending_check_);
  b.add_username(server_.ufrag + ":" + credentials_.ufrag);
  b.add_priority(0x6e7f1eff);
  b.add_ice_controlling(0x0102030405060708);
  b.add_use_candidate();
  b.add_message_integrity(server_.pwd);
  b.add_fingerprint();
  if (b.ok()) send_raw(b.bytes());
  next_check_ =
      now + (ice_done_ ? std::chrono::duration_cast<SteadyClock::duration>(kConsentInterval)
                       : std::chrono::duration_cast<SteadyClock::duration>(kCheckRetry));
}

void MediaTransport::tick(SteadyClock::time_point now) {
  if (!connecting_ || failed_) return;
  if (now >= next_check_) send_check(now);
  if (dtls_ && dtls_->next_timeout() && now >= *dtls_->next_timeout()) dtls_->handle_timeout(now);
}

void MediaTransport::send_raw(std::span<const uint8_t> bytes) {
  ssize_t n = ::sendto(socket_.native_handle(), bytes.data(), bytes.size(), MSG_DONTWAIT,
                       server_.endpoint.data(), server_.endpoint.size());
  if (n < 0) ++counters_.send_errors;
}

void MediaTransport::send_rtp(std::span<uint8_t> buf, size_t len) {
  if (!srtp_out_) return;
  auto n = srtp_out_->protect_rtp(buf, len);
  if (!n) return void(++counters_.send_errors);
  send_raw(buf.first(n.value()));
}

void MediaTransport::send_rtcp(std::span<uint8_t> buf, size_t len) {
  if (!srtp_out_) return;
  auto n = srtp_out_->protect_rtcp(buf, len);
  if (!n) return void(++counters_.send_errors);
  send_raw(buf.first(n.value()));
}

void MediaTransport::on_dtls_connected(const rtc::SrtpKeys& keys) {
  auto in =
      rtc::SrtpSession::create(keys.profile, keys.remote_key_salt, rtc::SrtpDirection::kInbound);
  auto out =
      rtc::SrtpSession::create(keys.profile, keys.local_key_salt, rtc::SrtpDirection::kOutbound);
  if (!in || !out) return on_dtls_failed("srtp session setup failed");
  srtp_in_ = std::move(in).value();
  srtp_out_ = std::move(out).value();
}

void MediaTransport::on_dtls_failed(std::string_view reason) {
  failed_ = true;
  failure_ = reason;
}

}  // namespace meet::loadgen
