// Deriving and checking Program::assert_reach; see runtime/assert_reach.h.
// Tested by tests/runtime/assert_reach_test.cc.
#include "runtime/assert_reach.h"

#include <algorithm>

#include "runtime/post_order.h"

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
// every kAssert. The predecessor lists are one array indexed by pred_begin (CSR): no allocation
// per instruction.
void MarkByReverseWalk(const std::vector<Inst>& insts, std::vector<uint64_t>& bits) {
  const uint32_t n = static_cast<uint32_t>(insts.size());
  auto for_each_edge = [&](auto&& f) {
    uint32_t succ[2];
    for (uint32_t pc = 0; pc < n; ++pc) {
      const int k = Successors(insts, pc, succ);
      for (int j = 0; j < k; ++j) f(pc, succ[j]);
    }
  };
  std::vector<uint32_t> pred_begin(n + 1, 0);
  for_each_edge([&](uint32_t, uint32_t to) { ++pred_begin[to + 1]; });
  for (uint32_t pc = 0; pc < n; ++pc) pred_begin[pc + 1] += pred_begin[pc];
  std::vector<uint32_t> preds(pred_begin[n]);
  std::vector<uint32_t> fill(pred_begin.begin(), pred_begin.end() - 1);
  for_each_edge([&](uint32_t from, uint32_t to) { preds[fill[to]++] = from; });

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
    for (uint32_t i = pred_begin[pc]; i < pred_begin[pc + 1]; ++i) {
      if (!AssertReachBit(bits, preds[i])) {
        SetBit(bits, preds[i]);
        stack.push_back(preds[i]);
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
