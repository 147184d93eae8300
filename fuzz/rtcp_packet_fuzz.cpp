// libFuzzer target: RtcpCompound::parse on arbitrary bytes, then every known packet type parsed
// and walked in full (TWCC statuses included). Parsed packets are written back with the
// builders and must parse to the same content.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <span>
#include <vector>

#include "rtc/rtcp/rtcp_bye.hpp"
#include "rtc/rtcp/rtcp_compound.hpp"
#include "rtc/rtcp/rtcp_fir.hpp"
#include "rtc/rtcp/rtcp_nack.hpp"
#include "rtc/rtcp/rtcp_pli.hpp"
#include "rtc/rtcp/rtcp_receiver_report.hpp"
#include "rtc/rtcp/rtcp_remb.hpp"
#include "rtc/rtcp/rtcp_sdes.hpp"
#include "rtc/rtcp/rtcp_sender_report.hpp"
#include "rtc/rtcp/rtcp_transport_feedback.hpp"

using namespace meet::rtc;  // NOLINT: a fuzz harness

namespace {

#define FUZZ_CHECK(cond)  \
  do {                    \
    if (!(cond)) abort(); \
  } while (0)

RtcpHeader reparse(std::span<const uint8_t> out, size_t n) {
  auto h = RtcpHeader::parse(out.first(n));
  FUZZ_CHECK(h.ok() && h->size() == n);
  return h.value();
}

bool same_block(const RtcpReportBlock& a, const RtcpReportBlock& b) {
  return a.ssrc == b.ssrc && a.fraction_lost == b.fraction_lost &&
         a.cumulative_lost == b.cumulative_lost &&
         a.extended_highest_sequence == b.extended_highest_sequence && a.jitter == b.jitter &&
         a.last_sr == b.last_sr && a.delay_since_last_sr == b.delay_since_last_sr;
}

void fuzz_sr(const RtcpHeader& h) {
  auto sr = RtcpSenderReport::parse(h);
  if (!sr) return;
  std::vector<RtcpReportBlock> blocks;
  for (size_t i = 0; i < sr->report_count(); ++i) blocks.push_back(sr->report_block(i));
  std::vector<uint8_t> out(1024);
  auto n = RtcpSenderReport::write(sr->sender_info(), blocks, out);
  FUZZ_CHECK(n.ok());
  auto again = RtcpSenderReport::parse(reparse(out, *n));
  FUZZ_CHECK(again.ok() && again->ntp_timestamp() == sr->ntp_timestamp());
  FUZZ_CHECK(again->report_count() == blocks.size());
  for (size_t i = 0; i < blocks.size(); ++i)
    FUZZ_CHECK(same_block(again->report_block(i), blocks[i]));
}

void fuzz_rr(const RtcpHeader& h) {
  auto rr = RtcpReceiverReport::parse(h);
  if (!rr) return;
  std::vector<RtcpReportBlock> blocks;
  for (size_t i = 0; i < rr->report_count(); ++i) blocks.push_back(rr->report_block(i));
  std::vector<uint8_t> out(1024);
  auto n = RtcpReceiverReport::write(rr->sender_ssrc(), blocks, out);
  FUZZ_CHECK(n.ok());
  auto again = RtcpReceiverReport::parse(reparse(out, *n));
  FUZZ_CHECK(again.ok() && again->sender_ssrc() == rr->sender_ssrc());
  for (size_t i = 0; i < blocks.size(); ++i)
    FUZZ_CHECK(same_block(again->report_block(i), blocks[i]));
}

void fuzz_sdes(const RtcpHeader& h) {
  auto sdes = RtcpSdes::parse(h);
  if (!sdes) return;
  sdes->for_each_item([&](const RtcpSdesItem& item) {
    FUZZ_CHECK(item.type != 0);
    if (item.type != kSdesCname) return;
    FUZZ_CHECK(sdes->cname(item.ssrc).has_value());
    std::vector<uint8_t> out(300);
    auto n = RtcpSdes::write_cname(item.ssrc, item.text, out);
    FUZZ_CHECK(n.ok());
    auto again = RtcpSdes::parse(reparse(out, *n));
    FUZZ_CHECK(again.ok() && again->cname(item.ssrc) == item.text);
  });
}

void fuzz_bye(const RtcpHeader& h) {
  auto bye = RtcpBye::parse(h);
  if (!bye) return;
  std::vector<uint32_t> ssrcs;
  for (size_t i = 0; i < bye->ssrc_count(); ++i) ssrcs.push_back(bye->ssrc(i));
  std::vector<uint8_t> out(512);
  auto n = RtcpBye::write(ssrcs, bye->reason(), out);
  FUZZ_CHECK(n.ok());
  auto again = RtcpBye::parse(reparse(out, *n));
  FUZZ_CHECK(again.ok() && again->reason() == bye->reason() && again->ssrc_count() == ssrcs.size());
}

void fuzz_nack(const RtcpHeader& h) {
  auto nack = RtcpNack::parse(h);
  if (!nack) return;
  std::vector<uint16_t> lost;
  nack->for_each_lost([&](uint16_t s) { lost.push_back(s); });
  std::vector<uint16_t> some(5);
  FUZZ_CHECK(nack->lost_sequence_numbers(some) == std::min<size_t>(5, lost.size()));
  std::vector<uint8_t> out(8 + 4 * 4 * lost.size() + 16);
  auto n = RtcpNack::write(nack->sender_ssrc(), nack->media_ssrc(), lost, out);
  FUZZ_CHECK(n.ok());
  auto again = RtcpNack::parse(reparse(out, *n));
  FUZZ_CHECK(again.ok());
  std::set<uint16_t> a(lost.begin(), lost.end());
  std::set<uint16_t> b;
  again->for_each_lost([&](uint16_t s) { b.insert(s); });
  FUZZ_CHECK(a == b);
}

void fuzz_twcc(const RtcpHeader& h) {
  auto fb = RtcpTransportFeedback::parse(h);
  if (!fb) return;
  std::vector<TwccArrival> arrivals;
  size_t count = 0;
  uint16_t expect_seq = fb->base_sequence_number();
  fb->for_each_packet([&](const TwccPacketStatus& s) {
    FUZZ_CHECK(s.sequence_number == expect_seq);
    ++expect_seq;
    ++count;
    if (s.received) arrivals.push_back({s.sequence_number, s.arrival_time_us});
  });
  FUZZ_CHECK(count == fb->packet_status_count());
  FUZZ_CHECK(arrivals.size() == fb->received_count());
  if (arrivals.empty()) return;

  std::vector<uint8_t> out(1 << 18);
  auto w = RtcpTransportFeedback::write(
      {fb->sender_ssrc(), fb->media_ssrc(), fb->base_sequence_number(), fb->feedback_count()},
      arrivals, out);
  FUZZ_CHECK(w.ok() && w->arrivals_written == arrivals.size());
  auto again = RtcpTransportFeedback::parse(reparse(out, w->bytes));
  FUZZ_CHECK(again.ok() && again->received_count() == arrivals.size());
  // The 24-bit reference time wraps; compare arrival times modulo its period.
  constexpr int64_t kWrap = (int64_t{1} << 24) * RtcpTransportFeedback::kReferenceTickUs;
  size_t i = 0;
  again->for_each_packet([&](const TwccPacketStatus& s) {
    if (!s.received) return;
    FUZZ_CHECK(i < arrivals.size() && s.sequence_number == arrivals[i].sequence_number);
    const int64_t diff = s.arrival_time_us - arrivals[i].arrival_time_us;
    FUZZ_CHECK(((diff % kWrap) + kWrap) % kWrap == 0);
    ++i;
  });
  FUZZ_CHECK(i == arrivals.size());
}

void fuzz_psfb(const RtcpHeader& h) {
  std::vector<uint8_t> out(2048);
  if (auto pli = RtcpPli::parse(h)) {
    auto n = RtcpPli::write(pli->sender_ssrc(), pli->media_ssrc(), out);
    FUZZ_CHECK(n.ok() && RtcpPli::parse(reparse(out, *n)).ok());
  }
  if (auto fir = RtcpFir::parse(h)) {
    std::vector<RtcpFirEntry> entries;
    for (size_t i = 0; i < fir->entry_count(); ++i) entries.push_back(fir->entry(i));
    std::vector<uint8_t> big(16 + 8 * entries.size());
    auto n = RtcpFir::write(fir->sender_ssrc(), entries, big);
    FUZZ_CHECK(n.ok());
    auto again = RtcpFir::parse(reparse(big, *n));
    FUZZ_CHECK(again.ok() && again->entry_count() == entries.size());
  }
  if (auto remb = RtcpRemb::parse(h)) {
    std::vector<uint32_t> ssrcs;
    for (size_t i = 0; i < remb->ssrc_count(); ++i) ssrcs.push_back(remb->ssrc(i));
    const uint64_t bps = remb->bitrate_bps();
    auto n = RtcpRemb::write(remb->sender_ssrc(), bps, ssrcs, out);
    FUZZ_CHECK(n.ok());
    auto again = RtcpRemb::parse(reparse(out, *n));
    FUZZ_CHECK(again.ok() && again->ssrc_count() == ssrcs.size());
    FUZZ_CHECK(again->bitrate_bps() <= bps);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto compound = RtcpCompound::parse(std::span<const uint8_t>(data, size));
  if (!compound) return 0;
  size_t packets = 0;
  size_t bytes = 0;
  for (const RtcpHeader& h : *compound) {
    ++packets;
    bytes += h.size();
    switch (h.packet_type()) {
      case kRtcpSenderReport:
        fuzz_sr(h);
        break;
      case kRtcpReceiverReport:
        fuzz_rr(h);
        break;
      case kRtcpSdes:
        fuzz_sdes(h);
        break;
      case kRtcpBye:
        fuzz_bye(h);
        break;
      case kRtcpRtpFeedback:
        fuzz_nack(h);
        fuzz_twcc(h);
        break;
      case kRtcpPayloadFeedback:
        fuzz_psfb(h);
        break;
      default:
        break;
    }
  }
  FUZZ_CHECK(packets == compound->packet_count() && bytes == size);
  return 0;
}
