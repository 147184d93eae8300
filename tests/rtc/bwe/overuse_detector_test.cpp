#include "rtc/bwe/overuse_detector.hpp"

#include <gtest/gtest.h>

namespace meet::rtc {
namespace {

struct Case {
  const char* name;
  double trend_ms;
  int groups;  // fed 5 ms apart
  BandwidthUsage expected;
};

TEST(OveruseDetector, ClassifiesSustainedTrends) {
  const Case cases[] = {
      {"flat", 0, 10, BandwidthUsage::kNormal},
      {"inside threshold", 10, 10, BandwidthUsage::kNormal},
      {"one group above is not enough", 20, 1, BandwidthUsage::kNormal},
      {"two groups above, under 10 ms", 20, 2, BandwidthUsage::kNormal},
      {"sustained above", 20, 4, BandwidthUsage::kOverusing},
      {"below minus threshold", -20, 1, BandwidthUsage::kUnderusing},
  };
  for (const Case& c : cases) {
    OveruseDetector d;
    int64_t t = 0;
    BandwidthUsage got = BandwidthUsage::kNormal;
    for (int i = 0; i < c.groups; ++i) got = d.detect(c.trend_ms, 5, t += 5'000);
    EXPECT_EQ(got, c.expected) << c.name;
  }
}

TEST(OveruseDetector, DoesNotSignalOveruseWhileTrendFalls) {
  OveruseDetector d;
  d.detect(30, 5, 5'000);
  d.detect(28, 5, 10'000);
  EXPECT_EQ(d.detect(26, 5, 15'000), BandwidthUsage::kNormal);
  EXPECT_EQ(d.detect(27, 5, 20'000), BandwidthUsage::kOverusing);
}

TEST(OveruseDetector, ThresholdFollowsTrendSlowlyUpAndFasterDown) {
  OveruseDetector up;
  OveruseDetector down;
  int64_t t = 0;
  for (int i = 0; i < 20; ++i) {
    t += 10'000;
    up.detect(20, 10, t);   // above gamma: K_u
    down.detect(0, 10, t);  // below gamma: K_d
  }
  const double rise = up.threshold_ms() - OveruseDetector::kInitialThresholdMs;
  const double fall = OveruseDetector::kInitialThresholdMs - down.threshold_ms();
  EXPECT_GT(rise, 0);
  EXPECT_GT(fall, rise);
  EXPECT_GE(down.threshold_ms(), OveruseDetector::kMinThresholdMs);
}

TEST(OveruseDetector, OutliersDoNotMoveThreshold) {
  OveruseDetector d;
  d.detect(0, 10, 10'000);
  const double before = d.threshold_ms();
  d.detect(500, 10, 20'000);  // far above gamma + 15 ms
  EXPECT_DOUBLE_EQ(d.threshold_ms(), before);
}

}  // namespace
}  // namespace meet::rtc
