#pragma once
// What one RTCP compound packet from the engine says, in the terms tests assert on: PLIs,
// generic NACKs and receiver report blocks, each keyed by the media SSRC it is about, and
// the sender info of sender reports.
#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <span>
#include <vector>

#include "engine/support/loopback_peer.hpp"
#include "rtc/rtcp/rtcp_compound.hpp"
#include "rtc/rtcp/rtcp_nack.hpp"
#include "rtc/rtcp/rtcp_pli.hpp"
#include "rtc/rtcp/rtcp_receiver_report.hpp"
#include "rtc/rtcp/rtcp_sender_report.hpp"
#include "rtc/rtcp/rtcp_transport_feedback.hpp"

namespace meet::engine::testing {

struct RtcpDigest {
  struct Nack {
    uint32_t media_ssrc = 0;
    std::vector<uint16_t> lost;
  };

  bool malformed = false;
  std::vector<uint32_t> pli_ssrcs;  // media SSRC of each PLI
  std::vector<Nack> nacks;
  std::vector<rtc::RtcpReportBlock> report_blocks;  // from receiver reports
  std::vector<rtc::RtcpSenderInfo> sender_reports;
  std::vector<rtc::TwccPacketStatus> transport_feedback;  // every status of every TWCC packet

  static RtcpDigest of(std::span<const uint8_t> compound) {
    RtcpDigest d;
    auto packets = rtc::RtcpCompound::parse(compound);
    if (!packets) {
      d.malformed = true;
      return d;
    }
    for (const rtc::RtcpHeader& h : packets.value()) d.add(h);
    return d;
  }

  bool has_pli(uint32_t media_ssrc) const {
    return std::find(pli_ssrcs.begin(), pli_ssrcs.end(), media_ssrc) != pli_ssrcs.end();
  }
  bool nacks_sequence(uint32_t media_ssrc, uint16_t seq) const {
    return std::any_of(nacks.begin(), nacks.end(), [&](const Nack& n) {
      return n.media_ssrc == media_ssrc &&
             std::find(n.lost.begin(), n.lost.end(), seq) != n.lost.end();
    });
  }
  std::optional<rtc::RtcpSenderInfo> sender_report_of(uint32_t ssrc) const {
    for (const auto& sr : sender_reports) {
      if (sr.sender_ssrc == ssrc) return sr;
    }
    return std::nullopt;
  }
  std::optional<rtc::RtcpReportBlock> report_for(uint32_t media_ssrc) const {
    for (const auto& b : report_blocks) {
      if (b.ssrc == media_ssrc) return b;
    }
    return std::nullopt;
  }

 private:
  void add(const rtc::RtcpHeader& h) {
    if (auto pli = rtc::RtcpPli::parse(h)) {
      pli_ssrcs.push_back(pli->media_ssrc());
    } else if (auto nack = rtc::RtcpNack::parse(h)) {
      std::array<uint16_t, 256> seqs{};
      size_t n = nack->lost_sequence_numbers(seqs);
      nacks.push_back(Nack{nack->media_ssrc(), {seqs.begin(), seqs.begin() + n}});
    } else if (auto fb = rtc::RtcpTransportFeedback::parse(h)) {
      fb->for_each_packet(
          [&](const rtc::TwccPacketStatus& st) { transport_feedback.push_back(st); });
    } else if (auto sr = rtc::RtcpSenderReport::parse(h)) {
      sender_reports.push_back(sr->sender_info());
    } else if (auto rr = rtc::RtcpReceiverReport::parse(h)) {
      for (size_t i = 0; i < rr->report_count(); ++i) report_blocks.push_back(rr->report_block(i));
    }
  }
};

// Reads RTCP at `peer` until a packet satisfies `matches` (a predicate on RtcpDigest) or
// `timeout` passes; returns that packet's digest.
template <typename Matches>
std::optional<RtcpDigest> wait_for_rtcp(LoopbackPeer& peer, Matches matches,
                                        std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (auto now = Clock::now(); now < deadline; now = Clock::now()) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
    auto packet = peer.receive_rtcp(left);
    if (!packet) return std::nullopt;
    auto digest = RtcpDigest::of(*packet);
    if (matches(digest)) return digest;
  }
  return std::nullopt;
}

// Counts the PLIs for `media_ssrc` that reach `peer` within `window`.
inline int count_plis(LoopbackPeer& peer, uint32_t media_ssrc, std::chrono::milliseconds window) {
  int count = 0;
  auto deadline = Clock::now() + window;
  for (auto now = Clock::now(); now < deadline; now = Clock::now()) {
    auto packet = peer.receive_rtcp(std::chrono::ceil<std::chrono::milliseconds>(deadline - now));
    if (!packet) break;
    auto d = RtcpDigest::of(*packet);
    count += static_cast<int>(std::count(d.pli_ssrcs.begin(), d.pli_ssrcs.end(), media_ssrc));
  }
  return count;
}

}  // namespace meet::engine::testing
