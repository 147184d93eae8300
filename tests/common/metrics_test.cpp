#include "common/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace meet {
namespace {

TEST(Metrics, RendersCounterWithHelpAndType) {
  MetricsRegistry r;
  r.counter("meet_rtp_packets_total", "RTP packets received").inc(3);
  EXPECT_EQ(r.render_prometheus(),
            "# HELP meet_rtp_packets_total RTP packets received\n"
            "# TYPE meet_rtp_packets_total counter\n"
            "meet_rtp_packets_total 3\n");
}

TEST(Metrics, SameNameAndLabelsIsSameMetric) {
  MetricsRegistry r;
  Counter& a = r.counter("c_total", "h", {{"reason", "x"}, {"dir", "in"}});
  Counter& b = r.counter("c_total", "h", {{"dir", "in"}, {"reason", "x"}});  // order-free
  Counter& c = r.counter("c_total", "h", {{"dir", "in"}, {"reason", "y"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
  a.inc();
  b.inc(2);
  c.inc();
  EXPECT_EQ(r.render_prometheus(),
            "# HELP c_total h\n"
            "# TYPE c_total counter\n"
            "c_total{dir=\"in\",reason=\"x\"} 3\n"
            "c_total{dir=\"in\",reason=\"y\"} 1\n");
}

TEST(Metrics, RendersGauges) {
  MetricsRegistry r;
  Gauge& g = r.gauge("meet_rooms", "Open rooms");
  g.inc();
  g.inc();
  g.dec();
  r.gauge("meet_ratio", "A fraction").set(0.25);
  r.gauge("meet_neg", "Negative").set(-3);
  EXPECT_EQ(r.render_prometheus(),
            "# HELP meet_neg Negative\n# TYPE meet_neg gauge\nmeet_neg -3\n"
            "# HELP meet_ratio A fraction\n# TYPE meet_ratio gauge\nmeet_ratio 0.25\n"
            "# HELP meet_rooms Open rooms\n# TYPE meet_rooms gauge\nmeet_rooms 1\n");
}

TEST(Metrics, EscapesLabelValuesAndHelp) {
  MetricsRegistry r;
  r.counter("e_total", "line one\nback\\slash", {{"path", "a\"b\\c\nd"}}).inc();
  EXPECT_EQ(r.render_prometheus(),
            "# HELP e_total line one\\nback\\\\slash\n"
            "# TYPE e_total counter\n"
            "e_total{path=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(Metrics, RendersHistogramBucketsSumAndCount) {
  MetricsRegistry r;
  Histogram& h = r.histogram("meet_http_request_duration_seconds", "Request time", {0.1, 0.5, 1},
                             {{"route", "x"}});
  h.observe(0.05);
  h.observe(0.1);  // le is inclusive
  h.observe(0.7);
  h.observe(3);
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(r.render_prometheus(),
            "# HELP meet_http_request_duration_seconds Request time\n"
            "# TYPE meet_http_request_duration_seconds histogram\n"
            "meet_http_request_duration_seconds_bucket{route=\"x\",le=\"0.1\"} 2\n"
            "meet_http_request_duration_seconds_bucket{route=\"x\",le=\"0.5\"} 2\n"
            "meet_http_request_duration_seconds_bucket{route=\"x\",le=\"1\"} 3\n"
            "meet_http_request_duration_seconds_bucket{route=\"x\",le=\"+Inf\"} 4\n"
            "meet_http_request_duration_seconds_sum{route=\"x\"} 3.85\n"
            "meet_http_request_duration_seconds_count{route=\"x\"} 4\n");
}

TEST(Metrics, HistogramWithoutLabels) {
  MetricsRegistry r;
  r.histogram("h", "x", {1}).observe(2);
  EXPECT_EQ(r.render_prometheus(),
            "# HELP h x\n# TYPE h histogram\n"
            "h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 1\nh_sum 2\nh_count 1\n");
}

TEST(Metrics, CountersAreSafeAcrossThreads) {
  MetricsRegistry r;
  Counter& c = r.counter("t_total", "threads");
  Gauge& g = r.gauge("t_gauge", "threads");
  Histogram& h = r.histogram("t_hist", "threads", {1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.inc();
        g.inc();
        h.observe(0.5);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 40000u);
  EXPECT_EQ(g.value(), 40000.0);
  EXPECT_EQ(h.count(), 40000u);
  EXPECT_EQ(h.sum(), 20000.0);
}

TEST(Metrics, ProcessRegistryIsShared) {
  EXPECT_EQ(&metrics(), &metrics());
}

TEST(MetricsDeathTest, RejectsBadNamesAndTypeClashes) {
  MetricsRegistry r;
  EXPECT_DEATH(r.counter("bad-name", "x"), "invalid metric name");
  EXPECT_DEATH(r.counter("ok", "x", {{"bad label", "v"}}), "invalid label name");
  EXPECT_DEATH(r.histogram("h2", "x", {1}, {{"le", "1"}}), "reserved");
  EXPECT_DEATH(r.histogram("h3", "x", {2, 1}), "increase");
  r.counter("twice", "x");
  EXPECT_DEATH(r.gauge("twice", "x"), "different types");
}

}  // namespace
}  // namespace meet
