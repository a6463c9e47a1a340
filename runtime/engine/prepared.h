// PreparedProgram: the facts about each automaton that the engines need, computed once when a
// Matcher is built, so the per-byte loops never recompute them.
//
// Guarantees: every instruction reachable from a *valid* automaton's start has a known Op (and a
// known Assertion for kAssert) and its successors lie inside Program::insts, so the engines
// can follow `out`/`out1` without bounds checks. An invalid automaton never matches, and error()
// says why. Bytes that share a byte class are indistinguishable to every kByteRange the automaton
// reaches, and, if the automaton asserts, to the assertion context (see context.h) and the
// word-byte test, so the lazy DFA can step on classes instead of bytes.
// Tested by tests/runtime/engine/lazy_dfa_test.cc and matcher_test.cc.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/program.h"

namespace rptc::rt::internal {

struct PreparedAutomaton {
  uint32_t start = 0;
  uint32_t num_slots = 2;      // Automaton::num_slots, at least 2
  uint32_t max_width = 0;      // Automaton::max_width
  uint32_t num_reachable = 0;  // instructions reachable from start: bounds any thread list
  uint32_t pc_lo = 0;          // the reachable instructions lie in [pc_lo, pc_hi]
  uint32_t pc_hi = 0;
  bool valid = true;
  bool has_assert = false;   // some reachable instruction is a kAssert
  uint16_t num_classes = 1;  // byte classes; a DFA row has num_classes + 1 columns (end of text)
  std::array<uint8_t, 256> byte_class{};  // byte -> class
  std::array<uint8_t, 256> class_byte{};  // class -> its smallest byte (a representative)
};

class PreparedProgram {
 public:
  explicit PreparedProgram(const Program& program);

  const Program& program() const { return program_; }
  const Inst* insts() const { return program_.insts.data(); }
  uint32_t num_insts() const { return static_cast<uint32_t>(program_.insts.size()); }
  uint32_t num_automata() const { return static_cast<uint32_t>(automata_.size()); }
  const PreparedAutomaton& automaton(uint32_t i) const { return automata_[i]; }

  // True if some path from pc (through any instruction, consuming bytes or not) reaches a kAssert.
  bool reaches_assert(uint32_t pc) const { return reaches_assert_[pc] != 0; }

  uint32_t max_reachable() const { return max_reachable_; }  // over all automata
  uint32_t max_slots() const { return max_slots_; }          // over all automata
  const std::string& error() const { return error_; }        // empty if every automaton is valid

 private:
  void Prepare(uint32_t index, PreparedAutomaton& a, std::vector<uint32_t>& stack,
               std::vector<uint8_t>& seen, std::vector<uint32_t>& visited);

  const Program& program_;
  std::vector<PreparedAutomaton> automata_;
  std::vector<uint8_t> reaches_assert_;
  uint32_t max_reachable_ = 0;
  uint32_t max_slots_ = 2;
  std::string error_;
};

}  // namespace rptc::rt::internal
