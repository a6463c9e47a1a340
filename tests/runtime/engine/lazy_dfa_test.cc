#include "runtime/engine/lazy_dfa.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "tests/runtime/engine/program_builder.h"

namespace rptc::rt::internal {
namespace {

using testing::Alt;
using testing::Assert;
using testing::Byte;
using testing::Cap;
using testing::CodePointsExcept;
using testing::Lit;
using testing::Pat;
using testing::ProgramBuilder;
using testing::Repeat;
using testing::Seq;

// A prepared program with one DFA cache per automaton (not movable: both refer to `program`).
class Dfa {
 public:
  explicit Dfa(Program p, size_t budget = size_t{1} << 20)
      : program_(std::move(p)), prepared_(program_) {
    work_.Reserve(prepared_.max_reachable());
    for (uint32_t r = 0; r < prepared_.num_automata(); ++r) {
      caches_.push_back(std::make_unique<LazyDfa>(prepared_, r, budget));
    }
  }
  LazyDfa& cache(uint32_t r) { return *caches_[r]; }

  // "none", "gave up", or "[begin,end)".
  std::string Search(uint32_t r, std::string_view text, uint32_t first, uint32_t last,
                     uint32_t limit) {
    uint32_t b = 0, e = 0;
    switch (caches_[r]->Search(text, {first, last, limit}, work_, &b, &e)) {
      case LazyDfa::Outcome::kNoMatch:
        return "none";
      case LazyDfa::Outcome::kGaveUp:
        return "gave up";
      case LazyDfa::Outcome::kMatch:
        break;
    }
    return "[" + std::to_string(b) + "," + std::to_string(e) + ")";
  }
  std::string Search(uint32_t r, std::string_view text) {
    const auto n = static_cast<uint32_t>(text.size());
    return Search(r, text, 0, n, n);
  }

 private:
  Program program_;
  PreparedProgram prepared_;
  DfaWork work_;
  std::vector<std::unique_ptr<LazyDfa>> caches_;
};

TEST_SUITE("engine") {
  TEST_CASE("the DFA reports the leftmost start, not the earliest end") {
    ProgramBuilder b;
    const uint32_t r =
        b.Add(Alt({Seq({Byte('a'), Repeat(Byte('x'), 0, 5), Byte('b')}), Lit("xb")}));
    Dfa dfa(b.Build());
    // "axxxb" starts at 0 although "xb" ends as early; both end at 5.
    CHECK(dfa.Search(r, "axxxb") == "[0,5)");
    CHECK(dfa.Search(r, "zxxxb") == "[3,5)");
  }

  TEST_CASE("the DFA's match at a start is the highest-priority one, not the longest") {
    ProgramBuilder b;
    const uint32_t lazy = b.Add(Seq({Byte('a'), Repeat(Byte('a'), 0, 4, /*greedy=*/false)}));
    const uint32_t greedy = b.Add(Seq({Byte('a'), Repeat(Byte('a'), 0, 4)}));
    Dfa dfa(b.Build());
    CHECK(dfa.Search(lazy, "aaaa") == "[0,1)");
    CHECK(dfa.Search(greedy, "aaaa") == "[0,4)");
  }

  TEST_CASE("the DFA only tries starts inside the window and stops at the limit") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Lit("ab"));
    Dfa dfa(b.Build());
    CHECK(dfa.Search(r, "abab", 1, 3, 4) == "[2,4)");
    CHECK(dfa.Search(r, "abab", 1, 1, 4) == "none");
    CHECK(dfa.Search(r, "abab", 2, 2, 3) == "none");
    CHECK(dfa.Search(r, "abab", 4, 4, 4) == "none");
  }

  TEST_CASE("the DFA handles a match that ends exactly at the end of the text") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Lit("增长"), Repeat(Byte('0', '9'), 1, 3)}));
    Dfa dfa(b.Build());
    const std::string text = "同比增长12";
    CHECK(dfa.Search(r, text) == "[6,14)");
  }

  TEST_CASE("DFA states carry the assertion context, so clause starts are decided exactly") {
    ProgramBuilder b;
    const Pat gap = Repeat(CodePointsExcept({',', 0xFF0C, 0x3002}), 0, 4);
    const uint32_t r = b.Add(Seq({Assert(Assertion::kClauseStart), gap, Lit("增长")}));
    Dfa dfa(b.Build());
    const std::string text = "全年，经济增长";  // the clause starts after ，
    const uint32_t after_comma = static_cast<uint32_t>(text.find("经"));
    CHECK(dfa.Search(r, text) ==
          "[" + std::to_string(after_comma) + "," + std::to_string(text.size()) + ")");
    CHECK(dfa.Search(r, "全年经济增长") == "[0,18)");  // the text start is a clause start
    CHECK(dfa.Search(r, "全年经济增长", 3, 9, 18) == "none");
  }

  TEST_CASE("a second identical search creates no DFA states") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Lit("gdp"), Repeat(Byte('0', '9'), 1, 4)}));
    Dfa dfa(b.Build());
    CHECK(dfa.Search(r, "the gdp 2021 gdp42") == "[13,18)");
    const uint64_t created = dfa.cache(r).states_created();
    CHECK(dfa.Search(r, "the gdp 2021 gdp42") == "[13,18)");
    CHECK(dfa.cache(r).states_created() == created);
  }

  TEST_CASE("a full DFA cache resets within its budget and gives up after too many resets") {
    ProgramBuilder b;
    // The classic blow-up: with a start at every position the DFA must remember which of the last
    // nine bytes were 'a', about 2^9 states.
    const uint32_t r = b.Add(Seq({Byte('a'), Repeat(Byte('a', 'b'), 8, 8), Cap(0, Lit("q"))}));
    const size_t budget = 4096;
    Dfa dfa(b.Build(), budget);
    std::string text;
    uint32_t x = 12345;
    for (int i = 0; i < 2000; ++i) {
      x = x * 1103515245 + 12345;
      text += (x >> 16) % 2 ? 'a' : 'b';
    }
    bool gave_up = false;
    for (int i = 0; i < 200 && !gave_up; ++i) {
      gave_up = dfa.Search(r, text) == "gave up";
      CHECK(dfa.cache(r).memory_bytes() <= budget);
    }
    CHECK(gave_up);
    CHECK(dfa.cache(r).resets() > 0);
  }

  TEST_CASE("a DFA whose budget cannot hold one state fails at once") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Lit("ab"));
    Dfa dfa(b.Build(), 8);
    CHECK(dfa.Search(r, "xxab") == "gave up");
    CHECK(dfa.cache(r).failed());
  }

}  // TEST_SUITE

}  // namespace
}  // namespace rptc::rt::internal
