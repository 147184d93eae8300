#pragma once
// What the platform says about a join request before the participant enters: the token's
// claims (its signing secret may be a tenant key in the store), the meeting's admission
// (exists, not ended, this tenant's) and its policy. Everything here may read the database,
// so a session runs it off the control loop (SessionEnvironment::run_off_loop) and enters
// the room with the result back on the loop; only the participant count, which changes on
// the loop, is compared there.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/jwt.hpp"
#include "signal/error_code.hpp"

namespace meet::signal {

// What the meeting behind a room allows (docs/api.md, meeting settings).
struct MeetingPolicy {
  std::vector<std::string> features;  // "chat", "screen_share", ...
  bool lobby = false;                 // guests wait until a moderator admits them
};

// The store's answer for a room of an API token: a refusal ("room_closed", "invalid_token"
// for another tenant's meeting) or "", and the meeting's participant limit (0: none).
struct Admission {
  std::string error;
  int64_t max_participants = 0;
  // Identities a moderator removed from the meeting, as the store keeps them (so they stay
  // out after a restart of the server, which forgets the room registry's list).
  std::vector<std::string> removed_identities = {};
};

// The lookups a join needs; each may block on the database. Copied into the job, so they
// must stay callable from another thread for as long as a job may run.
struct JoinLookups {
  TokenSecretLookup token_secret;
  std::function<Admission(const std::string& room, const std::string& tenant)> admit;
  std::function<MeetingPolicy(const std::string& room)> meeting_policy;
  MeetingPolicy default_policy;  // development tokens: no issuer, no store
};

struct JoinCheck {
  std::optional<ErrorCode> refused;  // set: answer the join with this code and close
  std::string refusal_detail;        // for the log ("token: bad_signature", ...)
  JoinClaims claims;
  MeetingPolicy policy;
  int64_t max_participants = 0;                 // 0: no limit
  std::vector<std::string> removed_identities;  // of the meeting (Admission)
};

// Verifies `token` at `now_unix_s` and looks up the meeting behind it. Any thread.
JoinCheck check_join(const JoinLookups& lookups, const std::string& token, int64_t now_unix_s);

}  // namespace meet::signal
