// The lazy DFA: a deterministic automaton built on demand from one automaton's NFA, one state per
// ordered set of NFA instructions (RE2 dfa.cc; regex-automata's hybrid DFA). It runs first and
// cheaply decides whether a match starts in a window [first, last]. If one does, it finds where
// the leftmost-first match starts and ends, and BitState (or the Pike VM) then runs only over
// that span, for the captures.
//
// A state is (kernel, inject, matched, context):
//   kernel   the instructions reached right after consuming a byte, in priority order, each once;
//   inject   the search is still inside the window of starts, so the next closure appends a thread
//            at the automaton's start with the lowest priority;
//   matched  the closure at the previous position reached kMatch. A match is reported one byte
//            late, as in RE2, because the assertions at a position need the byte after it;
//   context  the assertion context (context.h) while some kernel instruction can still reach a
//            kAssert, and kNoContext after that.
// A transition on byte class c at position p: compute the assertion mask from the context and
// the byte (c's representative, or end of text), take the closure of the kernel (and the start,
// if inject) in priority order, then step the kByteRange instructions over the byte.
//
// Assertions, the design decision: automata with kAssert are not left to the Pike VM alone.
// Their states carry the assertion context, so every transition depends only on (state, class),
// just as RE2's states carry "previous byte" flag bits. RE2's flags are not enough here:
// sentence_start and clause_start look back over spaces to multi-byte punctuation, and the 40-state
// context automaton tracks exactly that. Byte classes also split the bytes the context tells apart.
// A state drops its context as soon as no assertion is reachable, so an automaton that asserts
// only at its start (para_start, clause_start) pays for this only in its first few states.
//
// Leftmost-first: the closure stops at the first kMatch it reaches and drops every
// lower-priority thread, later starts included. The last match position seen before the state
// dies is therefore the end of the leftmost-first match, which is what the Pike VM finds
// because it keeps the same order. The start is the leftmost q such that an anchored run from q
// matches, tried upward from the last position at which no earlier-started thread was alive
// (and from no earlier than end - max_width).
//
// Guarantees: the same matches as the Pike VM (checked by differential_test.cc). Once a
// transition is cached it costs one table lookup per byte. The cache holds states with their hash
// index (a StateCache, state_cache.h) and transitions, and stays within its memory budget: when
// full it is reset (RE2). A search that needs more than kMaxResetsPerSearch resets gives up with
// kGaveUp, and the caller runs the Pike VM instead. After kMaxResets resets in total, failed()
// turns true and the caller stops using the cache. No allocation once the cache has grown to its
// working size.
// Tested by tests/runtime/engine/lazy_dfa_test.cc and differential_test.cc.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/engine/context.h"
#include "runtime/engine/pike_vm.h"
#include "runtime/engine/prepared.h"
#include "runtime/engine/sparse_set.h"
#include "runtime/engine/state_cache.h"

namespace rptc::rt::internal {

// Temporary buffers for computing transitions, shared by all of a Scratch's DFA caches.
struct DfaWork {
  // Makes room for automata of up to `max_block` instructions (PreparedProgram::max_reachable).
  // The dedup sets hold pcs relative to the automaton's block (pc - pc_lo): sized by the whole
  // program, two sets of a large template's 1.2M instructions were 9 MB that each new Scratch
  // mapped and zeroed, a tenth of a short batch's CPU.
  void Reserve(uint32_t max_block);
  SparseSet seen;         // closure dedup, block-relative pcs
  SparseSet kernel_seen;  // next-kernel dedup, block-relative pcs
  std::vector<uint32_t> stack;
  std::vector<uint32_t> closure;  // kByteRange instructions of the closure, in priority order
  std::vector<uint32_t> current;  // a copy of the state being left
  std::vector<uint32_t> next;     // the state being built
};

class LazyDfa {
 public:
  static constexpr uint32_t kMaxResetsPerSearch = 2;
  static constexpr uint32_t kMaxResets = 16;

  enum class Outcome { kNoMatch, kMatch, kGaveUp };

  // A cache for `automaton` that keeps within `budget_bytes` (states, transitions, index).
  LazyDfa(const PreparedProgram& prog, uint32_t automaton, size_t budget_bytes);

  // Finds the leftmost-first match starting in [window.first, window.last] and ending at or before
  // window.limit. On kMatch sets *begin and *end. kGaveUp means the cache could not
  // hold the states this search needs; the caller must ask the Pike VM.
  Outcome Search(std::string_view text, Window window, DfaWork& work, uint32_t* begin,
                 uint32_t* end);

  // Search in three parts, for a caller that steps the searches of several automata in turn
  // (Matcher::VerifyHits, note [interleaved searches]) so that their table loads, each likely a
  // cache miss, overlap. StartSearch returns false, with *outcome set, if the search is decided
  // without a walk. Otherwise the caller drives `walk` until walk.done: Walk::FastSteps (or
  // FastStepsAtMost), then SlowStep. FinishSearch then turns the walk into Search's outcome.
  // Search is exactly these three parts, driven in one loop.
  struct RunResult {
    bool gave_up = false;
    uint32_t match_end = kNoPos;  // end of the leftmost-first match, if any
    uint32_t lo = 0;              // no match can start before lo
  };
  struct Walk;
  bool StartSearch(std::string_view text, Window window, DfaWork& work, Walk& walk,
                   Outcome* outcome);
  // One step that FastSteps declined (a transition not yet computed, a match, a dead state, the
  // window's edge). Returns walk.done.
  bool SlowStep(std::string_view text, DfaWork& work, Walk& walk);
  Outcome FinishSearch(std::string_view text, DfaWork& work, const Walk& walk, uint32_t* begin,
                       uint32_t* end);

  bool failed() const { return failed_; }
  uint64_t states_created() const { return states_created_; }
  // Bytes stepped by the searches (FinishSearch) and the start-finding runs, since construction.
  uint64_t bytes_walked() const { return bytes_walked_; }
  uint64_t resets() const { return resets_; }
  uint32_t num_states() const { return states_.num_states(); }
  size_t memory_bytes() const;

 private:
  // A transition value: -1 unknown, kGiveUp, else (row << 4) | info bits, row = state * stride_.
  static constexpr int32_t kUnknown = -1;
  static constexpr int32_t kGiveUp = -2;
  static constexpr int32_t kMatchedBit = 1;      // closure at the previous position matched
  static constexpr int32_t kDeadBit = 2;         // empty kernel and no more starts: no future match
  static constexpr int32_t kInjectBit = 4;       // starts are still being added
  static constexpr int32_t kEmptyKernelBit = 8;  // no thread from an earlier start is alive
  // State content header: bit 0 inject, bit 1 matched, bits 8..15 context.
  static constexpr uint32_t kHeaderInject = 1;
  static constexpr uint32_t kHeaderMatched = 2;

  // Sets up a walk (done at once if the cache cannot hold the start state).
  void BeginWalk(std::string_view text, uint32_t first, uint32_t last, uint32_t limit, Context ctx,
                 DfaWork& work, Walk& walk);
  // Drives a walk with one loop until it is done (Search's driver).
  void WalkToEnd(std::string_view text, DfaWork& work, Walk& walk);
  // Whether some match starts at q and ends by limit; ctx is the context at q.
  Outcome MatchStartsAt(std::string_view text, uint32_t q, uint32_t limit, Context ctx,
                        DfaWork& work);
  int32_t StartState(Context ctx, DfaWork& work);
  int32_t WithoutInject(int32_t v, DfaWork& work);
  int32_t Transition(int32_t v, uint32_t col, DfaWork& work);
  bool Closure(uint32_t pc, uint32_t flags, DfaWork& work);
  Context ContextFor(const std::vector<uint32_t>& content, Context ctx) const;
  int32_t AddState(const std::vector<uint32_t>& content);
  // memory_bytes() once a state of content_words words is added: the state (StateCache), a row
  // of transitions and its twin slot.
  size_t BytesWith(size_t content_words) const;
  int32_t Encode(uint32_t id) const;
  bool Reset();

  const PreparedProgram& prog_;
  const PreparedAutomaton& a_;
  const uint32_t stride_;  // columns per row: the byte classes, then end of text
  const uint32_t end_col_;
  const size_t budget_;
  const bool start_needs_context_;
  uint32_t max_states_;  // keeps (row << 4) inside int32_t

  StateCache states_;           // state contents (header, kernel...) and their hash index
  std::vector<int32_t> next_;   // transitions: next_[i * stride_ + column]
  std::vector<int32_t> twin_;   // per state: the same state without inject, or kUnknown
  std::array<int32_t, kNumContexts + 1> start_;  // start states by context; last: kNoContext

  uint32_t resets_this_search_ = 0;
  uint64_t resets_ = 0;
  uint64_t states_created_ = 0;
  uint64_t bytes_walked_ = 0;
  bool failed_ = false;
};

// A walk in progress (BeginWalk, SlowStep in lazy_dfa.cc): phase 1 inside the window of starts,
// where a thread starts at every position, then phase 2, where only the started threads go on.
struct LazyDfa::Walk {
  int32_t v = 0;                   // the current state (a transition value)
  uint32_t p = 0;                  // the position of the next byte
  uint32_t first = 0;              // where the walk began
  uint32_t fast_end = 0;           // FastSteps may step while p < fast_end
  uint32_t last = 0, limit = 0;    // the run's window of starts ends at last; matches at limit
  bool phase1 = true;              // p is inside the window of starts
  bool done = false;               // r is final
  const int32_t* next = nullptr;   // the transition table, which a slow step may move
  const uint8_t* classes = nullptr;
  RunResult r;

  // The common steps, in registers: cached transitions that neither match nor die, before the
  // window's edge. Stops where a step needs SlowStep.
  void FastSteps(const unsigned char* s) { FastSteps(s, fast_end); }
  // The same for at most `max_steps` steps; true if it stopped where a step needs SlowStep,
  // false if only the step budget ran out.
  bool FastStepsAtMost(const unsigned char* s, uint32_t max_steps) {
    const uint32_t room = fast_end > p ? fast_end - p : 0;
    const uint32_t end = room > max_steps ? p + max_steps : fast_end;
    FastSteps(s, end);
    return p != end || end == fast_end;
  }
  void FastSteps(const unsigned char* s, uint32_t end) {
    int32_t state = v;
    uint32_t pos = p;
    const int32_t* table = next;
    const uint8_t* cls = classes;
    if (phase1) {
      uint32_t lo = r.lo;
      while (pos < end) {
        const int32_t t = table[(state >> 4) + cls[s[pos]]];
        if (t < 0 || (t & (kMatchedBit | kDeadBit))) break;
        ++pos;
        state = t;
        if ((t & kStartsOnly) == kStartsOnly) lo = pos;
      }
      r.lo = lo;
    } else {
      while (pos < end) {
        const int32_t t = table[(state >> 4) + cls[s[pos]]];
        if (t < 0 || (t & (kMatchedBit | kDeadBit))) break;
        ++pos;
        state = t;
      }
    }
    v = state;
    p = pos;
  }
  static constexpr int32_t kStartsOnly = kEmptyKernelBit | kInjectBit;
};

}  // namespace rptc::rt::internal
