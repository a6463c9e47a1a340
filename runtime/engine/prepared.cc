// Per-automaton analysis for the engines; see prepared.h.
// Tested by tests/runtime/engine/lazy_dfa_test.cc, matcher_test.cc and
// tests/runtime/assert_reach_test.cc.
#include "runtime/engine/prepared.h"

#include <algorithm>
#include <string>

#include "runtime/assert_reach.h"
#include "runtime/engine/context.h"

namespace rptc::rt::internal {
namespace {

bool KnownOp(Op op) { return static_cast<uint8_t>(op) <= static_cast<uint8_t>(Op::kBytePair); }
bool KnownAssertion(Assertion a) { return static_cast<uint32_t>(a) < kNumAssertions; }

// Byte b is true if the assertion context or the word-byte test treats b differently from
// b - 1: it starts a new class in every block that asserts. The same for every automaton, so
// computed once (per automaton it was ~15% of Prepare).
const std::array<bool, 256>& ContextBoundaries() {
  static const std::array<bool, 256> boundaries = [] {
    std::array<bool, 256> boundary{};
    for (int b = 1; b < 256; ++b) {
      bool differs = IsWordByte(b) != IsWordByte(b - 1);
      for (int c = 0; c < kNumContexts && !differs; ++c) {
        differs = StepContext(static_cast<Context>(c), static_cast<uint8_t>(b)) !=
                  StepContext(static_cast<Context>(c), static_cast<uint8_t>(b - 1));
      }
      boundary[b] = differs;
    }
    return boundary;
  }();
  return boundaries;
}

}  // namespace

PreparedProgram::PreparedProgram(const Program& program)
    : program_(program), automata_(program.automata.size()) {
  if (program.assert_reach.size() == AssertReachWords(program.insts.size())) {
    assert_reach_ = &program.assert_reach;
  } else {
    derived_assert_reach_ = ComputeAssertReach(program.insts);
    assert_reach_ = &derived_assert_reach_;
  }
  for (uint32_t i = 0; i < automata_.size(); ++i) Prepare(i, automata_[i]);
}

void PreparedProgram::Prepare(uint32_t index, PreparedAutomaton& a) {
  const Automaton& src = program_.automata[index];
  const uint32_t n = num_insts();
  a.start = src.start;
  a.num_slots = std::max<uint32_t>(src.num_slots, 2);
  a.max_width = src.max_width;
  max_slots_ = std::max(max_slots_, a.num_slots);
  auto fail = [&](const std::string& why) {
    if (a.valid && error_.empty()) error_ = "automaton " + std::to_string(index) + ": " + why;
    a.valid = false;
  };
  const uint32_t begin = src.insts_begin, end = src.insts_end;
  const std::string block = "[" + std::to_string(begin) + ", " + std::to_string(end) + ")";
  if (end > n || begin > end) return fail("its instructions " + block + " are not in the program");
  if (a.start < begin || a.start >= end) {
    return fail("start " + std::to_string(a.start) + " is outside its instructions " + block);
  }

  // One pass over the block, validating as it goes.
  std::array<bool, 257> boundary{};
  boundary[0] = true;
  auto inside = [&](uint32_t to) { return to - begin < end - begin; };  // begin <= to < end
  const std::vector<uint64_t>& reach = *assert_reach_;
  for (uint32_t pc = begin; pc < end; ++pc) {
    const Inst& ip = program_.insts[pc];
    if (!KnownOp(ip.op)) return fail("instruction " + std::to_string(pc) + " has an unknown op");
    bool jumps_inside = ip.op == Op::kMatch || ip.op == Op::kFail || inside(ip.out);
    switch (ip.op) {
      case Op::kByteRange:
        boundary[ip.lo] = true;
        boundary[static_cast<uint32_t>(ip.hi) + 1] = true;
        break;
      case Op::kBytePair:  // two one-byte ranges
        boundary[ip.lo] = boundary[static_cast<uint32_t>(ip.lo) + 1] = true;
        boundary[ip.hi] = boundary[static_cast<uint32_t>(ip.hi) + 1] = true;
        break;
      case Op::kSplit:
        jumps_inside = jumps_inside && inside(ip.out1);
        break;
      case Op::kAssert:
        if (!KnownAssertion(ip.assert)) {
          return fail("instruction " + std::to_string(pc) + " has an unknown assertion");
        }
        a.has_assert = true;
        break;
      case Op::kSave:
      case Op::kMatch:
      case Op::kFail:
        break;
    }
    if (!jumps_inside) {
      return fail("instruction " + std::to_string(pc) + " jumps outside its instructions " +
                  block);
    }
    if (!AssertReachAgrees(reach, ip, pc)) {
      return fail("the assertion-reach bit of instruction " + std::to_string(pc) +
                  " disagrees with its successors'");
    }
  }
  a.num_reachable = end - begin;
  a.pc_lo = begin;
  a.pc_hi = end - 1;
  max_reachable_ = std::max(max_reachable_, a.num_reachable);

  if (a.has_assert) {
    const std::array<bool, 256>& context = ContextBoundaries();
    for (int b = 0; b < 256; ++b) boundary[b] = boundary[b] || context[b];
  }
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
