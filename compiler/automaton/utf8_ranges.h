// Code-point ranges -> UTF-8 byte-range sequences (see note [utf8 byte automata] in
// runtime/program.h). This is how Unicode classes become byte automata at compile time, so the
// engines never decode UTF-8. Same idea as RE2's AddRuneRangeUTF8.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rptc::automaton {

using CodePointRanges = std::vector<std::pair<char32_t, char32_t>>;

struct ByteRange {
  uint8_t lo, hi;
};
// One UTF-8 encoding shape: a sequence of 1-4 byte ranges, each matched in order.
using ByteSequence = std::vector<ByteRange>;

// The UTF-8 encoding of one code point (c <= U+10FFFF).
std::string EncodeUtf8(char32_t c);

// Sorts, merges and drops surrogates (U+D800-DFFF, never valid in UTF-8).
CodePointRanges Canonicalize(CodePointRanges ranges);
// The complement within U+0000..U+10FFFF (surrogates excluded).
CodePointRanges Complement(const CodePointRanges& ranges);
// Splits the ranges into byte sequences whose union matches exactly their UTF-8 encodings.
std::vector<ByteSequence> Utf8Sequences(const CodePointRanges& ranges);

// Every code point except the few in `excluded` (at most a few hundred), for text that is known
// to be valid UTF-8 (the normaliser replaces invalid bytes): lead and continuation bytes are
// taken as whole ranges wherever no excluded code point lives under them, so overlong forms
// and surrogates, which never occur, are not carved out. A gap's code point is then ~20
// instructions instead of ~75, and a bounded gap unrolls once per code point.
std::vector<ByteSequence> LooseComplementSequences(const CodePointRanges& excluded);

}  // namespace rptc::automaton
