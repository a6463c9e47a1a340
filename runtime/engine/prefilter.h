// Prefilter: one pass of a multi-literal matcher over the text. It is Aho-Corasick compiled to a
// full DFA over byte classes, and it reports every occurrence of every literal: overlapping ones,
// nested ones (他 inside 其他), and several literals ending at the same byte.
//
// Matching is ASCII case-insensitive and nothing more. Literals are lowercased when the
// prefilter is built, and A-Z share the byte classes of a-z, so "GDP" in the text hits the
// literal "gdp". All other bytes, UTF-8 included, match exactly.
//
// Guarantees: Scan makes one pass and costs one table lookup per byte, plus O(1) per hit. It
// allocates nothing beyond growing the caller's hit vector. Hits are appended in no particular
// order (callers sort them by start). The scan runs eight independent DFA walks, over eight
// slices of the text, in one loop, which hides the latency of the one dependent load per byte.
// With the walks' states in registers (StepWalks) the loop is bound by its instructions more
// than by the loads: the GWR template's 10,600-state table (2.7 MB) scanned as fast at twice
// that size, and over the six corpus reports, best of 7 x 30 passes, the register loop ran
// 1,240 MB/s with twelve walks, 1,350 with eight or ten, 1,300 with six, where the loop that
// kept the states in memory ran 670 MB/s (twelve walks).
// Each walk but the first starts max_len bytes before its slice, so its state is exact at every
// end it reports. The Matcher builds the prefilter when it is constructed (it is not serialised);
// building costs O(total literal bytes * byte classes) time and memory.
// Tested by tests/runtime/engine/prefilter_test.cc.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace rptc::rt::internal {

// Memory for the goto tables. One of 2 MiB or more starts on a 2 MiB boundary and spans whole
// 2 MiB pages, which are mapped at once in huge pages (runtime/memory.h): the GWR template's
// 2.7 MB table, in 4 KiB pages, cost a fresh process ~3 ms of page faults on the VM, more than
// building it.
void* AllocateTable(size_t bytes);
void FreeTable(void* table);

template <class T>
struct TableAllocator {
  using value_type = T;
  TableAllocator() = default;
  template <class U>
  TableAllocator(const TableAllocator<U>&) {}  // the rebinding that containers do
  T* allocate(size_t n) { return static_cast<T*>(AllocateTable(n * sizeof(T))); }
  void deallocate(T* table, size_t) { FreeTable(table); }
  friend bool operator==(const TableAllocator&, const TableAllocator&) { return true; }
};

class Prefilter {
 public:
  struct Literal {
    uint32_t id;            // reported with each hit
    std::string_view text;  // non-empty; lowercased while building
  };

  // A hit: the literal's start in the high 32 bits, its id in the low 32, so sorting hits sorts
  // them by start.
  static uint64_t HitKey(uint32_t start, uint32_t id) { return (uint64_t{start} << 32) | id; }
  static uint32_t HitStart(uint64_t key) { return static_cast<uint32_t>(key >> 32); }
  static uint32_t HitLiteral(uint64_t key) { return static_cast<uint32_t>(key); }

  Prefilter() = default;  // matches nothing
  explicit Prefilter(std::span<const Literal> literals);

  // Appends a HitKey for every occurrence of every literal in text (size < 2^32).
  void Scan(std::string_view text, std::vector<uint64_t>& hits) const;

  bool empty() const { return num_states_ <= 1; }
  uint32_t num_states() const { return num_states_; }
  uint32_t num_classes() const { return num_classes_; }
  size_t memory_bytes() const;

 private:
  template <class Entry>
  using Table = std::vector<Entry, TableAllocator<Entry>>;

  // Fills `table` (table16_ or table32_) and the outputs for a trie of n states.
  template <class Entry>
  void Build(std::span<const Literal> literals, uint32_t n, Table<Entry>& table);
  // The scan over one table layout (Entry is uint16_t or uint32_t).
  template <class Entry>
  void ScanWith(const Entry* table, std::string_view text, std::vector<uint64_t>& hits) const;
  // Steps from `state` over [from, to), reporting ends after report_after; returns the state.
  template <class Entry>
  uint32_t ScanRange(const Entry* table, const unsigned char* s, uint32_t from, uint32_t to,
                     uint32_t report_after, uint32_t state, std::vector<uint64_t>& hits) const;
  // The interleaved walks of Scan (see the top of this file).
  static constexpr int kWalks = 8;
  // The scan's main loop: every walk from step `from` to step `to`, walk k at s[at[k] + i],
  // reporting every output (the walks' first max_len_ steps are past). kShift is shift_, or
  // kAnyShift to read it at run time: with a constant shift and the loop over the walks
  // unrolled, the walks' states stay in registers.
  static constexpr uint32_t kAnyShift = 32;
  template <class Entry, uint32_t kShift>
  void StepWalks(const Entry* table, const unsigned char* s, const uint32_t* at, uint32_t* state,
                 uint32_t from, uint32_t to, std::vector<uint64_t>& hits) const;
  // Report, kept out of StepWalks' loop: a hit is rare next to a step.
  [[gnu::noinline, gnu::cold]] void ReportCold(uint32_t state, uint32_t end,
                                               std::vector<uint64_t>& hits) const;
  void Report(uint32_t state, uint32_t end, std::vector<uint64_t>& hits) const {
    const uint32_t k = state - first_output_;
    for (uint32_t i = out_begin_[k]; i < out_begin_[k + 1]; ++i) {
      hits.push_back(HitKey(end - out_len_[i], out_id_[i]));
    }
  }

  std::array<uint8_t, 256> byte_class_{};
  uint32_t num_classes_ = 1;
  uint32_t shift_ = 0;  // a row has 1 << shift_ columns (>= num_classes_)
  uint32_t num_states_ = 1;
  uint32_t max_len_ = 0;
  // table[(state << shift_) + class] is the next state. States are numbered so that those with
  // outputs come last, from first_output_ on: one compare per byte finds hits. With at most 2^16
  // states (every template so far) the entries are 16 bits, in table16_: half the bytes (a table
  // of ~3,700 states x 128 columns fits the 1 MiB L2 cache at 16 bits, not at 32; the GWR
  // template's has grown to ~10,600 states, 2.7 MB). Larger automata use table32_.
  Table<uint16_t> table16_;
  Table<uint32_t> table32_;
  uint32_t first_output_ = ~0u;
  std::vector<uint32_t> out_begin_;  // output state k reports out_*[out_begin_[k], out_begin_[k+1])
  std::vector<uint32_t> out_id_;
  std::vector<uint32_t> out_len_;
};

}  // namespace rptc::rt::internal
