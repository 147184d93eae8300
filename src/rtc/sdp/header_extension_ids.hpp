#pragma once
// The RTP header extensions the SFU reads or writes (RFC 8285), and the ids one m= section
// negotiated for them.
#include <cstdint>
#include <string_view>
#include <vector>

#include "rtc/sdp/sdp_media.hpp"

namespace meet::rtc {

inline constexpr std::string_view kExtmapUriMid = "urn:ietf:params:rtp-hdrext:sdes:mid";
inline constexpr std::string_view kExtmapUriRid = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
inline constexpr std::string_view kExtmapUriRepairedRid =
    "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
inline constexpr std::string_view kExtmapUriAbsSendTime =
    "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
inline constexpr std::string_view kExtmapUriTransportCc =
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
inline constexpr std::string_view kExtmapUriAudioLevel =
    "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

// Negotiated extension ids of one m= section; 0 means not negotiated.
struct HeaderExtensionIds {
  uint8_t mid = 0;
  uint8_t rid = 0;
  uint8_t repaired_rid = 0;
  uint8_t abs_send_time = 0;
  uint8_t transport_cc = 0;
  uint8_t audio_level = 0;

  bool operator==(const HeaderExtensionIds&) const = default;

  static HeaderExtensionIds from(const std::vector<SdpExtmap>& extmaps);
};

}  // namespace meet::rtc
