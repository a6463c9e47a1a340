// The Pike VM; see pike_vm.h for its semantics and guarantees.
// Tested by tests/runtime/engine/pike_vm_test.cc and differential_test.cc.
#include "runtime/engine/pike_vm.h"

#include <algorithm>
#include <utility>

#include "runtime/engine/context.h"

namespace rptc::rt::internal {

void PikeBuffers::Reserve(uint32_t num_insts, uint32_t max_threads, uint32_t max_slots) {
  const uint32_t stride = max_slots + 1;
  for (ThreadList& l : lists) {
    l.seen.Resize(num_insts);
    if (l.pc.size() < max_threads) l.pc.resize(max_threads);
    if (l.slots.size() < size_t{max_threads} * stride) l.slots.resize(size_t{max_threads} * stride);
    l.size = 0;
  }
  // Each visited instruction pushes at most two successors and one slot restore.
  stack.reserve(3 * size_t{max_threads} + 2);
  if (work.size() < stride) work.resize(stride);
  if (init.size() < stride) init.resize(stride);
  if (best.size() < stride) best.resize(stride);
}

namespace {

// One search. Thread slots have num_slots + 1 entries: the last is the thread's start position,
// so the engine knows the match start even if the program never saves slot 0.
class PikeRun {
 public:
  PikeRun(const PreparedProgram& prog, const PreparedAutomaton& a, PikeBuffers& b)
      : insts_(prog.insts()), num_slots_(a.num_slots), stride_(a.num_slots + 1), b_(b) {}

  // Adds the thread at pc0 and everything its closure reaches at `pos` to l, below every thread
  // already there; `flags` are the assertions that hold at pos.
  void Add(ThreadList& l, uint32_t pc0, uint32_t pos, const uint32_t* src, uint32_t flags) {
    if (l.seen.contains(pc0)) return;
    std::copy(src, src + stride_, b_.work.begin());
    auto& stack = b_.stack;
    stack.push_back({kNoPos, pc0});
    while (!stack.empty()) {
      const PikeBuffers::StackEntry e = stack.back();
      stack.pop_back();
      if (e.slot != kNoPos) {
        b_.work[e.slot] = e.value;
        continue;
      }
      const uint32_t pc = e.value;
      if (l.seen.contains(pc)) continue;
      l.seen.InsertNew(pc);
      const Inst& ip = insts_[pc];
      switch (ip.op) {
        case Op::kByteRange:
        case Op::kBytePair:
        case Op::kMatch:
          l.pc[l.size] = pc;
          std::copy(b_.work.begin(), b_.work.begin() + stride_,
                    l.slots.begin() + size_t{l.size} * stride_);
          ++l.size;
          break;
        case Op::kSplit:
          stack.push_back({kNoPos, ip.out1});
          stack.push_back({kNoPos, ip.out});  // popped first: higher priority
          break;
        case Op::kSave:
          if (ip.out1 < num_slots_) {  // saves to slots the automaton does not declare are ignored
            stack.push_back({ip.out1, b_.work[ip.out1]});
            b_.work[ip.out1] = pos;
          }
          stack.push_back({kNoPos, ip.out});
          break;
        case Op::kAssert:
          if (flags & AssertionBit(ip.assert)) stack.push_back({kNoPos, ip.out});
          break;
        case Op::kFail:
          break;
      }
    }
  }

  const Inst* insts_;
  uint32_t num_slots_;
  uint32_t stride_;
  PikeBuffers& b_;
};

}  // namespace

bool PikeSearch(const PreparedProgram& prog, uint32_t automaton, std::string_view text, Window w,
                PikeBuffers& b, uint32_t* slots) {
  const PreparedAutomaton& a = prog.automaton(automaton);
  const uint32_t n = static_cast<uint32_t>(text.size());
  const uint32_t limit = std::min(w.limit, n);
  if (!a.valid || w.first > limit || w.first > w.last) return false;
  const uint32_t last = std::min(w.last, limit);
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  auto lookahead = [&](uint32_t p) { return p < n ? int{s[p]} : kEndOfText; };

  PikeRun run(prog, a, b);
  const uint32_t stride = a.num_slots + 1;
  ThreadList* clist = &b.lists[0];
  ThreadList* nlist = &b.lists[1];
  clist->clear();
  nlist->clear();
  std::fill(b.init.begin(), b.init.begin() + stride, kNoPos);

  Context ctx = a.has_assert ? ContextAt(text, w.first) : kTextStartContext;
  uint32_t flags = a.has_assert ? AssertionMask(ctx, lookahead(w.first)) : 0;
  bool matched = false;
  uint32_t match_begin = 0, match_end = 0;
  for (uint32_t p = w.first;; ++p) {
    if (!matched && p <= last) {
      b.init[a.num_slots] = p;
      run.Add(*clist, a.start, p, b.init.data(), flags);  // lowest priority: a later start
    }
    if (clist->size == 0 && (matched || p >= last)) break;

    const bool can_step = p < limit;
    const unsigned char c = can_step ? s[p] : 0;
    uint32_t next_flags = 0;
    if (can_step && a.has_assert) {
      ctx = StepContext(ctx, c);
      next_flags = AssertionMask(ctx, lookahead(p + 1));
    }
    nlist->clear();
    for (uint32_t i = 0; i < clist->size; ++i) {
      const Inst& ip = prog.insts()[clist->pc[i]];
      const uint32_t* ts = clist->slots.data() + size_t{i} * stride;
      if (ip.op == Op::kMatch) {
        // The best match so far; the threads after this one can only find worse matches.
        matched = true;
        std::copy(ts, ts + stride, b.best.begin());
        match_begin = ts[a.num_slots];
        match_end = p;
        break;
      }
      if (can_step && AcceptsByte(ip.op, ip.lo, ip.hi, c)) run.Add(*nlist, ip.out, p + 1, ts, next_flags);
    }
    std::swap(clist, nlist);
    if (!can_step) break;
    flags = next_flags;
  }
  if (!matched) return false;
  std::copy(b.best.begin(), b.best.begin() + a.num_slots, slots);
  slots[0] = match_begin;
  slots[1] = match_end;
  return true;
}

}  // namespace rptc::rt::internal
