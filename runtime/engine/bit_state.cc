// BitState; see bit_state.h for its semantics and guarantees.
// Tested by tests/runtime/engine/bit_state_test.cc and differential_test.cc.
#include "runtime/engine/bit_state.h"

#include <algorithm>

namespace rptc::rt::internal {
namespace {

// How many splits in a row a chain walk may pass without marking them (see WalkChain).
constexpr int kMaxSkippedSplits = 64;

// How many leading byte instructions of a branch SkipBytes checks and passes.
// One byte sufficed for ASCII words, but a Chinese character is three bytes and most lexicon
// entries share their first byte (E4-E9) with the text. Over the GWR benchmark set, checking
// one, two, three and six bytes left 7.86M, 5.71M, 5.29M and 4.88M visits (one byte and no
// passing: 9.55M); one byte took 15% more BitState time than three, and more than three saved
// nothing measurable.
constexpr int kLookahead = 3;

// A place to explore: instruction pc at text position p.
struct Branch {
  uint32_t pc;
  uint32_t p;
};

// Moves `br` past its leading byte instructions, at most kLookahead of them; returns false if
// one of them cannot consume its byte of s[p, limit): the branch then fails. Byte instructions
// do nothing but consume, so passing them without a visit changes no result (see bit_state.h).
bool SkipBytes(const Inst* insts, const unsigned char* s, uint32_t limit, Branch& br) {
  for (int i = 0; i < kLookahead; ++i) {
    const Inst& ip = insts[br.pc];
    if (ip.op != Op::kByteRange && ip.op != Op::kBytePair) return true;
    if (br.p >= limit || !AcceptsByte(ip.op, ip.lo, ip.hi, s[br.p])) return false;
    br.pc = ip.out;
    ++br.p;
  }
  return true;
}

// A lexicon becomes a trie whose nodes are chains of splits (split -> out1 -> split ...), one
// branch per next character. From `split` at p, passes the splits whose `out` branch fails,
// without a visit of their own, up to kMaxSkippedSplits in a row: a trie node of 30 children
// cost 30 visits, most of BitState's (10.7M of 15.3M over the benchmark set). Returns the split
// where the walk stopped; `out` is its `out` branch moved past its leading bytes, and `live`
// whether that branch may match. Skipping a split's mark is safe, as a visit's mark only saves
// work: a pair explored again fails again. The bound keeps the extra work linear, and ends a
// chain that loops.
const Inst* WalkChain(const Inst* insts, const unsigned char* s, uint32_t limit,
                      const Inst* split, uint32_t p, Branch& out, bool& live) {
  for (int skipped = 0;; ++skipped) {
    // The next split's branch, a cache miss of its own, starts loading now: the splits of a
    // chain lie side by side, the instructions they branch to far apart. (A split's `out` is
    // inside the automaton, validated.) With the prefetch below: user+sys CPU over the
    // benchmark set, two rounds of 12 alternating runs, medians 0.73 and 0.735 s without,
    // 0.705 and 0.72 s with. In a loop over the same six reports' captures, where the
    // instructions stay cached, they cost ~4% (1,110 -> 1,160 ns a capture): they pay where a
    // document's captures find the automata cold, as in a batch.
    const Inst& next = insts[split->out1];
    if (next.op == Op::kSplit) __builtin_prefetch(&insts[next.out]);
    out = {split->out, p};
    live = SkipBytes(insts, s, limit, out);
    if (live || skipped == kMaxSkippedSplits || insts[split->out1].op != Op::kSplit) {
      return split;
    }
    split = &insts[split->out1];
  }
}

}  // namespace

BitStateResult BitStateSearch(const PreparedProgram& prog, uint32_t automaton,
                              std::string_view text, uint32_t begin, uint32_t limit,
                              BitStateBuffers& b, uint32_t* out) {
  const PreparedAutomaton& a = prog.automaton(automaton);
  const uint32_t n = static_cast<uint32_t>(text.size());
  limit = std::min(limit, n);
  if (!a.valid || begin > limit) return BitStateResult::kNoMatch;
  const uint64_t width = uint64_t{limit} - begin + 1;  // positions begin..limit
  const uint64_t bits = (uint64_t{a.pc_hi} - a.pc_lo + 1) * width;
  if (bits > kMaxVisitedBits) return BitStateResult::kTooBig;

  const size_t words = static_cast<size_t>((bits + 63) / 64);
  if (b.visited.size() < words) b.visited.resize(words, 0);
  b.slots.assign(a.num_slots, kNoPos);
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  if (a.has_assert) {
    b.contexts.resize(width);
    Context c = ContextAt(text, begin);
    for (uint32_t i = 0; i < width; ++i) {
      b.contexts[i] = c;
      if (begin + i < limit) c = StepContext(c, s[begin + i]);
    }
  }
  // Marks (pc, p) visited; returns false if it already was. Position-major: the closure at one
  // position touches one row of num_insts bits, where pc-major rows scattered every visit over a
  // bitmap of up to 4 MiB (half of all BitState time went to cache misses on the GWR template).
  const uint64_t num_insts = uint64_t{a.pc_hi} - a.pc_lo + 1;
  auto visit = [&](uint32_t pc, uint32_t p) {
    const uint64_t bit = uint64_t{p - begin} * num_insts + (pc - a.pc_lo);
    uint64_t& w = b.visited[bit >> 6];
    const uint64_t mask = uint64_t{1} << (bit & 63);
    if (w & mask) return false;
    if (w == 0) b.dirty.push_back(static_cast<uint32_t>(bit >> 6));
    w |= mask;
    return true;
  };
  // Leaves the bitmap all zero for the next search.
  auto finish = [&](BitStateResult result) {
    for (uint32_t word : b.dirty) b.visited[word] = 0;
    b.dirty.clear();
    return result;
  };

  const Inst* insts = prog.insts();
  b.stack.clear();
  b.stack.push_back({a.start, begin, 0});
  while (!b.stack.empty()) {
    const BitStateBuffers::Job job = b.stack.back();
    b.stack.pop_back();
    if (job.pc == kNoPos) {
      b.slots[job.pos] = job.value;
      continue;
    }
    Branch br{job.pc, job.pos};
    if (!SkipBytes(insts, s, limit, br)) continue;  // stacked unchecked (see kSplit)
    uint32_t pc = br.pc;
    uint32_t p = br.p;
    // Follow one path; alternatives and slot restores go on the stack.
    while (visit(pc, p)) {
      const Inst& ip = insts[pc];
      bool advance = false;
      switch (ip.op) {
        case Op::kByteRange:
        case Op::kBytePair:
          if (p < limit && AcceptsByte(ip.op, ip.lo, ip.hi, s[p])) {
            pc = ip.out;
            ++p;
            advance = true;
          }
          break;
        case Op::kSplit: {
          Branch next;
          bool live;
          const Inst* split = WalkChain(insts, s, limit, &ip, p, next, live);
          if (!live) {
            next = {split->out1, p};
            live = SkipBytes(insts, s, limit, next);
          } else if (split->out1 != split->out) {
            // The other branch is checked when it is popped, if it is: the search often ends
            // first. A split whose branches are the same (an empty option) needs no second try.
            b.stack.push_back({split->out1, p, 0});
            __builtin_prefetch(&insts[split->out1]);  // read when the path ahead fails
          }
          pc = next.pc;
          p = next.p;
          advance = live;
          break;
        }
        case Op::kSave:
          if (ip.out1 < a.num_slots) {
            b.stack.push_back({kNoPos, ip.out1, b.slots[ip.out1]});
            b.slots[ip.out1] = p;
          }
          pc = ip.out;
          advance = true;
          break;
        case Op::kAssert: {
          const int next = p < n ? int{s[p]} : kEndOfText;
          if (AssertionMask(b.contexts[p - begin], next) & AssertionBit(ip.assert)) {
            pc = ip.out;
            advance = true;
          }
          break;
        }
        case Op::kMatch:
          std::copy(b.slots.begin(), b.slots.end(), out);
          out[0] = begin;
          out[1] = p;
          return finish(BitStateResult::kMatch);
        case Op::kFail:
          break;
      }
      if (!advance) break;
    }
  }
  return finish(BitStateResult::kNoMatch);
}

}  // namespace rptc::rt::internal
