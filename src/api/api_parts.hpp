#pragma once
// ApiParts: what one Api owns, in construction order (internal to api/).
#include "api/admin_routes.hpp"
#include "api/api_context.hpp"
#include "api/api_key_auth.hpp"
#include "api/api_options.hpp"
#include "api/app_routes.hpp"
#include "api/meeting_routes.hpp"
#include "api/participant_routes.hpp"
#include "api/rate_limiter.hpp"
#include "api/recording_routes.hpp"
#include "api/recording_service.hpp"
#include "api/room_events.hpp"
#include "api/route_guard.hpp"
#include "api/system_routes.hpp"
#include "api/webhook_dispatcher.hpp"
#include "api/webhook_routes.hpp"

namespace meet::api {

class ApiParts {
 public:
  ApiParts(store::Store& store, engine::RoomControl& rooms, ApiOptions opts, const Clock& clock);

  MetricsRegistry& registry() const { return options.metrics ? *options.metrics : metrics(); }

  ApiOptions options;
  ApiKeyAuth auth;
  RateLimiter limiter;
  WebhookDispatcher webhooks;
  ApiContext ctx;
  RouteGuard guard;
  RoomEvents events;
  AdminRoutes admin_routes;
  MeetingRoutes meeting_routes;
  ParticipantRoutes participant_routes;
  WebhookRoutes webhook_routes;
  SystemRoutes system_routes;
  AppRoutes app_routes;
  RecordingService recordings;
  RecordingRoutes recording_routes;
};

}  // namespace meet::api
