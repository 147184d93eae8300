// meet_loadgen: drives N publishers and M subscribers per room against `meet serve` through the
// real signaling (or against Janus through its VideoRoom API), ICE, DTLS and SRTP path, and
// prints one JSON line with what it measured (bench/sfu_bench.py runs the shapes;
// docs/benchmarks.md "Forwarding capacity").
#include <CLI/CLI.hpp>
#include <iostream>
#include <regex>

#include "load_run.hpp"

namespace {

// ws://HOST:PORT/PATH (the Janus WebSocket transport; http:// is accepted for the same place).
bool parse_janus_url(const std::string& url, meet::loadgen::RunOptions& o) {
  static const std::regex kUrl(R"(^(?:ws|http)://([0-9.]+):([0-9]+)(/.*)?$)");
  std::smatch m;
  if (!std::regex_match(url, m, kUrl)) return false;
  o.host = m[1];
  o.port = static_cast<uint16_t>(std::stoi(m[2]));
  o.path = m[3].matched ? std::string(m[3]) : "/";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  meet::loadgen::RunOptions o;
  CLI::App app{"Load generator for meet (docs/benchmarks.md)"};
  app.add_option("--label", o.label, "Name of this run in the output");
  app.add_option("--host", o.host, "Server address (signaling)");
  std::string server = "meet";
  std::string janus_url;
  app.add_option("--server", server, "Server under test")->check(CLI::IsMember({"meet", "janus"}));
  app.add_option("--janus-url", janus_url, "Janus API WebSocket, ws://127.0.0.2:8188/");
  app.add_option("--port", o.port, "Server HTTP/WebSocket port (meet)");
  app.add_option("--token-secret", o.token_secret, "The server's --token-secret (meet)");
  app.add_option("--bind", o.bind, "Local address of the media sockets");
  app.add_option("--rooms", o.rooms, "Rooms")->check(CLI::Range(1, 1000));
  app.add_option("--publishers", o.publishers, "Publishing (and subscribing) participants per room")
      ->check(CLI::Range(0, 1000));
  app.add_option("--subscribers", o.subscribers, "Subscribe-only participants per room")
      ->check(CLI::Range(0, 1000));
  app.add_flag("--publish-only", o.publish_only, "Publishers do not subscribe");
  app.add_option("--video-kbps", o.media.video_kbps, "Video bitrate per publisher")
      ->check(CLI::Range(10, 20000));
  app.add_option("--video-tracks", o.media.video_tracks, "Video tracks (m-lines) per publisher")
      ->check(CLI::Range(1, 7));
  app.add_option("--fps", o.media.fps, "Video frames per second")->check(CLI::Range(1, 120));
  app.add_option("--keyframe-interval", o.media.keyframe_interval_s, "Seconds between keyframes")
      ->check(CLI::Range(1, 60));
  app.add_flag("!--no-video", o.media.video, "Audio only");
  app.add_flag("!--no-audio", o.media.audio, "Video only");
  app.add_option("--duration", o.duration_s, "Measurement window, seconds")
      ->check(CLI::Range(0.5, 3600.0));
  app.add_option("--setup-timeout", o.setup_timeout_s, "Seconds allowed for joining");
  app.add_option("--join-interval-ms", o.join_interval_ms, "Pause between joins");
  app.add_option("--server-pid", o.server_pid, "Server process to read CPU and memory of");
  app.add_option("--srtp", o.srtp, "SRTP profile offered in DTLS")
      ->check(CLI::IsMember({"gcm", "cm"}));
  app.add_flag("--verbose", o.verbose, "Print setup progress on stderr");
  CLI11_PARSE(app, argc, argv);
  if (server == "janus") {
    o.server = meet::loadgen::ServerKind::kJanus;
    if (!parse_janus_url(janus_url, o)) {
      std::cerr << "--server janus needs --janus-url ws://IP:PORT/PATH\n";
      return 2;
    }
  } else if (o.port == 0 || o.token_secret.empty()) {
    std::cerr << "--server meet needs --port and --token-secret\n";
    return 2;
  }
  if (o.publishers == 0) {
    std::cerr << "--publishers must be at least 1\n";
    return 2;
  }
  meet::loadgen::LoadRun run(o);
  auto result = run.run();
  std::cout << result.dump() << std::endl;
  return result.contains("error") ? 1 : 0;
}
