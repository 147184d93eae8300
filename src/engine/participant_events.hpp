#pragma once
// Notices from a participant's media side up to its signaling session. The engine posts them
// to the control thread; a session that is gone simply does not receive them.
#include <string>

#include "engine/engine_types.hpp"

namespace meet::engine {

class ParticipantEvents {
 public:
  virtual ~ParticipantEvents() = default;
  virtual void on_transport_connected(TransportKind kind) = 0;
  virtual void on_transport_failed(TransportKind kind, const std::string& reason) = 0;
};

}  // namespace meet::engine
