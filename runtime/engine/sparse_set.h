// SparseSet: a set of small integers with O(1) insert, membership test and clear, iterated in
// insertion order (Briggs & Torczon; RE2 util/sparse_set.h). The engines use it to deduplicate
// NFA program counters per text position, where clearing must not cost O(universe).
//
// Guarantees: no allocation after construction or Resize(); values must be < capacity().
// Tested by tests/runtime/engine/pike_vm_test.cc and lazy_dfa_test.cc (through their users).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>

#include "runtime/memory.h"

namespace rptc::rt::internal {

class SparseSet {
 public:
  SparseSet() = default;
  explicit SparseSet(uint32_t capacity) { Resize(capacity); }

  // Makes room for values in [0, capacity) and empties the set. The arrays come from calloc:
  // for a large program (a million instructions) the kernel hands out zero pages lazily, so a
  // Scratch touches only the pages of the instructions its searches visit, instead of zeroing
  // megabytes per thread up front.
  void Resize(uint32_t capacity) {
    if (capacity > capacity_) {
      sparse_.reset(static_cast<uint32_t*>(std::calloc(capacity, sizeof(uint32_t))));
      dense_.reset(static_cast<uint32_t*>(std::calloc(capacity, sizeof(uint32_t))));
      if (!sparse_ || !dense_) throw std::bad_alloc();
      // The sparse array is touched anywhere an instruction number points; over a batch its
      // pages fault in one by one (each twice: a read maps the zero page, a write copies it),
      // ~700 faults at 11-22 us on this VM. Mapped at once instead, in huge pages where they
      // fit. The dense array fills from its start, a page at a time.
      PrefaultForWrite(sparse_.get(), size_t{capacity} * sizeof(uint32_t));
      capacity_ = capacity;
    }
    size_ = 0;
  }

  uint32_t capacity() const { return capacity_; }
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

  const uint32_t* begin() const { return dense_.get(); }
  const uint32_t* end() const { return dense_.get() + size_; }

 private:
  struct Free {
    void operator()(uint32_t* p) const { std::free(p); }
  };
  std::unique_ptr<uint32_t[], Free> sparse_;  // value -> index into dense_ (stale is harmless)
  std::unique_ptr<uint32_t[], Free> dense_;   // members in insertion order
  uint32_t capacity_ = 0;
  uint32_t size_ = 0;
};

}  // namespace rptc::rt::internal
