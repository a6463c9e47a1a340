// HitJob, the unit of anchored verification, and its sort.
//
// A hit to verify: the automaton woken, where its window of starts begins (the hit minus the
// anchor's max_before), and the hit. Sorted by key, then x, automata verify their hits in window
// order (note [anchored scan] in matcher.cc).
//
// The sort runs once per document and scan phase over every (hit, automaton) pair: on the GWR
// template that is tens of thousands of jobs per report, and a comparison sort of them took ~4% of
// the matcher's time. The three fields are small integers bounded by the automaton count, the text
// size and the widest max_before, so SortHitJobs packs them into one 64-bit word and sorts those
// with a least-significant-digit radix sort: a few linear passes instead of n log n comparisons.
// Tested by tests/runtime/engine/hit_jobs_test.cc.
#pragma once

#include <cstdint>
#include <vector>

namespace rptc::rt::internal {

struct HitJob {
  uint64_t key;  // automaton << 32 | window start
  uint32_t x;    // where the anchor literal starts; x >= window start
  friend bool operator<(const HitJob& a, const HitJob& b) {
    return a.key != b.key ? a.key < b.key : a.x < b.x;
  }
  uint32_t window_start() const { return static_cast<uint32_t>(key); }
};

// Buffers SortHitJobs reuses between calls, so a sort allocates nothing once they have grown.
struct HitJobSortBuffers {
  std::vector<uint64_t> packed, swap;
};

// Sorts `jobs` by operator<, the same order std::sort gives (equal jobs are indistinguishable).
void SortHitJobs(std::vector<HitJob>& jobs, HitJobSortBuffers& buffers);

// Sorts prefilter hit keys (Prefilter::HitKey: start, then literal) ascending, the same way:
// region searches (Matcher::FindAllInHits) find their hits by binary search in them.
void SortHitKeys(std::vector<uint64_t>& keys, HitJobSortBuffers& buffers);

}  // namespace rptc::rt::internal
