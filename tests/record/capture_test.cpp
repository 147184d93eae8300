// Capture end to end without an engine: tapped packets go into the ring as a media worker
// would put them, and the test reads back the Matroska files (with libavformat) and the
// manifest a composer would read.
#include "record/capture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

extern "C" {
#include <libavformat/avformat.h>
}

namespace meet::record {
namespace {

namespace fs = std::filesystem;

struct Packet {
  uint16_t seq;
  uint32_t ts;
  bool marker;
  std::vector<uint8_t> payload;
};

void push(Capture& c, const std::string& pid, const std::string& tid, rtc::Codec codec,
          const Packet& p, int64_t wall_ms) {
  TapSlot* s = c.tap()->ring().begin_push();
  ASSERT_NE(s, nullptr);
  s->kind = TapSlot::Kind::kRtp;
  s->codec = codec;
  s->video = codec != rtc::Codec::kOpus;
  s->clock_rate = s->video ? 90000 : 48000;
  s->steady_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                     std::chrono::steady_clock::now().time_since_epoch())
                     .count();
  s->wall_ms = wall_ms;
  s->participant_id_len = static_cast<uint8_t>(pid.size());
  std::memcpy(s->participant_id.data(), pid.data(), pid.size());
  s->track_id_len = static_cast<uint8_t>(tid.size());
  std::memcpy(s->track_id.data(), tid.data(), tid.size());
  const uint8_t header[12] = {0x80,
                              static_cast<uint8_t>((p.marker ? 0x80 : 0) | 96),
                              static_cast<uint8_t>(p.seq >> 8),
                              static_cast<uint8_t>(p.seq),
                              static_cast<uint8_t>(p.ts >> 24),
                              static_cast<uint8_t>(p.ts >> 16),
                              static_cast<uint8_t>(p.ts >> 8),
                              static_cast<uint8_t>(p.ts),
                              0x11,
                              0x22,
                              0x33,
                              0x44};
  std::memcpy(s->bytes.data(), header, 12);
  std::memcpy(s->bytes.data() + 12, p.payload.data(), p.payload.size());
  s->size = static_cast<uint16_t>(12 + p.payload.size());
  c.tap()->ring().end_push();
}

void push_sr(Capture& c, const std::string& pid, const std::string& tid, uint32_t rtp_ts,
             uint64_t ntp) {
  TapSlot* s = c.tap()->ring().begin_push();
  ASSERT_NE(s, nullptr);
  s->kind = TapSlot::Kind::kSenderReport;
  s->participant_id_len = static_cast<uint8_t>(pid.size());
  std::memcpy(s->participant_id.data(), pid.data(), pid.size());
  s->track_id_len = static_cast<uint8_t>(tid.size());
  std::memcpy(s->track_id.data(), tid.data(), tid.size());
  s->sender_report.rtp_timestamp = rtp_ts;
  s->sender_report.ntp_timestamp = ntp;
  c.tap()->ring().end_push();
}

// A VP8 frame in one packet: descriptor (S=1, PID 0), then a frame tag with P = !key.
std::vector<uint8_t> vp8(bool key, uint8_t fill) {
  const uint8_t head[] = {0x10, static_cast<uint8_t>(key ? 0x50 : 0x51),
                          0x05, 0x00,  // tag
                          0x9d, 0x01,
                          0x2a, 0x80,
                          0x02, 0x68,
                          0x01};  // keyframe: 640x360
  std::vector<uint8_t> p(head, head + (key ? sizeof head : 4));
  p.resize(p.size() + 20, fill);
  return p;
}

std::vector<nlohmann::json> read_manifest(const fs::path& folder) {
  std::vector<nlohmann::json> out;
  std::ifstream in(folder / "manifest.jsonl");
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

struct Read {
  std::string codec;
  std::vector<int64_t> pts;
  int width = 0;
};

Read read_mkv(const fs::path& file) {
  Read r;
  AVFormatContext* ctx = nullptr;
  if (avformat_open_input(&ctx, file.c_str(), nullptr, nullptr) < 0) return r;
  r.codec = avcodec_get_name(ctx->streams[0]->codecpar->codec_id);
  r.width = ctx->streams[0]->codecpar->width;
  AVPacket* pkt = av_packet_alloc();
  while (av_read_frame(ctx, pkt) >= 0) {
    r.pts.push_back(pkt->pts);
    av_packet_unref(pkt);
  }
  av_packet_free(&pkt);
  avformat_close_input(&ctx);
  return r;
}

class CaptureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("capture_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Capture> start(std::vector<std::string>* keyframe_requests = nullptr) {
    CaptureConfig config{"rec_1", "room_1", "room_1", dir_ / "rec_1"};
    auto c =
        Capture::start(config, [keyframe_requests](const std::string& pid, const std::string& tid) {
          if (keyframe_requests) keyframe_requests->push_back(pid + "/" + tid);
        });
    EXPECT_TRUE(c.ok());
    auto capture = std::move(c).value();
    engine::ParticipantInfo alice{"p_1", "alice", "Alice", 0, {}};
    alice.tracks.push_back({"t_1", "video", "camera", false});
    alice.tracks.push_back({"t_2", "audio", "microphone", false});
    capture->update({alice});
    return capture;
  }

  fs::path dir_;
};

TEST_F(CaptureTest, WritesTracksFromTheFirstKeyframeWithMillisecondTimestamps) {
  std::vector<std::string> asked;
  auto c = start(&asked);
  // Video: a delta frame first (dropped: no keyframe yet), then a keyframe split over two
  // packets that arrive out of order, then two delta frames 33 ms apart; the RTP timestamp
  // wraps between them.
  const uint32_t t0 = 0xffffffff - 3000;
  push(*c, "p_1", "t_1", rtc::Codec::kVp8, {100, t0 - 3000, true, vp8(false, 1)}, 1000);
  auto key = vp8(true, 2);
  std::vector<uint8_t> first(key.begin(), key.begin() + 15);
  std::vector<uint8_t> second = {0x00};  // descriptor of a continuation packet
  second.insert(second.end(), key.begin() + 15, key.end());
  push(*c, "p_1", "t_1", rtc::Codec::kVp8, {102, t0, true, second}, 1040);
  push(*c, "p_1", "t_1", rtc::Codec::kVp8, {101, t0, false, first}, 1041);
  push(*c, "p_1", "t_1", rtc::Codec::kVp8, {103, t0 + 2970, true, vp8(false, 3)}, 1074);
  push(*c, "p_1", "t_1", rtc::Codec::kVp8, {104, t0 + 5940, true, vp8(false, 4)}, 1107);
  push_sr(*c, "p_1", "t_1", t0 + 9000, (uint64_t{3913056000} << 32) | 0x80000000u);
  // Audio: three 20 ms Opus packets.
  for (uint16_t i = 0; i < 3; ++i) {
    push(*c, "p_1", "t_2", rtc::Codec::kOpus,
         {static_cast<uint16_t>(7 + i), 960u * i, false, {0xfc, 0x01, 0x02}}, 1000 + 20 * i);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  c->stop();

  EXPECT_EQ(asked.front(), "p_1/t_1");  // at once, as the track appeared
  auto video = read_mkv(dir_ / "rec_1" / "tracks" / "t_1.mkv");
  EXPECT_EQ(video.codec, "vp8");
  EXPECT_EQ(video.width, 640);
  EXPECT_EQ(video.pts, (std::vector<int64_t>{0, 33, 66}));
  auto audio = read_mkv(dir_ / "rec_1" / "tracks" / "t_2.mkv");
  EXPECT_EQ(audio.codec, "opus");
  EXPECT_EQ(audio.pts, (std::vector<int64_t>{0, 20, 40}));

  auto lines = read_manifest(dir_ / "rec_1");
  ASSERT_GE(lines.size(), 5u);
  EXPECT_EQ(lines.front()["type"], "recording");
  EXPECT_EQ(lines.front()["meeting_id"], "room_1");
  EXPECT_EQ(lines.back()["type"], "stopped");
  int tracks = 0;
  for (const auto& l : lines) {
    if (l["type"] == "track" && l["track_id"] == "t_1") {
      ++tracks;
      EXPECT_EQ(l["codec"], "vp8");
      EXPECT_EQ(l["name"], "Alice");
      EXPECT_EQ(l["source"], "camera");
      EXPECT_EQ(l["first_rtp_ts"], int64_t{t0});
      EXPECT_EQ(l["first_frame_wall_ms"], 1041);
    }
    if (l["type"] == "sr") {
      // Unwrapped like the file: past 2^32.
      EXPECT_EQ(l["rtp_ts"], int64_t{t0} + 9000);
      EXPECT_NEAR(l["ntp_ms"].get<double>(), (3913056000.0 - 2208988800.0) * 1000 + 500, 0.01);
    }
    if (l["type"] == "participant") {
      EXPECT_EQ(l["name"], "Alice");
    }
  }
  EXPECT_EQ(tracks, 1);
}

TEST_F(CaptureTest, APauseInSendingStaysAPauseWhenTimestampsDidNotAdvance) {
  auto c = start();
  // A muted browser microphone sends nothing and resumes 3 s later with the next timestamp;
  // its later sender reports use that clock.
  const uint32_t ts[] = {0, 960, 1920, 2880, 3840};
  const int64_t wall[] = {1000, 1020, 1040, 4060, 4080};
  for (uint16_t i = 0; i < 5; ++i) {
    push(*c, "p_1", "t_2", rtc::Codec::kOpus,
         {static_cast<uint16_t>(7 + i), ts[i], false, {0xfc, 0x01, 0x02}}, wall[i]);
  }
  push_sr(*c, "p_1", "t_2", 4800, uint64_t{3913056004} << 32);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  c->stop();

  auto audio = read_mkv(dir_ / "rec_1" / "tracks" / "t_2.mkv");
  EXPECT_EQ(audio.pts, (std::vector<int64_t>{0, 20, 40, 3060, 3080}));
  int reports = 0;
  for (const auto& l : read_manifest(dir_ / "rec_1")) {
    if (l["type"] != "sr") continue;
    ++reports;
    EXPECT_EQ(l["rtp_ts"], 4800 + 3000 * 48);  // in the file's clock, past the pause
  }
  EXPECT_EQ(reports, 1);
}

TEST_F(CaptureTest, UnknownTracksAreNotRecordedAndEndedTracksAreClosed) {
  auto c = start();
  push(*c, "p_9", "t_9", rtc::Codec::kOpus, {1, 0, false, {0xfc, 0x01}}, 1000);
  push(*c, "p_1", "t_2", rtc::Codec::kOpus, {1, 0, false, {0xfc, 0x01}}, 1000);
  // Until the capture thread took them (a loaded machine may keep it waiting).
  const auto file = dir_ / "rec_1" / "tracks" / "t_2.mkv";
  for (int i = 0; i < 500 && !fs::exists(file); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  c->update({});  // Alice left
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  c->stop();
  EXPECT_FALSE(fs::exists(dir_ / "rec_1" / "tracks" / "t_9.mkv"));
  auto lines = read_manifest(dir_ / "rec_1");
  bool left = false, ended = false;
  for (const auto& l : lines) {
    left = left || (l["type"] == "participant" && l["event"] == "left");
    ended = ended || (l["type"] == "track_end" && l["track_id"] == "t_2");
  }
  EXPECT_TRUE(left);
  EXPECT_TRUE(ended);
}

TEST_F(CaptureTest, AFileCutBeforeItsTrailerReadsUpToTheLastFlush) {
  auto c = start();
  for (uint16_t i = 0; i < 100; ++i) {
    push(*c, "p_1", "t_2", rtc::Codec::kOpus, {i, 960u * i, false, {0xfc, 0x01, 0x02}},
         1000 + 20 * i);
  }
  // Past the flush interval: the clusters so far are in the file, no trailer yet.
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  auto copy = dir_ / "cut.mkv";
  fs::copy_file(dir_ / "rec_1" / "tracks" / "t_2.mkv", copy);
  c->stop();
  auto read = read_mkv(copy);
  EXPECT_EQ(read.codec, "opus");
  // All but the last packet: the muxer holds one back until the next tells its duration.
  EXPECT_GE(read.pts.size(), 99u);
}

}  // namespace
}  // namespace meet::record
