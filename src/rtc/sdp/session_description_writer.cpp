// SessionDescription::to_string: SDP text with CRLF line ends, lines in the order of RFC 8866
// section 5 (v o s c t, then a=; per m=: m c b a). Attribute order within a section follows
// what Chromium writes, which every browser parses.
#include <string>

#include "rtc/sdp/session_description.hpp"

namespace meet::rtc {
namespace {

class SdpWriter {
 public:
  void line(char type, std::string_view value) {
    out_ += type;
    out_ += '=';
    out_ += value;
    out_ += "\r\n";
  }
  void attr(std::string_view name) { line('a', name); }
  template <typename... Parts>
  void attr(std::string_view name, const Parts&... parts) {
    out_ += "a=";
    out_ += name;
    out_ += ':';
    (append(parts), ...);
    out_ += "\r\n";
  }
  std::string take() { return std::move(out_); }

 private:
  void append(std::string_view s) { out_ += s; }
  void append(char c) { out_ += c; }
  void append(uint32_t v) { out_ += std::to_string(v); }
  void append(uint8_t v) { out_ += std::to_string(v); }
  void append(uint64_t v) { out_ += std::to_string(v); }
  std::string out_;
};

void write_transport(SdpWriter& w, const std::string& ufrag, const std::string& pwd,
                     const SdpFingerprint& fp, const std::string& setup) {
  if (!ufrag.empty()) w.attr("ice-ufrag", ufrag);
  if (!pwd.empty()) w.attr("ice-pwd", pwd);
  if (!fp.empty()) w.attr("fingerprint", fp.algorithm, ' ', fp.value);
  if (!setup.empty()) w.attr("setup", setup);
}

void write_codec(SdpWriter& w, const SdpCodec& c) {
  const uint32_t pt = c.payload_type;
  if (!c.name.empty()) {
    if (c.channels != 0) {
      w.attr("rtpmap", pt, ' ', c.name, '/', c.clock_rate, '/', uint32_t{c.channels});
    } else {
      w.attr("rtpmap", pt, ' ', c.name, '/', c.clock_rate);
    }
  }
  for (const std::string& fb : c.rtcp_fb) w.attr("rtcp-fb", pt, ' ', fb);
  if (!c.fmtp.empty()) w.attr("fmtp", pt, ' ', c.fmtp);
}

void write_media(SdpWriter& w, const SdpMedia& m) {
  std::string mline = m.kind + ' ' + std::to_string(m.port) + ' ' + m.protocol;
  if (m.is_rtp()) {
    for (const SdpCodec& c : m.codecs) mline += ' ' + std::to_string(c.payload_type);
  } else {
    for (const std::string& f : m.formats) mline += ' ' + f;
  }
  w.line('m', mline);
  if (!m.connection.empty()) w.line('c', m.connection);
  for (const std::string& b : m.bandwidths) w.line('b', b);
  if (!m.mid.empty()) w.attr("mid", m.mid);
  w.attr(to_string(m.direction));
  write_transport(w, m.ice_ufrag, m.ice_pwd, m.fingerprint, m.setup);
  if (m.rtcp_mux) w.attr("rtcp-mux");
  if (m.rtcp_rsize) w.attr("rtcp-rsize");
  if (m.bundle_only) w.attr("bundle-only");
  if (m.extmap_allow_mixed) w.attr("extmap-allow-mixed");
  for (const SdpExtmap& e : m.extmaps) {
    std::string id = std::to_string(e.id);
    if (e.direction) id += '/' + std::string(to_string(*e.direction));
    if (e.attributes.empty()) {
      w.attr("extmap", id, ' ', e.uri);
    } else {
      w.attr("extmap", id, ' ', e.uri, ' ', e.attributes);
    }
  }
  for (const SdpCodec& c : m.codecs) write_codec(w, c);
  if (!m.msid_stream.empty()) {
    if (m.msid_track.empty()) {
      w.attr("msid", m.msid_stream);
    } else {
      w.attr("msid", m.msid_stream, ' ', m.msid_track);
    }
  }
  for (const SdpRid& r : m.rids) {
    const std::string_view dir = r.direction == SdpRidDirection::kSend ? "send" : "recv";
    if (r.params.empty()) {
      w.attr("rid", r.id, ' ', dir);
    } else {
      w.attr("rid", r.id, ' ', dir, ' ', r.params);
    }
  }
  if (!m.simulcast.empty()) w.attr("simulcast", m.simulcast);
  for (const SdpSsrcGroup& g : m.ssrc_groups) {
    std::string value = g.semantics;
    for (uint32_t s : g.ssrcs) value += ' ' + std::to_string(s);
    w.attr("ssrc-group", value);
  }
  for (const SdpSsrc& s : m.ssrcs) {
    // An SSRC known only by attributes we drop still gets a line, so it survives a round trip.
    if (!s.cname.empty() || s.msid.empty()) w.attr("ssrc", s.ssrc, " cname:", s.cname);
    if (!s.msid.empty()) w.attr("ssrc", s.ssrc, " msid:", s.msid);
  }
  for (const std::string& a : m.attributes) w.line('a', a);
  for (const std::string& c : m.candidates) w.line('a', c);
  if (m.end_of_candidates) w.attr("end-of-candidates");
}

}  // namespace

std::string SessionDescription::to_string() const {
  SdpWriter w;
  w.line('v', "0");
  w.line('o', origin.username + ' ' + origin.session_id + ' ' +
                  std::to_string(origin.session_version) + ' ' + origin.net_type + ' ' +
                  origin.address_type + ' ' + origin.address);
  w.line('s', session_name.empty() ? "-" : session_name);
  if (!connection.empty()) w.line('c', connection);
  w.line('t', timing.empty() ? "0 0" : timing);
  if (!bundle_mids.empty()) {
    std::string group = "BUNDLE";
    for (const std::string& mid : bundle_mids) group += ' ' + mid;
    w.attr("group", group);
  }
  if (ice_lite) w.attr("ice-lite");
  write_transport(w, ice_ufrag, ice_pwd, fingerprint, setup);
  if (extmap_allow_mixed) w.attr("extmap-allow-mixed");
  if (!msid_semantic.empty()) w.attr("msid-semantic", ' ', msid_semantic);
  if (direction) w.attr(rtc::to_string(*direction));
  for (const std::string& a : attributes) w.line('a', a);
  for (const SdpMedia& m : media) write_media(w, m);
  return w.take();
}

}  // namespace meet::rtc
