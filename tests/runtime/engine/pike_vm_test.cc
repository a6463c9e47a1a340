#include "runtime/engine/pike_vm.h"

#include <doctest/doctest.h>

#include <optional>
#include <string_view>
#include <vector>

#include "tests/runtime/engine/program_builder.h"

namespace rptc::rt::internal {
namespace {

using testing::Alt;
using testing::Assert;
using testing::Byte;
using testing::Cap;
using testing::Empty;
using testing::Lit;
using testing::ProgramBuilder;
using testing::Repeat;
using testing::Seq;

constexpr uint32_t X = kNoPos;

// A Program with its prepared form and Pike VM buffers (not movable: both refer to `program`).
class Pike {
 public:
  explicit Pike(Program p) : program_(std::move(p)), prepared_(program_) {
    buffers_.Reserve(prepared_.num_insts(), prepared_.max_reachable(), prepared_.max_slots());
  }
  // The slots of the match, or nullopt.
  std::optional<std::vector<uint32_t>> Search(uint32_t r, std::string_view text, uint32_t first,
                                              uint32_t last, uint32_t limit) {
    std::vector<uint32_t> slots(prepared_.automaton(r).num_slots, 0);
    if (!PikeSearch(prepared_, r, text, {first, last, limit}, buffers_, slots.data())) {
      return std::nullopt;
    }
    return slots;
  }
  std::optional<std::vector<uint32_t>> Search(uint32_t r, std::string_view text) {
    const auto n = static_cast<uint32_t>(text.size());
    return Search(r, text, 0, n, n);
  }

 private:
  Program program_;
  PreparedProgram prepared_;
  PikeBuffers buffers_;
};

using Slots = std::vector<uint32_t>;

TEST_SUITE("engine") {
  TEST_CASE("the Pike VM prefers the first alternative, not the longest match") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Alt({Lit("a"), Lit("ab")}));
    Pike pike(b.Build());
    CHECK(pike.Search(r, "ab") == Slots{0, 1});
  }

  TEST_CASE("greedy and lazy repeats give leftmost-first captures") {
    ProgramBuilder b;
    const uint32_t greedy =
        b.Add(Seq({Cap(0, Repeat(Byte('a'), 0, 3)), Cap(1, Repeat(Byte('a'), 0, 3))}));
    const uint32_t lazy =
        b.Add(Seq({Cap(0, Repeat(Byte('a'), 0, 3, false)), Cap(1, Repeat(Byte('a'), 0, 3))}));
    Pike pike(b.Build());
    CHECK(pike.Search(greedy, "aaaa") == Slots{0, 4, 0, 3, 3, 4});
    CHECK(pike.Search(lazy, "aaaa") == Slots{0, 3, 0, 0, 0, 3});
  }

  TEST_CASE("the Pike VM returns the leftmost start inside the window and respects its bounds") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Lit("ab"));
    Pike pike(b.Build());
    CHECK(pike.Search(r, "xabab", 0, 5, 5) == Slots{1, 3});
    CHECK(pike.Search(r, "xabab", 2, 5, 5) == Slots{3, 5});
    CHECK(pike.Search(r, "xabab", 2, 2, 5) == std::nullopt);  // the only start tried is 2
    CHECK(pike.Search(r, "xabab", 3, 3, 4) == std::nullopt);  // the match would pass the limit
  }

  TEST_CASE("a capture on a path not taken stays unset") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Alt({Cap(0, Lit("x")), Cap(1, Lit("y"))}));
    Pike pike(b.Build());
    CHECK(pike.Search(r, "y") == Slots{0, 1, X, X, 0, 1});
  }

  TEST_CASE("the match span is known even when the program never saves slots 0 and 1") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Lit("bc"), {}, /*save_whole=*/false);
    Pike pike(b.Build());
    CHECK(pike.Search(r, "abcd") == Slots{1, 3});
  }

  TEST_CASE("an empty match is found at the first start of the window") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Empty());
    Pike pike(b.Build());
    CHECK(pike.Search(r, "abc", 2, 3, 3) == Slots{2, 2});
    CHECK(pike.Search(r, "", 0, 0, 0) == Slots{0, 0});
  }

  TEST_CASE("assertions at the window start look at the text before the window") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Assert(Assertion::kClauseStart), Lit("x")}));
    Pike pike(b.Build());
    const std::string_view text = "a，x a x";
    CHECK(pike.Search(r, text, 4, 4, 5) == Slots{4, 5});
    CHECK(pike.Search(r, text, 6, 8, 8) == std::nullopt);
  }

  TEST_CASE("a word boundary at the limit looks at the byte after the limit") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Lit("ab"), Assert(Assertion::kWordBoundary)}));
    Pike pike(b.Build());
    CHECK(pike.Search(r, "abc", 0, 0, 2) == std::nullopt);
    CHECK(pike.Search(r, "ab c", 0, 0, 2) == Slots{0, 2});
  }

  TEST_CASE("a malformed automaton never matches") {
    Program p;
    p.insts.push_back({Op::kByteRange, 'a', 'a', {}, 99, 0});  // jumps outside the program
    p.automata.push_back({0, 2, 1, 1, 0, 1});
    PreparedProgram prepared(p);
    CHECK_FALSE(prepared.error().empty());
    PikeBuffers buffers;
    buffers.Reserve(prepared.num_insts(), prepared.max_reachable(), prepared.max_slots());
    uint32_t slots[2];
    CHECK_FALSE(PikeSearch(prepared, 0, "a", {0, 1, 1}, buffers, slots));
  }

}  // TEST_SUITE

}  // namespace
}  // namespace rptc::rt::internal
