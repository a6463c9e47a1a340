#include "runtime/engine/prefilter.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace rptc::rt::internal {
namespace {

using Hit = std::pair<uint32_t, uint32_t>;  // (start, literal id)

std::vector<Hit> ScanHits(const Prefilter& pf, std::string_view text) {
  std::vector<uint64_t> keys;
  pf.Scan(text, keys);
  std::sort(keys.begin(), keys.end());
  std::vector<Hit> hits;
  for (uint64_t k : keys) hits.emplace_back(Prefilter::HitStart(k), Prefilter::HitLiteral(k));
  return hits;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Every occurrence by brute force, ASCII case-insensitively.
std::vector<Hit> NaiveHits(const std::vector<Prefilter::Literal>& lits, std::string_view text) {
  std::vector<Hit> hits;
  for (const auto& lit : lits) {
    for (size_t i = 0; i + lit.text.size() <= text.size(); ++i) {
      bool eq = true;
      for (size_t j = 0; j < lit.text.size() && eq; ++j) {
        eq = Lower(text[i + j]) == Lower(lit.text[j]);
      }
      if (eq) hits.emplace_back(static_cast<uint32_t>(i), lit.id);
    }
  }
  std::sort(hits.begin(), hits.end());
  return hits;
}

TEST_SUITE("engine") {
  TEST_CASE("the prefilter reports nested and overlapping literals at their starts") {
    std::vector<Prefilter::Literal> lits = {{0, "他"}, {1, "其他"}, {2, "aa"}};
    const Prefilter pf(lits);
    CHECK(ScanHits(pf, "其他人") == std::vector<Hit>{{0, 1}, {3, 0}});
    CHECK(ScanHits(pf, "aaa") == std::vector<Hit>{{0, 2}, {1, 2}});
  }

  TEST_CASE("the prefilter folds ASCII case and nothing else") {
    std::vector<Prefilter::Literal> lits = {{7, "gdp"}, {8, "é"}};
    const Prefilter pf(lits);
    CHECK(ScanHits(pf, "GDP gDp gdp") == std::vector<Hit>{{0, 7}, {4, 7}, {8, 7}});
    CHECK(ScanHits(pf, "É").empty());  // C3 89 is not folded to C3 A9
  }

  TEST_CASE("literals written in upper case are lowercased when the prefilter is built") {
    std::vector<Prefilter::Literal> lits = {{0, "R&D"}};
    const Prefilter pf(lits);
    CHECK(ScanHits(pf, "r&d R&D") == std::vector<Hit>{{0, 0}, {4, 0}});
  }

  TEST_CASE("the prefilter scans NUL and invalid UTF-8 bytes like any other") {
    const std::string lit("\x00\xFF", 2);
    std::vector<Prefilter::Literal> lits = {{0, lit}, {1, "增长"}};
    const Prefilter pf(lits);
    const std::string text = std::string("\xFF\x00\xFF", 3) + "\xE5\xA2" + "增长";
    CHECK(ScanHits(pf, text) == std::vector<Hit>{{1, 0}, {5, 1}});
  }

  TEST_CASE("a prefilter without literals matches nothing") {
    const Prefilter empty;
    CHECK(empty.empty());
    CHECK(ScanHits(empty, "anything").empty());
    std::vector<Prefilter::Literal> none;
    CHECK(ScanHits(Prefilter(none), "anything").empty());
  }

  TEST_CASE(
      "the split scan of a long text finds exactly the occurrences, also across the slice bounds") {
    std::vector<Prefilter::Literal> lits = {
        {0, "ab"}, {1, "bab"}, {2, "b"}, {3, "aabba"}, {4, "c"}};
    const Prefilter pf(lits);
    std::mt19937 rng(11);
    for (int iter = 0; iter < 20; ++iter) {
      std::string text;
      const uint32_t len = 4096 + rng() % 5000;
      for (uint32_t i = 0; i < len; ++i) text += "abAB\n"[rng() % 5];
      if (iter % 2 == 0) {
        // Put occurrences straddling the bounds of the slices the walks scan.
        for (int k = 1; k < 16; ++k) text.replace(text.size() * k / 16 - 2, 5, "aabba");
      }
      CAPTURE(iter);
      CHECK(ScanHits(pf, text) == NaiveHits(lits, text));
    }
  }

  TEST_CASE("the split scan is exact for every row width (32, 64, 128 and 256 byte classes)") {
    // The main loop is specialised for rows of 64, 128 and 256 columns (StepWalks); other widths
    // read the shift at run time. Literals over n distinct bytes give about n classes.
    for (const int distinct : {20, 50, 100, 220}) {
      CAPTURE(distinct);
      std::vector<std::string> texts;  // the literals' storage
      std::vector<Prefilter::Literal> lits;
      auto byte = [](int i) { return static_cast<char>(1 + i); };  // never 0, any byte above
      for (int i = 0; i < distinct; ++i) {
        texts.push_back(std::string{byte(i), byte((i * 7 + 3) % distinct)});
        if (i % 5 == 0) texts.back() += byte((i + 1) % distinct);
      }
      for (size_t i = 0; i < texts.size(); ++i) {
        lits.push_back({static_cast<uint32_t>(i), texts[i]});
      }
      const Prefilter pf(lits);
      CHECK(pf.num_classes() >= static_cast<uint32_t>(distinct) / 2);
      std::mt19937 rng(static_cast<uint32_t>(distinct));
      for (int iter = 0; iter < 6; ++iter) {
        std::string text;
        const uint32_t len = 4096 + rng() % 9000;
        for (uint32_t i = 0; i < len; ++i) text += byte(static_cast<int>(rng() % (distinct + 3)));
        CAPTURE(iter);
        CHECK(ScanHits(pf, text) == NaiveHits(lits, text));
      }
    }
  }

  TEST_CASE("a 10 MB text without any literal produces no hits") {
    std::vector<Prefilter::Literal> lits = {{0, "增长"}, {1, "gdp"}};
    const Prefilter pf(lits);
    std::string text;
    text.reserve(10 << 20);
    const std::string filler = "经济运行总体平稳，稳中有进。The economy was stable.\n";
    while (text.size() < (10u << 20)) text += filler;
    CHECK(ScanHits(pf, text).empty());
  }

  TEST_CASE("an automaton of more than 2^16 states (32-bit table) finds what a small one does") {
    // 12,000 random literals of 10 bytes over a 6-letter alphabet make a trie of over 65,536
    // states, so the 32-bit table is used.
    std::mt19937 rng(5);
    std::vector<std::string> texts;
    for (int i = 0; i < 12000; ++i) {
      std::string lit;
      for (int j = 0; j < 10; ++j) lit += "abcdef"[rng() % 6];
      texts.push_back(lit);
    }
    for (int i = 0; i < 2000; ++i) {
      std::string lit;
      for (int j = 0; j < 4; ++j) lit += "ghijklmn"[rng() % 8];
      texts.push_back(lit + "xy" + std::to_string(i));
    }
    std::vector<Prefilter::Literal> lits;
    for (uint32_t i = 0; i < texts.size(); ++i) lits.push_back({i, texts[i]});
    const Prefilter pf(lits);
    REQUIRE(pf.num_states() > (1u << 16));
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "abcdefghijklmnxy0123"[rng() % 20];
    for (int i = 0; i < 200; ++i) {
      const std::string& lit = texts[rng() % texts.size()];
      text.replace(rng() % (text.size() - lit.size()), lit.size(), lit);
    }
    const std::vector<Hit> hits = ScanHits(pf, text);
    CHECK(hits.size() >= 100);  // insertions may overwrite each other
    CHECK(hits == NaiveHits(lits, text));
  }

  TEST_CASE("a small automaton (16-bit table) reports the states with outputs exactly") {
    // Many literals ending in the same suffix: outputs inherited through failure links.
    std::vector<std::string> texts = {"a", "ba", "cba", "dcba", "edcba", "xa", "yxa"};
    std::vector<Prefilter::Literal> lits;
    for (uint32_t i = 0; i < texts.size(); ++i) lits.push_back({i, texts[i]});
    const Prefilter pf(lits);
    REQUIRE(pf.num_states() < (1u << 16));
    const std::string text = "edcbayxaedcbaxxa" + std::string(5000, 'q') + "yxedcba";
    CHECK(ScanHits(pf, text) == NaiveHits(lits, text));
  }

}  // TEST_SUITE

}  // namespace
}  // namespace rptc::rt::internal
