#pragma once
// Prometheus series for HTTP requests, fed from Server::on_request:
//   meet_http_requests_total{route,method,status}
//   meet_http_request_duration_seconds{route}   (histogram, latency buckets)
// Labels come from server-side names only (route names, a fixed method list, the status), so a
// client cannot grow the series count. Control loop only.
#include <string_view>

#include "common/metrics.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace meet::http {

class RequestMetrics {
 public:
  explicit RequestMetrics(MetricsRegistry& registry = metrics()) : registry_(registry) {}

  void record(const Request& request, const Response& response, std::string_view route,
              double seconds);

 private:
  MetricsRegistry& registry_;
};

}  // namespace meet::http
