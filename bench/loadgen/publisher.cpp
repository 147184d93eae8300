#include "publisher.hpp"

#include <algorithm>
#include <random>

#include "rtc/rtcp/rtcp_compound.hpp"
#include "rtc/rtcp/rtcp_header.hpp"
#include "rtc/rtcp/rtcp_nack.hpp"
#include "rtc/rtcp/rtcp_pli.hpp"
#include "rtc/rtcp/rtcp_sender_report.hpp"
#include "rtc/rtp/rtp_packet_builder.hpp"
#include "stamp.hpp"

namespace meet::loadgen {

namespace {

constexpr size_t kMaxVideoPayload = 1100;
constexpr size_t kCacheSize = 256;  // 2.5 s of 800 kbit/s video
constexpr int64_t kAudioFrameUs = 20'000;
constexpr uint8_t kOpusPt = 111;
constexpr uint8_t kVp8Pt = 96;
// Mids of the publish offer's sections: audio, then the video tracks (sdp_text.cpp agrees).
constexpr const char* kMids[] = {"0", "1", "2", "3", "4", "5", "6", "7"};
constexpr int kMaxVideoTracks = 7;

uint32_t random_ssrc() {
  static std::mt19937 rng{std::random_device{}()};
  return rng() | 1u;
}

// RFC 3550 section 4: NTP time, 32.32 fixed point since 1900.
uint64_t ntp_now() {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
  uint64_t seconds = static_cast<uint64_t>(us / 1'000'000) + 2'208'988'800ull;
  uint64_t fraction = (static_cast<uint64_t>(us % 1'000'000) << 32) / 1'000'000;
  return (seconds << 32) | fraction;
}

}  // namespace

Publisher::Publisher(MediaTransport& transport, uint32_t stream_base,
                     const PublisherOptions& options)
    : transport_(transport),
      stream_base_(stream_base),
      options_(options),
      cache_(kCacheSize * static_cast<size_t>(std::max(1, options.video_tracks))) {
  audio_ = Track{random_ssrc(), stream_base, kOpusPt, kMids[0]};
  audio_.seq = static_cast<uint16_t>(random_ssrc());
  const size_t n = static_cast<size_t>(std::clamp(options.video_tracks, 1, kMaxVideoTracks));
  videos_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Track t{random_ssrc(), stream_base + 1 + static_cast<uint32_t>(i), kVp8Pt, kMids[i + 1]};
    t.seq = static_cast<uint16_t>(random_ssrc());
    videos_.push_back(t);
  }
}

std::vector<uint32_t> Publisher::streams() const {
  std::vector<uint32_t> out;
  if (options_.audio) out.push_back(audio_.stream);
  if (options_.video) {
    for (const Track& t : videos_) out.push_back(t.stream);
  }
  return out;
}

uint32_t Publisher::next_stamp(uint32_t stream) const {
  if (stream == audio_.stream) return audio_.stamp_seq;
  for (const Track& t : videos_) {
    if (t.stream == stream) return t.stamp_seq;
  }
  return 0;
}

Publisher::Track* Publisher::video_by_ssrc(uint32_t ssrc) {
  for (Track& t : videos_) {
    if (t.ssrc == ssrc) return &t;
  }
  return nullptr;
}

void Publisher::tick(int64_t now_us) {
  if (!transport_.connected()) return;
  if (audio_.next_frame_us == 0) {
    // Spread publishers over a frame so they do not all send in the same millisecond.
    audio_.next_frame_us = now_us + static_cast<int64_t>(random_ssrc() % kAudioFrameUs);
    for (Track& v : videos_) {
      v.next_frame_us = now_us + static_cast<int64_t>(random_ssrc() % 33'000);
      v.next_keyframe_us = now_us;
    }
    next_report_us_ = now_us + 1'000'000;
  }
  if (options_.audio) {
    while (now_us >= audio_.next_frame_us) {
      send_audio(now_us);
      audio_.next_frame_us += kAudioFrameUs;
    }
  }
  if (options_.video) {
    const int64_t frame_us = 1'000'000 / std::max(1, options_.fps);
    for (size_t i = 0; i < videos_.size(); ++i) {
      while (now_us >= videos_[i].next_frame_us) {
        send_video_frame(i, now_us);
        videos_[i].next_frame_us += frame_us;
      }
    }
  }
  if (now_us >= next_report_us_) {
    send_reports(now_us);
    next_report_us_ += 1'000'000;
  }
}

void Publisher::send_audio(int64_t now_us) {
  std::array<uint8_t, 256> payload{};
  const size_t n = std::clamp<size_t>(options_.audio_payload_bytes, Stamp::kSize + 1, 256);
  payload[0] = 0x78;  // an Opus TOC byte: CELT-only fullband 20 ms, one frame
  send_packet(audio_, std::span<uint8_t>(payload).first(n), true, now_us);
  audio_.timestamp += 960;
}

// One frame as a browser packetizes VP8 (RFC 7741 section 4): descriptor on every packet, the
// frame tag (RFC 6386 section 9.1) and on keyframes the start code and size after the first one.
void Publisher::send_video_frame(size_t index, int64_t now_us) {
  Track& video = videos_[index];
  const bool key = video.keyframe_wanted || now_us >= video.next_keyframe_us;
  if (key) {
    video.keyframe_wanted = false;
    video.next_keyframe_us = now_us + int64_t{options_.keyframe_interval_s} * 1'000'000;
  }
  size_t frame_bytes = static_cast<size_t>(options_.video_kbps) * 1000 / 8 /
                       static_cast<size_t>(std::max(1, options_.fps));
  if (key) frame_bytes *= 3;
  frame_bytes = std::max<size_t>(frame_bytes, 100);
  const size_t packets = (frame_bytes + kMaxVideoPayload - 1) / kMaxVideoPayload;
  const size_t per_packet = std::max<size_t>(frame_bytes / packets, 40);
  const uint16_t pid = video.picture_id++ & 0x7fff;
  for (size_t i = 0; i < packets; ++i) {
    std::array<uint8_t, kMaxVideoPayload> p{};
    p[0] = i == 0 ? 0x90 : 0x80;  // X=1, S on the first packet, partition 0
    p[1] = 0x80;                  // I=1: picture id present
    p[2] = static_cast<uint8_t>(0x80 | (pid >> 8));
    p[3] = static_cast<uint8_t>(pid & 0xff);
    if (i == 0) {
      p[4] = key ? 0x10 : 0x11;  // show_frame=1, P=0 on a keyframe
      p[5] = 0x02;
      p[6] = 0x00;
      if (key) {
        const uint8_t header[] = {0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01};  // 640x480
        std::copy(std::begin(header), std::end(header), p.begin() + 7);
      }
    }
    send_packet(video, std::span<uint8_t>(p).first(per_packet), i + 1 == packets, now_us);
  }
  video.timestamp += static_cast<uint32_t>(90'000 / std::max(1, options_.fps));
}

void Publisher::send_packet(Track& t, std::span<uint8_t> payload, bool marker, int64_t now_us) {
  Stamp{t.stream, t.stamp_seq++, now_us}.write(payload);
  const std::array<uint8_t, 2> twcc{static_cast<uint8_t>(twcc_seq_ >> 8),
                                    static_cast<uint8_t>(twcc_seq_)};
  ++twcc_seq_;
  rtc::RtpPacketBuilder b;
  b.set_marker(marker)
      .set_payload_type(t.payload_type)
      .set_sequence_number(t.seq)
      .set_timestamp(t.timestamp)
      .set_ssrc(t.ssrc)
      .set_payload(payload);
  b.add_extension(kExtTransportCc, twcc);
  b.add_extension(kExtMid, std::span(reinterpret_cast<const uint8_t*>(t.mid), 1));
  // RFC 6464: voice activity, 20 dB below overload: someone talking, so rooms that forward only
  // the loudest speakers (AUDIO_SPEAKERS_ONLY_ABOVE) forward this stream too.
  const std::array<uint8_t, 1> level{0x80 | 20};
  if (&t == &audio_) b.add_extension(kExtAudioLevel, level);
  auto written = b.write(buf_);
  if (!written) return;
  const size_t len = b.size();
  if (&t != &audio_) {
    const auto index = static_cast<size_t>(&t - videos_.data());
    Cached& c = cache_[index * kCacheSize + t.seq % kCacheSize];
    c.seq = t.seq;
    c.len = len;
    std::copy_n(buf_.begin(), len, c.bytes.begin());
  }
  ++t.seq;
  ++t.packets;
  t.octets += static_cast<uint32_t>(payload.size());
  ++counters_.packets_sent;
  counters_.bytes_sent += len;
  transport_.send_rtp(buf_, len);
}

void Publisher::send_reports(int64_t now_us) {
  auto report = [this](const Track& t) {
    rtc::RtcpSenderInfo info{t.ssrc, ntp_now(), t.timestamp, t.packets, t.octets};
    auto n = rtc::RtcpSenderReport::write(info, {}, buf_);
    if (n) transport_.send_rtcp(buf_, n.value());
  };
  if (options_.audio) report(audio_);
  if (options_.video) {
    for (const Track& t : videos_) report(t);
  }
}

void Publisher::on_rtcp(std::span<const uint8_t> plain) {
  auto compound = rtc::RtcpCompound::parse(plain);
  if (!compound) return;
  for (const rtc::RtcpHeader& h : *compound) {
    if (h.packet_type() == rtc::kRtcpPayloadFeedback && (h.count() == 1 || h.count() == 4)) {
      ++counters_.keyframe_requests;  // PLI (FMT 1) or FIR (FMT 4)
      // A PLI names the video track that needs a keyframe; a FIR (or a PLI for no track of
      // ours) makes every video track send one.
      Track* t = nullptr;
      if (auto pli = rtc::RtcpPli::parse(h)) t = video_by_ssrc(pli->media_ssrc());
      if (t) {
        t->keyframe_wanted = true;
      } else {
        for (Track& v : videos_) v.keyframe_wanted = true;
      }
    } else if (h.packet_type() == rtc::kRtcpRtpFeedback && h.count() == 1) {
      auto nack = rtc::RtcpNack::parse(h);
      if (nack) on_nack(nack->media_ssrc(), h.bytes());
    }
  }
}

void Publisher::on_nack(uint32_t media_ssrc, std::span<const uint8_t> packet) {
  auto header = rtc::RtcpHeader::parse(packet);
  if (!header) return;
  auto nack = rtc::RtcpNack::parse(*header);
  Track* t = video_by_ssrc(media_ssrc);
  if (!nack || !t) return;
  const auto index = static_cast<size_t>(t - videos_.data());
  nack->for_each_lost([this, index](uint16_t seq) {
    ++counters_.nack_requests;
    const Cached& c = cache_[index * kCacheSize + seq % kCacheSize];
    if (c.len == 0 || c.seq != seq) return;
    std::array<uint8_t, 1500> out;
    std::copy_n(c.bytes.begin(), c.len, out.begin());
    ++counters_.retransmitted;
    transport_.send_rtp(out, c.len);
  });
}

}  // namespace meet::loadgen
