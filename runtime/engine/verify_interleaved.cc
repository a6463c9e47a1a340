// The anchored scan's verification, several automata at a time. See matcher.h for the contract.
// Tested by tests/runtime/engine/matcher_test.cc and differential_test.cc (every Scan,
// ScanSpans and scoped scan there goes through it, with one lane and with several).
#include <algorithm>

#include "runtime/engine/matcher.h"

namespace rptc::rt {

// note [interleaved searches]: why the automata take turns, byte by byte.
// Most of the scan's time is the lazy DFA's one table load per byte, and on a large template
// most of those loads miss the cache: the states behind a real candidate (an indicator trie, a
// value recognizer) are many, large and touched a few times per document (72% of LazyDfa::Run's
// samples wait on that load). One search cannot hide the latency, since each load's address
// depends on the last. The searches of different automata are independent, though: each has its
// own hits, its own DFA cache and its own finditer cursor. So kLanes lanes each verify one
// automaton (VerifyAutomaton's loop, as the NextSearch / SearchDone state machine), and the
// loop below steps each lane's DFA walk by up to kStepsPerTurn bytes in turn. The turns are short
// enough for the processor's out-of-order window to hold all the lanes' loads at once, so up to
// kLanes misses overlap, as the prefilter's interleaved walks do; one byte per turn cost more in
// bookkeeping than it saved. Everything else a search needs (new DFA states, the start of a
// match, the captures, the Pike VM) runs for one lane at a time, as before. A lane whose
// automaton is done takes the next one, the automata with the most jobs first: in automaton
// order a third of all turns (1.61M of 4.78M over the benchmark set) had one lane left alone
// with a large automaton, largest first a fifth (0.96M).
// Measured over the 1,380-document benchmark set, min / mean CPU of 8 alternating runs:
// one automaton at a time 1.14 / 1.20 s, 4 lanes x 8 steps 1.05 / 1.11 s; 4 x 1 step, 8 x 8
// and 4 x 16 were no better than 4 x 8. Since the windows are walked back first (note [reverse
// prefix] in compiler/lower/lower.cc), searches are short and the lanes spend more of their
// turns starting and finishing them, so more lanes keep more loads in flight: user CPU over 8
// alternating runs, 4 x 8 0.72-0.80 s (median 0.75), 8 x 8 0.68-0.74 (0.72), 8 x 4 0.68-0.76,
// 8 x 16 and 16 x 8 no better than 8 x 8.
// Each automaton's matches are exactly VerifyAutomaton's, in the same order; only their
// interleaving across automata changes, so they are buffered and handed to the sink sorted by
// automaton (stably): the sink sees what the one-automaton-at-a-time loop reported.
namespace {

constexpr int kLanes = 8;
constexpr uint32_t kStepsPerTurn = 8;

// Copies each match (and its slots) into the scratch, for the sorted replay.
class BufferSink final : public MatchSink {
 public:
  BufferSink(std::vector<internal::BufferedMatch>& matches, std::vector<uint32_t>& slots)
      : matches_(matches), slots_(slots) {}
  void OnMatch(const Match& m) override {
    matches_.push_back({m.automaton, static_cast<uint32_t>(slots_.size()),
                        static_cast<uint32_t>(m.slots.size())});
    slots_.insert(slots_.end(), m.slots.begin(), m.slots.end());
  }

 private:
  std::vector<internal::BufferedMatch>& matches_;
  std::vector<uint32_t>& slots_;
};

}  // namespace

void Matcher::VerifyInterleaved(std::string_view text, std::span<const ScanScope> scopes,
                                Scratch& sc, MatchSink& sink, bool captures) const {
  const std::vector<internal::HitJob>& jobs = sc.jobs_;
  const uint32_t n = static_cast<uint32_t>(text.size());
  const bool scoped = !scopes.empty();
  // Each automaton's run of jobs, taken largest first: a lane left alone with a large automaton
  // at the end would walk without overlap (a third of all turns did, in automaton order).
  std::vector<internal::JobRun>& runs = sc.job_runs_;
  runs.clear();
  for (size_t i = 0; i < jobs.size();) {
    size_t end = i;
    while (end < jobs.size() && jobs[end].key >> 32 == jobs[i].key >> 32) ++end;
    runs.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(end)});
    i = end;
  }
  std::sort(runs.begin(), runs.end(), [](const internal::JobRun& x, const internal::JobRun& y) {
    return x.end - x.begin != y.end - y.begin ? x.end - x.begin > y.end - y.begin
                                              : x.begin < y.begin;
  });
  size_t next_run = 0;
  auto take_automaton = [&](Verify& v) {
    if (next_run == runs.size()) return false;
    const internal::JobRun run = runs[next_run++];
    const uint32_t r = static_cast<uint32_t>(jobs[run.begin].key >> 32);
    const auto run_jobs =
        std::span<const internal::HitJob>(jobs).subspan(run.begin, run.end - run.begin);
    v = StartVerify(r, run_jobs, scoped ? scopes[r] : ScanScope{}, n, captures, UINT32_MAX);
    return true;
  };
  if (!options_.use_dfa) {  // the Pike VM alone (tests): nothing to interleave
    Verify v;
    while (take_automaton(v)) {
      VerifyAutomaton(v.automaton, text, v.jobs, v.scope, n, sc, sink, captures, UINT32_MAX);
    }
    return;
  }

  sc.buffered_.clear();
  sc.buffered_slots_.clear();
  BufferSink buffer(sc.buffered_, sc.buffered_slots_);
  struct Lane {
    Verify v;
    bool has_automaton = false;
    internal::LazyDfa* dfa = nullptr;
    internal::LazyDfa::Walk walk;
  };
  Lane lanes[kLanes];
  // Ends the lane's current search: the start of the match, captures, the report.
  auto finish_search = [&](Lane& lane) {
    uint32_t begin = 0, end = 0;
    const auto outcome = lane.dfa->FinishSearch(text, sc.dfa_work_, lane.walk, &begin, &end);
    SearchDone(lane.v,
               AfterDfa(lane.v.automaton, text, lane.v.window, sc, captures, outcome, begin, end),
               sc, buffer);
  };
  // Sets the lane walking on its next search; false when no automaton is left for it.
  auto arm = [&](Lane& lane) {
    while (true) {
      if (!lane.has_automaton && !(lane.has_automaton = take_automaton(lane.v))) return false;
      if (!NextSearch(lane.v)) {
        lane.has_automaton = false;
        continue;
      }
      const uint32_t r = lane.v.automaton;
      if (!prepared_.automaton(r).valid) {  // as Find: never matches, not counted
        SearchDone(lane.v, false, sc, buffer);
        continue;
      }
      ++sc.verifications_;
      if (!sc.profile_.empty()) ++sc.profile_[r].searches;
      lane.dfa = &Dfa(r, sc);
      internal::LazyDfa::Outcome outcome;
      if (!lane.dfa->StartSearch(text, lane.v.window, sc.dfa_work_, lane.walk, &outcome)) {
        SearchDone(lane.v, AfterDfa(r, text, lane.v.window, sc, captures, outcome, 0, 0), sc,
                   buffer);
        continue;
      }
      if (lane.walk.done) {
        finish_search(lane);
        continue;
      }
      return true;
    }
  };

  Lane* live[kLanes];
  int active = 0;
  for (Lane& lane : lanes) {
    if (arm(lane)) live[active++] = &lane;
  }
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  while (active > 0) {
    for (int k = 0; k < active;) {
      Lane& lane = *live[k];
      if (!lane.walk.FastStepsAtMost(s, kStepsPerTurn) ||
          !lane.dfa->SlowStep(text, sc.dfa_work_, lane.walk)) {
        ++k;
        continue;
      }
      finish_search(lane);
      if (arm(lane)) {
        ++k;
      } else {
        live[k] = live[--active];  // out of work: the last live lane takes its place
      }
    }
  }

  // The replay, by automaton (a counting sort, stable: within one automaton the buffer holds the
  // matches in order).
  std::vector<uint32_t>& count = sc.buffered_count_;
  count.assign(prepared_.num_automata() + 1, 0);
  for (const internal::BufferedMatch& bm : sc.buffered_) ++count[bm.automaton + 1];
  for (size_t r = 1; r < count.size(); ++r) count[r] += count[r - 1];
  std::vector<uint32_t>& order = sc.buffered_order_;
  order.resize(sc.buffered_.size());
  for (uint32_t i = 0; i < sc.buffered_.size(); ++i) order[count[sc.buffered_[i].automaton]++] = i;
  for (const uint32_t i : order) {
    const internal::BufferedMatch& bm = sc.buffered_[i];
    const uint32_t* slots = sc.buffered_slots_.data() + bm.slot_begin;
    sink.OnMatch(Match{bm.automaton, slots[0], slots[1],
                       std::span<const uint32_t>(slots, bm.num_slots)});
  }
}

}  // namespace rptc::rt
