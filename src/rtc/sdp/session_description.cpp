#include "rtc/sdp/session_description.hpp"

#include <algorithm>

#include "rtc/sdp/sdp_text.hpp"

namespace meet::rtc {
namespace {

using sdp_text::is_word;
using sdp_text::parse_uint;
using sdp_text::split_once;
using sdp_text::split_word;
using sdp_text::split_ws;
using sdp_text::trim;

// Per m= section limits; real browser offers stay far below (Firefox simulcast: 6 ssrcs,
// 12 candidates). They keep a hostile 64 KiB description from costing much more than that.
constexpr size_t kMaxSsrcs = 64;
constexpr size_t kMaxSsrcGroups = 32;
constexpr size_t kMaxSsrcsPerGroup = 16;
constexpr size_t kMaxRids = 16;
constexpr size_t kMaxCandidates = 64;
constexpr size_t kMaxRtcpFbPerCodec = 16;
constexpr size_t kMaxRtcpFbLength = 64;
constexpr size_t kMaxOtherAttributes = 128;

using Status = std::optional<SdpErrorCode>;  // nullopt: line accepted

// Static payload types (RFC 3551 section 6) browsers may list without a=rtpmap.
void apply_static_payload_type(SdpCodec& c) {
  switch (c.payload_type) {
    case 0:
      c.name = "PCMU";
      c.clock_rate = 8000;
      break;
    case 8:
      c.name = "PCMA";
      c.clock_rate = 8000;
      break;
    case 9:
      c.name = "G722";
      c.clock_rate = 8000;
      break;
    case 13:
      c.name = "CN";
      c.clock_rate = 8000;
      break;
    default:
      break;
  }
}

class SdpParser {
 public:
  Result<SessionDescription, SdpError> run(std::string_view text);

 private:
  Status on_line(char type, std::string_view value);
  Status on_origin(std::string_view value);
  Status on_media_line(std::string_view value);
  Status on_session_attribute(std::string_view name, std::string_view value, std::string_view raw);
  Status on_media_attribute(SdpMedia& m, std::string_view name, std::string_view value,
                            std::string_view raw);
  Status on_transport_attribute(std::string_view name, std::string_view value, std::string& ufrag,
                                std::string& pwd, SdpFingerprint& fp, std::string& setup,
                                bool& handled);
  Status on_rtpmap(SdpMedia& m, std::string_view value);
  Status on_fmtp(SdpMedia& m, std::string_view value);
  Status on_rtcp_fb(SdpMedia& m, std::string_view value);
  Status on_extmap(SdpMedia& m, std::string_view value);
  Status on_ssrc(SdpMedia& m, std::string_view value);
  Status on_ssrc_group(SdpMedia& m, std::string_view value);
  Status on_rid(SdpMedia& m, std::string_view value);
  Status on_mid(SdpMedia& m, std::string_view value);

  SessionDescription sd_;
  bool seen_version_ = false;
  bool seen_origin_ = false;
  bool seen_session_name_ = false;
  bool in_media_ = false;
  bool media_has_mid_ = false;
};

Result<SessionDescription, SdpError> SdpParser::run(std::string_view text) {
  if (text.size() > kMaxSdpSize) return make_error(SdpError{SdpErrorCode::kTooLarge, 0});
  uint32_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t end = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > kMaxSdpLineLength) {
      return make_error(SdpError{SdpErrorCode::kLineTooLong, line_no});
    }
    if (line.empty()) continue;  // tolerated: signaling layers add stray blank lines
    for (char c : line) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7f) {
        return make_error(SdpError{SdpErrorCode::kBadCharacter, line_no});
      }
    }
    if (!seen_version_) {
      if (line[0] != 'v' || line.size() < 2 || line[1] != '=') {
        return make_error(SdpError{SdpErrorCode::kMissingVersion, line_no});
      }
      if (line.substr(2) != "0") return make_error(SdpError{SdpErrorCode::kBadVersion, line_no});
      seen_version_ = true;
      continue;
    }
    if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') {
      return make_error(SdpError{SdpErrorCode::kBadLine, line_no});
    }
    if (Status s = on_line(line[0], line.substr(2))) return make_error(SdpError{*s, line_no});
  }
  if (!seen_version_) return make_error(SdpError{SdpErrorCode::kMissingVersion, 0});
  if (!seen_origin_) return make_error(SdpError{SdpErrorCode::kMissingOrigin, 0});
  if (!seen_session_name_) return make_error(SdpError{SdpErrorCode::kMissingSessionName, 0});
  return std::move(sd_);
}

Status SdpParser::on_line(char type, std::string_view value) {
  switch (type) {
    case 'o':
      if (in_media_) return SdpErrorCode::kBadLine;
      return on_origin(value);
    case 's':
      if (in_media_) return SdpErrorCode::kBadLine;
      seen_session_name_ = true;
      // RFC 8866 section 5.3: "s= " or "s=-" when there is no name; keep one spelling.
      sd_.session_name = trim(value).empty() ? "-" : std::string(value);
      return std::nullopt;
    case 't':
      if (in_media_) return SdpErrorCode::kBadLine;
      sd_.timing = trim(value).empty() ? "0 0" : std::string(trim(value));
      return std::nullopt;
    case 'c':
      (in_media_ ? sd_.media.back().connection : sd_.connection) = std::string(trim(value));
      return std::nullopt;
    case 'b':
      if (in_media_) {
        if (!is_word(trim(value))) return SdpErrorCode::kBadLine;
        if (sd_.media.back().bandwidths.size() == kMaxOtherAttributes) {
          return SdpErrorCode::kTooManyEntries;
        }
        sd_.media.back().bandwidths.emplace_back(trim(value));
      }
      return std::nullopt;  // session-level bandwidth does not concern an SFU
    case 'm':
      return on_media_line(value);
    case 'a': {
      const auto [name, rest] = split_once(value, ':');
      if (!is_word(name)) return SdpErrorCode::kBadAttribute;
      const std::string_view v = trim(rest);
      return in_media_ ? on_media_attribute(sd_.media.back(), name, v, value)
                       : on_session_attribute(name, v, value);
    }
    case 'i':
    case 'u':
    case 'e':
    case 'p':
    case 'k':
    case 'r':
    case 'z':
      return std::nullopt;  // informational or obsolete: ignored
    default:
      // RFC 8866 section 5: a type letter we do not understand makes the description unusable.
      return SdpErrorCode::kUnknownLineType;
  }
}

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
Status SdpParser::on_origin(std::string_view value) {
  const std::vector<std::string_view> f = split_ws(value);
  if (f.size() != 6) return SdpErrorCode::kBadOrigin;
  const auto version = parse_uint<uint64_t>(f[2]);
  const bool id_is_digits =
      std::all_of(f[1].begin(), f[1].end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!id_is_digits || !version) return SdpErrorCode::kBadOrigin;
  sd_.origin = SdpOrigin{std::string(f[0]), std::string(f[1]), *version,
                         std::string(f[3]), std::string(f[4]), std::string(f[5])};
  seen_origin_ = true;
  return std::nullopt;
}

// m=<media> <port> <proto> <fmt> ...
Status SdpParser::on_media_line(std::string_view value) {
  if (!seen_origin_) return SdpErrorCode::kMissingOrigin;
  if (!seen_session_name_) return SdpErrorCode::kMissingSessionName;
  if (sd_.media.size() == kMaxSdpMedia) return SdpErrorCode::kTooManyMedia;
  const std::vector<std::string_view> f = split_ws(value);
  if (f.size() < 4) return SdpErrorCode::kBadMediaLine;
  const auto port = parse_uint<uint16_t>(f[1]);
  if (!port) return SdpErrorCode::kBadPort;

  SdpMedia m;
  m.kind = std::string(f[0]);
  m.port = *port;
  m.protocol = std::string(f[2]);
  m.direction = sd_.direction.value_or(SdpDirection::kSendRecv);
  if (m.is_rtp()) {
    for (size_t i = 3; i < f.size(); ++i) {
      const auto pt = parse_uint<uint8_t>(f[i]);
      if (!pt || *pt > 127) return SdpErrorCode::kBadPayloadType;
      if (m.find_codec(*pt) != nullptr) return SdpErrorCode::kDuplicatePayloadType;
      SdpCodec c;
      c.payload_type = *pt;
      apply_static_payload_type(c);
      m.codecs.push_back(std::move(c));
    }
  } else {
    for (size_t i = 3; i < f.size(); ++i) m.formats.emplace_back(f[i]);
  }
  sd_.media.push_back(std::move(m));
  in_media_ = true;
  media_has_mid_ = false;
  return std::nullopt;
}

// ice-ufrag, ice-pwd (RFC 8839 section 5.4), fingerprint (RFC 8122 section 5) and setup
// (RFC 4145 section 4) may sit at session or media level.
Status SdpParser::on_transport_attribute(std::string_view name, std::string_view value,
                                         std::string& ufrag, std::string& pwd, SdpFingerprint& fp,
                                         std::string& setup, bool& handled) {
  handled = true;
  if (name == "ice-ufrag" || name == "ice-pwd") {
    if (!is_word(value)) return SdpErrorCode::kBadAttribute;
    (name == "ice-ufrag" ? ufrag : pwd) = std::string(value);
    return std::nullopt;
  }
  if (name == "fingerprint") {
    const std::vector<std::string_view> f = split_ws(value);
    if (f.size() != 2) return SdpErrorCode::kBadAttribute;
    // Several fingerprints may be offered; keep the first, or the first sha-256 one.
    if (fp.empty() ||
        (!sdp_text::iequals(fp.algorithm, "sha-256") && sdp_text::iequals(f[0], "sha-256"))) {
      fp = SdpFingerprint{std::string(f[0]), std::string(f[1])};
    }
    return std::nullopt;
  }
  if (name == "setup") {
    if (value != "active" && value != "passive" && value != "actpass" && value != "holdconn") {
      return SdpErrorCode::kBadAttribute;
    }
    setup = std::string(value);
    return std::nullopt;
  }
  handled = false;
  return std::nullopt;
}

Status SdpParser::on_session_attribute(std::string_view name, std::string_view value,
                                       std::string_view raw) {
  bool handled = false;
  Status s = on_transport_attribute(name, value, sd_.ice_ufrag, sd_.ice_pwd, sd_.fingerprint,
                                    sd_.setup, handled);
  if (handled) return s;
  if (auto dir = parse_sdp_direction(name); dir && value.empty()) {
    sd_.direction = dir;
    return std::nullopt;
  }
  if (name == "group") {
    const auto [semantics, mids] = split_word(value);
    // RFC 8843: we use the first non-empty BUNDLE group; any other group is kept verbatim.
    if (semantics == "BUNDLE" && sd_.bundle_mids.empty() && !mids.empty()) {
      for (std::string_view mid : split_ws(mids)) sd_.bundle_mids.emplace_back(mid);
      return std::nullopt;
    }
  } else if (name == "ice-lite" && value.empty()) {
    sd_.ice_lite = true;
    return std::nullopt;
  } else if (name == "extmap-allow-mixed" && value.empty()) {
    sd_.extmap_allow_mixed = true;
    return std::nullopt;
  } else if (name == "msid-semantic") {
    sd_.msid_semantic = std::string(value);
    return std::nullopt;
  }
  if (sd_.attributes.size() == kMaxOtherAttributes) return SdpErrorCode::kTooManyEntries;
  sd_.attributes.emplace_back(raw);
  return std::nullopt;
}

Status SdpParser::on_media_attribute(SdpMedia& m, std::string_view name, std::string_view value,
                                     std::string_view raw) {
  bool handled = false;
  Status s =
      on_transport_attribute(name, value, m.ice_ufrag, m.ice_pwd, m.fingerprint, m.setup, handled);
  if (handled) return s;
  if (auto dir = parse_sdp_direction(name); dir && value.empty()) {
    m.direction = *dir;
    return std::nullopt;
  }
  if (name == "mid") return on_mid(m, value);
  if (name == "rtpmap") return on_rtpmap(m, value);
  if (name == "fmtp") return on_fmtp(m, value);
  if (name == "rtcp-fb") return on_rtcp_fb(m, value);
  if (name == "extmap") return on_extmap(m, value);
  if (name == "ssrc") return on_ssrc(m, value);
  if (name == "ssrc-group") return on_ssrc_group(m, value);
  if (name == "rid") return on_rid(m, value);
  if (name == "msid") {
    // a=msid:<stream id> [<track id>] (RFC 8830 section 2); the first one names the track.
    const std::vector<std::string_view> f = split_ws(value);
    if (f.empty() || f.size() > 2) return SdpErrorCode::kBadAttribute;
    if (m.msid_stream.empty()) {
      m.msid_stream = std::string(f[0]);
      m.msid_track = f.size() == 2 ? std::string(f[1]) : std::string();
    }
    return std::nullopt;
  }
  if (name == "simulcast") {
    if (!SdpSimulcast::parse(value)) return SdpErrorCode::kBadAttribute;
    m.simulcast = std::string(value);
    return std::nullopt;
  }
  if (name == "candidate") {
    if (value.empty()) return SdpErrorCode::kBadAttribute;
    if (m.candidates.size() == kMaxCandidates) return SdpErrorCode::kTooManyEntries;
    m.candidates.emplace_back(trim(raw));
    return std::nullopt;
  }
  if (value.empty()) {
    bool* flag = nullptr;
    if (name == "rtcp-mux") flag = &m.rtcp_mux;
    if (name == "rtcp-rsize") flag = &m.rtcp_rsize;
    if (name == "bundle-only") flag = &m.bundle_only;
    if (name == "end-of-candidates") flag = &m.end_of_candidates;
    if (name == "extmap-allow-mixed") flag = &m.extmap_allow_mixed;
    if (flag != nullptr) {
      *flag = true;
      return std::nullopt;
    }
  }
  if (m.attributes.size() == kMaxOtherAttributes) return SdpErrorCode::kTooManyEntries;
  m.attributes.emplace_back(raw);
  return std::nullopt;
}

Status SdpParser::on_mid(SdpMedia& m, std::string_view value) {
  if (!is_word(value) || media_has_mid_) return SdpErrorCode::kBadAttribute;
  for (const SdpMedia& other : sd_.media) {
    if (&other != &m && other.mid == value) return SdpErrorCode::kDuplicateMid;
  }
  m.mid = std::string(value);
  media_has_mid_ = true;
  return std::nullopt;
}

// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
Status SdpParser::on_rtpmap(SdpMedia& m, std::string_view value) {
  const auto [pt_text, encoding] = split_word(value);
  const auto pt = parse_uint<uint8_t>(pt_text);
  if (!pt || *pt > 127) return SdpErrorCode::kBadPayloadType;
  const std::vector<std::string_view> f = sdp_text::split(encoding, '/');
  if (f.size() < 2 || f.size() > 3 || !is_word(f[0])) return SdpErrorCode::kBadAttribute;
  const auto clock = parse_uint<uint32_t>(f[1]);
  std::optional<uint8_t> channels = uint8_t{0};
  if (f.size() == 3) channels = parse_uint<uint8_t>(f[2]);
  if (!clock || !channels || (f.size() == 3 && *channels == 0)) return SdpErrorCode::kBadAttribute;
  for (SdpCodec& c : m.codecs) {
    if (c.payload_type == *pt) {
      c.name = std::string(f[0]);
      c.clock_rate = *clock;
      c.channels = *channels;
    }
  }
  return std::nullopt;  // a payload type missing from the m= line is ignored
}

// a=fmtp:<payload type> <format specific parameters>
Status SdpParser::on_fmtp(SdpMedia& m, std::string_view value) {
  const auto [pt_text, params] = split_word(value);
  const auto pt = parse_uint<uint8_t>(pt_text);
  if (!pt || *pt > 127) return SdpErrorCode::kBadPayloadType;
  for (SdpCodec& c : m.codecs) {
    if (c.payload_type == *pt) c.fmtp = std::string(params);
  }
  return std::nullopt;
}

// a=rtcp-fb:<payload type | *> <feedback type> [<parameters>] (RFC 4585 section 4.2)
Status SdpParser::on_rtcp_fb(SdpMedia& m, std::string_view value) {
  const auto [pt_text, fb] = split_word(value);
  if (fb.empty() || fb.size() > kMaxRtcpFbLength) return SdpErrorCode::kBadAttribute;
  std::optional<uint8_t> pt;
  if (pt_text != "*") {
    pt = parse_uint<uint8_t>(pt_text);
    if (!pt || *pt > 127) return SdpErrorCode::kBadPayloadType;
  }
  for (SdpCodec& c : m.codecs) {
    if (pt && c.payload_type != *pt) continue;
    if (c.has_rtcp_fb(fb)) continue;
    if (c.rtcp_fb.size() == kMaxRtcpFbPerCodec) return SdpErrorCode::kTooManyEntries;
    c.rtcp_fb.emplace_back(fb);
  }
  return std::nullopt;
}

// a=extmap:<id>[/<direction>] <URI> [<extension attributes>] (RFC 8285 section 8)
Status SdpParser::on_extmap(SdpMedia& m, std::string_view value) {
  const auto [id_part, rest] = split_word(value);
  const auto [uri, attributes] = split_word(rest);
  const auto [id_text, dir_text] = split_once(id_part, '/');
  const auto id = parse_uint<uint16_t>(id_text);
  if (!id || *id == 0 || *id > 255 || uri.empty()) return SdpErrorCode::kBadAttribute;
  SdpExtmap e;
  e.id = static_cast<uint8_t>(*id);
  if (id_part.find('/') != std::string_view::npos) {
    e.direction = parse_sdp_direction(dir_text);
    if (!e.direction) return SdpErrorCode::kBadAttribute;
  }
  for (const SdpExtmap& other : m.extmaps) {
    if (other.id == e.id) return SdpErrorCode::kBadAttribute;  // ids are unique per m=
  }
  e.uri = std::string(uri);
  e.attributes = std::string(attributes);
  m.extmaps.push_back(std::move(e));
  return std::nullopt;
}

// a=ssrc:<ssrc-id> <attribute>[:<value>] (RFC 5576 section 4.1)
Status SdpParser::on_ssrc(SdpMedia& m, std::string_view value) {
  const auto [ssrc_text, rest] = split_word(value);
  const auto ssrc = parse_uint<uint32_t>(ssrc_text);
  if (!ssrc || rest.empty()) return SdpErrorCode::kBadAttribute;
  auto it = std::find_if(m.ssrcs.begin(), m.ssrcs.end(),
                         [&](const SdpSsrc& s) { return s.ssrc == *ssrc; });
  if (it == m.ssrcs.end()) {
    if (m.ssrcs.size() == kMaxSsrcs) return SdpErrorCode::kTooManyEntries;
    m.ssrcs.push_back(SdpSsrc{*ssrc, {}, {}});
    it = m.ssrcs.end() - 1;
  }
  const auto [attr, attr_value] = split_once(rest, ':');
  if (attr == "cname") it->cname = std::string(trim(attr_value));
  if (attr == "msid") it->msid = std::string(trim(attr_value));
  return std::nullopt;
}

// a=ssrc-group:<semantics> <ssrc-id> ... (RFC 5576 section 4.2)
Status SdpParser::on_ssrc_group(SdpMedia& m, std::string_view value) {
  const std::vector<std::string_view> f = split_ws(value);
  if (f.size() < 2 || f.size() > kMaxSsrcsPerGroup + 1) return SdpErrorCode::kBadAttribute;
  if (m.ssrc_groups.size() == kMaxSsrcGroups) return SdpErrorCode::kTooManyEntries;
  SdpSsrcGroup g;
  g.semantics = std::string(f[0]);
  for (size_t i = 1; i < f.size(); ++i) {
    const auto ssrc = parse_uint<uint32_t>(f[i]);
    if (!ssrc) return SdpErrorCode::kBadAttribute;
    g.ssrcs.push_back(*ssrc);
  }
  m.ssrc_groups.push_back(std::move(g));
  return std::nullopt;
}

// a=rid:<rid-id> <send | recv> [<restrictions>] (RFC 8851 section 10)
Status SdpParser::on_rid(SdpMedia& m, std::string_view value) {
  const auto [id, rest] = split_word(value);
  const auto [dir, params] = split_word(rest);
  if (!is_valid_rid_id(id) || (dir != "send" && dir != "recv")) return SdpErrorCode::kBadAttribute;
  for (const SdpRid& other : m.rids) {
    if (other.id == id) return SdpErrorCode::kBadAttribute;
  }
  if (m.rids.size() == kMaxRids) return SdpErrorCode::kTooManyEntries;
  m.rids.push_back(SdpRid{std::string(id),
                          dir == "send" ? SdpRidDirection::kSend : SdpRidDirection::kRecv,
                          std::string(params)});
  return std::nullopt;
}

}  // namespace

Result<SessionDescription, SdpError> SessionDescription::parse(std::string_view text) {
  SdpParser parser;
  return parser.run(text);
}

const std::string& SessionDescription::ice_ufrag_of(const SdpMedia& m) const {
  return m.ice_ufrag.empty() ? ice_ufrag : m.ice_ufrag;
}

const std::string& SessionDescription::ice_pwd_of(const SdpMedia& m) const {
  return m.ice_pwd.empty() ? ice_pwd : m.ice_pwd;
}

const SdpFingerprint& SessionDescription::fingerprint_of(const SdpMedia& m) const {
  return m.fingerprint.empty() ? fingerprint : m.fingerprint;
}

const std::string& SessionDescription::setup_of(const SdpMedia& m) const {
  return m.setup.empty() ? setup : m.setup;
}

const SdpMedia* SessionDescription::find_media(std::string_view mid) const {
  if (mid.empty()) return nullptr;
  for (const SdpMedia& m : media) {
    if (m.mid == mid) return &m;
  }
  return nullptr;
}

bool SessionDescription::is_bundled(std::string_view mid) const {
  return !mid.empty() &&
         std::find(bundle_mids.begin(), bundle_mids.end(), mid) != bundle_mids.end();
}

}  // namespace meet::rtc
