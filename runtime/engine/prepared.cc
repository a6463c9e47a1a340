// Per-automaton analysis for the engines; see prepared.h.
// Tested by tests/runtime/engine/lazy_dfa_test.cc and matcher_test.cc.
#include "runtime/engine/prepared.h"

#include <algorithm>
#include <string>

#include "runtime/engine/context.h"
#include "runtime/memory.h"
#include "runtime/post_order.h"

namespace rptc::rt::internal {
namespace {

bool KnownOp(Op op) { return static_cast<uint8_t>(op) <= static_cast<uint8_t>(Op::kBytePair); }
bool KnownAssertion(Assertion a) { return static_cast<uint32_t>(a) < kNumAssertions; }

// Marks b as the first byte of a new class if the assertion context or the word-byte test treats
// b differently from b - 1.
void MarkContextBoundaries(std::array<bool, 257>& boundary) {
  for (int b = 1; b < 256; ++b) {
    bool differs = IsWordByte(b) != IsWordByte(b - 1);
    for (int c = 0; c < kNumContexts && !differs; ++c) {
      differs = StepContext(static_cast<Context>(c), static_cast<uint8_t>(b)) !=
                StepContext(static_cast<Context>(c), static_cast<uint8_t>(b - 1));
    }
    if (differs) boundary[b] = true;
  }
}

// The successors of pc that lie inside the program (none for an unknown op), the edges
// reaches_assert follows.
int Successors(const std::vector<Inst>& insts, uint32_t pc, uint32_t* out) {
  const uint32_t n = static_cast<uint32_t>(insts.size());
  const Inst& ip = insts[pc];
  if (!KnownOp(ip.op) || ip.op == Op::kMatch || ip.op == Op::kFail) return 0;
  int k = 0;
  if (ip.out < n) out[k++] = ip.out;
  if (ip.op == Op::kSplit && ip.out1 < n) out[k++] = ip.out1;
  return k;
}

// reaches_assert for a program with cycles (FinishInPostOrderIfAcyclic failed): reverse
// reachability from every kAssert. The predecessor lists are one array indexed by pred_begin
// (CSR): no allocation per instruction.
void MarkReachesAssert(const std::vector<Inst>& insts, std::vector<uint8_t>& reaches) {
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

  std::fill(reaches.begin(), reaches.end(), 0);
  std::vector<uint32_t> stack;
  for (uint32_t pc = 0; pc < n; ++pc) {
    if (insts[pc].op == Op::kAssert) {
      reaches[pc] = 1;
      stack.push_back(pc);
    }
  }
  while (!stack.empty()) {
    const uint32_t pc = stack.back();
    stack.pop_back();
    for (uint32_t i = pred_begin[pc]; i < pred_begin[pc + 1]; ++i) {
      if (!reaches[preds[i]]) {
        reaches[preds[i]] = 1;
        stack.push_back(preds[i]);
      }
    }
  }
}

}  // namespace

PreparedProgram::PreparedProgram(const Program& program)
    : program_(program), automata_(program.automata.size()) {
  const uint32_t n = num_insts();
  ReservePrefaulted(reaches_assert_, n);  // see runtime/memory.h
  reaches_assert_.resize(n);
  const bool acyclic = FinishInPostOrderIfAcyclic(
      n, [&](uint32_t pc, uint32_t* out) { return Successors(program.insts, pc, out); },
      [&](uint32_t pc, const uint32_t* succ, int k) {
        uint8_t reaches = program.insts[pc].op == Op::kAssert;
        for (int j = 0; j < k; ++j) reaches |= reaches_assert_[succ[j]];
        reaches_assert_[pc] = reaches;
      });
  if (!acyclic) MarkReachesAssert(program.insts, reaches_assert_);

  // Shared by the walks: `visited` grows to the largest automaton once, where a fresh vector per
  // automaton would regrow and page-fault through its memory for each of them.
  std::vector<uint32_t> stack, visited;
  std::vector<uint8_t> seen;
  ReservePrefaulted(seen, n);
  seen.resize(n);
  for (uint32_t i = 0; i < automata_.size(); ++i) Prepare(i, automata_[i], stack, seen, visited);
}

void PreparedProgram::Prepare(uint32_t index, PreparedAutomaton& a, std::vector<uint32_t>& stack,
                              std::vector<uint8_t>& seen, std::vector<uint32_t>& visited) {
  const Automaton& src = program_.automata[index];
  const uint32_t n = num_insts();
  a.start = src.start;
  a.num_slots = std::max<uint32_t>(src.num_slots, 2);
  a.max_width = src.max_width;
  max_slots_ = std::max(max_slots_, a.num_slots);

  // Walk everything reachable from start, validating as we go.
  std::array<bool, 257> boundary{};
  boundary[0] = true;
  visited.clear();
  auto fail = [&](const std::string& why) {
    if (a.valid && error_.empty()) {
      error_ = "automaton " + std::to_string(index) + ": " + why;
    }
    a.valid = false;
  };
  if (a.start >= n) {
    fail("start " + std::to_string(a.start) + " is outside the program");
  } else {
    stack.assign(1, a.start);
    seen[a.start] = 1;
    visited.push_back(a.start);
  }
  auto follow = [&](uint32_t pc, uint32_t to) {
    if (to >= n) {
      fail("instruction " + std::to_string(pc) + " jumps outside the program");
    } else if (!seen[to]) {
      seen[to] = 1;
      visited.push_back(to);
      stack.push_back(to);
    }
  };
  while (!stack.empty()) {
    const uint32_t pc = stack.back();
    stack.pop_back();
    const Inst& ip = program_.insts[pc];
    if (!KnownOp(ip.op)) {
      fail("instruction " + std::to_string(pc) + " has an unknown op");
      continue;
    }
    switch (ip.op) {
      case Op::kByteRange:
        boundary[ip.lo] = true;
        boundary[static_cast<uint32_t>(ip.hi) + 1] = true;
        follow(pc, ip.out);
        break;
      case Op::kBytePair:  // two one-byte ranges
        boundary[ip.lo] = boundary[static_cast<uint32_t>(ip.lo) + 1] = true;
        boundary[ip.hi] = boundary[static_cast<uint32_t>(ip.hi) + 1] = true;
        follow(pc, ip.out);
        break;
      case Op::kSplit:
        follow(pc, ip.out);
        follow(pc, ip.out1);
        break;
      case Op::kSave:
        follow(pc, ip.out);
        break;
      case Op::kAssert:
        if (!KnownAssertion(ip.assert))
          fail("instruction " + std::to_string(pc) + " has an unknown assertion");
        a.has_assert = true;
        follow(pc, ip.out);
        break;
      case Op::kMatch:
      case Op::kFail:
        break;
    }
  }
  for (uint32_t pc : visited) seen[pc] = 0;
  a.num_reachable = static_cast<uint32_t>(visited.size());
  if (!visited.empty()) {
    const auto [lo, hi] = std::minmax_element(visited.begin(), visited.end());
    a.pc_lo = *lo;
    a.pc_hi = *hi;
  }
  max_reachable_ = std::max(max_reachable_, a.num_reachable);

  if (a.has_assert) MarkContextBoundaries(boundary);
  int cls = -1;
  for (int b = 0; b < 256; ++b) {
    if (boundary[b]) {
      ++cls;
      a.class_byte[cls] = static_cast<uint8_t>(b);
    }
    a.byte_class[b] = static_cast<uint8_t>(cls);
  }
  a.num_classes = static_cast<uint16_t>(cls + 1);
}

}  // namespace rptc::rt::internal
