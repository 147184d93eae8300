#pragma once
// One RTP payload format of an m= section: a=rtpmap, a=fmtp and a=rtcp-fb gathered under its
// payload type (RFC 8866 section 6.6, RFC 4585 section 4.2).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace meet::rtc {

struct SdpCodec {
  uint8_t payload_type = 0;  // 0..127
  std::string name;          // encoding name as written ("opus", "VP8", "rtx"); empty if unmapped
  uint32_t clock_rate = 0;
  uint8_t channels = 0;              // 0 when a=rtpmap gave no channel count
  std::string fmtp;                  // raw a=fmtp parameters, e.g. "minptime=10;useinbandfec=1"
  std::vector<std::string> rtcp_fb;  // e.g. "nack", "nack pli", "ccm fir", "transport-cc"

  bool operator==(const SdpCodec&) const = default;

  // Case-insensitive encoding name comparison ("VP8" == "vp8").
  bool is(std::string_view encoding_name) const;
  // Value of one `key=value` fmtp parameter (keys compared case-insensitively), or nullopt.
  std::optional<std::string_view> fmtp_parameter(std::string_view key) const;
  // For an rtx codec, the payload type it repairs (fmtp apt=, RFC 4588 section 8.1).
  std::optional<uint8_t> rtx_apt() const;
  bool has_rtcp_fb(std::string_view fb) const;
};

}  // namespace meet::rtc
