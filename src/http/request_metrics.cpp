#include "http/request_metrics.hpp"

#include <string>

namespace meet::http {
namespace {

std::string_view method_label(std::string_view m) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (m == known) return known;
  }
  return "other";
}

}  // namespace

void RequestMetrics::record(const Request& request, const Response& response,
                            std::string_view route, double seconds) {
  std::string r(route.empty() ? "unmatched" : route);
  registry_
      .counter("meet_http_requests_total", "HTTP requests by route, method and status",
               {{"route", r},
                {"method", std::string(method_label(request.method))},
                {"status", std::to_string(response.status)}})
      .inc();
  registry_
      .histogram("meet_http_request_duration_seconds", "Time to produce an HTTP response",
                 MetricsRegistry::default_latency_buckets(), {{"route", r}})
      .observe(seconds);
}

}  // namespace meet::http
