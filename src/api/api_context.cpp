#include "api/api_context.hpp"

#include "api/json_views.hpp"
#include "api/limits.hpp"
#include "api/utf8.hpp"

namespace meet::api {

bool plausible_id(const std::string& id) {
  return !id.empty() && id.size() <= kMaxIdBytes && is_valid_utf8(id) &&
         id.find('\0') == std::string::npos;
}

ApiResult<store::Meeting> ApiContext::owned_meeting(const Principal& who,
                                                    const std::string& id) const {
  if (!plausible_id(id)) return api_error(404, "not_found", "meeting not found");
  auto m = store.get_meeting(id);
  if (!m) return Err{from_store_error(m.error(), "meeting")};
  if (m->tenant_id != who.tenant_id) return api_error(404, "not_found", "meeting not found");
  return std::move(m).value();
}

ApiResult<store::Webhook> ApiContext::owned_webhook(const Principal& who,
                                                    const std::string& id) const {
  if (!plausible_id(id)) return api_error(404, "not_found", "webhook not found");
  auto w = store.get_webhook(id);
  if (!w) return Err{from_store_error(w.error(), "webhook")};
  if (w->tenant_id != who.tenant_id) return api_error(404, "not_found", "webhook not found");
  return std::move(w).value();
}

void ApiContext::publish_meeting_event(const store::Meeting& m, const std::string& event) const {
  webhooks.publish(m.tenant_id, event, {{"meeting", to_json(m)}});
}

}  // namespace meet::api
