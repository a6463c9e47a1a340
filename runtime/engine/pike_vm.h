// The Pike VM: Thompson NFA simulation with capture slots (Pike; Cox, "Regular Expression
// Matching: the Virtual Machine Approach"; RE2 nfa.cc). It is the engine of last resort. It
// computes captures over a match span when BitState declines (bit_state.h), and it searches whole
// windows when the lazy DFA is disabled or gave up (lazy_dfa.h). Its memory never depends on the
// text length.
//
// Search semantics: among the matches of one automaton that start in [first, last] and end at or
// before `limit`, the Pike VM returns the one with the leftmost start. At that start it takes the
// highest-priority match (a kSplit prefers `out` to `out1`) and the capture slots of that
// highest-priority path. This is the match and capture set a backtracking engine reports (PCRE,
// RE2 leftmost-first). Assertions see the whole text, including bytes outside [first, limit].
//
// How: the threads for a position are kept in priority order, each instruction at most once
// (a sparse set). Threads from earlier starts come first, and a new start is added at the lowest
// priority. When a thread reaches kMatch, every lower-priority thread is cut, as in RE2.
//
// Guarantees: O((limit - first) * m) time, where m is the number of instructions reachable from
// the automaton's start. Each instruction enters a position's thread list at most once, so the
// search *cannot* take exponential time, and there is no recursion. No allocation: every buffer
// lives in PikeBuffers, which Reserve() sizes once per Matcher.
// Tested by tests/runtime/engine/pike_vm_test.cc and differential_test.cc.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/engine/prepared.h"
#include "runtime/engine/sparse_set.h"

namespace rptc::rt::internal {

// A search: starts in [first, last], ends at or before limit (all byte offsets into the text).
struct Window {
  uint32_t first = 0;
  uint32_t last = 0;
  uint32_t limit = 0;
};

// One position's threads, in priority order.
struct ThreadList {
  SparseSet seen;               // every instruction visited at this position (closure dedup)
  std::vector<uint32_t> pc;     // threads: kByteRange or kMatch instructions
  std::vector<uint32_t> slots;  // thread i's slots are [i * stride, (i + 1) * stride)
  uint32_t size = 0;
  void clear() {
    seen.clear();
    size = 0;
  }
};

struct PikeBuffers {
  // Makes room for programs of num_insts instructions, automata reaching at most max_threads of
  // them, and at most max_slots capture slots.
  void Reserve(uint32_t num_insts, uint32_t max_threads, uint32_t max_slots);

  struct StackEntry {
    uint32_t slot;  // kNoPos: explore instruction `value`; else restore slot := value
    uint32_t value;
  };
  ThreadList lists[2];
  std::vector<StackEntry> stack;
  std::vector<uint32_t> work;  // the slots along the path being followed
  std::vector<uint32_t> init;  // a fresh thread's slots
  std::vector<uint32_t> best;  // the slots of the match found
};

// Searches `automaton` in the window. On success returns true and writes the automaton's
// num_slots capture slots to `slots` (at least num_slots long). slots[0] and slots[1] are set to
// the match span by the engine itself, whatever the program saves there. Slots that the winning
// path never saved hold kNoPos.
bool PikeSearch(const PreparedProgram& prog, uint32_t automaton, std::string_view text,
                Window window, PikeBuffers& buffers, uint32_t* slots);

}  // namespace rptc::rt::internal
