#pragma once
// ApiContext: the shared parts every route group and the room observer use. Owned by Api;
// route groups keep a reference. All members outlive the routes.
#include <optional>
#include <string>

#include "api/api_error.hpp"
#include "api/api_key_auth.hpp"
#include "api/api_options.hpp"
#include "api/rate_limiter.hpp"
#include "api/webhook_dispatcher.hpp"
#include "common/clock.hpp"
#include "engine/room_control.hpp"
#include "store/store.hpp"

namespace meet::api {

struct ApiContext {
  store::Store& store;
  engine::RoomControl& rooms;
  const ApiOptions& options;
  const Clock& clock;
  ApiKeyAuth& auth;
  RateLimiter& limiter;
  WebhookDispatcher& webhooks;

  // The meeting `id` when it belongs to the principal's tenant; 404 `not_found` otherwise
  // (also for ids that cannot exist: too long or not UTF-8), so other tenants' meetings are
  // indistinguishable from missing ones.
  ApiResult<store::Meeting> owned_meeting(const Principal& who, const std::string& id) const;
  ApiResult<store::Webhook> owned_webhook(const Principal& who, const std::string& id) const;

  // Fires meeting.ended once: when the meeting is not already ended.
  void publish_meeting_event(const store::Meeting& m, const std::string& event) const;
};

// True for ids that could have been issued (1..64 bytes of UTF-8).
bool plausible_id(const std::string& id);

}  // namespace meet::api
