#include "engine/audio_activity.hpp"

#include <gtest/gtest.h>

namespace meet::engine {
namespace {

using namespace std::chrono_literals;
using TimePoint = AudioActivity::TimePoint;

// Feeds one level every 20 ms (Opus frames) for `duration`; returns the time after.
TimePoint feed(AudioActivity& a, uint8_t level, TimePoint from,
               std::chrono::milliseconds duration) {
  TimePoint t = from;
  for (auto end = from + duration; t < end; t += 20ms) a.on_level(level, t);
  return t;
}

TEST(AudioActivity, SpeechScoresHighAndSilenceLow) {
  AudioActivity speech, silence;
  const TimePoint t0{1s};
  auto t = feed(speech, 25, t0, 1s);  // -25 dBov: talking
  feed(silence, 127, t0, 1s);         // -127 dBov: the extension's silence
  EXPECT_GT(speech.score(t), 0.5f);
  EXPECT_EQ(silence.score(t), 0.0f);
}

TEST(AudioActivity, OneLoudPacketIsNotSpeech) {
  AudioActivity a;
  auto t = feed(a, 127, TimePoint{1s}, 1s);
  a.on_level(10, t);
  EXPECT_LT(a.score(t), 0.1f);
}

TEST(AudioActivity, StopsCountingWhenPacketsStop) {
  AudioActivity a;
  auto t = feed(a, 20, TimePoint{1s}, 1s);
  EXPECT_GT(a.score(t), 0.5f);
  EXPECT_EQ(a.score(t + AudioActivity::kStale + 1ms), 0.0f);  // muted or gone
}

TEST(AudioActivity, FallsWithinAboutASecondOfSilence) {
  AudioActivity a;
  auto t = feed(a, 20, TimePoint{1s}, 1s);
  t = feed(a, 127, t, 1s);
  EXPECT_LT(a.score(t), 0.1f);
}

}  // namespace
}  // namespace meet::engine
