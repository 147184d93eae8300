#pragma once
// Settings of `meet serve`. Names follow the seed deployment where one existed (PUBLIC_IP,
// MIN_PORT/MAX_PORT, SSL); each flag also reads the environment variable in brackets.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace meet::app {

struct ServeConfig {
  std::string bind = "0.0.0.0";           // BIND
  uint16_t http_port = 8080;              // HTTP_PORT
  std::string public_ip = "127.0.0.1";    // PUBLIC_IP
  std::string public_url;                 // PUBLIC_URL (default http(s)://PUBLIC_IP:HTTP_PORT)
  uint16_t udp_port = 0;                  // UDP_PORT: first worker port (worker i: +i)
  uint16_t min_port = 0, max_port = 0;    // MIN_PORT/MAX_PORT: range the worker ports come from
  uint16_t tcp_port = 0;                  // TCP_PORT: first passive ICE-TCP port
  bool no_udp = false;                    // ICE_NO_UDP: advertise TCP candidates only
  bool no_tcp = false;                    // ICE_NO_TCP
  int workers = 0;                        // WORKERS (0: one per core)
  size_t audio_speakers_only_above = 20;  // AUDIO_SPEAKERS_ONLY_ABOVE (0: never)
  int resume_grace_s = 20;                // RESUME_GRACE: a dropped participant waits (0: never)
  size_t max_connections_per_ip = 64;     // MAX_CONNECTIONS_PER_IP (0: unbounded)
  size_t max_connections = 4096;          // MAX_CONNECTIONS: HTTP/WebSocket in all (0: unbounded)
  bool ssl = false;                       // SSL
  std::string ssl_cert, ssl_key;          // SSL_CERT, SSL_KEY (reloaded on SIGHUP)
  bool tls_self_signed = false;           // TLS_SELF_SIGNED: generate into DATA_DIR/tls
  std::string trusted_proxies;            // TRUSTED_PROXIES: CIDRs whose X-Forwarded-For counts
  std::string data_dir = ".data";         // DATA_DIR
  std::string web_dir;                    // WEB_DIR
  std::string app_meetings;               // APP_MEETINGS: true (default) | false
  std::string token_secret;               // MEET_TOKEN_SECRET (generated and kept if empty)
  std::string admin_key;                  // MEET_ADMIN_KEY
  std::string database_url;               // DATABASE_URL (default: SQLite in DATA_DIR)
  std::string stun_urls;                  // STUN_URLS, comma separated
  std::string turn_urls;                  // TURN_URLS, comma separated
  std::string turn_secret;                // TURN_SECRET (coturn use-auth-secret)
  std::string recording_dir;              // RECORDING_DIR_PATH (default DATA_DIR/recordings)
  std::string azure_connection_string;    // AZURE_STORAGE_CONNECTION_STRING (empty: local disk)
  std::string azure_container = "recordings";  // AZURE_STORAGE_CONTAINER_NAME
  std::string log_level = "info";              // LOG_LEVEL
  std::string log_format = "text";             // LOG_FORMAT: text | json

  void add_to(CLI::App& cmd);
  // A value the API reads by its environment name (api_options_from); flags win over the
  // environment.
  std::optional<std::string> setting(const std::string& name) const;
};

}  // namespace meet::app
