// libFuzzer target for the SDP parser, writer and negotiator. Invariants checked on every input
// that parses:
//  - to_string() parses back to an equal description (unless the rewrite outgrew kMaxSdpSize);
//  - answer_publish_offer either fails cleanly or yields an answer whose text parses back to the
//    answer structure;
//  - a subscriber offer built from the tracks that answer accepted parses back too;
//  - read_subscriber_answer fails cleanly or succeeds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rtc/sdp/sdp_negotiator.hpp"

namespace {

using namespace meet::rtc;

const LocalTransportParams& local() {
  static const LocalTransportParams p{
      "sfu1",
      "0123456789abcdefghijkl",
      "DA:A2:98:98:F0:F0:7A:5C:85:A3:7E:9F:AC:B2:04:08:27:F9:46:3E:26:F2:1F:05:A3:28:98:B6:BE:52:"
      "B2:04",
      {"candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host"}};
  return p;
}

void check(bool ok) {
  if (!ok) std::abort();
}

void check_subscriber_offer(const PublishAnswer& answer) {
  std::vector<OfferedTrack> tracks;
  uint32_t ssrc = 1000;
  for (const PublishedMedia& m : answer.media) {
    if (m.state != PublishedMediaState::kReceiving) continue;
    OfferedTrack t;
    t.mid = m.mid;
    t.kind = m.kind;
    t.stream_id = m.msid_stream;
    t.track_id = m.msid_track;
    t.codec = m.codecs.front().codec;
    t.rtx_pt = m.codecs.front().rtx_payload_type;
    t.ssrc = ++ssrc;
    if (t.rtx_pt) t.rtx_ssrc = ++ssrc;
    t.cname = m.cname;
    tracks.push_back(std::move(t));
  }
  if (tracks.empty()) return;
  const SessionDescription offer = make_subscriber_offer(tracks, local(), 2);
  const auto reparsed = SessionDescription::parse(offer.to_string());
  check(reparsed.ok() && reparsed.value() == offer);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = SessionDescription::parse(text);
  if (!parsed) return 0;
  const SessionDescription& sd = parsed.value();

  const std::string written = sd.to_string();
  const auto again = SessionDescription::parse(written);
  if (again.ok()) {
    check(again.value() == sd);
  } else {
    check(again.error().code == SdpErrorCode::kTooLarge);
  }

  const auto answer = answer_publish_offer(sd, local(), ServerCapabilities{});
  if (answer.ok()) {
    const auto answer_parsed = SessionDescription::parse(answer.value().sdp);
    check(answer_parsed.ok() && answer_parsed.value() == answer.value().answer);
    check_subscriber_offer(answer.value());
  }

  (void)read_subscriber_answer(sd);
  return 0;
}
