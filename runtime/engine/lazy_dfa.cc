// The lazy DFA; see lazy_dfa.h for the state layout, the semantics and the guarantees.
// Tested by tests/runtime/engine/lazy_dfa_test.cc and differential_test.cc.
#include "runtime/engine/lazy_dfa.h"

#include <algorithm>
#include <span>

#include "runtime/memory.h"

namespace rptc::rt::internal {

void DfaWork::Reserve(uint32_t max_block) {
  seen.Resize(max_block);
  kernel_seen.Resize(max_block);
  stack.reserve(2 * size_t{max_block} + 2);
  closure.reserve(max_block);
  current.reserve(size_t{max_block} + 1);
  next.reserve(size_t{max_block} + 1);
}

LazyDfa::LazyDfa(const PreparedProgram& prog, uint32_t automaton, size_t budget_bytes)
    : prog_(prog),
      a_(prog.automaton(automaton)),
      stride_(a_.num_classes + 1u),
      end_col_(a_.num_classes),
      budget_(budget_bytes),
      start_needs_context_(a_.valid && prog.reaches_assert(a_.start)),
      max_states_((uint32_t{1} << 27) / stride_ - 1) {
  start_.fill(kUnknown);
}

size_t LazyDfa::memory_bytes() const {
  return states_.memory_bytes() + (next_.size() + twin_.size()) * sizeof(int32_t);
}

size_t LazyDfa::BytesWith(size_t content_words) const {
  return states_.BytesWith(content_words) +
         (next_.size() + twin_.size() + stride_ + 1) * sizeof(int32_t);
}

int32_t LazyDfa::Encode(uint32_t id) const {
  const std::span<const uint32_t> content = states_.content(id);
  const uint32_t header = content[0];
  const bool kernel_empty = content.size() == 1;
  const bool inject = (header & kHeaderInject) != 0;
  int32_t info = 0;
  if (header & kHeaderMatched) info |= kMatchedBit;
  if (inject) info |= kInjectBit;
  if (kernel_empty) info |= kEmptyKernelBit;
  if (kernel_empty && !inject) info |= kDeadBit;
  return static_cast<int32_t>((id * stride_) << 4) | info;
}

bool LazyDfa::Reset() {
  ++resets_;
  ++resets_this_search_;
  if (resets_ >= kMaxResets) failed_ = true;
  states_.Clear();
  next_.clear();
  twin_.clear();
  start_.fill(kUnknown);
  return !failed_ && resets_this_search_ <= kMaxResetsPerSearch;
}

int32_t LazyDfa::AddState(const std::vector<uint32_t>& content) {
  const uint32_t found = states_.Find(content);
  if (found != StateCache::kNotFound) return Encode(found);
  // A new state: its content and index entry (StateCache), a row of transitions, a twin slot.
  if (BytesWith(content.size()) > budget_ || num_states() >= max_states_) {
    if (!Reset()) return kGiveUp;
    // An empty cache must hold at least this state.
    if (BytesWith(content.size()) > budget_) {
      failed_ = true;
      return kGiveUp;
    }
    return AddState(content);
  }
  GrowPrefaulted(next_, next_.size() + stride_);
  next_.resize(next_.size() + stride_, kUnknown);
  twin_.push_back(kUnknown);
  ++states_created_;
  return Encode(states_.Add(content));
}

// The context a state built from `content` must carry: ctx if one of its kernel instructions (or
// the start, while starts are injected) can still reach a kAssert, else kNoContext.
Context LazyDfa::ContextFor(const std::vector<uint32_t>& content, Context ctx) const {
  if (ctx == kNoContext) return kNoContext;
  if ((content[0] & kHeaderInject) && start_needs_context_) return ctx;
  for (size_t i = 1; i < content.size(); ++i) {
    if (prog_.reaches_assert(content[i])) return ctx;
  }
  return kNoContext;
}

int32_t LazyDfa::StartState(Context ctx, DfaWork& work) {
  if (!start_needs_context_) ctx = kNoContext;
  const size_t slot = ctx == kNoContext ? kNumContexts : ctx;
  if (start_[slot] != kUnknown) return start_[slot];
  work.next.assign(1, kHeaderInject | (uint32_t{ctx} << 8));
  const int32_t v = AddState(work.next);
  if (v != kGiveUp) start_[slot] = v;
  return v;
}

int32_t LazyDfa::WithoutInject(int32_t v, DfaWork& work) {
  const uint32_t id = static_cast<uint32_t>(v >> 4) / stride_;
  if (twin_[id] != kUnknown) return twin_[id];
  const std::span<const uint32_t> content = states_.content(id);
  work.next.assign(content.begin(), content.end());
  const Context ctx = static_cast<Context>(work.next[0] >> 8);
  work.next[0] &= ~(kHeaderInject | 0xFF00u);
  work.next[0] |= uint32_t{ContextFor(work.next, ctx)} << 8;
  const uint64_t resets_before = resets_;
  const int32_t t = AddState(work.next);
  if (t != kGiveUp && resets_ == resets_before) twin_[id] = t;
  return t;
}

// Follows the closure of pc in priority order under assertion mask `flags`, appending kByteRange
// instructions to work.closure. Returns true if it reached kMatch: the caller then drops every
// lower-priority thread.
bool LazyDfa::Closure(uint32_t pc0, uint32_t flags, DfaWork& work) {
  const Inst* insts = prog_.insts();
  work.stack.push_back(pc0);
  while (!work.stack.empty()) {
    const uint32_t pc = work.stack.back();
    work.stack.pop_back();
    if (work.seen.contains(pc - a_.pc_lo)) continue;
    work.seen.InsertNew(pc - a_.pc_lo);
    const Inst& ip = insts[pc];
    switch (ip.op) {
      case Op::kByteRange:
      case Op::kBytePair:
        work.closure.push_back(pc);
        break;
      case Op::kMatch:
        work.stack.clear();
        return true;
      case Op::kSplit:
        work.stack.push_back(ip.out1);
        work.stack.push_back(ip.out);
        break;
      case Op::kSave:
        work.stack.push_back(ip.out);
        break;
      case Op::kAssert:
        if (flags & AssertionBit(ip.assert)) work.stack.push_back(ip.out);
        break;
      case Op::kFail:
        break;
    }
  }
  return false;
}

int32_t LazyDfa::Transition(int32_t v, uint32_t col, DfaWork& work) {
  const uint32_t row = static_cast<uint32_t>(v >> 4);
  const uint32_t id = row / stride_;
  const std::span<const uint32_t> content = states_.content(id);
  work.current.assign(content.begin(), content.end());
  const uint32_t header = work.current[0];
  const bool inject = (header & kHeaderInject) != 0;
  const Context ctx = static_cast<Context>(header >> 8);
  const int byte = col == end_col_ ? kEndOfText : int{a_.class_byte[col]};
  const uint32_t flags = ctx == kNoContext ? 0 : AssertionMask(ctx, byte);

  work.seen.clear();
  work.closure.clear();
  bool matched = false;
  for (size_t i = 1; i < work.current.size() && !matched; ++i) {
    matched = Closure(work.current[i], flags, work);
  }
  if (!matched && inject) matched = Closure(a_.start, flags, work);

  work.next.assign(1, 0);
  if (byte != kEndOfText) {
    work.kernel_seen.clear();
    const Inst* insts = prog_.insts();
    for (uint32_t pc : work.closure) {
      const Inst& ip = insts[pc];
      if (AcceptsByte(ip.op, ip.lo, ip.hi, byte) && !work.kernel_seen.contains(ip.out - a_.pc_lo)) {
        work.kernel_seen.InsertNew(ip.out - a_.pc_lo);
        work.next.push_back(ip.out);
      }
    }
  }
  uint32_t next_header = (inject && !matched ? kHeaderInject : 0) | (matched ? kHeaderMatched : 0);
  work.next[0] = next_header;
  Context next_ctx = kNoContext;
  if (byte != kEndOfText && ctx != kNoContext) {
    next_ctx = ContextFor(work.next, StepContext(ctx, static_cast<uint8_t>(byte)));
  }
  work.next[0] |= uint32_t{next_ctx} << 8;

  const uint64_t resets_before = resets_;
  const int32_t t = AddState(work.next);
  if (t != kGiveUp && resets_ == resets_before) next_[row + col] = t;
  return t;
}

void LazyDfa::BeginWalk(std::string_view text, uint32_t first, uint32_t last, uint32_t limit,
                        Context ctx, DfaWork& work, Walk& w) {
  w.r = RunResult{};
  w.r.lo = first;
  w.p = first;  // before any return: FinishSearch counts p - first
  w.first = first;
  w.v = StartState(ctx, work);
  w.done = w.v == kGiveUp;
  if (w.done) {
    w.r.gave_up = true;
    return;
  }
  w.last = last;
  w.limit = limit;
  w.phase1 = true;
  w.fast_end = std::min(std::min(last, limit), static_cast<uint32_t>(text.size()));
  w.next = next_.data();
  w.classes = a_.byte_class.data();
}

bool LazyDfa::SlowStep(std::string_view text, DfaWork& work, Walk& w) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const uint32_t n = static_cast<uint32_t>(text.size());
  const uint32_t col = w.p < n ? a_.byte_class[s[w.p]] : end_col_;
  int32_t t = next_[(w.v >> 4) + col];
  if (t < 0 && (t = Transition(w.v, col, work)) == kGiveUp) {
    w.r.gave_up = true;
    return w.done = true;
  }
  w.next = next_.data();  // Transition may have grown the table
  if (t & kMatchedBit) w.r.match_end = w.p;
  if (w.p == w.limit || (t & kDeadBit)) return w.done = true;
  ++w.p;
  w.v = t;
  if (!w.phase1) return false;
  if (w.p <= w.last) {
    if ((t & Walk::kStartsOnly) == Walk::kStartsOnly) w.r.lo = w.p;
    return false;
  }
  // Past the window of starts: no more threads start, and phase 2 runs to the limit.
  w.phase1 = false;
  w.fast_end = std::min(w.limit, n);
  if (w.v & kInjectBit) {
    w.v = WithoutInject(w.v, work);
    w.next = next_.data();
    if (w.v == kGiveUp) {
      w.r.gave_up = true;
      return w.done = true;
    }
    if (w.v & kDeadBit) return w.done = true;
  }
  return false;
}

// Phase 1, p in [first, last]: a thread starts at every position. Phase 2, p in (last, limit]:
// only the threads already started. The common steps run in Walk::FastSteps' tight loop; the
// rest (new transitions, matches, dead ends, the window's edges) in SlowStep.
// A run that only asks whether a match starts at q stops at the first match it sees: the search
// already knows the match's end. Over the benchmark set the 86,020 such runs that found a match
// walked 2.73M bytes to the end of the match, and 1.92M to their first match.
LazyDfa::Outcome LazyDfa::MatchStartsAt(std::string_view text, uint32_t q, uint32_t limit,
                                        Context ctx, DfaWork& work) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  Walk w;
  BeginWalk(text, q, q, limit, ctx, work, w);
  while (!w.done && w.r.match_end == kNoPos) {
    w.FastSteps(s);
    SlowStep(text, work, w);
  }
  bytes_walked_ += w.p - w.first;
  if (w.r.gave_up) return Outcome::kGaveUp;
  return w.r.match_end == kNoPos ? Outcome::kNoMatch : Outcome::kMatch;
}

void LazyDfa::WalkToEnd(std::string_view text, DfaWork& work, Walk& w) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  while (!w.done) {
    w.FastSteps(s);
    SlowStep(text, work, w);
  }
}

bool LazyDfa::StartSearch(std::string_view text, Window win, DfaWork& work, Walk& walk,
                          Outcome* outcome) {
  const uint32_t n = static_cast<uint32_t>(text.size());
  const uint32_t limit = std::min(win.limit, n);
  if (!a_.valid || win.first > limit || win.first > win.last) {
    *outcome = Outcome::kNoMatch;
    return false;
  }
  if (failed_) {
    *outcome = Outcome::kGaveUp;
    return false;
  }
  resets_this_search_ = 0;
  const uint32_t last = std::min(win.last, limit);
  const Context ctx = start_needs_context_ ? ContextAt(text, win.first) : kNoContext;
  BeginWalk(text, win.first, last, limit, ctx, work, walk);
  return true;
}

LazyDfa::Outcome LazyDfa::FinishSearch(std::string_view text, DfaWork& work, const Walk& walk,
                                       uint32_t* begin, uint32_t* end) {
  const RunResult& r = walk.r;
  bytes_walked_ += walk.p - walk.first;
  if (r.gave_up) return Outcome::kGaveUp;
  if (r.match_end == kNoPos) return Outcome::kNoMatch;

  // The match starts in [r.lo, min(last, end)]; find the leftmost start with an anchored run.
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const uint32_t last = walk.last;
  const uint32_t e = r.match_end;
  const uint32_t hi = std::min(last, e);
  if (r.lo == hi) {
    *begin = hi;
    *end = e;
    return Outcome::kMatch;
  }
  // A match is at most max_width long, so it cannot start before e - max_width.
  const uint32_t q0 = std::max(r.lo, e > a_.max_width ? e - a_.max_width : 0);
  Context ctx = start_needs_context_ ? ContextAt(text, q0) : kNoContext;
  for (uint32_t q = q0; q <= hi; ++q) {
    switch (MatchStartsAt(text, q, e, ctx, work)) {
      case Outcome::kGaveUp:
        return Outcome::kGaveUp;
      case Outcome::kMatch:  // the leftmost start: [q, e) is the leftmost-first match
        *begin = q;
        *end = e;
        return Outcome::kMatch;
      case Outcome::kNoMatch:
        break;
    }
    if (start_needs_context_) ctx = StepContext(ctx, s[q]);
  }
  // Only reachable if max_width understates the automaton: let the Pike VM decide.
  return Outcome::kGaveUp;
}

LazyDfa::Outcome LazyDfa::Search(std::string_view text, Window win, DfaWork& work,
                                 uint32_t* begin, uint32_t* end) {
  Walk walk;
  Outcome outcome;
  if (!StartSearch(text, win, work, walk, &outcome)) return outcome;
  WalkToEnd(text, work, walk);
  return FinishSearch(text, work, walk, begin, end);
}

}  // namespace rptc::rt::internal
