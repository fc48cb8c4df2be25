// fork/exec with pipes, poll() against a deadline, and process-group kill on timeout.
#include "process_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace sparkpm::collect {
namespace {

using Clock = std::chrono::steady_clock;

bool IsExecutableFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

// Kills the child's process group: TERM, a short grace period, then KILL. Returns true
// (and the status) when the leader was reaped here.
bool KillGroup(pid_t pid, int* status) {
  kill(-pid, SIGTERM);
  for (int i = 0; i < 20; ++i) {
    if (waitpid(pid, status, WNOHANG) == pid) {
      // The leader is gone; make sure nothing else in its group survives.
      kill(-pid, SIGKILL);
      return true;
    }
    usleep(10'000);
  }
  kill(-pid, SIGKILL);
  return false;
}

void AppendTail(std::string& out, std::string_view chunk, size_t cap) {
  out.append(chunk);
  if (out.size() > cap) out.erase(0, out.size() - cap);
}

}  // namespace

std::string FindExecutable(const std::string& name) {
  if (name.empty()) return {};
  if (name.find('/') != std::string::npos) return IsExecutableFile(name) ? name : std::string();
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + name;
    if (IsExecutableFile(candidate)) return candidate;
  }
  return {};
}

ProcessResult RunProcess(const ProcessRequest& request, const OutputSink& sink) {
  ProcessResult result;
  Clock::time_point start = Clock::now();
  if (request.argv.empty()) {
    result.error = "no program given";
    return result;
  }
  std::string program = FindExecutable(request.argv[0]);
  if (program.empty()) {
    result.error = request.argv[0] + ": not found or not executable";
    return result;
  }
  // Everything the child needs is prepared before fork: after it, only
  // async-signal-safe calls are allowed (other threads may hold malloc's lock).
  std::vector<char*> argv;
  argv.reserve(request.argv.size() + 1);
  for (const std::string& a : request.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.error = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.error = std::string("pipe: ") + std::strerror(errno);
    close(out_pipe[0]);
    close(out_pipe[1]);
    return result;
  }
  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_t pid = fork();
  if (pid < 0) {
    result.error = std::string("fork: ") + std::strerror(errno);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], devnull}) {
      if (fd >= 0) close(fd);
    }
    return result;
  }
  if (pid == 0) {
    setpgid(0, 0);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    execv(program.c_str(), argv.data());
    const char msg[] = "exec failed\n";
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _exit(127);
  }
  // Also set the group from the parent, so a kill right after fork cannot miss it.
  setpgid(pid, pid);
  result.started = true;
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (devnull >= 0) close(devnull);

  Clock::time_point deadline = start + request.timeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  bool out_open = true, err_open = true;
  std::string buf(64 << 10, '\0');
  bool killed = false;
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    fds[0].fd = out_open ? out_pipe[0] : -1;
    fds[1].fd = err_open ? err_pipe[0] : -1;
    int n = poll(fds, 2, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (n < 0) {
      if (errno == EINTR) continue;
      result.error = std::string("poll: ") + std::strerror(errno);
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      ssize_t got = read(fds[i].fd, buf.data(), buf.size());
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got <= 0) {
        (i == 0 ? out_open : err_open) = false;
        continue;
      }
      std::string_view chunk(buf.data(), static_cast<size_t>(got));
      if (i == 1) {
        AppendTail(result.stderr_text, chunk, request.max_stderr_bytes);
      } else if (sink && !sink(chunk)) {
        result.stopped_by_sink = true;
        out_open = err_open = false;
      }
    }
  }
  int status = 0;
  bool reaped = false;
  if (result.timed_out || result.stopped_by_sink || !result.error.empty()) {
    reaped = KillGroup(pid, &status);
    killed = true;
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  while (!reaped) {
    pid_t r = waitpid(pid, &status, 0);
    if (r == pid || (r < 0 && errno != EINTR)) break;
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  if (!killed) {
    // The leader exited; anything it left running in its group goes with it.
    kill(-pid, SIGKILL);
  }
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return result;
}

}  // namespace sparkpm::collect
