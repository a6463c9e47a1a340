#include "runtime/engine/prefix_dfa.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/engine/context.h"
#include "tests/runtime/engine/program_builder.h"

namespace rptc::rt::internal {
namespace {

using testing::Alt;
using testing::Assert;
using testing::Byte;
using testing::Empty;
using testing::Fail;
using testing::Lit;
using testing::Opt;
using testing::Pair;
using testing::Pat;
using testing::ProgramBuilder;
using testing::Repeat;
using testing::Seq;

constexpr size_t kBigBudget = size_t{1} << 20;

// Appends a hand-made block to `p`: `rel` holds instructions whose out (and a kSplit's out1) are
// relative to the block, as is `start`. Returns the automaton's index.
uint32_t AddRaw(Program& p, std::vector<Inst> rel, uint32_t start) {
  const uint32_t base = static_cast<uint32_t>(p.insts.size());
  for (Inst in : rel) {
    if (in.op != Op::kMatch && in.op != Op::kFail) in.out += base;
    if (in.op == Op::kSplit) in.out1 += base;
    p.insts.push_back(in);
  }
  Automaton a;
  a.start = base + start;
  a.insts_begin = base;
  a.insts_end = static_cast<uint32_t>(p.insts.size());
  p.automata.push_back(a);
  return static_cast<uint32_t>(p.automata.size() - 1);
}

Inst Range(uint8_t lo, uint8_t hi, uint32_t out) { return {Op::kByteRange, lo, hi, {}, out, 0}; }
Inst Split(uint32_t out, uint32_t out1) { return {Op::kSplit, 0, 0, {}, out, out1}; }
Inst Save(uint32_t out) { return {Op::kSave, 0, 0, {}, out, 0}; }
Inst MatchInst() { return {Op::kMatch, 0, 0, {}, 0, 0}; }

// ---- The reference: each candidate start run forward from scratch, with std::set ----

// The set-semantics closure of `seeds`: the consuming instructions reached, and whether kMatch is.
std::pair<std::set<uint32_t>, bool> RefClosure(const Program& p, std::vector<uint32_t> stack) {
  std::set<uint32_t> visited, consuming;
  bool accept = false;
  while (!stack.empty()) {
    const uint32_t pc = stack.back();
    stack.pop_back();
    if (!visited.insert(pc).second) continue;
    const Inst& in = p.insts[pc];
    switch (in.op) {
      case Op::kByteRange:
      case Op::kBytePair:
        consuming.insert(pc);
        break;
      case Op::kMatch:
        accept = true;
        break;
      case Op::kSplit:
        stack.push_back(in.out);
        stack.push_back(in.out1);
        break;
      case Op::kSave:
      case Op::kAssert:
        stack.push_back(in.out);
        break;
      case Op::kFail:
        break;
    }
  }
  return {consuming, accept};
}

// Whether reading text[x-1], ..., text[q] from the start leaves kMatch in the closure.
bool RefAccepts(const Program& p, uint32_t r, std::string_view text, uint32_t q, uint32_t x) {
  auto [set, accept] = RefClosure(p, {p.automata[r].start});
  for (uint32_t i = x; i > q; --i) {
    const int byte = static_cast<unsigned char>(text[i - 1]);
    std::vector<uint32_t> seeds;
    for (uint32_t pc : set) {
      const Inst& in = p.insts[pc];
      if (AcceptsByte(in.op, in.lo, in.hi, byte)) seeds.push_back(in.out);
    }
    std::tie(set, accept) = RefClosure(p, seeds);
  }
  return accept;
}

uint32_t RefLeftmostStart(const Program& p, uint32_t r, std::string_view text, uint32_t x,
                          uint32_t lo) {
  for (uint32_t q = lo; q <= x; ++q) {
    if (RefAccepts(p, r, text, q, x)) return q;
  }
  return kNoPos;
}

// A prepared program with one PrefixDfa per automaton (not movable: both refer to `program`).
class Prefix {
 public:
  explicit Prefix(Program p, size_t budget = kBigBudget)
      : program_(std::move(p)), prepared_(program_) {
    for (uint32_t r = 0; r < prepared_.num_automata(); ++r) {
      dfas_.push_back(std::make_unique<PrefixDfa>(prepared_, r, budget));
    }
  }
  const Program& program() const { return program_; }
  const PreparedProgram& prepared() const { return prepared_; }
  PrefixDfa& dfa(uint32_t r) { return *dfas_[r]; }
  PrefixWork& work() { return work_; }

  // The decided start (kNoPos for none); fails the test if undecided.
  uint32_t Start(uint32_t r, std::string_view text, uint32_t x, uint32_t lo = 0) {
    const PrefixDfa::Result res = dfas_[r]->LeftmostStart(text, x, lo, work_);
    CHECK(res.decided);
    return res.start;
  }

 private:
  Program program_;
  PreparedProgram prepared_;
  PrefixWork work_;
  std::vector<std::unique_ptr<PrefixDfa>> dfas_;
};

// ---- Random automata: patterns through ProgramBuilder, and raw blocks with any graph ----

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(rng_() % n); }
  uint8_t Letter() { return static_cast<uint8_t>('a' + Below(4)); }

  Pat Atom() {
    switch (Below(6)) {
      case 0: {
        const uint8_t a = Letter(), b = Letter();
        return Byte(std::min(a, b), std::max(a, b));
      }
      case 1:
        return Pair(Letter(), Letter());
      default:
        return Byte(Letter());
    }
  }

  Pat Random(int depth) {
    if (depth == 0) return Atom();
    switch (Below(10)) {
      case 0:
      case 1:
        return Atom();
      case 2:
      case 3:
        return Seq({Random(depth - 1), Random(depth - 1)});
      case 4:
        return Alt({Random(depth - 1), Random(depth - 1)});
      case 5:
        return Opt(Random(depth - 1));
      case 6: {
        const uint32_t min = Below(2);
        return Repeat(Random(depth - 1), min, min + Below(3));
      }
      case 7:
        return Below(4) == 0 ? Fail() : Empty();
      case 8:
        return Seq({Assert(static_cast<Assertion>(Below(kNumAssertions))), Random(depth - 1)});
      default:
        return Seq({Atom(), Random(depth - 1), Atom()});
    }
  }

  // A block of 1-10 instructions with random ops and successors: epsilon cycles, consuming
  // cycles, unreachable instructions and all.
  void AddRandomBlock(Program& p) {
    const uint32_t n = 1 + Below(10);
    std::vector<Inst> rel;
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t out = Below(n), out1 = Below(n);
      switch (Below(8)) {
        case 0:
        case 1: {
          const uint8_t a = Letter(), b = Letter();
          rel.push_back(Range(std::min(a, b), std::max(a, b), out));
          break;
        }
        case 2:
          rel.push_back({Op::kBytePair, Letter(), Letter(), {}, out, 0});
          break;
        case 3:
        case 4:
          rel.push_back(Split(out, out1));
          break;
        case 5:
          rel.push_back(Below(2) == 0 ? Save(out)
                                      : Inst{Op::kAssert, 0, 0,
                                             static_cast<Assertion>(Below(kNumAssertions)), out,
                                             0});
          break;
        case 6:
          rel.push_back(MatchInst());
          break;
        default:
          rel.push_back(Below(3) == 0 ? Inst{Op::kFail, 0, 0, {}, 0, 0} : Range('a', 'd', out));
          break;
      }
    }
    AddRaw(p, std::move(rel), Below(n));
  }

  std::string Text() {
    std::string text;
    const uint32_t n = Below(16);
    for (uint32_t i = 0; i < n; ++i) text += Below(8) == 0 ? 'x' : static_cast<char>(Letter());
    return text;
  }

 private:
  std::mt19937 rng_;
};

// Checks every automaton of `program` on random (text, x, lo): a cache kept across all queries,
// a fresh cache per query and a tiny-budget cache (correct or undecided) against the reference.
// Returns how many of the tiny cache's answers were decided.
uint32_t Differential(Gen& gen, Program program, uint32_t queries) {
  uint32_t tiny_decided = 0;
  Prefix kept(program);
  Prefix tiny(program, 200);
  for (uint32_t r = 0; r < kept.prepared().num_automata(); ++r) {
    for (uint32_t i = 0; i < queries; ++i) {
      const std::string text = gen.Text();
      const uint32_t x = gen.Below(static_cast<uint32_t>(text.size()) + 1);
      const uint32_t lo = gen.Below(x + 1);
      const uint32_t want = RefLeftmostStart(kept.program(), r, text, x, lo);
      CAPTURE(r);
      CAPTURE(text);
      CAPTURE(x);
      CAPTURE(lo);
      CHECK(kept.Start(r, text, x, lo) == want);
      PrefixDfa fresh(kept.prepared(), r, kBigBudget);
      const PrefixDfa::Result f = fresh.LeftmostStart(text, x, lo, kept.work());
      CHECK(f.decided);
      CHECK(f.start == want);
      const PrefixDfa::Result t = tiny.dfa(r).LeftmostStart(text, x, lo, tiny.work());
      if (t.decided) {
        ++tiny_decided;
        CHECK(t.start == want);
      }
      CHECK(tiny.dfa(r).memory_bytes() <= 200);
    }
  }
  return tiny_decided;
}

TEST_SUITE("engine") {
  TEST_CASE("PrefixDfa finds the start of a reversed literal, never below lo") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Lit("ba"));  // "ab" read backwards
    Prefix pre(b.Build());
    CHECK(pre.Start(r, "xxab", 4) == 2);
    CHECK(pre.Start(r, "xxab", 4, 2) == 2);  // q == lo is allowed
    CHECK(pre.Start(r, "xxab", 4, 3) == kNoPos);
    CHECK(pre.Start(r, "xxabzz", 4) == 2);  // bytes at and after x are not read
    CHECK(pre.Start(r, "xxab", 3) == kNoPos);
    CHECK(pre.Start(r, "abab", 4) == 2);    // the walk dies after "ab": q = 0 is not a start
  }

  TEST_CASE("PrefixDfa returns the smallest accepting start, which may be x itself") {
    ProgramBuilder b;
    const uint32_t opt = b.Add(Alt({Empty(), Lit("c")}));
    const uint32_t many = b.Add(Repeat(Byte('c'), 0, 3));
    Prefix pre(b.Build());
    CHECK(pre.Start(opt, "xc", 2) == 1);
    CHECK(pre.Start(opt, "xd", 2) == 2);
    CHECK(pre.Start(opt, "xc", 2, 2) == 2);
    CHECK(pre.Start(opt, "cc", 2) == 1);
    CHECK(pre.Start(many, "ccccc", 5) == 2);  // at most three c's
    CHECK(pre.Start(many, "accc", 4) == 1);
    CHECK(pre.Start(many, "accc", 4, 3) == 3);
  }

  TEST_CASE("PrefixDfa on empty text and an empty range: only the start's closure counts") {
    ProgramBuilder b;
    const uint32_t opt = b.Add(Opt(Lit("a")));
    const uint32_t lit = b.Add(Lit("a"));
    Prefix pre(b.Build());
    CHECK(pre.Start(opt, "", 0) == 0);
    CHECK(pre.Start(lit, "", 0) == kNoPos);
    CHECK(pre.Start(opt, "aaa", 2, 2) == 2);
    CHECK(pre.Start(lit, "aaa", 2, 2) == kNoPos);
    CHECK(pre.Start(lit, "aaa", 0, 0) == kNoPos);
  }

  TEST_CASE("PrefixDfa steps kBytePair on either byte") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Pair('a', 'A'), Byte('b')}));
    Prefix pre(b.Build());
    CHECK(pre.Start(r, "zbA", 3) == 1);
    CHECK(pre.Start(r, "zba", 3) == 1);
    CHECK(pre.Start(r, "zbB", 3) == kNoPos);
    CHECK(pre.Start(r, "zAA", 3) == kNoPos);
  }

  TEST_CASE("PrefixDfa treats kAssert as true and kFail as dead") {
    ProgramBuilder b;
    // No line starts at 2 in "zab": the assertion is not evaluated.
    const uint32_t asserts = b.Add(Seq({Lit("b"), Assert(Assertion::kLineStart), Lit("a")}));
    const uint32_t fail = b.Add(Fail());
    const uint32_t fail_after = b.Add(Seq({Lit("b"), Fail()}));
    const uint32_t fail_branch = b.Add(Alt({Seq({Lit("b"), Fail()}), Lit("ba")}));
    Prefix pre(b.Build());
    CHECK(pre.Start(asserts, "zab", 3) == 1);
    CHECK(pre.Start(fail, "zab", 3) == kNoPos);
    CHECK(pre.Start(fail_after, "zab", 3) == kNoPos);
    CHECK(pre.Start(fail_branch, "zab", 3) == 1);
  }

  TEST_CASE("PrefixDfa closes epsilon cycles and walks unbounded loops") {
    Program p;
    p.insts.push_back(MatchInst());  // so that the blocks below do not start at pc 0
    // a* b, read backwards, with a pure epsilon cycle 3 -> 4 -> 3 on the way.
    const uint32_t star_b = AddRaw(p,
                                   {Split(1, 3), Range('a', 'a', 2), Save(0), Split(4, 5), Save(3),
                                    Range('b', 'b', 6), MatchInst()},
                                   0);
    // a*, with the kMatch inside the loop's epsilon cycle.
    const uint32_t star = AddRaw(p, {Split(1, 2), Save(0), Split(3, 4), MatchInst(),
                                     Range('a', 'a', 0)},
                                 0);
    // Only epsilons, in a cycle, and no kMatch.
    const uint32_t spin = AddRaw(p, {Split(1, 0), Save(0)}, 0);
    Prefix pre(std::move(p));
    CHECK(pre.Start(star_b, "zbaaa", 5) == 1);
    CHECK(pre.Start(star_b, "zbaaa", 5, 2) == kNoPos);
    CHECK(pre.Start(star_b, "zaaa", 4) == kNoPos);
    CHECK(pre.Start(star_b, "b", 1) == 0);
    CHECK(pre.Start(star, "baaa", 4) == 1);
    CHECK(pre.Start(star, "baaa", 0) == 0);
    CHECK(pre.Start(star, std::string(300, 'a'), 300) == 0);
    CHECK(pre.Start(spin, "aaa", 3) == kNoPos);
  }

  TEST_CASE("PrefixDfa is undecided for an invalid automaton or a range outside the text") {
    Program p;
    p.insts.push_back(MatchInst());
    Automaton bad;
    bad.start = 5;  // outside its (empty) block
    p.automata.push_back(bad);
    const uint32_t good = AddRaw(p, {MatchInst()}, 0);
    Prefix pre(std::move(p));
    PrefixWork& work = pre.work();
    CHECK_FALSE(pre.dfa(0).LeftmostStart("abc", 3, 0, work).decided);
    CHECK_FALSE(pre.dfa(good).LeftmostStart("abc", 4, 0, work).decided);  // x past the end
    CHECK_FALSE(pre.dfa(good).LeftmostStart("abc", 1, 2, work).decided);  // lo above x
    CHECK(pre.Start(good, "abc", 3) == 3);
  }

  TEST_CASE("PrefixDfa keeps its cache across calls and texts and answers as a fresh one") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Repeat(Alt({Lit("ab"), Byte('c')}), 0, 4), Lit("d")}));
    Prefix pre(b.Build());
    Gen gen(7);
    for (int i = 0; i < 200; ++i) {
      std::string text = gen.Text();
      text.insert(text.begin() + gen.Below(static_cast<uint32_t>(text.size()) + 1), 'd');
      const uint32_t x = gen.Below(static_cast<uint32_t>(text.size()) + 1);
      PrefixDfa fresh(pre.prepared(), r, kBigBudget);
      const PrefixDfa::Result f = fresh.LeftmostStart(text, x, 0, pre.work());
      CAPTURE(text);
      CAPTURE(x);
      REQUIRE(f.decided);
      CHECK(pre.Start(r, text, x) == f.start);
      CHECK(f.start == RefLeftmostStart(pre.program(), r, text, x, 0));
    }
    // A cache that has seen 200 texts has stopped creating states for this small automaton.
    const uint64_t states = pre.dfa(r).states_created();
    CHECK(pre.Start(r, "zdbac", 5) == 1);  // c, ab, d read backwards
    CHECK(pre.dfa(r).states_created() == states);
    CHECK(pre.dfa(r).resets() == 0);
  }

  TEST_CASE("PrefixDfa with a tiny budget resets, and is correct or undecided, never wrong") {
    ProgramBuilder b;
    // Many distinct states: (a|bc|cab){0,6} then "d", read backwards over varied texts.
    const uint32_t r = b.Add(Seq({Repeat(Alt({Byte('a'), Lit("bc"), Lit("cab")}), 0, 6),
                                  Byte('d')}));
    const Program program = b.Build();
    // Every budget from none to a few states, so that resets come at every point of a walk
    // (including while the state being left is the cache's only one).
    uint32_t decided_after_reset = 0;
    for (size_t budget = 0; budget <= 800; budget += 10) {
      Prefix pre(program, budget);
      Gen gen(11);
      uint32_t decided = 0, undecided = 0;
      for (int i = 0; i < 150; ++i) {
        std::string text = gen.Text();
        text.insert(text.begin() + gen.Below(static_cast<uint32_t>(text.size()) + 1), 'd');
        const uint32_t x = gen.Below(static_cast<uint32_t>(text.size()) + 1);
        const uint32_t lo = gen.Below(x + 1);
        const uint64_t resets_before = pre.dfa(r).resets();
        const PrefixDfa::Result res = pre.dfa(r).LeftmostStart(text, x, lo, pre.work());
        CAPTURE(budget);
        CAPTURE(text);
        CAPTURE(x);
        CAPTURE(lo);
        if (res.decided) {
          ++decided;
          if (pre.dfa(r).resets() != resets_before) ++decided_after_reset;
          CHECK(res.start == RefLeftmostStart(program, r, text, x, lo));
        } else {
          ++undecided;
        }
        if (budget > 0) CHECK(pre.dfa(r).memory_bytes() <= budget);  // (0: the empty cache)
      }
      CAPTURE(budget);
      if (budget == 0) CHECK(decided == 0);
      if (budget == 800) CHECK(undecided < decided);
    }
    CHECK(decided_after_reset > 0);
  }

  TEST_CASE("PrefixDfa with room for one state does not cache a transition across a reset") {
    // a{0,3} then d: each a read is a new state. With room for one state, every step resets; a
    // transition cached from the state that was cleared would loop on a's and accept "daaaaa".
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Repeat(Byte('a'), 0, 3), Byte('d')}));
    const Program program = b.Build();
    for (size_t budget = 0; budget <= 600; budget += 4) {
      Prefix pre(program, budget);
      for (const std::string text : {"daaaaa", "daaa", "aaaaaaaa", "xdaaaa", "daaaaad"}) {
        for (uint32_t x = 0; x <= text.size(); ++x) {
          const PrefixDfa::Result res = pre.dfa(r).LeftmostStart(text, x, 0, pre.work());
          CAPTURE(budget);
          CAPTURE(text);
          CAPTURE(x);
          if (res.decided) CHECK(res.start == RefLeftmostStart(program, r, text, x, 0));
        }
      }
    }
  }

  TEST_CASE("PrefixDfa agrees with a set-NFA reference on random patterns and raw blocks") {
    Gen gen(20240611);
    uint32_t tiny_decided = 0;
    for (int round = 0; round < 60; ++round) {
      ProgramBuilder b;
      for (int k = 0; k < 4; ++k) b.Add(gen.Random(3), {}, gen.Below(4) != 0);
      Program program = b.Build();
      for (int k = 0; k < 3; ++k) gen.AddRandomBlock(program);
      tiny_decided += Differential(gen, std::move(program), 25);
    }
    CHECK(tiny_decided > 0);
  }
}  // TEST_SUITE

}  // namespace
}  // namespace rptc::rt::internal
