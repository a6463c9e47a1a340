// ValidUtf8Prefix: UTF-8 validation without the general decoder for the text that dominates the
// documents (ASCII sixteen bytes a step, three-byte CJK a character a step), DecodeUtf8 for the
// rest. It reads LooksBinary's 8 KiB window of each document, so nothing wider pays.
// Tested by tests/runtime/text_fast_path_test.cc (against DecodeUtf8 over random bytes).
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
