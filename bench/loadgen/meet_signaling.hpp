#pragma once
// Our signaling (docs/protocol.md) for one participant: join with a token signed with the
// server's secret, publish with an offer, answer every subscriber offer.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "signaling.hpp"
#include "signaling_client.hpp"

namespace meet::loadgen {

class Participant;
struct RunContext;

class MeetSignaling : public Signaling {
 public:
  MeetSignaling(RunContext& ctx, Participant& participant);
  ~MeetSignaling() override;

  void start() override;
  void leave() override;
  void tick(int64_t) override {}

 private:
  void on_message(const nlohmann::json& msg);
  std::string token() const;

  RunContext& ctx_;
  Participant& participant_;
  std::shared_ptr<SignalingClient> client_;
  int next_id_ = 1;
};

}  // namespace meet::loadgen
