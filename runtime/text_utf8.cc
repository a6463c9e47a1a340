// ValidUtf8Prefix: UTF-8 validation at memory speed for the text that dominates the documents
// (ASCII, and three-byte CJK), DecodeUtf8 for the rest.
// Tested by tests/runtime/text_fast_path_test.cc (against DecodeUtf8 over random bytes).
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cstring>

#include "runtime/text.h"

namespace rptc::rt {

size_t ValidUtf8Prefix(std::string_view s) {
  constexpr uint64_t kHighBits = 0x8080808080808080ull;
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t p = 0;
  while (p < n) {
    // ASCII: sixteen bytes per step.
    while (p + 16 <= n) {
      uint64_t a, b;
      std::memcpy(&a, u + p, 8);
      std::memcpy(&b, u + p + 8, 8);
      if (((a | b) & kHighBits) != 0) break;
      p += 16;
    }
    // Three-byte characters with leads E1-EC and EE-EF take any two continuation bytes; E0 and
    // ED (overlong and surrogate limits) go the general way.
#if defined(__SSE2__)
    // Five of them in one sixteen-byte check (signed bytes: continuation bytes are -128..-65,
    // leads E1-EF -31..-17, ED -19).
    while (p + 16 <= n) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u + p));
      const unsigned continuation =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(x, _mm_set1_epi8(-64))));
      const __m128i lead_range = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(-32)),
                                               _mm_cmplt_epi8(x, _mm_set1_epi8(-16)));
      const unsigned leads = static_cast<unsigned>(_mm_movemask_epi8(
          _mm_andnot_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(-19)), lead_range)));
      if ((continuation & 0x7FFF) != 0x6DB6 || (leads & 0x1249) != 0x1249) break;
      p += 15;
    }
#endif
    while (p + 3 <= n) {
      const unsigned b0 = u[p], b1 = u[p + 1], b2 = u[p + 2];
      if (b0 < 0xE1 || b0 > 0xEF || b0 == 0xED || ((b1 & 0xC0) | ((b2 & 0xC0) >> 2)) != 0xA0) {
        break;
      }
      p += 3;
    }
    if (p >= n) break;
    if (u[p] < 0x80) {
      ++p;
      continue;
    }
    const Utf8Char ch = DecodeUtf8(s, p);
    if (!ch.valid) return p;
    p += ch.length;
  }
  return n;
}

}  // namespace rptc::rt
