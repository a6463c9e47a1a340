#include "runtime/engine/matcher.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/runtime/engine/engine_test_util.h"
#include "tests/runtime/engine/program_builder.h"
#include "tests/runtime/engine/reference_matcher.h"

namespace rptc::rt::testing {
namespace {

using SpanList = std::vector<std::pair<uint32_t, uint32_t>>;
constexpr uint32_t X = kNoPos;

// Everything the Matcher reports must also be what the reference reports.
void CheckAgainstReference(const Program& program, const std::string& text) {
  const Matcher matcher(program);
  ReferenceMatcher ref(program);
  CHECK(ScanAll(matcher, text) == Sorted(ref.Scan(text)));
}

Pat Digits(uint32_t min, uint32_t max) { return Repeat(Byte('0', '9'), min, max); }

// The order a scan reports in: automaton by automaton, each in text order.
void CheckAutomatonThenTextOrder(const std::vector<RefMatch>& matches) {
  for (size_t i = 1; i < matches.size(); ++i) {
    const RefMatch& x = matches[i - 1];
    const RefMatch& y = matches[i];
    CHECK((x.automaton < y.automaton || (x.automaton == y.automaton && x.begin < y.begin)));
  }
}

TEST_SUITE("engine") {
  TEST_CASE("anchors match ASCII letters in either case") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({LitI("gdp"), Byte(' '), Digits(1, 3)}), {{"gdp", 0}});
    const Program p = b.Build();
    const auto m = ScanAll(Matcher(p), "GDP 12, gdp 3, Gdp x, gDp 4");
    CHECK(Spans(m, r) == SpanList{{0, 6}, {8, 13}, {22, 27}});
  }

  TEST_CASE("nested literals 他 and 其他 each wake their own automaton") {
    ProgramBuilder b;
    const uint32_t ta = b.Add(Lit("他"), {{"他", 0}});
    const uint32_t qita = b.Add(Seq({Lit("其他"), Opt(Lit("人"))}), {{"其他", 0}});
    const Program p = b.Build();
    const auto m = ScanAll(Matcher(p), "其他人和他");
    CHECK(Spans(m, ta) == SpanList{{3, 6}, {12, 15}});
    CHECK(Spans(m, qita) == SpanList{{0, 9}});
  }

  TEST_CASE("hits are verified in start order although the prefilter finds them in end order") {
    // "c" ends before "abcd" does, but the match at 0 (through "abcd") must win.
    ProgramBuilder b;
    const uint32_t r = b.Add(Alt({Lit("abcd"), Lit("c")}), {{"abcd", 0}, {"c", 0}});
    const Program p = b.Build();
    CHECK(Spans(ScanAll(Matcher(p), "abcd c"), r) == SpanList{{0, 4}, {5, 6}});
    CheckAgainstReference(p, "abcd c abc");
  }

  TEST_CASE("the window uses the widest max_before of an automaton's anchors") {
    // x.b|c with anchors b (max_before 2) and c (max_before 0): over "xcb" finditer reports "xcb",
    // which a window of [1, 1] around the c hit would miss (see note [anchored scan]).
    ProgramBuilder b;
    const uint32_t r =
        b.Add(Alt({Seq({Byte('x'), Byte(0, 255), Byte('b')}), Byte('c')}), {{"b", 2}, {"c", 0}});
    const Program p = b.Build();
    CHECK(Spans(ScanAll(Matcher(p), "xcb"), r) == SpanList{{0, 3}});
    CheckAgainstReference(p, "xcb c xxb xcbc");
  }

  TEST_CASE("an empty text has no matches, except empty ones of unanchored automata") {
    ProgramBuilder b;
    b.Add(Lit("增长"), {{"增长", 0}});
    const uint32_t empty = b.AddUnanchored(Opt(Byte('a')));
    const Program p = b.Build();
    const auto m = ScanAll(Matcher(p), "");
    CHECK(m == std::vector<RefMatch>{{empty, 0, 0, {0, 0}}});
  }

  TEST_CASE("NUL bytes and invalid UTF-8 are scanned like any other bytes") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Lit("增长"), Cap(0, Digits(1, 3)), Byte(0, 255)}), {{"增长", 0}});
    const Program p = b.Build();
    const std::string text =
        std::string("\xFF\xE5\xA2", 3) + "增长" + std::string("7\0", 2) + "\xC0\xAF" + "增长12\xFE";
    const auto m = ScanAll(Matcher(p), text);
    REQUIRE(m.size() == 2);
    CHECK(m[0] == RefMatch{r, 3, 11, {3, 11, 9, 10}});
    CHECK(m[1] == RefMatch{r, 13, 22, {13, 22, 19, 21}});
    CheckAgainstReference(p, text);
  }

  TEST_CASE("a 10 MB text without anchor hits produces no matches and no verifications") {
    ProgramBuilder b;
    b.Add(Seq({Lit("增长"), Digits(1, 3), Lit("%")}), {{"增长", 0}});
    b.Add(Seq({LitI("gdp"), Digits(1, 3)}), {{"gdp", 0}});
    const Program p = b.Build();
    const Matcher matcher(p);
    auto scratch = matcher.NewScratch();
    std::string text;
    while (text.size() < (10u << 20))
      text += "经济运行总体平稳，稳中有进。The economy was stable.\n";
    CHECK(ScanAll(matcher, text, *scratch).empty());
    const Matcher::Stats stats = matcher.stats(*scratch);
    CHECK(stats.hits == 0);
    CHECK(stats.verifications == 0);
  }

  TEST_CASE("a match may end exactly at the end of the text") {
    ProgramBuilder b;
    const uint32_t r =
        b.Add(Seq({Lit("增长"), Cap(0, Digits(1, 4)), Opt(Lit("%"))}), {{"增长", 0}});
    const Program p = b.Build();
    const std::string text = "同比增长8.5%，增长12%";
    const auto m = ScanAll(Matcher(p), text);
    REQUIRE(m.size() == 2);
    CHECK(m[0] == RefMatch{r, 6, 13, {6, 13, 12, 13}});
    const auto n = static_cast<uint32_t>(text.size());
    CHECK(m[1] == RefMatch{r, 19, n, {19, n, 25, 27}});
  }

  TEST_CASE("one automaton's matches do not overlap, while different automata's may") {
    ProgramBuilder b;
    const uint32_t pair = b.Add(Seq({Lit("ab"), Byte('a', 'b')}), {{"ab", 0}});
    const uint32_t single = b.Add(Lit("ba"), {{"ba", 0}});
    const Program p = b.Build();
    const auto m = ScanAll(Matcher(p), "ababab");
    CHECK(Spans(m, pair) == SpanList{{0, 3}});  // "aba" at 2 would overlap; none starts at 3 or 4
    CHECK(Spans(m, single) == SpanList{{1, 3}, {3, 5}});
  }

  TEST_CASE("the match reported at a start is the highest-priority one, with its captures") {
    // (地区生产总值|生产总值|GDP) gap{0,6}? (digits) (亿元|万元), as in the benchmark rules.
    ProgramBuilder b;
    const Pat alias = Alt({Lit("地区生产总值"), Lit("生产总值"), LitI("gdp")});
    const Pat gap = Repeat(CodePointsExcept({',', 0xFF0C, 0x3002, '\n'}), 0, 6, /*greedy=*/false);
    const Pat value = Seq({Digits(1, 6), Opt(Seq({Byte('.'), Digits(1, 2)}))});
    const uint32_t r =
        b.Add(Seq({Cap(0, alias), gap, Cap(1, value), Cap(2, Alt({Lit("亿元"), Lit("万元")}))}),
              {{"地区生产总值", 0}, {"生产总值", 0}, {"gdp", 0}});
    const Program p = b.Build();
    const std::string text = "全年地区生产总值达到431.8亿元，GDP 12万元。";
    const auto m = ScanAll(Matcher(p), text);
    REQUIRE(m.size() == 2);
    CHECK(m[0] == RefMatch{r, 6, 41, {6, 41, 6, 24, 30, 35, 35, 41}});
    CHECK(m[1] == RefMatch{r, 44, 56, {44, 56, 44, 47, 48, 50, 50, 56}});
    CheckAgainstReference(p, text);
  }

  TEST_CASE("unanchored automata are found at every position with finditer semantics") {
    ProgramBuilder b;
    const uint32_t numbers = b.AddUnanchored(Cap(0, Digits(1, 3)));
    const uint32_t empty = b.AddUnanchored(Opt(Byte('x')));
    const Program p = b.Build();
    const auto m = ScanAll(Matcher(p), "a1234x");
    CHECK(Spans(m, numbers) == SpanList{{1, 4}, {4, 5}});
    CHECK(Spans(m, empty) == SpanList{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 6}, {6, 6}});
    CheckAgainstReference(p, "a1234x 9x");
  }

  TEST_CASE("an automaton with an empty anchor literal is scanned as unanchored") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Digits(2, 2), {{"", 0}});
    const Program p = b.Build();
    CHECK(Spans(ScanAll(Matcher(p), "1 22 333"), r) == SpanList{{2, 4}, {5, 7}});
  }

  TEST_CASE("assertions restrict matches to line, paragraph, sentence and clause starts") {
    ProgramBuilder b;
    const Pat item = Seq({Byte(0xE4, 0xE9), Byte(0x80, 0xBF), Byte(0x80, 0xBF), Lit("是")});
    const uint32_t line = b.Add(Seq({Assert(Assertion::kLineStart), item}), {{"是", 3}});
    const uint32_t para = b.Add(Seq({Assert(Assertion::kParaStart), item}), {{"是", 3}});
    const uint32_t sentence = b.Add(Seq({Assert(Assertion::kSentenceStart), item}), {{"是", 3}});
    const uint32_t clause = b.Add(Seq({Assert(Assertion::kClauseStart), item}), {{"是", 3}});
    const uint32_t word = b.Add(
        Seq({Assert(Assertion::kWordBoundary), LitI("gdp"), Assert(Assertion::kWordBoundary)}),
        {{"gdp", 0}});
    const Program p = b.Build();
    const std::string text = "一是\n\xE3\x80\x80二是。 三是，四是五是 GDP gdpx";
    const auto m = ScanAll(Matcher(p), text);
    CHECK(Spans(m, line) == SpanList{{0, 6}});
    CHECK(Spans(m, para) == SpanList{{0, 6}, {10, 16}});
    CHECK(Spans(m, sentence) == SpanList{{0, 6}, {10, 16}, {20, 26}});
    CHECK(Spans(m, clause) == SpanList{{0, 6}, {10, 16}, {20, 26}, {29, 35}});
    CHECK(Spans(m, word) == SpanList{{42, 45}});
    CheckAgainstReference(p, text);
  }

  TEST_CASE("MatchAt matches only at the given position and within the limit") {
    ProgramBuilder b;
    const uint32_t r =
        b.Add(Seq({Cap(0, Byte('(')), Cap(1, Repeat(Byte('0', '9'), 1, 2)), Byte(')')}));
    const Program p = b.Build();
    const Matcher matcher(p);
    auto scratch = matcher.NewScratch();
    std::vector<uint32_t> slots(6);
    CHECK(matcher.MatchAt(r, "x(12)", 1, 5, *scratch, slots));
    CHECK(slots == std::vector<uint32_t>{1, 5, 1, 2, 2, 4});
    CHECK_FALSE(matcher.MatchAt(r, "x(12)", 0, 5, *scratch, slots));
    CHECK_FALSE(matcher.MatchAt(r, "x(12)", 1, 4, *scratch, slots));
    CHECK_FALSE(matcher.MatchAt(r, "x(12)", 6, 9, *scratch, slots));
    CHECK_FALSE(matcher.MatchAt(7, "x(12)", 1, 5, *scratch, slots));  // no such automaton
    std::vector<uint32_t> two(2);
    CHECK(matcher.MatchAt(r, "(7)", 0, 99, *scratch, two));  // the limit is clamped; 2 slots fit
    CHECK(two == std::vector<uint32_t>{0, 3});
  }

  TEST_CASE("FindAll searches one automaton in a range, with or without anchors") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Cap(0, Digits(1, 2)), {{"never", 0}});
    const Program p = b.Build();
    const Matcher matcher(p);
    auto scratch = matcher.NewScratch();
    CollectingSink sink;
    matcher.FindAll(r, "1 23 456 7", 1, 7, *scratch, sink);
    CHECK(sink.matches == std::vector<RefMatch>{{r, 2, 4, {2, 4, 2, 4}}, {r, 5, 7, {5, 7, 5, 7}}});
    CHECK(ScanAll(matcher, "1 23 456 7").empty());  // the anchor never occurs
  }

  TEST_CASE("slots of captures that did not participate are kNoPos in the sink") {
    ProgramBuilder b;
    const uint32_t r =
        b.Add(Seq({Lit("增长"), Alt({Cap(0, Lit("%")), Cap(1, Lit("个百分点"))})}), {{"增长", 0}});
    const Program p = b.Build();
    const auto m = ScanAll(Matcher(p), "增长个百分点");
    CHECK(m == std::vector<RefMatch>{{r, 0, 18, {0, 18, X, X, 6, 18}}});
  }

  TEST_CASE("a Scratch is reused across documents and re-sized when another Matcher uses it") {
    ProgramBuilder b1;
    const uint32_t r1 = b1.Add(Seq({Lit("增长"), Digits(1, 2)}), {{"增长", 0}});
    const Program p1 = b1.Build();
    ProgramBuilder b2;
    b2.Add(Lit("x"), {{"x", 0}});
    const uint32_t r2 =
        b2.Add(Seq({Cap(0, Lit("y")), Cap(1, Lit("z")), Cap(2, Lit("w"))}), {{"yzw", 0}});
    const Program p2 = b2.Build();
    const Matcher m1(p1);
    const Matcher m2(p2);
    auto scratch = m1.NewScratch();
    CHECK(Spans(ScanAll(m1, "增长1，增长23", *scratch), r1) == SpanList{{0, 7}, {10, 18}});
    CHECK(Spans(ScanAll(m1, "没有", *scratch), r1).empty());
    CHECK(Spans(ScanAll(m2, "yzw", *scratch), r2) == SpanList{{0, 3}});
    CHECK(Spans(ScanAll(m1, "增长9", *scratch), r1) == SpanList{{0, 7}});
  }

  TEST_CASE("stats count hits, verifications, DFA states and capture runs") {
    ProgramBuilder b;
    b.Add(Seq({Lit("增长"), Cap(0, Digits(1, 2))}), {{"增长", 0}});
    const Program p = b.Build();
    const Matcher matcher(p);
    auto scratch = matcher.NewScratch();
    ScanAll(matcher, "增长1 增长 增长22", *scratch);
    const Matcher::Stats s = matcher.stats(*scratch);
    CHECK(s.hits == 3);
    CHECK(s.verifications == 3);
    CHECK(s.dfa_states > 0);
    CHECK(s.dfa_resets == 0);
    CHECK(s.bit_state_runs == 2);  // captures of the two matches only
    CHECK(s.pike_runs == 0);
  }

  TEST_CASE("hits whose windows overlap are verified by one search, with the same matches") {
    // Anchored on the unit, up to 4 bytes after the match start: the hits at 4, 6 and 8 have
    // overlapping windows, the one at 23 does not. One search finds "1%"; the hits after it, at 6
    // and 8, take one search more (hit by hit: two), and the hit at 23 its own.
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Digits(1, 4), Byte('%')}), {{"%", 4}});
    const Program p = b.Build();
    const Matcher matcher(p);
    auto scratch = matcher.NewScratch();
    const std::string text = "ab 1% % %  xxxxxxxxx 22%";
    const auto m = ScanAll(matcher, text, *scratch);
    CHECK(Spans(m, r) == SpanList{{3, 5}, {21, 24}});
    CHECK(matcher.stats(*scratch).verifications == 3);
    CheckAgainstReference(p, text);
  }

  TEST_CASE("many automata verified together report in automaton order, then text order") {
    // More automata than the interleaved verification has lanes, with hits of different
    // lengths, so lanes finish their automata at different times and take the next ones: the
    // sink still sees automaton 0's matches, then 1's, and so on, each in text order, with
    // their captures.
    ProgramBuilder b;
    std::vector<uint32_t> automata;
    for (int i = 0; i < 11; ++i) {
      const std::string unit(1, static_cast<char>('a' + i % 4));
      automata.push_back(b.Add(Seq({Cap(0, Digits(1, 3 + i % 3)), Lit(unit), Opt(Lit("!"))}),
                               {{unit, 3 + static_cast<uint32_t>(i % 3)}}));
    }
    const Program p = b.Build();
    std::string text;
    for (int i = 0; i < 300; ++i) text += std::to_string(i * 37 % 1000) + "abcd"[i % 4] + " x! ";
    const Matcher matcher(p);
    auto scratch = matcher.NewScratch();
    CollectingSink sink;
    matcher.Scan(text, *scratch, sink);
    REQUIRE(sink.matches.size() > 500);
    CheckAutomatonThenTextOrder(sink.matches);
    ReferenceMatcher ref(p);
    CHECK(Sorted(sink.matches) == Sorted(ref.Scan(text)));
    // The same with spans only, and in a scoped scan that leaves some automata out.
    CollectingSink spans;
    matcher.ScanSpans(text, *scratch, spans);
    REQUIRE(spans.matches.size() == sink.matches.size());
    for (size_t i = 0; i < spans.matches.size(); ++i) {
      CHECK(spans.matches[i].automaton == sink.matches[i].automaton);
      CHECK(spans.matches[i].begin == sink.matches[i].begin);
      CHECK(spans.matches[i].end == sink.matches[i].end);
    }
    std::vector<ScanScope> scopes(p.automata.size());
    for (size_t r = 0; r < scopes.size(); r += 3) scopes[r] = ScanScope::None();
    matcher.FindHits(text, *scratch);
    CollectingSink scoped;
    matcher.ScanSpansIn(text, scopes, *scratch, scoped);
    std::vector<RefMatch> want;
    for (const RefMatch& m : spans.matches) {
      if (m.automaton % 3 != 0) want.push_back(m);
    }
    REQUIRE(scoped.matches.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      CHECK(scoped.matches[i].automaton == want[i].automaton);
      CHECK(scoped.matches[i].begin == want[i].begin);
    }
  }

  TEST_CASE("many hits of one automaton, with a DFA cache too small for them, match in order") {
    // Matches that stand alone and ones close enough to clip the next hit's window, a second
    // automaton sharing the interleaved lanes, and a cache budget that makes the DFA clear its
    // states while other lanes' searches are under way: the same matches as the reference, in
    // automaton order, then text order.
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Cap(0, Digits(1, 3)), Lit("%"), Repeat(Byte('a', 'z'), 0, 12)}),
                             {{"%", 3}});
    const uint32_t q = b.Add(Seq({Lit("#"), Digits(1, 2)}), {{"#", 0}});
    const Program p = b.Build();
    std::string text;
    for (int i = 0; i < 200; ++i) {
      text += std::to_string(i * 7 % 1000) + "%" + std::string(static_cast<size_t>(i % 15), 'k');
      text += i % 3 == 0 ? "9%ab #" + std::to_string(i % 50) : std::string(30, ' ');
    }
    ReferenceMatcher ref(p);
    const std::vector<RefMatch> want = Sorted(ref.Scan(text));
    for (const size_t budget : {size_t{4} << 20, size_t{1} << 10}) {
      CAPTURE(budget);
      MatcherOptions options;
      options.dfa_budget_bytes = budget;
      const Matcher matcher(p, options);
      auto scratch = matcher.NewScratch();
      CollectingSink sink;
      matcher.Scan(text, *scratch, sink);
      REQUIRE(sink.matches.size() > 300);
      CheckAutomatonThenTextOrder(sink.matches);
      CHECK(Sorted(sink.matches) == want);
      CHECK(Spans(sink.matches, q).size() == 67);
      if (budget < 4096) CHECK(matcher.stats(*scratch).dfa_resets > 0);
    }
    (void)r;
  }

  TEST_CASE("FindAllInHits searches a region around the scan's hits, as FindAll does") {
    ProgramBuilder b;
    const uint32_t r = b.Add(Seq({Lit("三、"), Repeat(Byte(0, 255), 0, 6), Lit("政府")}),
                             {{"三、", 0}});
    const Program p = b.Build();
    const Matcher matcher(p);
    auto scratch = matcher.NewScratch();
    const std::string text = "一、回顾。三、加强政府建设。三、政府";
    matcher.FindHits(text, *scratch);
    const uint64_t verified_before = matcher.stats(*scratch).verifications;
    CollectingSink all, from_second, first;
    matcher.FindAllInHits(r, text, 0, static_cast<uint32_t>(text.size()), *scratch, all);
    CHECK(Spans(all.matches, r) == SpanList{{15, 33}, {42, 54}});
    // Two hits, two verifications: the text between them is never walked.
    CHECK(matcher.stats(*scratch).verifications - verified_before == 2);
    matcher.FindAllInHits(r, text, 16, static_cast<uint32_t>(text.size()), *scratch, from_second);
    CHECK(Spans(from_second.matches, r) == SpanList{{42, 54}});
    matcher.FindAllInHits(r, text, 0, 40, *scratch, first, 1);
    CHECK(Spans(first.matches, r) == SpanList{{15, 33}});
  }

  TEST_CASE("a malformed automaton is reported and never matches, and the others still work") {
    ProgramBuilder b;
    const uint32_t good = b.Add(Lit("ok"), {{"ok", 0}});
    Program p = b.Build();
    p.insts.push_back({Op::kSplit, 0, 0, {}, 0, 12345});
    const uint32_t last = static_cast<uint32_t>(p.insts.size() - 1);
    p.automata.push_back({last, 2, 1, 0, last, last + 1});
    p.anchors.push_back({0, 1, 0});
    const Matcher matcher(p);
    CHECK(matcher.error().find("automaton 1") != std::string::npos);
    const auto m = ScanAll(matcher, "ok ok");
    CHECK(Spans(m, good) == SpanList{{0, 2}, {3, 5}});
    CHECK(Spans(m, 1).empty());
  }

}  // TEST_SUITE

}  // namespace
}  // namespace rptc::rt::testing
