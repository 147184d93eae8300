#include "rtc/sdp/header_extension_ids.hpp"

namespace meet::rtc {

HeaderExtensionIds HeaderExtensionIds::from(const std::vector<SdpExtmap>& extmaps) {
  HeaderExtensionIds ids;
  for (const SdpExtmap& e : extmaps) {
    if (e.uri == kExtmapUriMid) ids.mid = e.id;
    if (e.uri == kExtmapUriRid) ids.rid = e.id;
    if (e.uri == kExtmapUriRepairedRid) ids.repaired_rid = e.id;
    if (e.uri == kExtmapUriAbsSendTime) ids.abs_send_time = e.id;
    if (e.uri == kExtmapUriTransportCc) ids.transport_cc = e.id;
    if (e.uri == kExtmapUriAudioLevel) ids.audio_level = e.id;
  }
  return ids;
}

}  // namespace meet::rtc
