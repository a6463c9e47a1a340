// Matcher: engine selection and the anchored scan. See matcher.h for the contract.
// Tested by tests/runtime/engine/matcher_test.cc and differential_test.cc.
#include "runtime/engine/matcher.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <utility>

namespace rptc::rt {
namespace {

// The anchor guards (program.h Anchor) at one hit: the assertion context there is computed
// once, and only if some anchor of the hit's literal has a guard.
class GuardsAt {
 public:
  GuardsAt(std::string_view text, uint32_t x) : text_(text), x_(x) {}
  bool Hold(uint8_t guard) {
    if (guard == kNoAnchorGuard) return true;
    if (mask_ == kUnknown) {
      const int next = x_ < text_.size() ? int{static_cast<unsigned char>(text_[x_])}
                                         : internal::kEndOfText;
      mask_ = internal::AssertionMask(internal::ContextAt(text_, x_), next);
    }
    return (mask_ & internal::AssertionBit(static_cast<Assertion>(guard))) != 0;
  }

 private:
  static constexpr uint32_t kUnknown = UINT32_MAX;
  std::string_view text_;
  uint32_t x_;
  uint32_t mask_ = kUnknown;
};

uint64_t NextMatcherId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

Scratch::Scratch() = default;
Scratch::~Scratch() = default;

Matcher::Matcher(const Program& program) : Matcher(program, MatcherOptions()) {}

Matcher::Matcher(const Program& program, const MatcherOptions& options)
    : program_(program), options_(options), id_(NextMatcherId()), prepared_(program) {
  const uint32_t num_automata = prepared_.num_automata();
  const uint32_t num_literals = static_cast<uint32_t>(program.literals.size());

  // An automaton listed as unanchored, or with an empty anchor literal (no hit can find it), is
  // searched over the whole text; its other anchors are ignored.
  std::vector<uint8_t> unanchored(num_automata, 0);
  for (uint32_t r : program.unanchored) {
    if (r < num_automata) unanchored[r] = 1;
  }
  for (const Anchor& an : program.anchors) {
    if (an.automaton < num_automata && an.literal < num_literals &&
        program.literals[an.literal].empty()) {
      unanchored[an.automaton] = 1;
    }
  }
  // (literal, automaton) pairs; a pair named twice keeps its widest max_before (see note
  // [anchored scan] in Scan), and its guard only if both name the same.
  struct Pair {
    uint32_t literal, automaton, before;
    uint8_t guard;
    uint32_t prefix_offset;
  };
  std::vector<Pair> pairs;
  for (const Anchor& an : program.anchors) {
    if (an.automaton >= num_automata || an.literal >= num_literals || unanchored[an.automaton]) {
      continue;
    }
    const bool known_guard = an.guard <= static_cast<uint8_t>(Assertion::kWordBoundary);
    const bool offset_inside = an.prefix_offset <= program.literals[an.literal].size();
    pairs.push_back({an.literal, an.automaton, an.max_before,
                     known_guard ? an.guard : kNoAnchorGuard,
                     offset_inside ? an.prefix_offset : kNoPos});
  }
  std::sort(pairs.begin(), pairs.end(), [](const Pair& x, const Pair& y) {
    return std::tie(x.literal, x.automaton, y.before) < std::tie(y.literal, y.automaton, x.before);
  });
  hit_begin_.assign(num_literals + 1, 0);
  for (size_t i = 0; i < pairs.size(); ++i) {
    const Pair& pr = pairs[i];
    if (i > 0 && pairs[i - 1].literal == pr.literal && pairs[i - 1].automaton == pr.automaton) {
      if (hit_guard_.back() != pr.guard) hit_guard_.back() = kNoAnchorGuard;
      if (hit_prefix_offset_.back() != pr.prefix_offset) hit_prefix_offset_.back() = kNoPos;
      continue;
    }
    ++hit_begin_[pr.literal + 1];
    hit_automata_.push_back(pr.automaton);
    hit_before_.push_back(pr.before);
    hit_guard_.push_back(pr.guard);
    hit_prefix_offset_.push_back(pr.prefix_offset);
  }
  for (uint32_t l = 0; l < num_literals; ++l) hit_begin_[l + 1] += hit_begin_[l];
  anchored_.assign(num_automata, 0);
  for (const uint32_t r : hit_automata_) anchored_[r] = 1;

  std::vector<internal::Prefilter::Literal> literals;
  for (uint32_t l = 0; l < num_literals; ++l) {
    if (hit_begin_[l + 1] > hit_begin_[l]) literals.push_back({l, program.literals[l]});
  }
  prefilter_ = internal::Prefilter(literals);
  for (uint32_t r = 0; r < num_automata; ++r) {
    if (unanchored[r]) unanchored_.push_back(r);
  }
  // Each pair's reversed prefix, if usable: another valid automaton, read back from a known offset.
  hit_prefix_.assign(hit_automata_.size(), kNoPos);
  for (size_t j = 0; j < hit_automata_.size() && options_.use_prefixes; ++j) {
    const uint32_t r = hit_automata_[j];
    const uint32_t p = program.automata[r].prefix;
    if (hit_prefix_offset_[j] != kNoPos && p < num_automata && p != r &&
        prepared_.automaton(p).valid) {
      hit_prefix_[j] = p;
    }
  }
}

std::unique_ptr<Scratch> Matcher::NewScratch() const {
  std::unique_ptr<Scratch> scratch(new Scratch());
  Prepare(*scratch);
  return scratch;
}

void Matcher::Prepare(Scratch& sc) const {
  if (sc.owner_ == id_) return;
  sc.owner_ = id_;
  const uint32_t threads = std::max<uint32_t>(prepared_.max_reachable(), 1);
  // The Pike VM's buffers (threads x slots, ~10 MB for a large template) are reserved on its
  // first use instead: with BitState taking the captures it rarely runs at all.
  sc.pike_ready_ = false;
  sc.dfa_work_.Reserve(threads);
  sc.dfas_.clear();
  sc.dfas_.resize(prepared_.num_automata());
  sc.prefix_dfas_.clear();
  sc.prefix_dfas_.resize(prepared_.num_automata());
  sc.prefix_answers_.assign(prepared_.num_automata(), {});
  sc.prefix_trials_.assign(prepared_.num_automata(), {});
  sc.slots_.assign(prepared_.max_slots(), kNoPos);
  sc.hits_sorted_ = false;
  sc.hits_seen_ = sc.verifications_ = sc.pike_runs_ = sc.bit_state_runs_ = 0;
  sc.prefix_walks_ = sc.prefix_dropped_ = 0;
  sc.profile_.clear();
  sc.profile_base_.clear();
}

bool Matcher::Find(uint32_t r, std::string_view text, internal::Window w, Scratch& sc,
                   bool captures) const {
  if (!prepared_.automaton(r).valid) return false;
  ++sc.verifications_;
  if (!sc.profile_.empty()) ++sc.profile_[r].searches;
  if (!options_.use_dfa) return PikeFind(r, text, w, sc, captures);
  uint32_t begin = 0, end = 0;
  const auto outcome = Dfa(r, sc).Search(text, w, sc.dfa_work_, &begin, &end);
  return AfterDfa(r, text, w, sc, captures, outcome, begin, end);
}

// The trial of note [reverse prefix] (Matcher::WindowStart): a prefix must save a quarter of the
// window bytes over its first walks, and keep its states few. Most prefixes settle in a few
// hundred states. Long gaps are loops in prefixes (lower.cc), but several short bounded gaps in a
// row still multiply into sets of positions: unchecked, such a prefix built thousands of large
// states, whose building cost more than all the other walks.
constexpr uint64_t kPrefixTrialWalks = 256;
constexpr uint64_t kMaxPrefixResets = 1;
constexpr uint64_t kPrefixStatesPerWalk = 8;  // at most one new state per 8 walks, past a start
constexpr uint64_t kPrefixFreeStates = 256;

uint32_t Matcher::WindowStart(uint32_t j, std::string_view text, uint32_t x, uint32_t lo,
                              Scratch& sc) const {
  const uint32_t p = hit_prefix_[j];
  const uint32_t offset = hit_prefix_offset_[j];
  if (p == kNoPos || lo == x || x + uint64_t{offset} > text.size()) return lo;
  // The prefix ends `offset` bytes into the literal (the bytes of a junction literal's first
  // part belong to it).
  const uint32_t end = x + offset;
  Scratch::PrefixTrial& trial = sc.prefix_trials_[p];
  if (trial.off) return lo;
  Scratch::PrefixAnswer& last = sc.prefix_answers_[p];
  uint32_t start = last.start;
  if (last.x != end || last.lo != lo) {
    auto& dfa = sc.prefix_dfas_[p];
    if (!dfa) {
      dfa = std::make_unique<internal::PrefixDfa>(prepared_, p, options_.prefix_dfa_budget_bytes);
    }
    const internal::PrefixDfa::Result res = dfa->LeftmostStart(text, end, lo, sc.prefix_work_);
    start = res.decided ? res.start : lo;
    last = {end, lo, start};
    ++sc.prefix_walks_;
    // A prefix that accepts nearly anywhere (a long gap before the literal) saves no window but
    // costs a walk over it, and one whose states do not fit its cache builds them again and
    // again: after a trial, such a prefix is no longer walked. Which windows are narrowed never
    // changes a match, so this only decides the cost.
    ++trial.walks;
    trial.window_bytes += end - lo;
    trial.saved_bytes += start == kNoPos ? end - lo : start - lo;
    if (dfa->resets() > kMaxPrefixResets ||
        dfa->states_created() > kPrefixFreeStates + trial.walks / kPrefixStatesPerWalk ||
        (trial.walks >= kPrefixTrialWalks && trial.saved_bytes * 4 < trial.window_bytes)) {
      trial.off = true;
    }
  }
  // A match holding the occurrence starts at or before x, and is a start the walk accepts: the
  // leftmost accepted start past x means there is none.
  if (start != kNoPos && start > x) start = kNoPos;
  if (start == kNoPos) ++sc.prefix_dropped_;
  return start;
}

internal::LazyDfa& Matcher::Dfa(uint32_t r, Scratch& sc) const {
  auto& dfa = sc.dfas_[r];
  if (!dfa) dfa = std::make_unique<internal::LazyDfa>(prepared_, r, options_.dfa_budget_bytes);
  return *dfa;
}

bool Matcher::AfterDfa(uint32_t r, std::string_view text, internal::Window w, Scratch& sc,
                       bool captures, internal::LazyDfa::Outcome outcome, uint32_t begin,
                       uint32_t end) const {
  const internal::PreparedAutomaton& a = prepared_.automaton(r);
  switch (outcome) {
    case internal::LazyDfa::Outcome::kNoMatch:
      return false;
    case internal::LazyDfa::Outcome::kMatch:
      if (a.num_slots <= 2 || !captures) {
        sc.slots_[0] = begin;
        sc.slots_[1] = end;
        std::fill(sc.slots_.begin() + 2, sc.slots_.begin() + a.num_slots, kNoPos);
        return true;
      }
      // Captures, over the confirmed span only.
      if (!sc.profile_.empty()) ++sc.profile_[r].captures;
      if (options_.use_bit_state) {
        ++sc.bit_state_runs_;
        if (internal::BitStateSearch(prepared_, r, text, begin, end, sc.bit_state_,
                                     sc.slots_.data()) == internal::BitStateResult::kMatch) {
          return true;
        }
      }
      w = {begin, begin, end};
      break;
    case internal::LazyDfa::Outcome::kGaveUp:
      break;
  }
  return PikeFind(r, text, w, sc, captures);
}

bool Matcher::PikeFind(uint32_t r, std::string_view text, internal::Window w, Scratch& sc,
                       bool captures) const {
  ++sc.pike_runs_;
  if (!sc.pike_ready_) {
    sc.pike_.Reserve(prepared_.num_insts(), std::max<uint32_t>(prepared_.max_reachable(), 1),
                     prepared_.max_slots());
    sc.pike_ready_ = true;
  }
  if (!internal::PikeSearch(prepared_, r, text, w, sc.pike_, sc.slots_.data())) return false;
  if (!captures) {
    std::fill(sc.slots_.begin() + 2, sc.slots_.begin() + prepared_.automaton(r).num_slots,
              kNoPos);
  }
  return true;
}

void Matcher::Report(uint32_t r, Scratch& sc, MatchSink& sink) const {
  if (!sc.profile_.empty()) ++sc.profile_[r].matches;
  const uint32_t* slots = sc.slots_.data();
  const Match m{r, slots[0], slots[1],
                std::span<const uint32_t>(slots, prepared_.automaton(r).num_slots)};
  sink.OnMatch(m);
}

// note [anchored scan]: why verifying around sorted hits finds exactly finditer's matches.
//
// Fix an anchored automaton r. The contract (program.h Anchor) is that every match [b, e) of r
// contains an occurrence [x, x + len) of one of its anchor literals l (len >= 1,
// b <= x <= b + before(l), x + len <= e), and that no match is longer than max_width. The
// prefilter reports every occurrence. A hit h of l at x_h has the window of starts [s_h, x_h],
// s_h = x_h - before(l); M's own hit h_M is the occurrence the contract names, so s_{h_M} <= M.b.
// finditer reports N(0), then N(c1), N(c2), ..., where N(c) is the leftmost-first match starting
// at or after c and c' = max(e, b + 1) after reporting [b, e). Scan keeps c and takes r's hits in
// increasing s (then x; VerifyHits sorts them). For a hit it searches the starts
// [max(s_h, c), x_h] and stops any match at x_h + max_width. If it finds a match it reports it,
// sets c' and takes the same hit again; if not, it sets c = x_h + 1 and takes the next hit.
// Claim: while the reported matches are a prefix of finditer's and M = N(c) is the next one,
// a search from a hit h
//  (a) finds nothing if x_h < M.b: the window lies in [c, M.b), where no match starts; and
//      c' = x_h + 1 <= M.b leaves M next;
//  (b) finds M if s_h <= M.b <= x_h: the window holds M.b (c <= M.b too) and no earlier start
//      in it has a match, and x_h + max_width >= M.e, so the search returns the highest-priority
//      match at M.b, which is M;
//  (c) never happens with s_h > M.b: h_M sorts before h (s_{h_M} <= M.b < s_h), and h_M was
//      taken until a search from it found nothing or c passed x_{h_M}. Both mean M had been
//      reported, because (b) applies to h_M (s_{h_M} <= M.b <= x_{h_M}) while M is next.
// So each search reports the next finditer match or nothing, and every M is reported by the time
// its own hit is done: every finditer match is reported, in order, and nothing else.
// A hit whose anchor guard fails (program.h Anchor) is dropped before any of this: the contract
// then names, for every match M, an occurrence whose guard holds, so a dropped hit is no h_M,
// and removing hits that are no match's own only removes searches that, by (a) and (b), either
// find nothing or find a match some remaining hit finds as well.
// Windows of one width for all of r's hits, taken in x order, were the first version of this;
// per-literal windows need the s order. For the automaton x.b|c with anchors b (before 2) and c
// (before 0), over "xcb" the hit on c at 1 taken first would report "c", although finditer
// reports "xcb" at 0: in s order the hit on b (s = 0) comes first and finds it.
void Matcher::Scan(std::string_view text, Scratch& sc, MatchSink& sink) const {
  ScanImpl(text, sc, sink, /*captures=*/true);
}

void Matcher::ScanSpans(std::string_view text, Scratch& sc, MatchSink& sink) const {
  ScanImpl(text, sc, sink, /*captures=*/false);
}

bool Matcher::Captures(uint32_t r, std::string_view text, uint32_t begin, uint32_t end,
                       Scratch& sc, std::span<uint32_t> slots) const {
  Prepare(sc);
  if (r >= prepared_.num_automata() || text.size() >= kNoPos || begin > end ||
      end > text.size()) {
    return false;
  }
  // The match is the highest-priority one at `begin`, so it is also the highest-priority one
  // that ends by `end`: the capture engines need not search past it.
  if (!sc.profile_.empty()) ++sc.profile_[r].captures;
  bool found = false;
  if (options_.use_bit_state) {
    ++sc.bit_state_runs_;
    switch (internal::BitStateSearch(prepared_, r, text, begin, end, sc.bit_state_,
                                     sc.slots_.data())) {
      case internal::BitStateResult::kMatch: found = true; break;
      case internal::BitStateResult::kNoMatch: return false;
      case internal::BitStateResult::kTooBig: break;
    }
  }
  if (!found) found = Find(r, text, {begin, begin, end}, sc);
  if (!found || sc.slots_[1] != end) return false;
  const size_t k = std::min<size_t>(slots.size(), prepared_.automaton(r).num_slots);
  std::copy(sc.slots_.begin(), sc.slots_.begin() + k, slots.begin());
  return true;
}

void Matcher::CheckTextSize(std::string_view text) const {
  if (text.size() >= kNoPos) {
    std::fprintf(stderr, "rptc: Matcher::Scan: text of %zu bytes exceeds the 4 GiB limit\n",
                 text.size());
    std::abort();
  }
}

void Matcher::ScanImpl(std::string_view text, Scratch& sc, MatchSink& sink, bool captures) const {
  Prepare(sc);
  CheckTextSize(text);
  FindHitsImpl(text, sc);
  VerifyHits(text, {}, sc, sink, captures);
}

void Matcher::FindHits(std::string_view text, Scratch& sc) const {
  Prepare(sc);
  CheckTextSize(text);
  FindHitsImpl(text, sc);
}

void Matcher::ScanSpansIn(std::string_view text, std::span<const ScanScope> scopes, Scratch& sc,
                          MatchSink& sink) const {
  Prepare(sc);
  CheckTextSize(text);
  if (scopes.size() != prepared_.num_automata()) {
    std::fprintf(stderr, "rptc: Matcher::ScanSpansIn: %zu scopes for %u automata\n",
                 scopes.size(), prepared_.num_automata());
    std::abort();
  }
  VerifyHits(text, scopes, sc, sink, /*captures=*/false);
}

void Matcher::FindHitsImpl(std::string_view text, Scratch& sc) const {
  sc.hits_.clear();
  sc.hits_sorted_ = false;
  // The last answers of the prefix walks were about the previous text.
  std::fill(sc.prefix_answers_.begin(), sc.prefix_answers_.end(), Scratch::PrefixAnswer{});
  prefilter_.Scan(text, sc.hits_);
  sc.hits_seen_ += sc.hits_.size();
}

void Matcher::VerifyHits(std::string_view text, std::span<const ScanScope> scopes, Scratch& sc,
                         MatchSink& sink, bool captures) const {
  const uint32_t n = static_cast<uint32_t>(text.size());
  const bool scoped = !scopes.empty();
  // One job per hit and automaton its literal anchors, sorted by automaton and then window
  // start: each automaton sees its hits in the order note [anchored scan] needs, and its
  // verifications run back to back, while its DFA cache is hot. In a scoped scan a hit can only
  // matter if a match holding it starts in the scope: x in [begin, end + before).
  std::vector<internal::HitJob>& jobs = sc.jobs_;
  jobs.clear();
  PatternCounts* profile = sc.profile_.empty() ? nullptr : sc.profile_.data();
  for (const uint64_t key : sc.hits_) {
    const uint32_t x = internal::Prefilter::HitStart(key);
    const uint32_t literal = internal::Prefilter::HitLiteral(key);
    GuardsAt guards(text, x);
    for (uint32_t j = hit_begin_[literal]; j < hit_begin_[literal + 1]; ++j) {
      const uint32_t r = hit_automata_[j];
      const uint32_t before = hit_before_[j];
      // A phase that leaves r out (an empty scope) is not r's scan.
      if (profile && (!scoped || scopes[r].begin < scopes[r].end)) ++profile[r].anchor_hits;
      if (scoped && (x < scopes[r].begin || x >= uint64_t{scopes[r].end} + before)) continue;
      if (!guards.Hold(hit_guard_[j])) continue;
      const uint32_t start = WindowStart(j, text, x, x > before ? x - before : 0, sc);
      if (start == kNoPos) continue;
      if (profile) ++profile[r].windows;
      jobs.push_back({(uint64_t{r} << 32) | start, x});
    }
  }
  internal::SortHitJobs(jobs, sc.job_sort_);
  VerifyInterleaved(text, scopes, sc, sink, captures);
  for (const uint32_t u : unanchored_) {
    const ScanScope scope = scoped ? scopes[u] : ScanScope{};
    if (scope.begin >= scope.end || scope.begin > n) continue;
    FindAllImpl(u, text, scope.begin, n, sc, sink, UINT32_MAX, captures,
                scope.end == kNoPos ? kNoPos : scope.end - 1, scope.skip);
  }
}

// note [hit clusters]: one search for a run of nearby hits.
// Verifying hit by hit, each search walks its window of starts and then on until the DFA's
// threads die; where hits lie close together (an indicator named twice in a clause, the several
// aliases of a respectively list), the next window re-walks that tail. A run of hits (in the
// order of note [anchored scan]) whose windows reach each other is therefore verified by one
// search over the starts [max(s1, c), X], X the largest hit of the run: the union of the run's
// windows, one interval because each window starts at or before the run's X so far. It finds
// the same match as hit by hit would: the leftmost-first match from c. No match M starts in
// [c, s1) (then s_{h_M} <= M.b < s1, and by case (c) of the note M was reported), and the limit
// X + max_width cuts no match that starts at or before X.
void Matcher::VerifyAutomaton(uint32_t r, std::string_view text,
                              std::span<const internal::HitJob> jobs,
                              const ScanScope& scope, uint32_t to, Scratch& sc, MatchSink& sink,
                              bool captures, uint32_t max_matches) const {
  Verify v = StartVerify(r, jobs, scope, to, captures, max_matches);
  while (NextSearch(v)) SearchDone(v, Find(r, text, v.window, sc, captures), sc, sink);
}

Matcher::Verify Matcher::StartVerify(uint32_t r, std::span<const internal::HitJob> jobs,
                                     const ScanScope& scope, uint32_t to, bool captures,
                                     uint32_t max_matches) {
  Verify v;
  v.automaton = r;
  v.jobs = jobs;
  v.scope = scope;
  v.to = to;
  v.max_matches = max_matches;
  v.captures = captures;
  v.next_start = scope.begin;
  return v;
}

bool Matcher::NextSearch(Verify& v) const {
  const uint32_t last_start = v.scope.end;  // starts at or after it are never wanted
  if (v.i >= v.jobs.size() || v.found >= v.max_matches) return false;
  v.next_start = SkipFrom(v.scope.skip, v.k, v.next_start);
  if (v.next_start >= last_start) return false;
  // The common case after a match: hits inside it (their windows end before next_start).
  while (v.i < v.jobs.size() && v.jobs[v.i].x < v.next_start) ++v.i;
  if (v.i == v.jobs.size()) return false;
  v.e = v.i + 1;
  v.reach = v.jobs[v.i].x;  // the largest hit of the run
  while (v.e < v.jobs.size() && v.jobs[v.e].window_start() <= v.reach) {
    v.reach = std::max(v.reach, v.jobs[v.e].x);
    ++v.e;
  }
  v.window.first = std::max(v.jobs[v.i].window_start(), v.next_start);
  v.window.last = std::min(v.reach, last_start - 1);
  v.window.limit = static_cast<uint32_t>(
      std::min<uint64_t>(v.to, uint64_t{v.reach} + prepared_.automaton(v.automaton).max_width));
  return true;
}

void Matcher::SearchDone(Verify& v, bool found, Scratch& sc, MatchSink& sink) const {
  if (!found) {
    v.next_start = std::max(v.next_start, v.reach + 1);
    v.i = v.e;
    return;
  }
  const uint32_t b = sc.slots_[0];
  if (SkipFrom(v.scope.skip, v.k, b) != b) {  // it starts inside a skip span: resume past it
    v.next_start = b;
    return;
  }
  Report(v.automaton, sc, sink);
  ++v.found;
  v.next_start = std::max(sc.slots_[1], b + 1);
}

uint32_t Matcher::SkipFrom(std::span<const SkipSpan> skip, size_t& k, uint32_t pos) {
  while (k < skip.size() && skip[k].second <= pos) ++k;
  return k < skip.size() && skip[k].first <= pos ? skip[k].second : pos;
}

void Matcher::FindAllImpl(uint32_t r, std::string_view text, uint32_t from, uint32_t to,
                          Scratch& sc, MatchSink& sink, uint32_t max_matches, bool captures,
                          uint32_t last_start, std::span<const SkipSpan> skip) const {
  const uint32_t last = std::min(to, last_start);
  size_t k = 0;
  uint32_t c = SkipFrom(skip, k, from);
  for (uint32_t found = 0;
       found < max_matches && c <= last && Find(r, text, {c, last, to}, sc, captures);) {
    const uint32_t b = sc.slots_[0];
    if (SkipFrom(skip, k, b) != b) {
      c = SkipFrom(skip, k, b);
      continue;
    }
    Report(r, sc, sink);
    ++found;
    c = SkipFrom(skip, k, std::max(sc.slots_[1], b + 1));
  }
}

void Matcher::FindAll(uint32_t automaton, std::string_view text, uint32_t from, uint32_t to,
                      Scratch& sc, MatchSink& sink, uint32_t max_matches) const {
  Prepare(sc);
  if (automaton >= prepared_.num_automata() || text.size() >= kNoPos) return;
  to = std::min(to, static_cast<uint32_t>(text.size()));
  if (from > to) return;
  FindAllImpl(automaton, text, from, to, sc, sink, max_matches);
}

void Matcher::FindAllInHits(uint32_t r, std::string_view text, uint32_t from, uint32_t to,
                            Scratch& sc, MatchSink& sink, uint32_t max_matches) const {
  if (r >= prepared_.num_automata() || !anchored_[r]) {
    FindAll(r, text, from, to, sc, sink, max_matches);
    return;
  }
  Prepare(sc);
  if (text.size() >= kNoPos) return;
  to = std::min(to, static_cast<uint32_t>(text.size()));
  if (from > to) return;
  // A match in [from, to) holds an anchor occurrence that starts inside it. Region searches
  // come many to a document (a list's every item, each section's end), so the hits are sorted
  // once and each search takes only those in its region.
  // In place: the scan's verification takes the hits in any order (it sorts its jobs).
  if (!sc.hits_sorted_) {
    internal::SortHitKeys(sc.hits_, sc.job_sort_);
    sc.hits_sorted_ = true;
  }
  std::vector<internal::HitJob>& starts = sc.region_jobs_;
  starts.clear();
  PatternCounts* profile = sc.profile_.empty() ? nullptr : &sc.profile_[r];
  const auto first = std::lower_bound(sc.hits_.begin(), sc.hits_.end(),
                                      internal::Prefilter::HitKey(from, 0));
  for (auto it = first; it != sc.hits_.end(); ++it) {
    const uint64_t key = *it;
    const uint32_t x = internal::Prefilter::HitStart(key);
    if (x >= to) break;
    const uint32_t literal = internal::Prefilter::HitLiteral(key);
    for (uint32_t j = hit_begin_[literal]; j < hit_begin_[literal + 1]; ++j) {
      if (hit_automata_[j] == r) {
        if (profile) ++profile->anchor_hits;
        if (GuardsAt(text, x).Hold(hit_guard_[j])) {
          const uint32_t start =
              WindowStart(j, text, x, x > hit_before_[j] ? x - hit_before_[j] : 0, sc);
          if (start != kNoPos) {
            starts.push_back({start, x});
            if (profile) ++profile->windows;
          }
        }
        break;
      }
    }
  }
  internal::SortHitJobs(starts, sc.job_sort_);
  // FindAll's matches end by `to`, and one that is empty may start there.
  VerifyAutomaton(r, text, starts, ScanScope{from, to + 1, {}}, to, sc, sink, /*captures=*/true,
                  max_matches);
}

bool Matcher::MatchAt(uint32_t automaton, std::string_view text, uint32_t pos, uint32_t limit,
                      Scratch& sc, std::span<uint32_t> slots) const {
  Prepare(sc);
  if (automaton >= prepared_.num_automata() || text.size() >= kNoPos) return false;
  limit = std::min(limit, static_cast<uint32_t>(text.size()));
  if (pos > limit || !Find(automaton, text, {pos, pos, limit}, sc)) return false;
  const size_t k = std::min<size_t>(slots.size(), prepared_.automaton(automaton).num_slots);
  std::copy(sc.slots_.begin(), sc.slots_.begin() + k, slots.begin());
  return true;
}

void Matcher::EnableProfile(Scratch& sc) const {
  Prepare(sc);
  if (!sc.profile_.empty()) return;
  sc.profile_.assign(prepared_.num_automata(), {});
  sc.profile_base_.assign(prepared_.num_automata(), {});
  for (uint32_t r = 0; r < prepared_.num_automata(); ++r) {
    if (const auto& dfa = sc.dfas_[r]) {
      sc.profile_base_[r].dfa_bytes = dfa->bytes_walked();
      sc.profile_base_[r].dfa_states = dfa->states_created();
    }
  }
}

std::vector<PatternCounts> Matcher::profile(const Scratch& sc) const {
  if (sc.owner_ != id_) return {};
  std::vector<PatternCounts> out = sc.profile_;
  for (uint32_t r = 0; r < out.size() && r < sc.dfas_.size(); ++r) {
    if (const auto& dfa = sc.dfas_[r]) {
      out[r].dfa_bytes = dfa->bytes_walked() - sc.profile_base_[r].dfa_bytes;
      out[r].dfa_states = dfa->states_created() - sc.profile_base_[r].dfa_states;
    }
  }
  return out;
}

Matcher::Stats Matcher::stats(const Scratch& sc) const {
  Stats s;
  s.hits = sc.hits_seen_;
  s.verifications = sc.verifications_;
  s.pike_runs = sc.pike_runs_;
  s.bit_state_runs = sc.bit_state_runs_;
  s.prefix_walks = sc.prefix_walks_;
  s.prefix_dropped = sc.prefix_dropped_;
  for (const auto& dfa : sc.dfas_) {
    if (!dfa) continue;
    s.dfa_states += dfa->states_created();
    s.dfa_resets += dfa->resets();
  }
  return s;
}

}  // namespace rptc::rt
