#include "runtime/engine/context.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>

namespace rptc::rt::internal {
namespace {

constexpr Assertion kAll[] = {Assertion::kLineStart, Assertion::kParaStart,
                              Assertion::kSentenceStart, Assertion::kClauseStart,
                              Assertion::kWordBoundary};

uint32_t ReferenceMask(std::string_view text, uint32_t pos) {
  uint32_t m = 0;
  for (Assertion a : kAll) {
    if (AssertionHoldsAt(text, pos, a)) m |= AssertionBit(a);
  }
  return m;
}

int Lookahead(std::string_view text, uint32_t pos) {
  return pos < text.size() ? static_cast<unsigned char>(text[pos]) : kEndOfText;
}

// Checks, at every position, that stepping from the text start, ContextAt, and the reference
// definitions agree.
void CheckAllPositions(std::string_view text) {
  Context c = kTextStartContext;
  for (uint32_t p = 0; p <= text.size(); ++p) {
    CAPTURE(p);
    CHECK(ContextAt(text, p) == c);
    CHECK(AssertionMask(c, Lookahead(text, p)) == ReferenceMask(text, p));
    if (p < text.size()) c = StepContext(c, static_cast<unsigned char>(text[p]));
  }
}

bool Holds(std::string_view text, uint32_t pos, Assertion a) {
  return (AssertionMask(ContextAt(text, pos), Lookahead(text, pos)) & AssertionBit(a)) != 0;
}

TEST_SUITE("engine") {
  TEST_CASE("the text start is a line, paragraph, sentence and clause start") {
    CHECK(Holds("", 0, Assertion::kLineStart));
    CHECK(Holds("", 0, Assertion::kParaStart));
    CHECK(Holds("x", 0, Assertion::kSentenceStart));
    CHECK(Holds("x", 0, Assertion::kClauseStart));
    CHECK_FALSE(Holds("", 0, Assertion::kWordBoundary));
    CHECK(Holds("a", 0, Assertion::kWordBoundary));
  }

  TEST_CASE("sentence and clause starts skip spaces and U+3000 back to the punctuation") {
    const std::string text = "增长。 \t\xE3\x80\x80一是，二";
    const uint32_t after_spaces = static_cast<uint32_t>(text.find("一"));
    CHECK(Holds(text, after_spaces, Assertion::kSentenceStart));
    CHECK(Holds(text, after_spaces, Assertion::kClauseStart));
    CHECK_FALSE(Holds(text, after_spaces, Assertion::kLineStart));
    CHECK_FALSE(Holds(text, after_spaces, Assertion::kParaStart));
    const uint32_t after_comma = static_cast<uint32_t>(text.find("二"));
    CHECK_FALSE(Holds(text, after_comma, Assertion::kSentenceStart));
    CHECK(Holds(text, after_comma, Assertion::kClauseStart));
    CHECK_FALSE(Holds(text, 3, Assertion::kClauseStart));  // after 增
    CheckAllPositions(text);
  }

  TEST_CASE("a paragraph starts after a newline and indentation, a line only right after it") {
    const std::string text = "甲\n\xE3\x80\x80\xE3\x80\x80 乙";
    const uint32_t yi = static_cast<uint32_t>(text.find("乙"));
    CHECK(Holds(text, yi, Assertion::kParaStart));
    CHECK_FALSE(Holds(text, yi, Assertion::kLineStart));
    CHECK(Holds(text, 4, Assertion::kLineStart));
    CheckAllPositions(text);
  }

  TEST_CASE("word boundaries are between ASCII alphanumerics and anything else") {
    const std::string text = "GDP 8.1%增长a";
    CHECK(Holds(text, 0, Assertion::kWordBoundary));
    CHECK_FALSE(Holds(text, 1, Assertion::kWordBoundary));
    CHECK(Holds(text, 3, Assertion::kWordBoundary));
    CHECK(Holds(text, 5, Assertion::kWordBoundary));  // between 8 and .
    CHECK(Holds(text, static_cast<uint32_t>(text.size()), Assertion::kWordBoundary));  // a|end
    CheckAllPositions(text);
  }

  TEST_CASE("truncated and stray UTF-8 sequences count as other code points") {
    CheckAllPositions("\xE3\x80");               // truncated 。
    CheckAllPositions("。\xE3\x80 a");           // a space after a truncated sequence
    CheckAllPositions("\xEF\xBC\xE3\x80\x82x");  // a lead byte interrupts a sequence
    CheckAllPositions("\x80\x82\xBC\x9F\n\xE3\xE3\x80\x80\x80");
    const std::string text = "。\xE3\x80";
    CHECK_FALSE(Holds(text, static_cast<uint32_t>(text.size()), Assertion::kSentenceStart));
  }

  TEST_CASE("the context automaton agrees with the reference definitions on random bytes") {
    // Bytes that matter to some assertion, plus ordinary ones.
    const unsigned char alphabet[] = {' ',  '\t', '\n', '!',  '?',  ';',  ',',  ':',  '.',
                                      'a',  'Z',  '0',  '_',  0xE3, 0x80, 0x81, 0x82, 0xEF,
                                      0xBC, 0x8C, 0x9A, 0x9B, 0x9F, 0x00, 0xFF, 0xE4};
    std::mt19937 rng(7);
    for (int iter = 0; iter < 3000; ++iter) {
      std::string text;
      const int len = static_cast<int>(rng() % 24);
      for (int i = 0; i < len; ++i) text += static_cast<char>(alphabet[rng() % sizeof(alphabet)]);
      CAPTURE(iter);
      CheckAllPositions(text);
    }
  }

}  // TEST_SUITE

}  // namespace
}  // namespace rptc::rt::internal
