// Child processes: output streaming, exit codes, and the time limit that kills the
// whole process group (grandchildren included).
#include "process_runner.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "test_support.h"

namespace sparkpm::collect {
namespace {

ProcessResult RunChild(std::vector<std::string> argv, std::chrono::milliseconds timeout,
                       std::string* out) {
  ProcessRequest req;
  req.argv = std::move(argv);
  req.timeout = timeout;
  return RunProcess(req, [&](std::string_view chunk) {
    out->append(chunk);
    return true;
  });
}

TEST(ProcessRunnerTest, StreamsStdoutAndKeepsStderr) {
  std::string out;
  ProcessResult r = RunChild({"/bin/sh", "-c", "echo hello; echo oops >&2; exit 3"},
                             std::chrono::seconds(10), &out);
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(out, "hello\n");
  EXPECT_EQ(r.stderr_text, "oops\n");
}

TEST(ProcessRunnerTest, ArgumentsAreNeverInterpretedByAShell) {
  std::string out;
  ProcessResult r = RunChild({"/bin/echo", "a;b", "$(id)", "`x`"}, std::chrono::seconds(10), &out);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(out, "a;b $(id) `x`\n");
}

TEST(ProcessRunnerTest, TimeoutKillsTheWholeProcessGroup) {
  testing::TempDir dir;
  std::filesystem::path pid_file = dir.path() / "grandchild.pid";
  std::string out;
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = RunChild(
      {"/bin/sh", "-c", "sleep 300 & echo $! > " + pid_file.string() + "; echo started; wait"},
      std::chrono::milliseconds(700), &out);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.ok());
  EXPECT_LT(seconds, 5.0);
  EXPECT_EQ(out, "started\n");
  std::string pid_text = testing::ReadFile(pid_file);
  ASSERT_FALSE(pid_text.empty());
  pid_t grandchild = std::stoi(pid_text);
  // The backgrounded sleep was in the group and is gone (or a zombie about to be reaped by init).
  for (int i = 0; i < 100 && kill(grandchild, 0) == 0; ++i) usleep(20'000);
  std::string stat = testing::ReadFile("/proc/" + std::to_string(grandchild) + "/stat");
  EXPECT_TRUE(stat.empty() || stat.find(") Z ") != std::string::npos) << stat;
}

TEST(ProcessRunnerTest, SinkCanStopTheChild) {
  ProcessRequest req;
  req.argv = {"/bin/sh", "-c", "while true; do echo line; done"};
  req.timeout = std::chrono::seconds(10);
  size_t seen = 0;
  ProcessResult r = RunProcess(req, [&](std::string_view chunk) {
    seen += chunk.size();
    return seen < 10000;
  });
  EXPECT_TRUE(r.stopped_by_sink);
  EXPECT_FALSE(r.timed_out);
}

TEST(ProcessRunnerTest, MissingProgramIsReportedNotCrashed) {
  std::string out;
  ProcessResult r = RunChild({"/nonexistent/kubectl", "get"}, std::chrono::seconds(1), &out);
  EXPECT_FALSE(r.started);
  EXPECT_NE(r.error.find("not found"), std::string::npos) << r.error;
  EXPECT_EQ(FindExecutable("sh"), FindExecutable("/bin/sh").empty() ? "" : FindExecutable("sh"));
  EXPECT_FALSE(FindExecutable("sh").empty());
}

}  // namespace
}  // namespace sparkpm::collect
