// Runs a child process from an argv (never a shell) with a hard time limit: the child
// gets its own process group, and on timeout the whole group is killed, so a hanging
// command and anything it spawned are gone when Run returns.
//
//   ProcessRequest req{.argv = {"/usr/bin/kubectl", "get", "pods"}, .timeout = 30s};
//   ProcessResult r = RunProcess(req, [&](std::string_view chunk) { out += chunk; });
//   if (r.timed_out) ...; if (r.exit_code != 0) ... r.stderr_text ...
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sparkpm::collect {

struct ProcessRequest {
  std::vector<std::string> argv;  // argv[0] is the program (searched in PATH)
  std::chrono::milliseconds timeout{60'000};
  size_t max_stderr_bytes = 64 << 10;  // stderr kept for the error message (the tail)
};

struct ProcessResult {
  bool started = false;          // false when the program could not be run at all
  int exit_code = -1;            // exit status when it exited normally
  int signal = 0;                // the signal that ended it, 0 if none
  bool timed_out = false;        // killed because the timeout passed
  bool stopped_by_sink = false;  // the stdout sink asked to stop
  std::string stderr_text;       // the last max_stderr_bytes of stderr
  std::string error;             // why it could not start ("kubectl: not found")
  std::chrono::milliseconds duration{0};

  // Returns true when it ran, exited 0 and was not killed.
  bool ok() const { return started && exit_code == 0 && !timed_out && signal == 0; }
};

// Receives stdout as it arrives; returns false to stop reading and kill the child.
using OutputSink = std::function<bool(std::string_view chunk)>;

// Resolves a program name through PATH (names with a '/' are returned as given when
// executable). Returns an empty string when not found.
std::string FindExecutable(const std::string& name);

// Runs the request, streaming stdout into sink. Never throws; never leaves a child
// behind (the process group is killed on timeout or when the sink stops).
ProcessResult RunProcess(const ProcessRequest& request, const OutputSink& sink);

}  // namespace sparkpm::collect
