#include "record/mkv_writer.hpp"

#include <cstring>
#include <vector>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

namespace meet::record {
namespace {

std::string av_error(int code) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, buf, sizeof buf);
  return buf;
}

// RFC 7845 5.1: the identification header Matroska keeps as CodecPrivate. WebRTC sends
// stereo-capable Opus at 48 kHz; a pre-skip of 0 keeps pts 0 at the first sample.
std::vector<uint8_t> opus_head() {
  std::vector<uint8_t> h = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 2, 0, 0};
  const uint32_t rate = 48000;
  for (int i = 0; i < 4; ++i) h.push_back(static_cast<uint8_t>(rate >> (8 * i)));
  h.insert(h.end(), {0, 0, 0});  // output gain, channel mapping family 0
  return h;
}

// The SPS and PPS NAL units of an Annex B access unit, each behind a 4-byte start code: the
// muxer turns such extradata into an avcC record and the packets into length prefixes.
std::vector<uint8_t> h264_parameter_sets(std::span<const uint8_t> au) {
  std::vector<uint8_t> out;
  size_t i = 0;
  auto next_start = [&au](size_t from) {
    for (size_t k = from; k + 3 < au.size(); ++k) {
      if (au[k] == 0 && au[k + 1] == 0 && au[k + 2] == 0 && au[k + 3] == 1) return k;
    }
    return au.size();
  };
  i = next_start(0);
  while (i < au.size()) {
    size_t begin = i + 4;
    size_t end = next_start(begin);
    if (begin < end) {
      uint8_t type = au[begin] & 0x1f;
      if (type == 7 || type == 8) out.insert(out.end(), au.begin() + i, au.begin() + end);
    }
    i = end;
  }
  return out;
}

Result<void, std::string> set_extradata(AVCodecParameters* par, const std::vector<uint8_t>& data) {
  if (data.empty()) return Ok{};
  par->extradata = static_cast<uint8_t*>(av_mallocz(data.size() + AV_INPUT_BUFFER_PADDING_SIZE));
  if (!par->extradata) return make_error(std::string("out of memory"));
  std::memcpy(par->extradata, data.data(), data.size());
  par->extradata_size = static_cast<int>(data.size());
  return Ok{};
}

}  // namespace

Result<std::unique_ptr<MkvWriter>, std::string> MkvWriter::open(const std::filesystem::path& path,
                                                                const Params& params) {
  auto w = std::make_unique<MkvWriter>(Private{});
  int rc = avformat_alloc_output_context2(&w->ctx_, nullptr, "matroska", path.c_str());
  if (rc < 0 || !w->ctx_) return make_error("matroska muxer: " + av_error(rc));
  AVStream* st = avformat_new_stream(w->ctx_, nullptr);
  if (!st) return make_error(std::string("cannot add a stream"));
  st->time_base = AVRational{1, 1000};
  AVCodecParameters* par = st->codecpar;
  std::vector<uint8_t> extradata;
  switch (params.codec) {
    case rtc::Codec::kOpus:
      par->codec_type = AVMEDIA_TYPE_AUDIO;
      par->codec_id = AV_CODEC_ID_OPUS;
      par->sample_rate = 48000;
      av_channel_layout_default(&par->ch_layout, 2);
      extradata = opus_head();
      break;
    case rtc::Codec::kVp8:
    case rtc::Codec::kVp9:
    case rtc::Codec::kH264:
      par->codec_type = AVMEDIA_TYPE_VIDEO;
      par->codec_id = params.codec == rtc::Codec::kVp8   ? AV_CODEC_ID_VP8
                      : params.codec == rtc::Codec::kVp9 ? AV_CODEC_ID_VP9
                                                         : AV_CODEC_ID_H264;
      par->width = params.width;
      par->height = params.height;
      if (params.codec == rtc::Codec::kH264) extradata = h264_parameter_sets(params.first_frame);
      break;
    case rtc::Codec::kUnknown:
      return make_error(std::string("unsupported codec"));
  }
  if (auto r = set_extradata(par, extradata); !r) return make_error(r.error());
  rc = avio_open(&w->ctx_->pb, path.c_str(), AVIO_FLAG_WRITE);
  if (rc < 0) return make_error("cannot create " + path.string() + ": " + av_error(rc));
  // Short clusters: each flush closes one, and a crash loses at most the open one.
  AVDictionary* opts = nullptr;
  av_dict_set(&opts, "cluster_time_limit", "1000", 0);
  rc = avformat_write_header(w->ctx_, &opts);
  av_dict_free(&opts);
  if (rc < 0) return make_error("matroska header: " + av_error(rc));
  avio_flush(w->ctx_->pb);
  w->packet_ = av_packet_alloc();
  if (!w->packet_) return make_error(std::string("out of memory"));
  return w;
}

MkvWriter::~MkvWriter() {
  close();
  av_packet_free(&packet_);
  if (ctx_) {
    if (ctx_->pb) avio_closep(&ctx_->pb);
    avformat_free_context(ctx_);
  }
}

bool MkvWriter::write(std::span<const uint8_t> frame, int64_t pts_ms, bool keyframe) {
  if (closed_ || frame.empty() || pts_ms <= last_pts_) return false;
  // The muxer copies the data (the packet is not reference-counted), so the frame buffer
  // stays the caller's.
  av_packet_unref(packet_);
  packet_->data = const_cast<uint8_t*>(frame.data());
  packet_->size = static_cast<int>(frame.size());
  packet_->pts = packet_->dts = pts_ms;
  packet_->stream_index = 0;
  packet_->flags = keyframe ? AV_PKT_FLAG_KEY : 0;
  if (av_write_frame(ctx_, packet_) < 0) return false;
  last_pts_ = pts_ms;
  bytes_ += frame.size();
  return true;
}

void MkvWriter::flush() {
  if (closed_) return;
  av_write_frame(ctx_, nullptr);  // closes the cluster
  avio_flush(ctx_->pb);
}

void MkvWriter::close() {
  if (closed_ || !ctx_) return;
  closed_ = true;
  av_write_trailer(ctx_);
  avio_flush(ctx_->pb);
}

}  // namespace meet::record
