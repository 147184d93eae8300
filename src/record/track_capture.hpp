#pragma once
// One recorded track on the capture thread: reorders its packets, depacketizes them into
// frames, writes them to tracks/<track_id>.mkv and its sender reports and first frame to the
// manifest (recording contract A). Video waits for a keyframe (at the start and after a loss)
// and says when one should be asked for.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "record/frame_assembler.hpp"
#include "record/jitter_buffer.hpp"
#include "record/manifest_writer.hpp"
#include "record/mkv_writer.hpp"
#include "record/rtp_timestamp_unwrapper.hpp"
#include "record/tap_ring.hpp"

namespace meet::record {

struct TrackMeta {
  std::string participant_id;
  std::string identity;
  std::string name;
  std::string kind;    // "audio" | "video"
  std::string source;  // "camera" | "microphone" | "screen" | "screen_audio"
};

class TrackCapture {
 public:
  TrackCapture(std::string track_id, TrackMeta meta, rtc::Codec codec, uint32_t clock_rate,
               const std::filesystem::path& folder, ManifestWriter& manifest);

  void on_rtp(const TapSlot& slot);
  void on_sender_report(const TapSlot& slot);
  // Releases packets whose wait is over; true when a keyframe should be asked for now.
  bool tick(int64_t now_ns);
  void flush();
  // Writes out what is buffered and closes the file (the capture stops or the track ended).
  void finish();

  const std::string& id() const { return track_id_; }
  const TrackMeta& meta() const { return meta_; }
  rtc::Codec codec() const { return codec_; }
  uint64_t frames() const { return frames_; }

 private:
  void drain(int64_t now_ns);
  void write_frame(const Frame& frame);
  void write_sender_report(int64_t unwrapped_rtp, uint64_t ntp);

  std::string track_id_;
  TrackMeta meta_;
  rtc::Codec codec_;
  uint32_t clock_rate_;
  std::filesystem::path file_;
  ManifestWriter& manifest_;
  JitterBuffer jitter_;
  FrameAssembler assembler_;
  RtpTimestampUnwrapper unwrap_;
  std::unique_ptr<MkvWriter> writer_;
  bool failed_ = false;  // the file could not be created: packets are ignored
  std::optional<int64_t> first_rtp_;
  std::vector<std::pair<int64_t, uint64_t>> early_reports_;  // SRs before the first frame
  int64_t last_keyframe_request_ns_ = 0;
  int64_t pause_shift_ = 0;                                // added to timestamps after pauses
  std::optional<std::pair<int64_t, int64_t>> last_frame_;  // its timestamp and arrival (ms)
  uint64_t frames_ = 0;
};

}  // namespace meet::record
