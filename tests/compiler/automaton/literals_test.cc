// Anchor analysis (compiler/automaton/literals.h) as the compiled program records it: which
// literals anchor each automaton, and how far before each one a match can start.
#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "runtime/engine/matcher.h"
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

// Every match of a full scan of `doc`, as [begin, end) spans, and the matcher's counters.
struct ScanResult {
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  rt::Matcher::Stats stats;
};
ScanResult ScanAll(const rt::Program& program, const std::string& doc) {
  const rt::Matcher matcher(program);
  auto scratch = matcher.NewScratch();
  ScanResult out;
  auto sink = rt::MakeSink([&](const rt::Match& m) { out.spans.emplace_back(m.begin, m.end); });
  matcher.Scan(doc, *scratch, sink);
  out.stats = matcher.stats(*scratch);
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

TEST_CASE("a numbered marker anchors on the junction of its numeral and the word after it") {
  // 、 and 是 alone are in nearly every sentence; "二是", "三 、" are rare. The capture's
  // optional trailing spaces are part of the junction: x is the numeral and 0-2 spaces.
  const char* text = R"rpt(
field f: text = @value:text([一二三]) ("、" | "是")
)rpt";
  const auto anchors = RuleAnchors(text);
  CHECK(anchors.count("、") == 0);
  CHECK(anchors.count("是") == 0);
  CHECK(anchors.size() == 3 * 3 * 2);
  // A match starts at most max_w(capture) - |x| bytes before x: 3-byte numeral, 2 + 2 spaces.
  CHECK(anchors.at("二是") == 3 + 4 - 3);
  CHECK(anchors.at("二 是") == 3 + 4 - 4);
  CHECK(anchors.at("三  、") == 3 + 4 - 5);

  // And the scan still finds every match, leading spaces and spaces before the word included.
  std::shared_ptr<const rt::Program> p = testing::CompileTemplate(text);
  const ScanResult scan = ScanAll(*p, "甲  二  是乙一、丙三是");
  // 甲 [0, 3), spaces, 二 [5, 8), spaces, 是 [10, 13), 乙, 一 [16, 19), 、, 丙, 三 [25, 28), 是.
  const std::vector<std::pair<uint32_t, uint32_t>> want = {{3, 13}, {16, 22}, {25, 31}};
  CHECK(scan.spans == want);
}

TEST_CASE("no junction across a part that may be empty") {
  // Between the numeral and 是 an optional "x" may stand, so "一是" is not in every match.
  const auto anchors = RuleAnchors(R"rpt(
field f: text = @value:text([一二三]) "x"? "是了"
)rpt");
  CHECK(anchors.count("一是") == 0);
  CHECK(anchors.count("一是了") == 0);
}

TEST_CASE("a literal right after an assertion is guarded by it") {
  // 坚持推进 opens the match just where para_start holds: a hit anywhere else is not verified.
  const char* text = R"rpt(
field f: text = para_start "坚持推进" @value:text([^,。]{2,10}) "。"
)rpt";
  std::shared_ptr<const rt::Program> p = testing::CompileTemplate(text);
  REQUIRE(p->anchors.size() == 1);
  CHECK(p->literals[p->anchors[0].literal] == "坚持推进");
  CHECK(p->anchors[0].guard == static_cast<uint8_t>(rt::Assertion::kParaStart));

  // The scan finds the match at the paragraph's start and verifies only that hit: the one
  // inside the sentence fails its guard.
  const std::string doc = "我们要坚持推进改革开放。\n  坚持推进改革开放。";
  const ScanResult scan = ScanAll(*p, doc);
  const uint32_t second = static_cast<uint32_t>(doc.find("坚持推进", 10));
  const std::vector<std::pair<uint32_t, uint32_t>> want = {
      {second, static_cast<uint32_t>(doc.size())}};
  CHECK(scan.spans == want);
  CHECK(scan.stats.hits == 2);
  CHECK(scan.stats.verifications == 1);
}

TEST_CASE("a literal guarded in one branch but not in another keeps no guard") {
  const auto p = testing::CompileTemplate(R"rpt(
field f: text = @value:text(para_start "坚持推进" | "x" [a-z]{0,3} "坚持推进") "。"
)rpt");
  REQUIRE(p->anchors.size() == 1);
  CHECK(p->literals[p->anchors[0].literal] == "坚持推进");
  CHECK(p->anchors[0].guard == rt::kNoAnchorGuard);
}

TEST_CASE("a word that fills work reports does not anchor a rule with a rarer one") {
  // 工作 occurs ~18 times as often as 回顾 in reports. Rated alike, the tie went to 工作 (the
  // narrower window); measured, the rule anchors on 回顾.
  const auto anchors = RuleAnchors(R"rpt(
field f: text = "工作" @value:text([^。]{0,8}) "回顾"
)rpt");
  CHECK(anchors.count("工作") == 0);
  REQUIRE(anchors.count("回顾") == 1);
  CHECK(anchors.at("回顾") == 6 + 8 * 4 + 2 + 2);  // 工作, the capture, the spaces around it
}

TEST_CASE("a guard makes its literal cheaper than an unguarded one of the same rate") {
  // Both words rate alike, and 深化 has the narrower window, which wins a tie; but 坚持 is
  // verified only where a line opens.
  const auto p = testing::CompileTemplate(R"rpt(
field f: text = "深化" @value:text([^。]{0,6}) line_start "坚持"
)rpt");
  REQUIRE(p->anchors.size() == 1);
  CHECK(p->literals[p->anchors[0].literal] == "坚持");
  CHECK(p->anchors[0].guard == static_cast<uint8_t>(rt::Assertion::kLineStart));
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
