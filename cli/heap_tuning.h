// The process heap of the rptc binary, set up for short runs that allocate tens of megabytes.
//
// On the VMs rptc runs on, each fresh 4 KiB page costs a page fault of ~10-17 us (see
// runtime/memory.h). Compiling the GWR template allocates ~60 MB in many small pieces, which
// glibc's heap grows into 128 KiB at a time, page by page: 8,500 faults, ~40% of `rptc compile`.
// Growing the heap in one 64 MiB step that the kernel maps in 2 MiB pages leaves 550-900.
// Only the binary does this: a program that links rptc::runtime keeps its own heap settings.
#pragma once

namespace rptc::cli {

// Call first thing in main, before the heap holds much. Asks glibc to grow the main heap
// 64 MiB at a time (M_TOP_PAD), grows it once now, and advises the kernel to back that first
// step with huge pages (MADV_HUGEPAGE). Later steps and the heaps of worker threads are left as
// glibc makes them. All of it is advice: where a call is refused, the heap works as before.
void TuneHeapForShortRuns();

}  // namespace rptc::cli
