#include "rtc/ice/ice_lite_agent.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rtc/stun/stun_message_builder.hpp"

namespace meet::rtc {
namespace {

using boost::asio::ip::make_address;
using std::chrono::seconds;
using TimePoint = IceLiteAgent::TimePoint;

const IceCredentials kLocal{"srvufrag", "server-password-24chars+"};
constexpr std::string_view kRemoteUfrag = "brws";
const Endpoint kHostA{make_address("192.0.2.10"), 50000};
const Endpoint kHostB{make_address("198.51.100.7"), 61000};
const Endpoint kHostV6{make_address("2001:db8::7"), 50002};
const TimePoint kT0 = TimePoint{} + seconds(1000);

// A browser's connectivity check (RFC 8445 section 7.2.2) with knobs to break it.
struct Check {
  std::string username = "srvufrag:brws";
  std::string pwd = kLocal.pwd;
  bool use_candidate = false;
  bool controlling = true;
  bool controlled = false;
  bool integrity = true;
  bool fingerprint = true;
  uint16_t extra_attribute = 0;  // 0: none
  uint16_t type = kStunBindingRequest;
  uint8_t id = 1;
};

std::vector<uint8_t> build(const Check& c) {
  std::vector<uint8_t> out;
  StunMessageBuilder b(out);
  StunTransactionId id{};
  id[0] = c.id;
  b.start(c.type, id);
  if (!c.username.empty()) b.add_username(c.username);
  b.add_priority(1853824767);
  if (c.controlling) b.add_ice_controlling(0x0102030405060708ULL);
  if (c.controlled) b.add_ice_controlled(0x0102030405060708ULL);
  if (c.use_candidate) b.add_use_candidate();
  if (c.extra_attribute != 0) b.add_attribute(c.extra_attribute, {});
  if (c.integrity) b.add_message_integrity(c.pwd);
  if (c.fingerprint) b.add_fingerprint();
  EXPECT_TRUE(b.ok());
  return out;
}

class IceLiteAgentTest : public ::testing::Test {
 protected:
  Result<std::vector<uint8_t>, IceError> send(const Check& c, const Endpoint& from, TimePoint now) {
    last_ = build(c);
    auto msg = StunMessage::parse(last_);
    EXPECT_TRUE(msg.ok());
    return agent_.handle_binding_request(msg.value(), last_, from, now);
  }
  // The parsed form of the last check sent, for error_response().
  StunMessage last_message() const { return StunMessage::parse(last_).value(); }

  IceLiteAgent agent_{kLocal, std::string(kRemoteUfrag)};
  std::vector<uint8_t> last_;
};

TEST_F(IceLiteAgentTest, AnswersAValidCheck) {
  auto response = send(Check{.id = 7}, kHostA, kT0);
  ASSERT_TRUE(response.ok()) << to_string(response.error());
  auto msg = StunMessage::parse(response.value());
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->type(), kStunBindingSuccess);
  EXPECT_EQ(msg->transaction_id()[0], 7);
  EXPECT_EQ(msg->xor_mapped_address(), (StunAddress{kHostA.address, kHostA.port}));
  EXPECT_TRUE(msg->verify_integrity(response.value(), kLocal.pwd));
  EXPECT_TRUE(msg->verify_fingerprint(response.value()));
}

TEST_F(IceLiteAgentTest, AnswersAnIpv6Check) {
  auto response = send(Check{}, kHostV6, kT0);
  ASSERT_TRUE(response.ok());
  auto msg = StunMessage::parse(response.value());
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->xor_mapped_address(), (StunAddress{kHostV6.address, kHostV6.port}));
}

TEST_F(IceLiteAgentTest, SelectsTheFirstValidCheckUntilOneIsNominated) {
  EXPECT_EQ(agent_.selected(), std::nullopt);
  ASSERT_TRUE(send(Check{}, kHostA, kT0).ok());
  EXPECT_EQ(agent_.selected(), kHostA);
  EXPECT_FALSE(agent_.nominated());
  // Another unnominated check does not move media.
  ASSERT_TRUE(send(Check{}, kHostB, kT0 + seconds(1)).ok());
  EXPECT_EQ(agent_.selected(), kHostA);
  EXPECT_EQ(agent_.pair_count(), 2U);
}

TEST_F(IceLiteAgentTest, SelectsTheNominatedPair) {
  ASSERT_TRUE(send(Check{}, kHostA, kT0).ok());
  ASSERT_TRUE(send(Check{.use_candidate = true}, kHostB, kT0 + seconds(1)).ok());
  EXPECT_EQ(agent_.selected(), kHostB);
  EXPECT_TRUE(agent_.nominated());
  // Later plain checks (consent) from A do not take media back.
  ASSERT_TRUE(send(Check{}, kHostA, kT0 + seconds(2)).ok());
  EXPECT_EQ(agent_.selected(), kHostB);
}

TEST_F(IceLiteAgentTest, SwitchesPairWhenANewAddressNominates) {
  ASSERT_TRUE(send(Check{.use_candidate = true}, kHostA, kT0).ok());
  EXPECT_EQ(agent_.selected(), kHostA);
  // The browser's network changed: it nominates a new pair.
  ASSERT_TRUE(send(Check{.use_candidate = true}, kHostV6, kT0 + seconds(40)).ok());
  EXPECT_EQ(agent_.selected(), kHostV6);
  // The switch renews consent for the new address.
  EXPECT_FALSE(agent_.consent_expired(kT0 + seconds(41)));
}

TEST_F(IceLiteAgentTest, TcpAndUdpFromOneAddressAreDifferentPairs) {
  Endpoint tcp = kHostA;
  tcp.tcp = true;
  ASSERT_TRUE(send(Check{.use_candidate = true}, kHostA, kT0).ok());
  // Once UDP has been quiet for kUdpPreferredFor, TCP is answered and may take over.
  ASSERT_TRUE(send(Check{.use_candidate = true}, tcp, kT0 + seconds(6)).ok());
  EXPECT_EQ(agent_.pair_count(), 2U);
  EXPECT_EQ(agent_.selected(), tcp);
}

TEST_F(IceLiteAgentTest, LeavesTcpChecksUnansweredWhileUdpChecksArrive) {
  Endpoint tcp = kHostA;
  tcp.tcp = true;
  ASSERT_TRUE(send(Check{}, kHostA, kT0).ok());
  // Within kUdpPreferredFor of a UDP check: no answer, nothing selected or renewed.
  auto refused = send(Check{.use_candidate = true}, tcp, kT0 + seconds(1));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error(), IceError::kUdpPreferred);
  EXPECT_TRUE(agent_.error_response(last_message(), refused.error()).empty());
  EXPECT_EQ(agent_.selected(), kHostA);
  EXPECT_FALSE(agent_.is_validated(tcp));
  // The browser keeps checking UDP: TCP stays unanswered.
  ASSERT_TRUE(send(Check{}, kHostA, kT0 + seconds(4)).ok());
  EXPECT_FALSE(send(Check{}, tcp, kT0 + seconds(8)).ok());
  // UDP went quiet (the network dropped it): TCP is answered again.
  EXPECT_TRUE(send(Check{.use_candidate = true}, tcp, kT0 + seconds(9)).ok());
  EXPECT_EQ(agent_.selected(), tcp);
}

TEST_F(IceLiteAgentTest, AnswersTcpAtOnceWhenNoUdpCheckCame) {
  Endpoint tcp = kHostA;
  tcp.tcp = true;
  ASSERT_TRUE(send(Check{.use_candidate = true}, tcp, kT0).ok());
  EXPECT_EQ(agent_.selected(), tcp);
}

TEST_F(IceLiteAgentTest, RejectsWrongUfrag) {
  for (const char* username :
       {"otherufr:brws", "srvufrag:other", "srvufrag", "srvufragx:brws", "srvufra:brws", ":brws"}) {
    auto response = send(Check{.username = username}, kHostA, kT0);
    ASSERT_FALSE(response.ok()) << username;
    EXPECT_EQ(response.error(), IceError::kUnknownUsername) << username;
  }
  EXPECT_EQ(agent_.selected(), std::nullopt);
  EXPECT_EQ(agent_.pair_count(), 0U);
}

TEST_F(IceLiteAgentTest, RejectsWrongPassword) {
  auto response = send(Check{.pwd = "not-the-server-password!"}, kHostA, kT0);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error(), IceError::kBadIntegrity);
  EXPECT_EQ(agent_.selected(), std::nullopt);
  EXPECT_FALSE(agent_.is_validated(kHostA));

  // 401 without MESSAGE-INTEGRITY: the peer is not authenticated.
  auto error = agent_.error_response(last_message(), response.error());
  auto msg = StunMessage::parse(error);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->type(), kStunBindingError);
  EXPECT_EQ(msg->transaction_id(), last_message().transaction_id());
  ASSERT_TRUE(msg->error_code().has_value());
  EXPECT_EQ(msg->error_code()->code, 401);
  EXPECT_FALSE(msg->has_message_integrity());
  EXPECT_TRUE(msg->verify_fingerprint(error));
}

TEST_F(IceLiteAgentTest, RejectsMissingIntegrityWith400) {
  auto response = send(Check{.integrity = false}, kHostA, kT0);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error(), IceError::kMissingAttribute);
  auto error = agent_.error_response(last_message(), response.error());
  auto msg = StunMessage::parse(error);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->error_code()->code, 400);
}

TEST_F(IceLiteAgentTest, RejectsMissingUsername) {
  auto response = send(Check{.username = ""}, kHostA, kT0);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error(), IceError::kMissingAttribute);
}

TEST_F(IceLiteAgentTest, DropsBadFingerprintSilently) {
  last_ = build(Check{});
  last_[last_.size() - 1] ^= 0xff;
  auto msg = StunMessage::parse(last_);
  ASSERT_TRUE(msg.ok());
  auto response = agent_.handle_binding_request(msg.value(), last_, kHostA, kT0);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error(), IceError::kBadFingerprint);
  EXPECT_TRUE(agent_.error_response(msg.value(), response.error()).empty());
}

TEST_F(IceLiteAgentTest, AcceptsACheckWithoutFingerprint) {
  EXPECT_TRUE(send(Check{.fingerprint = false}, kHostA, kT0).ok());
}

TEST_F(IceLiteAgentTest, IgnoresIndications) {
  auto response = send(Check{.type = kStunBindingIndication}, kHostA, kT0);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error(), IceError::kNotBindingRequest);
  EXPECT_TRUE(agent_.error_response(last_message(), response.error()).empty());
}

TEST_F(IceLiteAgentTest, Answers420ToUnknownRequiredAttributes) {
  auto response = send(Check{.extra_attribute = 0x0077}, kHostA, kT0);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error(), IceError::kUnknownAttribute);
  auto error = agent_.error_response(last_message(), response.error());
  auto msg = StunMessage::parse(error);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->error_code()->code, 420);
  EXPECT_TRUE(msg->verify_integrity(error, kLocal.pwd));
  // An unknown comprehension-optional attribute is fine.
  EXPECT_TRUE(send(Check{.extra_attribute = 0xC057}, kHostA, kT0).ok());
}

TEST_F(IceLiteAgentTest, Answers487ToAControlledPeer) {
  auto response = send(Check{.controlling = false, .controlled = true}, kHostA, kT0);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error(), IceError::kRoleConflict);
  auto error = agent_.error_response(last_message(), response.error());
  auto msg = StunMessage::parse(error);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->error_code()->code, 487);
  EXPECT_TRUE(msg->verify_integrity(error, kLocal.pwd));
  EXPECT_EQ(agent_.selected(), std::nullopt);
}

TEST_F(IceLiteAgentTest, ConsentExpiresAfter30Seconds) {
  EXPECT_FALSE(agent_.consent_expired(kT0));  // nothing selected, nothing to expire
  ASSERT_TRUE(send(Check{.use_candidate = true}, kHostA, kT0).ok());
  EXPECT_FALSE(agent_.consent_expired(kT0 + seconds(29)));
  EXPECT_TRUE(agent_.consent_expired(kT0 + seconds(30)));
}

TEST_F(IceLiteAgentTest, ChecksFromTheSelectedAddressRenewConsent) {
  ASSERT_TRUE(send(Check{.use_candidate = true}, kHostA, kT0).ok());
  ASSERT_TRUE(send(Check{}, kHostA, kT0 + seconds(20)).ok());
  EXPECT_FALSE(agent_.consent_expired(kT0 + seconds(49)));
  EXPECT_TRUE(agent_.consent_expired(kT0 + seconds(50)));
}

TEST_F(IceLiteAgentTest, ChecksFromElsewhereDoNotRenewConsent) {
  ASSERT_TRUE(send(Check{.use_candidate = true}, kHostA, kT0).ok());
  ASSERT_TRUE(send(Check{}, kHostB, kT0 + seconds(20)).ok());
  // A failed check from the selected address does not count either.
  EXPECT_FALSE(send(Check{.pwd = "wrong-password-xxxxxxxxx"}, kHostA, kT0 + seconds(25)).ok());
  EXPECT_TRUE(agent_.consent_expired(kT0 + seconds(30)));
}

TEST_F(IceLiteAgentTest, AcceptsAnyRemoteUfragUntilTheAnswerIsKnown) {
  IceLiteAgent agent(kLocal, "");
  last_ = build(Check{.username = "srvufrag:whatever"});
  auto msg = StunMessage::parse(last_);
  ASSERT_TRUE(msg.ok());
  EXPECT_TRUE(agent.handle_binding_request(msg.value(), last_, kHostA, kT0).ok());

  agent.set_remote_credentials("brws", "remote-password");
  EXPECT_EQ(agent.handle_binding_request(msg.value(), last_, kHostA, kT0).error(),
            IceError::kUnknownUsername);
}

TEST_F(IceLiteAgentTest, KeepsABoundedPairTable) {
  ASSERT_TRUE(send(Check{.use_candidate = true}, kHostA, kT0).ok());
  for (uint16_t i = 0; i < 40; ++i) {
    const Endpoint from{make_address("203.0.113.1"), static_cast<uint16_t>(10000 + i)};
    ASSERT_TRUE(send(Check{}, from, kT0 + seconds(1 + i)).ok());
  }
  EXPECT_EQ(agent_.pair_count(), IceLiteAgent::kMaxPairs);
  EXPECT_EQ(agent_.selected(), kHostA);
  EXPECT_TRUE(agent_.is_validated(kHostA));  // the selected pair is never evicted
  EXPECT_TRUE(agent_.is_validated(Endpoint{make_address("203.0.113.1"), 10039}));
  EXPECT_FALSE(agent_.is_validated(Endpoint{make_address("203.0.113.1"), 10000}));
}

TEST(IceLiteAgent, BuildsA401ForAnUnknownUfragWithoutAnAgent) {
  const auto check = build(Check{.username = "nobody:brws"});
  auto request = StunMessage::parse(check);
  ASSERT_TRUE(request.ok());
  auto error = IceLiteAgent::build_error_response(request.value(), 401, "Unauthorized");
  auto msg = StunMessage::parse(error);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->type(), kStunBindingError);
  EXPECT_EQ(msg->error_code()->code, 401);
  EXPECT_EQ(msg->error_code()->reason, "Unauthorized");
  EXPECT_TRUE(msg->verify_fingerprint(error));

  // Never answer a response.
  std::vector<uint8_t> out;
  StunMessageBuilder b(out);
  b.start(kStunBindingSuccess, StunTransactionId{});
  auto response = StunMessage::parse(out);
  ASSERT_TRUE(response.ok());
  EXPECT_TRUE(IceLiteAgent::build_error_response(response.value(), 400, "Bad Request").empty());
}

TEST(IceLiteAgent, ExtractsTheLocalUfrag) {
  EXPECT_EQ(IceLiteAgent::ufrag_from_username("abcd:efgh"), "abcd");
  EXPECT_EQ(IceLiteAgent::ufrag_from_username("a:b:c"), "a");
  EXPECT_EQ(IceLiteAgent::ufrag_from_username(":efgh"), "");
  EXPECT_EQ(IceLiteAgent::ufrag_from_username("abcd"), "");
  EXPECT_EQ(IceLiteAgent::ufrag_from_username(""), "");
}

TEST(IceLiteAgent, NamesEveryError) {
  EXPECT_EQ(to_string(IceError::kBadIntegrity), "bad_integrity");
  EXPECT_EQ(to_string(IceError::kRoleConflict), "role_conflict");
}

}  // namespace
}  // namespace meet::rtc
