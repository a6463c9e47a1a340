// Scratch: the mutable state of a Matcher. Each thread needs its own (regex-automata's Cache,
// cel-cpp's evaluator state).
//
// Everything the hot path writes lives here and is reused across documents, so a scan allocates
// nothing per match: the prefilter hits and the verification jobs, the Pike
// VM's thread lists and slots, BitState's bitmap, and the lazy DFA caches, one per automaton, each
// created the first time that automaton is verified and kept within the Matcher's per-automaton
// memory budget. A Scratch is sized for the Matcher that created it. If another Matcher is given
// it, that Matcher re-sizes it and drops its caches, so mixing Matchers is correct but slow. Tested
// by tests/runtime/engine/matcher_test.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/engine/bit_state.h"
#include "runtime/engine/hit_jobs.h"
#include "runtime/engine/lazy_dfa.h"
#include "runtime/engine/pike_vm.h"
#include "runtime/engine/prefix_dfa.h"
#include "runtime/pattern_counts.h"

namespace rptc::rt {

class Matcher;

namespace internal {
// A match held back by the interleaved verification (verify_interleaved.cc) until it can be
// reported in automaton order; its slots are in Scratch::buffered_slots_.
struct BufferedMatch {
  uint32_t automaton;
  uint32_t slot_begin;
  uint32_t num_slots;
};
// One automaton's jobs, [begin, end) in Scratch::jobs_.
struct JobRun {
  uint32_t begin;
  uint32_t end;
};
}  // namespace internal

class Scratch {
 public:
  ~Scratch();
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

 private:
  friend class Matcher;
  Scratch();

  uint64_t owner_ = 0;           // Matcher::id_ of the Matcher this is sized for
  std::vector<uint64_t> hits_;   // Prefilter::HitKey
  bool hits_sorted_ = false;     // hits_ are by start (the first FindAllInHits sorts them)
  std::vector<internal::HitJob> jobs_;         // every woken automaton's hits, sorted
  std::vector<internal::HitJob> region_jobs_;  // FindAllInHits: one automaton's hits, sorted
  internal::HitJobSortBuffers job_sort_;
  std::vector<internal::JobRun> job_runs_;         // the interleaved verification's automata
  std::vector<internal::BufferedMatch> buffered_;  // and their matches
  std::vector<uint32_t> buffered_slots_;
  std::vector<uint32_t> buffered_order_;
  std::vector<uint32_t> buffered_count_;
  std::vector<uint32_t> slots_;  // the slots handed to the sink
  internal::PikeBuffers pike_;
  bool pike_ready_ = false;  // pike_ is reserved for this Matcher
  internal::BitStateBuffers bit_state_;
  internal::DfaWork dfa_work_;
  std::vector<std::unique_ptr<internal::LazyDfa>> dfas_;  // per automaton, created on first use
  // Per reversed prefix automaton, created on first use, and the last answer of each: the
  // automata woken by one hit often share their prefix (the same lead-in before an indicator).
  std::vector<std::unique_ptr<internal::PrefixDfa>> prefix_dfas_;
  struct PrefixAnswer {
    uint32_t x = kNoPos, lo = kNoPos, start = kNoPos;
  };
  std::vector<PrefixAnswer> prefix_answers_;
  // What each reversed prefix has been worth (Matcher::WindowStart's trial).
  struct PrefixTrial {
    uint64_t walks = 0;
    uint64_t window_bytes = 0;  // the windows it was asked about
    uint64_t saved_bytes = 0;   // the part of them it ruled out
    bool off = false;           // not worth its walks: the windows stay whole
  };
  std::vector<PrefixTrial> prefix_trials_;
  internal::PrefixWork prefix_work_;
  uint64_t prefix_walks_ = 0;    // hits walked back
  uint64_t prefix_dropped_ = 0;  // of those, hits no match can hold

  // Per automaton while profiling, else empty; profile_base_ holds each DFA's byte and state
  // counts when profiling began.
  std::vector<PatternCounts> profile_;
  std::vector<PatternCounts> profile_base_;

  uint64_t hits_seen_ = 0;
  uint64_t verifications_ = 0;
  uint64_t pike_runs_ = 0;
  uint64_t bit_state_runs_ = 0;
};

}  // namespace rptc::rt
