// See cli/heap_tuning.h.
#include "cli/heap_tuning.h"

#include <malloc.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>

#include "runtime/memory.h"

namespace rptc::cli {

void TuneHeapForShortRuns() {
  constexpr size_t kStep = size_t{64} << 20;
  void* const before = sbrk(0);
  if (before == reinterpret_cast<void*>(-1)) return;  // no break to grow: glibc maps its heap
  if (mallopt(M_TOP_PAD, static_cast<int>(kStep)) == 0) return;
  // The heap grows when a request does not fit its free top: blocks under the mmap threshold
  // (128 KiB) until the break moves. At the start of main the top holds less than glibc's
  // default padding of 128 KiB, so two blocks do it; a heap that holds more free memory (a
  // forked process, a test) takes more, up to a step's worth.
  constexpr size_t kBlock = size_t{96} << 10;
  std::array<void*, kStep / kBlock> blocks{};
  size_t taken = 0;
  while (taken < blocks.size() && sbrk(0) == before) {
    blocks[taken] = std::malloc(kBlock);
    if (blocks[taken++] == nullptr) break;
  }
  // Only the step just taken, [before, end): what lies below it is small and partly the
  // program's own data. The kernel keeps the advice with the mapping for its whole life.
  const auto* end = static_cast<char*>(sbrk(0));
  auto* const begin = static_cast<char*>(before);
  if (end > begin) rt::AdviseHugePages(begin, static_cast<size_t>(end - begin));
  for (size_t i = 0; i < taken; ++i) std::free(blocks[i]);
}

}  // namespace rptc::cli
