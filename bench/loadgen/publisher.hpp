#pragma once
// The sending half of one load-generator participant: an Opus-sized audio stream (50 packets/s)
// and one or more VP8 video streams (one m-line each) at a chosen bitrate and frame rate, with
// valid RFC 7741 payload descriptors (15-bit picture id, S bit on a frame's first packet, the VP8
// frame tag and, on keyframes, the key frame header), a keyframe every `keyframe_interval_s` and on
// PLI/FIR, and a transport-wide sequence number on every packet. Each payload ends with a Stamp.
// NACKed video packets are sent again from a small cache (as the same packet: no RTX is offered).
// One sender report per SSRC per second.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "media_transport.hpp"

namespace meet::loadgen {

struct PublisherOptions {
  bool audio = true;
  bool video = true;
  int video_kbps = 800;
  int fps = 30;
  int keyframe_interval_s = 4;
  int video_tracks = 1;  // video m-lines, each its own SSRC, mid and stream
  size_t audio_payload_bytes = 100;
};

// Header extension ids the publish offer declares (and a=extmap lines carry).
inline constexpr uint8_t kExtTransportCc = 3;
inline constexpr uint8_t kExtMid = 4;
inline constexpr uint8_t kExtAudioLevel = 1;

struct PublisherCounters {
  uint64_t packets_sent = 0;
  uint64_t bytes_sent = 0;
  uint64_t nack_requests = 0;
  uint64_t retransmitted = 0;
  uint64_t keyframe_requests = 0;
};

class Publisher {
 public:
  // `stream_base`: sender id of the audio stream; video track i is stream_base + 1 + i.
  Publisher(MediaTransport& transport, uint32_t stream_base, const PublisherOptions& options);
  // Stream ids one publisher takes: audio and every video track.
  static uint32_t streams_per_publisher(const PublisherOptions& o) {
    return 1 + static_cast<uint32_t>(o.video_tracks);
  }

  uint32_t audio_ssrc() const { return audio_.ssrc; }
  uint32_t audio_stream() const { return stream_base_; }
  size_t video_tracks() const { return videos_.size(); }
  uint32_t video_ssrc(size_t i) const { return videos_[i].ssrc; }
  uint32_t video_stream(size_t i) const { return videos_[i].stream; }
  // The streams this publisher sends (audio first when on), for expectations and the window.
  std::vector<uint32_t> streams() const;
  // The stamp sequence the next packet of a stream will carry (for the measurement window).
  uint32_t next_stamp(uint32_t stream) const;
  const PublisherOptions& options() const { return options_; }

  // Sends whatever is due at `now_us` once the transport is up.
  void tick(int64_t now_us);
  void on_rtcp(std::span<const uint8_t> plain);
  const PublisherCounters& counters() const { return counters_; }

 private:
  struct Track {
    uint32_t ssrc = 0;
    uint32_t stream = 0;
    uint8_t payload_type = 0;
    const char* mid = "0";
    uint16_t seq = 0;
    uint32_t timestamp = 0;
    uint32_t stamp_seq = 0;
    int64_t next_frame_us = 0;
    uint32_t packets = 0;
    uint32_t octets = 0;
    uint16_t picture_id = 0;
    bool keyframe_wanted = true;
    int64_t next_keyframe_us = 0;
  };
  struct Cached {
    uint16_t seq = 0;
    size_t len = 0;
    std::array<uint8_t, 1300> bytes{};
  };

  void send_audio(int64_t now_us);
  void send_video_frame(size_t index, int64_t now_us);
  // Builds one RTP packet of `track` whose payload is `payload` (stamped here) and sends it.
  void send_packet(Track& t, std::span<uint8_t> payload, bool marker, int64_t now_us);
  void send_reports(int64_t now_us);
  void on_nack(uint32_t media_ssrc, std::span<const uint8_t> packet);
  Track* video_by_ssrc(uint32_t ssrc);

  MediaTransport& transport_;
  uint32_t stream_base_;
  PublisherOptions options_;
  Track audio_;
  std::vector<Track> videos_;
  uint16_t twcc_seq_ = 0;
  int64_t next_report_us_ = 0;
  // Video packets: track i's packet with sequence s at i * kCacheSize + s % kCacheSize.
  std::vector<Cached> cache_;
  std::array<uint8_t, 1500> buf_{};
  PublisherCounters counters_;
};

}  // namespace meet::loadgen
