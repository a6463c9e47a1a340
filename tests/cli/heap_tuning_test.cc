// cli/heap_tuning.h: the binary's heap grows in one step that the kernel is asked to back with
// huge pages.
#include "cli/heap_tuning.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rptc::cli {
namespace {

// The VmFlags line of the mapping of /proc/self/smaps that holds `address`; empty if none does.
std::string VmFlagsAt(uintptr_t address) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = lo <= address && address < hi;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return {};
}

// What a child process sees after the call: 0 if the heap's new top is advised, else a reason.
int TuneAndInspect() {
  const auto before = reinterpret_cast<uintptr_t>(sbrk(0));
  TuneHeapForShortRuns();
  const auto after = reinterpret_cast<uintptr_t>(sbrk(0));
  // The step is 64 MiB less what the free top already held.
  if (after < before + (uintptr_t{60} << 20)) return 1;  // the heap did not grow a step
  // The advice covers the whole huge pages of the step: its middle is one of them.
  const std::string flags = VmFlagsAt(before + (after - before) / 2);
  if (flags.find(" hg") == std::string::npos) return 2;  // no MADV_HUGEPAGE on the new step
  void* block = std::malloc(1 << 20);                    // and the heap still serves
  if (block == nullptr) return 3;
  std::free(block);
  return 0;
}

TEST_SUITE("cli") {
  TEST_CASE("the heap grows 64 MiB at once, advised for huge pages") {
    if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled")) {
      MESSAGE("skipped: this kernel has no transparent huge pages");
      return;
    }
    // In a child: this process's heap has already grown and shrunk through other tests.
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) _exit(TuneAndInspect());
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);  // 1: no growth; 2: not advised; 3: malloc failed
  }
}

}  // namespace
}  // namespace rptc::cli
