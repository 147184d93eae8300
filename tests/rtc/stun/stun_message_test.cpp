#include "rtc/stun/stun_message.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <optional>
#include <string>
#include <vector>

#include "rtc/stun/rfc5769_vectors.hpp"

namespace meet::rtc {
namespace {

using boost::asio::ip::make_address;

// A Binding request header with an all-zero transaction id, the Message Length set to the size
// of `attributes` unless `length` overrides it, followed by `attributes`.
std::vector<uint8_t> message(std::initializer_list<uint8_t> attributes,
                             std::optional<uint16_t> length = std::nullopt) {
  const uint16_t len = length.value_or(static_cast<uint16_t>(attributes.size()));
  std::vector<uint8_t> out(20 + attributes.size());
  out[0] = 0x00;  // Binding request
  out[1] = 0x01;
  out[2] = static_cast<uint8_t>(len >> 8);  // Message Length
  out[3] = static_cast<uint8_t>(len);
  out[4] = 0x21;  // magic cookie
  out[5] = 0x12;
  out[6] = 0xa4;
  out[7] = 0x42;
  // bytes 8..19: transaction id, zeros
  std::copy(attributes.begin(), attributes.end(), out.begin() + 20);
  return out;
}

TEST(StunMessage, ParsesRfc5769SampleRequest) {
  auto msg = StunMessage::parse(rfc5769::kRequest);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->type(), kStunBindingRequest);
  EXPECT_TRUE(msg->is_binding_request());
  EXPECT_EQ(msg->method(), kStunMethodBinding);
  EXPECT_EQ(msg->message_class(), StunClass::kRequest);
  EXPECT_EQ(msg->transaction_id(), rfc5769::kTransactionId);
  EXPECT_EQ(msg->username(), rfc5769::kUsername);
  EXPECT_EQ(msg->priority(), 0x6e0001ffU);
  EXPECT_EQ(msg->ice_controlled(), 0x932ff9b151263b36ULL);
  EXPECT_EQ(msg->ice_controlling(), std::nullopt);
  EXPECT_FALSE(msg->use_candidate());
  EXPECT_EQ(msg->xor_mapped_address(), std::nullopt);
  EXPECT_TRUE(msg->has_message_integrity());
  EXPECT_TRUE(msg->has_fingerprint());
  EXPECT_TRUE(msg->unknown_attributes().empty());
}

TEST(StunMessage, VerifiesRfc5769SampleRequest) {
  auto msg = StunMessage::parse(rfc5769::kRequest);
  ASSERT_TRUE(msg.ok());
  EXPECT_TRUE(msg->verify_integrity(rfc5769::kRequest, rfc5769::kPassword));
  EXPECT_TRUE(msg->verify_fingerprint(rfc5769::kRequest));
  EXPECT_FALSE(msg->verify_integrity(rfc5769::kRequest, "VOkJxbRl1RmTxUk/WvJxBu"));
  EXPECT_FALSE(msg->verify_integrity(rfc5769::kRequest, ""));
}

TEST(StunMessage, ParsesAndVerifiesRfc5769Ipv4Response) {
  auto msg = StunMessage::parse(rfc5769::kIpv4Response);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->type(), kStunBindingSuccess);
  EXPECT_EQ(msg->message_class(), StunClass::kSuccess);
  EXPECT_EQ(msg->method(), kStunMethodBinding);
  EXPECT_EQ(msg->transaction_id(), rfc5769::kTransactionId);
  auto mapped = msg->xor_mapped_address();
  ASSERT_TRUE(mapped.has_value());
  EXPECT_EQ(mapped->address, make_address("192.0.2.1"));
  EXPECT_EQ(mapped->port, 32853);
  EXPECT_TRUE(msg->verify_integrity(rfc5769::kIpv4Response, rfc5769::kPassword));
  EXPECT_TRUE(msg->verify_fingerprint(rfc5769::kIpv4Response));
}

TEST(StunMessage, ParsesAndVerifiesRfc5769Ipv6Response) {
  auto msg = StunMessage::parse(rfc5769::kIpv6Response);
  ASSERT_TRUE(msg.ok());
  auto mapped = msg->xor_mapped_address();
  ASSERT_TRUE(mapped.has_value());
  EXPECT_EQ(mapped->address, make_address("2001:db8:1234:5678:11:2233:4455:6677"));
  EXPECT_EQ(mapped->port, 32853);
  EXPECT_TRUE(msg->verify_integrity(rfc5769::kIpv6Response, rfc5769::kPassword));
  EXPECT_TRUE(msg->verify_fingerprint(rfc5769::kIpv6Response));
}

// Long-term credentials: the key is MD5(username ":" realm ":" password), which the caller
// computes; verify_integrity takes any key bytes.
TEST(StunMessage, VerifiesRfc5769LongTermRequestWithMd5Key) {
  auto msg = StunMessage::parse(rfc5769::kLongTermRequest);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->username(), rfc5769::kLongTermUsername);
  EXPECT_TRUE(msg->has_message_integrity());
  EXPECT_FALSE(msg->has_fingerprint());
  EXPECT_FALSE(msg->verify_fingerprint(rfc5769::kLongTermRequest));

  std::string input = std::string(rfc5769::kLongTermUsername) + ":" +
                      std::string(rfc5769::kLongTermRealm) + ":" +
                      std::string(rfc5769::kLongTermPassword);
  unsigned char key[16];
  unsigned int key_len = 0;
  ASSERT_EQ(EVP_Digest(input.data(), input.size(), key, &key_len, EVP_md5(), nullptr), 1);
  std::string_view key_view(reinterpret_cast<const char*>(key), key_len);
  EXPECT_TRUE(msg->verify_integrity(rfc5769::kLongTermRequest, key_view));
}

TEST(StunMessage, TamperedByteFailsIntegrityAndFingerprint) {
  std::vector<uint8_t> bytes(rfc5769::kRequest.begin(), rfc5769::kRequest.end());
  bytes[45] ^= 0x01;  // PRIORITY value, covered by both
  auto msg = StunMessage::parse(bytes);
  ASSERT_TRUE(msg.ok());
  EXPECT_FALSE(msg->verify_integrity(bytes, rfc5769::kPassword));
  EXPECT_FALSE(msg->verify_fingerprint(bytes));
}

TEST(StunMessage, VerifyRejectsRawOfAnotherSize) {
  auto msg = StunMessage::parse(rfc5769::kRequest);
  ASSERT_TRUE(msg.ok());
  std::span<const uint8_t> shorter(rfc5769::kRequest.data(), rfc5769::kRequest.size() - 8);
  EXPECT_FALSE(msg->verify_integrity(shorter, rfc5769::kPassword));
  EXPECT_FALSE(msg->verify_fingerprint(shorter));
}

TEST(StunMessage, VerifyIsFalseWithoutTheAttributes) {
  auto bytes = message({});
  auto msg = StunMessage::parse(bytes);
  ASSERT_TRUE(msg.ok());
  EXPECT_FALSE(msg->has_message_integrity());
  EXPECT_FALSE(msg->has_fingerprint());
  EXPECT_FALSE(msg->verify_integrity(bytes, "key"));
  EXPECT_FALSE(msg->verify_fingerprint(bytes));
}

TEST(StunMessage, DecodesMessageTypes) {
  struct Case {
    uint16_t type;
    uint16_t method;
    StunClass cls;
  };
  const Case cases[] = {
      {0x0001, 0x001, StunClass::kRequest}, {0x0011, 0x001, StunClass::kIndication},
      {0x0101, 0x001, StunClass::kSuccess}, {0x0111, 0x001, StunClass::kError},
      {0x0003, 0x003, StunClass::kRequest}, {0x0113, 0x003, StunClass::kError},
      {0x3FEF, 0xFFF, StunClass::kSuccess}, {0x3FFF, 0xFFF, StunClass::kError},
  };
  for (const auto& c : cases) {
    auto bytes = message({});
    bytes[0] = static_cast<uint8_t>(c.type >> 8);
    bytes[1] = static_cast<uint8_t>(c.type);
    auto msg = StunMessage::parse(bytes);
    ASSERT_TRUE(msg.ok()) << c.type;
    EXPECT_EQ(msg->method(), c.method) << c.type;
    EXPECT_EQ(msg->message_class(), c.cls) << c.type;
    EXPECT_EQ(stun_message_type(c.method, c.cls), c.type) << c.type;
  }
}

TEST(StunMessage, ReadsIceAttributes) {
  const auto bytes = message({
      0x00, 0x25, 0x00, 0x00,  // USE-CANDIDATE
      0x80, 0x2a, 0x00, 0x08,  // ICE-CONTROLLING
      0x01, 0x02, 0x03, 0x04,  //
      0x05, 0x06, 0x07, 0x08,  //
      0x00, 0x24, 0x00, 0x04,  // PRIORITY
      0x7e, 0x00, 0x1e, 0xff,  //
  });
  auto msg = StunMessage::parse(bytes);
  ASSERT_TRUE(msg.ok());
  EXPECT_TRUE(msg->use_candidate());
  EXPECT_EQ(msg->ice_controlling(), 0x0102030405060708ULL);
  EXPECT_EQ(msg->ice_controlled(), std::nullopt);
  EXPECT_EQ(msg->priority(), 0x7e001effU);
  EXPECT_EQ(msg->username(), std::nullopt);
}

TEST(StunMessage, ReadsErrorCode) {
  const auto bytes = message({
      0x00, 0x09, 0x00, 0x10,  // ERROR-CODE, length 16
      0x00, 0x00, 0x04, 0x01,  // class 4, number 1
      0x55, 0x6e, 0x61, 0x75,  // "Unauthorized"
      0x74, 0x68, 0x6f, 0x72,  //
      0x69, 0x7a, 0x65, 0x64,  //
  });
  auto msg = StunMessage::parse(bytes);
  ASSERT_TRUE(msg.ok());
  auto error = msg->error_code();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, 401);
  EXPECT_EQ(error->reason, "Unauthorized");
}

TEST(StunMessage, AcceptsAnyPaddingBytes) {
  const auto bytes = message({
      0x00, 0x06, 0x00, 0x03,  // USERNAME, length 3
      0x61, 0x62, 0x63, 0xcc,  // "abc" + padding 0xcc
  });
  auto msg = StunMessage::parse(bytes);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->username(), "abc");
}

TEST(StunMessage, KeepsTheFirstOfRepeatedAttributes) {
  const auto bytes = message({
      0x00, 0x06, 0x00, 0x01,  // USERNAME "a"
      0x61, 0x00, 0x00, 0x00,  //
      0x00, 0x06, 0x00, 0x01,  // USERNAME "b"
      0x62, 0x00, 0x00, 0x00,  //
  });
  auto msg = StunMessage::parse(bytes);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->username(), "a");
}

TEST(StunMessage, IgnoresAttributesAfterMessageIntegrity) {
  const auto bytes = message({
      0x00, 0x08, 0x00, 0x14,  // MESSAGE-INTEGRITY
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x25, 0x00,
      0x00,                    // USE-CANDIDATE: not covered by the
                               // HMAC, ignored
      0x00, 0x06, 0x00, 0x01,  // USERNAME "a": ignored
      0x61, 0x00, 0x00, 0x00,  //
  });
  auto msg = StunMessage::parse(bytes);
  ASSERT_TRUE(msg.ok());
  EXPECT_TRUE(msg->has_message_integrity());
  EXPECT_FALSE(msg->use_candidate());
  EXPECT_EQ(msg->username(), std::nullopt);
}

TEST(StunMessage, ReportsUnknownComprehensionRequiredAttributes) {
  const auto bytes = message({
      0x00, 0x7f, 0x00, 0x00,  // unknown comprehension-required 0x007f
      0xc0, 0x57, 0x00, 0x04,  // GOOG-NETWORK-INFO: comprehension-optional, ignored
      0x00, 0x01, 0x00, 0x0a,  //
      0x00, 0x7f, 0x00, 0x00,  // again: reported once
      0x00, 0x30, 0x00, 0x00,  // unknown 0x0030
  });
  auto msg = StunMessage::parse(bytes);
  ASSERT_TRUE(msg.ok());
  ASSERT_EQ(msg->unknown_attributes().size(), 2U);
  EXPECT_EQ(msg->unknown_attributes()[0], 0x007f);
  EXPECT_EQ(msg->unknown_attributes()[1], 0x0030);
}

TEST(StunMessage, LooksLikeStun) {
  EXPECT_TRUE(StunMessage::looks_like_stun(rfc5769::kRequest));
  EXPECT_TRUE(StunMessage::looks_like_stun(rfc5769::kIpv4Response));
  auto bytes = message({});
  bytes[0] = 0x03;
  EXPECT_TRUE(StunMessage::looks_like_stun(bytes));
  bytes[0] = 0x04;
  EXPECT_FALSE(StunMessage::looks_like_stun(bytes));  // not in 0..3
  bytes[0] = 0x16;
  EXPECT_FALSE(StunMessage::looks_like_stun(bytes));  // DTLS handshake
  bytes[0] = 0x80;
  EXPECT_FALSE(StunMessage::looks_like_stun(bytes));  // RTP / RTCP
  bytes[0] = 0x00;
  bytes[7] = 0x43;
  EXPECT_FALSE(StunMessage::looks_like_stun(bytes));  // wrong cookie
  EXPECT_FALSE(StunMessage::looks_like_stun(std::span(rfc5769::kRequest).first(19)));
  EXPECT_FALSE(StunMessage::looks_like_stun({}));
}

TEST(StunMessage, RejectsBadInputs) {
  struct Case {
    const char* name;
    std::vector<uint8_t> bytes;
    StunError expected;
  };
  // USERNAME of 516 bytes (0x0204), over the 513 allowed.
  std::vector<uint8_t> long_username = message({0x00, 0x06, 0x02, 0x04}, 4 + 516);
  long_username.resize(long_username.size() + 516, 'a');

  const Case cases[] = {
      {"empty", {}, StunError::kTooShort},
      {"19 bytes", std::vector<uint8_t>(rfc5769::kRequest.begin(), rfc5769::kRequest.begin() + 19),
       StunError::kTooShort},
      {"top bits set",
       [] {
         auto b = message({});
         b[0] = 0x40;
         return b;
       }(),
       StunError::kNotStun},
      {"rtp version 2",
       [] {
         auto b = message({});
         b[0] = 0x80;
         return b;
       }(),
       StunError::kNotStun},
      {"wrong cookie",
       [] {
         auto b = message({});
         b[4] = 0x22;
         return b;
       }(),
       StunError::kNotStun},
      {"length not a multiple of 4", message({0, 0, 0, 0}, 3), StunError::kBadLength},
      {"length past the datagram", message({0, 0, 0, 0}, 8), StunError::kBadLength},
      {"trailing bytes after length", message({0, 0, 0, 0}, 0), StunError::kBadLength},
      {"length 0xfffc on a short datagram", message({}, 0xfffc), StunError::kBadLength},
      {"value past the end",
       message({
           0x00, 0x06, 0x00, 0x08,  // USERNAME, length 8
           0x61, 0x62, 0x63, 0x64,  // only 4 bytes follow
       }),
       StunError::kTruncatedAttribute},
      {"padding past the end",
       message({
           0x00, 0x06, 0x00, 0x01,  // USERNAME, length 1: needs 4 bytes with padding
       }),
       StunError::kTruncatedAttribute},
      {"integrity value past the end",
       message({
           0x00, 0x08, 0x00, 0x14,  // MESSAGE-INTEGRITY, length 20
           0x30, 0x30, 0x30, 0x30,  // but only 16 bytes follow
           0x30, 0x30, 0x30, 0x30,  //
           0x30, 0x30, 0x30, 0x30,  //
           0x30, 0x30, 0x30, 0x30,  //
       }),
       StunError::kTruncatedAttribute},
      {"integrity of 16 bytes",
       message({
           0x00, 0x08, 0x00, 0x10,  // MESSAGE-INTEGRITY, length 16
           0,    0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
       }),
       StunError::kBadAttribute},
      {"fingerprint of 8 bytes",
       message({
           0x80,
           0x28,
           0x00,
           0x08,  // FINGERPRINT, length 8
           0,
           0,
           0,
           0,
           0,
           0,
           0,
           0,
       }),
       StunError::kBadAttribute},
      {"priority of 2 bytes",
       message({
           0x00, 0x24, 0x00, 0x02,  // PRIORITY, length 2
           0x01, 0x02, 0x00, 0x00,  //
       }),
       StunError::kBadAttribute},
      {"use-candidate with a value",
       message({
           0x00, 0x25, 0x00, 0x04,  // USE-CANDIDATE, length 4
           0x00, 0x00, 0x00, 0x00,  //
       }),
       StunError::kBadAttribute},
      {"ice-controlling of 4 bytes",
       message({
           0x80, 0x2a, 0x00, 0x04,  // ICE-CONTROLLING, length 4
           0x00, 0x00, 0x00, 0x01,  //
       }),
       StunError::kBadAttribute},
      {"ice-controlled of 12 bytes",
       message({
           0x80,
           0x29,
           0x00,
           0x0c,  // ICE-CONTROLLED, length 12
           0,
           0,
           0,
           0,
           0,
           0,
           0,
           0,
           0,
           0,
           0,
           0,
       }),
       StunError::kBadAttribute},
      {"xor-mapped-address family 3",
       message({
           0x00, 0x20, 0x00, 0x08,  // XOR-MAPPED-ADDRESS, length 8
           0x00, 0x03, 0xa1, 0x47,  // family 3
           0xe1, 0x12, 0xa6, 0x43,  //
       }),
       StunError::kBadAttribute},
      {"xor-mapped-address ipv4 of 20 bytes",
       message({
           0x00, 0x20, 0x00, 0x14,  // XOR-MAPPED-ADDRESS, length 20
           0x00, 0x01, 0xa1, 0x47,  // family IPv4
           0,    0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
       }),
       StunError::kBadAttribute},
      {"xor-mapped-address ipv6 of 8 bytes",
       message({
           0x00, 0x20, 0x00, 0x08,  // XOR-MAPPED-ADDRESS, length 8
           0x00, 0x02, 0xa1, 0x47,  // family IPv6
           0xe1, 0x12, 0xa6, 0x43,  //
       }),
       StunError::kBadAttribute},
      {"xor-mapped-address of 2 bytes",
       message({
           0x00, 0x20, 0x00, 0x02,  // XOR-MAPPED-ADDRESS, length 2
           0x00, 0x01, 0x00, 0x00,  //
       }),
       StunError::kBadAttribute},
      {"error-code of 2 bytes",
       message({
           0x00, 0x09, 0x00, 0x02,  // ERROR-CODE, length 2
           0x00, 0x00, 0x00, 0x00,  //
       }),
       StunError::kBadAttribute},
      {"error-code class 2",
       message({
           0x00, 0x09, 0x00, 0x04,  // ERROR-CODE, length 4
           0x00, 0x00, 0x02, 0x00,  // 200 is not an error
       }),
       StunError::kBadAttribute},
      {"error-code class 7",
       message({
           0x00, 0x09, 0x00, 0x04,  // ERROR-CODE, length 4
           0x00, 0x00, 0x07, 0x00,  //
       }),
       StunError::kBadAttribute},
      {"error-code number 100",
       message({
           0x00, 0x09, 0x00, 0x04,  // ERROR-CODE, length 4
           0x00, 0x00, 0x04, 0x64,  // 4 / 100
       }),
       StunError::kBadAttribute},
      {"username of 516 bytes", long_username, StunError::kBadAttribute},
      {"attribute after fingerprint",
       message({
           0x80, 0x28, 0x00, 0x04,  // FINGERPRINT
           0x00, 0x00, 0x00, 0x00,  //
           0x00, 0x25, 0x00, 0x00,  // USE-CANDIDATE
       }),
       StunError::kFingerprintNotLast},
      {"two fingerprints",
       message({
           0x80, 0x28, 0x00, 0x04,  // FINGERPRINT
           0x00, 0x00, 0x00, 0x00,  //
           0x80, 0x28, 0x00, 0x04,  // FINGERPRINT
           0x00, 0x00, 0x00, 0x00,  //
       }),
       StunError::kFingerprintNotLast},
  };
  for (const auto& c : cases) {
    auto msg = StunMessage::parse(c.bytes);
    ASSERT_FALSE(msg.ok()) << c.name;
    EXPECT_EQ(msg.error(), c.expected)
        << c.name << ": got " << to_string(msg.error()) << " want " << to_string(c.expected);
  }
}

TEST(StunMessage, NamesEveryError) {
  EXPECT_EQ(to_string(StunError::kTooShort), "too_short");
  EXPECT_EQ(to_string(StunError::kFingerprintNotLast), "fingerprint_not_last");
}

}  // namespace
}  // namespace meet::rtc
