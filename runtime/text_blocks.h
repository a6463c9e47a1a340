// Sixteen-byte steps over the UTF-8 that documents are made of: ASCII mixed with three-byte
// characters (CJK ideographs and punctuation). Shared by the UTF-8 validator (text_utf8.cc) and
// the normaliser's fast loop (text.cc), which otherwise handle a character per step and leave
// and re-enter their loops every few bytes (Chinese reports put short ASCII runs, digits, ","
// and "%", between runs of ~15 Han characters). Callers advance by a constant for the common
// blocks (all ASCII; five Chinese characters): a step computed from the masks makes each block
// wait for the one before it, and then the blocks were no faster than the characters.
// Tested by tests/runtime/text_fast_path_test.cc (ValidUtf8Prefix against DecodeUtf8) and
// tests/runtime/text_blocks_test.cc (the normaliser at block edges).
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rptc::rt::text_internal {

// The sixteen bytes at `p` (all readable), classified. `length` is the longest prefix made of
// whole characters that are each
//   - an ASCII byte other than NUL and CR when `plain_ascii_only` (what the normaliser copies), or
//     any ASCII byte otherwise, or
//   - a three-byte sequence with lead E1-EC or EE-EF and two continuation bytes (always
//     well-formed; E0 and ED have narrower second-byte ranges and are left to DecodeUtf8).
// `leads` has bit i set when such a three-byte character starts at p + i, for i < length.
struct Block {
  unsigned length;
  unsigned leads;
};

inline constexpr bool kHaveBlocks =
#if defined(__SSE2__)
    true;
#else
    false;
#endif

#if defined(__SSE2__)
// The bytes of a block by kind, bit i for byte i: ASCII (other than NUL and CR when
// `plain_ascii_only`), continuation bytes, and leads E1-EC / EE-EF.
struct Masks {
  unsigned ascii, cont, lead;
};

inline Masks BlockMasks(const unsigned char* p, bool plain_ascii_only) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  unsigned ascii = ~static_cast<unsigned>(_mm_movemask_epi8(x)) & 0xFFFF;
  if (plain_ascii_only) {
    const __m128i special = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_setzero_si128()),
                                         _mm_cmpeq_epi8(x, _mm_set1_epi8('\r')));
    ascii &= ~static_cast<unsigned>(_mm_movemask_epi8(special));
  }
  // Signed bytes: continuation bytes 80-BF are -128..-65.
  const unsigned cont =
      static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(x, _mm_set1_epi8(-64))));
  const __m128i e_row = _mm_cmpeq_epi8(_mm_and_si128(x, _mm_set1_epi8(static_cast<char>(0xF0))),
                                       _mm_set1_epi8(static_cast<char>(0xE0)));
  const __m128i e0_ed = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(static_cast<char>(0xE0))),
                                     _mm_cmpeq_epi8(x, _mm_set1_epi8(static_cast<char>(0xED))));
  const unsigned lead = static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(e0_ed, e_row)));
  return {ascii, cont, lead};
}

inline Block ClassifyBlock(const unsigned char* p, bool plain_ascii_only) {
  const Masks m = BlockMasks(p, plain_ascii_only);
  if (m.ascii == 0xFFFF) return {16, 0};
  // A lead needs continuation bytes right after it (a lead at 14 or 15 is cut by the block: the
  // shifts bring in zeros, so it counts as bad and the next step starts at it), and every
  // continuation byte needs a lead one or two bytes before it. The first bad byte ends the
  // prefix; a bad continuation whose lead is itself bad lies after that lead, so the first bad
  // byte is exactly where the prefix ends.
  const unsigned expected = (m.lead << 1) | (m.lead << 2);
  const unsigned bad = (~(m.ascii | m.cont | m.lead) & 0xFFFF) | (m.cont & ~expected) |
                       (m.lead & ~((m.cont >> 1) & (m.cont >> 2)));
  const unsigned length = static_cast<unsigned>(__builtin_ctz(bad | 0x10000));
  return {length, m.lead & ((1u << length) - 1)};
}
#endif

// The leads of a block inside a run of three-byte characters: five of them, at 0, 3, ..., 12.
inline constexpr unsigned kFiveThreeByte = 0x1249;

// For a block whose leads are kFiveThreeByte: whether all five code points have their bit set in
// `bits` (a bit per BMP code point), with no branch between the lookups.
inline bool AllFiveInTable(const unsigned char* p, const uint64_t* bits) {
  auto bit = [&](const unsigned char* c) {
    const unsigned word = ((c[0] & 0x0Fu) << 6) | (c[1] & 0x3Fu);
    return (bits[word] >> (c[2] & 0x3Fu)) & 1;
  };
  return (bit(p) & bit(p + 3) & bit(p + 6) & bit(p + 9) & bit(p + 12)) != 0;
}

}  // namespace rptc::rt::text_internal
