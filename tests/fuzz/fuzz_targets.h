// The bodies of sparkpm's libFuzzer targets: one function per parser of untrusted input,
// each taking the fuzzer's bytes. The libFuzzer executables (fuzz_main.cc, one per target,
// built by the `fuzz` preset) and the regression test that replays the saved crash inputs
// of testdata/hostile/regressions/<target>/ (tests/unit/fuzz_regression_test.cc) both call
// them, so a crash found once stays fixed in every build.
//
//   const sparkpm::fuzz::Target* t = sparkpm::fuzz::FindTarget("log_loader");
//   t->run(std::string_view(bytes));   // aborts (after printing why) on a broken invariant
#pragma once

#include <string_view>
#include <vector>

namespace sparkpm::fuzz {

struct Target {
  std::string_view name;         // "bundle_reader": the executable is fuzz_<name>
  std::string_view description;  // what the bytes are
  void (*run)(std::string_view data);
};

// Returns every target, in the order run_all.sh runs them.
const std::vector<Target>& Targets();

// Returns the target with that name, or nullptr.
const Target* FindTarget(std::string_view name);

}  // namespace sparkpm::fuzz
