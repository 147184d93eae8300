#include "rtc/sdp/server_capabilities.hpp"

#include <algorithm>

namespace meet::rtc {

bool ServerCapabilities::supports_codec(std::string_view kind, const SdpCodec& c) const {
  if (kind == "audio") {
    return opus && c.is("opus") && c.clock_rate == 48000 && c.channels == 2;
  }
  if (kind != "video" || c.clock_rate != 90000) return false;
  if (c.is("VP8")) return vp8;
  if (c.is("VP9")) {
    // RFC 9628 section 6: profile-id absent means 0; 1 and 3 (4:2:2/4:4:4) are rarely decodable.
    const auto profile = c.fmtp_parameter("profile-id");
    return vp9 && (!profile || *profile == "0" || *profile == "2");
  }
  if (c.is("H264")) {
    // RFC 6184 section 8.1: packetization-mode absent means 0 (single NAL), which cannot carry
    // the fragmented frames browsers send.
    return h264 && c.fmtp_parameter("packetization-mode") == "1";
  }
  return false;
}

bool ServerCapabilities::supports_feedback(std::string_view feedback) const {
  return std::find(rtcp_feedback.begin(), rtcp_feedback.end(), feedback) != rtcp_feedback.end();
}

bool ServerCapabilities::supports_extension(std::string_view uri) const {
  return std::find(header_extensions.begin(), header_extensions.end(), uri) !=
         header_extensions.end();
}

}  // namespace meet::rtc
