#include "rtc/sdp/sdp_media.hpp"

namespace meet::rtc {

bool SdpMedia::is_rtp() const {
  return protocol.find("RTP/") != std::string::npos;
}

const SdpCodec* SdpMedia::find_codec(uint8_t payload_type) const {
  for (const SdpCodec& c : codecs) {
    if (c.payload_type == payload_type) return &c;
  }
  return nullptr;
}

std::optional<uint8_t> SdpMedia::rtx_payload_type(uint8_t payload_type) const {
  for (const SdpCodec& c : codecs) {
    if (c.rtx_apt() == payload_type) return c.payload_type;
  }
  return std::nullopt;
}

const SdpExtmap* SdpMedia::find_extmap(std::string_view uri) const {
  for (const SdpExtmap& e : extmaps) {
    if (e.uri == uri) return &e;
  }
  return nullptr;
}

const SdpSsrc* SdpMedia::find_ssrc(uint32_t ssrc) const {
  for (const SdpSsrc& s : ssrcs) {
    if (s.ssrc == ssrc) return &s;
  }
  return nullptr;
}

std::optional<SdpSimulcast> SdpMedia::simulcast_description() const {
  if (simulcast.empty()) return std::nullopt;
  return SdpSimulcast::parse(simulcast);
}

}  // namespace meet::rtc
