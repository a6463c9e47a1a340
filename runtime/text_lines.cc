// LineIndex: byte offset -> line:column for warnings and provenance.
// Tested by tests/runtime/text_test.cc and tests/runtime/text_fast_path_test.cc.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstring>

#include "runtime/text.h"

namespace rptc::rt {
namespace {

// A checkpoint every this many bytes of a long line bounds the work of one lookup.
constexpr uint32_t kCheckpointBytes = 4096;

// Bytes of u[0, n) that are not UTF-8 continuation bytes (10xxxxxx).
uint32_t CountLeadBytes(const unsigned char* u, size_t n) {
  size_t continuation = 0, i = 0;
#if defined(__SSE2__)
  // Sixteen bytes per step, counted in byte lanes (summed before they can overflow).
  const __m128i zero = _mm_setzero_si128();
  while (i + 16 <= n) {
    __m128i lanes = zero;
    for (int step = 0; step < 255 && i + 16 <= n; ++step, i += 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u + i));
      // Signed bytes: continuation bytes are -128..-65; a match is -1, so subtracting counts.
      lanes = _mm_sub_epi8(lanes, _mm_cmplt_epi8(x, _mm_set1_epi8(-64)));
    }
    const __m128i sums = _mm_sad_epu8(lanes, zero);
    continuation += static_cast<size_t>(_mm_cvtsi128_si32(sums)) +
                    static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#endif
  for (; i < n; ++i) continuation += (u[i] & 0xC0) == 0x80;
  return static_cast<uint32_t>(n - continuation);
}

// Characters (DecodeUtf8 units) that end at or before `to`, counted from `from`, a character
// start. Returns the count; `*stop` is where the counting stopped (<= to).
uint32_t CountChars(std::string_view text, size_t from, size_t to, size_t* stop, bool valid) {
  if (valid) {
    // Well-formed UTF-8: a character per byte that is not a continuation byte (10xxxxxx),
    // sixteen bytes per step (CountLeadBytes). A character that `to` cuts does not end by `to`.
    auto continuation = [&](size_t p) {
      return p < text.size() && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80;
    };
    size_t end = to;
    while (end > from && continuation(end)) --end;
    if (stop != nullptr) *stop = end;
    return CountLeadBytes(reinterpret_cast<const unsigned char*>(text.data()) + from, end - from);
  }
  uint32_t n = 0;
  size_t p = from;
  while (p < to) {
    if (static_cast<unsigned char>(text[p]) < 0x80) {
      ++p, ++n;
      continue;
    }
    const Utf8Char ch = DecodeUtf8(text, p);
    if (p + ch.length > to) break;  // `to` is inside this character
    p += ch.length;
    ++n;
  }
  if (stop != nullptr) *stop = p;
  return n;
}

// The first LF or CR in [from, size), or size: one pass for both (a memchr for each read the
// text twice, the CR search to its end in the usual file without CRs).
size_t FindLineBreak(const char* s, size_t from, size_t size) {
  size_t p = from;
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; p + 16 <= size; p += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + p));
    const int hits = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr)));
    if (hits != 0) return p + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(hits)));
  }
#endif
  for (; p < size; ++p) {
    if (s[p] == '\n' || s[p] == '\r') return p;
  }
  return size;
}

}  // namespace

LineIndex::LineIndex(std::string_view text, bool valid_utf8) : text_(text), valid_(valid_utf8) {
  line_starts_.push_back(0);
  const size_t size = std::min<size_t>(text.size(), kMaxDocumentBytes);
  size_t line_start = 0;
  auto add_checkpoints = [&](size_t line_end) {
    if (line_end - line_start <= kCheckpointBytes) return;
    size_t p = line_start;
    uint32_t column0 = 0;
    for (;;) {
      size_t stop;
      column0 += CountChars(text, p, std::min(p + kCheckpointBytes, line_end), &stop, valid_);
      if (stop >= line_end || stop == p) break;
      p = stop;
      checkpoints_.push_back({static_cast<uint32_t>(p), column0});
    }
  };
  for (size_t brk = FindLineBreak(text.data(), 0, size); brk < size;
       brk = FindLineBreak(text.data(), line_start, size)) {
    size_t next = brk + 1;
    if (text[brk] == '\r' && next < size && text[next] == '\n') ++next;
    add_checkpoints(brk);
    line_start = next;
    line_starts_.push_back(static_cast<uint32_t>(next));
  }
  add_checkpoints(size);
}

uint32_t LineIndex::LineStart(uint32_t line) const {
  if (line == 0) return 0;
  if (line > line_starts_.size()) return static_cast<uint32_t>(text_.size());
  return line_starts_[line - 1];
}

LineIndex::LineColumn LineIndex::Locate(uint32_t offset) const {
  const size_t size = std::min<size_t>(text_.size(), kMaxDocumentBytes);
  if (offset > size) offset = static_cast<uint32_t>(size);
  const auto line_it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - 1;
  const uint32_t line_start = *line_it;
  size_t from = line_start;
  uint32_t column0 = 0;
  const auto cp_it =
      std::upper_bound(checkpoints_.begin(), checkpoints_.end(), offset,
                       [](uint32_t v, const Checkpoint& c) { return v < c.offset; });
  if (cp_it != checkpoints_.begin() && (cp_it - 1)->offset > line_start) {
    from = (cp_it - 1)->offset;
    column0 = (cp_it - 1)->column0;
  }
  column0 += CountChars(text_, from, offset, nullptr, valid_);
  return {static_cast<int>(line_it - line_starts_.begin()) + 1, static_cast<int>(column0) + 1};
}

}  // namespace rptc::rt
