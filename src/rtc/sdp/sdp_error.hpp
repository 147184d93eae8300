#pragma once
// Errors from parsing SDP (RFC 8866) and from offer/answer negotiation (RFC 3264, JSEP RFC 8829).
#include <cstdint>
#include <string_view>

namespace meet::rtc {

enum class SdpErrorCode : uint8_t {
  // Parsing.
  kTooLarge,              // whole description over kMaxSdpSize
  kLineTooLong,           // one line over kMaxSdpLineLength
  kBadCharacter,          // control character (NUL, lone CR...) inside a line
  kMissingVersion,        // first line is not v=
  kBadVersion,            // v= other than 0
  kBadLine,               // not "<letter>=<value>"
  kUnknownLineType,       // type letter RFC 8866 does not define (section 5: reject)
  kMissingOrigin,         // no o= before the first m=
  kBadOrigin,             // o= without its six fields
  kMissingSessionName,    // no s= before the first m=
  kBadMediaLine,          // m= without media, port, protocol and a format
  kBadPort,               // m= port not a number in 0..65535
  kBadPayloadType,        // RTP format not a number in 0..127
  kDuplicatePayloadType,  // the same payload type twice in one m=
  kTooManyMedia,          // more than kMaxSdpMedia m= sections
  kTooManyEntries,        // too many ssrc, candidate, rid... lines in one m= section
  kBadAttribute,          // a known a= attribute whose value does not parse
  kDuplicateMid,          // two m= sections with the same a=mid (RFC 5888 section 9.2)
  // Negotiation.
  kNotBundled,             // no BUNDLE group, or it names no usable m= section
  kMissingMid,             // an m= section without a=mid in a BUNDLE-only session
  kNoRtcpMux,              // a bundled RTP m= section without a=rtcp-mux
  kMissingIceCredentials,  // no ice-ufrag/ice-pwd, or too short (RFC 8839 section 5.4)
  kMissingFingerprint,     // no a=fingerprint:sha-256 for the bundle transport
  kBadFingerprint,         // sha-256 value is not 32 colon-separated hex bytes
  kBadSetup,               // a=setup that leaves us unable to be the DTLS server
  kBundleTagUnusable,      // the offerer-tagged section (it carries the BUNDLE transport) is
                           // a data channel or non-SRTP: rejecting it would reject the whole
                           // group (RFC 8843 section 7.3.3), so the offer is refused
};

// What went wrong and where: `line` is 1-based in the parsed text, 0 when the error is
// about the description as a whole (limits, negotiation).
struct SdpError {
  SdpErrorCode code;
  uint32_t line = 0;

  bool operator==(const SdpError&) const = default;
};

// Stable lower-case name for logs and counters, e.g. "bad_media_line".
std::string_view to_string(SdpErrorCode code);

}  // namespace meet::rtc
