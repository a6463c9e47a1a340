// NormalizedText offset mapping: normalised offsets back to original bytes, by binary search over
// the sorted changes (see note [normalised text] in runtime/text.h).
// Tested by tests/runtime/text_test.cc.
#include <algorithm>

#include "runtime/text.h"

namespace rptc::rt {

uint32_t NormalizedText::ToOriginal(uint32_t n) const {
  if (n > size()) return original_size;
  // The last change starting at or before n; of several starting at n (a deletion, then a
  // replacement), the last one, so a start skips deleted bytes.
  auto it = std::upper_bound(changes.begin(), changes.end(), n,
                             [](uint32_t v, const Change& c) { return v < c.norm_begin; });
  if (it == changes.begin()) return n;
  const Change& c = *(it - 1);
  if (n < c.norm_end) return c.orig_begin;
  return c.orig_end + (n - c.norm_end);
}

uint32_t NormalizedText::ToOriginalEnd(uint32_t n) const {
  if (n > size()) return original_size;
  // The last change starting strictly before n: changes starting at n (deletions included) lie
  // after the end of a span that ends at n.
  auto it = std::lower_bound(changes.begin(), changes.end(), n,
                             [](const Change& c, uint32_t v) { return c.norm_begin < v; });
  if (it == changes.begin()) return n;
  const Change& c = *(it - 1);
  if (n <= c.norm_end) return c.orig_end;
  return c.orig_end + (n - c.norm_end);
}

NormalizedText::Span NormalizedText::ToOriginalSpan(uint32_t begin, uint32_t end) const {
  const uint32_t b = ToOriginal(begin);
  const uint32_t e = end <= begin ? b : std::max(b, ToOriginalEnd(end));
  return {b, e};
}

}  // namespace rptc::rt
