#pragma once
// The browser's ICE and DTLS parameters for a BUNDLE transport, read and checked.
#include <string>

#include "common/result.hpp"
#include "rtc/sdp/sdp_error.hpp"
#include "rtc/sdp/session_description.hpp"

namespace meet::rtc {

struct RemoteTransport {
  std::string ice_ufrag;
  std::string ice_pwd;
  SdpFingerprint fingerprint;  // algorithm "sha-256", value upper-case "AB:CD:..."
  std::string setup;           // as written, or empty

  bool operator==(const RemoteTransport&) const = default;

  // Reads the transport attributes of `tagged` (the m= section that carries the BUNDLE
  // transport), falling back to the session level. Errors: kMissingIceCredentials (absent, or
  // not 4+/22+ ice-chars, RFC 8839 section 5.4), kMissingFingerprint (no sha-256 one, the only
  // hash we check), kBadFingerprint (not 32 colon-separated hex bytes).
  static Result<RemoteTransport, SdpError> read(const SessionDescription& sd,
                                                const SdpMedia& tagged);
};

// The m= section whose transport a BUNDLE group uses: the first mid of the group that names a
// section which is not rejected. nullptr when there is none.
const SdpMedia* bundle_tagged_media(const SessionDescription& sd);

// RFC 8839 section 5.4: ice-char = ALPHA / DIGIT / "+" / "/", between min and 256 long.
bool is_valid_ice_credential(std::string_view s, size_t min_length);

}  // namespace meet::rtc
