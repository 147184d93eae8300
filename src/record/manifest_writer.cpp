#include "record/manifest_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "common/log.hpp"

namespace meet::record {

int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::unique_ptr<ManifestWriter>, std::string> ManifestWriter::open(
    const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return make_error("cannot open " + path.string() + ": " + std::strerror(errno));
  return std::make_unique<ManifestWriter>(Private{}, fd);
}

ManifestWriter::~ManifestWriter() {
  if (fd_ >= 0) {
    ::fsync(fd_);
    ::close(fd_);
  }
}

void ManifestWriter::append(const nlohmann::json& line) {
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  std::lock_guard lock(mutex_);
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      logger("record")->warn("manifest write failed reason={}", std::strerror(errno));
      return;
    }
    done += static_cast<size_t>(n);
  }
  dirty_ = true;
}

void ManifestWriter::sync() {
  std::lock_guard lock(mutex_);
  if (!dirty_) return;
  dirty_ = false;
  ::fsync(fd_);
}

}  // namespace meet::record
