#pragma once
// One simulated participant: a signaling session (join, publish, answer subscriber offers) in
// the dialect of the server under test (signaling.hpp) and up to two media transports, the
// publisher connection and the subscriber connection, as the web SDK has them (docs/protocol.md)
// and as a Janus VideoRoom client has them (a publisher handle and a subscriber handle).
#include <memory>
#include <optional>
#include <string>

#include "publisher.hpp"
#include "run_stats.hpp"
#include "signaling.hpp"
#include "subscriber.hpp"

namespace meet::loadgen {

enum class ServerKind : uint8_t { kMeet, kJanus };

// Shared by every participant of a run; owned by main().
struct RunContext {
  asio::io_context& io;
  rtc::DtlsContext& dtls;
  std::string fingerprint;
  asio::ip::address bind;
  ServerKind server = ServerKind::kMeet;
  std::string host;  // signaling (meet) or Janus API WebSocket endpoint
  uint16_t port = 0;
  std::string path;  // Janus API WebSocket path
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
  int other_publishers = 0;  // publishers in the room besides this one (Janus subscribes to each)
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

  // Signaling hooks (signaling.hpp). The publish offer, with our host candidate in every
  // section when `with_candidate`.
  std::string publish_offer(bool with_candidate) const;
  void on_publish_answer(const std::string& sdp);
  // Configures the subscriber from the server's offer, starts ICE toward it and returns our
  // answer; nullopt (and an error) when the offer is unusable.
  std::optional<std::string> answer_subscriber_offer(const std::string& sdp, bool with_candidate);
  // Records the first error; the run stops on it.
  void fail(const std::string& why);

 private:
  RunContext& ctx_;
  ParticipantConfig config_;
  std::unique_ptr<Signaling> signaling_;
  std::unique_ptr<MediaTransport> pub_transport_;
  std::unique_ptr<MediaTransport> sub_transport_;
  std::unique_ptr<Publisher> publisher_;
  std::unique_ptr<Subscriber> subscriber_;
  std::string error_;
};

}  // namespace meet::loadgen
