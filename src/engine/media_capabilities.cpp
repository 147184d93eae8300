#include "engine/media_capabilities.hpp"

#include <algorithm>

namespace meet::engine {

const std::vector<std::string>& publisher_feedback() {
  static const std::vector<std::string> list = {"nack", "nack pli", "transport-cc"};
  return list;
}

const std::vector<std::string>& publisher_extensions() {
  static const std::vector<std::string> list = {
      std::string(rtc::kExtmapUriMid), std::string(rtc::kExtmapUriRid),
      std::string(rtc::kExtmapUriRepairedRid), std::string(rtc::kExtmapUriTransportCc),
      std::string(rtc::kExtmapUriAudioLevel)};
  return list;
}

const std::vector<std::string>& subscriber_feedback() {
  static const std::vector<std::string> list = {"nack", "nack pli", "ccm fir", "transport-cc"};
  return list;
}

rtc::ServerCapabilities publish_capabilities() {
  rtc::ServerCapabilities caps;
  caps.simulcast = true;  // one layer per subscriber: SubscriberTrack, LayerAllocator
  caps.rtcp_feedback = publisher_feedback();
  caps.header_extensions = publisher_extensions();
  return caps;
}

std::vector<std::string> subscriber_feedback_for(const std::vector<std::string>& offered) {
  std::vector<std::string> kept;
  const auto& ours = subscriber_feedback();
  for (const auto& fb : offered) {
    if (std::find(ours.begin(), ours.end(), fb) != ours.end()) kept.push_back(fb);
  }
  return kept;
}

}  // namespace meet::engine
