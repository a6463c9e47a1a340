// BitState; see bit_state.h for its semantics and guarantees.
// Tested by tests/runtime/engine/bit_state_test.cc and differential_test.cc.
#include "runtime/engine/bit_state.h"

#include <algorithm>

namespace rptc::rt::internal {
namespace {

// How many splits in a row a chain walk may pass without marking them (see kSplit below).
constexpr int kMaxSkippedSplits = 64;

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
  // Whether `ip` consumes a byte and cannot consume the one at p.
  auto RejectsHere = [&](const Inst& ip, uint32_t p) {
    return (ip.op == Op::kByteRange || ip.op == Op::kBytePair) &&
           !(p < limit && AcceptsByte(ip.op, ip.lo, ip.hi, s[p]));
  };
  b.stack.clear();
  b.stack.push_back({a.start, begin, 0});
  while (!b.stack.empty()) {
    const BitStateBuffers::Job job = b.stack.back();
    b.stack.pop_back();
    if (job.pc == kNoPos) {
      b.slots[job.pos] = job.value;
      continue;
    }
    uint32_t pc = job.pc;
    uint32_t p = job.pos;
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
          // A branch whose first instruction consumes a byte other than s[p] fails at once:
          // skip it instead of visiting it. A lexicon becomes a trie whose nodes are chains of
          // splits, one branch per next character, so this halves the visits there.
          // Along such a chain (split -> out1 -> split ...) the splits whose `out` fails at once
          // are passed without a visit of their own, up to kMaxSkippedSplits in a row: a trie
          // node of 30 children cost 30 visits, most of BitState's (10.7M of 15.3M over the
          // benchmark set). Skipping a split's mark is safe, as a visit's mark only saves work:
          // a pair explored again fails again. The bound keeps the extra work linear, and ends
          // a chain that loops.
          const Inst* split = &ip;
          for (int skipped = 0; skipped < kMaxSkippedSplits && RejectsHere(insts[split->out], p) &&
                                insts[split->out1].op == Op::kSplit;
               ++skipped) {
            split = &insts[split->out1];
          }
          const bool out_dead = RejectsHere(insts[split->out], p);
          if (!RejectsHere(insts[split->out1], p)) {
            if (out_dead) {
              pc = split->out1;
              advance = true;
              break;
            }
            b.stack.push_back({split->out1, p, 0});
          }
          pc = split->out;
          advance = !out_dead;
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
