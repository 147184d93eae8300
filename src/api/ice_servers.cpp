#include "api/ice_servers.hpp"

#include "common/base64.hpp"
#include "common/crypto.hpp"

namespace meet::api {

TurnCredential make_turn_credential(const std::string& secret, const std::string& identity,
                                    int64_t now_unix, int64_t ttl_seconds) {
  TurnCredential c;
  c.expires_at_unix = now_unix + ttl_seconds;
  c.username = std::to_string(c.expires_at_unix) + ":" + identity;
  const auto mac = hmac_sha1(secret, c.username);
  c.credential = base64_encode(std::span<const uint8_t>(mac.data(), mac.size()));
  return c;
}

nlohmann::json ice_servers_json(const std::vector<std::string>& stun_urls, const TurnConfig& turn,
                                const std::string& identity, int64_t now_unix) {
  auto servers = nlohmann::json::array();
  if (!stun_urls.empty()) servers.push_back({{"urls", stun_urls}});
  if (!turn.urls.empty() && !turn.secret.empty()) {
    const auto c = make_turn_credential(turn.secret, identity, now_unix, turn.ttl_seconds);
    servers.push_back({{"urls", turn.urls},
                       {"username", c.username},
                       {"credential", c.credential},
                       {"expires_at", c.expires_at_unix * 1000}});
  }
  return servers;
}

}  // namespace meet::api
