// SparseSet: a set of small integers with O(1) insert, membership test and clear, iterated in
// insertion order (Briggs & Torczon; RE2 util/sparse_set.h). The engines use it to deduplicate
// NFA program counters per text position, where clearing must not cost O(universe).
//
// Guarantees: no allocation after construction or Resize(); values must be < capacity().
// Tested by tests/runtime/engine/pike_vm_test.cc and lazy_dfa_test.cc (through their users).
#pragma once

#include <cstdint>
#include <vector>

namespace rptc::rt::internal {

class SparseSet {
 public:
  SparseSet() = default;
  explicit SparseSet(uint32_t capacity) { Resize(capacity); }

  // Makes room for values in [0, capacity) and empties the set.
  void Resize(uint32_t capacity) {
    if (capacity > sparse_.size()) {
      sparse_.resize(capacity);
      dense_.resize(capacity);
    }
    size_ = 0;
  }

  uint32_t capacity() const { return static_cast<uint32_t>(sparse_.size()); }
  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }

  bool contains(uint32_t v) const {
    const uint32_t i = sparse_[v];
    return i < size_ && dense_[i] == v;
  }

  // Inserts v, which must not be present.
  void InsertNew(uint32_t v) {
    sparse_[v] = size_;
    dense_[size_++] = v;
  }

  const uint32_t* begin() const { return dense_.data(); }
  const uint32_t* end() const { return dense_.data() + size_; }

 private:
  std::vector<uint32_t> sparse_;  // value -> index into dense_ (stale entries are harmless)
  std::vector<uint32_t> dense_;   // members in insertion order
  uint32_t size_ = 0;
};

}  // namespace rptc::rt::internal
