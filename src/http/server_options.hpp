#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "http/trusted_proxies.hpp"

namespace meet::http {

struct ServerOptions {
  std::string bind = "0.0.0.0";
  uint16_t port = 0;  // 0 = any free port; Server::port() tells which
  size_t max_body_bytes = 1024 * 1024;
  size_t max_header_bytes = 16 * 1024;
  // Both set -> HTTPS and WSS only (PEM certificate chain and private key).
  std::optional<std::string> tls_cert_file;
  std::optional<std::string> tls_key_file;
  // Peers whose X-Forwarded-For names the client (Request::remote_ip); nobody by default.
  TrustedProxies trusted_proxies;
  // Web app directory; empty = no static files.
  std::string static_dir;
  // Bounds reading one request (headers and body) and waiting for the next on keep-alive;
  // for WebSockets, the silence after which a connection is pinged and then dropped.
  std::chrono::seconds idle_timeout{60};
  // Connections held at once from one client address, and in all (0: unbounded). One over
  // either bound is closed right after accept (plain HTTP gets a 503 too_many_connections).
  size_t max_connections_per_address = 64;
  size_t max_connections = 4096;
  // On stop(), how long a request still being handled may take before its connection is cut.
  std::chrono::milliseconds shutdown_grace{5000};
};

}  // namespace meet::http
