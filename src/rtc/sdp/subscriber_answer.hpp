#pragma once
// Reads the browser's answer to our subscriber offer.
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "rtc/sdp/header_extension_ids.hpp"
#include "rtc/sdp/remote_transport.hpp"
#include "rtc/sdp/sdp_error.hpp"
#include "rtc/sdp/session_description.hpp"

namespace meet::rtc {

struct SubscribedMediaAnswer {
  std::string mid;
  bool accepted = false;                             // port not 0 and in the BUNDLE group
  SdpDirection direction = SdpDirection::kInactive;  // as answered (recvonly when receiving)
  std::vector<uint8_t> payload_types;                // the codecs the browser kept, in its order
  HeaderExtensionIds extmap_ids;
  bool operator==(const SubscribedMediaAnswer&) const = default;
};

struct SubscriberAnswerInfo {
  RemoteTransport remote;  // ICE ufrag/pwd, sha-256 fingerprint, setup (active, passive, empty)
  std::vector<SubscribedMediaAnswer> media;  // in answer order

  const SubscribedMediaAnswer* find(std::string_view mid) const;
  // The browser answered a=setup:passive: we are the DTLS client and send the ClientHello.
  bool we_are_dtls_client() const { return remote.setup == "passive"; }
};

// Checks the answer the way answer_publish_offer checks an offer (BUNDLE, rtcp-mux on accepted
// sections, ICE credentials, sha-256 fingerprint) and the DTLS role the browser took for our
// a=setup:actpass, either of which RFC 5763 section 5 allows: active or absent (RFC 4145
// section 4 default) makes it the client, passive makes us the client; anything else is
// kBadSetup. Matching mids against what we offered is the caller's job. Never throws; control
// thread.
Result<SubscriberAnswerInfo, SdpError> read_subscriber_answer(const SessionDescription& answer);

}  // namespace meet::rtc
