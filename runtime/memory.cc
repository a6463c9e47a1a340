// See runtime/memory.h.
#include "runtime/memory.h"

#include <sys/mman.h>

#include <cstdint>

namespace rptc::rt {

void AdviseHugePages(void* data, size_t bytes) {
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const auto begin = reinterpret_cast<uintptr_t>(data);
  const uintptr_t lo = (begin + kHuge - 1) & ~(kHuge - 1), hi = (begin + bytes) & ~(kHuge - 1);
  if (lo < hi) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
}

void PrefaultForWrite(void* data, size_t bytes) {
  constexpr size_t kMinBytes = size_t{256} << 10;
  if (bytes < kMinBytes) return;
  constexpr uintptr_t kPage = 4096;
  const auto begin = reinterpret_cast<uintptr_t>(data);
  const uintptr_t end = begin + bytes;
  // Only whole pages inside the range: the pages at its edges may hold other allocations. Both
  // calls are advice: a kernel without them (before Linux 5.14 for the second) answers EINVAL
  // and the pages fault in one by one as before.
  AdviseHugePages(data, bytes);
  const uintptr_t lo = (begin + kPage - 1) & ~(kPage - 1), hi = end & ~(kPage - 1);
  if (lo < hi) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_POPULATE_WRITE);
}

}  // namespace rptc::rt
