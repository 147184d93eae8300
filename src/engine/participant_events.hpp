#pragma once
// Notices from a participant's media side up to its signaling session. The engine posts them
// to the control thread; a session that is gone simply does not receive them.
#include <string>
#include <vector>

#include "engine/engine_types.hpp"
#include "engine/transport_failure.hpp"

namespace meet::engine {

class ParticipantEvents {
 public:
  virtual ~ParticipantEvents() = default;
  virtual void on_transport_connected(TransportKind kind) = 0;
  virtual void on_transport_failed(TransportKind kind, TransportFailure why) = 0;
  // The room's active speaker (empty before anyone spoke) or who is speaking changed; the
  // engine's participant ids, loudest first.
  virtual void on_speakers_changed(const std::string& active,
                                   const std::vector<std::string>& speaking) {}
};

}  // namespace meet::engine
