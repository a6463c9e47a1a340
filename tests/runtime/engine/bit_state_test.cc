#include "runtime/engine/bit_state.h"

#include <doctest/doctest.h>

#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/engine/pike_vm.h"
#include "tests/runtime/engine/program_builder.h"

namespace rptc::rt::internal {
namespace {

using testing::Alt;
using testing::Assert;
using testing::Byte;
using testing::Cap;
using testing::Lit;
using testing::LitI;
using testing::Opt;
using testing::ProgramBuilder;
using testing::Repeat;
using testing::Seq;

using Slots = std::vector<uint32_t>;
constexpr uint32_t X = kNoPos;

// A Program with its prepared form and the BitState and Pike VM buffers (not movable: both refer
// to `program`).
class BitState {
 public:
  explicit BitState(Program p) : program_(std::move(p)), prepared_(program_) {
    pike_.Reserve(prepared_.num_insts(), prepared_.max_reachable(), prepared_.max_slots());
  }
  // The slots of the match, nullopt if none, or {kNoPos} if BitState declined.
  std::optional<Slots> Search(uint32_t r, std::string_view text, uint32_t begin, uint32_t limit) {
    Slots slots(prepared_.automaton(r).num_slots, 0);
    switch (BitStateSearch(prepared_, r, text, begin, limit, buffers_, slots.data())) {
      case BitStateResult::kNoMatch:
        return std::nullopt;
      case BitStateResult::kTooBig:
        return Slots{X};
      case BitStateResult::kMatch:
        break;
    }
    return slots;
  }
  // The same search by the Pike VM, the reference for BitState's results.
  std::optional<Slots> Pike(uint32_t r, std::string_view text, uint32_t begin, uint32_t limit) {
    Slots slots(prepared_.automaton(r).num_slots, 0);
    if (!PikeSearch(prepared_, r, text, {begin, begin, limit}, pike_, slots.data())) {
      return std::nullopt;
    }
    return slots;
  }

 private:
  Program program_;
  PreparedProgram prepared_;
  BitStateBuffers buffers_;
  PikeBuffers pike_;
};

// Words of one to three characters over an alphabet whose Chinese characters share their first
// byte (E5) and some their second, as the entries of a lexicon do.
class Words {
 public:
  explicit Words(uint32_t seed) : rng_(seed) {}
  std::string Char() {
    static const char* const kChars[] = {"四", "国", "地", "增", "长", "a", "A", " "};
    return kChars[rng_() % 8];
  }
  std::string Word() {
    std::string w;
    for (uint32_t n = 1 + rng_() % 3; n > 0; --n) w += Char();
    return w;
  }
  std::vector<testing::Pat> Lexicon(uint32_t n) {
    std::vector<testing::Pat> words;
    for (uint32_t i = 0; i < n; ++i) words.push_back(rng_() % 4 == 0 ? LitI(Word()) : Lit(Word()));
    return words;
  }
  std::string Text(uint32_t chars) {
    std::string t;
    for (uint32_t i = 0; i < chars; ++i) t += Char();
    return t;
  }

 private:
  std::mt19937 rng_;
};

TEST_SUITE("engine") {
  TEST_CASE("BitState returns the highest-priority match at the start with its captures") {
    ProgramBuilder b;
    const uint32_t greedy =
        b.Add(Seq({Cap(0, Repeat(Byte('a'), 0, 3)), Cap(1, Repeat(Byte('a'), 0, 3))}));
    const uint32_t lazy =
        b.Add(Seq({Cap(0, Repeat(Byte('a'), 0, 3, false)), Cap(1, Repeat(Byte('a'), 0, 3))}));
    const uint32_t first = b.Add(Alt({Cap(0, Lit("a")), Cap(1, Lit("ab"))}));
    BitState bs(b.Build());
    CHECK(bs.Search(greedy, "aaaa", 0, 4) == Slots{0, 4, 0, 3, 3, 4});
    CHECK(bs.Search(lazy, "aaaa", 0, 4) == Slots{0, 3, 0, 0, 0, 3});
    CHECK(bs.Search(first, "ab", 0, 2) == Slots{0, 1, 0, 1, X, X});
    CHECK(bs.Search(first, "xab", 1, 3) == Slots{1, 2, 1, 2, X, X});
    CHECK(bs.Search(first, "xab", 0, 3) == std::nullopt);
  }

  TEST_CASE("BitState does not match past the limit") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Lit("ab"), Cap(0, Repeat(Byte('0', '9'), 1, 3))}));
    BitState bs(b.Build());
    CHECK(bs.Search(r, "ab123", 0, 4) == Slots{0, 4, 2, 4});
    CHECK(bs.Search(r, "ab123", 0, 2) == std::nullopt);
  }

  TEST_CASE("BitState evaluates assertions with the context before the span") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq(
        {Assert(Assertion::kSentenceStart), Cap(0, Lit("x")), Assert(Assertion::kWordBoundary)}));
    BitState bs(b.Build());
    CHECK(bs.Search(r, "。 x y", 4, 5) == Slots{4, 5, 4, 5});
    CHECK(bs.Search(r, "a x y", 2, 3) == std::nullopt);
    CHECK(bs.Search(r, "。xy", 3, 4) == std::nullopt);  // no word boundary between x and y
  }

  TEST_CASE("a search starts from a clean bitmap after one that explored a lot") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Repeat(Byte('a', 'b'), 0, 20), Cap(0, Lit("c"))}));
    BitState bs(b.Build());
    const std::string miss(20, 'a');
    CHECK(bs.Search(r, miss, 0, 20) == std::nullopt);
    CHECK(bs.Search(r, miss + "c", 0, 21) == Slots{0, 21, 20, 21});
    CHECK(bs.Search(r, "abc", 0, 3) == Slots{0, 3, 2, 3});
  }

  TEST_CASE("BitState declines spans whose bitmap would exceed its budget") {
    ProgramBuilder b;
    // About 4,000 instructions x 20,001 positions: past the 32 Mi-bit budget.
    const uint32_t r = b.Add(Repeat(Byte(0, 255), 0, 2000));
    BitState bs(b.Build());
    const std::string text(20000, 'x');
    CHECK(bs.Search(r, text, 0, 20000) == Slots{X});
    CHECK(bs.Search(r, text, 0, 10) == Slots{0, 10});
  }

  TEST_CASE("BitState passes branches that fail within their first characters") {
    ProgramBuilder b;
    // 四 is E5 9B 9B, 国 E5 9B BD, 地 E5 9C B0: the words differ only in their second or third
    // byte, and one needs a byte past the limit.
    const uint32_t r = b.Add(Seq({Cap(0, Alt({Lit("国家"), Lit("四川"), Lit("四是"), Lit("地")})),
                                  Opt(Cap(1, Alt({Lit("国"), Lit("四")})))}));
    BitState bs(b.Build());
    CHECK(bs.Search(r, "四是", 0, 6) == Slots{0, 6, 0, 6, X, X});
    CHECK(bs.Search(r, "四是国", 0, 9) == Slots{0, 9, 0, 6, 6, 9});
    CHECK(bs.Search(r, "四是国", 0, 8) == Slots{0, 6, 0, 6, X, X});
    CHECK(bs.Search(r, "四是", 0, 5) == std::nullopt);
    CHECK(bs.Search(r, "国四", 0, 6) == std::nullopt);
    CHECK(bs.Search(r, "x地四", 1, 7) == Slots{1, 7, 1, 4, 4, 7});
  }

  TEST_CASE("BitState follows a split whose two branches are the same") {
    Program p;
    p.insts = {{Op::kSave, 0, 0, {}, 1, 0},      {Op::kSplit, 0, 0, {}, 2, 2},
               {Op::kByteRange, 'a', 'a', {}, 3, 0}, {Op::kSave, 0, 0, {}, 4, 1},
               {Op::kMatch, 0, 0, {}, 0, 0}};
    p.automata.push_back({0, 2, 1, 1, 0, 5});
    BitState bs(std::move(p));
    CHECK(bs.Search(0, "a", 0, 1) == Slots{0, 1});
    CHECK(bs.Search(0, "b", 0, 1) == std::nullopt);
  }

  TEST_CASE("a chain of splits longer than a walk may pass is walked in pieces") {
    ProgramBuilder b;
    std::vector<testing::Pat> words;
    for (int i = 0; i < 150; ++i) words.push_back(Lit("w" + std::to_string(i) + ";"));
    const uint32_t r = b.Add(Cap(0, Alt(std::move(words))));
    BitState bs(b.Build());
    for (const char* text : {"w0;", "w64;", "w99;", "w149;"}) {
      const uint32_t n = static_cast<uint32_t>(std::string_view(text).size());
      CAPTURE(text);
      CHECK(bs.Search(r, text, 0, n) == Slots{0, n, 0, n});
    }
    CHECK(bs.Search(r, "w150;", 0, 5) == std::nullopt);
  }

  TEST_CASE("BitState and the Pike VM agree on lexicons of multi-byte words") {
    Words gen(20240611);
    for (int iter = 0; iter < 300; ++iter) {
      ProgramBuilder b;
      const uint32_t r = b.Add(Seq({Cap(0, Alt(gen.Lexicon(1 + iter % 12))),
                                    Opt(Cap(1, Alt(gen.Lexicon(1 + iter % 5)))),
                                    Repeat(Cap(2, Alt(gen.Lexicon(3))), 0, 2, iter % 2 == 0)}));
      BitState bs(b.Build());
      for (int t = 0; t < 8; ++t) {
        const std::string text = gen.Text(1 + t);
        const uint32_t n = static_cast<uint32_t>(text.size());
        for (uint32_t begin = 0; begin <= n; ++begin) {
          for (uint32_t limit : {begin, (begin + n) / 2, n - 1, n}) {
            if (limit < begin) continue;
            CAPTURE(iter);
            CAPTURE(text);
            CAPTURE(begin);
            CAPTURE(limit);
            CHECK(bs.Search(r, text, begin, limit) == bs.Pike(r, text, begin, limit));
          }
        }
      }
    }
  }

}  // TEST_SUITE

}  // namespace
}  // namespace rptc::rt::internal
