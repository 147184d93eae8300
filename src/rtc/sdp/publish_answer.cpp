#include "rtc/sdp/publish_answer.hpp"

#include <algorithm>

#include "common/assert.hpp"
#include "rtc/sdp/sdp_text.hpp"

namespace meet::rtc {
namespace {

bool is_secure_rtp(const SdpMedia& m) {
  // JSEP section 5.1.2: UDP/TLS/RTP/SAVPF or TCP/DTLS/RTP/SAVPF.
  return m.protocol.size() >= 9 && m.protocol.compare(m.protocol.size() - 9, 9, "RTP/SAVPF") == 0;
}

SdpMedia rejected_media(const SdpMedia& offered) {
  SdpMedia a;
  a.kind = offered.kind;
  a.port = 0;
  a.protocol = offered.protocol;
  a.mid = offered.mid;
  a.direction = SdpDirection::kInactive;
  a.formats = offered.formats;
  if (!offered.codecs.empty()) {
    SdpCodec c = offered.codecs.front();
    c.fmtp.clear();
    c.rtcp_fb.clear();
    a.codecs.push_back(std::move(c));
  }
  return a;
}

// Supported primary codecs in the offerer's order, with the preferred H.264 profile moved
// ahead of the other H.264 entries.
std::vector<SdpCodec> select_codecs(const SdpMedia& offered, const ServerCapabilities& caps) {
  std::vector<SdpCodec> out;
  for (const SdpCodec& c : offered.codecs) {
    if (!caps.supports_codec(offered.kind, c)) continue;
    SdpCodec kept = c;
    std::erase_if(kept.rtcp_fb, [&](const std::string& fb) { return !caps.supports_feedback(fb); });
    out.push_back(std::move(kept));
  }
  std::vector<size_t> h264_slots;
  std::vector<SdpCodec> h264;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].is("H264")) {
      h264_slots.push_back(i);
      h264.push_back(out[i]);
    }
  }
  std::stable_partition(h264.begin(), h264.end(), [&](const SdpCodec& c) {
    const auto profile = c.fmtp_parameter("profile-level-id");
    return profile && sdp_text::iequals(*profile, caps.preferred_h264_profile_level_id);
  });
  for (size_t i = 0; i < h264_slots.size(); ++i) out[h264_slots[i]] = std::move(h264[i]);
  return out;
}

// RFC 8285 section 6: the answer uses the offer's ids; a direction the offerer sends is one
// we receive. Extensions only the offerer receives are dropped: the SFU sends nothing here.
std::vector<SdpExtmap> select_extmaps(const SdpMedia& offered, const ServerCapabilities& caps) {
  std::vector<SdpExtmap> out;
  for (const SdpExtmap& e : offered.extmaps) {
    if (!caps.supports_extension(e.uri)) continue;
    SdpExtmap kept{e.id, e.uri, std::nullopt, {}};
    if (e.direction == SdpDirection::kSendOnly) {
      kept.direction = SdpDirection::kRecvOnly;
    } else if (e.direction && *e.direction != SdpDirection::kSendRecv) {
      continue;
    }
    out.push_back(std::move(kept));
  }
  return out;
}

// RFC 8853 section 5.3: the answer reverses the offer's send streams, keeping the rids that
// have an a=rid:<id> send line.
void answer_simulcast(const SdpMedia& offered, SdpMedia& answer, PublishedMedia& summary) {
  const auto sc = offered.simulcast_description();
  if (!sc || sc->send.empty()) return;
  auto is_send_rid = [&](const std::string& id) {
    return std::any_of(offered.rids.begin(), offered.rids.end(), [&](const SdpRid& r) {
      return r.id == id && r.direction == SdpRidDirection::kSend;
    });
  };
  SdpSimulcast reply;
  for (const SdpSimulcastStream& stream : sc->send) {
    SdpSimulcastStream kept;
    for (const SdpSimulcastRid& alt : stream) {
      const bool seen = std::any_of(answer.rids.begin(), answer.rids.end(),
                                    [&](const SdpRid& r) { return r.id == alt.rid; });
      if (!is_send_rid(alt.rid) || seen) continue;
      kept.push_back(alt);
      answer.rids.push_back(SdpRid{alt.rid, SdpRidDirection::kRecv, {}});
      summary.rids.push_back(alt.rid);
    }
    if (!kept.empty()) reply.recv.push_back(std::move(kept));
  }
  if (!reply.recv.empty()) answer.simulcast = reply.to_string();
}

void summarize_sources(const SdpMedia& offered, PublishedMedia& summary) {
  summary.msid_stream = offered.msid_stream;
  summary.msid_track = offered.msid_track;
  if (summary.msid_stream.empty()) {
    // a=ssrc:<ssrc> msid:<stream> [<track>] (RFC 8830 section 2), taken only when well formed.
    for (const SdpSsrc& s : offered.ssrcs) {
      const std::vector<std::string_view> ids = sdp_text::split_ws(s.msid);
      if (ids.empty() || ids.size() > 2) continue;
      summary.msid_stream = std::string(ids[0]);
      summary.msid_track = ids.size() == 2 ? std::string(ids[1]) : std::string();
      break;
    }
  }
  if (!offered.ssrcs.empty()) summary.cname = offered.ssrcs.front().cname;
  // RFC 5576 section 4.2 / RFC 4588 section 8.1: FID <primary> <rtx>.
  auto fid_of = [&](uint32_t ssrc) -> const SdpSsrcGroup* {
    for (const SdpSsrcGroup& g : offered.ssrc_groups) {
      if (g.semantics == "FID" && g.ssrcs.size() == 2 && g.ssrcs[0] == ssrc) return &g;
    }
    return nullptr;
  };
  auto is_rtx = [&](uint32_t ssrc) {
    return std::any_of(offered.ssrc_groups.begin(), offered.ssrc_groups.end(),
                       [&](const SdpSsrcGroup& g) {
                         return g.semantics == "FID" && g.ssrcs.size() == 2 && g.ssrcs[1] == ssrc;
                       });
  };
  for (const SdpSsrc& s : offered.ssrcs) {
    if (is_rtx(s.ssrc)) continue;
    PublishedSsrc p{s.ssrc, std::nullopt};
    if (const SdpSsrcGroup* g = fid_of(s.ssrc)) p.rtx_ssrc = g->ssrcs[1];
    summary.ssrcs.push_back(p);
  }
}

// `primaries` empty: no codec in common, but the section carries the BUNDLE transport and
// must stay (RFC 8843 section 7.3.3; Chromium fails "Failed to setup RTCP mux" on the other
// sections otherwise). It is kept inactive with the first offered codec, which never flows.
void accept_media(const SdpMedia& offered, std::vector<SdpCodec> primaries,
                  const LocalTransportParams& local, const ServerCapabilities& caps, SdpMedia& a,
                  PublishedMedia& summary) {
  const bool transport_only = primaries.empty();
  a.kind = offered.kind;
  a.port = 9;  // JSEP section 5.3.1: port 9 and 0.0.0.0 until candidates say otherwise
  a.protocol = offered.protocol;
  a.connection = "IN IP4 0.0.0.0";
  a.mid = offered.mid;
  const bool receiving = sends(offered.direction) && !transport_only;
  a.direction = receiving ? SdpDirection::kRecvOnly : SdpDirection::kInactive;
  a.ice_ufrag = local.ice_ufrag;
  a.ice_pwd = local.ice_pwd;
  a.fingerprint = SdpFingerprint{"sha-256", local.fingerprint_sha256};
  a.setup = "passive";  // we are always the DTLS server (RFC 5763 section 5)
  a.rtcp_mux = true;
  a.rtcp_rsize = offered.rtcp_rsize;
  a.extmaps = select_extmaps(offered, caps);
  if (transport_only) {
    SdpCodec placeholder = offered.codecs.front();
    placeholder.rtcp_fb.clear();
    a.codecs.push_back(std::move(placeholder));
  }
  for (SdpCodec& primary : primaries) {
    PublishedCodec pc{primary, std::nullopt};
    a.codecs.push_back(std::move(primary));
    if (!caps.rtx) {
      summary.codecs.push_back(std::move(pc));
      continue;
    }
    if (auto rtx_pt = offered.rtx_payload_type(pc.codec.payload_type)) {
      SdpCodec rtx = *offered.find_codec(*rtx_pt);
      rtx.rtcp_fb.clear();
      a.codecs.push_back(std::move(rtx));
      pc.rtx_payload_type = rtx_pt;
    }
    summary.codecs.push_back(std::move(pc));
  }
  summary.state = receiving ? PublishedMediaState::kReceiving : PublishedMediaState::kInactive;
  summary.extmap_ids = HeaderExtensionIds::from(a.extmaps);
  if (receiving) {
    if (caps.simulcast) answer_simulcast(offered, a, summary);
    summarize_sources(offered, summary);
  }
}

}  // namespace

Result<PublishAnswer, SdpError> answer_publish_offer(const SessionDescription& offer,
                                                     const LocalTransportParams& local,
                                                     const ServerCapabilities& caps) {
  check_local_transport_params(local);
  const SdpMedia* tagged = bundle_tagged_media(offer);
  if (tagged == nullptr) return make_error(SdpError{SdpErrorCode::kNotBundled, 0});
  auto remote = RemoteTransport::read(offer, *tagged);
  if (!remote) return make_error(remote.error());
  // RFC 5763 section 5: the offerer must leave us the passive role.
  if (remote->setup != "actpass" && remote->setup != "active" && !remote->setup.empty()) {
    return make_error(SdpError{SdpErrorCode::kBadSetup, 0});
  }

  PublishAnswer out;
  out.remote = std::move(remote).value();
  SessionDescription& answer = out.answer;
  answer.origin.username = "-";
  answer.origin.session_id = offer.origin.session_id;
  answer.origin.session_version = offer.origin.session_version;
  answer.ice_lite = true;
  answer.extmap_allow_mixed = offer.extmap_allow_mixed ||
                              std::any_of(offer.media.begin(), offer.media.end(),
                                          [](const SdpMedia& m) { return m.extmap_allow_mixed; });
  answer.msid_semantic = "WMS *";

  for (const SdpMedia& offered : offer.media) {
    PublishedMedia summary;
    summary.mid = offered.mid;
    summary.kind = offered.kind;
    if (offered.is_rejected()) {
      answer.media.push_back(rejected_media(offered));
      out.media.push_back(std::move(summary));
      continue;
    }
    if (offered.mid.empty()) return make_error(SdpError{SdpErrorCode::kMissingMid, 0});
    const bool av = offered.kind == "audio" || offered.kind == "video";
    const bool bundled = offer.is_bundled(offered.mid);
    if (av && bundled && offered.is_rtp() && !offered.rtcp_mux) {
      return make_error(SdpError{SdpErrorCode::kNoRtcpMux, 0});
    }
    std::vector<SdpCodec> primaries;
    if (av && bundled && is_secure_rtp(offered)) primaries = select_codecs(offered, caps);
    if (primaries.empty() && &offered == tagged) {
      if (!av || !is_secure_rtp(offered) || offered.codecs.empty()) {
        return make_error(SdpError{SdpErrorCode::kBundleTagUnusable, 0});
      }
    } else if (primaries.empty()) {
      answer.media.push_back(rejected_media(offered));
      out.media.push_back(std::move(summary));
      continue;
    }
    SdpMedia a;
    accept_media(offered, std::move(primaries), local, caps, a, summary);
    answer.media.push_back(std::move(a));
    out.media.push_back(std::move(summary));
  }

  // The answer's BUNDLE group keeps the offer's order; its first mid carries the transport.
  for (const std::string& mid : offer.bundle_mids) {
    for (size_t i = 0; i < answer.media.size(); ++i) {
      if (answer.media[i].mid == mid && answer.media[i].port != 0 &&
          !answer.is_bundled(answer.media[i].mid)) {
        answer.bundle_mids.push_back(mid);
      }
    }
  }
  MEET_ASSERT(!answer.bundle_mids.empty(), "the offerer-tagged section is always kept");
  for (SdpMedia& m : answer.media) {
    if (m.mid == answer.bundle_mids.front()) {
      m.candidates = local.candidates;
      m.end_of_candidates = true;  // ICE-lite: these are all our candidates
    }
  }
  out.sdp = answer.to_string();
  return out;
}

}  // namespace meet::rtc
