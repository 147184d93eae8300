#pragma once
// What the SFU can receive and forward: codecs, RTCP feedback and RTP header extensions. The
// publish answer keeps only what is listed here; the defaults are what the engine supports.
#include <string>
#include <string_view>
#include <vector>

#include "rtc/sdp/header_extension_ids.hpp"
#include "rtc/sdp/sdp_codec.hpp"

namespace meet::rtc {

struct ServerCapabilities {
  // Audio: Opus/48000/2 (fmtp kept from the offer, e.g. minptime=10;useinbandfec=1).
  bool opus = true;
  // Video: VP8; VP9 profile-id 0 and 2; H.264 packetization-mode=1 with the offer's
  // profile-level-id, the preferred profile first among the H.264 entries.
  bool vp8 = true;
  bool vp9 = true;
  bool h264 = true;
  std::string preferred_h264_profile_level_id = "42e01f";
  // RTX (RFC 4588) for each accepted codec that has one in the offer.
  bool rtx = true;
  // Simulcast (RFC 8853): rids echoed as recv with a=simulcast:recv. Off, the answer carries no
  // a=simulcast and no a=rid, and the browser falls back to its first encoding (JSEP 5.3.1).
  bool simulcast = true;
  std::vector<std::string> rtcp_feedback = {"nack", "nack pli", "ccm fir", "goog-remb",
                                            "transport-cc"};
  std::vector<std::string> header_extensions = {
      std::string(kExtmapUriMid),         std::string(kExtmapUriRid),
      std::string(kExtmapUriRepairedRid), std::string(kExtmapUriAbsSendTime),
      std::string(kExtmapUriTransportCc), std::string(kExtmapUriAudioLevel),
  };

  // A primary (non-rtx) codec of an m= section of `kind` ("audio" or "video") we can take.
  bool supports_codec(std::string_view kind, const SdpCodec& codec) const;
  bool supports_feedback(std::string_view feedback) const;
  bool supports_extension(std::string_view uri) const;
};

}  // namespace meet::rtc
