// note [reverse prefix]: the reversed blocks (compiler/automaton/reverse.h), the prefixes the
// anchor analysis records (AnchorSet::prefix), and the matcher's use of them: walking a hit's
// window back narrows it or drops the hit, and never changes a match.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "compiler/automaton/reverse.h"
#include "runtime/engine/matcher.h"
#include "runtime/image.h"
#include "runtime/program.h"
#include "tests/runtime/engine/program_builder.h"
#include "tests/runtime/report/compile_template.h"

namespace rptc {
namespace {

using rt::Inst;
using rt::Op;

// Whether the block entered at `start` reads all of `s` and then reaches a kMatch, with set
// semantics (both branches of a kSplit; kSave and kAssert pass).
bool SetAccepts(const std::vector<Inst>& insts, uint32_t start, const std::string& s) {
  std::vector<uint32_t> current{start};
  auto close = [&](std::vector<uint32_t> set) {
    std::vector<uint8_t> seen(insts.size(), 0);
    std::vector<uint32_t> out;
    while (!set.empty()) {
      const uint32_t pc = set.back();
      set.pop_back();
      if (seen[pc]) continue;
      seen[pc] = 1;
      out.push_back(pc);
      const Inst& in = insts[pc];
      if (in.op == Op::kSplit) set.push_back(in.out), set.push_back(in.out1);
      if (in.op == Op::kSave || in.op == Op::kAssert) set.push_back(in.out);
    }
    return out;
  };
  current = close(current);
  for (const unsigned char c : s) {
    std::vector<uint32_t> next;
    for (const uint32_t pc : current) {
      const Inst& in = insts[pc];
      if ((in.op == Op::kByteRange || in.op == Op::kBytePair) && rt::AcceptsByte(in.op, in.lo, in.hi, c)) {
        next.push_back(in.out);
      }
    }
    current = close(next);
  }
  return std::any_of(current.begin(), current.end(),
                     [&](uint32_t pc) { return insts[pc].op == Op::kMatch; });
}

// Every string over `alphabet` up to `max_len` characters.
std::vector<std::string> AllStrings(const std::string& alphabet, size_t max_len) {
  std::vector<std::string> out{""};
  for (size_t begin = 0, len = 0; len < max_len; ++len) {
    const size_t end = out.size();
    for (size_t i = begin; i < end; ++i) {
      for (const char c : alphabet) out.push_back(out[i] + c);
    }
    begin = end;
  }
  return out;
}

// Reverses the block of automaton 0 of `p`, placing it after the program's instructions, and
// checks it reads exactly the reversed strings the block reads.
void CheckReversesLanguage(const rt::Program& p, const std::string& alphabet, size_t max_len) {
  const rt::Automaton& a = p.automata[0];
  std::vector<Inst> insts = p.insts;
  const uint32_t at = static_cast<uint32_t>(insts.size());
  automaton::ReversedBlock rev = automaton::ReverseBlock(insts, a.insts_begin, a.insts_end, a.start, at);
  insts.insert(insts.end(), rev.insts.begin(), rev.insts.end());
  for (const Inst& in : rev.insts) {
    // Jumps stay inside the reversed block; no capture or assertion is left.
    CHECK(in.op != Op::kSave);
    CHECK(in.op != Op::kAssert);
    if (in.op != Op::kMatch && in.op != Op::kFail) {
      CHECK(in.out >= at);
      CHECK(in.out < insts.size());
    }
    if (in.op == Op::kSplit) CHECK((in.out1 >= at && in.out1 < insts.size()));
  }
  for (const std::string& w : AllStrings(alphabet, max_len)) {
    const std::string back(w.rbegin(), w.rend());
    INFO("string: " << w);
    CHECK(SetAccepts(insts, a.start, w) == SetAccepts(insts, rev.start, back));
  }
}

rt::Program OnePattern(const rt::testing::Pat& pat) {
  rt::testing::ProgramBuilder b;
  b.Add(pat);
  return b.Build();
}

TEST_SUITE("compiler") {

TEST_CASE("a reversed block reads the reversed strings, and only them") {
  using namespace rt::testing;
  CheckReversesLanguage(OnePattern(Lit("abc")), "abc", 4);
  CheckReversesLanguage(OnePattern(Alt({Lit("ab"), Lit("b"), Seq({Lit("c"), Lit("ca")})})), "abc", 4);
  // Optional parts, bounded repeats and an alternation inside a repeat.
  CheckReversesLanguage(
      OnePattern(Seq({Opt(Lit("a")), Repeat(Alt({Lit("b"), Lit("ca")}), 0, 3), Lit("a")})), "abc",
      6);
  // A case-folded letter (kBytePair) and a byte range.
  CheckReversesLanguage(OnePattern(Seq({Pair('a', 'A'), Byte('b', 'c'), Pair('a', 'A')})),
                        "aAbc", 4);
  // An assertion is taken as true: the reversed language is the block's without it.
  CheckReversesLanguage(
      OnePattern(Seq({Lit("a"), Assert(rt::Assertion::kWordBoundary), Opt(Lit("b"))})), "ab", 3);
  // The empty pattern: only the empty string.
  CheckReversesLanguage(OnePattern(Empty()), "ab", 2);
  // A pattern that never matches.
  CheckReversesLanguage(OnePattern(Fail()), "ab", 2);
}

TEST_CASE("a reversed block reads random patterns' reversed strings") {
  using namespace rt::testing;
  std::mt19937 rng(20261123);
  std::function<Pat(int)> random_pattern = [&](int depth) -> Pat {
    const int kind = depth > 2 ? static_cast<int>(rng() % 2) : static_cast<int>(rng() % 5);
    switch (kind) {
      case 0:
        return Lit(std::string(1 + rng() % 2, "abc"[rng() % 3]));
      case 1:
        return Byte('a', static_cast<uint8_t>('a' + rng() % 3));
      case 2:
        return Seq({random_pattern(depth + 1), random_pattern(depth + 1)});
      case 3:
        return Alt({random_pattern(depth + 1), random_pattern(depth + 1)});
      default:
        return Repeat(random_pattern(depth + 1), static_cast<uint32_t>(rng() % 2),
                      static_cast<uint32_t>(1 + rng() % 2));
    }
  };
  for (int i = 0; i < 60; ++i) CheckReversesLanguage(OnePattern(random_pattern(0)), "abc", 5);
}

// A rule like the GWR template's: a lead-in that may be English and long (so the window reaches
// far back), then an indicator name, then its figure.
const char* kLeadIn = R"rpt(
lexicon ind { gdp: "地区生产总值" | "gdp"  inv: "固定资产投资" }
field {key}_growth: percent
  = ("," | ":" | "In " [a-z ]{0,40} ", ") ("全年" | "全市" | "the city's "){0,2} @key:ind
    ("增长" | " grew by ") @value:percent
)rpt";

std::vector<std::pair<uint32_t, uint32_t>> Spans(const rt::Program& p, const std::string& doc,
                                                 bool use_prefixes, rt::Matcher::Stats* stats) {
  rt::MatcherOptions options;
  options.use_prefixes = use_prefixes;
  const rt::Matcher matcher(p, options);
  auto scratch = matcher.NewScratch();
  std::vector<std::pair<uint32_t, uint32_t>> out;
  auto sink = rt::MakeSink([&](const rt::Match& m) { out.emplace_back(m.begin, m.end); });
  matcher.Scan(doc, *scratch, sink);
  if (stats) *stats = matcher.stats(*scratch);
  return out;
}

// 300 texts of up to `max_pieces` random pieces scan the same with and without the walks.
void ScansAlike(const rt::Program& p, const std::vector<std::string>& pieces, size_t max_pieces,
                uint32_t seed) {
  std::mt19937 rng(seed);
  for (int doc_i = 0; doc_i < 300; ++doc_i) {
    std::string doc;
    const size_t n = 1 + rng() % max_pieces;
    for (size_t i = 0; i < n; ++i) doc += pieces[rng() % pieces.size()];
    INFO("doc: " << doc);
    CHECK(Spans(p, doc, true, nullptr) == Spans(p, doc, false, nullptr));
  }
}

TEST_CASE("a rule with a lead-in gets a reversed prefix, which drops hits without one") {
  std::shared_ptr<const rt::Program> p = testing::CompileTemplate(kLeadIn);
  REQUIRE(p->rules.size() == 1);
  const rt::Automaton& rule = p->automata[p->rules[0].automaton];
  REQUIRE(rule.prefix != rt::kNoPos);
  const rt::Automaton& prefix = p->automata[rule.prefix];
  for (uint32_t pc = prefix.insts_begin; pc < prefix.insts_end; ++pc) {
    CHECK(p->insts[pc].op != Op::kSave);
    CHECK(p->insts[pc].op != Op::kAssert);
  }
  // 地区生产总值 after 的 has no lead-in; the one after 全市 does; "GDP" after "In 2023, the
  // city's " does, 40 letters back.
  const std::string doc =
      "今年的地区生产总值增长5%。去年,全市地区生产总值增长6%。In twenty twenty three, the city's "
      "GDP grew by 7%.";
  rt::Matcher::Stats with{}, without{};
  const auto spans = Spans(*p, doc, true, &with);
  CHECK(spans == Spans(*p, doc, false, &without));
  std::string all;
  for (const auto& [b, e] : spans) all += "[" + doc.substr(b, e - b) + "]";
  INFO("matches: " << all);
  REQUIRE(spans.size() == 2);
  CHECK(doc.substr(spans[0].first, spans[0].second - spans[0].first) == ",全市地区生产总值增长6%");
  CHECK(doc.substr(spans[1].first, 3) == "In ");
  CHECK(with.prefix_walks == 3);
  CHECK(with.prefix_dropped == 1);  // the first 地区生产总值: no opener before 的
  CHECK(without.prefix_walks == 0);
  CHECK(with.verifications <= without.verifications);
}

TEST_CASE("walking prefixes back never changes a scan's matches") {
  std::shared_ptr<const rt::Program> p = testing::CompileTemplate(kLeadIn);
  // Texts of the rule's own pieces in random order: lead-ins, names, verbs, figures, noise.
  const std::vector<std::string> pieces{",", ":", "In ", "the city's ", "In a big year, ", "全年",
                                        "全市", "地区生产总值", "GDP", "固定资产投资", "增长",
                                        " grew by ", "6%", "7.5%", "的", "。", " ", "x"};
  ScansAlike(*p, pieces, 30, 7);
}

TEST_CASE("a junction literal's prefix is read back from inside the literal") {
  // No part has a literal of its own: the set is a junction (note [junction literals]), of the
  // lead's last character and the numeral, or of the numeral and 、 or 是. Its prefix runs to the
  // end of the junction's first part, so it is read back from inside the literal.
  const char* text = R"rpt(
field f: text = [甲乙丙]{1,2} @value:text([一二三]) ("、" | "是")
)rpt";
  std::shared_ptr<const rt::Program> p = testing::CompileTemplate(text);
  const uint32_t rule = p->rules[0].automaton;
  REQUIRE(p->automata[rule].prefix != rt::kNoPos);
  bool inside = false;
  for (const rt::Anchor& an : p->anchors) {
    if (an.automaton != rule) continue;
    CHECK(an.prefix_offset <= p->literals[an.literal].size());
    inside = inside || an.prefix_offset > 0;
  }
  CHECK(inside);
  const std::string doc = "丁二是,甲二是,乙丙一、三 、";
  rt::Matcher::Stats with{}, without{};
  const auto spans = Spans(*p, doc, true, &with);
  CHECK(spans == Spans(*p, doc, false, &without));
  std::string all;
  for (const auto& [b, e] : spans) all += "[" + doc.substr(b, e - b) + "]";
  CHECK(all == "[甲二是][乙丙一、]");
  CHECK(with.prefix_walks > 0);
  // Random texts of the pieces scan the same with and without the walks.
  const std::vector<std::string> pieces{"甲", "乙", "丙", "丁", "一", "二", "三", "、", "是", " ",
                                        ","};
  ScansAlike(*p, pieces, 20, 11);
}

TEST_CASE("a prefix's long gaps and repetitions are loops: a superset, small, and exact scans") {
  // Unrolled, gap(0..60) made a prefix walker's states sets of gap positions (note [reverse
  // prefix]); as a loop the prefix accepts any number of the gap's code points.
  const char* text = R"rpt(
field f: percent = "第" gap(0..60) [甲乙]{0,30} ("丙"?){0,40} "地区生产总值增长" @value:percent
)rpt";
  std::shared_ptr<const rt::Program> p = testing::CompileTemplate(text);
  std::string error;
  CHECK_MESSAGE(rt::ValidateProgram(*p, &error), error);  // and so no epsilon loop
  const rt::Automaton& rule = p->automata[p->rules[0].automaton];
  REQUIRE(rule.prefix != rt::kNoPos);
  const rt::Automaton& prefix = p->automata[rule.prefix];
  // Far fewer instructions than the rule, whose gap is sixty code points unrolled.
  CHECK(prefix.insts_end - prefix.insts_begin < (rule.insts_end - rule.insts_begin) / 4);
  // Read back from the anchor: 第, then more gap code points than the rule allows.
  const std::string before = "第" + std::string(200, 'x') + "甲乙甲";
  const std::string back(before.rbegin(), before.rend());
  CHECK(SetAccepts(p->insts, prefix.start, back));
  CHECK_FALSE(SetAccepts(p->insts, prefix.start, std::string(back.rbegin(), back.rend())));
  // A clause boundary ends the gap, as in the rule: the hit after it is dropped.
  const std::string doc = "第三,地区生产总值增长5%。第一年地区生产总值增长6%。";
  rt::Matcher::Stats with{}, without{};
  const auto spans = Spans(*p, doc, true, &with);
  CHECK(spans == Spans(*p, doc, false, &without));
  REQUIRE(spans.size() == 1);
  CHECK(doc.substr(spans[0].first, spans[0].second - spans[0].first) == "第一年地区生产总值增长6%");
  CHECK(with.prefix_walks == 2);
  CHECK(with.prefix_dropped == 1);
  const std::vector<std::string> pieces{"第", "甲", "乙", "丙", "一年", "地区生产总值增长", "5%",
                                        ",", "。", "x", " "};
  ScansAlike(*p, pieces, 40, 13);
}

TEST_CASE("a set anchored at the start of the pattern needs no prefix") {
  // The literal begins every match: no window of starts to walk back.
  std::shared_ptr<const rt::Program> p =
      testing::CompileTemplate("field f: percent = \"增长率\" @value:percent\n");
  CHECK(p->automata[p->rules[0].automaton].prefix == rt::kNoPos);
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
