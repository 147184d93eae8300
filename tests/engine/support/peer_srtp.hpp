#pragma once
// The SRTP half of a test peer (FakePeer, LoopbackPeer): keyed by the DTLS handshake, it
// protects what the peer sends and unprotects what the engine sent it, sorting RTP from RTCP
// (RFC 5761) and counting what fails authentication or parsing.
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "rtc/dtls/dtls_transport.hpp"
#include "rtc/rtp/rtp_packet.hpp"
#include "rtc/rtp/rtp_rtcp_demux.hpp"
#include "rtc/srtp/srtp_session.hpp"

namespace meet::engine::testing {

using Bytes = std::vector<uint8_t>;

// An RTP packet the peer received and decrypted, copied out of the receive buffer.
struct ReceivedRtp {
  uint32_t ssrc = 0;
  uint16_t sequence_number = 0;
  uint32_t timestamp = 0;
  uint8_t payload_type = 0;
  bool marker = false;
  Bytes payload;
};

class PeerSrtp {
 public:
  static constexpr size_t kMaxPacket = 2048;

  // The handshake's keys; false (with failure() set) when the sessions cannot be made.
  bool key(const rtc::SrtpKeys& keys) {
    auto in =
        rtc::SrtpSession::create(keys.profile, keys.remote_key_salt, rtc::SrtpDirection::kInbound);
    auto out =
        rtc::SrtpSession::create(keys.profile, keys.local_key_salt, rtc::SrtpDirection::kOutbound);
    if (!in || !out) {
      failure_ = "srtp session setup failed";
      return false;
    }
    in_ = std::move(in).value();
    out_ = std::move(out).value();
    return true;
  }
  bool keyed() const { return out_ != nullptr; }
  const std::string& failure() const { return failure_; }
  int unprotect_failures() const { return unprotect_failures_; }

  // Protects one plain RTP or RTCP packet into `buf`; its protected length, or nullopt (a test
  // failure naming `peer`) before the keys or when protection fails.
  std::optional<size_t> protect(std::span<const uint8_t> plain, bool rtcp,
                                std::array<uint8_t, kMaxPacket>& buf, const std::string& peer) {
    if (!out_) {
      ADD_FAILURE() << peer << ": send before the DTLS handshake finished";
      return std::nullopt;
    }
    std::copy(plain.begin(), plain.end(), buf.begin());
    auto n = rtcp ? out_->protect_rtcp(buf, plain.size()) : out_->protect_rtp(buf, plain.size());
    if (!n) {
      ADD_FAILURE() << peer << ": srtp protect failed: " << rtc::to_string(n.error());
      return std::nullopt;
    }
    return n.value();
  }

  // Unprotects the `len` bytes at the start of `buf` in place and hands the packet to `on_rtp`
  // (a ReceivedRtp) or `on_rtcp` (the plain compound packet's bytes).
  template <typename OnRtp, typename OnRtcp>
  void unprotect(std::span<uint8_t> buf, size_t len, OnRtp on_rtp, OnRtcp on_rtcp) {
    if (!in_) return;
    if (rtc::is_rtcp(buf.first(len))) {
      auto n = in_->unprotect_rtcp(buf, len);
      if (!n) return void(++unprotect_failures_);
      on_rtcp(Bytes(buf.begin(), buf.begin() + static_cast<ptrdiff_t>(n.value())));
      return;
    }
    auto n = in_->unprotect_rtp(buf, len);
    if (!n) return void(++unprotect_failures_);
    auto packet = rtc::RtpPacket::parse(buf.first(n.value()));
    if (!packet) return void(++unprotect_failures_);
    auto payload = packet->payload();
    on_rtp(ReceivedRtp{packet->ssrc(), packet->sequence_number(), packet->timestamp(),
                       packet->payload_type(), packet->marker(),
                       Bytes(payload.begin(), payload.end())});
  }

 private:
  std::unique_ptr<rtc::SrtpSession> in_;
  std::unique_ptr<rtc::SrtpSession> out_;
  std::string failure_;
  int unprotect_failures_ = 0;
};

}  // namespace meet::engine::testing
