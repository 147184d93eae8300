#include "rtc/stun/stun_message_builder.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <array>
#include <string>
#include <vector>

#include "rtc/stun/rfc5769_vectors.hpp"
#include "rtc/stun/stun_message.hpp"

namespace meet::rtc {
namespace {

using boost::asio::ip::make_address;

std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// RFC 5769 2.4 pads with zeros, as the builder does, so the builder must reproduce it byte for
// byte, MESSAGE-INTEGRITY included.
TEST(StunMessageBuilder, ReproducesRfc5769LongTermRequest) {
  const std::string input = std::string(rfc5769::kLongTermUsername) + ":" +
                            std::string(rfc5769::kLongTermRealm) + ":" +
                            std::string(rfc5769::kLongTermPassword);
  unsigned char key[16];
  unsigned int key_len = 0;
  ASSERT_EQ(EVP_Digest(input.data(), input.size(), key, &key_len, EVP_md5(), nullptr), 1);

  std::vector<uint8_t> out;
  StunMessageBuilder builder(out);
  builder.start(kStunBindingRequest, rfc5769::kLongTermTransactionId);
  builder.add_username(rfc5769::kLongTermUsername);
  builder.add_attribute(stun_attr::kNonce, as_bytes(rfc5769::kLongTermNonce));
  builder.add_attribute(stun_attr::kRealm, as_bytes(rfc5769::kLongTermRealm));
  builder.add_message_integrity(std::string_view(reinterpret_cast<const char*>(key), key_len));
  ASSERT_TRUE(builder.ok());
  EXPECT_EQ(out, std::vector<uint8_t>(rfc5769::kLongTermRequest.begin(),
                                      rfc5769::kLongTermRequest.end()));
}

TEST(StunMessageBuilder, WritesRfc5769Ipv4MappedAddress) {
  std::vector<uint8_t> out;
  StunMessageBuilder builder(out);
  builder.start(kStunBindingSuccess, rfc5769::kTransactionId);
  builder.add_xor_mapped_address(make_address("192.0.2.1"), 32853);
  builder.add_message_integrity(rfc5769::kPassword);
  builder.add_fingerprint();
  ASSERT_TRUE(builder.ok());
  const std::vector<uint8_t> xor_mapped = {
      0x00, 0x20, 0x00, 0x08,  // XOR-MAPPED-ADDRESS, length 8
      0x00, 0x01, 0xa1, 0x47,  // family IPv4, xor'd port (RFC 5769 2.2)
      0xe1, 0x12, 0xa6, 0x43,  // xor'd address
  };
  EXPECT_EQ(std::vector<uint8_t>(out.begin() + 20, out.begin() + 32), xor_mapped);

  auto msg = StunMessage::parse(out);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->type(), kStunBindingSuccess);
  EXPECT_EQ(msg->transaction_id(), rfc5769::kTransactionId);
  EXPECT_EQ(msg->xor_mapped_address(), (StunAddress{make_address("192.0.2.1"), 32853}));
  EXPECT_TRUE(msg->verify_integrity(out, rfc5769::kPassword));
  EXPECT_TRUE(msg->verify_fingerprint(out));
}

TEST(StunMessageBuilder, WritesRfc5769Ipv6MappedAddress) {
  std::vector<uint8_t> out;
  StunMessageBuilder builder(out);
  builder.start(kStunBindingSuccess, rfc5769::kTransactionId);
  builder.add_xor_mapped_address(make_address("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
  ASSERT_TRUE(builder.ok());
  const std::vector<uint8_t> xor_mapped = {
      0x00, 0x20, 0x00, 0x14,  // XOR-MAPPED-ADDRESS, length 20
      0x00, 0x02, 0xa1, 0x47,  // family IPv6, xor'd port (RFC 5769 2.3)
      0x01, 0x13, 0xa9, 0xfa,  // xor'd address
      0xa5, 0xd3, 0xf1, 0x79,  //
      0xbc, 0x25, 0xf4, 0xb5,  //
      0xbe, 0xd2, 0xb9, 0xd9,  //
  };
  EXPECT_EQ(std::vector<uint8_t>(out.begin() + 20, out.end()), xor_mapped);
  EXPECT_EQ(out[3], 24);  // header length counts the attribute
}

TEST(StunMessageBuilder, WritesIpv4MappedIpv6AsIpv4) {
  std::vector<uint8_t> out;
  StunMessageBuilder builder(out);
  builder.start(kStunBindingSuccess, rfc5769::kTransactionId);
  builder.add_xor_mapped_address(make_address("::ffff:192.0.2.1"), 32853);
  auto msg = StunMessage::parse(out);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->xor_mapped_address(), (StunAddress{make_address("192.0.2.1"), 32853}));
}

// parse -> build from the parsed fields -> the same bytes.
TEST(StunMessageBuilder, RoundTripsAnIceCheck) {
  const StunTransactionId id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  std::vector<uint8_t> first;
  StunMessageBuilder builder(first);
  builder.start(kStunBindingRequest, id);
  builder.add_username("abcd:efgh");
  builder.add_priority(1853824767);
  builder.add_use_candidate();
  builder.add_ice_controlling(0x1122334455667788ULL);
  builder.add_message_integrity("0123456789abcdefghijklmn");
  builder.add_fingerprint();
  ASSERT_TRUE(builder.ok());

  auto msg = StunMessage::parse(first);
  ASSERT_TRUE(msg.ok());
  EXPECT_TRUE(msg->verify_integrity(first, "0123456789abcdefghijklmn"));
  EXPECT_TRUE(msg->verify_fingerprint(first));

  std::vector<uint8_t> second;
  StunMessageBuilder again(second);
  again.start(msg->type(), msg->transaction_id());
  again.add_username(*msg->username());
  again.add_priority(*msg->priority());
  if (msg->use_candidate()) again.add_use_candidate();
  again.add_ice_controlling(*msg->ice_controlling());
  again.add_message_integrity("0123456789abcdefghijklmn");
  again.add_fingerprint();
  EXPECT_EQ(first, second);
}

TEST(StunMessageBuilder, RoundTripsErrorResponse) {
  const StunTransactionId id{};
  std::vector<uint8_t> out;
  StunMessageBuilder builder(out);
  builder.start(kStunBindingError, id);
  builder.add_error_code(420, "Unknown Attribute");
  const std::array<uint16_t, 3> unknown = {0x0031, 0x0032, 0x0033};
  builder.add_unknown_attributes(unknown);
  builder.add_fingerprint();
  ASSERT_TRUE(builder.ok());
  EXPECT_EQ(out.size() % 4, 0U);

  auto msg = StunMessage::parse(out);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->message_class(), StunClass::kError);
  ASSERT_TRUE(msg->error_code().has_value());
  EXPECT_EQ(msg->error_code()->code, 420);
  EXPECT_EQ(msg->error_code()->reason, "Unknown Attribute");
  EXPECT_TRUE(msg->verify_fingerprint(out));
}

TEST(StunMessageBuilder, FixedBufferReportsOverflow) {
  const StunTransactionId id{};
  std::array<uint8_t, 32> small{};
  StunMessageBuilder builder(small);
  builder.start(kStunBindingRequest, id);
  builder.add_priority(1);  // 20 + 8 = 28: fits
  EXPECT_TRUE(builder.ok());
  EXPECT_EQ(builder.size(), 28U);
  builder.add_priority(2);  // 36: does not
  EXPECT_FALSE(builder.ok());
  EXPECT_EQ(builder.size(), 28U);

  // start() makes it usable again.
  builder.start(kStunBindingRequest, id);
  builder.add_use_candidate();
  EXPECT_TRUE(builder.ok());
  auto msg = StunMessage::parse(builder.bytes());
  ASSERT_TRUE(msg.ok());
  EXPECT_TRUE(msg->use_candidate());
}

TEST(StunMessageBuilder, FixedBufferHoldsAWholeResponse) {
  std::array<uint8_t, 128> buffer{};
  StunMessageBuilder builder(buffer);
  builder.start(kStunBindingSuccess, rfc5769::kTransactionId);
  builder.add_xor_mapped_address(make_address("2001:db8::1"), 9);
  builder.add_message_integrity("pwd");
  builder.add_fingerprint();
  ASSERT_TRUE(builder.ok());
  EXPECT_EQ(builder.size(), 20U + 24 + 24 + 8);
  auto msg = StunMessage::parse(builder.bytes());
  ASSERT_TRUE(msg.ok());
  EXPECT_TRUE(msg->verify_integrity(builder.bytes(), "pwd"));
  EXPECT_TRUE(msg->verify_fingerprint(builder.bytes()));
}

TEST(StunMessageBuilder, PadsWithZeros) {
  std::vector<uint8_t> out;
  StunMessageBuilder builder(out);
  builder.start(kStunBindingRequest, StunTransactionId{});
  builder.add_username("abcde");
  const std::vector<uint8_t> attribute = {
      0x00, 0x06, 0x00, 0x05,  // USERNAME, length 5
      0x61, 0x62, 0x63, 0x64,  // "abcde"
      0x65, 0x00, 0x00, 0x00,  // + 3 zero bytes
  };
  EXPECT_EQ(std::vector<uint8_t>(out.begin() + 20, out.end()), attribute);
  EXPECT_EQ(out[3], 12);
}

}  // namespace
}  // namespace meet::rtc
