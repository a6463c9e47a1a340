// Reversing an automaton block: the automaton that reads, right to left, the strings the block
// reads left to right. The engine walks it back from an anchor hit to find where a match holding
// the hit could start (note [reverse prefix] in compiler/lower/lower.cc).
//
// The result is meant for set semantics (runtime/engine/prefix_dfa.h): it keeps no priorities,
// its kSave and kAssert are gone (an assertion is taken as true, so the language can only grow),
// and it accepts with one kMatch where the block started. Every path of the block from its start
// to its kMatch that reads w is a path of the result from its start to its kMatch that reads w
// reversed, and nothing else is. A block without an epsilon loop gives a result without one.
// Tested by tests/compiler/automaton/reverse_test.cc.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/program.h"

namespace rptc::automaton {

struct ReversedBlock {
  std::vector<rt::Inst> insts;  // jump targets are absolute, counted from the `at` given
  uint32_t start = 0;           // absolute
};

// Reverses insts[begin, end) entered at `start` (every jump of the block stays inside it) into
// instructions that will sit at pc `at` onwards.
ReversedBlock ReverseBlock(const std::vector<rt::Inst>& insts, uint32_t begin, uint32_t end,
                           uint32_t start, uint32_t at);

}  // namespace rptc::automaton
