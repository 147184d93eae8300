// negotiate_publish: browser offers (captured fixtures and edits of them) to the answer and the
// track configs, or the typed error the client gets (docs/protocol.md, `publish`).
#include "signal/publish_negotiation.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/media_capabilities.hpp"
#include "rtc/sdp/sdp_fixtures.hpp"
#include "rtc/sdp/sdp_test_util.hpp"

namespace meet::signal {
namespace {

using rtc::test::drop_lines;
using rtc::test::read_sdp_fixture;
using rtc::test::replace_all;

std::string chromium() {
  return read_sdp_fixture("chromium_offer.sdp");
}

// The audio section of Chromium's offer `n` times (mids 0..n-1, distinct SSRCs), bundled.
std::string audio_offer(int n) {
  const auto text = chromium();
  const auto audio_at = text.find("m=audio");
  const auto video_at = text.find("m=video");
  std::string bundle = "a=group:BUNDLE";
  std::string sections;
  for (int i = 0; i < n; ++i) {
    bundle += " " + std::to_string(i);
    auto s = text.substr(audio_at, video_at - audio_at);
    s = replace_all(s, "a=mid:0", "a=mid:" + std::to_string(i));
    s = replace_all(s, "2550214443", std::to_string(1000 + i));
    sections += s;
  }
  return replace_all(text.substr(0, audio_at), "a=group:BUNDLE 0 1", bundle) + sections;
}

struct Case {
  std::string name;
  std::string offer;
  std::vector<TrackSource> sources = {};
  PublishPolicy policy = {};
  rtc::ServerCapabilities caps = engine::publish_capabilities();
  // Expected: an error code and message, or the tracks as "mid:kind:source" in order.
  std::optional<ErrorCode> error = std::nullopt;
  std::string message = {};
  std::vector<std::string> tracks = {};
};

rtc::ServerCapabilities no_codecs() {
  auto caps = engine::publish_capabilities();
  caps.opus = caps.vp8 = caps.vp9 = caps.h264 = false;
  return caps;
}

std::vector<Case> cases() {
  const auto c = chromium();
  return {
      {"chromium",
       c,
       {},
       {},
       engine::publish_capabilities(),
       {},
       {},
       {"0:audio:microphone", "1:video:camera"}},
      {"firefox",
       read_sdp_fixture("firefox_offer.sdp"),
       {},
       {},
       engine::publish_capabilities(),
       {},
       {},
       {"0:audio:microphone", "1:video:camera"}},
      {"sources name the screen",
       c,
       {{"1", "screen"}, {"0", "screen_audio"}},
       {},
       engine::publish_capabilities(),
       {},
       {},
       {"0:audio:screen_audio", "1:video:screen"}},
      {"screen without the feature",
       c,
       {{"1", "screen"}},
       {kMaxPublishedTracks, false},
       engine::publish_capabilities(),
       ErrorCode::kNotAllowed,
       "screen sharing is off in this meeting"},
      {"camera without the screen feature",
       c,
       {{"1", "camera"}},
       {kMaxPublishedTracks, false},
       engine::publish_capabilities(),
       {},
       {},
       {"0:audio:microphone", "1:video:camera"}},
      {"no BUNDLE",
       drop_lines(c, "a=group:BUNDLE"),
       {},
       {},
       engine::publish_capabilities(),
       ErrorCode::kBadSdp,
       "not_bundled"},
      {"no ICE credentials",
       drop_lines(drop_lines(c, "a=ice-ufrag"), "a=ice-pwd"),
       {},
       {},
       engine::publish_capabilities(),
       ErrorCode::kBadSdp,
       "missing_ice_credentials"},
      {"no DTLS fingerprint",
       drop_lines(c, "a=fingerprint"),
       {},
       {},
       engine::publish_capabilities(),
       ErrorCode::kBadSdp,
       "missing_fingerprint"},
      {"setup passive",
       replace_all(c, "a=setup:actpass", "a=setup:passive"),
       {},
       {},
       engine::publish_capabilities(),
       ErrorCode::kBadSdp,
       "bad_setup"},
      {"setup active",
       replace_all(c, "a=setup:actpass", "a=setup:active"),
       {},
       {},
       engine::publish_capabilities(),
       {},
       {},
       {"0:audio:microphone", "1:video:camera"}},
      {"no rtcp-mux",
       drop_lines(c, "a=rtcp-mux"),
       {},
       {},
       engine::publish_capabilities(),
       ErrorCode::kBadSdp,
       "no_rtcp_mux"},
      {"unknown codecs only", c, {}, {}, no_codecs(), ErrorCode::kBadSdp, "no_supported_codec"},
      {"one section with an unknown codec only",
       replace_all(replace_all(c, "opus/48000/2", "speex/48000/2"), "red/48000/2", "x/48000/2"),
       {},
       {},
       engine::publish_capabilities(),
       {},
       {},
       {"1:video:camera"}},
      {"receive-only offer",
       replace_all(c, "a=sendonly", "a=recvonly"),
       {},
       {},
       engine::publish_capabilities(),
       {},
       {},
       {}},
      {"more tracks than the policy",
       c,
       {},
       {1, true},
       engine::publish_capabilities(),
       ErrorCode::kTooManyTracks,
       "at most 1 tracks per participant"},
      {"exactly the limit",
       audio_offer(static_cast<int>(kMaxPublishedTracks)),
       {},
       {},
       engine::publish_capabilities(),
       {},
       {},
       {"0:audio:microphone", "1:audio:microphone", "2:audio:microphone", "3:audio:microphone",
        "4:audio:microphone", "5:audio:microphone", "6:audio:microphone", "7:audio:microphone"}},
      {"one over the limit",
       audio_offer(static_cast<int>(kMaxPublishedTracks) + 1),
       {},
       {},
       engine::publish_capabilities(),
       ErrorCode::kTooManyTracks,
       "at most 8 tracks per participant"},
  };
}

TEST(PublishNegotiation, Table) {
  const auto local = rtc::test::local_params();
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    auto offer = rtc::SessionDescription::parse(c.offer);
    ASSERT_TRUE(offer.ok()) << rtc::to_string(offer.error().code);
    const auto r = negotiate_publish(offer.value(), c.sources, local, c.caps, c.policy);
    if (c.error) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(to_string(r.error().code), to_string(*c.error));
      EXPECT_EQ(r.error().message, c.message);
      continue;
    }
    ASSERT_TRUE(r.ok()) << to_string(r.error().code) << " " << r.error().message;
    std::vector<std::string> got;
    for (const auto& t : r->tracks) {
      got.push_back(t.mid + ":" + t.kind + ":" + t.source);
      EXPECT_EQ(t.config.mid, t.mid);
      EXPECT_EQ(t.config.kind, t.kind);
      EXPECT_EQ(t.config.source, t.source);
      EXPECT_FALSE(t.config.codecs.empty());
      EXPECT_TRUE(t.config.track_id.empty());  // the session names tracks
    }
    EXPECT_EQ(got, c.tracks);
    EXPECT_EQ(r->answer.media.size(), offer->media.size());
  }
}

TEST(PublishNegotiation, TrackConfigCarriesCodecsSsrcsAndExtensions) {
  auto offer = rtc::SessionDescription::parse(chromium());
  ASSERT_TRUE(offer.ok());
  const auto r = negotiate_publish(offer.value(), {}, rtc::test::local_params(),
                                   engine::publish_capabilities(), {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->tracks.size(), 2u);
  const auto& audio = r->tracks[0].config;
  EXPECT_EQ(audio.codecs.front().name, "opus");
  EXPECT_EQ(audio.ssrcs, std::vector<uint32_t>{2550214443u});
  EXPECT_EQ(audio.mid_extension_id, 4);
  EXPECT_EQ(audio.audio_level_extension_id, 1);
  const auto& video = r->tracks[1].config;
  EXPECT_EQ(video.codecs.front().name, "VP8");
  EXPECT_TRUE(video.codecs.front().rtx_payload_type.has_value());
  ASSERT_EQ(video.ssrcs.size(), 1u);
  EXPECT_TRUE(video.rtx_ssrc.has_value());
  EXPECT_EQ(video.twcc_extension_id, 3);
  EXPECT_TRUE(video.rids.empty());
}

TEST(PublishNegotiation, SimulcastRidsReachTheTrackConfig) {
  auto offer = rtc::SessionDescription::parse(read_sdp_fixture("chromium_simulcast_offer.sdp"));
  ASSERT_TRUE(offer.ok());
  const auto r = negotiate_publish(offer.value(), {}, rtc::test::local_params(),
                                   engine::publish_capabilities(), {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->tracks.size(), 2u);
  EXPECT_EQ(r->tracks[1].config.rids, (std::vector<std::string>{"h", "m", "l"}));
  EXPECT_NE(r->tracks[1].config.rid_extension_id, 0);
  EXPECT_NE(r->answer.sdp.find("a=simulcast:recv h;m;l"), std::string::npos);
}

}  // namespace
}  // namespace meet::signal
