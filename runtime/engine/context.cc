// Looking back from a position: the reference assertion definitions and the context at a position.
// See context.h for the definitions and guarantees.
// Tested by tests/runtime/engine/context_test.cc.
#include "runtime/engine/context.h"

namespace rptc::rt::internal {
namespace {

using context_detail::Class;

bool EndsWith3(const unsigned char* s, uint32_t q, unsigned char a, unsigned char b,
               unsigned char c) {
  return q >= 3 && s[q - 3] == a && s[q - 2] == b && s[q - 1] == c;
}

// The class of the last code point before q once spaces are skipped. Reads back over the spaces
// only, so its cost is the length of that run.
Class ClassBefore(std::string_view text, uint32_t q) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  while (true) {
    if (q == 0) return context_detail::kStart;
    const unsigned char b = s[q - 1];
    if (b == ' ' || b == '\t') {
      --q;
      continue;
    }
    if (EndsWith3(s, q, 0xE3, 0x80, 0x80)) {  // U+3000
      q -= 3;
      continue;
    }
    if (b == '\n') return context_detail::kNewline;
    if (b == '!' || b == '?' || b == ';') return context_detail::kSentence;
    if (b == ',' || b == ':') return context_detail::kClause;
    if (EndsWith3(s, q, 0xE3, 0x80, 0x82) || EndsWith3(s, q, 0xEF, 0xBC, 0x81) ||
        EndsWith3(s, q, 0xEF, 0xBC, 0x9F) || EndsWith3(s, q, 0xEF, 0xBC, 0x9B)) {
      return context_detail::kSentence;  // 。！？；
    }
    if (EndsWith3(s, q, 0xE3, 0x80, 0x81) || EndsWith3(s, q, 0xEF, 0xBC, 0x8C) ||
        EndsWith3(s, q, 0xEF, 0xBC, 0x9A)) {
      return context_detail::kClause;  // 、，：
    }
    return context_detail::kOther;
  }
}

}  // namespace

Context ContextAt(std::string_view text, uint32_t pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  // A lead byte E3/EF, or E3 80 / EF BC, right before pos is a pending sequence: start before it
  // and step over it, so the context carries the class from before the sequence.
  uint32_t pending = 0;
  if (pos >= 1 && (s[pos - 1] == 0xE3 || s[pos - 1] == 0xEF)) {
    pending = 1;
  } else if (pos >= 2 && ((s[pos - 2] == 0xE3 && s[pos - 1] == 0x80) ||
                          (s[pos - 2] == 0xEF && s[pos - 1] == 0xBC))) {
    pending = 2;
  }
  const uint32_t base = pos - pending;
  const bool line_start = base == 0 || s[base - 1] == '\n';
  const bool prev_word = base > 0 && IsWordByte(s[base - 1]);
  Context c =
      context_detail::Pack({ClassBefore(text, base), context_detail::kNone, line_start, prev_word});
  for (uint32_t i = base; i < pos; ++i) c = StepContext(c, s[i]);
  return c;
}

bool AssertionHoldsAt(std::string_view text, uint32_t pos, Assertion a) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  switch (a) {
    case Assertion::kLineStart:
      return pos == 0 || s[pos - 1] == '\n';
    case Assertion::kParaStart: {
      const Class c = ClassBefore(text, pos);
      return c == context_detail::kStart || c == context_detail::kNewline;
    }
    case Assertion::kSentenceStart:
      return ClassBefore(text, pos) <= context_detail::kSentence;
    case Assertion::kClauseStart:
      return ClassBefore(text, pos) <= context_detail::kClause;
    case Assertion::kWordBoundary: {
      const bool before = pos > 0 && IsWordByte(s[pos - 1]);
      const bool after = pos < text.size() && IsWordByte(s[pos]);
      return before != after;
    }
  }
  return false;
}

}  // namespace rptc::rt::internal
