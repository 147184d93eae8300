#include "rtc/sdp/subscriber_offer.hpp"

#include <gtest/gtest.h>

#include "rtc/sdp/header_extension_ids.hpp"
#include "rtc/sdp/sdp_fixtures.hpp"
#include "rtc/sdp/sdp_test_util.hpp"

namespace meet::rtc {
namespace {

using test::local_params;
using test::parse_or_fail;
using test::read_sdp_fixture;

// The two tracks of Janus's subscriber offer (fixtures/firefox_sub_janus_offer.sdp).
std::vector<OfferedTrack> janus_like_tracks() {
  OfferedTrack audio;
  audio.mid = "0";
  audio.kind = "audio";
  audio.stream_id = "janus";
  audio.track_id = "janus0";
  audio.codec = SdpCodec{111, "opus", 48000, 2, "useinbandfec=1", {"transport-cc"}};
  audio.ssrc = 230370089;
  audio.cname = "janus";
  audio.extmaps = {{1, std::string(kExtmapUriAudioLevel), std::nullopt, {}},
                   {4, std::string(kExtmapUriMid), std::nullopt, {}}};

  OfferedTrack video;
  video.mid = "1";
  video.kind = "video";
  video.stream_id = "janus";
  video.track_id = "janus1";
  video.codec = SdpCodec{96, "VP8", 90000,
                         0,  "",    {"ccm fir", "nack", "nack pli", "goog-remb", "transport-cc"}};
  video.rtx_pt = 97;
  video.ssrc = 2099901868;
  video.rtx_ssrc = 1335272233;
  video.cname = "janus";
  video.extmaps = {{2, std::string(kExtmapUriAbsSendTime), std::nullopt, {}},
                   {3, std::string(kExtmapUriTransportCc), std::nullopt, {}},
                   {4, std::string(kExtmapUriMid), std::nullopt, {}}};
  return {audio, video};
}

TEST(SubscriberOffer, ParsesBackAsAnIceLiteBundledSendonlyOffer) {
  const std::string text = build_subscriber_offer(janus_like_tracks(), local_params(), 7);
  const SessionDescription sd = parse_or_fail(text);
  EXPECT_EQ(sd, make_subscriber_offer(janus_like_tracks(), local_params(), 7));
  EXPECT_TRUE(sd.ice_lite);
  EXPECT_EQ(sd.bundle_mids, (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(sd.origin.session_version, 7u);
  ASSERT_EQ(sd.media.size(), 2u);
  for (const SdpMedia& m : sd.media) {
    EXPECT_EQ(m.port, 9);
    EXPECT_EQ(m.protocol, "UDP/TLS/RTP/SAVPF");
    EXPECT_EQ(m.direction, SdpDirection::kSendOnly);
    EXPECT_EQ(m.setup, "actpass");
    EXPECT_EQ(m.ice_ufrag, "sfu1");
    EXPECT_EQ(m.fingerprint.algorithm, "sha-256");
    EXPECT_TRUE(m.rtcp_mux);
    EXPECT_TRUE(m.rtcp_rsize);
    EXPECT_EQ(m.msid_stream, "janus");
  }
  EXPECT_EQ(sd.media[0].candidates, local_params().candidates);
  EXPECT_TRUE(sd.media[0].end_of_candidates);
  EXPECT_TRUE(sd.media[1].candidates.empty());

  const SdpMedia& video = sd.media[1];
  EXPECT_EQ(video.rtx_payload_type(96), 97);
  EXPECT_EQ(video.codecs[1].name, "rtx");
  EXPECT_EQ(video.codecs[1].clock_rate, 90000u);
  EXPECT_EQ(video.ssrc_groups, (std::vector<SdpSsrcGroup>{{"FID", {2099901868, 1335272233}}}));
  EXPECT_EQ(video.ssrcs, (std::vector<SdpSsrc>{{2099901868, "janus", "janus janus1"},
                                               {1335272233, "janus", "janus janus1"}}));
  for (const char* line :
       {"a=ssrc-group:FID 2099901868 1335272233\r\n", "a=ssrc:2099901868 cname:janus\r\n",
        "a=ssrc:2099901868 msid:janus janus1\r\n", "a=ssrc:1335272233 cname:janus\r\n",
        "a=msid:janus janus1\r\n", "a=fmtp:97 apt=96\r\n", "a=setup:actpass\r\n",
        "a=ice-lite\r\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line;
  }
}

// Same shape as the offer Janus sent and Firefox accepted: kinds, codecs, directions,
// extensions, SSRCs.
TEST(SubscriberOffer, MatchesJanusOfferThatBrowsersAccept) {
  const SessionDescription ours = make_subscriber_offer(janus_like_tracks(), local_params(), 1);
  const SessionDescription janus = parse_or_fail(read_sdp_fixture("firefox_sub_janus_offer.sdp"));
  EXPECT_EQ(ours.ice_lite, janus.ice_lite);
  EXPECT_EQ(ours.bundle_mids, janus.bundle_mids);
  ASSERT_EQ(ours.media.size(), janus.media.size());
  for (size_t i = 0; i < ours.media.size(); ++i) {
    const SdpMedia& a = ours.media[i];
    const SdpMedia& b = janus.media[i];
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.mid, b.mid);
    EXPECT_EQ(a.direction, b.direction);
    EXPECT_EQ(a.setup, janus.setup_of(b));
    EXPECT_EQ(a.rtcp_mux, b.rtcp_mux);
    ASSERT_EQ(a.codecs.size(), b.codecs.size());
    for (size_t c = 0; c < a.codecs.size(); ++c) {
      EXPECT_EQ(a.codecs[c].payload_type, b.codecs[c].payload_type);
      EXPECT_EQ(a.codecs[c].name, b.codecs[c].name);
      EXPECT_EQ(a.codecs[c].fmtp, b.codecs[c].fmtp);
    }
    EXPECT_EQ(a.ssrc_groups, b.ssrc_groups);
    ASSERT_EQ(a.ssrcs.size(), b.ssrcs.size());
    for (size_t s = 0; s < a.ssrcs.size(); ++s) {
      EXPECT_EQ(a.ssrcs[s].ssrc, b.ssrcs[s].ssrc);
      EXPECT_EQ(a.ssrcs[s].cname, b.ssrcs[s].cname);
    }
    EXPECT_EQ(a.msid_stream, b.msid_stream);
    EXPECT_EQ(a.msid_track, b.msid_track);
  }
}

TEST(SubscriberOffer, KeepsInactiveSectionBundledWithoutSources) {
  auto tracks = janus_like_tracks();
  tracks[1].active = false;
  const SessionDescription sd = parse_or_fail(build_subscriber_offer(tracks, local_params(), 2));
  const SdpMedia& video = sd.media[1];
  EXPECT_EQ(video.port, 9);
  EXPECT_EQ(video.direction, SdpDirection::kInactive);
  EXPECT_EQ(sd.bundle_mids, (std::vector<std::string>{"0", "1"}));
  EXPECT_TRUE(video.ssrcs.empty());
  EXPECT_TRUE(video.ssrc_groups.empty());
  EXPECT_TRUE(video.msid_stream.empty());
  EXPECT_EQ(video.codecs.size(), 2u);
  EXPECT_EQ(video.setup, "actpass");
}

TEST(SubscriberOffer, RetiresRemovedSectionWithPortZeroOutsideBundle) {
  auto tracks = janus_like_tracks();
  tracks[0].removed = true;
  const SessionDescription sd = parse_or_fail(build_subscriber_offer(tracks, local_params(), 3));
  const SdpMedia& audio = sd.media[0];
  EXPECT_EQ(audio.port, 0);
  EXPECT_TRUE(audio.is_rejected());
  EXPECT_EQ(audio.mid, "0");
  EXPECT_TRUE(audio.ice_ufrag.empty());
  EXPECT_TRUE(audio.ssrcs.empty());
  EXPECT_EQ(sd.bundle_mids, (std::vector<std::string>{"1"}));
  // The transport moved to mid 1, and so did the candidates.
  EXPECT_TRUE(audio.candidates.empty());
  EXPECT_EQ(sd.media[1].candidates.size(), 2u);
  EXPECT_TRUE(sd.media[1].end_of_candidates);
}

TEST(SubscriberOffer, KeepsSessionIdAcrossVersions) {
  const auto a = make_subscriber_offer(janus_like_tracks(), local_params(), 1);
  const auto b = make_subscriber_offer(janus_like_tracks(), local_params(), 2);
  EXPECT_EQ(a.origin.session_id, b.origin.session_id);
  EXPECT_EQ(b.origin.session_version, 2u);
  LocalTransportParams other = local_params();
  other.ice_ufrag = "sfu2";
  EXPECT_NE(make_subscriber_offer(janus_like_tracks(), other, 1).origin.session_id,
            a.origin.session_id);
}

TEST(SubscriberOffer, FillsMissingStreamAndCname) {
  auto tracks = janus_like_tracks();
  tracks[0].stream_id.clear();
  tracks[0].cname.clear();
  const SessionDescription sd = make_subscriber_offer(tracks, local_params(), 1);
  EXPECT_EQ(sd.media[0].msid_stream, "-");
  EXPECT_EQ(sd.media[0].ssrcs[0].cname, "meet");
  EXPECT_EQ(sd.media[0].ssrcs[0].msid, "- janus0");
}

TEST(SubscriberOfferDeathTest, NeedsOneSectionThatIsNotRemoved) {
  EXPECT_DEATH(build_subscriber_offer({}, local_params(), 1), "not removed");
  auto tracks = janus_like_tracks();
  tracks[0].removed = true;
  tracks[1].removed = true;
  EXPECT_DEATH(build_subscriber_offer(tracks, local_params(), 1), "not removed");
  tracks = janus_like_tracks();
  tracks[1].mid = "0";
  EXPECT_DEATH(build_subscriber_offer(tracks, local_params(), 1), "same mid");
}

}  // namespace
}  // namespace meet::rtc
