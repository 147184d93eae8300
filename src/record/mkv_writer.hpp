#pragma once
// One track's Matroska file, written with libavformat without transcoding (capture thread).
// Packet timestamps are milliseconds (Matroska's default timebase). flush() closes the current
// cluster and pushes it to the kernel, so a file cut by a crash reads up to its last flush.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "common/result.hpp"
#include "rtc/codecs/codec.hpp"

struct AVFormatContext;
struct AVPacket;

namespace meet::record {

class MkvWriter {
 public:
  struct Params {
    rtc::Codec codec = rtc::Codec::kUnknown;
    int width = 0;  // video: 0 when not known (decoders read it from the bitstream)
    int height = 0;
    // H.264: the first keyframe in Annex B, from which the SPS and PPS are taken.
    std::span<const uint8_t> first_frame;
  };

  // Creates the file and writes the header. An error string on failure (never throws).
  static Result<std::unique_ptr<MkvWriter>, std::string> open(const std::filesystem::path& path,
                                                              const Params& params);
  ~MkvWriter();  // finishes the file (cues, sizes) if close() was not called
  MkvWriter(const MkvWriter&) = delete;
  MkvWriter& operator=(const MkvWriter&) = delete;

  // `pts_ms` must increase; a frame at or before the last one is dropped (false).
  bool write(std::span<const uint8_t> frame, int64_t pts_ms, bool keyframe);
  void flush();
  void close();
  int64_t last_pts_ms() const { return last_pts_; }
  uint64_t bytes_written() const { return bytes_; }

 private:
  struct Private {};

 public:
  explicit MkvWriter(Private) {}

 private:
  AVFormatContext* ctx_ = nullptr;
  AVPacket* packet_ = nullptr;
  int64_t last_pts_ = -1;
  uint64_t bytes_ = 0;
  bool closed_ = false;
};

}  // namespace meet::record
