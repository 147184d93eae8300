#include "api/room_events.hpp"

#include "api/json_views.hpp"
#include "common/log.hpp"

namespace meet::api {
namespace {

nlohmann::json participant_json(const engine::ParticipantInfo& p) {
  return {{"id", p.id}, {"identity", p.identity}, {"name", p.name}};
}

}  // namespace

void RoomEvents::on_room_started(const std::string& room) {
  auto m = ctx_.store.get_meeting(room);
  if (!m) return;
  m->status = store::MeetingStatus::kLive;
  m->started_at_ms = m->updated_at_ms = ctx_.clock.now_unix_ms();
  m->ended_at_ms.reset();
  auto updated = ctx_.store.update_meeting(*m);
  if (!updated) {
    logger("api")->warn("meeting start not stored meeting={} reason={}", room,
                        updated.error().message);
  }
  ctx_.publish_meeting_event(*m, "meeting.started");
}

void RoomEvents::on_room_finished(const std::string& room) {
  auto m = ctx_.store.get_meeting(room);
  if (!m || m->status == store::MeetingStatus::kEnded) return;  // ended through the API: fired
  m->status = store::MeetingStatus::kScheduled;
  m->ended_at_ms = m->updated_at_ms = ctx_.clock.now_unix_ms();
  auto updated = ctx_.store.update_meeting(*m);
  if (!updated) {
    logger("api")->warn("meeting finish not stored meeting={} reason={}", room,
                        updated.error().message);
  }
  ctx_.publish_meeting_event(*m, "meeting.ended");
}

void RoomEvents::on_participant_joined(const std::string& room, const engine::ParticipantInfo& p) {
  auto m = ctx_.store.get_meeting(room);
  if (!m) return;
  store::ParticipantSession s;
  s.meeting_id = room;
  s.participant_id = p.id;
  s.identity = p.identity;
  s.name = p.name;
  s.joined_at_ms = p.joined_at_ms != 0 ? p.joined_at_ms : ctx_.clock.now_unix_ms();
  auto added = ctx_.store.add_session(s);
  if (!added) {
    logger("api")->warn("session not stored meeting={} participant={} reason={}", room, p.id,
                        added.error().message);
  }
  ctx_.webhooks.publish(m->tenant_id, "participant.joined",
                        {{"meeting_id", room}, {"participant", participant_json(p)}});
}

void RoomEvents::on_participant_left(const std::string& room, const engine::ParticipantInfo& p,
                                     engine::DisconnectReason why) {
  auto m = ctx_.store.get_meeting(room);
  if (!m) return;
  (void)ctx_.store.close_session(room, p.id, ctx_.clock.now_unix_ms(), to_string(why));
  ctx_.webhooks.publish(
      m->tenant_id, "participant.left",
      {{"meeting_id", room}, {"participant", participant_json(p)}, {"reason", to_string(why)}});
}

}  // namespace meet::api
