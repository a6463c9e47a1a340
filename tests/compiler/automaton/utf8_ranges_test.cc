#include "compiler/automaton/utf8_ranges.h"

#include <doctest/doctest.h>

#include <string>

namespace rptc::automaton {
namespace {

std::string Encode(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

bool Matches(const std::vector<ByteSequence>& seqs, const std::string& bytes) {
  for (const ByteSequence& seq : seqs) {
    if (seq.size() != bytes.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < seq.size() && ok; ++i) {
      auto b = static_cast<uint8_t>(bytes[i]);
      ok = b >= seq[i].lo && b <= seq[i].hi;
    }
    if (ok) return true;
  }
  return false;
}

TEST_SUITE("automaton") {
  TEST_CASE("utf8 sequences match exactly the encodings of the code points in the ranges") {
    CodePointRanges ranges = {{'0', '9'}, {0x4E00, 0x9FFF}, {0x7F0, 0x812}, {0x1F600, 0x1F64F}};
    auto seqs = Utf8Sequences(ranges);
    // Every code point of a sample sweep, inside and outside the ranges.
    for (char32_t c = 0; c < 0x20000; c += (c < 0x1000 ? 1 : 7)) {
      if (c >= 0xD800 && c <= 0xDFFF) continue;
      bool inside = false;
      for (auto [lo, hi] : ranges) inside = inside || (c >= lo && c <= hi);
      CHECK_MESSAGE(Matches(seqs, Encode(c)) == inside, "code point ", static_cast<uint32_t>(c));
    }
  }

  TEST_CASE("the complement excludes the ranges and the surrogates and covers everything else") {
    CodePointRanges comp = Complement({{'a', 'z'}, {0x3002, 0x3002}});
    auto seqs = Utf8Sequences(comp);
    CHECK(Matches(seqs, "A"));
    CHECK_FALSE(Matches(seqs, "q"));
    CHECK_FALSE(Matches(seqs, Encode(0x3002)));
    CHECK(Matches(seqs, Encode(0x3001)));
    CHECK(Matches(seqs, Encode(0x10FFFF)));
    for (auto [lo, hi] : comp) CHECK_FALSE((lo <= 0xD800 && hi >= 0xD800));
  }

  TEST_CASE("the loose complement matches every valid encoding except the excluded ones") {
    const CodePointRanges excluded = {{'\n', '\n'}, {',', ','}, {0x3001, 0x3002}, {0xFF0C, 0xFF0C},
                                      {0x00B7, 0x00B7}, {0x1F600, 0x1F600}};
    const auto seqs = LooseComplementSequences(excluded);
    for (char32_t c = 0; c <= 0x10FFFF; c += (c < 0x20000 ? 1 : 97)) {
      if (c >= 0xD800 && c <= 0xDFFF) continue;
      bool out = false;
      for (auto [lo, hi] : excluded) out = out || (c >= lo && c <= hi);
      CHECK_MESSAGE(Matches(seqs, Encode(c)) == !out, "code point ", static_cast<uint32_t>(c));
    }
    // Whole lead-byte ranges where nothing is excluded: far fewer sequences than the exact form.
    CHECK(seqs.size() < Utf8Sequences(Complement(excluded)).size());
  }

  TEST_CASE("canonicalize merges adjacent and overlapping ranges and fixes reversed ones") {
    CodePointRanges r = Canonicalize({{'c', 'a'}, {'d', 'f'}, {'e', 'k'}, {'x', 'x'}});
    REQUIRE(r.size() == 2);
    CHECK(r[0] == std::pair<char32_t, char32_t>{'a', 'k'});
    CHECK(r[1] == std::pair<char32_t, char32_t>{'x', 'x'});
  }
}

}  // namespace
}  // namespace rptc::automaton
