#include "subscriber.hpp"

#include <random>

#include "rtc/rtcp/rtcp_nack.hpp"
#include "rtc/rtcp/rtcp_receiver_report.hpp"
#include "rtc/rtcp/rtcp_report_block.hpp"
#include "rtc/rtp/rtp_packet.hpp"
#include "rtc/sdp/header_extension_ids.hpp"
#include "stamp.hpp"

namespace meet::loadgen {

namespace {

// NACK only gaps this small: a larger jump is a restart or a layer switch, not loss.
constexpr uint16_t kMaxNackGap = 64;

uint32_t random_ssrc() {
  static std::mt19937 rng{std::random_device{}()};
  return rng() | 1u;
}

}  // namespace

Subscriber::Subscriber(MediaTransport& transport, RunStats& stats)
    : transport_(transport), stats_(stats), own_ssrc_(random_ssrc()), feedback_(own_ssrc_) {}

void Subscriber::configure(const rtc::SessionDescription& offer) {
  for (const rtc::SdpMedia& m : offer.media) {
    if (const auto* ext = m.find_extmap(rtc::kExtmapUriTransportCc)) twcc_id_ = ext->id;
    for (const rtc::SdpCodec& c : m.codecs) {
      if (c.is("rtx")) rtx_payload_types_.insert(c.payload_type);
      if (m.kind == "video" && !c.is("rtx")) video_payload_types_.insert(c.payload_type);
    }
  }
}

void Subscriber::on_rtp(std::span<uint8_t> plain, int64_t now_us) {
  auto packet = rtc::RtpPacket::parse(plain);
  if (!packet) return;
  ++counters_.rtp_received;
  if (twcc_id_ != 0) {
    if (auto ext = packet->extension(twcc_id_); ext && ext->size() == 2) {
      feedback_.on_packet(load_be16(*ext, 0), now_us);
      if (feedback_media_ssrc_ == 0) feedback_media_ssrc_ = packet->ssrc();
    }
  }
  const uint8_t pt = packet->payload_type();
  const bool rtx = rtx_payload_types_.contains(pt);
  track_sequence(packet->ssrc(), packet->sequence_number(), rtx, video_payload_types_.contains(pt));
  count_stamp(packet->payload(), now_us);
}

void Subscriber::count_stamp(std::span<const uint8_t> payload, int64_t now_us) {
  auto stamp = Stamp::read(payload);
  if (!stamp) return void(++counters_.unstamped);
  Received& r = streams_[stamp->sender];
  const size_t word = stamp->sequence / 64;
  if (r.bits.size() <= word) r.bits.resize(std::max(word + 1, r.bits.size() * 2), 0);
  const uint64_t bit = uint64_t{1} << (stamp->sequence % 64);
  if (r.bits[word] & bit) return stats_.on_duplicate(stamp->send_us);
  r.bits[word] |= bit;
  const bool reordered = r.any && stamp->sequence < r.highest;
  if (!r.any || stamp->sequence > r.highest) r.highest = stamp->sequence;
  r.any = true;
  stats_.on_received(stamp->send_us, now_us, reordered);
}

uint64_t Subscriber::received_in(uint32_t stream, uint32_t first, uint32_t end) const {
  auto it = streams_.find(stream);
  if (it == streams_.end()) return 0;
  uint64_t n = 0;
  for (uint32_t s = first; s < end; ++s) {
    const size_t word = s / 64;
    if (word < it->second.bits.size() && (it->second.bits[word] >> (s % 64) & 1)) ++n;
  }
  return n;
}

// RFC 3550 appendix A.1, simplified: the extended highest sequence number and counts for the
// receiver report, and a NACK (RFC 4585) for a forward gap in a media (not rtx) stream.
void Subscriber::track_sequence(uint32_t ssrc, uint16_t seq, bool rtx, bool nackable) {
  auto [it, fresh] = ssrcs_.try_emplace(ssrc);
  SsrcState& s = it->second;
  if (fresh) {
    s.max_seq = seq;
    s.base = seq;
    s.rtx = rtx;
    s.received = 1;
    return;
  }
  ++s.received;
  const uint16_t delta = static_cast<uint16_t>(seq - s.max_seq);
  if (delta == 0 || delta >= 0x8000) return;  // duplicate or late
  if (seq < s.max_seq) s.cycles += 0x10000;
  if (delta > 1 && delta <= kMaxNackGap && nackable) {
    send_nack(ssrc, static_cast<uint16_t>(s.max_seq + 1), seq);
  }
  s.max_seq = seq;
}

void Subscriber::send_nack(uint32_t ssrc, uint16_t from, uint16_t to) {
  std::array<uint16_t, kMaxNackGap> lost{};
  size_t n = 0;
  for (uint16_t s = from; s != to && n < lost.size(); ++s) lost[n++] = s;
  auto len = rtc::RtcpNack::write(own_ssrc_, ssrc, std::span(lost).first(n), out_);
  if (!len) return;
  ++counters_.nacks_sent;
  transport_.send_rtcp(out_, len.value());
}

void Subscriber::tick(int64_t now_us) {
  if (!transport_.connected()) return;
  if (feedback_.due(now_us)) {
    while (size_t n = feedback_.write(feedback_media_ssrc_, std::span(out_).first(1200), now_us)) {
      ++counters_.feedback_sent;
      transport_.send_rtcp(out_, n);
    }
  }
  if (next_report_us_ == 0) next_report_us_ = now_us + 1'000'000;
  if (now_us >= next_report_us_) {
    next_report_us_ += 1'000'000;
    send_reports();
  }
}

void Subscriber::send_reports() {
  std::array<rtc::RtcpReportBlock, 31> blocks{};
  size_t n = 0;
  for (auto& [ssrc, s] : ssrcs_) {
    if (s.rtx || n == blocks.size()) continue;
    const uint64_t extended = s.cycles + s.max_seq;
    const uint64_t expected = extended - s.base + 1;
    const int64_t lost = static_cast<int64_t>(expected) - static_cast<int64_t>(s.received);
    const int64_t expected_interval = static_cast<int64_t>(expected - s.expected_prior);
    const int64_t received_interval = static_cast<int64_t>(s.received - s.received_prior);
    s.expected_prior = expected;
    s.received_prior = s.received;
    rtc::RtcpReportBlock& b = blocks[n++];
    b.ssrc = ssrc;
    b.fraction_lost = rtc::RtcpReportBlock::fraction_lost_of(expected_interval,
                                                             expected_interval - received_interval);
    b.cumulative_lost = static_cast<int32_t>(std::clamp<int64_t>(
        lost, rtc::RtcpReportBlock::kMinCumulativeLost, rtc::RtcpReportBlock::kMaxCumulativeLost));
    b.extended_highest_sequence = static_cast<uint32_t>(extended);
  }
  auto len = rtc::RtcpReceiverReport::write(own_ssrc_, std::span(blocks).first(n), out_);
  if (!len) return;
  ++counters_.reports_sent;
  transport_.send_rtcp(out_, len.value());
}

}  // namespace meet::loadgen
