#pragma once
// Why a packet was dropped. Each cause is one label of meet_packets_dropped_total.
#include <cstdint>
#include <string_view>

namespace meet::engine {

enum class DropReason : uint8_t {
  kMalformedStun,
  kUnknownUfrag,
  kStunAuthFailed,
  kUnknownAddress,  // DTLS or SRTP from an address no ICE check came from
  kNotStunDtlsRtp,  // RFC 7983 first byte matches nothing we speak
  kDtlsError,
  kSrtpError,
  kMalformedRtp,
  kMalformedRtcp,
  kUnknownSsrc,
  kNotConnected,  // media before the DTLS handshake finished
  kSendFailed,
  kTcpOverflow,
  kTcpConnectionLimit,    // an ICE-TCP connection refused: the worker holds its maximum
  kTcpCheckUdpPreferred,  // an ICE-TCP check left unanswered while UDP works (IceLiteAgent)
  kCount
};

constexpr std::string_view to_string(DropReason r) {
  switch (r) {
    case DropReason::kMalformedStun:
      return "malformed_stun";
    case DropReason::kUnknownUfrag:
      return "unknown_ufrag";
    case DropReason::kStunAuthFailed:
      return "stun_auth_failed";
    case DropReason::kUnknownAddress:
      return "unknown_address";
    case DropReason::kNotStunDtlsRtp:
      return "unknown_protocol";
    case DropReason::kDtlsError:
      return "dtls_error";
    case DropReason::kSrtpError:
      return "srtp_error";
    case DropReason::kMalformedRtp:
      return "malformed_rtp";
    case DropReason::kMalformedRtcp:
      return "malformed_rtcp";
    case DropReason::kUnknownSsrc:
      return "unknown_ssrc";
    case DropReason::kNotConnected:
      return "not_connected";
    case DropReason::kSendFailed:
      return "send_failed";
    case DropReason::kTcpOverflow:
      return "tcp_overflow";
    case DropReason::kTcpConnectionLimit:
      return "tcp_connection_limit";
    case DropReason::kTcpCheckUdpPreferred:
      return "tcp_check_udp_preferred";
    case DropReason::kCount:
      break;
  }
  return "unknown";
}

}  // namespace meet::engine
