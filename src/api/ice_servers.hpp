#pragma once
// ICE server list for clients: STUN URLs as they are, TURN URLs with time-limited credentials
// the way coturn's `use-auth-secret` (TURN REST API draft, "static-auth-secret") expects:
//   username   = "<expiry unix seconds>:<identity>"
//   credential = base64(HMAC-SHA1(secret, username))
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace meet::api {

struct TurnConfig {
  std::vector<std::string> urls;  // e.g. "turn:turn.example.com:3478?transport=udp"
  std::string secret;             // coturn static-auth-secret; TURN is omitted when empty
  int64_t ttl_seconds = 86'400;
};

struct TurnCredential {
  std::string username;
  std::string credential;
  int64_t expires_at_unix = 0;
};

TurnCredential make_turn_credential(const std::string& secret, const std::string& identity,
                                    int64_t now_unix, int64_t ttl_seconds);

// [{"urls":[...stun]}, {"urls":[...turn],"username":..,"credential":..}] with empty parts left
// out. The same list goes in the signaling join response.
nlohmann::json ice_servers_json(const std::vector<std::string>& stun_urls, const TurnConfig& turn,
                                const std::string& identity, int64_t now_unix);

}  // namespace meet::api
