#include "app/node_heartbeat.hpp"

#include "common/log.hpp"

namespace meet::app {

NodeHeartbeat::NodeHeartbeat(store::Store& store, std::string node_id,
                             std::chrono::milliseconds interval, const Clock& clock)
    : store_(store),
      node_id_(std::move(node_id)),
      interval_(interval),
      clock_(clock),
      thread_([this](std::stop_token stop) { run(std::move(stop)); }) {}

NodeHeartbeat::~NodeHeartbeat() {
  thread_.request_stop();
  wake_.notify_all();
}

void NodeHeartbeat::run(std::stop_token stop) {
  bool failing = false;
  while (!stop.stop_requested()) {
    auto r = store_.record_heartbeat(node_id_, clock_.now_unix_ms());
    if (!r && !failing) {
      logger("app")->warn("heartbeat not stored node={} reason={}", node_id_, r.error().message);
    }
    failing = !r;
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, interval_, [] { return false; });
  }
}

}  // namespace meet::app
