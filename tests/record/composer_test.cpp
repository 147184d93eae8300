// Composes a small capture folder made with the ffmpeg CLI and checks what a viewer would see
// and hear: the tiles' colours where the layout puts them, names drawn, each tone starting when
// it was sent, audio as long as video.
#include "record/composer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

#include "common/log.hpp"
#include "record/capture_folder.hpp"

namespace meet::record {
namespace {

using namespace meet::record::testing;

constexpr int64_t kStart = 1'700'000'000'000;
constexpr int kW = 640, kH = 360;

std::string track_line(const std::string& id, const std::string& pid, const std::string& name,
                       const std::string& kind, const std::string& source, int clock,
                       int64_t first_rtp, int64_t first_wall_ms) {
  nlohmann::json j = {{"type", "track"},
                      {"track_id", id},
                      {"participant_id", pid},
                      {"identity", pid},
                      {"name", name},
                      {"kind", kind},
                      {"source", source},
                      {"codec", kind == "audio" ? "opus" : "vp8"},
                      {"clock_rate", clock},
                      {"file", "tracks/" + id + ".mkv"},
                      {"first_rtp_ts", first_rtp},
                      {"first_frame_wall_ms", first_wall_ms}};
  return j.dump() + "\n";
}

// Sender reports every second for `seconds`, the first frame (pts 0) sent at `sent_ms` on the
// timeline.
std::string reports(const std::string& id, int clock, int64_t first_rtp, int64_t sent_ms,
                    int seconds) {
  std::string out;
  for (int k = 0; k <= seconds; ++k) {
    nlohmann::json j = {{"type", "sr"},
                        {"track_id", id},
                        {"ntp_ms", static_cast<double>(kStart + sent_ms + k * 1000) + 0.25},
                        {"rtp_ts", first_rtp + static_cast<int64_t>(k) * clock}};
    out += j.dump() + "\n";
  }
  return out;
}

double distance(Rgb a, Rgb b) {
  return std::sqrt((a.r - b.r) * (a.r - b.r) + (a.g - b.g) * (a.g - b.g) +
                   (a.b - b.b) * (a.b - b.b));
}

// Goertzel power of `freq` in samples [from, from + n).
double goertzel(const std::vector<int16_t>& s, size_t from, size_t n, double freq, int rate) {
  double k = 2 * std::cos(2 * M_PI * freq / rate), s1 = 0, s2 = 0;
  for (size_t i = from; i < from + n && i < s.size(); ++i) {
    double v = s[i] / 32768.0 + k * s1 - s2;
    s2 = s1;
    s1 = v;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / (n * n);
}

// Seconds at which `freq` first rises above a tenth of its loudest 10 ms window, after `after`.
double onset(const std::vector<int16_t>& s, double freq, int rate, double after) {
  size_t win = rate / 100;
  double peak = 0;
  for (size_t i = 0; i + win <= s.size(); i += win)
    peak = std::max(peak, goertzel(s, i, win, freq, rate));
  size_t step = rate / 1000;     // 1 ms
  bool quiet_seen = after == 0;  // a tone loud from the very start begins at 0
  for (size_t i = static_cast<size_t>(after * rate); i + win <= s.size(); i += step) {
    bool loud = goertzel(s, i, win, freq, rate) > peak / 10;
    if (!loud) quiet_seen = true;
    if (loud && quiet_seen) return static_cast<double>(i + win / 2) / rate;
  }
  return -1;
}

class ComposerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::getenv("MEET_TEST_DEBUG")) logger("record")->set_level(spdlog::level::debug);
    dir_ = new TempDir();
    const fs::path f = dir_->path();
    fs::create_directories(f / "tracks");
    // Alice: red camera and a 440 Hz voice from the start; camera muted 5.0-6.5 s.
    // Bob: green camera, 1000 Hz voice with nothing sent while muted 3-5 s; no sender reports.
    // Carol: joins at 3 s (her first frames arrive 250 ms late: the reports must win), a blue
    // 4:3 camera, 1700 Hz; her RTP timestamps wrap past 2^32.
    ASSERT_EQ(make_video(f / "tracks/a_v.mkv", "0xFF0000", 320, 180, 8), "");
    ASSERT_EQ(make_tone(f / "tracks/a_a.mkv", 440, 8), "");
    ASSERT_EQ(make_video(f / "tracks/b_v.mkv", "0x00FF00", 320, 180, 8), "");
    ASSERT_EQ(make_tone(f / "tracks/b_a.mkv", 1000, 8, 3000, 5000), "");
    // Carol's camera starts 4:3 and turns 16:9 after 2.5 s (at 5.5 s on the timeline).
    ASSERT_EQ(
        make_video_resized(f / "tracks/c_v.mkv", "0x0000FF", {240, 180}, {320, 180}, 2.5, 2.5), "");
    ASSERT_EQ(make_tone(f / "tracks/c_a.mkv", 1700, 5), "");
    const int64_t wrap = 4294967296 - 48000;
    std::string m = nlohmann::json({{"type", "recording"},
                                    {"recording_id", "rec1"},
                                    {"room", "room1"},
                                    {"meeting_id", nullptr},
                                    {"started_at_ms", kStart}})
                        .dump() +
                    "\n";
    m +=
        R"({"type":"participant","participant_id":"alice","name":"Alice","event":"joined","at_ms":)" +
        std::to_string(kStart) + "}\n";
    m += nlohmann::json({{"type", "participant"},
                         {"participant_id", "bob"},
                         {"name", kBob},
                         {"event", "joined"},
                         {"at_ms", kStart}})
             .dump() +
         "\n";
    m += track_line("a_v", "alice", "Alice", "video", "camera", 90000, 1000, kStart + 30);
    m += track_line("a_a", "alice", "Alice", "audio", "microphone", 48000, 5000, kStart + 30);
    m += reports("a_v", 90000, 1000, 0, 8) + reports("a_a", 48000, 5000, 0, 8);
    m += track_line("b_v", "bob", kBob, "video", "camera", 90000, 7, kStart);
    m += track_line("b_a", "bob", kBob, "audio", "microphone", 48000, 9, kStart);
    m += "{\"type\":\"some_future_line\",\"x\":1}\n";
    m += R"({"type":"mute","track_id":"b_a","muted":true,"at_ms":)" +
         std::to_string(kStart + 3000) + "}\n";
    m += nlohmann::json({{"type", "participant"},
                         {"participant_id", "carol"},
                         {"name", kCarol},
                         {"event", "joined"},
                         {"at_ms", kStart + 2900}})
             .dump() +
         "\n";
    m += track_line("c_v", "carol", kCarol, "video", "camera", 90000, wrap * 2, kStart + 3250);
    m += track_line("c_a", "carol", kCarol, "audio", "microphone", 48000, wrap, kStart + 3250);
    m += reports("c_v", 90000, wrap * 2, 3000, 5) + reports("c_a", 48000, wrap, 3000, 5);
    m += R"({"type":"mute","track_id":"b_a","muted":false,"at_ms":)" +
         std::to_string(kStart + 5000) + "}\n";
    m += R"({"type":"mute","track_id":"a_v","muted":true,"at_ms":)" +
         std::to_string(kStart + 5000) + "}\n";
    m += R"({"type":"mute","track_id":"a_v","muted":false,"at_ms":)" +
         std::to_string(kStart + 6500) + "}\n";
    m += R"({"type":"stopped","at_ms":)" + std::to_string(kStart + 8000) + "}\n";
    write_text(f / "manifest.jsonl", m);

    ComposeOptions o;
    o.width = kW;
    o.height = kH;
    o.fps = 15;
    auto r = compose(f, o, [](double p) { progress_->push_back(p); });
    ASSERT_TRUE(r.ok()) << r.error();
    result_ = new ComposeResult(r.value());
  }
  static void TearDownTestSuite() {
    delete result_;
    delete dir_;
    progress_->clear();
  }

  static inline const std::string kBob = "B'o:b \\ 100% [x],y; \"q\"";
  static inline const std::string kCarol = "Карина 李";
  static inline TempDir* dir_ = nullptr;
  static inline ComposeResult* result_ = nullptr;
  static inline std::vector<double>* progress_ = new std::vector<double>();
};

TEST_F(ComposerTest, WritesH264AndAacOfTheRecordedLength) {
  ASSERT_NE(result_, nullptr);
  EXPECT_EQ(result_->mp4, dir_->path() / "recording.mp4");
  EXPECT_NEAR(result_->duration_ms, 8000, 100);
  std::string out;
  ASSERT_EQ(run({"ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name,duration",
                 "-of", "csv=p=0", result_->mp4.string()},
                &out),
            "");
  double video = -1, audio = -1;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    auto c1 = line.find(','), c2 = line.rfind(',');
    std::string codec = line.substr(0, c1), type = line.substr(c1 + 1, c2 - c1 - 1);
    double d = std::stod(line.substr(c2 + 1));
    if (type == "video") {
      EXPECT_EQ(codec, "h264");
      video = d;
    }
    if (type == "audio") {
      EXPECT_EQ(codec, "aac");
      audio = d;
    }
  }
  EXPECT_NEAR(video, 8.0, 1.0);
  EXPECT_NEAR(audio, video, 0.1);
  // faststart: the index (moov) comes before the media (mdat).
  std::string head = read_bytes(result_->mp4).substr(0, 4096);
  EXPECT_LT(head.find("moov"), head.find("mdat") == std::string::npos ? 4096 : head.find("mdat"));
}

TEST_F(ComposerTest, ReportsParticipantsAndProgress) {
  ASSERT_NE(result_, nullptr);
  EXPECT_EQ(result_->participants, (std::vector<std::string>{"Alice", kBob, kCarol}));
  ASSERT_FALSE(progress_->empty());
  EXPECT_DOUBLE_EQ(progress_->back(), 1.0);
  EXPECT_TRUE(std::is_sorted(progress_->begin(), progress_->end()));
}

TEST_F(ComposerTest, TilesFollowWhoIsPresent) {
  ASSERT_NE(result_, nullptr);
  const Rgb red{255, 0, 0}, green{0, 255, 0}, blue{0, 0, 255}, tile{0x2b, 0x30, 0x38};
  // Two people: side by side, 320x180 tiles at y 90.
  auto f = frame_at(result_->mp4, 1.5, kW, kH, dir_->path());
  ASSERT_EQ(f.rgb.size(), static_cast<size_t>(kW * kH * 3));
  EXPECT_LT(distance(f.at(160, 150), red), 60);
  EXPECT_LT(distance(f.at(480, 150), green), 60);
  // Three: a 2x2 grid, Carol centred in the second row, her 4:3 picture pillarboxed.
  f = frame_at(result_->mp4, 4.0, kW, kH, dir_->path());
  EXPECT_LT(distance(f.at(160, 60), red), 60);
  EXPECT_LT(distance(f.at(480, 60), green), 60);
  EXPECT_LT(distance(f.at(320, 240), blue), 60);
  EXPECT_LT(distance(f.at(170, 240), tile), 30);  // pillarbox left of Carol's 4:3 picture
  // Alice's camera muted: her tile is plain.
  f = frame_at(result_->mp4, 5.8, kW, kH, dir_->path());
  EXPECT_LT(distance(f.at(160, 60), tile), 30);
  EXPECT_LT(distance(f.at(480, 60), green), 60);
  f = frame_at(result_->mp4, 7.2, kW, kH, dir_->path());
  EXPECT_LT(distance(f.at(160, 60), red), 60);
  // Carol's camera changed to 16:9: it now fills her tile, no pillarbox.
  EXPECT_LT(distance(f.at(170, 240), blue), 60);
  EXPECT_LT(distance(f.at(320, 240), blue), 60);
}

TEST_F(ComposerTest, DrawsEachNameUnderItsTile) {
  ASSERT_NE(result_, nullptr);
  auto f = frame_at(result_->mp4, 4.0, kW, kH, dir_->path());
  ASSERT_EQ(f.rgb.size(), static_cast<size_t>(kW * kH * 3));
  // The label sits in the bottom left of each tile: count bright (text) and dark (box) pixels.
  auto text_in = [&](int x0, int y0) {
    int bright = 0, dark = 0;
    for (int y = y0 - 20; y < y0; ++y) {
      for (int x = x0; x < x0 + 60; ++x) {
        auto p = f.at(x, y);
        int l = (p.r + p.g + p.b) / 3;
        bright += l > 180;
        dark += l < 60;
      }
    }
    return bright > 20 && dark > 100;
  };
  EXPECT_TRUE(text_in(4, 180)) << "Alice";
  EXPECT_TRUE(text_in(324, 180)) << "Bob";
  EXPECT_TRUE(text_in(164, 360)) << "Carol";
  // No label where there is no tile.
  EXPECT_FALSE(text_in(4, 360));
}

TEST_F(ComposerTest, EachToneStartsWhenItWasSent) {
  ASSERT_NE(result_, nullptr);
  const int rate = 8000;
  auto s = audio_of(result_->mp4, rate, dir_->path());
  ASSERT_GT(s.size(), static_cast<size_t>(7 * rate));
  EXPECT_NEAR(onset(s, 440, rate, 0), 0.0, 0.1);
  EXPECT_NEAR(onset(s, 1700, rate, 0), 3.0, 0.1);    // the sender reports, not the arrival
  EXPECT_NEAR(onset(s, 1000, rate, 2.0), 5.0, 0.1);  // back from mute
  EXPECT_NEAR(static_cast<double>(s.size()) / rate, 8.0, 0.1);
}

TEST(Composer, FailsCleanlyOnAMissingOrBadFolder) {
  TempDir dir;
  auto r = compose(dir.path() / "none", {}, nullptr);
  ASSERT_FALSE(r.ok());
  write_text(dir.path() / "manifest.jsonl", "not json\n");
  r = compose(dir.path(), {}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("manifest"), std::string::npos);
  ComposeOptions o;
  o.ffmpeg = "/nonexistent/ffmpeg";
  write_text(dir.path() / "manifest.jsonl",
             R"({"type":"recording","recording_id":"r","room":"x","started_at_ms":1000})"
             "\n"
             R"({"type":"stopped","at_ms":3000})"
             "\n");
  r = compose(dir.path(), o, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("/nonexistent/ffmpeg"), std::string::npos) << r.error();
  EXPECT_FALSE(fs::exists(dir.path() / "recording.mp4"));
}

}  // namespace
}  // namespace meet::record
