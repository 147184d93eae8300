#include "record/composer_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace meet::record {
namespace {

constexpr size_t kStderrTail = 4096;

struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() {
    for (int f : fd) {
      if (f >= 0) ::close(f);
    }
  }
  void close_end(int i) {
    if (fd[i] >= 0) ::close(fd[i]);
    fd[i] = -1;
  }
};

class Spawn {
 public:
  Spawn() {
    posix_spawn_file_actions_init(&actions_);
    posix_spawnattr_init(&attr_);
  }
  ~Spawn() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attr_);
  }
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attr_;
};

}  // namespace

Result<ProcessOutcome, std::string> run_process(
    const std::vector<std::string>& argv, const std::function<void(std::string_view)>& on_line,
    std::chrono::seconds silence) {
  if (argv.empty()) return make_error(std::string("empty command"));
  Pipe out, err;
  if (::pipe2(out.fd, O_CLOEXEC) != 0 || ::pipe2(err.fd, O_CLOEXEC) != 0) {
    return make_error(std::string("pipe: ") + std::strerror(errno));
  }
  Spawn sp;
  posix_spawn_file_actions_addopen(&sp.actions_, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&sp.actions_, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&sp.actions_, err.fd[1], 2);
  // The child must not inherit the server's signal mask or ignored signals.
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&sp.attr_, &none);
  posix_spawnattr_setsigdefault(&sp.attr_, &all);
  posix_spawnattr_setflags(&sp.attr_, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = argv[0].find('/') == std::string::npos
               ? posix_spawnp(&pid, args[0], &sp.actions_, &sp.attr_, args.data(), environ)
               : posix_spawn(&pid, args[0], &sp.actions_, &sp.attr_, args.data(), environ);
  if (rc != 0) return make_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  out.close_end(1);
  err.close_end(1);

  ProcessOutcome outcome;
  std::string line;
  char buf[4096];
  bool out_open = true, err_open = true;
  auto last_output = std::chrono::steady_clock::now();
  while (out_open || err_open) {
    pollfd fds[2] = {{out_open ? out.fd[0] : -1, POLLIN, 0},
                     {err_open ? err.fd[0] : -1, POLLIN, 0}};
    int n = ::poll(fds, 2, 1000);
    if (n < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() - last_output > silence) {
      ::kill(pid, SIGKILL);
      outcome.stderr_tail += "\n(killed: no output for too long)";
      break;
    }
    if (n <= 0) continue;
    if (fds[0].revents) {
      ssize_t r = ::read(out.fd[0], buf, sizeof buf);
      if (r <= 0) {
        out_open = false;
      } else {
        last_output = std::chrono::steady_clock::now();
        for (ssize_t i = 0; i < r; ++i) {
          if (buf[i] == '\n') {
            on_line(line);
            line.clear();
          } else if (line.size() < 4096) {
            line.push_back(buf[i]);
          }
        }
      }
    }
    if (fds[1].revents) {
      ssize_t r = ::read(err.fd[0], buf, sizeof buf);
      if (r <= 0) {
        err_open = false;
      } else {
        last_output = std::chrono::steady_clock::now();
        outcome.stderr_tail.append(buf, static_cast<size_t>(r));
        if (outcome.stderr_tail.size() > 2 * kStderrTail) {
          outcome.stderr_tail.erase(0, outcome.stderr_tail.size() - kStderrTail);
        }
      }
    }
  }
  if (!line.empty()) on_line(line);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (outcome.stderr_tail.size() > kStderrTail) {
    outcome.stderr_tail.erase(0, outcome.stderr_tail.size() - kStderrTail);
  }
  return outcome;
}

}  // namespace meet::record
