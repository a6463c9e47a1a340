#include "runtime/engine/bit_state.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/runtime/engine/program_builder.h"

namespace rptc::rt::internal {
namespace {

using testing::Alt;
using testing::Assert;
using testing::Byte;
using testing::Cap;
using testing::Lit;
using testing::ProgramBuilder;
using testing::Repeat;
using testing::Seq;

using Slots = std::vector<uint32_t>;
constexpr uint32_t X = kNoPos;

// A Program with its prepared form and BitState buffers (not movable: both refer to `program`).
class BitState {
 public:
  explicit BitState(Program p) : program_(std::move(p)), prepared_(program_) {}
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

 private:
  Program program_;
  PreparedProgram prepared_;
  BitStateBuffers buffers_;
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

}  // TEST_SUITE

}  // namespace
}  // namespace rptc::rt::internal
