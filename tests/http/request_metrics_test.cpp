#include "http/request_metrics.hpp"

#include <gtest/gtest.h>

namespace meet::http {
namespace {

TEST(RequestMetrics, CountsByRouteMethodAndStatus) {
  MetricsRegistry registry;
  RequestMetrics m(registry);
  Request get;
  get.method = "GET";
  Request weird;
  weird.method = "BREW";
  m.record(get, Response::json(200, {}), "meetings", 0.002);
  m.record(get, Response::json(200, {}), "meetings", 0.2);
  m.record(weird, Response::error(404, "not_found", ""), "", 0.0);
  std::string text = registry.render_prometheus();
  EXPECT_NE(
      text.find("meet_http_requests_total{method=\"GET\",route=\"meetings\",status=\"200\"} 2\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "meet_http_requests_total{method=\"other\",route=\"unmatched\",status=\"404\"} 1\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("meet_http_request_duration_seconds_count{route=\"meetings\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("meet_http_request_duration_seconds_bucket{route=\"meetings\",le=\"0.0025\"} 1\n"),
      std::string::npos)
      << text;
}

}  // namespace
}  // namespace meet::http
