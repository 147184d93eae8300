#include "api/webhook_dispatcher.hpp"

#include <algorithm>

#include "api/webhook_signature.hpp"
#include "common/crypto.hpp"
#include "common/log.hpp"

namespace meet::api {

WebhookDispatcher::WebhookDispatcher(store::Store& store, const Clock& clock,
                                     WebhookOptions options)
    : store_(store),
      clock_(clock),
      options_(options),
      sender_(options.allow_private_addresses),
      worker_([this] { run(); }) {}

WebhookDispatcher::~WebhookDispatcher() {
  stop();
}

void WebhookDispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void WebhookDispatcher::publish(const std::string& tenant_id, const std::string& event,
                                const nlohmann::json& data) {
  auto log = logger("api");
  auto hooks = store_.list_webhooks(tenant_id);
  if (!hooks) {
    log->warn("webhook lookup failed tenant={} reason={}", tenant_id, hooks.error().message);
    return;
  }
  const int64_t now = clock_.now_unix_ms();
  for (const auto& hook : *hooks) {
    if (!hook.events.empty() &&
        std::find(hook.events.begin(), hook.events.end(), event) == hook.events.end()) {
      continue;
    }
    store::WebhookDelivery d;
    d.id = "dl_" + to_hex(random_bytes(10));
    d.webhook_id = hook.id;
    d.event = event;
    d.payload = nlohmann::json{
        {"id", d.id},
        {"event", event},
        {"created_at", now},
        {"tenant_id", tenant_id},
        {"data",
         data}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    d.created_at_ms = d.updated_at_ms = now;
    auto created = store_.create_delivery(d);
    if (!created) {
      log->warn("webhook delivery not stored webhook={} reason={}", hook.id,
                created.error().message);
      continue;
    }
    enqueue(
        Job{std::chrono::steady_clock::now(), std::move(created).value(), hook.url, hook.secret});
  }
}

void WebhookDispatcher::enqueue(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    queue_.push(std::move(job));
  }
  cv_.notify_all();
}

void WebhookDispatcher::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      cv_.wait(lock);
      continue;
    }
    const auto due = queue_.top().due;
    if (due > std::chrono::steady_clock::now()) {
      cv_.wait_until(lock, due);
      continue;
    }
    Job job = queue_.top();
    queue_.pop();
    lock.unlock();
    attempt(std::move(job));
    lock.lock();
  }
}

void WebhookDispatcher::attempt(Job job) {
  auto& d = job.delivery;
  const int64_t t = clock_.now_unix_seconds();
  const auto outcome = sender_.post(job.url,
                                    {{"Content-Type", "application/json"},
                                     {"Meet-Event", d.event},
                                     {"Meet-Delivery", d.id},
                                     {"Meet-Signature", sign_webhook(job.secret, t, d.payload)}},
                                    d.payload, options_.request_timeout);
  d.attempts += 1;
  d.last_status_code = outcome.status_code;
  d.last_error = outcome.ok() ? std::nullopt : std::optional<std::string>(outcome.error);
  d.updated_at_ms = clock_.now_unix_ms();
  const bool retry = !outcome.ok() && d.attempts < options_.max_attempts;
  d.status = outcome.ok() ? store::DeliveryStatus::kSucceeded
             : retry      ? store::DeliveryStatus::kPending
                          : store::DeliveryStatus::kFailed;
  auto stored = store_.update_delivery(d);
  if (!stored) {
    // Deleted webhook (cascade) or store down: nothing more to do for this delivery.
    logger("api")->info("webhook delivery dropped id={} reason={}", d.id, stored.error().message);
    return;
  }
  if (!outcome.ok()) {
    logger("api")->info("webhook delivery failed id={} attempt={} error={}", d.id, d.attempts,
                        outcome.error);
  }
  if (retry) {
    const auto backoff =
        options_.initial_backoff * (int64_t{1} << std::min<int64_t>(d.attempts - 1, 20));
    job.due = std::chrono::steady_clock::now() + backoff;
    enqueue(std::move(job));
  }
}

}  // namespace meet::api
