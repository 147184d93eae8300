#include "sdp_text.hpp"

#include <sstream>

#include "rtc/sdp/remote_transport.hpp"

namespace meet::loadgen {

namespace {

void transport_lines(std::ostringstream& o, const rtc::IceCredentials& ice,
                     const std::string& fingerprint, const char* setup) {
  o << "a=ice-ufrag:" << ice.ufrag << "\r\n"
    << "a=ice-pwd:" << ice.pwd << "\r\n"
    << "a=fingerprint:sha-256 " << fingerprint << "\r\n"
    << "a=setup:" << setup << "\r\n";
}

void extmap_lines(std::ostringstream& o) {
  o << "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
    << "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n";
}

// Our one host candidate (RFC 8839 section 5.1), when the server wants it in the SDP.
void candidate_lines(std::ostringstream& o, const std::optional<udp::endpoint>& candidate) {
  if (!candidate) return;
  o << "a=candidate:1 1 udp 2130706431 " << candidate->address().to_string() << ' '
    << candidate->port() << " typ host\r\na=end-of-candidates\r\n";
}

const char* answer_direction(rtc::SdpDirection offered) {
  switch (offered) {
    case rtc::SdpDirection::kSendOnly:
      return "recvonly";
    case rtc::SdpDirection::kSendRecv:
      return "recvonly";
    default:
      return "inactive";
  }
}

}  // namespace

std::string publish_offer(const PublishOfferParams& p) {
  std::ostringstream o;
  o << "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  o << "a=group:BUNDLE" << (p.audio_ssrc ? " 0" : "");
  for (size_t i = 0; i < p.video_ssrcs.size(); ++i) o << ' ' << i + 1;
  o << "\r\n";
  o << "a=msid-semantic: WMS loadgen\r\n";
  if (p.audio_ssrc) {
    o << "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n";
    transport_lines(o, *p.ice, p.fingerprint, "actpass");
    o << "a=mid:0\r\n";
    o << "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n";
    extmap_lines(o);
    o << "a=sendonly\r\na=msid:loadgen audio\r\na=rtcp-mux\r\na=rtcp-rsize\r\n"
      << "a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\n"
      << "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
      << "a=ssrc:" << p.audio_ssrc << " cname:" << p.cname << "\r\n";
    candidate_lines(o, p.candidate);
  }
  for (size_t i = 0; i < p.video_ssrcs.size(); ++i) {
    o << "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n";
    transport_lines(o, *p.ice, p.fingerprint, "actpass");
    o << "a=mid:" << i + 1 << "\r\n";
    extmap_lines(o);
    o << "a=sendonly\r\na=msid:loadgen video" << i + 1 << "\r\na=rtcp-mux\r\na=rtcp-rsize\r\n"
      << "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 goog-remb\r\na=rtcp-fb:96 transport-cc\r\n"
      << "a=rtcp-fb:96 ccm fir\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n"
      << "a=ssrc:" << p.video_ssrcs[i] << " cname:" << p.cname << "\r\n";
    candidate_lines(o, p.candidate);
  }
  return o.str();
}

std::string subscriber_answer(const rtc::SessionDescription& offer, const rtc::IceCredentials& ice,
                              const std::string& fingerprint,
                              const std::optional<udp::endpoint>& candidate) {
  std::ostringstream o;
  o << "v=0\r\no=- 7236512390044871001 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  o << "a=group:BUNDLE";
  for (const auto& m : offer.media) {
    if (!m.is_rejected() && offer.is_bundled(m.mid)) o << ' ' << m.mid;
  }
  o << "\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS\r\n";
  for (const auto& m : offer.media) {
    const bool rejected = m.is_rejected();
    o << "m=" << m.kind << ' ' << (rejected ? 0 : 9) << ' ' << m.protocol;
    for (const auto& c : m.codecs) o << ' ' << int{c.payload_type};
    for (const auto& f : m.formats) o << ' ' << f;
    o << "\r\nc=IN IP4 0.0.0.0\r\n";
    if (!rejected) transport_lines(o, ice, fingerprint, "active");
    o << "a=mid:" << m.mid << "\r\n";
    for (const auto& e : m.extmaps) o << "a=extmap:" << int{e.id} << ' ' << e.uri << "\r\n";
    o << "a=" << (rejected ? "inactive" : answer_direction(m.direction)) << "\r\n";
    o << "a=rtcp-mux\r\na=rtcp-rsize\r\n";
    if (!rejected) candidate_lines(o, candidate);
    for (const auto& c : m.codecs) {
      o << "a=rtpmap:" << int{c.payload_type} << ' ' << c.name << '/' << c.clock_rate;
      if (c.channels) o << '/' << int{c.channels};
      o << "\r\n";
      for (const auto& fb : c.rtcp_fb)
        o << "a=rtcp-fb:" << int{c.payload_type} << ' ' << fb << "\r\n";
      if (!c.fmtp.empty()) o << "a=fmtp:" << int{c.payload_type} << ' ' << c.fmtp << "\r\n";
    }
  }
  return o.str();
}

std::optional<ServerTransport> server_transport(const rtc::SessionDescription& sd) {
  const rtc::SdpMedia* tagged = rtc::bundle_tagged_media(sd);
  if (!tagged) return std::nullopt;
  auto remote = rtc::RemoteTransport::read(sd, *tagged);
  if (!remote) return std::nullopt;
  for (const std::string& c : tagged->candidates) {
    std::istringstream in(c);
    std::string foundation, component, transport, priority, ip, port;
    in >> foundation >> component >> transport >> priority >> ip >> port;
    if (transport != "udp" && transport != "UDP") continue;
    boost::system::error_code ec;
    auto address = asio::ip::make_address(ip, ec);
    if (ec || !address.is_v4()) continue;
    ServerTransport t;
    t.endpoint = udp::endpoint(address, static_cast<uint16_t>(std::stoi(port)));
    t.ufrag = remote->ice_ufrag;
    t.pwd = remote->ice_pwd;
    t.fingerprint = remote->fingerprint.value;
    t.setup = remote->setup;
    return t;
  }
  return std::nullopt;
}

}  // namespace meet::loadgen
