#include "api/ice_servers.hpp"

#include <gtest/gtest.h>

namespace meet::api {
namespace {

// Expected values computed independently:
//   python3 -c "import hmac,hashlib,base64; print(base64.b64encode(hmac.new(b'north',
//     b'1700086400:alice', hashlib.sha1).digest()).decode())"
TEST(IceServers, MakesCoturnRestCredentials) {
  auto c = make_turn_credential("north", "alice", 1'700'000'000, 86'400);
  EXPECT_EQ(c.username, "1700086400:alice");
  EXPECT_EQ(c.credential, "SXua5ne/+mDhiHTp0pQJzRO4ESg=");
  EXPECT_EQ(c.expires_at_unix, 1'700'086'400);
}

TEST(IceServers, ListsStunAndTurnAndLeavesOutWhatIsNotConfigured) {
  TurnConfig turn{{"turn:t.example:3478?transport=udp"}, "north", 86'400};
  auto j = ice_servers_json({"stun:s.example:3478"}, turn, "alice", 1'700'000'000);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["urls"][0], "stun:s.example:3478");
  EXPECT_FALSE(j[0].contains("username"));
  EXPECT_EQ(j[1]["username"], "1700086400:alice");
  EXPECT_EQ(j[1]["credential"], "SXua5ne/+mDhiHTp0pQJzRO4ESg=");
  EXPECT_EQ(ice_servers_json({}, TurnConfig{{"turn:x"}, "", 10}, "a", 0).size(), 0u);
}

}  // namespace
}  // namespace meet::api
