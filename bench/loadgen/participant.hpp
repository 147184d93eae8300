#pragma once
// One simulated participant: a signaling session (join, publish, answer subscriber offers) and
// up to two media transports, the publisher connection and the subscriber connection, as the
// web SDK has them (docs/protocol.md).
#include <memory>
#include <string>

#include "publisher.hpp"
#include "run_stats.hpp"
#include "signaling_client.hpp"
#include "subscriber.hpp"

namespace meet::loadgen {

// Shared by every participant of a run; owned by main().
struct RunContext {
  asio::io_context& io;
  rtc::DtlsContext& dtls;
  std::string fingerprint;
  asio::ip::address bind;
  std::string host;
  uint16_t port = 0;
  std::string token_secret;
  RunStats& stats;
  // Off while participants join: media starts once every transport is up, so joins and
  // handshakes do not compete with the forwarding load.
  bool media_on = false;
};

struct ParticipantConfig {
  std::string room;
  std::string identity;
  bool publish = true;
  bool subscribe = true;
  bool receives = true;  // someone else in the room publishes: the subscriber connection comes up
  uint32_t stream_base = 0;  // stamp sender ids: stream_base (audio), then one per video track
  PublisherOptions media;
};

class Participant {
 public:
  Participant(RunContext& ctx, ParticipantConfig config);
  ~Participant();
  Participant(const Participant&) = delete;
  Participant& operator=(const Participant&) = delete;

  void start();
  void leave();
  void tick(SteadyClock::time_point now, int64_t now_us);

  const ParticipantConfig& config() const { return config_; }
  bool media_up() const;
  const std::string& error() const { return error_; }
  Publisher* publisher() { return publisher_.get(); }
  Subscriber* subscriber() { return subscriber_.get(); }
  const MediaTransport* publish_transport() const { return pub_transport_.get(); }
  const MediaTransport* subscribe_transport() const { return sub_transport_.get(); }

 private:
  void on_message(const nlohmann::json& msg);
  void on_answer(const std::string& sdp);
  void on_offer(const std::string& sdp);
  std::string token() const;

  RunContext& ctx_;
  ParticipantConfig config_;
  std::shared_ptr<SignalingClient> signaling_;
  std::unique_ptr<MediaTransport> pub_transport_;
  std::unique_ptr<MediaTransport> sub_transport_;
  std::unique_ptr<Publisher> publisher_;
  std::unique_ptr<Subscriber> subscriber_;
  std::string error_;
  int next_id_ = 1;
};

}  // namespace meet::loadgen
