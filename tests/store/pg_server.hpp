#pragma once
// PgServer: a throwaway PostgreSQL server for tests. initdb in a temporary directory, postgres
// on a free loopback port (run as the `postgres` user when the tests run as root), stopped and
// removed at exit. Header-only so any test binary (store, api) can include it.
//
// When the PostgreSQL binaries are missing, available() is false and error() says why; test
// suites FAIL in that case unless MEET_SKIP_PG=1 is set (see pg_required()).
#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace meet::testing {

class PgServer {
 public:
  // The process-wide server, started on first use.
  static PgServer& shared() {
    static PgServer server;
    return server;
  }

  bool available() const { return started_; }
  const std::string& error() const { return error_; }
  int port() const { return port_; }

  // A fresh, empty database on the server; returns its postgres:// URL ("" on failure).
  std::string create_database() {
    if (!started_) return "";
    static std::atomic<int> counter{0};
    const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    PGconn* admin = PQconnectdb(url_for("postgres").c_str());
    std::string url;
    if (PQstatus(admin) == CONNECTION_OK) {
      PGresult* r = PQexec(admin, ("CREATE DATABASE " + name + " ENCODING 'UTF8'").c_str());
      if (PQresultStatus(r) == PGRES_COMMAND_OK) url = url_for(name);
      PQclear(r);
    }
    PQfinish(admin);
    return url;
  }

  ~PgServer() {
    if (started_) run_as_postgres(bin_ + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop");
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

 private:
  PgServer() { started_ = start(); }

  std::string url_for(const std::string& db) const {
    return "postgres://meet@127.0.0.1:" + std::to_string(port_) + "/" + db;
  }

  static std::string find_bin_dir() {
    if (const char* env = std::getenv("MEET_PG_BIN"); env && *env) return env;
    std::string best;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
      const auto bin = e.path() / "bin";
      if (std::filesystem::exists(bin / "postgres") && bin.string() > best) best = bin.string();
    }
    return best;
  }

  static int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port = ntohs(addr.sin_port);
    }
    ::close(fd);
    return port;
  }

  bool run_as_postgres(const std::string& cmd) const {
    const std::string full = as_root_ ? "runuser -u postgres -- " + cmd : cmd;
    return std::system((full + " >>" + dir_ + "/harness.log 2>&1").c_str()) == 0;
  }

  static std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str().substr(0, 2000);
  }

  bool start() {
    bin_ = find_bin_dir();
    if (bin_.empty()) {
      error_ = "PostgreSQL binaries not found under /usr/lib/postgresql (install postgresql)";
      return false;
    }
    as_root_ = ::geteuid() == 0;
    char tmpl[] = "/tmp/meet-pg-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) {
      error_ = "mkdtemp failed";
      return false;
    }
    dir_ = tmpl;
    if (as_root_) {
      const passwd* pw = ::getpwnam("postgres");
      if (pw == nullptr) {
        error_ = "running as root but there is no postgres user to run the server";
        return false;
      }
      if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        error_ = "chown of " + dir_ + " failed";
        return false;
      }
    }
    port_ = free_port();
    if (!run_as_postgres(bin_ + "/initdb -D " + dir_ + "/data -U meet --auth=trust -E UTF8 " +
                         "--locale=C --no-sync")) {
      error_ = "initdb failed: " + read_file(dir_ + "/harness.log");
      return false;
    }
    std::ostringstream opts;
    opts << "-k " << dir_ << " -p " << port_
         << " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off";
    if (!run_as_postgres(bin_ + "/pg_ctl -D " + dir_ + "/data -l " + dir_ + "/server.log -w " +
                         "-t 60 -o '" + opts.str() + "' start")) {
      error_ = "pg_ctl start failed: " + read_file(dir_ + "/server.log");
      return false;
    }
    return true;
  }

  std::string bin_;
  std::string dir_;
  std::string error_;
  int port_ = 0;
  bool as_root_ = false;
  bool started_ = false;
};

// True when PostgreSQL tests may be skipped (MEET_SKIP_PG=1).
inline bool pg_skip_allowed() {
  const char* v = std::getenv("MEET_SKIP_PG");
  return v != nullptr && std::string(v) == "1";
}

}  // namespace meet::testing
