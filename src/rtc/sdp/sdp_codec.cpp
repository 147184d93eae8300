#include "rtc/sdp/sdp_codec.hpp"

#include "rtc/sdp/sdp_text.hpp"

namespace meet::rtc {

bool SdpCodec::is(std::string_view encoding_name) const {
  return sdp_text::iequals(name, encoding_name);
}

std::optional<std::string_view> SdpCodec::fmtp_parameter(std::string_view key) const {
  for (std::string_view part : sdp_text::split(fmtp, ';')) {
    const auto [k, v] = sdp_text::split_once(sdp_text::trim(part), '=');
    if (sdp_text::iequals(sdp_text::trim(k), key)) return sdp_text::trim(v);
  }
  return std::nullopt;
}

std::optional<uint8_t> SdpCodec::rtx_apt() const {
  if (!is("rtx")) return std::nullopt;
  const auto apt = fmtp_parameter("apt");
  if (!apt) return std::nullopt;
  const auto pt = sdp_text::parse_uint<uint8_t>(*apt);
  if (!pt || *pt > 127) return std::nullopt;
  return pt;
}

bool SdpCodec::has_rtcp_fb(std::string_view fb) const {
  for (const std::string& f : rtcp_fb) {
    if (f == fb) return true;
  }
  return false;
}

}  // namespace meet::rtc
