// Differential test (RE2 testing/tester.h): for random small automata over a small alphabet and
// random texts, every engine configuration must report exactly what the backtracking reference
// reports, including the capture slots:
//   prefilter + lazy DFA + Pike VM (the default Matcher),
//   prefilter + Pike VM alone (use_dfa = false),
//   prefilter + a lazy DFA with a budget so small that it resets and gives up (Pike VM fallback).
// Scan, MatchAt, FindAll and FindAllInHits are all compared.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "runtime/engine/matcher.h"
#include "tests/runtime/engine/engine_test_util.h"
#include "tests/runtime/engine/program_builder.h"
#include "tests/runtime/engine/reference_matcher.h"

namespace rptc::rt::testing {
namespace {

constexpr Assertion kAssertions[] = {Assertion::kLineStart, Assertion::kParaStart,
                                     Assertion::kSentenceStart, Assertion::kClauseStart,
                                     Assertion::kWordBoundary};

class RandomPatterns {
 public:
  explicit RandomPatterns(uint32_t seed) : rng_(seed) {}

  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(rng_() % n); }

  Pat Atom() {
    switch (Below(9)) {
      case 8:
        return Pair('b', 'B');  // a case-folded letter
      case 0:
        return Byte('a');
      case 1:
        return Byte('b');
      case 2:
        return Byte('a', 'c');
      case 3:
        return LitI("b");
      case 4:
        return Bytes({{'a', 'a'}, {'c', 'c'}});
      case 5:
        return Byte(' ');
      case 6:
        return Lit("。");
      default:
        return Byte(0x00, 0xFF);  // any byte
    }
  }

  Pat Random(int depth) {
    if (depth == 0) return Atom();
    switch (Below(12)) {
      case 0:
      case 1:
        return Atom();
      case 2:
        return Seq({Random(depth - 1), Random(depth - 1)});
      case 3:
        return Seq({Random(depth - 1), Random(depth - 1), Random(depth - 1)});
      case 4:
        return Alt({Random(depth - 1), Random(depth - 1)});
      case 5:
        return Alt({Random(depth - 1), Random(depth - 1), Random(depth - 1)});
      case 6: {
        const uint32_t min = Below(3);
        return Repeat(Random(depth - 1), min, min + Below(3), Below(2) == 0);
      }
      case 7:
        return Cap(next_capture_++, Random(depth - 1));
      case 8:
        return Assert(kAssertions[Below(5)]);
      case 9:
        return Below(4) == 0 ? Fail() : Empty();
      case 10:
        return Opt(Random(depth - 1), Below(2) == 0);
      default:
        return Cap(next_capture_++, Seq({Atom(), Random(depth - 1)}));
    }
  }

  std::string Literal() {
    static const char* kLits[] = {"a", "b", "ab", "ba", "bb", "aab", "。", "a。"};
    return kLits[Below(8)];
  }

  // An anchored automaton: one or two branches, each prefix + literal + suffix, with the anchor's
  // max_before the prefix's width, so two branches' literals have windows of their own (note
  // [anchored scan]). Captures sometimes wrap the literal.
  void AddAnchored(ProgramBuilder& b) {
    next_capture_ = 0;
    std::vector<Pat> branches;
    std::vector<ProgramBuilder::AnchorSpec> anchors;
    const uint32_t n = 1 + Below(2);
    for (uint32_t i = 0; i < n; ++i) {
      Pat prefix = Random(2);
      const std::string lit = Literal();
      Pat middle = Below(3) == 0 ? Cap(next_capture_++, LitI(lit)) : LitI(lit);
      branches.push_back(Seq({prefix, middle, Random(2)}));
      anchors.push_back({lit, ProgramBuilder::MaxWidth(prefix)});
    }
    b.Add(branches.size() == 1 ? branches[0] : Alt(branches), anchors, Below(5) != 0);
  }

  void AddUnanchored(ProgramBuilder& b) {
    next_capture_ = 0;
    b.AddUnanchored(Random(3), Below(5) != 0);
  }

  std::string Text() {
    static const char* kPieces[] = {
        "a",    "b",    "c",  "A", "B", " ", "\n", ",", "!", "。", std::string("\0", 1).c_str(),
        "\xFF", "\xE3", "ab", "ba"};
    std::string text;
    const uint32_t pieces = Below(20);
    for (uint32_t i = 0; i < pieces; ++i) {
      const uint32_t k = Below(15);
      if (k == 10) {
        text += '\0';
      } else {
        text += kPieces[k];
      }
    }
    return text;
  }

 private:
  std::mt19937 rng_;
  uint32_t next_capture_ = 0;
};

void CompareScan(const Program& program, const std::vector<const Matcher*>& matchers,
                 const std::vector<Scratch*>& scratches, const std::string& text) {
  ReferenceMatcher ref(program);
  const std::vector<RefMatch> expected = Sorted(ref.Scan(text));
  for (size_t i = 0; i < matchers.size(); ++i) {
    CAPTURE(i);
    CHECK(ScanAll(*matchers[i], text, *scratches[i]) == expected);
    // Spans first, captures on demand (what report assembly does) give the same matches.
    CollectingSink spans;
    matchers[i]->ScanSpans(text, *scratches[i], spans);
    std::vector<RefMatch> deferred = Sorted(std::move(spans.matches));
    for (RefMatch& m : deferred) {
      REQUIRE(m.slots.size() >= 2);
      CHECK(m.slots[0] == m.begin);
      CHECK(m.slots[1] == m.end);
      for (size_t k = 2; k < m.slots.size(); ++k) CHECK(m.slots[k] == kNoPos);
      CHECK(matchers[i]->Captures(m.automaton, text, m.begin, m.end, *scratches[i], m.slots));
    }
    CHECK(deferred == expected);
  }
}

// A scoped scan (FindHits, then ScanSpansIn) gives each automaton finditer's matches over the
// text from its scope's begin, up to the first one that starts at or after the scope's end, where
// a start inside a skip span is not taken and the search resumes at the span's end.
void CompareScopedScan(const Program& program, const std::vector<const Matcher*>& matchers,
                       const std::vector<Scratch*>& scratches, const std::string& text,
                       RandomPatterns& gen) {
  ReferenceMatcher ref(program);
  const auto n = static_cast<uint32_t>(text.size());
  std::vector<ScanScope> scopes;
  std::vector<std::vector<SkipSpan>> skips(program.automata.size());
  std::vector<RefMatch> expected;
  for (uint32_t r = 0; r < program.automata.size(); ++r) {
    ScanScope scope;
    switch (gen.Below(4)) {
      case 0: break;  // the whole text
      case 1: scope = ScanScope::None(); break;
      default:
        scope.begin = gen.Below(n + 1);
        scope.end = scope.begin + gen.Below(n - scope.begin + 2);
    }
    // Random disjoint skip spans, sorted.
    for (uint32_t at = gen.Below(4); at < n && gen.Below(3) != 0;) {
      const uint32_t len = 1 + gen.Below(4);
      skips[r].emplace_back(at, std::min(n, at + len));
      at += len + 1 + gen.Below(5);
    }
    scope.skip = skips[r];
    scopes.push_back(scope);
    if (scope.begin >= scope.end) continue;
    auto skipped = [&](uint32_t q) {
      for (const SkipSpan& sp : skips[r]) {
        if (sp.first <= q && q < sp.second) return sp.second;
      }
      return q;
    };
    for (uint32_t c = scope.begin; c <= n;) {
      bool found = false;
      for (uint32_t q = skipped(c); q <= n && q < scope.end; q = skipped(q + 1)) {
        RefMatch m;
        if (ref.MatchAt(r, text, q, n, &m)) {
          for (size_t k = 2; k < m.slots.size(); ++k) m.slots[k] = kNoPos;
          c = std::max(m.end, m.begin + 1);
          expected.push_back(std::move(m));
          found = true;
          break;
        }
      }
      if (!found) break;
    }
  }
  expected = Sorted(std::move(expected));
  for (size_t i = 0; i < matchers.size(); ++i) {
    CAPTURE(i);
    CollectingSink sink;
    matchers[i]->FindHits(text, *scratches[i]);
    matchers[i]->ScanSpansIn(text, scopes, *scratches[i], sink);
    CHECK(Sorted(std::move(sink.matches)) == expected);
  }
}

void CompareMatchAtAndFindAll(const Program& program, const std::vector<const Matcher*>& matchers,
                              const std::vector<Scratch*>& scratches, const std::string& text,
                              RandomPatterns& gen) {
  ReferenceMatcher ref(program);
  const auto n = static_cast<uint32_t>(text.size());
  for (uint32_t r = 0; r < program.automata.size(); ++r) {
    for (uint32_t pos = 0; pos <= n; ++pos) {
      const uint32_t limit = pos + gen.Below(n - pos + 1);
      RefMatch want;
      const bool found = ref.MatchAt(r, text, pos, limit, &want);
      for (size_t i = 0; i < matchers.size(); ++i) {
        std::vector<uint32_t> slots(program.automata[r].num_slots, 12345);
        const bool got = matchers[i]->MatchAt(r, text, pos, limit, *scratches[i], slots);
        CAPTURE(i);
        CAPTURE(r);
        CAPTURE(pos);
        CAPTURE(limit);
        REQUIRE(got == found);
        if (found) CHECK(slots == want.slots);
      }
    }
    const uint32_t from = gen.Below(n + 1);
    const uint32_t to = from + gen.Below(n - from + 1);
    const std::vector<RefMatch> want = ref.FindAll(r, text, from, to);
    for (size_t i = 0; i < matchers.size(); ++i) {
      CollectingSink sink;
      matchers[i]->FindAll(r, text, from, to, *scratches[i], sink);
      CAPTURE(i);
      CHECK(sink.matches == want);
      // The same search around the prefilter's hits (anchored automata), or as FindAll.
      CollectingSink in_hits;
      matchers[i]->FindHits(text, *scratches[i]);
      matchers[i]->FindAllInHits(r, text, from, to, *scratches[i], in_hits);
      CHECK(in_hits.matches == want);
      // Only the first match (a section's end).
      CollectingSink first;
      matchers[i]->FindAllInHits(r, text, from, to, *scratches[i], first, 1);
      CHECK(first.matches.size() == std::min<size_t>(want.size(), 1));
      if (!want.empty() && !first.matches.empty()) CHECK(first.matches.front() == want.front());
    }
  }
}

TEST_SUITE("engine") {
  TEST_CASE("prefilter plus DFA plus Pike VM, the Pike VM alone and the reference all agree") {
    RandomPatterns gen(20240611);
    for (int iter = 0; iter < 1500; ++iter) {
      ProgramBuilder b;
      // Sometimes more automata than the interleaved verification has lanes.
      const uint32_t anchored = gen.Below(5) == 0 ? 5 + gen.Below(5) : 1 + gen.Below(3);
      for (uint32_t i = 0; i < anchored; ++i) gen.AddAnchored(b);
      if (gen.Below(3) == 0) gen.AddUnanchored(b);
      const Program program = b.Build();

      const Matcher with_dfa(program);
      const Matcher pike_captures(program, MatcherOptions{.use_bit_state = false});
      const Matcher pike_only(program, MatcherOptions{.use_dfa = false});
      const Matcher tiny_dfa(program, MatcherOptions{.dfa_budget_bytes = 600});
      auto s1 = with_dfa.NewScratch();
      auto s2 = pike_captures.NewScratch();
      auto s3 = pike_only.NewScratch();
      auto s4 = tiny_dfa.NewScratch();
      const std::vector<const Matcher*> matchers = {&with_dfa, &pike_captures, &pike_only,
                                                    &tiny_dfa};
      const std::vector<Scratch*> scratches = {s1.get(), s2.get(), s3.get(), s4.get()};
      REQUIRE(with_dfa.error().empty());

      for (int t = 0; t < 12; ++t) {
        const std::string text = gen.Text();
        CAPTURE(iter);
        CAPTURE(Escape(text));
        CompareScan(program, matchers, scratches, text);
        if (t < 3) CompareMatchAtAndFindAll(program, matchers, scratches, text, gen);
        if (t < 6) CompareScopedScan(program, matchers, scratches, text, gen);
      }
    }
  }

}  // TEST_SUITE

}  // namespace
}  // namespace rptc::rt::testing
