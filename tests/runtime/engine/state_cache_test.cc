// Tests for runtime/engine/state_cache.h: states are found by their exact contents, keep their
// ids while the index grows, and the memory accounting predicts every Add exactly. The DFAs'
// use of it is tested by lazy_dfa_test.cc, prefix_dfa_test.cc and differential_test.cc.
#include "runtime/engine/state_cache.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <span>
#include <vector>

namespace rptc::rt::internal {
namespace {

// A state of 1 + (i % 5) words, different for every i.
std::vector<uint32_t> StateNumber(uint32_t i) {
  std::vector<uint32_t> words(1 + i % 5, i);
  words[0] = i * 7 + 1;
  return words;
}

TEST_SUITE("engine") {
  TEST_CASE("StateCache finds a state again by equal contents") {
    StateCache cache;
    const std::vector<uint32_t> a = {3, 10, 11};
    CHECK(cache.Find(a) == StateCache::kNotFound);
    const uint32_t id = cache.Add(a);
    CHECK(id == 0);
    CHECK(cache.num_states() == 1);
    const std::vector<uint32_t> same = {3, 10, 11};  // another vector, the same words
    CHECK(cache.Find(same) == id);
    const std::span<const uint32_t> stored = cache.content(id);
    CHECK(std::vector<uint32_t>(stored.begin(), stored.end()) == a);
  }

  TEST_CASE("StateCache tells apart contents that differ in a word, the order or the length") {
    StateCache cache;
    const std::vector<std::vector<uint32_t>> states = {
        {1}, {1, 2}, {1, 2, 3}, {1, 3, 2}, {2, 1}, {0, 2}, {1, 2, 4}};
    for (uint32_t i = 0; i < states.size(); ++i) {
      CAPTURE(i);
      CHECK(cache.Find(states[i]) == StateCache::kNotFound);
      CHECK(cache.Add(states[i]) == i);
    }
    for (uint32_t i = 0; i < states.size(); ++i) CHECK(cache.Find(states[i]) == i);
    CHECK(cache.Find(std::vector<uint32_t>{1, 2, 3, 4}) == StateCache::kNotFound);
  }

  TEST_CASE("StateCache finds every state after its index has grown many times") {
    StateCache cache;
    const uint32_t n = 5000;  // the index doubles from 16 to 16384 slots on the way
    for (uint32_t i = 0; i < n; ++i) REQUIRE(cache.Add(StateNumber(i)) == i);
    CHECK(cache.num_states() == n);
    bool all_found = true;
    bool all_kept = true;
    for (uint32_t i = 0; i < n; ++i) {
      const std::vector<uint32_t> words = StateNumber(i);
      all_found &= cache.Find(words) == i;
      const std::span<const uint32_t> stored = cache.content(i);
      all_kept &= std::vector<uint32_t>(stored.begin(), stored.end()) == words;
    }
    CHECK(all_found);
    CHECK(all_kept);
    CHECK(cache.Find(StateNumber(n)) == StateCache::kNotFound);
  }

  TEST_CASE("StateCache::Clear forgets every state, and ids start again at 0") {
    StateCache cache;
    for (uint32_t i = 0; i < 100; ++i) cache.Add(StateNumber(i));
    const size_t full = cache.memory_bytes();
    cache.Clear();
    CHECK(cache.num_states() == 0);
    for (uint32_t i = 0; i < 100; ++i) CHECK(cache.Find(StateNumber(i)) == StateCache::kNotFound);
    // The index keeps its slots (refilling allocates nothing) but the states' words are gone.
    CHECK(cache.memory_bytes() < full);
    CHECK(cache.Add(StateNumber(42)) == 0);
    CHECK(cache.Find(StateNumber(42)) == 0);
  }

  TEST_CASE("StateCache::BytesWith is exactly the memory after the Add, index growth included") {
    StateCache cache;
    // An empty cache holds one offset; its first state also brings the 16-slot index.
    CHECK(cache.memory_bytes() == sizeof(uint32_t));
    CHECK(cache.BytesWith(3) == (1 + 3 + 1 + 16) * sizeof(uint32_t));
    bool exact = true;
    for (uint32_t i = 0; i < 1000; ++i) {  // across the index's doublings
      const std::vector<uint32_t> words = StateNumber(i);
      const size_t predicted = cache.BytesWith(words.size());
      cache.Add(words);
      exact &= predicted == cache.memory_bytes();
    }
    CHECK(exact);
    cache.Clear();
    const std::vector<uint32_t> words = StateNumber(7);
    const size_t predicted = cache.BytesWith(words.size());
    CHECK(predicted == cache.memory_bytes() + (words.size() + 1) * sizeof(uint32_t));
    cache.Add(words);
    CHECK(predicted == cache.memory_bytes());
  }
}  // TEST_SUITE

}  // namespace
}  // namespace rptc::rt::internal
