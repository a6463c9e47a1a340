// PreparedProgram: the facts about each automaton that the engines need, computed once when a
// Matcher is built, so the per-byte loops never recompute them.
//
// Each automaton is prepared from its block of instructions (Automaton::insts_begin/insts_end)
// in one pass, which checks as it goes. The program may not have been validated (tests build
// programs by hand), so nothing is trusted.
//
// Guarantees: every instruction in a *valid* automaton's block, and so every one reachable from
// its start, has a known Op (and a known Assertion for kAssert) and its successors lie inside the
// block, so the engines can follow `out`/`out1` without bounds checks; reaches_assert is true of
// every instruction with a path to a kAssert. An invalid automaton never matches, and error()
// says why. Bytes that share a byte class are indistinguishable to every kByteRange of the
// block, and, if the block asserts, to the assertion context (see context.h) and the word-byte
// test, so the lazy DFA can step on classes instead of bytes. The counts and ranges below are
// over the block: the compiler's blocks hold only instructions reachable from their start, so
// for them this is what a walk from the start would find.
// Tested by tests/runtime/engine/lazy_dfa_test.cc, matcher_test.cc and
// tests/runtime/assert_reach_test.cc.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/assert_reach.h"
#include "runtime/program.h"

namespace rptc::rt::internal {

struct PreparedAutomaton {
  uint32_t start = 0;
  uint32_t num_slots = 2;      // Automaton::num_slots, at least 2
  uint32_t max_width = 0;      // Automaton::max_width
  uint32_t num_reachable = 0;  // instructions in the block: bounds any thread list
  uint32_t pc_lo = 0;          // the block is [pc_lo, pc_hi]
  uint32_t pc_hi = 0;
  bool valid = true;
  bool has_assert = false;   // the block holds a kAssert
  uint16_t num_classes = 1;  // byte classes; a DFA row has num_classes + 1 columns (end of text)
  std::array<uint8_t, 256> byte_class{};  // byte -> class
  std::array<uint8_t, 256> class_byte{};  // class -> its smallest byte (a representative)
};

class PreparedProgram {
 public:
  explicit PreparedProgram(const Program& program);
  PreparedProgram(const PreparedProgram&) = delete;  // assert_reach_ may point into itself
  PreparedProgram& operator=(const PreparedProgram&) = delete;

  const Program& program() const { return program_; }
  const Inst* insts() const { return program_.insts.data(); }
  uint32_t num_insts() const { return static_cast<uint32_t>(program_.insts.size()); }
  uint32_t num_automata() const { return static_cast<uint32_t>(automata_.size()); }
  const PreparedAutomaton& automaton(uint32_t i) const { return automata_[i]; }

  // True if some path from pc (through any instruction, consuming bytes or not) reaches a kAssert
  // (and possibly, on a cycle, if one only seems to: see runtime/assert_reach.h).
  bool reaches_assert(uint32_t pc) const { return AssertReachBit(*assert_reach_, pc); }

  uint32_t max_reachable() const { return max_reachable_; }  // over all automata
  uint32_t max_slots() const { return max_slots_; }          // over all automata
  const std::string& error() const { return error_; }        // empty if every automaton is valid

 private:
  void Prepare(uint32_t index, PreparedAutomaton& a);

  const Program& program_;
  std::vector<PreparedAutomaton> automata_;
  std::vector<uint64_t> derived_assert_reach_;  // for a program without assert_reach
  const std::vector<uint64_t>* assert_reach_;   // the program's, or derived_assert_reach_
  uint32_t max_reachable_ = 0;
  uint32_t max_slots_ = 2;
  std::string error_;
};

}  // namespace rptc::rt::internal
