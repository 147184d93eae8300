#include "record/track_capture.hpp"

#include <cctype>

#include "common/log.hpp"

namespace meet::record {
namespace {

constexpr int64_t kVideoWaitNs = 250'000'000;  // long enough for a NACKed retransmission
constexpr int64_t kAudioWaitNs = 60'000'000;
constexpr int64_t kKeyframeRetryNs = 500'000'000;
// A sender that stops sending (a browser's muted microphone has no track on its sender) may
// resume with timestamps that did not advance meanwhile. Frames arriving this much later than
// their timestamps say are placed at their arrival, so the pause stays a pause (silence).
constexpr int64_t kPauseMs = 500;

// NTP 32.32 fixed point since 1900 -> unix milliseconds, keeping the fraction.
double ntp_to_unix_ms(uint64_t ntp) {
  constexpr double kUnixEpochInNtpSeconds = 2208988800.0;
  double seconds = static_cast<double>(ntp >> 32) - kUnixEpochInNtpSeconds;
  double fraction = static_cast<double>(ntp & 0xffffffffu) / 4294967296.0;
  return (seconds + fraction) * 1000.0;
}

std::string manifest_codec(rtc::Codec codec) {
  std::string name(rtc::codec_name(codec));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace

TrackCapture::TrackCapture(std::string track_id, TrackMeta meta, rtc::Codec codec,
                           uint32_t clock_rate, const std::filesystem::path& folder,
                           ManifestWriter& manifest)
    : track_id_(std::move(track_id)),
      meta_(std::move(meta)),
      codec_(codec),
      clock_rate_(clock_rate == 0 ? (codec == rtc::Codec::kOpus ? 48000 : 90000) : clock_rate),
      file_(folder / "tracks" / (track_id_ + ".mkv")),
      manifest_(manifest),
      jitter_(codec == rtc::Codec::kOpus ? kAudioWaitNs : kVideoWaitNs),
      assembler_(codec) {}

void TrackCapture::on_rtp(const TapSlot& slot) {
  if (failed_) return;
  auto packet = std::span<const uint8_t>(slot.bytes.data(), slot.size);
  if (packet.size() < 4) return;
  uint16_t seq = static_cast<uint16_t>((packet[2] << 8) | packet[3]);
  jitter_.push(packet, seq, slot.steady_ns, slot.wall_ms);
  drain(slot.steady_ns);
}

void TrackCapture::on_sender_report(const TapSlot& slot) {
  const auto& sr = slot.sender_report;
  int64_t unwrapped = unwrap_.unwrap(sr.rtp_timestamp) + pause_shift_;
  if (!first_rtp_) {
    if (early_reports_.size() < 16) early_reports_.emplace_back(unwrapped, sr.ntp_timestamp);
    return;
  }
  write_sender_report(unwrapped, sr.ntp_timestamp);
}

void TrackCapture::write_sender_report(int64_t unwrapped_rtp, uint64_t ntp) {
  manifest_.append({{"type", "sr"},
                    {"track_id", track_id_},
                    {"ntp_ms", ntp_to_unix_ms(ntp)},
                    {"rtp_ts", unwrapped_rtp}});
}

void TrackCapture::drain(int64_t now_ns) {
  while (auto p = jitter_.pop(now_ns)) {
    auto parsed = rtc::RtpPacket::parse(p->bytes);
    if (!parsed) continue;
    if (auto frame = assembler_.push(*parsed, p->after_gap, p->wall_ms)) write_frame(*frame);
  }
}

void TrackCapture::write_frame(const Frame& frame) {
  int64_t ts = unwrap_.unwrap(frame.rtp_timestamp) + pause_shift_;
  if (last_frame_) {
    const int64_t clock_ms = (ts - last_frame_->first) * 1000 / static_cast<int64_t>(clock_rate_);
    const int64_t late_ms = frame.wall_ms - last_frame_->second - clock_ms;
    if (late_ms > kPauseMs) {
      const int64_t shift = late_ms * static_cast<int64_t>(clock_rate_) / 1000;
      pause_shift_ += shift;
      ts += shift;
    }
  }
  last_frame_ = std::pair(ts, frame.wall_ms);
  if (!writer_) {
    MkvWriter::Params params;
    params.codec = codec_;
    params.width = frame.width;
    params.height = frame.height;
    params.first_frame = frame.data;
    auto w = MkvWriter::open(file_, params);
    if (!w) {
      logger("record")->error("cannot write track track={} reason={}", track_id_, w.error());
      failed_ = true;
      return;
    }
    writer_ = std::move(w).value();
    first_rtp_ = ts;
    manifest_.append({{"type", "track"},
                      {"track_id", track_id_},
                      {"participant_id", meta_.participant_id},
                      {"identity", meta_.identity},
                      {"name", meta_.name},
                      {"kind", meta_.kind},
                      {"source", meta_.source},
                      {"codec", manifest_codec(codec_)},
                      {"clock_rate", clock_rate_},
                      {"file", "tracks/" + track_id_ + ".mkv"},
                      {"first_rtp_ts", ts},
                      {"first_frame_wall_ms", frame.wall_ms}});
    for (auto [rtp, ntp] : early_reports_) write_sender_report(rtp, ntp);
    early_reports_.clear();
  }
  int64_t pts_ms = (ts - *first_rtp_) * 1000 / static_cast<int64_t>(clock_rate_);
  if (writer_->write(frame.data, pts_ms, frame.keyframe)) ++frames_;
}

bool TrackCapture::tick(int64_t now_ns) {
  drain(now_ns);
  if (failed_ || !assembler_.needs_keyframe()) return false;
  if (now_ns - last_keyframe_request_ns_ < kKeyframeRetryNs) return false;
  last_keyframe_request_ns_ = now_ns;
  return true;
}

void TrackCapture::flush() {
  if (writer_) writer_->flush();
}

void TrackCapture::finish() {
  drain(INT64_MAX);
  if (writer_) writer_->close();
}

}  // namespace meet::record
