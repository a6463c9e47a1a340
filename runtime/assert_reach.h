// Which instructions can reach a kAssert: Program::assert_reach, one bit per instruction.
//
// The lazy DFA needs it for every instruction it puts in a state (whether the state must track
// the assertion context). Deriving it is a walk over the whole instruction graph, ~10 ms for a
// large template at every start, so the compiler derives it once and the image stores it. A
// stored set cannot be trusted, but it can be checked in one pass: a bit must be exactly "is a
// kAssert, or a successor's bit is set". Every instruction on a path to a kAssert then has its
// bit set (by induction backwards along the path); on a cycle with no kAssert the bits may be
// set without need, which only makes the DFA track context it could have ignored.
// Tested by tests/runtime/assert_reach_test.cc.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/program.h"

namespace rptc::rt {

// The number of 64-bit words of an assert_reach set over n instructions.
inline size_t AssertReachWords(size_t n) { return (n + 63) / 64; }

inline bool AssertReachBit(const std::vector<uint64_t>& bits, uint32_t pc) {
  return (bits[pc / 64] >> (pc % 64) & 1) != 0;
}

// The least set that passes the check below. Follows only successors inside the program, and
// none of an instruction with an unknown op, so it accepts any Program.
std::vector<uint64_t> ComputeAssertReach(const std::vector<Inst>& insts);

// Whether instruction pc's bit is exactly what its op and its successors' bits make it. The op
// must be known and the successors inside the program. Inline: the loader and the engines call
// it in their one pass over every instruction.
inline bool AssertReachAgrees(const std::vector<uint64_t>& bits, const Inst& in, uint32_t pc) {
  bool expected = in.op == Op::kAssert;
  if (in.op != Op::kMatch && in.op != Op::kFail) {
    expected = expected || AssertReachBit(bits, in.out);
    if (in.op == Op::kSplit) expected = expected || AssertReachBit(bits, in.out1);
  }
  return expected == AssertReachBit(bits, pc);
}

}  // namespace rptc::rt
