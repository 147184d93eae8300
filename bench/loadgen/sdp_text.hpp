#pragma once
// The SDP a browser would write for the load generator's two connections (JSEP, RFC 8829):
// the publish offer (sendonly Opus and one VP8 section per video track, with their SSRCs) and the
// answer to a subscriber offer (every offered section mirrored: recvonly when active, inactive
// otherwise).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "media_transport.hpp"
#include "rtc/sdp/session_description.hpp"

namespace meet::loadgen {

struct PublishOfferParams {
  const rtc::IceCredentials* ice = nullptr;
  std::string fingerprint;
  uint32_t audio_ssrc = 0;            // 0: no audio section
  std::vector<uint32_t> video_ssrcs;  // one video section each, mids "1", "2", ...
  std::string cname;
  std::optional<udp::endpoint> candidate;  // a=candidate line per section (Janus); meet needs none
};

std::string publish_offer(const PublishOfferParams& p);

std::string subscriber_answer(const rtc::SessionDescription& offer, const rtc::IceCredentials& ice,
                              const std::string& fingerprint,
                              const std::optional<udp::endpoint>& candidate = std::nullopt);

// The server's transport from its SDP: the first UDP host candidate of the BUNDLE-tagged
// section, its ICE credentials and sha-256 fingerprint. nullopt when any is missing.
std::optional<ServerTransport> server_transport(const rtc::SessionDescription& sd);

}  // namespace meet::loadgen
