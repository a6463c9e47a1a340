// StateCache: the states of a lazy DFA, each stored once and found again by its contents. The
// forward LazyDfa (lazy_dfa.h) and the backward PrefixDfa (prefix_dfa.h) keep their states here;
// what a state's words mean, its transitions, and when the cache is cleared stay theirs.
//
// A state is a run of 32-bit words (in both DFAs a header word, then instruction pcs). The states
// lie back to back in one pool and are numbered 0, 1, 2, ... in the order they were added. An
// open-addressing hash set of ids + 1 (0 = empty, linear probing) finds them by contents; it is
// kept at most half full, so a lookup probes a short run, and it starts at 16 slots and doubles.
//
// Guarantees: Find returns the id of the state with exactly the given words, or kNotFound. Add
// appends a state and returns the next id; the ids are dense and stable until Clear. Equal
// contents get one id as long as callers Add only what Find did not find. memory_bytes() counts
// the words held (pool, offsets, index), not the vectors' capacity, and BytesWith(n) is exactly
// memory_bytes() after adding a state of n words, the index's growth included, so a DFA can keep
// a budget without overshooting it by one state. Clear keeps every capacity: refilling the cache
// allocates nothing. The pool and the index grow in memory mapped at once (GrowPrefaulted,
// runtime/memory.h). Find and Add are inline: a DFA calls Find for every transition it computes
// and Add for every state it creates, and these paths must cost what they did inside the DFAs.
// Tested by tests/runtime/engine/state_cache_test.cc, and through lazy_dfa_test.cc,
// prefix_dfa_test.cc and differential_test.cc.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "runtime/memory.h"

namespace rptc::rt::internal {

class StateCache {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  StateCache() : offset_(1, 0) {}

  uint32_t num_states() const { return static_cast<uint32_t>(offset_.size() - 1); }
  // The words of state `id`; valid until the next Add or Clear.
  std::span<const uint32_t> content(uint32_t id) const {
    return {pool_.data() + offset_[id], offset_[id + 1] - offset_[id]};
  }

  // The id of the state whose words are `words`, or kNotFound.
  uint32_t Find(std::span<const uint32_t> words) const;
  // Adds a state that Find did not find, and returns its id (num_states() before the call).
  uint32_t Add(std::span<const uint32_t> words);
  // Forgets every state, keeping the memory for the next ones.
  void Clear();

  size_t memory_bytes() const {
    return (pool_.size() + offset_.size() + index_.size()) * sizeof(uint32_t);
  }
  // memory_bytes() once a state of `num_words` words is added: its words, its offset, and the
  // index's growth if the new state would fill it more than half.
  size_t BytesWith(size_t num_words) const {
    const size_t index_growth = IndexSizeFor(num_states() + 1) - index_.size();
    return memory_bytes() + (num_words + 1 + index_growth) * sizeof(uint32_t);
  }

 private:
  static uint32_t Hash(std::span<const uint32_t> words) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ words.size();
    for (uint32_t w : words) h = (h ^ w) * 0x100000001B3ull;
    return static_cast<uint32_t>(h ^ (h >> 29));
  }
  // The index size that keeps `states` states at most half full (at least 16, doubling).
  size_t IndexSizeFor(uint32_t states) const {
    return std::max<size_t>(16, index_.size() * (size_t{states} * 2 > index_.size() ? 2 : 1));
  }
  void InsertIndex(uint32_t id) {
    const size_t mask = index_.size() - 1;
    size_t i = Hash(content(id)) & mask;
    while (index_[i] != 0) i = (i + 1) & mask;
    index_[i] = id + 1;
  }
  // Replaces the index by an empty one of `size` slots and inserts every state again.
  void RebuildIndex(size_t size);

  std::vector<uint32_t> pool_;    // state contents back to back
  std::vector<uint32_t> offset_;  // state i is pool_[offset_[i], offset_[i + 1])
  std::vector<uint32_t> index_;   // open-addressing hash set of state ids + 1 (0 = empty)
};

inline uint32_t StateCache::Find(std::span<const uint32_t> words) const {
  if (index_.empty()) return kNotFound;
  const size_t mask = index_.size() - 1;
  for (size_t i = Hash(words) & mask; index_[i] != 0; i = (i + 1) & mask) {
    const uint32_t id = index_[i] - 1;
    const uint32_t begin = offset_[id];
    if (offset_[id + 1] - begin == words.size() &&
        std::equal(words.begin(), words.end(), pool_.begin() + begin)) {
      return id;
    }
  }
  return kNotFound;
}

inline uint32_t StateCache::Add(std::span<const uint32_t> words) {
  const uint32_t id = num_states();
  const size_t index_size = IndexSizeFor(id + 1);
  GrowPrefaulted(pool_, pool_.size() + words.size());
  pool_.insert(pool_.end(), words.begin(), words.end());
  offset_.push_back(static_cast<uint32_t>(pool_.size()));
  if (index_size != index_.size()) {
    RebuildIndex(index_size);
  } else {
    InsertIndex(id);
  }
  return id;
}

}  // namespace rptc::rt::internal
