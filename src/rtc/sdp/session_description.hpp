#pragma once
// A whole SDP session description (RFC 8866) as used by WebRTC (JSEP, RFC 8829): parsed from
// the text a browser sends and written back as text for the answers and offers we send.
//
// Parsing accepts CRLF or LF line ends, rejects malformed lines with the 1-based line number,
// keeps unknown a= attributes verbatim (`attributes` of the session or the m= section) and
// ignores the informational lines i= u= e= p= k= r= z=. Limits bound the work an untrusted
// description can cause: kMaxSdpSize bytes, kMaxSdpLineLength per line, kMaxSdpMedia m= sections
// and the per-section list limits in session_description.cpp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "rtc/sdp/sdp_error.hpp"
#include "rtc/sdp/sdp_media.hpp"

namespace meet::rtc {

inline constexpr size_t kMaxSdpSize = 64 * 1024;
inline constexpr size_t kMaxSdpLineLength = 4096;
inline constexpr size_t kMaxSdpMedia = 64;

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (section 5.2).
struct SdpOrigin {
  std::string username = "-";
  std::string session_id = "0";  // digits; kept as text (browsers use up to 64-bit values)
  uint64_t session_version = 0;
  std::string net_type = "IN";
  std::string address_type = "IP4";
  std::string address = "0.0.0.0";
  bool operator==(const SdpOrigin&) const = default;
};

struct SessionDescription {
  SdpOrigin origin;
  std::string session_name = "-";
  std::string timing = "0 0";            // raw t= value
  std::string connection;                // raw session-level c= value, empty if absent
  std::vector<std::string> bundle_mids;  // first a=group:BUNDLE; empty when there is none
  bool ice_lite = false;
  std::string ice_ufrag;  // session-level values; media-level ones win (see *_of below)
  std::string ice_pwd;
  SdpFingerprint fingerprint;
  std::string setup;
  std::optional<SdpDirection> direction;  // session-level direction, if written
  bool extmap_allow_mixed = false;
  std::string msid_semantic;            // e.g. "WMS *"; empty if absent
  std::vector<std::string> attributes;  // other session-level a= lines, raw after "a="
  std::vector<SdpMedia> media;

  bool operator==(const SessionDescription&) const = default;

  // Never throws. On error, SdpError::line is the offending line (0 for whole-text limits).
  static Result<SessionDescription, SdpError> parse(std::string_view text);
  // The description as SDP text with CRLF line ends.
  std::string to_string() const;

  // Transport attributes of `m`, falling back to the session level when `m` has none.
  const std::string& ice_ufrag_of(const SdpMedia& m) const;
  const std::string& ice_pwd_of(const SdpMedia& m) const;
  const SdpFingerprint& fingerprint_of(const SdpMedia& m) const;
  const std::string& setup_of(const SdpMedia& m) const;

  const SdpMedia* find_media(std::string_view mid) const;
  bool is_bundled(std::string_view mid) const;
};

}  // namespace meet::rtc
