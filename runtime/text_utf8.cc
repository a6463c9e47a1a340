// ValidUtf8Prefix: UTF-8 validation without the general decoder for the text that dominates the
// documents (ASCII and three-byte CJK mixed, sixteen bytes a step: text_blocks.h), DecodeUtf8
// for the rest. It reads LooksBinary's 8 KiB window of each document.
// Tested by tests/runtime/text_fast_path_test.cc (against DecodeUtf8 over random bytes).
#include <cstring>

#include "runtime/text.h"
#include "runtime/text_blocks.h"

namespace rptc::rt {

size_t ValidUtf8Prefix(std::string_view s) {
  constexpr uint64_t kHighBits = 0x8080808080808080ull;
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t p = 0;
  while (p < n) {
    if constexpr (text_internal::kHaveBlocks) {
      while (p + 16 <= n) {
        const text_internal::Block block = text_internal::ClassifyBlock(u + p, false);
        // Constant steps for the common blocks, so that the next load need not wait for this
        // block's masks (see SkipCopiedBlocks in text.cc).
        if (block.length == 16) {
          p += 16;
        } else if (block.length == 15) {
          p += 15;
        } else if (block.length == 0) {
          break;
        } else {
          p += block.length;
        }
      }
    }
    // The last bytes (and without SSE2 all of them): ASCII sixteen bytes per step.
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
