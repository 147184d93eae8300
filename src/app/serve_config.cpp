#include "app/serve_config.hpp"

#include <cstdlib>
#include <utility>

namespace meet::app {

void ServeConfig::add_to(CLI::App& cmd) {
  cmd.add_option("--bind", bind, "Address to listen on")->envname("BIND");
  cmd.add_option("--http-port", http_port, "HTTP(S) and WebSocket port")->envname("HTTP_PORT");
  cmd.add_option("--public-ip", public_ip, "IP address put in ICE candidates")
      ->envname("PUBLIC_IP");
  cmd.add_option("--public-url", public_url, "Base URL of join links")->envname("PUBLIC_URL");
  cmd.add_option("--udp-port", udp_port, "First media UDP port (one per worker)")
      ->envname("UDP_PORT");
  cmd.add_option("--min-port", min_port, "Lowest media port (seed MIN_PORT)")->envname("MIN_PORT");
  cmd.add_option("--max-port", max_port, "Highest media port (seed MAX_PORT)")->envname("MAX_PORT");
  cmd.add_option("--tcp-port", tcp_port, "First passive ICE-TCP port (one per worker)")
      ->envname("TCP_PORT");
  cmd.add_flag("--no-udp", no_udp, "Advertise no UDP candidate (TCP only)")->envname("ICE_NO_UDP");
  cmd.add_flag("--no-tcp", no_tcp, "Advertise no TCP candidate")->envname("ICE_NO_TCP");
  cmd.add_option("--workers", workers, "Media worker threads (0: one per core)")
      ->envname("WORKERS");
  cmd.add_option("--audio-speakers-only-above", audio_speakers_only_above,
                 "Rooms larger than this forward only the loudest speakers' audio (0: never)")
      ->envname("AUDIO_SPEAKERS_ONLY_ABOVE");
  cmd.add_flag("--ssl", ssl, "Serve HTTPS/WSS (needs --ssl-cert and --ssl-key)")->envname("SSL");
  cmd.add_option("--resume-grace", resume_grace_s,
                 "Seconds a participant whose socket dropped may resume (0: never)")
      ->envname("RESUME_GRACE")
      ->check(CLI::Range(0, 600));
  cmd.add_option("--max-connections-per-ip", max_connections_per_ip,
                 "HTTP/WebSocket connections from one client address (0: unbounded)")
      ->envname("MAX_CONNECTIONS_PER_IP");
  cmd.add_option("--max-connections", max_connections,
                 "HTTP/WebSocket connections in all (0: unbounded)")
      ->envname("MAX_CONNECTIONS");
  cmd.add_option("--ssl-cert", ssl_cert, "PEM certificate chain")->envname("SSL_CERT");
  cmd.add_option("--ssl-key", ssl_key, "PEM private key")->envname("SSL_KEY");
  cmd.add_flag("--tls-self-signed", tls_self_signed,
               "Serve HTTPS with a self-signed certificate made in DATA_DIR/tls (LAN trial)")
      ->envname("TLS_SELF_SIGNED");
  cmd.add_option("--trusted-proxies", trusted_proxies,
                 "Addresses/CIDRs of reverse proxies whose X-Forwarded-For names the client")
      ->envname("TRUSTED_PROXIES");
  cmd.add_option("--data-dir", data_dir, "Folder for the database and generated secrets")
      ->envname("DATA_DIR");
  cmd.add_option("--web-dir", web_dir, "Folder of the web app")->envname("WEB_DIR");
  cmd.add_option("--app-meetings", app_meetings,
                 "true: the web app creates meetings without an API key; false: tokens only")
      ->envname("APP_MEETINGS");
  cmd.add_option("--token-secret", token_secret, "Secret that signs join tokens")
      ->envname("MEET_TOKEN_SECRET");
  cmd.add_option("--admin-key", admin_key, "Admin API key")->envname("MEET_ADMIN_KEY");
  cmd.add_option("--database-url", database_url, "postgres://... (default: SQLite)")
      ->envname("DATABASE_URL");
  cmd.add_option("--stun-urls", stun_urls, "STUN URLs for clients, comma separated")
      ->envname("STUN_URLS");
  cmd.add_option("--turn-urls", turn_urls, "TURN URLs for clients, comma separated")
      ->envname("TURN_URLS");
  cmd.add_option("--turn-secret", turn_secret, "coturn static-auth-secret")->envname("TURN_SECRET");
  cmd.add_option("--recording-dir", recording_dir,
                 "Folder of recordings being captured (and stored, without Azure)")
      ->envname("RECORDING_DIR_PATH");
  cmd.add_option("--azure-storage-connection-string", azure_connection_string,
                 "Store recordings in Azure Blob Storage (prefer the environment variable)")
      ->envname("AZURE_STORAGE_CONNECTION_STRING");
  cmd.add_option("--azure-storage-container-name", azure_container,
                 "Azure Blob container of recordings (created when missing)")
      ->envname("AZURE_STORAGE_CONTAINER_NAME");
  cmd.add_option("--log-level", log_level, "trace|debug|info|warn|error")->envname("LOG_LEVEL");
  cmd.add_option("--log-format", log_format, "text|json")->envname("LOG_FORMAT");
}

std::optional<std::string> ServeConfig::setting(const std::string& name) const {
  const std::pair<const char*, const std::string*> from_flags[] = {
      {"MEET_ADMIN_KEY", &admin_key}, {"MEET_TOKEN_SECRET", &token_secret},
      {"PUBLIC_URL", &public_url},    {"STUN_URLS", &stun_urls},
      {"TURN_URLS", &turn_urls},      {"TURN_SECRET", &turn_secret},
      {"APP_MEETINGS", &app_meetings}};
  for (const auto& [key, value] : from_flags) {
    if (name == key && !value->empty()) return *value;
  }
  if (const char* env = std::getenv(name.c_str())) return std::string(env);
  return std::nullopt;
}

}  // namespace meet::app
