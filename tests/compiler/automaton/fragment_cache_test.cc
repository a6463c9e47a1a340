// Cached NFA fragments (compiler/automaton/fragment_cache.h): a block copied elsewhere must be
// exactly what compiling the same pattern there produces.
#include "compiler/automaton/fragment_cache.h"

#include <doctest/doctest.h>

#include <memory>
#include <vector>

#include "runtime/program.h"
#include "tests/runtime/report/compile_template.h"

namespace rptc::automaton {
namespace {

constexpr uint32_t kEnd = UINT32_MAX;

rt::Inst Inst(rt::Op op, uint32_t out, uint32_t out1 = 0) {
  return {op, 'a', 'a', rt::Assertion::kLineStart, out, out1};
}

// The instructions of each rule's automaton, jumps relative to its first instruction (every
// automaton is built in one piece).
std::vector<std::vector<rt::Inst>> RelativeAutomata(const rt::Program& p) {
  std::vector<std::vector<rt::Inst>> out;
  for (const rt::Rule& rule : p.rules) {
    const rt::Automaton& au = p.automata[rule.automaton];
    const uint32_t begin = au.insts_begin;
    std::vector<rt::Inst> a(p.insts.begin() + begin, p.insts.begin() + au.insts_end);
    for (rt::Inst& inst : a) {
      if (!JumpsWithOut(inst.op)) continue;
      inst.out -= begin;
      if (inst.op == rt::Op::kSplit) inst.out1 -= begin;
    }
    out.push_back(std::move(a));
  }
  return out;
}

bool Same(const std::vector<rt::Inst>& a, const std::vector<rt::Inst>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].op != b[i].op || a[i].lo != b[i].lo || a[i].hi != b[i].hi ||
        a[i].assert != b[i].assert || a[i].out != b[i].out || a[i].out1 != b[i].out1) {
      return false;
    }
  }
  return true;
}

TEST_SUITE("compiler") {

TEST_CASE("a recorded fragment is relocated with its exits threaded in order") {
  // A fragment at pcs 2..4 behind two unrelated instructions: 2 splits to 3 and 4, whose `out`
  // fields are its exits (4 -> 3 -> end); 2's out1 jumps inside.
  std::vector<rt::Inst> insts = {Inst(rt::Op::kByteRange, 1), Inst(rt::Op::kMatch, 0),
                                 Inst(rt::Op::kSplit, 3, 4), Inst(rt::Op::kByteRange, kEnd),
                                 Inst(rt::Op::kByteRange, 3 << 1)};
  std::optional<CachedFragment> f = RecordFragment(insts, 2, 2, 4 << 1, kEnd);
  REQUIRE(f);
  CHECK(f->start == 0);
  CHECK(f->exits == std::vector<uint32_t>{2 << 1, 1 << 1});

  std::vector<rt::Inst> target(7, Inst(rt::Op::kFail, 0));
  const uint32_t base = AppendFragment(target, *f, kEnd);
  CHECK(base == 7);
  REQUIRE(target.size() == 10);
  CHECK(target[7].out == 8);
  CHECK(target[7].out1 == 9);
  CHECK(target[9].out == (8u << 1));  // the first exit holds the next
  CHECK(target[8].out == kEnd);       // the last holds the end marker
}

TEST_CASE("a block that jumps outside itself is not recorded") {
  std::vector<rt::Inst> insts = {Inst(rt::Op::kByteRange, kEnd), Inst(rt::Op::kByteRange, 0)};
  CHECK_FALSE(RecordFragment(insts, 1, 1, kEnd, kEnd));
}

TEST_CASE("a reference compiled from the cache equals the same pattern written inline") {
  // The first `p` is compiled, the later ones are copied from the cache; the inline rule
  // compiles everything. Lexicon tries are cached the same way.
  std::shared_ptr<const rt::Program> p = testing::CompileTemplate(R"rpt(
lexicon unit {
  yuan: "元" | "万元" | "亿元" | "yuan"
}
pattern p = "ab" ("c" | [0-9]{1,2}) gap(0..2) unit "d"
field f: text = @value:text(p "x" p) p
field g: text = @value:text(("ab" ("c" | [0-9]{1,2}) gap(0..2) unit "d") "x" ("ab" ("c" | [0-9]{1,2}) gap(0..2) unit "d")) ("ab" ("c" | [0-9]{1,2}) gap(0..2) unit "d")
)rpt");
  std::vector<std::vector<rt::Inst>> automata = RelativeAutomata(*p);
  REQUIRE(automata.size() == 2);
  CHECK(automata[0].size() > 40);
  CHECK(Same(automata[0], automata[1]));
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc::automaton
