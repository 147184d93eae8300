#pragma once
// Why a participant's WebRTC transport ended, as the engine tells its session
// (ParticipantEvents::on_transport_failed). The names are for logs and tests.
#include <string_view>

namespace meet::engine {

enum class TransportFailure {
  kClosedByPeer,    // the peer ended a connected DTLS association (its page closed it)
  kConsentExpired,  // ICE consent freshness lapsed (RFC 7675): the network went away
  kConnectTimeout,  // checks arrived but DTLS never came up in time
  kDtlsFailed,      // the handshake failed (bad fingerprint, alert, ...)
  kSrtpSetup,       // keys from DTLS could not make SRTP sessions
};

constexpr std::string_view to_string(TransportFailure why) {
  switch (why) {
    case TransportFailure::kClosedByPeer:
      return "closed_by_peer";
    case TransportFailure::kConsentExpired:
      return "consent_expired";
    case TransportFailure::kConnectTimeout:
      return "connect_timeout";
    case TransportFailure::kDtlsFailed:
      return "dtls_failed";
    case TransportFailure::kSrtpSetup:
      return "srtp_setup_failed";
  }
  return "dtls_failed";
}

}  // namespace meet::engine
