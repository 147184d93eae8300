#pragma once
// How a participant talks to the server it is measured against: our signaling (MeetSignaling)
// or the Janus VideoRoom API (JanusSignaling). Only signaling differs between the two; the
// participant's transports, publisher and subscriber are the same. An implementation drives its
// Participant through Participant's public signaling hooks, on the load generator's one thread.
#include <cstdint>

namespace meet::loadgen {

class Signaling {
 public:
  virtual ~Signaling() = default;
  // Opens the session and begins joining (and publishing, and subscribing) as configured.
  virtual void start() = 0;
  // Says goodbye and closes the session; nothing is called back afterwards.
  virtual void leave() = 0;
  // Called every few milliseconds: keepalives, polls.
  virtual void tick(int64_t now_us) = 0;
};

}  // namespace meet::loadgen
