#pragma once
// Api: the platform REST API (/api/v1), its auth, limits, webhooks and room observer.
//
// Wiring (app/): construct after the Store and the RoomControl, before the http::Server
// starts; call register_routes(server.router()); pass server.on_request to record_request;
// give observer() to the engine/signal layer; call admission_error() at every join whose
// token has an issuer; print ensure_admin_key()'s secret once if it returns one.
// Threads: everything on the control thread except the webhook worker (its own thread,
// stopped by the destructor). The routes point into the Api: stop the http::Server first,
// then destroy the Api, then the Store and the RoomControl.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_options.hpp"
#include "api/recording_control.hpp"
#include "common/clock.hpp"
#include "engine/room_control.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace meet::storage {
class UploadQueue;
}

namespace meet::api {

class ApiParts;

class Api {
 public:
  Api(store::Store& store, engine::RoomControl& rooms, ApiOptions options, const Clock& clock);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Adds every route: /api/v1/..., /api/app/... (web app), /healthz, /metrics,
  // /api/v1/openapi.json.
  void register_routes(http::Router& router);

  // Room notices from the engine (sessions, meeting status, webhooks). Lives as long as Api.
  engine::RoomObserver& observer();

  // Join check for tokens the API minted (those with an issuer). nullopt: admit. Otherwise
  // the signaling error code to answer: "room_closed" when the meeting does not exist, was
  // deleted or has ended (or the store cannot answer), "room_full" when
  // current_participants >= the meeting's max_participants.
  // A token's tenant (its issuer) must own the meeting: "invalid_token" otherwise.
  std::optional<std::string> admission_error(const std::string& meeting_id,
                                             const std::string& tenant_id,
                                             size_t current_participants);
  // The same without the count, for a caller that counts elsewhere: the refusal, or the
  // meeting's max_participants. One store read; any thread.
  struct Admission {
    std::optional<std::string> error;
    int64_t max_participants = 0;
    std::vector<std::string> removed_identities = {};  // kept out by a moderator (store.hpp)
  };
  Admission admission(const std::string& meeting_id, const std::string& tenant_id);

  // The secret that signed a join token (docs/protocol.md "Join tokens"): a token that names
  // a key ("kid") was signed by a tenant's backend with that tenant key's signing secret, and
  // its "iss" must be the key's tenant; any other is signed with `server_secret` (API-minted
  // tokens carry the tenant in "iss", development tokens nothing). nullopt refuses the token:
  // unknown, revoked or admin key, a key without a signing secret, or another tenant's key.
  std::optional<std::string> join_token_secret(std::string_view issuer, std::string_view key_id,
                                               const std::string& server_secret);

  // A meeting's settings (features, lobby, ...); nullopt when it does not exist.
  std::optional<store::MeetingSettings> meeting_settings(const std::string& meeting_id);
  // Every feature a meeting can have: what meetings created without a list get.
  static std::vector<std::string> all_features();
  // Stores a chat message sent in a meeting (the signaling layer calls it); a failure is
  // logged, the room has the message anyway.
  void record_chat(store::ChatMessage message);

  // Start-up recovery (call once, before serving): closes the sessions a crash left open with
  // reason "server_restart" at the node's last heartbeat, takes meetings out of `live`, and
  // sends the participant.left and meeting.ended webhooks that were never sent.
  store::StoreResult<store::RecoveryReport> recover_after_restart(const std::string& node_id);

  // When no admin key is configured (ApiOptions::admin_key) and none is stored, creates one
  // and returns its secret, to be printed once; nullopt otherwise. Call once at start-up.
  store::StoreResult<std::optional<std::string>> ensure_admin_key();

  // Hook for http::Server::on_request: counts requests by route and status and observes
  // latency (meet_api_requests_total, meet_api_request_duration_seconds).
  void record_request(const http::Request& request, const http::Response& response,
                      std::string_view route, double seconds);

  // Recordings (issue 14). The recorder reports to recording_events() (any thread; lives as
  // long as the Api). set_recording_control replaces ApiOptions::recording.control; call it
  // before serving. resume_recording_uploads (start-up, after the recorder's own recovery)
  // queues the upload of every `processing` recording whose MP4 is on disk; returns how many.
  RecordingEvents& recording_events();
  void set_recording_control(RecordingControl& control);
  size_t resume_recording_uploads();
  storage::UploadQueue* recording_uploads();  // nullptr without a BlobStore (tests watch it)
  // A host over signaling and the meeting's recording_auto_start (api_recording_host.cpp):
  // start or stop the recording of meeting `meeting_id` as the REST routes would (same row,
  // same checks, same webhooks). nullopt on success, else the error code ("feature_disabled",
  // "already_recording", "not_recording", "not_live", "not_found", ...).
  std::optional<std::string> start_meeting_recording(const std::string& meeting_id);
  std::optional<std::string> stop_meeting_recording(const std::string& meeting_id);

 private:
  std::unique_ptr<ApiParts> parts_;
};

}  // namespace meet::api
