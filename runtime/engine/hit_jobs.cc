// The radix sort of hit jobs; see hit_jobs.h for why.
// Tested by tests/runtime/engine/hit_jobs_test.cc.
#include "runtime/engine/hit_jobs.h"

#include <algorithm>
#include <array>
#include <bit>

namespace rptc::rt::internal {
namespace {

// Below this many jobs a comparison sort is as fast, and needs no packing.
constexpr size_t kMinRadix = 256;
constexpr int kDigitBits = 11;  // 2,048 counters: three passes cover 33 bits
constexpr uint32_t kDigits = uint32_t{1} << kDigitBits;

int BitsFor(uint64_t max_value) { return max_value == 0 ? 0 : std::bit_width(max_value); }

// Sorts `values` on their low `total_bits` bits (the others are zero): least significant digit
// first, and each pass is stable, so the result is sorted on all of them.
void RadixSort(std::vector<uint64_t>& values, std::vector<uint64_t>& swap, int total_bits) {
  swap.resize(values.size());
  std::array<uint32_t, kDigits> count;
  for (int shift = 0; shift < total_bits; shift += kDigitBits) {
    count.fill(0);
    for (const uint64_t v : values) ++count[(v >> shift) & (kDigits - 1)];
    uint32_t sum = 0;
    for (uint32_t& c : count) {
      const uint32_t here = c;
      c = sum;
      sum += here;
    }
    for (const uint64_t v : values) swap[count[(v >> shift) & (kDigits - 1)]++] = v;
    values.swap(swap);
  }
}

}  // namespace

void SortHitKeys(std::vector<uint64_t>& keys, HitJobSortBuffers& b) {
  if (keys.size() < kMinRadix) {
    std::sort(keys.begin(), keys.end());
    return;
  }
  // The key as (start, literal) packed into as few bits as they need.
  uint64_t max_start = 0, max_literal = 0;
  for (const uint64_t k : keys) {
    max_start = std::max(max_start, k >> 32);
    max_literal = std::max<uint64_t>(max_literal, static_cast<uint32_t>(k));
  }
  const int literal_bits = BitsFor(max_literal);
  for (uint64_t& k : keys) k = ((k >> 32) << literal_bits) | static_cast<uint32_t>(k);
  RadixSort(keys, b.swap, BitsFor(max_start) + literal_bits);
  const uint64_t literal_mask = (uint64_t{1} << literal_bits) - 1;
  for (uint64_t& k : keys) k = ((k >> literal_bits) << 32) | (k & literal_mask);
}

void SortHitJobs(std::vector<HitJob>& jobs, HitJobSortBuffers& b) {
  if (jobs.size() < kMinRadix) {
    std::sort(jobs.begin(), jobs.end());
    return;
  }
  // The job as (automaton, window start, x - window start): the same order as (key, x), since
  // x = start + delta, and every field needs fewer bits than it is stored in.
  uint64_t max_automaton = 0, max_start = 0, max_delta = 0;
  for (const HitJob& j : jobs) {
    max_automaton = std::max(max_automaton, j.key >> 32);
    max_start = std::max<uint64_t>(max_start, j.window_start());
    max_delta = std::max<uint64_t>(max_delta, j.x - j.window_start());
  }
  const int delta_bits = BitsFor(max_delta);
  const int start_bits = BitsFor(max_start);
  const int total_bits = BitsFor(max_automaton) + start_bits + delta_bits;
  if (total_bits > 64) {  // texts near 4 GiB with many automata: not worth a wider packing
    std::sort(jobs.begin(), jobs.end());
    return;
  }
  const size_t n = jobs.size();
  b.packed.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const HitJob& j = jobs[i];
    const uint64_t high =
        start_bits + delta_bits < 64 ? (j.key >> 32) << (start_bits + delta_bits) : 0;
    b.packed[i] = high |
                  (uint64_t{j.window_start()} << delta_bits) | (j.x - j.window_start());
  }
  RadixSort(b.packed, b.swap, total_bits);
  const uint64_t start_mask = (uint64_t{1} << start_bits) - 1;
  const uint64_t delta_mask = (uint64_t{1} << delta_bits) - 1;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t v = b.packed[i];
    const uint64_t automaton = start_bits + delta_bits == 64 ? 0 : v >> (start_bits + delta_bits);
    const uint32_t start = static_cast<uint32_t>((v >> delta_bits) & start_mask);
    jobs[i] = {(automaton << 32) | start, start + static_cast<uint32_t>(v & delta_mask)};
  }
}

}  // namespace rptc::rt::internal
