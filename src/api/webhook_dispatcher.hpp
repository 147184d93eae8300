#pragma once
// WebhookDispatcher: turns platform events into signed webhook deliveries. publish() stores
// one pending delivery per subscribed webhook of the tenant and queues it; a worker thread
// POSTs it, retries failures after initial_backoff, 2x, 4x... up to max_attempts, and stores
// each outcome (status, attempts, last_status_code, last_error).
//
// Body: {"id":"dl_..","event":"meeting.started","created_at":<ms>,"tenant_id":..,"data":{..}}
// Headers: Content-Type: application/json, Meet-Event, Meet-Delivery, Meet-Signature
// (see webhook_signature.hpp). Deliveries queued when the process stops stay "pending".
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

#include "api/api_options.hpp"
#include "api/webhook_sender.hpp"
#include "common/clock.hpp"
#include "store/store.hpp"

namespace meet::api {

class WebhookDispatcher {
 public:
  WebhookDispatcher(store::Store& store, const Clock& clock, WebhookOptions options);
  ~WebhookDispatcher();  // stops and joins the worker
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // Any thread (the control thread in practice). Store failures are logged, not returned.
  void publish(const std::string& tenant_id, const std::string& event, const nlohmann::json& data);
  void stop();

 private:
  struct Job {
    std::chrono::steady_clock::time_point due;
    store::WebhookDelivery delivery;
    std::string url;
    std::string secret;
    bool operator>(const Job& o) const { return due > o.due; }
  };

  void run();
  void attempt(Job job);
  void enqueue(Job job);

  store::Store& store_;
  const Clock& clock_;
  WebhookOptions options_;
  WebhookSender sender_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::priority_queue<Job, std::vector<Job>, std::greater<>> queue_;
  bool stopping_ = false;
  std::thread worker_;  // last: starts after everything above exists
};

}  // namespace meet::api
