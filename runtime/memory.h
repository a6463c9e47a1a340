// Mapping large buffers in few page faults.
//
// On the VMs rptc runs on, touching a fresh 4 KiB page costs ~17 us (one fault each): writing a
// new 20 MB buffer took 90 ms, more than everything else a short run does. The kernel maps the
// same range in 1.5-5 ms when asked to populate it at once, with 2 MiB pages where the range
// covers them. Used for the buffers that scale with a compiled image (its bytes, its
// instructions, validation and engine tables).
// Tested by tests/runtime/memory_test.cc.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace rptc::rt {

// Asks for huge pages (MADV_HUGEPAGE) on the 2 MiB-aligned part of [data, data + bytes), the
// whole huge pages inside it: the pages at its edges may hold other allocations. Advice only:
// memory is mapped when first written, as before; a no-op where the kernel lacks the call.
void AdviseHugePages(void* data, size_t bytes);

// AdviseHugePages, and maps every whole page of the range now. Never changes the bytes; a no-op for ranges under 256 KiB (where the
// system call costs more than the faults it saves) and where the kernel lacks the calls.
void PrefaultForWrite(void* data, size_t bytes);

// Reserves room for n elements and maps it at once: the following resize or fill is then one
// pass over mapped memory.
template <class T>
void ReservePrefaulted(std::vector<T>& v, size_t n) {
  v.reserve(n);
  PrefaultForWrite(v.data(), n * sizeof(T));
}

// Makes room for `need` elements, doubling, in memory mapped at once. The lazy DFAs' caches grow
// to megabytes over a batch's first documents, and each fresh page faulted in on its own (11-22
// us each on this VM): three quarters of a batch's ~5,000 page faults were the growth of these
// tables (perf record -e page-faults), where one mapping call per doubling costs a fraction of
// that. Small tables (under PrefaultForWrite's threshold) grow as before.
template <class T>
void GrowPrefaulted(std::vector<T>& v, size_t need) {
  if (need <= v.capacity()) return;
  std::vector<T> bigger;
  ReservePrefaulted(bigger, std::max(need, 2 * v.capacity()));
  bigger.assign(v.begin(), v.end());
  v.swap(bigger);
}

}  // namespace rptc::rt
