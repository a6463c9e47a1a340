// PrefixDfa: a lazy set DFA that walks an automaton's *reversed prefix automaton* backwards
// from a prefilter hit, to find where a match owning the hit could start at the earliest.
//
// Why: a hit x of an anchor literal is verified by a forward DFA over the whole window of starts
// [x - max_before, x], often 150+ bytes, though most of those starts cannot precede the literal
// at all. The compiler emits, per automaton, an NFA that read backwards from x accepts (a
// superset of) the strings that can stand before the literal inside a match. Walking it from x
// down gives the leftmost q where such a match could start, or tells that none can, and the
// caller drops the hit. It is a filter, a necessary condition only.
//
// Semantics: the reversed automaton is an ordinary block of the Program, read as a *set* NFA
// (no priorities). kByteRange/kBytePair consume a byte; kSplit goes to both branches; kSave and
// kAssert are epsilons (an assertion is taken as true: a filter may only over-approximate);
// kMatch accepts; kFail is dead. Epsilon cycles are allowed (the closure keeps a visited set).
// LeftmostStart(text, x, lo) returns the smallest q in [lo, x] such that reading text[x-1],
// text[x-2], ..., text[q] from the start state leaves kMatch in the closure (q == x: the start's
// own closure accepts), or kNoPos if there is none.
//
// A state is the sorted set of the block's consuming instructions that the closure reaches,
// plus an accepting bit (the closure reached kMatch), stored as block-relative pcs. Transitions
// are columns of byte classes (PreparedAutomaton: every consuming instruction of the block
// treats the bytes of a class alike), cached in one int32 table; an entry packs the target
// row and two info bits, so a cached step is one class lookup, one load and one test. A state
// with no consuming instruction is dead: the walk stops there, after recording it if it
// accepts.
//
// Guarantees: each byte in [lo, x) is read at most once per call, and nothing outside it is
// read; a cached step is O(1) and allocates nothing, and a new transition costs one closure
// over the block plus a hash lookup. Everything is sized by the automaton's block
// (PreparedAutomaton::num_reachable), not by the program. The cache stays within its memory
// budget: when full it is cleared (RE2); a call that would need more than kMaxResetsPerCall
// clears, or a single state larger than the budget, answers undecided, as does an invalid
// automaton. A decided answer is always exact.
// Tested by tests/runtime/engine/prefix_dfa_test.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/engine/prepared.h"
#include "runtime/engine/sparse_set.h"
#include "runtime/engine/state_cache.h"

namespace rptc::rt::internal {

// Per-thread scratch for computing transitions, shared by all PrefixDfas of a thread. It grows to
// the largest block it has served, then never allocates again.
struct PrefixWork {
  // Makes room for a block of num_insts instructions (a no-op once big enough).
  void Reserve(uint32_t num_insts);
  SparseSet seen;               // closure dedup, block-relative pcs
  std::vector<uint32_t> stack;  // closure worklist
  std::vector<uint32_t> next;   // the state being built: header, then sorted pcs
  // The consuming pcs a closure reached, one bit each, all zero between closures: read out in
  // order, they are the state's sorted pcs.
  std::vector<uint64_t> consuming;
};

class PrefixDfa {
 public:
  static constexpr uint32_t kMaxResetsPerCall = 2;

  // A cache for the reversed prefix automaton `automaton` of `prog` that keeps within
  // `budget_bytes` (states, transitions, index).
  PrefixDfa(const PreparedProgram& prog, uint32_t automaton, size_t budget_bytes);

  struct Result {
    bool decided;    // false: the cache could not hold the states; the caller keeps its window
    uint32_t start;  // if decided: the leftmost accepting q in [lo, x], or kNoPos
  };

  // Reads text[x-1], text[x-2], ..., text[lo] at most, and stops early when the state set dies.
  // Needs lo <= x <= text.size(); otherwise answers undecided.
  Result LeftmostStart(std::string_view text, uint32_t x, uint32_t lo, PrefixWork& work);

  uint64_t states_created() const { return states_created_; }
  uint64_t resets() const { return resets_; }
  uint32_t num_states() const { return states_.num_states(); }
  size_t memory_bytes() const;

 private:
  // A transition value: kUnknown (not computed), kGiveUp (returned only, never stored), else
  // (row << 2) | info bits with row = state * stride_, the state's first table entry.
  static constexpr int32_t kUnknown = -1;
  static constexpr int32_t kGiveUp = -2;
  static constexpr int32_t kAcceptBit = 1;  // the state's closure reached kMatch
  static constexpr int32_t kDeadBit = 2;    // no consuming instruction: no byte can follow
  static constexpr int32_t kInfoBits = kAcceptBit | kDeadBit;
  static constexpr int kInfoShift = 2;
  // State content header (first word): bit 0 accepting.
  static constexpr uint32_t kHeaderAccept = 1;

  int32_t StartState(PrefixWork& work);
  int32_t Transition(int32_t v, uint32_t cls, PrefixWork& work);
  // Closes work.stack's pcs (block-relative) into work.next: a header (kHeaderAccept if kMatch
  // is reached), then the consuming instructions reached, sorted.
  void Closure(PrefixWork& work) const;
  int32_t AddState(const std::vector<uint32_t>& content);
  // memory_bytes() once a state of content_words words is added: the state (StateCache) and a
  // row of transitions.
  size_t BytesWith(size_t content_words) const;
  int32_t Encode(uint32_t id) const;
  bool Reset();

  const PreparedAutomaton& a_;
  const Inst* block_;      // the block's first instruction: block_[pc - pc_lo]
  const uint32_t stride_;  // columns per row: the byte classes
  const size_t budget_;
  const uint32_t max_states_;  // keeps (row << kInfoShift) inside int32_t

  StateCache states_;          // state contents (header, sorted pcs...) and their hash index
  std::vector<int32_t> next_;  // transitions: next_[i * stride_ + class]
  int32_t start_ = kUnknown;   // the start state, once computed

  uint32_t resets_this_call_ = 0;
  uint64_t resets_ = 0;
  uint64_t states_created_ = 0;
};

}  // namespace rptc::rt::internal
