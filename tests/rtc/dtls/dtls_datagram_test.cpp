#include "rtc/dtls/dtls_datagram.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

// A DTLS 1.2 record header (RFC 6347 4.1) followed by `length` bytes of 0xaa.
Bytes record(uint8_t type, uint16_t length, uint8_t minor = 253, uint8_t epoch = 0) {
  // clang-format off
  Bytes b = {
      type, 254, minor,                    // content type, version 254.minor
      0x00, epoch,                         // epoch
      0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // sequence number
      static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length),  // fragment length
  };
  // clang-format on
  b.resize(b.size() + length, 0xaa);
  return b;
}

Bytes concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(DtlsDatagram, AcceptsWholeRecords) {
  EXPECT_EQ(check_dtls_datagram(record(22, 100)).value(), 1u);
  EXPECT_EQ(check_dtls_datagram(record(23, 0, 253, 1)).value(), 1u);
  EXPECT_EQ(check_dtls_datagram(record(22, 50, 255)).value(), 1u);  // DTLS 1.0 ClientHello
  Bytes flight = concat(concat(record(22, 80), record(20, 1)), record(22, 40));
  EXPECT_EQ(check_dtls_datagram(flight).value(), 3u);
}

TEST(DtlsDatagram, RejectsBadInput) {
  struct Case {
    const char* name;
    Bytes bytes;
    DtlsError error;
  };
  Bytes truncated = record(22, 100);
  truncated.pop_back();
  Bytes trailing = record(22, 10);
  trailing.push_back(0);
  Bytes too_large = record(23, 16384 - 13 + 1, 253, 1);
  const Case cases[] = {
      {"empty", {}, DtlsError::kNotDtls},
      {"STUN binding request",
       {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42},
       DtlsError::kNotDtls},
      {"RTP", {0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1}, DtlsError::kNotDtls},
      {"first byte 19", {19, 254, 253}, DtlsError::kNotDtls},
      {"first byte 64", {64, 254, 253}, DtlsError::kNotDtls},
      {"shorter than a header",
       {22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0},
       DtlsError::kMalformedRecord},
      {"fragment cut short", truncated, DtlsError::kMalformedRecord},
      {"bytes after the last record", trailing, DtlsError::kMalformedRecord},
      {"heartbeat content type", record(24, 4), DtlsError::kMalformedRecord},
      {"TLS 1.2 version",
       [] {
         Bytes b = record(22, 4);
         b[1] = 3;
         b[2] = 3;
         return b;
       }(),
       DtlsError::kMalformedRecord},
      {"DTLS 1.3 unified header",
       {0x2c, 0x00, 0x01, 0x00, 0x04, 1, 2, 3, 4},
       DtlsError::kMalformedRecord},
      {"second record bad", concat(record(22, 4), record(30, 4)), DtlsError::kMalformedRecord},
      {"application data in epoch 0", record(23, 20), DtlsError::kMalformedRecord},
      {"larger than any datagram", too_large, DtlsError::kDatagramTooLarge},
  };
  for (const auto& c : cases) {
    auto r = check_dtls_datagram(c.bytes);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error(), c.error) << c.name;
  }
}

TEST(DtlsDatagram, RejectsProtectedRecordsShorterThanTheCipherAdds) {
  EXPECT_TRUE(check_dtls_datagram(record(23, 23, 253, 1)).ok());
  EXPECT_EQ(check_dtls_datagram(record(23, 23, 253, 1), 24).error(), DtlsError::kMalformedRecord);
  EXPECT_EQ(check_dtls_datagram(record(21, 1, 253, 2), 24).error(), DtlsError::kMalformedRecord);
  EXPECT_TRUE(check_dtls_datagram(record(23, 24, 253, 1), 24).ok());
  // Epoch 0 is plaintext: short handshake and alert records are the handshake's business.
  EXPECT_TRUE(check_dtls_datagram(record(21, 2), 24).ok());
  EXPECT_EQ(check_dtls_datagram(concat(record(22, 40), record(22, 3, 253, 1)), 24).error(),
            DtlsError::kMalformedRecord);
}

TEST(DtlsDatagram, RecognizesAClientHello) {
  Bytes hello = {
      22,   254,  255,                     // handshake, DTLS 1.0 record version (as browsers send)
      0x00, 0x00,                          // epoch 0
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // sequence number
      0x00, 0x10,                          // length 16
      0x01,                                // msg_type client_hello
      0x00, 0x00, 0x04,                    // length
      0x00, 0x00,                          // message_seq
      0x00, 0x00, 0x00,                    // fragment_offset
      0x00, 0x00, 0x04,                    // fragment_length
      0xfe, 0xfd, 0x00, 0x00,              // body (start of client_version, random)
  };
  ASSERT_TRUE(check_dtls_datagram(hello).ok());
  EXPECT_TRUE(starts_with_client_hello(hello));

  Bytes server_hello = hello;
  server_hello[13] = 2;
  EXPECT_FALSE(starts_with_client_hello(server_hello));
  Bytes epoch1 = hello;
  epoch1[4] = 1;
  EXPECT_FALSE(starts_with_client_hello(epoch1));
  Bytes alert = {21, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 40};
  EXPECT_FALSE(starts_with_client_hello(alert));
  Bytes short_record = record(22, 11);
  EXPECT_FALSE(starts_with_client_hello(short_record));
}

}  // namespace
}  // namespace meet::rtc
