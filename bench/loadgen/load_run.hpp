#pragma once
// One measured run: starts the participants of every room, waits until every subscriber receives
// every stream it should, measures for `duration_s`, drains, and summarises as one JSON object.
#include <sys/types.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "participant.hpp"
#include "proc_sample.hpp"

namespace meet::loadgen {

struct RunOptions {
  std::string label = "run";
  ServerKind server = ServerKind::kMeet;
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::string path = "/";  // Janus API WebSocket path
  std::string token_secret;
  std::string bind = "127.0.0.1";
  int rooms = 1;
  int publishers = 2;         // per room: publish and subscribe
  int subscribers = 0;        // per room: subscribe only
  bool publish_only = false;  // publishers do not subscribe (the server holds only what is sent)
  PublisherOptions media;
  double duration_s = 10;
  double setup_timeout_s = 30;
  double join_interval_ms = 5;
  pid_t server_pid = 0;
  bool verbose = false;      // setup progress on stderr
  std::string srtp = "gcm";  // gcm | cm: the only profile offered in DTLS
};

class LoadRun {
 public:
  explicit LoadRun(RunOptions options);
  ~LoadRun();
  // Runs to the end on the calling thread; returns the summary (with "error" on failure).
  nlohmann::json run();

 private:
  enum class Phase { kJoining, kMeasuring, kDraining, kDone };
  void tick();
  bool all_transports_up();
  bool all_streams_flowing();
  void begin_window();
  void end_window();
  nlohmann::json summary();
  std::string first_error() const;

  RunOptions options_;
  asio::io_context io_;
  std::unique_ptr<rtc::DtlsContext> dtls_;
  RunStats stats_;
  std::unique_ptr<RunContext> ctx_;
  std::vector<std::unique_ptr<Participant>> participants_;
  asio::steady_timer timer_;
  Phase phase_ = Phase::kJoining;
  size_t started_ = 0;
  uint64_t ticks_ = 0;
  int64_t started_at_us_ = 0;
  int64_t next_join_us_ = 0;
  int64_t next_progress_us_ = 0;
  int64_t phase_until_us_ = 0;
  int64_t window_start_us_ = 0;
  int64_t window_end_us_ = 0;
  int64_t setup_ms_ = 0;
  std::string error_;
  // Per participant, per stream of Publisher::streams(): the stamp at the window's edges.
  std::vector<std::vector<uint32_t>> window_first_;
  std::vector<std::vector<uint32_t>> window_end_;
  std::optional<ProcSample> server_start_, server_end_, self_start_, self_end_;
};

}  // namespace meet::loadgen
