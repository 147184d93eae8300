#pragma once
// One participant's subscriber connection as a plan, without sockets or an engine: the m-lines
// (one per track of the others; a track that goes away leaves its m-line inactive, and once an
// answer accepted it so, a new track of the same kind takes it over under the same mid, RFC 8829
// section 5.2.2), the ICE credentials, and the offer/answer machine with one offer outstanding at
// a time (docs/protocol.md). The session turns its offers into SDP and its answers into engine
// calls. Control thread only.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "engine/engine_types.hpp"
#include "rtc/sdp/subscriber_answer.hpp"

namespace meet::signal {

// A track of another participant the client should receive.
struct WantedTrack {
  std::string kind;           // "audio" or "video"
  engine::CodecConfig codec;  // the publisher's first codec, offered as is
};
// By publisher id and track id.
using WantedTracks = std::map<std::pair<std::string, std::string>, WantedTrack>;

struct SubscriberSlot {
  std::string mid;
  std::string publisher_id;
  std::string track_id;
  std::string kind;
  bool active = true;
  // What the last offer said of this m-line, and whether an answer accepted it inactive:
  // only then may another track of the same kind take it over.
  bool offered_active = false;  // (false too before the first offer carrying it)
  bool reusable = false;
  engine::SubscriptionConfig config;  // what the engine forwards on it once answered
};

class SubscriberPlan {
 public:
  // An offer to send now: every m-line, in mid order, and the local ICE credentials.
  struct Offer {
    const std::vector<SubscriberSlot>& slots;
    std::string ice_ufrag;
    std::string ice_pwd;
    uint64_t version = 0;  // the SDP's o= session version
  };
  // What an accepted answer changes in the engine.
  struct Answered {
    // The m-lines the answered offer carried active and still active now.
    std::vector<engine::SubscriptionConfig> subscriptions;
    // Set for the first answer and after an ICE restart: the transport to (re)configure with
    // these local credentials and the answer's remote ones.
    bool set_transport = false;
    std::string ice_ufrag;
    std::string ice_pwd;
  };
  enum class AnswerError { kNoOfferOutstanding };

  // Brings the m-lines in line with what the client should receive now; true if that changed
  // them (an offer is then due).
  bool update(const WantedTracks& wanted);
  // The offer to send, if one is due and none is outstanding; marks it outstanding. Nothing to
  // send while no m-line is active and the transport was never set up.
  std::optional<Offer> take_offer();
  bool offer_outstanding() const { return outstanding_; }
  // The client's answer to the outstanding offer (already read and checked as SDP).
  Result<Answered, AnswerError> on_answer(const rtc::SubscriberAnswerInfo& answer);
  // The next offer restarts ICE (new credentials; its answer sets the transport again).
  void restart_ice();
  // The outstanding offer went to a socket that is gone: the next one is due regardless.
  void forget_outstanding();
  // How the client shows a track it was offered: kept on its m-line, so a subscription that its
  // answer creates later starts with it (a `track_view` can overtake the answer).
  void set_view(const engine::TrackView& view);

  const std::vector<SubscriberSlot>& slots() const { return slots_; }

 private:
  SubscriberSlot& slot_for(const std::pair<std::string, std::string>& key, const WantedTrack& t);

  std::vector<SubscriberSlot> slots_;
  std::string ufrag_, pwd_;     // empty before the first offer and when ICE restarts
  bool transport_set_ = false;  // an answer has configured the transport
  bool ice_restart_ = false;    // the outstanding/next offer has new ICE credentials
  bool outstanding_ = false;
  bool dirty_ = false;  // something changed since the last offer
  uint64_t version_ = 1;
};

}  // namespace meet::signal
