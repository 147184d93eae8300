#include "rtc/sdp/subscriber_answer.hpp"

namespace meet::rtc {

const SubscribedMediaAnswer* SubscriberAnswerInfo::find(std::string_view mid) const {
  for (const SubscribedMediaAnswer& m : media) {
    if (m.mid == mid) return &m;
  }
  return nullptr;
}

Result<SubscriberAnswerInfo, SdpError> read_subscriber_answer(const SessionDescription& answer) {
  const SdpMedia* tagged = bundle_tagged_media(answer);
  if (tagged == nullptr) return make_error(SdpError{SdpErrorCode::kNotBundled, 0});
  auto remote = RemoteTransport::read(answer, *tagged);
  if (!remote) return make_error(remote.error());
  if (remote->setup != "active" && remote->setup != "passive" && !remote->setup.empty()) {
    return make_error(SdpError{SdpErrorCode::kBadSetup, 0});
  }
  SubscriberAnswerInfo info;
  info.remote = std::move(remote).value();
  for (const SdpMedia& m : answer.media) {
    SubscribedMediaAnswer s;
    s.mid = m.mid;
    s.accepted = !m.is_rejected() && answer.is_bundled(m.mid);
    if (!m.is_rejected() && m.mid.empty()) {
      return make_error(SdpError{SdpErrorCode::kMissingMid, 0});
    }
    if (s.accepted) {
      if (m.is_rtp() && !m.rtcp_mux) return make_error(SdpError{SdpErrorCode::kNoRtcpMux, 0});
      s.direction = m.direction;
      for (const SdpCodec& c : m.codecs) s.payload_types.push_back(c.payload_type);
      s.extmap_ids = HeaderExtensionIds::from(m.extmaps);
    }
    info.media.push_back(std::move(s));
  }
  return info;
}

}  // namespace meet::rtc
