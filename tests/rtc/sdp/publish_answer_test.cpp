#include "rtc/sdp/publish_answer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "rtc/sdp/sdp_fixtures.hpp"
#include "rtc/sdp/sdp_test_util.hpp"

namespace meet::rtc {
namespace {

using test::drop_lines;
using test::local_params;
using test::parse_or_fail;
using test::read_sdp_fixture;
using test::replace_all;

PublishAnswer answer_or_fail(const std::string& offer_text,
                             const ServerCapabilities& caps = ServerCapabilities{}) {
  const SessionDescription offer = parse_or_fail(offer_text);
  auto r = answer_publish_offer(offer, local_params(), caps);
  EXPECT_TRUE(r.ok()) << "error " << to_string(r.error().code);
  return r.ok() ? std::move(r).value() : PublishAnswer{};
}

std::vector<uint8_t> payload_types(const SdpMedia& m) {
  std::vector<uint8_t> out;
  for (const SdpCodec& c : m.codecs) out.push_back(c.payload_type);
  return out;
}

// --- Properties every answer to a browser publish offer has ---------------------------------

class PublishOffer : public ::testing::TestWithParam<std::string> {};

TEST_P(PublishOffer, IsAnsweredWithinServerCapabilities) {
  const ServerCapabilities caps;
  const SessionDescription offer = parse_or_fail(read_sdp_fixture(GetParam() + "_offer.sdp"));
  const PublishAnswer out = answer_or_fail(read_sdp_fixture(GetParam() + "_offer.sdp"));
  const SessionDescription answer = parse_or_fail(out.sdp);
  EXPECT_EQ(answer, out.answer);  // the text says what the structure says

  EXPECT_TRUE(answer.ice_lite);
  EXPECT_EQ(answer.bundle_mids, offer.bundle_mids);
  ASSERT_EQ(answer.media.size(), offer.media.size());
  ASSERT_EQ(out.media.size(), offer.media.size());
  for (size_t i = 0; i < answer.media.size(); ++i) {
    const SdpMedia& o = offer.media[i];
    const SdpMedia& a = answer.media[i];
    SCOPED_TRACE("mid " + o.mid);
    EXPECT_EQ(a.mid, o.mid);
    EXPECT_EQ(a.kind, o.kind);
    EXPECT_EQ(a.port, 9);
    EXPECT_EQ(a.direction, SdpDirection::kRecvOnly);
    EXPECT_EQ(a.setup, "passive");
    EXPECT_EQ(a.ice_ufrag, local_params().ice_ufrag);
    EXPECT_EQ(a.ice_pwd, local_params().ice_pwd);
    EXPECT_EQ(a.fingerprint, (SdpFingerprint{"sha-256", local_params().fingerprint_sha256}));
    EXPECT_TRUE(a.rtcp_mux);
    EXPECT_EQ(a.rtcp_rsize, o.rtcp_rsize);
    EXPECT_TRUE(a.ssrcs.empty());
    EXPECT_TRUE(a.msid_stream.empty());
    // Candidates once, in the section that carries the BUNDLE transport.
    EXPECT_EQ(a.candidates.size(), i == 0 ? 2u : 0u);
    EXPECT_EQ(a.end_of_candidates, i == 0);
    // Extensions: a subset of what the server supports, with the offer's ids.
    for (const SdpExtmap& e : a.extmaps) {
      EXPECT_TRUE(caps.supports_extension(e.uri)) << e.uri;
      ASSERT_NE(o.find_extmap(e.uri), nullptr);
      EXPECT_EQ(o.find_extmap(e.uri)->id, e.id);
    }
    EXPECT_NE(a.find_extmap(std::string(kExtmapUriMid)), nullptr);
    // Codecs: supported primaries, each with its rtx right after it when offered.
    ASSERT_FALSE(a.codecs.empty());
    for (const SdpCodec& c : a.codecs) {
      const SdpCodec* offered = o.find_codec(c.payload_type);
      ASSERT_NE(offered, nullptr);
      EXPECT_EQ(c.name, offered->name);
      EXPECT_EQ(c.fmtp, offered->fmtp);
      if (auto apt = c.rtx_apt()) {
        EXPECT_NE(a.find_codec(*apt), nullptr);
        EXPECT_TRUE(c.rtcp_fb.empty());
        continue;
      }
      EXPECT_TRUE(caps.supports_codec(a.kind, c)) << c.name;
      for (const std::string& fb : c.rtcp_fb) {
        EXPECT_TRUE(caps.supports_feedback(fb)) << fb;
        EXPECT_TRUE(offered->has_rtcp_fb(fb)) << fb;
      }
      EXPECT_EQ(a.rtx_payload_type(c.payload_type), o.rtx_payload_type(c.payload_type));
    }
    // Summary for the engine.
    const PublishedMedia& p = out.media[i];
    EXPECT_EQ(p.mid, o.mid);
    EXPECT_EQ(p.state, PublishedMediaState::kReceiving);
    EXPECT_EQ(p.msid_stream, o.msid_stream);
    EXPECT_EQ(p.msid_track, o.msid_track);
    EXPECT_EQ(p.extmap_ids, HeaderExtensionIds::from(a.extmaps));
    ASSERT_FALSE(p.codecs.empty());
    EXPECT_EQ(p.codecs.front().codec, a.codecs.front());
  }
  EXPECT_EQ(out.remote.ice_ufrag, offer.ice_ufrag_of(offer.media[0]));
  EXPECT_EQ(out.remote.ice_pwd, offer.ice_pwd_of(offer.media[0]));
  EXPECT_EQ(out.remote.fingerprint, offer.fingerprint_of(offer.media[0]));

  // Janus answered the same offer with the same first codec in each section.
  const SessionDescription janus =
      parse_or_fail(read_sdp_fixture(GetParam() + "_janus_answer.sdp"));
  for (size_t i = 0; i < janus.media.size(); ++i) {
    EXPECT_EQ(answer.media[i].codecs.front().payload_type,
              janus.media[i].codecs.front().payload_type);
  }
}

INSTANTIATE_TEST_SUITE_P(Browsers, PublishOffer,
                         ::testing::Values("chromium", "firefox", "chromium_simulcast",
                                           "firefox_simulcast"));

// --- Chromium -------------------------------------------------------------------------------

TEST(PublishAnswer, KeepsChromiumCodecsInOfferOrderWithPreferredH264First) {
  const PublishAnswer out = answer_or_fail(read_sdp_fixture("chromium_offer.sdp"));
  const SdpMedia& audio = out.answer.media[0];
  EXPECT_EQ(payload_types(audio), (std::vector<uint8_t>{111}));
  EXPECT_EQ(audio.codecs[0].fmtp, "minptime=10;useinbandfec=1");
  EXPECT_EQ(audio.codecs[0].rtcp_fb, (std::vector<std::string>{"transport-cc"}));
  // VP8, H.264 42e01f ahead of 42001f and 4d001f (packetization-mode=0 dropped), VP9 profiles
  // 0 and 2; AV1, red and ulpfec dropped; each with its rtx.
  const SdpMedia& video = out.answer.media[1];
  EXPECT_EQ(payload_types(video),
            (std::vector<uint8_t>{96, 97, 108, 109, 102, 103, 116, 117, 98, 99, 100, 101}));
  EXPECT_EQ(video.codecs[0].rtcp_fb,
            (std::vector<std::string>{"goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"}));
  EXPECT_EQ(video.codecs[2].fmtp,
            "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
  EXPECT_EQ(video.codecs[1].fmtp, "apt=96");
  // toffset, video-orientation, playout-delay... are not ours to answer.
  std::vector<std::string> uris;
  for (const SdpExtmap& e : video.extmaps) uris.push_back(e.uri);
  EXPECT_EQ(uris, (std::vector<std::string>{std::string(kExtmapUriAbsSendTime),
                                            std::string(kExtmapUriTransportCc),
                                            std::string(kExtmapUriMid), std::string(kExtmapUriRid),
                                            std::string(kExtmapUriRepairedRid)}));
  EXPECT_TRUE(out.answer.extmap_allow_mixed);
  EXPECT_EQ(out.answer.origin.session_id, "8365352054183462205");
  EXPECT_EQ(out.answer.origin.session_version, 2u);
}

TEST(PublishAnswer, SummarizesChromiumTracks) {
  const PublishAnswer out = answer_or_fail(read_sdp_fixture("chromium_offer.sdp"));
  const PublishedMedia& audio = out.media[0];
  EXPECT_EQ(audio.kind, "audio");
  EXPECT_EQ(audio.cname, "11bzqPjJLxwjaZOf");
  EXPECT_EQ(audio.ssrcs, (std::vector<PublishedSsrc>{{2550214443, std::nullopt}}));
  EXPECT_EQ(audio.codecs.size(), 1u);
  EXPECT_EQ(audio.codecs[0].rtx_payload_type, std::nullopt);
  EXPECT_EQ(audio.extmap_ids, (HeaderExtensionIds{4, 0, 0, 2, 3, 1}));
  EXPECT_TRUE(audio.rids.empty());

  const PublishedMedia& video = out.media[1];
  EXPECT_EQ(video.msid_stream, "ac0eb13f-02ab-4d50-8e3f-4fbc17cb8af5");
  EXPECT_EQ(video.msid_track, "04030407-f306-4bba-8add-ca09a06103d3");
  EXPECT_EQ(video.ssrcs, (std::vector<PublishedSsrc>{{620692345, 2934235094}}));
  ASSERT_EQ(video.codecs.size(), 6u);
  EXPECT_EQ(video.codecs[0].codec.name, "VP8");
  EXPECT_EQ(video.codecs[0].rtx_payload_type, 97);
  EXPECT_EQ(video.codecs[1].codec.payload_type, 108);
  EXPECT_EQ(video.codecs[1].rtx_payload_type, 109);
  EXPECT_EQ(video.extmap_ids, (HeaderExtensionIds{4, 10, 11, 2, 3, 0}));
}

TEST(PublishAnswer, EchoesChromiumSimulcastRidsAsRecv) {
  const PublishAnswer out = answer_or_fail(read_sdp_fixture("chromium_simulcast_offer.sdp"));
  const SdpMedia& video = out.answer.media[1];
  EXPECT_EQ(video.rids, (std::vector<SdpRid>{{"h", SdpRidDirection::kRecv, ""},
                                             {"m", SdpRidDirection::kRecv, ""},
                                             {"l", SdpRidDirection::kRecv, ""}}));
  EXPECT_EQ(video.simulcast, "recv h;m;l");
  EXPECT_NE(out.sdp.find("a=rid:h recv\r\n"), std::string::npos);
  EXPECT_NE(out.sdp.find("a=simulcast:recv h;m;l\r\n"), std::string::npos);
  EXPECT_EQ(out.media[1].rids, (std::vector<std::string>{"h", "m", "l"}));
  EXPECT_TRUE(out.media[1].ssrcs.empty());  // Chromium announces no SSRC with rids
  EXPECT_EQ(out.media[1].extmap_ids.rid, 10);
  EXPECT_EQ(out.media[1].extmap_ids.repaired_rid, 11);
  EXPECT_TRUE(out.answer.media[0].rids.empty());
}

TEST(PublishAnswer, DeclinesSimulcastWhenTheServerForwardsOneStream) {
  ServerCapabilities caps;
  caps.simulcast = false;
  for (const char* fixture : {"chromium_simulcast_offer.sdp", "firefox_simulcast_offer.sdp"}) {
    SCOPED_TRACE(fixture);
    const PublishAnswer out = answer_or_fail(read_sdp_fixture(fixture), caps);
    const SdpMedia& video = out.answer.media[1];
    EXPECT_EQ(video.direction, SdpDirection::kRecvOnly);  // the first encoding is still taken
    EXPECT_TRUE(video.simulcast.empty());
    EXPECT_TRUE(video.rids.empty());
    EXPECT_EQ(out.sdp.find("a=simulcast"), std::string::npos);
    EXPECT_EQ(out.sdp.find("a=rid:"), std::string::npos);
    EXPECT_TRUE(out.media[1].rids.empty());
  }
}

// --- Firefox --------------------------------------------------------------------------------

TEST(PublishAnswer, AnswersFirefoxOffer) {
  const PublishAnswer out = answer_or_fail(read_sdp_fixture("firefox_offer.sdp"));
  const SdpMedia& audio = out.answer.media[0];
  EXPECT_EQ(payload_types(audio), (std::vector<uint8_t>{109}));
  EXPECT_EQ(audio.codecs[0].fmtp, "maxplaybackrate=48000;stereo=1;useinbandfec=1");
  const SdpMedia& video = out.answer.media[1];
  // VP8+rtx, VP9+rtx; AV1, ulpfec, red and red's rtx dropped.
  EXPECT_EQ(payload_types(video), (std::vector<uint8_t>{120, 124, 121, 125}));
  EXPECT_EQ(video.codecs[0].fmtp, "max-fs=12288;max-fr=60");
  EXPECT_EQ(out.media[1].ssrcs, (std::vector<PublishedSsrc>{{3802394212, 2027877833}}));
  EXPECT_EQ(out.media[1].cname, "{bf10b26d-8c77-4890-85fa-dd3e285abe52}");
  EXPECT_EQ(out.media[1].msid_stream, "{75b18a2f-e9ae-443d-be82-dc87b79a7d67}");
  // Firefox sends its fingerprint at session level; it is still found.
  EXPECT_EQ(out.remote.fingerprint.value.substr(0, 5), "B2:EF");
  EXPECT_EQ(out.remote.ice_ufrag, "fed0375b");
}

TEST(PublishAnswer, AnswersFirefoxSimulcastWithRecvonlyExtensionDirections) {
  const PublishAnswer out = answer_or_fail(read_sdp_fixture("firefox_simulcast_offer.sdp"));
  const SdpMedia& video = out.answer.media[1];
  EXPECT_EQ(video.simulcast, "recv h;m;l");
  const SdpExtmap* rid = video.find_extmap(std::string(kExtmapUriRid));
  ASSERT_NE(rid, nullptr);
  EXPECT_EQ(rid->id, 9);
  EXPECT_EQ(rid->direction, SdpDirection::kRecvOnly);  // offered 9/sendonly
  EXPECT_NE(out.sdp.find("a=extmap:9/recvonly urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"),
            std::string::npos);
  EXPECT_EQ(out.media[1].ssrcs,
            (std::vector<PublishedSsrc>{
                {1973289980, 587559995}, {3002127717, 139529770}, {245426084, 1120267097}}));
  EXPECT_EQ(out.media[1].rids, (std::vector<std::string>{"h", "m", "l"}));
}

const std::string kChromium = read_sdp_fixture("chromium_offer.sdp");

TEST(PublishAnswer, TakesMsidFromSsrcOnlyWhenWellFormed) {
  std::string offer = drop_lines(kChromium, "a=msid:");
  offer = replace_all(offer, "a=ssrc:2550214443 msid:ac0eb13f-02ab-4d50-8e3f-4fbc17cb8af5",
                      "a=ssrc:2550214443 msid:x y z");
  const PublishAnswer out = answer_or_fail(offer);
  EXPECT_EQ(out.media[0].msid_stream, "");  // three words: not an msid
  EXPECT_EQ(out.media[1].msid_stream, "ac0eb13f-02ab-4d50-8e3f-4fbc17cb8af5");
  EXPECT_EQ(out.media[1].msid_track, "04030407-f306-4bba-8add-ca09a06103d3");
}

// --- Per-section decisions ------------------------------------------------------------------

TEST(PublishAnswer, AnswersRecvonlySectionInactiveAndKeepsItBundled) {
  const std::string offer = replace_all(kChromium, "a=mid:1\r\n", "a=mid:1\r\na=recvonly\r\n");
  const PublishAnswer out = answer_or_fail(drop_lines(offer, "a=sendonly"));
  // Audio now has no direction line: sendrecv, of which we take the send half.
  EXPECT_EQ(out.answer.media[0].direction, SdpDirection::kRecvOnly);
  EXPECT_EQ(out.media[0].state, PublishedMediaState::kReceiving);
  EXPECT_EQ(out.answer.media[1].direction, SdpDirection::kInactive);
  EXPECT_EQ(out.media[1].state, PublishedMediaState::kInactive);
  EXPECT_TRUE(out.media[1].ssrcs.empty());
  EXPECT_EQ(out.answer.bundle_mids, (std::vector<std::string>{"0", "1"}));
}

TEST(PublishAnswer, RejectsDataChannelSection) {
  const std::string offer = replace_all(kChromium, "a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2") +
                            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
                            "c=IN IP4 0.0.0.0\r\n"
                            "a=ice-ufrag:6ed/\r\n"
                            "a=ice-pwd:2zv1KN6TUGXcw8dzBqLRa3V6\r\n"
                            "a=mid:2\r\n"
                            "a=sctp-port:5000\r\n"
                            "a=max-message-size:262144\r\n";
  const PublishAnswer out = answer_or_fail(offer);
  ASSERT_EQ(out.answer.media.size(), 3u);
  const SdpMedia& dc = out.answer.media[2];
  EXPECT_EQ(dc.port, 0);
  EXPECT_EQ(dc.mid, "2");
  EXPECT_EQ(dc.formats, (std::vector<std::string>{"webrtc-datachannel"}));
  EXPECT_NE(out.sdp.find("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n"),
            std::string::npos);
  EXPECT_EQ(out.media[2].state, PublishedMediaState::kRejected);
  EXPECT_EQ(out.answer.bundle_mids, (std::vector<std::string>{"0", "1"}));
}

TEST(PublishAnswer, RejectsSectionRejectedInOffer) {
  std::string offer = replace_all(kChromium, "m=audio 39875", "m=audio 0");
  offer = replace_all(offer, "a=group:BUNDLE 0 1", "a=group:BUNDLE 1");
  const PublishAnswer out = answer_or_fail(offer);
  EXPECT_EQ(out.answer.media[0].port, 0);
  EXPECT_EQ(out.answer.media[0].mid, "0");
  EXPECT_EQ(out.media[0].state, PublishedMediaState::kRejected);
  EXPECT_EQ(out.answer.bundle_mids, (std::vector<std::string>{"1"}));
  // The transport now lives in mid 1: candidates go there.
  EXPECT_EQ(out.answer.media[1].candidates.size(), 2u);
  EXPECT_TRUE(out.answer.media[0].candidates.empty());
}

TEST(PublishAnswer, RejectsSectionWithoutCommonCodec) {
  ServerCapabilities caps;
  caps.vp8 = caps.vp9 = caps.h264 = false;
  const PublishAnswer out = answer_or_fail(kChromium, caps);
  EXPECT_EQ(out.answer.media[1].port, 0);
  EXPECT_EQ(out.media[1].state, PublishedMediaState::kRejected);
  EXPECT_EQ(out.answer.bundle_mids, (std::vector<std::string>{"0"}));
}

// RFC 8843 section 7.3.3: rejecting the offerer-tagged section would take the whole BUNDLE
// group down (Chromium then fails "Failed to setup RTCP mux" on mid 1), so it stays inactive.
TEST(PublishAnswer, KeepsBundleTaggedSectionInactiveWithoutCommonCodec) {
  ServerCapabilities caps;
  caps.opus = false;
  const PublishAnswer out = answer_or_fail(kChromium, caps);
  const SdpMedia& audio = out.answer.media[0];
  EXPECT_EQ(audio.port, 9);
  EXPECT_EQ(audio.direction, SdpDirection::kInactive);
  EXPECT_EQ(payload_types(audio), (std::vector<uint8_t>{111}));
  EXPECT_EQ(audio.candidates.size(), 2u);
  EXPECT_EQ(out.media[0].state, PublishedMediaState::kInactive);
  EXPECT_TRUE(out.media[0].codecs.empty());
  EXPECT_TRUE(out.media[0].ssrcs.empty());
  EXPECT_EQ(out.answer.bundle_mids, (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(out.media[1].state, PublishedMediaState::kReceiving);
}

TEST(PublishAnswer, RejectsSectionOutsideBundle) {
  const PublishAnswer out =
      answer_or_fail(replace_all(kChromium, "a=group:BUNDLE 0 1", "a=group:BUNDLE 0"));
  EXPECT_EQ(out.answer.media[1].port, 0);
  EXPECT_EQ(out.media[1].state, PublishedMediaState::kRejected);
}

TEST(PublishAnswer, FollowsServerCapabilities) {
  ServerCapabilities caps;
  caps.vp8 = false;
  caps.rtx = false;
  caps.rtcp_feedback = {"nack"};
  caps.header_extensions = {std::string(kExtmapUriMid)};
  const PublishAnswer out = answer_or_fail(kChromium, caps);
  const SdpMedia& video = out.answer.media[1];
  EXPECT_EQ(payload_types(video), (std::vector<uint8_t>{108, 102, 116, 98, 100}));
  EXPECT_EQ(video.codecs[0].rtcp_fb, (std::vector<std::string>{"nack"}));
  ASSERT_EQ(video.extmaps.size(), 1u);
  EXPECT_EQ(out.media[1].codecs[0].rtx_payload_type, std::nullopt);
  EXPECT_EQ(out.media[0].codecs[0].codec.rtcp_fb, std::vector<std::string>{});
}

TEST(PublishAnswer, PrefersConfiguredH264Profile) {
  ServerCapabilities caps;
  caps.preferred_h264_profile_level_id = "4D001F";
  const PublishAnswer out = answer_or_fail(kChromium, caps);
  EXPECT_EQ(payload_types(out.answer.media[1]),
            (std::vector<uint8_t>{96, 97, 116, 117, 102, 103, 108, 109, 98, 99, 100, 101}));
}

// --- Offers we refuse -----------------------------------------------------------------------

struct BadOffer {
  const char* name;
  std::string text;
  SdpErrorCode code;
};

std::vector<BadOffer> bad_offers() {
  using C = SdpErrorCode;
  const std::string& o = kChromium;
  return {
      {"NoBundleGroup", drop_lines(o, "a=group:BUNDLE"), C::kNotBundled},
      {"BundleNamesUnknownMid", replace_all(o, "a=group:BUNDLE 0 1", "a=group:BUNDLE 7"),
       C::kNotBundled},
      {"AllSectionsRejected",
       replace_all(replace_all(o, "m=audio 39875", "m=audio 0"), "m=video 47000", "m=video 0"),
       C::kNotBundled},
      {"NoFingerprint", drop_lines(o, "a=fingerprint"), C::kMissingFingerprint},
      {"OnlySha1Fingerprint", replace_all(o, "a=fingerprint:sha-256", "a=fingerprint:sha-1"),
       C::kMissingFingerprint},
      {"ShortFingerprint", replace_all(o, "A9:72:3B:", "A9:72:"), C::kBadFingerprint},
      {"FingerprintNotHex", replace_all(o, "A9:72:3B:", "A9:72:3G:"), C::kBadFingerprint},
      {"NoIcePwd", drop_lines(o, "a=ice-pwd"), C::kMissingIceCredentials},
      {"ShortIceUfrag", replace_all(o, "a=ice-ufrag:6ed/", "a=ice-ufrag:6e"),
       C::kMissingIceCredentials},
      {"IcePwdBadChar", replace_all(o, "2zv1KN6TUGXcw8dzBqLRa3V6", "2zv1KN6TUGXcw8dzBqLRa3V-"),
       C::kMissingIceCredentials},
      {"NoRtcpMux", drop_lines(o, "a=rtcp-mux"), C::kNoRtcpMux},
      {"SetupPassive", replace_all(o, "a=setup:actpass", "a=setup:passive"), C::kBadSetup},
      {"SetupHoldconn", replace_all(o, "a=setup:actpass", "a=setup:holdconn"), C::kBadSetup},
      {"VideoWithoutMid", drop_lines(o, "a=mid:1"), C::kMissingMid},
      {"DataChannelCarriesBundle",
       "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
       "a=fingerprint:sha-256 "
       "A9:72:3B:62:94:59:D7:4E:0F:DD:CC:72:4E:4F:A1:68:75:E4:D5:DA:9E:A5:2B:9E:C8:E4:9C:AF:32:49:"
       "D6:65\r\n"
       "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
       "a=mid:0\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\na=setup:actpass\r\n",
       C::kBundleTagUnusable},
  };
}

class BadPublishOffer : public ::testing::TestWithParam<BadOffer> {};

TEST_P(BadPublishOffer, IsRefused) {
  const SessionDescription offer = parse_or_fail(GetParam().text);
  const auto r = answer_publish_offer(offer, local_params(), ServerCapabilities{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(to_string(r.error().code), to_string(GetParam().code));
}

INSTANTIATE_TEST_SUITE_P(Table, BadPublishOffer, ::testing::ValuesIn(bad_offers()),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace meet::rtc
