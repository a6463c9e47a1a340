// Assertion context: what the zero-width assertions (Assertion in runtime/program.h) need to know
// about the text before a position, kept as the state of a 40-state byte automaton.
//
// The definitions, at byte position p of a text t (any bytes, valid UTF-8 or not):
//   line_start      p == 0, or t[p-1] == '\n'
//   para_start      skipping spaces back from p reaches the text start or a '\n'
//   sentence_start  skipping spaces back from p reaches the text start, a '\n', or one of
//                   。！？!?;；
//   clause_start    as sentence_start, or one of ，,、：:
//   word_boundary   IsWordByte(t[p-1]) != IsWordByte(t[p]), where a byte outside the text counts as
//                   a non-word byte and word bytes are ASCII [0-9A-Za-z]
// Spaces are ' ', '\t' and U+3000 (E3 80 80). The code point before the spaces is recognised by its
// complete UTF-8 bytes ending there (E3 80 82 is 。). Anything else, including a stray continuation
// byte or a truncated sequence, counts as "other". AssertionHoldsAt is the reference
// implementation, written straight from these definitions.
//
// Guarantees: if StepContext runs from kTextStartContext over t[0, p), the resulting context c
// satisfies AssertionMask(c, p < t.size() ? t[p] : kEndOfText) == the reference mask at p, for
// every p and every byte string. ContextAt(t, p) returns the same c. It reads back only to the
// previous non-space, so an engine computes the context once per search and then steps it one byte
// at a time. Tested by tests/runtime/engine/context_test.cc.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "runtime/program.h"

namespace rptc::rt::internal {

using Context = uint8_t;
inline constexpr int kNumContexts = 40;
inline constexpr Context kNoContext = 0xFF;  // a DFA state whose future has no assertion
inline constexpr int kEndOfText = -1;        // the lookahead past the last byte

constexpr uint32_t AssertionBit(Assertion a) { return 1u << static_cast<uint32_t>(a); }
inline constexpr uint32_t kNumAssertions = 5;

constexpr bool IsWordByte(int b) {
  return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
}

namespace context_detail {

// The last code point before the trailing spaces, as far as the assertions care.
enum Class : uint8_t { kStart, kNewline, kSentence, kClause, kOther };
// A multi-byte sequence that may still become punctuation or U+3000.
enum Partial : uint8_t { kNone, kE3, kE380, kEF, kEFBC };

struct Unpacked {
  Class cls;
  Partial partial;
  bool line_start;  // only with kNone; a pending sequence means the previous byte is E3/EF/80/BC
  bool prev_word;   // only with kNone, for the same reason
};

// Encoding: without a pending sequence, cls * 4 + line_start * 2 + prev_word (0..19); with one,
// 20 + (partial - 1) * 5 + cls (20..39), where cls is the class before the pending sequence.
constexpr Context Pack(Unpacked u) {
  if (u.partial == kNone) {
    return static_cast<Context>(u.cls * 4 + (u.line_start ? 2 : 0) + (u.prev_word ? 1 : 0));
  }
  return static_cast<Context>(20 + (u.partial - 1) * 5 + u.cls);
}

constexpr Unpacked Unpack(Context c) {
  if (c < 20) {
    return {static_cast<Class>(c / 4), kNone, (c & 2) != 0, (c & 1) != 0};
  }
  return {static_cast<Class>((c - 20) % 5), static_cast<Partial>((c - 20) / 5 + 1), false, false};
}

constexpr Unpacked StepFresh(Class cls, uint8_t b) {
  Unpacked u{cls, kNone, b == '\n', IsWordByte(b)};
  switch (b) {
    case '\n':
      u.cls = kNewline;
      break;
    case ' ':
    case '\t':
      break;  // spaces keep the class before them
    case '!':
    case '?':
    case ';':
      u.cls = kSentence;
      break;
    case ',':
    case ':':
      u.cls = kClause;
      break;
    case 0xE3:
      u.partial = kE3;
      break;
    case 0xEF:
      u.partial = kEF;
      break;
    default:
      u.cls = kOther;
      break;
  }
  return u;
}

constexpr Unpacked Complete(Class cls) { return {cls, kNone, false, false}; }

constexpr Unpacked Step(Unpacked u, uint8_t b) {
  switch (u.partial) {
    case kNone:
      return StepFresh(u.cls, b);
    case kE3:
      if (b == 0x80) return {u.cls, kE380, false, false};
      break;
    case kEF:
      if (b == 0xBC) return {u.cls, kEFBC, false, false};
      break;
    case kE380:
      if (b == 0x80) return Complete(u.cls);      // U+3000 is a space: the class before it stays
      if (b == 0x82) return Complete(kSentence);  // 。
      if (b == 0x81) return Complete(kClause);    // 、
      break;
    case kEFBC:
      if (b == 0x81 || b == 0x9F || b == 0x9B) return Complete(kSentence);  // ！？；
      if (b == 0x8C || b == 0x9A) return Complete(kClause);                 // ，：
      break;
  }
  // The pending sequence is not one we know: it is "other", and b starts afresh.
  return StepFresh(kOther, b);
}

constexpr uint32_t BaseMask(Unpacked u) {
  const Class cls = u.partial == kNone ? u.cls : kOther;
  uint32_t m = 0;
  if (u.partial == kNone && u.line_start) m |= AssertionBit(Assertion::kLineStart);
  if (cls == kStart || cls == kNewline) m |= AssertionBit(Assertion::kParaStart);
  if (cls <= kSentence) m |= AssertionBit(Assertion::kSentenceStart);
  if (cls <= kClause) m |= AssertionBit(Assertion::kClauseStart);
  return m;
}

struct Tables {
  std::array<std::array<Context, 256>, kNumContexts> next{};
  std::array<uint8_t, kNumContexts> base_mask{};
  std::array<bool, kNumContexts> prev_word{};
};

constexpr Tables BuildTables() {
  Tables t;
  for (int c = 0; c < kNumContexts; ++c) {
    const Unpacked u = Unpack(static_cast<Context>(c));
    for (int b = 0; b < 256; ++b) t.next[c][b] = Pack(Step(u, static_cast<uint8_t>(b)));
    t.base_mask[c] = static_cast<uint8_t>(BaseMask(u));
    t.prev_word[c] = u.partial == kNone && u.prev_word;
  }
  return t;
}

inline constexpr Tables kTables = BuildTables();

}  // namespace context_detail

// The context at position 0: line start, nothing before.
inline constexpr Context kTextStartContext =
    context_detail::Pack({context_detail::kStart, context_detail::kNone, true, false});

inline Context StepContext(Context c, uint8_t byte) {
  return context_detail::kTables.next[c][byte];
}

// Bit AssertionBit(a) is set iff assertion a holds at a position with context c whose next byte is
// `lookahead` (kEndOfText at the end of the text).
inline uint32_t AssertionMask(Context c, int lookahead) {
  const auto& t = context_detail::kTables;
  return t.base_mask[c] |
         (t.prev_word[c] != IsWordByte(lookahead) ? AssertionBit(Assertion::kWordBoundary) : 0);
}

// The context at byte position pos <= text.size(), computed by looking back from pos.
Context ContextAt(std::string_view text, uint32_t pos);

// The reference definition of each assertion at pos <= text.size(), by looking back (and, for
// word_boundary, one byte ahead). Slow, simple, and independent of the context automaton.
bool AssertionHoldsAt(std::string_view text, uint32_t pos, Assertion a);

}  // namespace rptc::rt::internal
