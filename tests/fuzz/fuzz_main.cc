// The libFuzzer entry point of one target: CMake compiles this file once per target with
// SPARKPM_FUZZ_TARGET naming it ("bundle_reader", ...); the body is in fuzz_targets.cc.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz_targets.h"

namespace {

const sparkpm::fuzz::Target& ThisTarget() {
  static const sparkpm::fuzz::Target* target = [] {
    const sparkpm::fuzz::Target* t = sparkpm::fuzz::FindTarget(SPARKPM_FUZZ_TARGET);
    if (t == nullptr) {
      std::fprintf(stderr, "no fuzz target named %s\n", SPARKPM_FUZZ_TARGET);
      std::abort();
    }
    return t;
  }();
  return *target;
}

}  // namespace

// Runs the target once on empty input so that one-time setup is not charged to a test case.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ThisTarget().run(std::string_view());
  return 0;
}

// Runs the target on one input.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ThisTarget().run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
