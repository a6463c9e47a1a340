// Matcher: runs a compiled Program's automata over document text. This is the one engine header
// the rest of rptc includes.
//
// A Matcher is immutable after construction and may be shared between threads. Each thread needs
// its own Scratch (NewScratch()). The Matcher keeps a reference to the Program, which must
// outlive it. See note [utf8 byte automata] in runtime/program.h: everything here works on UTF-8
// bytes, and all offsets are byte offsets into the text given.
//
// Scan finds, for every anchored automaton, all of its non-overlapping leftmost-first matches in
// one pass. A multi-literal prefilter (prefilter.h) reports anchor hits. Each hit wakes only the
// automata anchored on that literal, and each such automaton is verified in a window bounded by
// its anchor's max_before and its max_width. The lazy DFA (lazy_dfa.h) runs first and decides
// whether a match exists and where it starts and ends. For the captures, BitState (bit_state.h)
// then runs over that span, or the Pike VM (pike_vm.h) if the span is too long for BitState's
// bitmap. The DFA searches of several automata take turns (verify_interleaved.cc), so that their
// table loads, most of them cache misses, overlap. Automata without anchors (Program::unanchored) are searched over the whole text,
// which is slow. matcher.cc proves that this finds exactly the matches of a per-automaton
// finditer.
//
// Match semantics (all entry points): an automaton's matches are anchored at their start
// position. At a given start the match is the highest-priority one (kSplit prefers `out`:
// leftmost-first, as in RE2 and PCRE), with that path's captures. Assertions see the whole text,
// not just the part being searched.
// Tested by tests/runtime/engine/matcher_test.cc and differential_test.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/engine/lazy_dfa.h"
#include "runtime/engine/prefilter.h"
#include "runtime/engine/prepared.h"
#include "runtime/engine/scratch.h"
#include "runtime/program.h"

namespace rptc::rt {

struct Match {
  uint32_t automaton = 0;
  uint32_t begin = 0, end = 0;      // [begin, end): byte offsets into the text
  std::span<const uint32_t> slots;  // num_slots entries, valid only during OnMatch; slots[0]
                                    // and slots[1] equal begin and end; kNoPos when unset
};

// Receives matches. OnMatch is called once per match. Between calls the sink may do anything
// except use the same Scratch.
class MatchSink {
 public:
  virtual void OnMatch(const Match& match) = 0;

 protected:
  ~MatchSink() = default;
};

// Adapts a callable to a MatchSink: `auto sink = MakeSink([&](const Match& m) { ... });`.
template <class F>
class CallbackSink final : public MatchSink {
 public:
  explicit CallbackSink(F f) : f_(std::move(f)) {}
  void OnMatch(const Match& match) override { f_(match); }

 private:
  F f_;
};
template <class F>
CallbackSink<F> MakeSink(F f) {
  return CallbackSink<F>(std::move(f));
}

// A span [first, second) of text where no match may start (Matcher::ScanSpansIn).
using SkipSpan = std::pair<uint32_t, uint32_t>;

// Where one automaton's matches may start in a scoped scan (Matcher::ScanSpansIn): [begin, end),
// outside the `skip` spans (sorted, disjoint, non-empty; they must outlive the scan). The default
// is the whole text; begin >= end leaves the automaton out of the scan.
struct ScanScope {
  uint32_t begin = 0, end = kNoPos;
  std::span<const SkipSpan> skip;
  static constexpr ScanScope None() { return {kNoPos, 0, {}}; }
};

struct MatcherOptions {
  bool use_dfa = true;                        // false: verify with the Pike VM alone (tests)
  bool use_bit_state = true;                  // false: captures from the Pike VM (tests)
  // Per automaton and Scratch; see lazy_dfa.h. Grown on demand, so small automata never use it.
  // A template rule with a long class repetition ({0,200}) needed ~40k states on the GWR corpus:
  // at 1 MiB its cache reset, gave up, and the Pike VM fallback doubled the extraction time.
  size_t dfa_budget_bytes = size_t{4} << 20;
  // Per reversed prefix automaton and Scratch (prefix_dfa.h): they are small, a few hundred
  // states on the GWR corpus.
  size_t prefix_dfa_budget_bytes = size_t{1} << 20;
  bool use_prefixes = true;  // false: verify the whole window of starts (tests compare both)
};

class Matcher {
 public:
  // Prepares the automata and builds the prefilter from the anchors' literals. Never fails:
  // a malformed automaton (a jump outside Program::insts, an unknown op) is reported by error()
  // and never matches, while the others work.
  explicit Matcher(const Program& program);
  Matcher(const Program& program, const MatcherOptions& options);
  Matcher(const Matcher&) = delete;  // scratches refer to a Matcher's prepared automata
  Matcher& operator=(const Matcher&) = delete;

  std::unique_ptr<Scratch> NewScratch() const;

  // Reports every match of every automaton that has anchors or is listed in
  // Program::unanchored. Each automaton's matches are non-overlapping and leftmost-first:
  // finditer semantics, where after a match [b, e) the search resumes at max(e, b + 1). They are
  // reported in text order. Matches of different automata are independent and may overlap. The
  // order across automata is unspecified but deterministic (today: by automaton, anchored ones
  // first, then unanchored ones). Any bytes are accepted (invalid UTF-8, NUL). The text must be
  // shorter than 4 GiB - 1.
  void Scan(std::string_view text, Scratch& scratch, MatchSink& sink) const;

  // Scan, without the captures: every match carries slots 0 and 1, the others are kNoPos.
  // Captures() computes them later for the matches that are used. A report keeps only the
  // matches inside their rule's section, and on real reports most matches lie outside it, so
  // deferring saves most of the capture work (BitState over large automata).
  void ScanSpans(std::string_view text, Scratch& scratch, MatchSink& sink) const;

  // A scan in phases, for assembly that learns from the first phase where the rest may match
  // (the sections, then each section's rules inside it only; runtime/report/scan_plan.h).
  // FindHits runs the prefilter over `text` once and keeps its hits in the scratch. Each
  // ScanSpansIn then verifies those hits (the same text, unchanged since FindHits) for automaton r
  // only where a match can start inside scopes[r], which has one entry per automaton. Within its
  // scope an automaton's matches are finditer's over the text from scopes[r].begin, up to the
  // first one that starts at or after scopes[r].end, where a match that would start inside a
  // skip span is not taken and the search resumes at the span's end: a match starting before the
  // scope never hides one inside it, and a skipped span hides none after it.
  void FindHits(std::string_view text, Scratch& scratch) const;
  void ScanSpansIn(std::string_view text, std::span<const ScanScope> scopes, Scratch& scratch,
                   MatchSink& sink) const;

  // The capture slots of a match [begin, end) of `automaton` that Scan or ScanSpans reported:
  // writes min(slots.size(), num_slots) slots and returns true; false if [begin, end) is not
  // such a match.
  bool Captures(uint32_t automaton, std::string_view text, uint32_t begin, uint32_t end,
                Scratch& scratch, std::span<uint32_t> slots) const;

  // The match of `automaton` anchored at exactly `pos` (the highest-priority one), not extending
  // past `limit` (clamped to the text size). On success writes the automaton's capture slots to
  // `slots` (only the first slots.size() if it is shorter than num_slots) and returns true.
  // Returns false if there is no such match or the automaton does not exist.
  bool MatchAt(uint32_t automaton, std::string_view text, uint32_t pos, uint32_t limit,
               Scratch& scratch, std::span<uint32_t> slots) const;

  // The matches of one automaton that start at or after `from` and end at or before `to`
  // (clamped to the text size), the first `max_matches` of them. finditer semantics, and anchors
  // are not used. For regions searched after the scan (section ends, list items), `explain`, tests.
  void FindAll(uint32_t automaton, std::string_view text, uint32_t from, uint32_t to,
               Scratch& scratch, MatchSink& sink, uint32_t max_matches = UINT32_MAX) const;

  // FindAll over the hits of the last FindHits, which must have been given this same text
  // (unchanged since): an automaton with anchors is verified only around the hits of its anchor
  // literals in [from, to), as the scan does, instead of being searched byte by byte through
  // the region; one without anchors is searched as FindAll does. The same matches as FindAll.
  // For regions searched after a phased scan: a section's end pattern, searched from the
  // heading on, often runs through the rest of the document.
  void FindAllInHits(uint32_t automaton, std::string_view text, uint32_t from, uint32_t to,
                     Scratch& scratch, MatchSink& sink, uint32_t max_matches = UINT32_MAX) const;

  struct Stats {
    uint64_t hits = 0;            // prefilter hits
    uint64_t verifications = 0;   // window searches (DFA, then captures; or Pike VM alone)
    uint64_t dfa_states = 0;      // DFA states created, resets included
    uint64_t dfa_resets = 0;      // DFA cache resets
    uint64_t pike_runs = 0;       // Pike VM searches (captures, or fallback when the DFA gave up)
    uint64_t bit_state_runs = 0;  // BitState searches (captures over a span the DFA confirmed)
    uint64_t prefix_walks = 0;    // hits walked back by a reversed prefix (note [reverse prefix])
    uint64_t prefix_dropped = 0;  // of those, hits that no match can hold
  };
  // Cumulative over the scratch's life with this Matcher.
  Stats stats(const Scratch& scratch) const;

  // Starts counting, per automaton, the work of the scans and searches given this scratch
  // (runtime/pattern_counts.h); a no-op if it already counts. The counts cost a few
  // increments per anchor hit and search, so a scratch counts only when asked. Handing the
  // scratch to another Matcher stops the counting.
  void EnableProfile(Scratch& scratch) const;
  // The counts since EnableProfile, one per automaton; empty if the scratch does not count.
  std::vector<PatternCounts> profile(const Scratch& scratch) const;

  const Program& program() const { return program_; }
  const std::string& error() const { return prepared_.error(); }  // empty when all are valid
  size_t prefilter_memory_bytes() const { return prefilter_.memory_bytes(); }

 private:
  void Prepare(Scratch& scratch) const;
  // The leftmost-first match starting in the window, into scratch.slots_.
  // With `captures` false only slots 0 and 1 are set (the others kNoPos).
  bool Find(uint32_t automaton, std::string_view text, internal::Window window, Scratch& scratch,
            bool captures = true) const;
  // Find's parts: the automaton's DFA cache (created on first use); what follows the DFA's
  // outcome (captures, or the Pike VM if the DFA gave up); the Pike VM alone.
  internal::LazyDfa& Dfa(uint32_t automaton, Scratch& scratch) const;
  bool AfterDfa(uint32_t automaton, std::string_view text, internal::Window window,
                Scratch& scratch, bool captures, internal::LazyDfa::Outcome outcome,
                uint32_t begin, uint32_t end) const;
  bool PikeFind(uint32_t automaton, std::string_view text, internal::Window window,
                Scratch& scratch, bool captures) const;
  void ScanImpl(std::string_view text, Scratch& scratch, MatchSink& sink, bool captures) const;
  void CheckTextSize(std::string_view text) const;
  // `pos`, or the end of the skip span that holds it; k is the caller's cursor into `skip`, for
  // positions that never decrease.
  static uint32_t SkipFrom(std::span<const SkipSpan> skip, size_t& k, uint32_t pos);
  void FindHitsImpl(std::string_view text, Scratch& scratch) const;
  // Verifies the scratch's hits; `scopes` empty means every automaton over the whole text.
  void VerifyHits(std::string_view text, std::span<const ScanScope> scopes, Scratch& scratch,
                  MatchSink& sink, bool captures) const;
  // Verifies one automaton around its hits (`jobs`, sorted by window start): matches
  // start in the scope, outside its skip spans, and end by `to`; at most max_matches of them.
  void VerifyAutomaton(uint32_t automaton, std::string_view text,
                       std::span<const internal::HitJob> jobs,
                       const ScanScope& scope, uint32_t to, Scratch& scratch, MatchSink& sink,
                       bool captures, uint32_t max_matches) const;
  // VerifyAutomaton's loop as a state machine: NextSearch sets up the next window to search
  // (false when the automaton is done), SearchDone takes the search's result and reports a match.
  struct Verify {
    uint32_t automaton = 0;
    std::span<const internal::HitJob> jobs;
    ScanScope scope;
    uint32_t to = 0, max_matches = 0;
    bool captures = false;
    uint32_t next_start = 0, found = 0;
    size_t i = 0, k = 0;  // the next job; scope.skip[k] is the first span ending after next_start
    size_t e = 0;         // the current search covers jobs [i, e)
    uint32_t reach = 0;   // the largest hit of those
    internal::Window window;
  };
  static Verify StartVerify(uint32_t automaton, std::span<const internal::HitJob> jobs,
                            const ScanScope& scope, uint32_t to, bool captures,
                            uint32_t max_matches);
  bool NextSearch(Verify& v) const;
  void SearchDone(Verify& v, bool found, Scratch& scratch, MatchSink& sink) const;
  // The anchored automata's searches over scratch.jobs_ (sorted), several automata at a time
  // (note [interleaved searches] in verify_interleaved.cc).
  void VerifyInterleaved(std::string_view text, std::span<const ScanScope> scopes,
                         Scratch& scratch, MatchSink& sink, bool captures) const;
  void Report(uint32_t automaton, Scratch& scratch, MatchSink& sink) const;
  // The start of the window of starts for the hit at x of anchor pair j (an index into
  // hit_automata_), whose automaton r allows starts from lo on: lo, narrowed by r's reversed
  // prefix (note [reverse prefix] in compiler/lower/lower.cc), or kNoPos if no match can hold
  // this occurrence.
  uint32_t WindowStart(uint32_t j, std::string_view text, uint32_t x, uint32_t lo,
                       Scratch& scratch) const;
  // Matches start in [from, min(last_start, to)], outside `skip`, and end by `to`.
  void FindAllImpl(uint32_t automaton, std::string_view text, uint32_t from, uint32_t to,
                   Scratch& scratch, MatchSink& sink, uint32_t max_matches,
                   bool captures = true, uint32_t last_start = kNoPos,
                   std::span<const SkipSpan> skip = {}) const;

  const Program& program_;
  const MatcherOptions options_;
  const uint64_t id_;  // tells a Scratch which Matcher sized it
  internal::PreparedProgram prepared_;
  internal::Prefilter prefilter_;
  // The automata to verify on a hit of literal l: hit_automata_[hit_begin_[l], hit_begin_[l + 1]).
  std::vector<uint32_t> hit_begin_;
  std::vector<uint32_t> hit_automata_;
  std::vector<uint32_t> hit_before_;  // parallel to hit_automata_: the anchor's max_before
  std::vector<uint8_t> hit_guard_;    // and its guard (program.h Anchor), checked at each hit
  // and its automaton's reversed prefix (Automaton::prefix) if usable, else kNoPos, with where
  // it is read back from (Anchor::prefix_offset; kNoPos where two anchors of the pair disagree)
  std::vector<uint32_t> hit_prefix_;
  std::vector<uint32_t> hit_prefix_offset_;
  std::vector<uint32_t> unanchored_;
  std::vector<uint8_t> anchored_;  // per automaton: some literal's hits wake it
};

}  // namespace rptc::rt
