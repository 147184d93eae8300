#pragma once
// AzuriteServer: a real Azurite blob service (npm `azurite`, pinned in web/package.json) on a
// free loopback port with a temporary workspace, started and stopped by the test. start()
// after stop() brings it back on the same port and data (an outage, then recovery).
// available() is false only when web/node_modules/.bin/azurite-blob is missing (npm ci in
// web/ installs it); tests then skip with that message.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "storage/temp_dir.hpp"

namespace meet::testing {

class AzuriteServer {
 public:
  static constexpr const char* kAccount = "devstoreaccount1";
  static constexpr const char* kKey =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  AzuriteServer() {
    const char* root = std::getenv("MEET_SOURCE_DIR");
    binary_ = std::filesystem::path(root ? root : ".") / "web/node_modules/.bin/azurite-blob";
    port_ = free_port();
  }
  ~AzuriteServer() { stop(); }
  AzuriteServer(const AzuriteServer&) = delete;
  AzuriteServer& operator=(const AzuriteServer&) = delete;

  bool available() const { return std::filesystem::exists(binary_); }
  std::string missing_message() const {
    return "Azurite not installed: " + binary_.string() + " is missing (run npm ci in web/)";
  }

  // Starts it and waits until it accepts connections. False on failure.
  bool start() {
    if (pid_ > 0) return true;
    const std::string port = std::to_string(port_);
    const std::string dir = workspace_.path().string();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      ::execl(binary_.c_str(), binary_.c_str(), "--blobHost", "127.0.0.1", "--blobPort",
              port.c_str(), "--location", dir.c_str(), "--silent", "--skipApiVersionCheck",
              "--disableTelemetry", "--disableProductStyleUrl", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    if (pid_ < 0) return false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (accepts()) return true;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(-pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    // Wait until the port is really closed, so "down" means refused connections.
    for (int i = 0; i < 100 && accepts(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  uint16_t port() const { return port_; }
  std::string endpoint() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/" + kAccount;
  }
  std::string connection_string() const {
    return std::string("DefaultEndpointsProtocol=http;AccountName=") + kAccount +
           ";AccountKey=" + kKey + ";BlobEndpoint=" + endpoint() + ";";
  }

 private:
  static uint16_t free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
  }
  bool accepts() const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port_);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
  }

  std::filesystem::path binary_;
  TempDir workspace_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace meet::testing
