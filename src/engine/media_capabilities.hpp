#pragma once
// What the engine really does with RTCP feedback and RTP header extensions, so the SDP that
// describes a connection promises nothing more. A browser that is promised transport-cc or
// goog-remb feedback waits for it: advertising what the engine does not send starves the
// browser's congestion controller.
#include <cstdint>
#include <string>
#include <vector>

#include "rtc/sdp/server_capabilities.hpp"

namespace meet::engine {

// RTCP feedback the engine sends to a publisher: NACKs for its losses (NackGenerator), PLIs
// (PublisherTrack::request_keyframe) and transport-wide feedback (Participant, from the
// transport-wide sequence numbers it receives).
const std::vector<std::string>& publisher_feedback();
// Header extensions the engine reads from a publisher: mid (to learn SSRCs that were not
// announced), rid and repaired-rid (the simulcast layer of such an SSRC), the transport-wide
// sequence number and the audio level (active speaker).
const std::vector<std::string>& publisher_extensions();
// RTCP feedback the engine acts on from a subscriber: NACK (answered from the packet cache,
// with RTX when negotiated), PLI and FIR (relayed to the publisher as a keyframe request), and
// transport-wide feedback (the subscriber connection's bandwidth estimate, rtc/bwe).
const std::vector<std::string>& subscriber_feedback();

// The publish answer's capabilities: every codec the SDP layer supports, narrowed to the
// feedback and extensions above. Simulcast is accepted: each subscriber gets one layer.
rtc::ServerCapabilities publish_capabilities();
// The header extension id the subscriber offer gives the transport-wide sequence number on
// every m-line (one id per BUNDLE transport).
inline constexpr uint8_t kSubscriberTwccExtensionId = 3;
// `offered` (a publisher's negotiated rtcp-fb list) narrowed to subscriber_feedback(), for the
// m-line that forwards that track to a subscriber.
std::vector<std::string> subscriber_feedback_for(const std::vector<std::string>& offered);

}  // namespace meet::engine
