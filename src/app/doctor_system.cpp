// meet doctor: the checks of files and programs on this machine (TLS files, ffmpeg and the
// font, storage, database).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/blob_store_config.hpp"
#include "app/doctor.hpp"
#include "app/tls_files.hpp"
#include "common/crypto.hpp"
#include "store/open_store.hpp"

extern char** environ;

namespace meet::app::doctor {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kExpiryWarnDays = 14;
constexpr auto kFfmpegTimeout = std::chrono::seconds(20);
// Where Debian's fonts-dejavu-core puts the font the recording composer draws names with.
constexpr const char* kFontPaths[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                      "/usr/share/fonts/dejavu/DejaVuSans.ttf"};

DoctorLine ok(std::string check, std::string detail) {
  return {std::move(check), true, std::move(detail)};
}
DoctorLine fail(std::string check, std::string detail) {
  return {std::move(check), false, std::move(detail)};
}

// Runs argv[0] from PATH with no shell, output discarded. Returns the exit status, -1 when it
// could not start (not installed), -2 when it ran past the timeout (then it is killed).
int run_quietly(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  auto deadline = std::chrono::steady_clock::now() + kFfmpegTimeout;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -2;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128;
}

}  // namespace

std::vector<DoctorLine> tls(const ServeConfig& c) {
  if (c.tls_self_signed) {
    return {ok("tls", "self-signed certificate made at start in " + c.data_dir +
                          "/tls (browsers warn; use a real certificate for a public server)")};
  }
  if (!c.ssl) {
    return {ok("tls",
               "off: serve behind a TLS proxy (deploy/nginx/meet.conf) or set SSL; "
               "browsers allow cameras only on https or localhost")};
  }
  auto info = read_certificate(c.ssl_cert);
  if (!info) return {fail("tls", info.error() + ": check SSL_CERT")};
  if (auto pair = check_key_pair(c.ssl_cert, c.ssl_key); !pair) {
    return {fail("tls", pair.error() + ": check SSL_KEY")};
  }
  int64_t left = info->not_after_unix - static_cast<int64_t>(std::time(nullptr));
  if (left <= 0) {
    return {fail("tls", c.ssl_cert + " has expired: renew it (certbot renew) and send SIGHUP")};
  }
  if (left < kExpiryWarnDays * 86400) {
    return {fail("tls", c.ssl_cert + " expires in " + std::to_string(left / 86400) +
                            " day(s): renew it (certbot renew) and send SIGHUP")};
  }
  std::string names;
  for (const auto& n : info->names) names += (names.empty() ? "" : ", ") + n;
  return {ok("tls", "certificate valid " + std::to_string(left / 86400) + " more days for " +
                        (names.empty() ? std::string("(no subjectAltName)") : names))};
}

std::vector<DoctorLine> ffmpeg() {
  std::string font;
  for (const char* path : kFontPaths) {
    if (fs::exists(path)) {
      font = path;
      break;
    }
  }
  if (font.empty()) {
    return {fail("ffmpeg",
                 "DejaVuSans.ttf not found (names on recordings): apt-get install "
                 "fonts-dejavu-core")};
  }
  // Draw a name with the font on one frame: proves ffmpeg runs, has drawtext and reads it.
  int rc =
      run_quietly({"ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
                   "color=c=black:s=64x36:d=0.1", "-vf", "drawtext=fontfile=" + font + ":text=Meet",
                   "-frames:v", "1", "-f", "null", "-"});
  if (rc == -1) return {fail("ffmpeg", "ffmpeg not found on PATH: apt-get install ffmpeg")};
  if (rc != 0) {
    return {fail("ffmpeg", "ffmpeg cannot draw text with " + font + " (exit " + std::to_string(rc) +
                               "): install Debian's ffmpeg, which has drawtext")};
  }
  return {ok("ffmpeg", "draws names with " + font)};
}

// The recordings' store (Azure or RECORDING_DIR_PATH): a test upload, read back and deleted,
// the container created when missing, as `meet serve` does.
DoctorLine recording_store(const ServeConfig& c) {
  const std::string dir = c.recording_dir.empty() ? c.data_dir + "/recordings" : c.recording_dir;
  std::unique_ptr<storage::BlobStore> store;
  try {
    store = open_blob_store(c, dir, random_token(16));
  } catch (const std::exception& e) {
    return fail("storage", std::string(e.what()) +
                               ": copy the connection string from the storage account's keys");
  }
  const bool azure = std::string_view(store->kind()) == "azure";
  const std::string where =
      azure ? "Azure container " + c.azure_container : "RECORDING_DIR_PATH " + dir;
  const std::string hint = azure ? "check AZURE_STORAGE_CONNECTION_STRING (account, key, "
                                   "endpoint) and that this machine reaches the endpoint"
                                 : "create it and give the meet user write access";
  std::error_code ec;
  const auto probe = fs::temp_directory_path(ec) / (".meet-doctor-" + random_token(6));
  {
    std::ofstream out(probe);
    out << "meet doctor\n";
  }
  const std::string name = "meet-doctor/" + random_token(8) + ".txt";
  auto put = store->put_file(name, probe, {});
  fs::remove(probe, ec);
  if (!put) {
    return fail("storage",
                "test upload to " + where + " failed (" + put.error().message + "): " + hint);
  }
  auto seen = store->stat(name);
  auto removed = store->remove(name);
  if (!seen || !removed) {
    return fail("storage",
                "test upload to " + where + " could not be read back or deleted: " + hint);
  }
  return ok("storage", "test upload to " + where + " stored, read back and deleted");
}

std::vector<DoctorLine> storage(const ServeConfig& c) {
  std::error_code ec;
  fs::create_directories(c.data_dir, ec);
  auto probe = fs::path(c.data_dir) / (".doctor-" + random_token(6));
  {
    std::ofstream out(probe);
    out << "meet doctor\n";
    if (!out.flush()) {
      return {fail("storage", "cannot write in DATA_DIR " + c.data_dir +
                                  ": create it and give the meet user write access")};
    }
  }
  fs::remove(probe, ec);
  auto space = fs::space(c.data_dir, ec);
  std::string free = ec ? "" : ", " + std::to_string(space.available >> 30) + " GiB free";
  return {ok("storage", "DATA_DIR " + c.data_dir + " writable" + free), recording_store(c)};
}

std::vector<DoctorLine> database(const ServeConfig& c) {
  bool postgres = c.database_url.starts_with("postgres");
  std::error_code ec;
  fs::create_directories(c.data_dir, ec);
  // Opening applies pending migrations, as `meet serve` does at start.
  auto store = store::open_store(c.database_url, c.data_dir);
  std::string what = postgres ? "PostgreSQL (DATABASE_URL)" : "SQLite " + c.data_dir + "/meet.db";
  if (!store) {
    return {fail("database", what + " unreachable or not migrated: " + store.error().message +
                                 (postgres ? "; check host, port, user and password" : ""))};
  }
  return {ok("database", what + " reachable, schema migrated")};
}

}  // namespace meet::app::doctor
