// Deriving and checking Program::assert_reach; see runtime/assert_reach.h.
// Tested by tests/runtime/assert_reach_test.cc.
#include "runtime/assert_reach.h"

#include <algorithm>

#include "runtime/post_order.h"
#include "runtime/predecessors.h"

namespace rptc::rt {
namespace {

// The successors of pc that lie inside the program (none for an unknown op).
int Successors(const std::vector<Inst>& insts, uint32_t pc, uint32_t* out) {
  const uint32_t n = static_cast<uint32_t>(insts.size());
  uint32_t succ[2];
  const int all = rt::Successors(insts[pc], succ);
  int k = 0;
  for (int i = 0; i < all; ++i) {
    if (succ[i] < n) out[k++] = succ[i];
  }
  return k;
}

void SetBit(std::vector<uint64_t>& bits, uint32_t pc) { bits[pc / 64] |= uint64_t{1} << (pc % 64); }

// For a program with cycles (FinishInPostOrderIfAcyclic failed): reverse reachability from
// every kAssert.
void MarkByReverseWalk(const std::vector<Inst>& insts, std::vector<uint64_t>& bits) {
  const uint32_t n = static_cast<uint32_t>(insts.size());
  const Predecessors preds(n, [&](auto&& visit) {
    uint32_t succ[2];
    for (uint32_t pc = 0; pc < n; ++pc) {
      const int k = Successors(insts, pc, succ);
      for (int j = 0; j < k; ++j) visit(pc, succ[j]);
    }
  });

  std::fill(bits.begin(), bits.end(), 0);
  std::vector<uint32_t> stack;
  for (uint32_t pc = 0; pc < n; ++pc) {
    if (insts[pc].op == Op::kAssert) {
      SetBit(bits, pc);
      stack.push_back(pc);
    }
  }
  while (!stack.empty()) {
    const uint32_t pc = stack.back();
    stack.pop_back();
    for (const uint32_t from : preds.of(pc)) {
      if (!AssertReachBit(bits, from)) {
        SetBit(bits, from);
        stack.push_back(from);
      }
    }
  }
}

}  // namespace

std::vector<uint64_t> ComputeAssertReach(const std::vector<Inst>& insts) {
  const uint32_t n = static_cast<uint32_t>(insts.size());
  std::vector<uint64_t> bits(AssertReachWords(n), 0);
  const bool acyclic = FinishInPostOrderIfAcyclic(
      n, [&](uint32_t pc, uint32_t* out) { return Successors(insts, pc, out); },
      [&](uint32_t pc, const uint32_t* succ, int k) {
        bool reaches = insts[pc].op == Op::kAssert;
        for (int j = 0; j < k; ++j) reaches = reaches || AssertReachBit(bits, succ[j]);
        if (reaches) SetBit(bits, pc);
      });
  if (!acyclic) MarkByReverseWalk(insts, bits);
  return bits;
}

}  // namespace rptc::rt
