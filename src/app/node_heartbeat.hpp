#pragma once
// NodeHeartbeat: records in the store, every `interval`, that this node is alive, so that the
// next start can close the sessions a crash left open at the last time the node was known
// alive (Store::recover_after_restart, issue 18 item 4). It runs on its own thread so the
// control loop never waits on the database for it; the store is thread-safe.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "common/clock.hpp"
#include "store/store.hpp"

namespace meet::app {

class NodeHeartbeat {
 public:
  // Beats once at once, then every `interval` until destroyed. `store` and `clock` outlive it.
  NodeHeartbeat(store::Store& store, std::string node_id, std::chrono::milliseconds interval,
                const Clock& clock);
  ~NodeHeartbeat();
  NodeHeartbeat(const NodeHeartbeat&) = delete;
  NodeHeartbeat& operator=(const NodeHeartbeat&) = delete;

 private:
  void run(std::stop_token stop);

  store::Store& store_;
  const std::string node_id_;
  const std::chrono::milliseconds interval_;
  const Clock& clock_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: starts after every member above is ready
};

}  // namespace meet::app
