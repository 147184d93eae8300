// ICE-lite and DTLS against a real Engine on loopback: before the browser nominates a pair,
// the engine must answer its DTLS handshake where the handshake came from. Browsers check from
// every local interface, so the first address that passes a check is often not the one their
// DTLS runs on; answering there costs a DTLS retransmission (a second) or the call.
#include <gtest/gtest.h>

#include <chrono>

#include "engine/support/two_party_room.hpp"

namespace meet::engine::testing {
namespace {

using namespace std::chrono_literals;

TEST(EngineIce, DtlsIsAnsweredWhereItCameFromBeforeNomination) {
  TwoPartyRoom room;
  TwoPartyRoom::settle();
  // Another interface of alice's machine passes a check first (no nomination) and then stays
  // silent: it never carries her DTLS.
  asio::io_context io;
  udp::socket other_interface(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const std::string username =
      std::string(kAliceServerUfrag) + ":" + room.alice().credentials().ufrag;
  auto check = binding_request(rtc::StunTransactionId{}, username, kAliceServerPwd, false);
  other_interface.send_to(asio::buffer(check), room.server());
  TwoPartyRoom::settle();

  // Alice's own checks do not nominate either; her handshake must not wait for a
  // retransmission (the first one comes after a second).
  room.alice().set_nominate(false);
  const auto start = Clock::now();
  ASSERT_TRUE(room.alice().connect(room.server(), kAliceServerUfrag, kAliceServerPwd,
                                   room.engine().fingerprint_sha256()));
  EXPECT_LT(Clock::now() - start, 500ms);
}

}  // namespace
}  // namespace meet::engine::testing
