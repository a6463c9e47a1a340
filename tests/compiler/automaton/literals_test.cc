// Anchor analysis (compiler/automaton/literals.h) as the compiled program records it: which
// literals anchor each automaton, and how far before each one a match can start.
#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <string>

#include "runtime/program.h"
#include "tests/runtime/report/compile_template.h"

namespace rptc {
namespace {

// literal -> max_before of the anchors of the program's only rule.
std::map<std::string, uint32_t> RuleAnchors(const char* text) {
  std::shared_ptr<const rt::Program> p = testing::CompileTemplate(text);
  REQUIRE(p->rules.size() == 1);
  std::map<std::string, uint32_t> out;
  for (const rt::Anchor& an : p->anchors) {
    if (an.automaton == p->rules[0].automaton) out[p->literals[an.literal]] = an.max_before;
  }
  return out;
}

TEST_SUITE("compiler") {

TEST_CASE("each branch of an alternation keeps its literal's own window") {
  // The English branch puts its literal behind up to 20 letters; the Chinese one starts with
  // its literal. A hit on the Chinese literal needs no window of starts before it.
  const auto anchors = RuleAnchors(R"rpt(
field f: text = @value:text("In " [a-z]{0,20} ", output doubled" | "产量翻番")
)rpt");
  REQUIRE(anchors.count(", output doubled") == 1);
  REQUIRE(anchors.count("产量翻番") == 1);
  // "In " and 20 one-byte letters, and the capture's optional spaces (two bytes).
  CHECK(anchors.at(", output doubled") == 3 + 20 + 2);
  CHECK(anchors.at("产量翻番") == 2);
}

TEST_CASE("a sequence shifts every literal of its anchoring part by the widest prefix") {
  const auto anchors = RuleAnchors(R"rpt(
field f: text = "总" [a-z]{0,4} @value:text("产量翻番" | "x" [a-z]{0,3} "产值翻番")
)rpt");
  // "总" (3 bytes) and up to 4 letters before the capture, its two optional spaces, then each
  // branch's own offset.
  CHECK(anchors.at("产量翻番") == 3 + 4 + 2);
  CHECK(anchors.at("产值翻番") == 3 + 4 + 2 + 1 + 3);
}

TEST_CASE("a literal reached in two places keeps the wider window") {
  const auto anchors = RuleAnchors(R"rpt(
field f: text = @value:text("产量翻番" | "今年" [a-z]{0,5} "产量翻番")
)rpt");
  REQUIRE(anchors.size() == 1);
  CHECK(anchors.at("产量翻番") == 2 + 6 + 5);
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
