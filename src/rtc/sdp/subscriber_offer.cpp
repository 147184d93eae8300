#include "rtc/sdp/subscriber_offer.hpp"

#include <algorithm>

#include "common/assert.hpp"
#include "rtc/sdp/sdp_text.hpp"

namespace meet::rtc {
namespace {

// FNV-1a of the ufrag, kept to 62 bits like the random ids JSEP suggests (section 5.2.1).
std::string session_id_for(const std::string& ufrag) {
  uint64_t h = 14695981039346656037ull;
  for (char c : ufrag) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return std::to_string(h & ((uint64_t{1} << 62) - 1));
}

SdpMedia media_for(const OfferedTrack& t, const LocalTransportParams& local) {
  SdpMedia m;
  m.kind = t.kind;
  m.protocol = "UDP/TLS/RTP/SAVPF";
  m.mid = t.mid;
  SdpCodec codec = t.codec;
  if (t.removed) {
    m.port = 0;
    m.direction = SdpDirection::kInactive;
    codec.fmtp.clear();
    codec.rtcp_fb.clear();
    m.codecs.push_back(std::move(codec));
    return m;
  }
  m.port = 9;
  m.connection = "IN IP4 0.0.0.0";
  m.direction = t.active ? SdpDirection::kSendOnly : SdpDirection::kInactive;
  m.ice_ufrag = local.ice_ufrag;
  m.ice_pwd = local.ice_pwd;
  m.fingerprint = SdpFingerprint{"sha-256", local.fingerprint_sha256};
  m.setup = "actpass";
  m.rtcp_mux = true;
  m.rtcp_rsize = true;
  m.extmaps = t.extmaps;
  m.codecs.push_back(std::move(codec));
  if (t.rtx_pt) {
    SdpCodec rtx;
    rtx.payload_type = *t.rtx_pt;
    rtx.name = "rtx";
    rtx.clock_rate = t.codec.clock_rate;
    rtx.fmtp = "apt=" + std::to_string(t.codec.payload_type);
    m.codecs.push_back(std::move(rtx));
  }
  if (!t.active) return m;

  m.msid_stream = t.stream_id.empty() ? "-" : t.stream_id;
  m.msid_track = t.track_id;
  const std::string cname = !t.cname.empty()       ? t.cname
                            : !t.stream_id.empty() ? t.stream_id
                                                   : "meet";
  const std::string msid =
      m.msid_track.empty() ? m.msid_stream : m.msid_stream + ' ' + m.msid_track;
  m.ssrcs.push_back(SdpSsrc{t.ssrc, cname, msid});
  if (t.rtx_ssrc) {
    m.ssrc_groups.push_back(SdpSsrcGroup{"FID", {t.ssrc, *t.rtx_ssrc}});
    m.ssrcs.push_back(SdpSsrc{*t.rtx_ssrc, cname, msid});
  }
  return m;
}

}  // namespace

SessionDescription make_subscriber_offer(const std::vector<OfferedTrack>& tracks,
                                         const LocalTransportParams& local,
                                         uint64_t session_version) {
  check_local_transport_params(local);
  MEET_ASSERT(std::any_of(tracks.begin(), tracks.end(), [](const auto& t) { return !t.removed; }),
              "a subscriber offer needs a section that is not removed");
  SessionDescription sd;
  sd.origin.session_id = session_id_for(local.ice_ufrag);
  sd.origin.session_version = session_version;
  sd.ice_lite = true;
  sd.extmap_allow_mixed = true;
  sd.msid_semantic = "WMS *";
  for (const OfferedTrack& t : tracks) {
    MEET_ASSERT(!t.mid.empty(), "offered track without mid");
    MEET_ASSERT(sd.find_media(t.mid) == nullptr, "two offered tracks with the same mid");
    MEET_ASSERT(sdp_text::is_word(t.mid) && sdp_text::is_word(t.kind) &&
                    t.stream_id.find_first_of(" \t") == std::string::npos &&
                    t.track_id.find_first_of(" \t") == std::string::npos,
                "offered track ids must be single words");
    sd.media.push_back(media_for(t, local));
    if (!t.removed) sd.bundle_mids.push_back(t.mid);
  }
  // ICE-lite: every candidate, in the section that carries the BUNDLE transport, then done.
  for (SdpMedia& m : sd.media) {
    if (m.mid == sd.bundle_mids.front()) {
      m.candidates = local.candidates;
      m.end_of_candidates = true;
    }
  }
  return sd;
}

std::string build_subscriber_offer(const std::vector<OfferedTrack>& tracks,
                                   const LocalTransportParams& local, uint64_t session_version) {
  return make_subscriber_offer(tracks, local, session_version).to_string();
}

}  // namespace meet::rtc
