#include "runtime/engine/hit_jobs.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace rptc::rt::internal {
namespace {

HitJob Job(uint64_t automaton, uint32_t start, uint32_t x) { return {(automaton << 32) | start, x}; }

bool SameJobs(const std::vector<HitJob>& a, const std::vector<HitJob>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](auto& p, auto& q) {
           return p.key == q.key && p.x == q.x;
         });
}

// Jobs as VerifyHits makes them: automata below `automata`, hits below `text`, windows of up to
// `before` bytes clamped at the text start.
std::vector<HitJob> RandomJobs(std::mt19937& rng, size_t n, uint32_t automata, uint32_t text,
                               uint32_t before) {
  std::vector<HitJob> jobs;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t x = static_cast<uint32_t>(rng() % text);
    const uint32_t b = static_cast<uint32_t>(rng() % (before + 1));
    jobs.push_back(Job(rng() % automata, x > b ? x - b : 0, x));
  }
  return jobs;
}

void CheckAgainstStdSort(std::vector<HitJob> jobs) {
  std::vector<HitJob> expected = jobs;
  std::sort(expected.begin(), expected.end());
  HitJobSortBuffers buffers;
  SortHitJobs(jobs, buffers);
  CHECK(SameJobs(jobs, expected));
}

TEST_CASE("SortHitJobs orders jobs as std::sort does, by automaton, window start, then hit") {
  std::mt19937 rng(7);
  SUBCASE("few jobs (comparison sort)") { CheckAgainstStdSort(RandomJobs(rng, 100, 5, 1000, 40)); }
  SUBCASE("a report's worth (radix)") {
    CheckAgainstStdSort(RandomJobs(rng, 50'000, 100, 60'000, 300));
  }
  SUBCASE("many ties: one automaton, a tiny text, the same window start for different hits") {
    CheckAgainstStdSort(RandomJobs(rng, 5'000, 1, 8, 8));
  }
  SUBCASE("one automaton, all starts zero") {
    CheckAgainstStdSort(RandomJobs(rng, 1'000, 1, 1, 0));
  }
  SUBCASE("offsets near 4 GiB: the packed fields need more than 64 bits, and fall back") {
    std::vector<HitJob> jobs;
    for (uint32_t i = 0; i < 2'000; ++i) {
      const uint32_t x = 0xFFFF'0000u + static_cast<uint32_t>(rng() % 0xFFFF);
      const uint32_t start = static_cast<uint32_t>(rng() % 2) == 0 ? 0 : x - (rng() % 1000);
      jobs.push_back(Job(rng() % 3'000, start, x));
    }
    CheckAgainstStdSort(jobs);
  }
  SUBCASE("offsets near 4 GiB with one automaton: exactly 64 packed bits") {
    std::vector<HitJob> jobs;
    for (uint32_t i = 0; i < 2'000; ++i) {
      const uint32_t x = 0x8000'0000u + static_cast<uint32_t>(rng() % 0x7FFF'FFFF);
      jobs.push_back(Job(0, static_cast<uint32_t>(rng() % 2) == 0 ? 0 : x - 5, x));
    }
    CheckAgainstStdSort(jobs);
  }
}

TEST_CASE("SortHitJobs reuses its buffers across sorts of different sizes") {
  std::mt19937 rng(11);
  HitJobSortBuffers buffers;
  for (const size_t n : {40'000u, 300u, 10'000u, 0u, 1u}) {
    std::vector<HitJob> jobs = RandomJobs(rng, n, 50, 100'000, 200);
    std::vector<HitJob> expected = jobs;
    std::sort(expected.begin(), expected.end());
    SortHitJobs(jobs, buffers);
    CHECK(SameJobs(jobs, expected));
  }
}

TEST_CASE("SortHitKeys orders prefilter hits by start, then literal, as std::sort does") {
  std::mt19937 rng(11);
  auto check = [&](size_t n, uint32_t text, uint32_t literals) {
    std::vector<uint64_t> keys;
    for (size_t i = 0; i < n; ++i) {
      keys.push_back((uint64_t{static_cast<uint32_t>(rng() % text)} << 32) | (rng() % literals));
    }
    std::vector<uint64_t> expected = keys;
    std::sort(expected.begin(), expected.end());
    HitJobSortBuffers buffers;
    SortHitKeys(keys, buffers);
    CHECK(keys == expected);
  };
  SUBCASE("few hits (comparison sort)") { check(100, 5'000, 40); }
  SUBCASE("a report's worth (radix), many literals at the same start") { check(20'000, 3'000, 600); }
  SUBCASE("one literal") { check(1'000, 100'000, 1); }
  SUBCASE("starts near 4 GiB") { check(2'000, 0xFFFF'FFF0u, 70'000); }
}

}  // namespace
}  // namespace rptc::rt::internal
