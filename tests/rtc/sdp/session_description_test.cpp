#include "rtc/sdp/session_description.hpp"

#include <gtest/gtest.h>

#include <string>

#include "rtc/sdp/sdp_fixtures.hpp"

namespace meet::rtc {
namespace {

using test::read_sdp_fixture;

SessionDescription parse_ok(const std::string& text) {
  auto r = SessionDescription::parse(text);
  EXPECT_TRUE(r.ok()) << "error " << to_string(r.error().code) << " at line " << r.error().line;
  return r.ok() ? std::move(r).value() : SessionDescription{};
}

std::string lf_only(std::string s) {
  std::string out;
  for (char c : s) {
    if (c != '\r') out += c;
  }
  return out;
}

// --- Every captured browser description -------------------------------------------------

class SdpFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(SdpFixture, ParsesAndRoundTrips) {
  const std::string text = read_sdp_fixture(GetParam());
  ASSERT_FALSE(text.empty()) << "fixture missing; is MEET_SOURCE_DIR set?";
  const SessionDescription sd = parse_ok(text);
  EXPECT_EQ(sd.media.size(), 2u);
  EXPECT_EQ(sd.bundle_mids, (std::vector<std::string>{"0", "1"}));
  for (const SdpMedia& m : sd.media) {
    EXPECT_FALSE(m.mid.empty());
    EXPECT_TRUE(m.rtcp_mux);
    EXPECT_FALSE(m.codecs.empty());
    EXPECT_FALSE(sd.ice_ufrag_of(m).empty());
    EXPECT_FALSE(sd.ice_pwd_of(m).empty());
    EXPECT_EQ(sd.fingerprint_of(m).algorithm, "sha-256");
  }
  // parse -> to_string -> parse gives the same description.
  const std::string written = sd.to_string();
  EXPECT_EQ(parse_ok(written), sd);
  // Line ends are CRLF only.
  for (size_t i = 0; i < written.size(); ++i) {
    if (written[i] == '\n') {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(written[i - 1], '\r');
    }
  }
  // LF-only input parses the same.
  EXPECT_EQ(parse_ok(lf_only(text)), sd);
}

INSTANTIATE_TEST_SUITE_P(Browsers, SdpFixture, ::testing::ValuesIn(test::all_sdp_fixtures()),
                         [](const auto& info) {
                           std::string n = info.param.substr(0, info.param.size() - 4);
                           return n;
                         });

TEST(SessionDescription, ReadsChromiumOffer) {
  const SessionDescription sd = parse_ok(read_sdp_fixture("chromium_offer.sdp"));
  EXPECT_EQ(sd.origin.session_id, "8365352054183462205");
  EXPECT_EQ(sd.origin.session_version, 2u);
  EXPECT_EQ(sd.origin.address, "127.0.0.1");
  EXPECT_TRUE(sd.extmap_allow_mixed);
  EXPECT_EQ(sd.msid_semantic, "WMS ac0eb13f-02ab-4d50-8e3f-4fbc17cb8af5");
  EXPECT_FALSE(sd.ice_lite);

  const SdpMedia& audio = sd.media[0];
  EXPECT_EQ(audio.kind, "audio");
  EXPECT_EQ(audio.port, 39875);
  EXPECT_EQ(audio.protocol, "UDP/TLS/RTP/SAVPF");
  EXPECT_EQ(audio.mid, "0");
  EXPECT_EQ(audio.direction, SdpDirection::kSendOnly);
  EXPECT_EQ(audio.ice_ufrag, "6ed/");
  EXPECT_EQ(audio.ice_pwd, "2zv1KN6TUGXcw8dzBqLRa3V6");
  EXPECT_EQ(audio.setup, "actpass");
  EXPECT_EQ(audio.fingerprint.value.size(), 95u);
  EXPECT_TRUE(audio.rtcp_rsize);
  ASSERT_EQ(audio.codecs.size(), 8u);
  const SdpCodec& opus = audio.codecs[0];
  EXPECT_EQ(opus.payload_type, 111);
  EXPECT_EQ(opus.name, "opus");
  EXPECT_EQ(opus.clock_rate, 48000u);
  EXPECT_EQ(opus.channels, 2);
  EXPECT_EQ(opus.fmtp, "minptime=10;useinbandfec=1");
  EXPECT_EQ(opus.fmtp_parameter("useinbandfec"), "1");
  EXPECT_EQ(opus.rtcp_fb, (std::vector<std::string>{"transport-cc"}));
  EXPECT_EQ(audio.codecs[2].name, "G722");
  EXPECT_EQ(audio.codecs[2].channels, 0);
  ASSERT_EQ(audio.extmaps.size(), 4u);
  EXPECT_EQ(audio.extmaps[0].id, 1);
  EXPECT_EQ(audio.extmaps[0].uri, "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
  EXPECT_EQ(audio.msid_stream, "ac0eb13f-02ab-4d50-8e3f-4fbc17cb8af5");
  EXPECT_EQ(audio.msid_track, "aea628ea-f781-4297-9860-94e00268f5f0");
  ASSERT_EQ(audio.ssrcs.size(), 1u);
  EXPECT_EQ(audio.ssrcs[0].ssrc, 2550214443u);
  EXPECT_EQ(audio.ssrcs[0].cname, "11bzqPjJLxwjaZOf");
  EXPECT_EQ(audio.candidates.size(), 4u);
  EXPECT_EQ(audio.candidates[0].rfind("candidate:3793157728 1 udp 2122260223 127.0.0.1 39875", 0),
            0u);
  EXPECT_FALSE(audio.end_of_candidates);
  // a=rtcp and a=rtcp-xr are kept verbatim.
  EXPECT_EQ(audio.attributes,
            (std::vector<std::string>{"rtcp:9 IN IP4 0.0.0.0", "ice-options:trickle",
                                      "rtcp-xr:rcvr-rtt=all"}));

  const SdpMedia& video = sd.media[1];
  EXPECT_EQ(video.codecs.size(), 23u);
  EXPECT_EQ(video.rtx_payload_type(96), 97);
  EXPECT_EQ(video.rtx_payload_type(108), 109);
  EXPECT_EQ(video.rtx_payload_type(120), std::nullopt);  // ulpfec has no rtx
  const SdpCodec* h264 = video.find_codec(108);
  ASSERT_NE(h264, nullptr);
  EXPECT_TRUE(h264->is("h264"));
  EXPECT_EQ(h264->fmtp_parameter("profile-level-id"), "42e01f");
  EXPECT_EQ(h264->fmtp_parameter("packetization-mode"), "1");
  EXPECT_EQ(h264->rtcp_fb.size(), 5u);
  ASSERT_EQ(video.ssrc_groups.size(), 1u);
  EXPECT_EQ(video.ssrc_groups[0].semantics, "FID");
  EXPECT_EQ(video.ssrc_groups[0].ssrcs, (std::vector<uint32_t>{620692345, 2934235094}));
  ASSERT_EQ(video.ssrcs.size(), 2u);
  EXPECT_EQ(video.ssrcs[1].msid,
            "ac0eb13f-02ab-4d50-8e3f-4fbc17cb8af5 04030407-f306-4bba-8add-ca09a06103d3");
  EXPECT_NE(video.find_extmap("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"), nullptr);
}

TEST(SessionDescription, ReadsFirefoxSessionLevelAttributes) {
  const SessionDescription sd = parse_ok(read_sdp_fixture("firefox_offer.sdp"));
  EXPECT_EQ(sd.origin.username, "mozilla...THIS_IS_SDPARTA-99.0");
  EXPECT_EQ(sd.direction, SdpDirection::kSendRecv);
  EXPECT_EQ(sd.fingerprint.algorithm, "sha-256");
  EXPECT_EQ(sd.msid_semantic, "WMS *");
  const SdpMedia& audio = sd.media[0];
  // Media-level a=sendonly overrides the session-level a=sendrecv.
  EXPECT_EQ(audio.direction, SdpDirection::kSendOnly);
  EXPECT_TRUE(audio.fingerprint.empty());
  EXPECT_EQ(&sd.fingerprint_of(audio), &sd.fingerprint);
  EXPECT_EQ(sd.setup_of(audio), "actpass");
  EXPECT_EQ(audio.codecs[0].payload_type, 109);
  EXPECT_EQ(audio.codecs[1].name, "G722");
  EXPECT_EQ(audio.codecs[1].channels, 1);
  EXPECT_EQ(audio.candidates.size(), 12u);
  EXPECT_TRUE(audio.end_of_candidates);
  EXPECT_TRUE(audio.extmap_allow_mixed);
  ASSERT_EQ(audio.extmaps.size(), 4u);
  EXPECT_EQ(audio.extmaps[1].id, 2);
  EXPECT_EQ(audio.extmaps[1].direction, SdpDirection::kRecvOnly);
  EXPECT_EQ(audio.msid_stream, "{75b18a2f-e9ae-443d-be82-dc87b79a7d67}");
  const SdpMedia& video = sd.media[1];
  EXPECT_EQ(video.rtx_payload_type(120), 124);
  EXPECT_EQ(video.rtx_payload_type(121), 125);
  EXPECT_EQ(video.rtx_payload_type(122), 119);  // rtx of red
  EXPECT_EQ(video.ssrc_groups[0].ssrcs, (std::vector<uint32_t>{3802394212, 2027877833}));
}

TEST(SessionDescription, ReadsSimulcastRids) {
  const SessionDescription ff = parse_ok(read_sdp_fixture("firefox_simulcast_offer.sdp"));
  const SdpMedia& v = ff.media[1];
  ASSERT_EQ(v.rids.size(), 3u);
  EXPECT_EQ(v.rids[0], (SdpRid{"h", SdpRidDirection::kSend, ""}));
  EXPECT_EQ(v.simulcast, "send h;m;l");
  const auto sc = v.simulcast_description();
  ASSERT_TRUE(sc.has_value());
  ASSERT_EQ(sc->send.size(), 3u);
  EXPECT_EQ(sc->send[2][0].rid, "l");
  EXPECT_TRUE(sc->recv.empty());
  EXPECT_EQ(v.ssrcs.size(), 6u);
  EXPECT_EQ(v.ssrc_groups.size(), 3u);

  const SessionDescription cr = parse_ok(read_sdp_fixture("chromium_simulcast_offer.sdp"));
  EXPECT_EQ(cr.media[1].rids.size(), 3u);
  EXPECT_TRUE(cr.media[1].ssrcs.empty());
  EXPECT_EQ(cr.media[1].simulcast, "send h;m;l");
}

TEST(SessionDescription, ReadsJanusAnswerSessionAttributes) {
  const SessionDescription sd = parse_ok(read_sdp_fixture("chromium_janus_answer.sdp"));
  EXPECT_TRUE(sd.ice_lite);
  EXPECT_EQ(sd.media[0].direction, SdpDirection::kRecvOnly);
  EXPECT_EQ(sd.media[0].setup, "active");
  EXPECT_TRUE(sd.media[0].end_of_candidates);
  EXPECT_EQ(sd.media[0].candidates,
            (std::vector<std::string>{"candidate:1 1 udp 2015363327 127.0.0.2 26868 typ host"}));
}

// --- Details of the grammar ---------------------------------------------------------------

const std::string kHead = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";

TEST(SessionDescription, KeepsUnknownAttributesThroughRoundTrip) {
  const std::string text = kHead +
                           "a=x-session-thing:42\r\n"
                           "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
                           "a=mid:a\r\n"
                           "a=x-google-flag:conference\r\n"
                           "a=rtpmap:111 opus/48000/2\r\n";
  const SessionDescription sd = parse_ok(text);
  EXPECT_EQ(sd.attributes, (std::vector<std::string>{"x-session-thing:42"}));
  EXPECT_EQ(sd.media[0].attributes, (std::vector<std::string>{"x-google-flag:conference"}));
  EXPECT_EQ(parse_ok(sd.to_string()), sd);
  EXPECT_NE(sd.to_string().find("a=x-google-flag:conference\r\n"), std::string::npos);
}

TEST(SessionDescription, AppliesWildcardFeedbackAndStaticPayloadTypes) {
  const SessionDescription sd = parse_ok(kHead +
                                         "m=audio 9 RTP/AVPF 0 8 96\r\n"
                                         "a=rtcp-fb:* nack\r\n"
                                         "a=rtcp-fb:96 nack\r\n"
                                         "a=rtpmap:96 opus/48000/2\r\n");
  const SdpMedia& m = sd.media[0];
  EXPECT_EQ(m.codecs[0].name, "PCMU");
  EXPECT_EQ(m.codecs[1].name, "PCMA");
  for (const SdpCodec& c : m.codecs) EXPECT_EQ(c.rtcp_fb, (std::vector<std::string>{"nack"}));
  EXPECT_EQ(parse_ok(sd.to_string()), sd);
}

TEST(SessionDescription, KeepsDataChannelFormats) {
  const SessionDescription sd = parse_ok(kHead +
                                         "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
                                         "a=mid:2\r\n"
                                         "a=sctp-port:5000\r\n");
  ASSERT_EQ(sd.media.size(), 1u);
  EXPECT_FALSE(sd.media[0].is_rtp());
  EXPECT_EQ(sd.media[0].formats, (std::vector<std::string>{"webrtc-datachannel"}));
  EXPECT_TRUE(sd.media[0].codecs.empty());
  EXPECT_EQ(parse_ok(sd.to_string()), sd);
}

TEST(SessionDescription, UsesFirstNonEmptyBundleGroup) {
  const SessionDescription sd = parse_ok(kHead +
                                         "a=group:BUNDLE\r\n"
                                         "a=group:BUNDLE 1\r\n"
                                         "a=group:BUNDLE 2\r\n"
                                         "a=group:LS 1 2\r\n");
  EXPECT_EQ(sd.bundle_mids, (std::vector<std::string>{"1"}));
  EXPECT_EQ(sd.attributes,
            (std::vector<std::string>{"group:BUNDLE", "group:BUNDLE 2", "group:LS 1 2"}));
  EXPECT_EQ(parse_ok(sd.to_string()), sd);
}

TEST(SessionDescription, PrefersSha256AmongFingerprints) {
  const SessionDescription sd = parse_ok(kHead +
                                         "a=fingerprint:sha-1 AA:BB\r\n"
                                         "a=fingerprint:sha-256 CC:DD\r\n"
                                         "a=fingerprint:sha-512 EE:FF\r\n");
  EXPECT_EQ(sd.fingerprint, (SdpFingerprint{"sha-256", "CC:DD"}));
}

TEST(SessionDescription, TreatsPortZeroAsRejectedUnlessBundleOnly) {
  const SessionDescription sd = parse_ok(kHead +
                                         "m=audio 0 UDP/TLS/RTP/SAVPF 111\r\n"
                                         "a=mid:0\r\n"
                                         "m=video 0 UDP/TLS/RTP/SAVPF 96\r\n"
                                         "a=mid:1\r\n"
                                         "a=bundle-only\r\n");
  EXPECT_TRUE(sd.media[0].is_rejected());
  EXPECT_FALSE(sd.media[1].is_rejected());
}

TEST(SessionDescription, ToleratesBlankLinesAndMissingFinalNewline) {
  const SessionDescription sd =
      parse_ok("v=0\n\no=- 1 1 IN IP4 0.0.0.0\ns=\nm=audio 9 RTP/AVP 0\na=mid:0");
  EXPECT_EQ(sd.session_name, "-");
  EXPECT_EQ(sd.media[0].mid, "0");
}

// --- Bad inputs ---------------------------------------------------------------------------

struct BadSdp {
  const char* name;
  std::string text;
  SdpErrorCode code;
  uint32_t line;
};

std::string with_media(const std::string& lines) {
  return kHead + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n" + lines;
}

std::string many_media(size_t n) {
  std::string text = kHead;
  for (size_t i = 0; i < n; ++i) {
    text += "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:" + std::to_string(i) + "\r\n";
  }
  return text;
}

std::string many_lines(size_t n) {
  std::string text = kHead;
  for (size_t i = 0; i < n; ++i) text += "a=x\r\n";
  return text;
}

std::string many_candidates(size_t n) {
  std::string lines;
  for (size_t i = 0; i < n; ++i) lines += "a=candidate:1 1 udp 1 1.2.3.4 5 typ host\r\n";
  return with_media(lines);
}

std::vector<BadSdp> bad_inputs() {
  using C = SdpErrorCode;
  return {
      {"Empty", "", C::kMissingVersion, 0},
      {"NoVersionLine", "o=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n", C::kMissingVersion, 1},
      {"VersionOne", "v=1\r\n", C::kBadVersion, 1},
      {"OnlyVersion", "v=0\r\n", C::kMissingOrigin, 0},
      {"NoSessionName", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n", C::kMissingSessionName, 0},
      {"MediaBeforeOrigin", "v=0\r\nm=audio 9 RTP/AVP 0\r\n", C::kMissingOrigin, 2},
      {"MediaBeforeSessionName", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nm=audio 9 RTP/AVP 0\r\n",
       C::kMissingSessionName, 3},
      {"OriginFiveFields", "v=0\r\no=- 1 1 IN IP4\r\n", C::kBadOrigin, 2},
      {"OriginSessionIdNotDigits", "v=0\r\no=- x1 1 IN IP4 0.0.0.0\r\n", C::kBadOrigin, 2},
      {"OriginVersionOverflow", "v=0\r\no=- 1 18446744073709551616 IN IP4 0.0.0.0\r\n",
       C::kBadOrigin, 2},
      {"NotTypeEquals", kHead + "hello\r\n", C::kBadLine, 5},
      {"UpperCaseType", kHead + "A=foo\r\n", C::kBadLine, 5},
      {"UnknownType", kHead + "x=foo\r\n", C::kUnknownLineType, 5},
      {"SessionNameInMedia", with_media("s=again\r\n"), C::kBadLine, 7},
      {"SecondVersion", kHead + "v=0\r\n", C::kUnknownLineType, 5},
      {"EmbeddedCarriageReturn", with_media("a=mid:0\rm=video 9 RTP/AVP 96\r\n"), C::kBadCharacter,
       7},
      {"EmbeddedNul", with_media(std::string("a=x-y:a\0b\r\n", 11)), C::kBadCharacter, 7},
      {"MediaLineTooShort", kHead + "m=audio 9 UDP/TLS/RTP/SAVPF\r\n", C::kBadMediaLine, 5},
      {"MediaLineEmpty", kHead + "m=\r\n", C::kBadMediaLine, 5},
      {"PortOutOfRange", kHead + "m=audio 65536 UDP/TLS/RTP/SAVPF 111\r\n", C::kBadPort, 5},
      {"PortNegative", kHead + "m=audio -9 UDP/TLS/RTP/SAVPF 111\r\n", C::kBadPort, 5},
      {"PortWithCount", kHead + "m=audio 9/2 UDP/TLS/RTP/SAVPF 111\r\n", C::kBadPort, 5},
      {"PayloadTypeOver127", kHead + "m=audio 9 UDP/TLS/RTP/SAVPF 128\r\n", C::kBadPayloadType, 5},
      {"PayloadTypeNotNumber", kHead + "m=audio 9 UDP/TLS/RTP/SAVPF opus\r\n", C::kBadPayloadType,
       5},
      {"PayloadTypeTwice", kHead + "m=audio 9 UDP/TLS/RTP/SAVPF 111 111\r\n",
       C::kDuplicatePayloadType, 5},
      {"RtpmapPayloadTypeOver127", with_media("a=rtpmap:200 opus/48000\r\n"), C::kBadPayloadType,
       7},
      {"RtpmapNoClock", with_media("a=rtpmap:111 opus\r\n"), C::kBadAttribute, 7},
      {"RtpmapZeroChannels", with_media("a=rtpmap:111 opus/48000/0\r\n"), C::kBadAttribute, 7},
      {"RtpmapClockNotNumber", with_media("a=rtpmap:111 opus/fast\r\n"), C::kBadAttribute, 7},
      {"FmtpNoPayloadType", with_media("a=fmtp:x apt=1\r\n"), C::kBadPayloadType, 7},
      {"RtcpFbEmpty", with_media("a=rtcp-fb:111\r\n"), C::kBadAttribute, 7},
      {"ExtmapIdZero", with_media("a=extmap:0 urn:x\r\n"), C::kBadAttribute, 7},
      {"ExtmapId256", with_media("a=extmap:256 urn:x\r\n"), C::kBadAttribute, 7},
      {"ExtmapNoUri", with_media("a=extmap:3\r\n"), C::kBadAttribute, 7},
      {"ExtmapBadDirection", with_media("a=extmap:3/sideways urn:x\r\n"), C::kBadAttribute, 7},
      {"ExtmapIdTwice", with_media("a=extmap:3 urn:x\r\na=extmap:3 urn:y\r\n"), C::kBadAttribute,
       8},
      {"SsrcNotNumber", with_media("a=ssrc:abc cname:x\r\n"), C::kBadAttribute, 7},
      {"SsrcOver32Bits", with_media("a=ssrc:4294967296 cname:x\r\n"), C::kBadAttribute, 7},
      {"SsrcWithoutAttribute", with_media("a=ssrc:1\r\n"), C::kBadAttribute, 7},
      {"SsrcGroupWithoutSsrcs", with_media("a=ssrc-group:FID\r\n"), C::kBadAttribute, 7},
      {"SecondMidInSection", with_media("a=mid:1\r\n"), C::kBadAttribute, 7},
      {"DuplicateMid", with_media("m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n"),
       C::kDuplicateMid, 8},
      {"SetupUnknown", with_media("a=setup:maybe\r\n"), C::kBadAttribute, 7},
      {"FingerprintWithoutValue", kHead + "a=fingerprint:sha-256\r\n", C::kBadAttribute, 5},
      {"IceUfragWithSpace", with_media("a=ice-ufrag:ab cd\r\n"), C::kBadAttribute, 7},
      {"RidBadDirection", with_media("a=rid:h sideways\r\n"), C::kBadAttribute, 7},
      {"RidBadId", with_media("a=rid:h!x send\r\n"), C::kBadAttribute, 7},
      {"RidTwice", with_media("a=rid:h send\r\na=rid:h send\r\n"), C::kBadAttribute, 8},
      {"SimulcastNoList", with_media("a=simulcast:send\r\n"), C::kBadAttribute, 7},
      {"SimulcastBadDirection", with_media("a=simulcast:both h;m\r\n"), C::kBadAttribute, 7},
      {"SimulcastEmptyStream", with_media("a=simulcast:send h;;m\r\n"), C::kBadAttribute, 7},
      {"MsidThreeWords", with_media("a=msid:a b c\r\n"), C::kBadAttribute, 7},
      {"AttributeWithoutName", with_media("a=:x\r\n"), C::kBadAttribute, 7},
      {"LineTooLong", with_media("a=x-long:" + std::string(kMaxSdpLineLength, 'a') + "\r\n"),
       C::kLineTooLong, 7},
      {"HugeNumberOfLines", many_lines(20000), C::kTooLarge, 0},
      {"Over64KiB", kHead + "a=x:" + std::string(kMaxSdpSize, 'a'), C::kTooLarge, 0},
      {"TooManyMediaSections", many_media(kMaxSdpMedia + 1), C::kTooManyMedia,
       static_cast<uint32_t>(5 + 2 * kMaxSdpMedia)},
      {"TooManyCandidates", many_candidates(65), C::kTooManyEntries, 7 + 64},
  };
}

class BadSdpTest : public ::testing::TestWithParam<BadSdp> {};

TEST_P(BadSdpTest, IsRejectedWithLine) {
  const BadSdp& c = GetParam();
  const auto r = SessionDescription::parse(c.text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(to_string(r.error().code), to_string(c.code));
  EXPECT_EQ(r.error().line, c.line);
}

INSTANTIATE_TEST_SUITE_P(Table, BadSdpTest, ::testing::ValuesIn(bad_inputs()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(SessionDescription, AcceptsTheLimits) {
  EXPECT_TRUE(SessionDescription::parse(many_media(kMaxSdpMedia)).ok());
  EXPECT_TRUE(SessionDescription::parse(many_candidates(64)).ok());
  EXPECT_TRUE(
      SessionDescription::parse(with_media("a=x:" + std::string(kMaxSdpLineLength - 4, 'a'))).ok());
}

}  // namespace
}  // namespace meet::rtc
