// meet: one binary, several roles. `meet serve` runs the platform; `meet doctor` checks a
// configuration and the machine; `meet token` mints a join token for development;
// `meet version` prints the version.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>

#include "app/doctor.hpp"
#include "app/secrets.hpp"
#include "app/serve_config.hpp"
#include "app/server_app.hpp"
#include "common/dotenv.hpp"
#include "common/jwt.hpp"
#include "common/log.hpp"

#ifndef MEET_SOURCE_DATA_DIR
#define MEET_SOURCE_DATA_DIR ""
#endif

namespace {

constexpr const char* kVersion = "0.1.0";

struct TokenOptions {
  std::string room, identity, name, role = "host", secret, data_dir;
  int64_t ttl = 3600;
};

int mint_token(TokenOptions& o) {
  if (o.secret.empty()) {
    try {
      o.secret = meet::app::find_token_secret(o.data_dir, MEET_SOURCE_DATA_DIR);
    } catch (const std::exception& e) {
      std::cerr << "meet token: " << e.what() << "\n";
      return 1;
    }
  }
  meet::JoinClaims c;
  c.room = o.room;
  c.identity = o.identity;
  c.name = o.name.empty() ? o.identity : o.name;
  bool host = o.role == "host";
  c.grants = meet::Grants{true, true, true, host, host};
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  c.issued_at = now;
  c.expires_at = now + o.ttl;
  std::cout << meet::sign_join_token(c, o.secret) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  meet::load_dotenv(".env");
  CLI::App app{"meet: self-hosted video conference server"};
  app.require_subcommand(1);

  meet::app::ServeConfig serve;
  auto* serve_cmd = app.add_subcommand("serve", "Run the platform (API, signaling, media, web)");
  serve.add_to(*serve_cmd);

  meet::app::ServeConfig doctor;
  auto* doctor_cmd = app.add_subcommand(
      "doctor",
      "Check the configuration (same flags as serve) and this machine; exit 1 on failure");
  doctor.add_to(*doctor_cmd);

  TokenOptions token;
  auto* token_cmd = app.add_subcommand("token", "Print a join token (development)");
  token_cmd->add_option("--room", token.room, "Room (meeting) id")->required();
  token_cmd->add_option("--identity", token.identity, "Participant identity")->required();
  token_cmd->add_option("--name", token.name, "Display name");
  token_cmd->add_option("--role", token.role, "host | guest")
      ->check(CLI::IsMember({"host", "guest"}));
  token_cmd->add_option("--ttl", token.ttl, "Seconds until expiry")
      ->check(CLI::Range(1, 86400 * 7));
  token_cmd->add_option("--secret", token.secret, "Signing secret")->envname("MEET_TOKEN_SECRET");
  token_cmd
      ->add_option("--data-dir", token.data_dir,
                   "The server's data directory (default: ./.data, else the source tree's)")
      ->envname("DATA_DIR");

  app.add_subcommand("version", "Print the version")->callback([] {
    std::cout << "meet " << kVersion << "\n";
  });

  CLI11_PARSE(app, argc, argv);
  if (serve_cmd->parsed()) {
    try {
      meet::configure_logging(serve.log_level, serve.log_format);
      return meet::app::run_server(serve);
    } catch (const std::exception& e) {
      meet::logger("app")->critical("start-up failed reason={}", e.what());
      return 1;
    }
  }
  if (doctor_cmd->parsed()) {
    meet::configure_logging("warn", "text");
    return meet::app::run_doctor(doctor, std::cout);
  }
  if (token_cmd->parsed()) return mint_token(token);
  return 0;
}
