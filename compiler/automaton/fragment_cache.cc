// Tested by tests/compiler/automaton/fragment_cache_test.cc and, for byte-identical output, by
// the end-to-end example tests.
#include "compiler/automaton/fragment_cache.h"

namespace rptc::automaton {

namespace {

uint32_t& Field(rt::Inst& inst, uint32_t hole) { return (hole & 1) != 0 ? inst.out1 : inst.out; }

}  // namespace

bool JumpsWithOut(rt::Op op) { return op != rt::Op::kMatch && op != rt::Op::kFail; }

std::optional<CachedFragment> RecordFragment(const std::vector<rt::Inst>& insts, uint32_t begin,
                                             uint32_t start, uint32_t head, uint32_t end) {
  const size_t size = insts.size();
  if (begin > size || start < begin || start >= size) return std::nullopt;
  CachedFragment f;
  f.start = start - begin;
  f.insts.assign(insts.begin() + begin, insts.end());
  std::vector<bool> is_exit(2 * f.insts.size(), false);
  for (uint32_t h = head; h != end;) {
    const uint32_t pc = h >> 1;
    if (pc < begin || pc >= size) return std::nullopt;
    const uint32_t rel = h - 2 * begin;
    if (is_exit[rel]) return std::nullopt;  // a cycle: not a fragment's exit list
    is_exit[rel] = true;
    f.exits.push_back(rel);
    h = Field(f.insts[pc - begin], h);
  }
  for (size_t i = 0; i < f.insts.size(); ++i) {
    rt::Inst& inst = f.insts[i];
    if (!JumpsWithOut(inst.op)) continue;
    for (uint32_t which = 0; which < (inst.op == rt::Op::kSplit ? 2u : 1u); ++which) {
      uint32_t& target = Field(inst, which);
      if (is_exit[2 * i + which]) {
        target = 0;
      } else if (target >= begin && target < size) {
        target -= begin;
      } else {
        return std::nullopt;
      }
    }
  }
  return f;
}

uint32_t AppendFragment(std::vector<rt::Inst>& insts, const CachedFragment& fragment,
                        uint32_t end) {
  const uint32_t base = static_cast<uint32_t>(insts.size());
  insts.insert(insts.end(), fragment.insts.begin(), fragment.insts.end());
  for (size_t i = base; i < insts.size(); ++i) {
    rt::Inst& inst = insts[i];
    if (!JumpsWithOut(inst.op)) continue;
    inst.out += base;
    if (inst.op == rt::Op::kSplit) inst.out1 += base;
  }
  // Thread the exits as Hole() and Join() would have: each holds the next, the last `end`.
  const uint32_t shift = 2 * base;
  for (size_t k = 0; k < fragment.exits.size(); ++k) {
    const uint32_t hole = fragment.exits[k] + shift;
    const bool last = k + 1 == fragment.exits.size();
    Field(insts[hole >> 1], hole) = last ? end : fragment.exits[k + 1] + shift;
  }
  return base;
}

}  // namespace rptc::automaton
