// Tests for runtime/assert_reach.h: the derived set on graphs with and without cycles, the
// one-pass check, and how the engines' preparation uses a stored set or derives its own.
#include "runtime/assert_reach.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <tuple>
#include <vector>

#include "runtime/engine/prepared.h"

namespace rptc::rt {
namespace {

Inst Make(Op op, uint32_t out, uint32_t out1 = 0) {
  Inst i{};
  i.op = op, i.out = out, i.out1 = out1, i.lo = 'a', i.hi = 'z';
  return i;
}

std::vector<bool> Bits(const std::vector<uint64_t>& bits, size_t n) {
  std::vector<bool> out;
  for (uint32_t pc = 0; pc < n; ++pc) out.push_back(AssertReachBit(bits, pc));
  return out;
}

// The first instruction in [begin, end) whose bit disagrees, or kNoPos.
uint32_t FirstMismatch(const std::vector<Inst>& insts, const std::vector<uint64_t>& bits,
                       uint32_t begin, uint32_t end) {
  for (uint32_t pc = begin; pc < end; ++pc) {
    if (!AssertReachAgrees(bits, insts[pc], pc)) return pc;
  }
  return kNoPos;
}

// 0: split(1, 3); 1: byte -> 2; 2: assert -> 4; 3: byte -> 4; 4: match.
std::vector<Inst> Diamond() {
  return {Make(Op::kSplit, 1, 3), Make(Op::kByteRange, 2), Make(Op::kAssert, 4),
          Make(Op::kByteRange, 4), Make(Op::kMatch, 0)};
}

}  // namespace

TEST_SUITE("assert_reach") {
  TEST_CASE("An instruction reaches an assertion through any path, consuming or not") {
    const std::vector<Inst> insts = Diamond();
    const std::vector<uint64_t> bits = ComputeAssertReach(insts);
    CHECK(bits.size() == 1);
    CHECK(Bits(bits, insts.size()) == std::vector<bool>{true, true, true, false, false});
    CHECK(FirstMismatch(insts, bits, 0, 5) == kNoPos);
  }

  TEST_CASE("A cycle is followed as well, and the set has one bit per instruction") {
    // 0..69 a chain of bytes; 70 loops back to 10 and on to the assert at 71.
    std::vector<Inst> insts;
    for (uint32_t pc = 0; pc < 70; ++pc) insts.push_back(Make(Op::kByteRange, pc + 1));
    insts.push_back(Make(Op::kSplit, 10, 71));
    insts.push_back(Make(Op::kAssert, 72));
    insts.push_back(Make(Op::kMatch, 0));
    insts.push_back(Make(Op::kByteRange, 0));  // 73: into the chain, unreachable from it
    const std::vector<uint64_t> bits = ComputeAssertReach(insts);
    REQUIRE(bits.size() == AssertReachWords(74));
    CHECK(bits.size() == 2);
    std::vector<bool> want(74, true);
    want[72] = false;
    CHECK(Bits(bits, 74) == want);
    CHECK(FirstMismatch(insts, bits, 0, 74) == kNoPos);
  }

  TEST_CASE("The check names the first instruction whose bit its successors contradict") {
    const std::vector<Inst> insts = Diamond();
    CHECK(FirstMismatch(insts, {0b00111}, 0, 5) == kNoPos);
    CHECK(FirstMismatch(insts, {0b00110}, 0, 5) == 0);  // 0 reaches 1
    CHECK(FirstMismatch(insts, {0b11111}, 0, 5) == 4);  // a match reaches nothing
    CHECK(FirstMismatch(insts, {0b00011}, 0, 5) == 1);  // 2 is an assert
    CHECK(FirstMismatch(insts, {0b00011}, 3, 5) == kNoPos);  // only [3, 5) checked
    // A loop may keep bits that no assertion justifies; that only costs the DFA context.
    const std::vector<Inst> loop = {Make(Op::kByteRange, 1), Make(Op::kSplit, 0, 2),
                                    Make(Op::kMatch, 0)};
    CHECK(FirstMismatch(loop, {0b011}, 0, 3) == kNoPos);
    CHECK(ComputeAssertReach(loop) == std::vector<uint64_t>{0});
  }

  TEST_CASE("Preparation uses a stored set, derives a missing one, and rejects a wrong one") {
    Program p;
    p.insts = Diamond();
    p.automata = {{0, 2, 1, 1, 0, 5}};
    {
      const internal::PreparedProgram derived(p);  // built by hand: no stored set
      CHECK(derived.error().empty());
      CHECK(derived.reaches_assert(0));
      CHECK_FALSE(derived.reaches_assert(3));
    }
    p.assert_reach = {0b00111 | 0b01000};  // 3's bit set: its successor's is not
    {
      const internal::PreparedProgram wrong(p);
      CHECK(wrong.error() ==
            "automaton 0: the assertion-reach bit of instruction 3 disagrees with its "
            "successors'");
      CHECK_FALSE(wrong.automaton(0).valid);
    }
    p.assert_reach = {0b00111};
    const internal::PreparedProgram stored(p);
    CHECK(stored.error().empty());
    CHECK(stored.reaches_assert(1));
    CHECK_FALSE(stored.reaches_assert(4));
  }

  TEST_CASE("Preparation takes an automaton's facts from its block") {
    Program p;
    p.insts = Diamond();
    p.insts.push_back(Make(Op::kByteRange, 6));  // 5, 6: a second automaton
    p.insts.push_back(Make(Op::kMatch, 0));
    p.automata = {{0, 2, 1, 1, 0, 5}, {5, 2, 1, 1, 5, 7}, {6, 2, 0, 0, 5, 6}};
    const internal::PreparedProgram prepared(p);
    // valid, has_assert, num_reachable, pc_lo, pc_hi
    auto facts = [&](uint32_t i) {
      const internal::PreparedAutomaton& a = prepared.automaton(i);
      return std::tuple(a.valid, a.has_assert, a.num_reachable, a.pc_lo, a.pc_hi);
    };
    CHECK(facts(0) == std::tuple(true, true, 5u, 0u, 4u));
    CHECK(facts(1) == std::tuple(true, false, 2u, 5u, 6u));
    const internal::PreparedAutomaton& a = prepared.automaton(0);
    CHECK(a.byte_class['a'] != a.byte_class['a' - 1]);
    CHECK(a.byte_class['a'] == a.byte_class['z']);
    CHECK(prepared.automaton(1).num_classes == 3);  // below 'a', 'a'-'z', above 'z'
    CHECK(prepared.max_reachable() == 5);
    // Automaton 2 names a block without its start: it never matches, and the error says why.
    CHECK_FALSE(prepared.automaton(2).valid);
    CHECK(prepared.error() == "automaton 2: start 6 is outside its instructions [5, 6)");
  }
}

}  // namespace rptc::rt
