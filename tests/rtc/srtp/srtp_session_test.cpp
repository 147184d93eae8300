#include "rtc/srtp/srtp_session.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace meet::rtc {
namespace {

using Bytes = std::vector<uint8_t>;

// Reference vectors from libsrtp's own validation driver (test/srtp_driver.c, srtp_validate and
// srtp_validate_gcm): master key || master salt, SSRC 0xcafebabe, seq 0x1234.
const Bytes kCmKeySalt = {
    0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0, 0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41,
    0x39, 0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6,
};
const Bytes kGcmKeySalt = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
    0x0e, 0x0f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
};

const Bytes kRtpPlain = {
    0x80, 0x0f, 0x12, 0x34,                          // V=2, PT=15, seq=0x1234
    0xde, 0xca, 0xfb, 0xad,                          // timestamp
    0xca, 0xfe, 0xba, 0xbe,                          // SSRC
    0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab,  // payload (16 bytes)
    0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab,
};
const Bytes kRtcpPlain = {
    0x81, 0xc8, 0x00, 0x0b,                          // V=2, RC=1, PT=200 (SR), length=11
    0xca, 0xfe, 0xba, 0xbe,                          // sender SSRC
    0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab,  // body
    0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab,
};

const Bytes kCmSrtp = {
    0x80, 0x0f, 0x12, 0x34, 0xde, 0xca, 0xfb, 0xad, 0xca, 0xfe, 0xba, 0xbe,  // header, clear
    0x4e, 0x55, 0xdc, 0x4c, 0xe7, 0x99, 0x78, 0xd8,                          // encrypted payload
    0x8c, 0xa4, 0xd2, 0x15, 0x94, 0x9d, 0x24, 0x02, 0xb7, 0x8d, 0x6a, 0xcc,
    0x99, 0xea, 0x17, 0x9b, 0x8d, 0xbb,  // HMAC-SHA1-80 tag
};
const Bytes kCmSrtcp = {
    0x81, 0xc8, 0x00, 0x0b, 0xca, 0xfe, 0xba, 0xbe,                          // header, clear
    0x71, 0x28, 0x03, 0x5b, 0xe4, 0x87, 0xb9, 0xbd,                          // encrypted body
    0xbe, 0xf8, 0x90, 0x41, 0xf9, 0x77, 0xa5, 0xa8, 0x80, 0x00, 0x00, 0x01,  // E=1, SRTCP index 1
    0x99, 0x3e, 0x08, 0xcd, 0x54, 0xd6, 0xc1, 0x23, 0x07, 0x98,              // tag
};
const Bytes kGcmSrtp = {
    0x80, 0x0f, 0x12, 0x34, 0xde, 0xca, 0xfb, 0xad, 0xca, 0xfe, 0xba, 0xbe,  // header (AAD)
    0xc5, 0x00, 0x2e, 0xde, 0x04, 0xcf, 0xdd, 0x2e,                          // encrypted payload
    0xb9, 0x11, 0x59, 0xe0, 0x88, 0x0a, 0xa0, 0x6e, 0xd2, 0x97, 0x68, 0x26,
    0xf7, 0x96, 0xb2, 0x01,  // 16-byte GCM tag
    0xdf, 0x31, 0x31, 0xa1, 0x27, 0xe8, 0xa3, 0x92,
};
const Bytes kGcmSrtcp = {
    0x81, 0xc8, 0x00, 0x0b, 0xca, 0xfe, 0xba, 0xbe,  // header (AAD)
    0xc9, 0x8b, 0x8b, 0x5d, 0xf0, 0x39, 0x2a, 0x55,  // encrypted body
    0x85, 0x2b, 0x6c, 0x21, 0xac, 0x8e, 0x70, 0x25, 0xc5, 0x2c, 0x6f, 0xbe,
    0xa2, 0xb3, 0xb4, 0x46,                                                  // 16-byte GCM tag
    0xea, 0x31, 0x12, 0x3b, 0xa8, 0x8c, 0xe6, 0x1e, 0x80, 0x00, 0x00, 0x01,  // E=1, SRTCP index 1
};

struct ProfileVectors {
  SrtpProfile profile;
  const Bytes* key_salt;
  const Bytes* srtp;
  const Bytes* srtcp;
};

std::unique_ptr<SrtpSession> make(SrtpProfile profile, const Bytes& key, SrtpDirection dir) {
  auto s = SrtpSession::create(profile, key, dir);
  EXPECT_TRUE(s.ok());
  return s.ok() ? std::move(s).value() : nullptr;
}

// A packet in a buffer with room for the trailer.
Bytes with_room(const Bytes& packet, size_t room = 64) {
  Bytes b = packet;
  b.resize(packet.size() + room, 0);
  return b;
}

class SrtpSessionProfiles : public ::testing::TestWithParam<ProfileVectors> {};

TEST_P(SrtpSessionProfiles, ProtectRtpMatchesReferenceVector) {
  const auto& p = GetParam();
  auto out = make(p.profile, *p.key_salt, SrtpDirection::kOutbound);
  Bytes buf = with_room(kRtpPlain);
  auto len = out->protect_rtp(buf, kRtpPlain.size());
  ASSERT_TRUE(len.ok());
  ASSERT_EQ(*len, kRtpPlain.size() + srtp_rtp_trailer_length(p.profile));
  EXPECT_EQ(Bytes(buf.begin(), buf.begin() + *len), *p.srtp);
}

TEST_P(SrtpSessionProfiles, ProtectRtcpMatchesReferenceVector) {
  const auto& p = GetParam();
  auto out = make(p.profile, *p.key_salt, SrtpDirection::kOutbound);
  Bytes buf = with_room(kRtcpPlain);
  auto len = out->protect_rtcp(buf, kRtcpPlain.size());
  ASSERT_TRUE(len.ok());
  ASSERT_EQ(*len, kRtcpPlain.size() + srtp_rtcp_trailer_length(p.profile));
  EXPECT_EQ(Bytes(buf.begin(), buf.begin() + *len), *p.srtcp);
}

TEST_P(SrtpSessionProfiles, UnprotectsReferenceVectors) {
  const auto& p = GetParam();
  auto in = make(p.profile, *p.key_salt, SrtpDirection::kInbound);
  Bytes rtp = *p.srtp;
  auto len = in->unprotect_rtp(rtp, rtp.size());
  ASSERT_TRUE(len.ok());
  EXPECT_EQ(Bytes(rtp.begin(), rtp.begin() + *len), kRtpPlain);
  Bytes rtcp = *p.srtcp;
  len = in->unprotect_rtcp(rtcp, rtcp.size());
  ASSERT_TRUE(len.ok());
  EXPECT_EQ(Bytes(rtcp.begin(), rtcp.begin() + *len), kRtcpPlain);
}

TEST_P(SrtpSessionProfiles, RoundTripsManyRtpPacketsWithExtensionAndCsrc) {
  const auto& p = GetParam();
  auto out = make(p.profile, *p.key_salt, SrtpDirection::kOutbound);
  auto in = make(p.profile, *p.key_salt, SrtpDirection::kInbound);
  const Bytes header = {
      0x91, 0x60, 0x00, 0x00,  // V=2, X=1, CC=1, PT=96, seq (set below)
      0x00, 0x00, 0x10, 0x00,  // timestamp
      0x11, 0x22, 0x33, 0x44,  // SSRC
      0x55, 0x66, 0x77, 0x88,  // CSRC
      0xbe, 0xde, 0x00, 0x01,  // one-byte header extension, 1 word
      0x10, 0xaa, 0x00, 0x00,  // id=1 len=1 value=0xaa, padding
  };
  for (uint16_t seq = 65500; seq != 100; ++seq) {  // crosses the rollover
    Bytes plain = header;
    plain[2] = static_cast<uint8_t>(seq >> 8);
    plain[3] = static_cast<uint8_t>(seq);
    for (int i = 0; i < 100 + seq % 50; ++i) plain.push_back(static_cast<uint8_t>(i * seq));
    Bytes buf = with_room(plain);
    auto protected_len = out->protect_rtp(buf, plain.size());
    ASSERT_TRUE(protected_len.ok()) << seq;
    auto plain_len = in->unprotect_rtp(buf, *protected_len);
    ASSERT_TRUE(plain_len.ok()) << seq;
    ASSERT_EQ(Bytes(buf.begin(), buf.begin() + *plain_len), plain) << seq;
  }
}

TEST_P(SrtpSessionProfiles, RoundTripsRtcp) {
  const auto& p = GetParam();
  auto out = make(p.profile, *p.key_salt, SrtpDirection::kOutbound);
  auto in = make(p.profile, *p.key_salt, SrtpDirection::kInbound);
  for (int i = 0; i < 10; ++i) {
    Bytes buf = with_room(kRtcpPlain);
    auto protected_len = out->protect_rtcp(buf, kRtcpPlain.size());
    ASSERT_TRUE(protected_len.ok());
    auto plain_len = in->unprotect_rtcp(buf, *protected_len);
    ASSERT_TRUE(plain_len.ok());
    EXPECT_EQ(Bytes(buf.begin(), buf.begin() + *plain_len), kRtcpPlain);
  }
}

TEST_P(SrtpSessionProfiles, TamperedPacketsFailAuthentication) {
  const auto& p = GetParam();
  for (size_t at : {size_t{1}, size_t{4}, size_t{8}, size_t{12}, size_t{20}, p.srtp->size() - 1}) {
    auto in = make(p.profile, *p.key_salt, SrtpDirection::kInbound);
    Bytes rtp = *p.srtp;
    rtp[at] ^= 0x01;
    auto r = in->unprotect_rtp(rtp, rtp.size());
    ASSERT_FALSE(r.ok()) << "byte " << at;
    EXPECT_EQ(r.error(), SrtpError::kAuthFailed) << "byte " << at;
  }
  for (size_t at : {size_t{5}, size_t{10}, p.srtcp->size() - 1}) {
    auto in = make(p.profile, *p.key_salt, SrtpDirection::kInbound);
    Bytes rtcp = *p.srtcp;
    rtcp[at] ^= 0x80;
    auto r = in->unprotect_rtcp(rtcp, rtcp.size());
    ASSERT_FALSE(r.ok()) << "byte " << at;
    EXPECT_EQ(r.error(), SrtpError::kAuthFailed) << "byte " << at;
  }
}

TEST_P(SrtpSessionProfiles, WrongKeyFailsAuthentication) {
  const auto& p = GetParam();
  Bytes key = *p.key_salt;
  key[0] ^= 1;
  auto in = make(p.profile, key, SrtpDirection::kInbound);
  Bytes rtp = *p.srtp;
  auto r = in->unprotect_rtp(rtp, rtp.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), SrtpError::kAuthFailed);
}

TEST_P(SrtpSessionProfiles, ReplayedPacketsAreRejected) {
  const auto& p = GetParam();
  auto in = make(p.profile, *p.key_salt, SrtpDirection::kInbound);
  Bytes rtp = *p.srtp;
  ASSERT_TRUE(in->unprotect_rtp(rtp, rtp.size()).ok());
  rtp = *p.srtp;
  auto r = in->unprotect_rtp(rtp, rtp.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), SrtpError::kReplay);

  Bytes rtcp = *p.srtcp;
  ASSERT_TRUE(in->unprotect_rtcp(rtcp, rtcp.size()).ok());
  rtcp = *p.srtcp;
  r = in->unprotect_rtcp(rtcp, rtcp.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), SrtpError::kReplay);
}

TEST_P(SrtpSessionProfiles, PacketsOlderThanTheWindowAreRejected) {
  const auto& p = GetParam();
  auto out = make(p.profile, *p.key_salt, SrtpDirection::kOutbound);
  auto in = make(p.profile, *p.key_salt, SrtpDirection::kInbound);
  auto packet = [&](uint16_t seq) {
    Bytes buf = with_room(kRtpPlain);
    buf[2] = static_cast<uint8_t>(seq >> 8);
    buf[3] = static_cast<uint8_t>(seq);
    auto len = out->protect_rtp(buf, kRtpPlain.size());
    EXPECT_TRUE(len.ok());
    buf.resize(len.ok() ? *len : 0);
    return buf;
  };
  constexpr uint16_t kNewest = 1000 + SrtpSession::kReplayWindow + 10;
  Bytes old_packet = packet(1000);
  Bytes in_window = packet(kNewest - SrtpSession::kReplayWindow + 2);
  Bytes newest = packet(kNewest);
  ASSERT_TRUE(in->unprotect_rtp(newest, newest.size()).ok());
  // Just inside the 1024-packet window: late (reordered) video packets are still accepted.
  EXPECT_TRUE(in->unprotect_rtp(in_window, in_window.size()).ok());
  auto r = in->unprotect_rtp(old_packet, old_packet.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), SrtpError::kReplay);
}

TEST_P(SrtpSessionProfiles, OutboundAllowsRetransmittingTheSamePacket) {
  const auto& p = GetParam();
  auto out = make(p.profile, *p.key_salt, SrtpDirection::kOutbound);
  auto in = make(p.profile, *p.key_salt, SrtpDirection::kInbound);
  Bytes first = with_room(kRtpPlain);
  auto len1 = out->protect_rtp(first, kRtpPlain.size());
  ASSERT_TRUE(len1.ok());
  Bytes again = with_room(kRtpPlain);  // NACK: same sequence number sent again
  auto len2 = out->protect_rtp(again, kRtpPlain.size());
  ASSERT_TRUE(len2.ok());
  ASSERT_EQ(*len1, *len2);
  EXPECT_EQ(Bytes(first.begin(), first.begin() + *len1),
            Bytes(again.begin(), again.begin() + *len2));
  // The receiver lost the first copy and accepts the retransmission once.
  ASSERT_TRUE(in->unprotect_rtp(again, *len2).ok());
}

TEST_P(SrtpSessionProfiles, ProtectFailsCleanlyWithoutRoomForTheTrailer) {
  const auto& p = GetParam();
  auto out = make(p.profile, *p.key_salt, SrtpDirection::kOutbound);
  Bytes rtp = kRtpPlain;
  rtp.resize(kRtpPlain.size() + srtp_rtp_trailer_length(p.profile) - 1);
  auto r = out->protect_rtp(rtp, kRtpPlain.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), SrtpError::kNoSpace);
  EXPECT_TRUE(std::equal(kRtpPlain.begin(), kRtpPlain.end(), rtp.begin()));

  Bytes rtcp = kRtcpPlain;
  rtcp.resize(kRtcpPlain.size() + srtp_rtcp_trailer_length(p.profile) - 1);
  r = out->protect_rtcp(rtcp, kRtcpPlain.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), SrtpError::kNoSpace);

  // len beyond the buffer is rejected, not read.
  r = out->protect_rtp(std::span<uint8_t>(rtp).first(10), 28);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), SrtpError::kNoSpace);

  // Exactly enough room works.
  rtp.resize(kRtpPlain.size() + srtp_rtp_trailer_length(p.profile));
  EXPECT_TRUE(out->protect_rtp(rtp, kRtpPlain.size()).ok());
}

INSTANTIATE_TEST_SUITE_P(Profiles, SrtpSessionProfiles,
                         ::testing::Values(ProfileVectors{SrtpProfile::kAes128CmSha1_80,
                                                          &kCmKeySalt, &kCmSrtp, &kCmSrtcp},
                                           ProfileVectors{SrtpProfile::kAeadAes128Gcm, &kGcmKeySalt,
                                                          &kGcmSrtp, &kGcmSrtcp}),
                         [](const auto& info) {
                           return info.param.profile == SrtpProfile::kAes128CmSha1_80
                                      ? std::string("AesCm")
                                      : std::string("AeadGcm");
                         });

TEST(SrtpSession, RejectsKeyOfTheWrongLength) {
  for (auto profile : {SrtpProfile::kAes128CmSha1_80, SrtpProfile::kAeadAes128Gcm}) {
    for (size_t n : {size_t{0}, size_t{16}, size_t{29}, size_t{31}, size_t{27}}) {
      if (n == srtp_key_salt_length(profile)) continue;
      Bytes key(n, 0x42);
      auto s = SrtpSession::create(profile, key, SrtpDirection::kInbound);
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.error(), SrtpError::kBadKey);
    }
  }
}

TEST(SrtpSession, RejectsUseInTheWrongDirection) {
  auto in = make(SrtpProfile::kAes128CmSha1_80, kCmKeySalt, SrtpDirection::kInbound);
  auto out = make(SrtpProfile::kAes128CmSha1_80, kCmKeySalt, SrtpDirection::kOutbound);
  Bytes buf = with_room(kRtpPlain);
  EXPECT_EQ(in->protect_rtp(buf, kRtpPlain.size()).error(), SrtpError::kWrongDirection);
  EXPECT_EQ(in->protect_rtcp(buf, kRtpPlain.size()).error(), SrtpError::kWrongDirection);
  EXPECT_EQ(out->unprotect_rtp(buf, kRtpPlain.size()).error(), SrtpError::kWrongDirection);
  EXPECT_EQ(out->unprotect_rtcp(buf, kRtpPlain.size()).error(), SrtpError::kWrongDirection);
}

struct BadInput {
  const char* name;
  Bytes packet;
  SrtpError rtp_error;
};

TEST(SrtpSession, UnprotectRejectsMalformedRtp) {
  const BadInput cases[] = {
      {"empty", {}, SrtpError::kTooShort},
      {"header only", Bytes(kRtpPlain.begin(), kRtpPlain.begin() + 12), SrtpError::kTooShort},
      {"shorter than header and tag", Bytes(kCmSrtp.begin(), kCmSrtp.begin() + 21),
       SrtpError::kTooShort},
      {"version 1",
       [] {
         Bytes b = kCmSrtp;
         b[0] = 0x40;
         return b;
       }(),
       SrtpError::kMalformed},
      {"CSRC count past the end",
       [] {
         Bytes b = kCmSrtp;
         b[0] = 0x8f;  // 15 CSRCs = 60 bytes, packet has 26 before the tag
         return b;
       }(),
       SrtpError::kMalformed},
      {"extension length past the end",
       [] {
         Bytes b = kCmSrtp;
         b[0] = 0x90;  // X=1
         b[12] = 0xbe;
         b[13] = 0xde;
         b[14] = 0xff;  // 65535 words
         b[15] = 0xff;
         return b;
       }(),
       SrtpError::kMalformed},
      {"extension header cut by the tag",
       Bytes{0x90, 0x0f, 0x12, 0x34, 0xde, 0xca, 0xfb, 0xad, 0xca, 0xfe, 0xba, 0xbe,
             0xbe, 0xde, 1,    2,    3,    4,    5,    6,    7,    8,    9,    10},
       SrtpError::kMalformed},
  };
  auto in = make(SrtpProfile::kAes128CmSha1_80, kCmKeySalt, SrtpDirection::kInbound);
  for (const auto& c : cases) {
    Bytes b = c.packet;
    auto r = in->unprotect_rtp(b, b.size());
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error(), c.rtp_error) << c.name;
  }
}

TEST(SrtpSession, UnprotectRejectsMalformedRtcp) {
  auto in = make(SrtpProfile::kAeadAes128Gcm, kGcmKeySalt, SrtpDirection::kInbound);
  Bytes empty;
  EXPECT_EQ(in->unprotect_rtcp(empty, 0).error(), SrtpError::kTooShort);
  Bytes short_packet(kGcmSrtcp.begin(), kGcmSrtcp.begin() + 8 + 20 - 1);
  EXPECT_EQ(in->unprotect_rtcp(short_packet, short_packet.size()).error(), SrtpError::kTooShort);
  Bytes version0 = kGcmSrtcp;
  version0[0] = 0x01;
  EXPECT_EQ(in->unprotect_rtcp(version0, version0.size()).error(), SrtpError::kMalformed);
  Bytes len_past_buffer = kGcmSrtcp;
  EXPECT_EQ(in->unprotect_rtcp(len_past_buffer, len_past_buffer.size() + 1).error(),
            SrtpError::kMalformed);
}

TEST(SrtpSession, ProtectRejectsMalformedInput) {
  auto out = make(SrtpProfile::kAes128CmSha1_80, kCmKeySalt, SrtpDirection::kOutbound);
  Bytes tiny = with_room(Bytes{0x80, 0x00, 0x00});
  EXPECT_EQ(out->protect_rtp(tiny, 3).error(), SrtpError::kTooShort);
  EXPECT_EQ(out->protect_rtcp(tiny, 3).error(), SrtpError::kTooShort);
  Bytes csrc = with_room(kRtpPlain);
  csrc[0] = 0x8f;  // 15 CSRCs, more than the packet holds
  EXPECT_EQ(out->protect_rtp(csrc, kRtpPlain.size()).error(), SrtpError::kMalformed);
}

TEST(SrtpSession, RandomGarbageNeverCrashes) {
  auto cm = make(SrtpProfile::kAes128CmSha1_80, kCmKeySalt, SrtpDirection::kInbound);
  auto gcm = make(SrtpProfile::kAeadAes128Gcm, kGcmKeySalt, SrtpDirection::kInbound);
  uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return static_cast<uint8_t>(state >> 24);
  };
  for (int i = 0; i < 5000; ++i) {
    Bytes b(next() % 200);
    for (auto& x : b) x = next();
    if (!b.empty() && i % 2 == 0) b[0] = static_cast<uint8_t>(0x80 | (b[0] & 0x3f));
    Bytes c = b;
    EXPECT_FALSE(cm->unprotect_rtp(b, b.size()).ok());
    EXPECT_FALSE(gcm->unprotect_rtcp(c, c.size()).ok());
  }
}

}  // namespace
}  // namespace meet::rtc
