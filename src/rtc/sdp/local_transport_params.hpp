#pragma once
// The SFU side of one peer connection's transport, written into every answer and offer.
#include <string>
#include <vector>

namespace meet::rtc {

struct LocalTransportParams {
  std::string ice_ufrag;                // 4..256 ice-chars (RFC 8839 section 5.4)
  std::string ice_pwd;                  // 22..256 ice-chars
  std::string fingerprint_sha256;       // of our DTLS certificate, "AB:CD:..." (32 bytes)
  std::vector<std::string> candidates;  // full attribute values: "candidate:1 1 udp ... typ host"
};

// Asserts what every SDP we write relies on: candidates start with "candidate:" and no value
// holds a line break (these come from our configuration, so a violation is a bug, not input).
void check_local_transport_params(const LocalTransportParams& local);

}  // namespace meet::rtc
