// LineIndex: byte offset -> line:column for warnings and provenance.
// Tested by tests/runtime/text_test.cc.
#include <algorithm>
#include <cstring>

#include "runtime/text.h"

namespace rptc::rt {
namespace {

// A checkpoint every this many bytes of a long line bounds the work of one lookup.
constexpr uint32_t kCheckpointBytes = 4096;

// Characters (DecodeUtf8 units) that end at or before `to`, counted from `from`, a character
// start. Returns the count; `*stop` is where the counting stopped (<= to).
uint32_t CountChars(std::string_view text, size_t from, size_t to, size_t* stop, bool valid) {
  if (valid) {
    // Well-formed UTF-8: a character per byte that is not a continuation byte (10xxxxxx), in a
    // loop the compiler vectorises. A character that `to` cuts does not end by `to`.
    auto continuation = [&](size_t p) {
      return p < text.size() && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80;
    };
    size_t end = to;
    while (end > from && continuation(end)) --end;
    uint32_t n = 0;
    for (size_t p = from; p < end; ++p) n += (static_cast<unsigned char>(text[p]) & 0xC0) != 0x80;
    if (stop != nullptr) *stop = end;
    return n;
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
  // The next LF and the next CR, each searched again only once the scan has passed it.
  auto find = [&](size_t from, char c) {
    const void* hit = std::memchr(text.data() + from, c, size - from);
    return hit == nullptr ? size : static_cast<size_t>(static_cast<const char*>(hit) - text.data());
  };
  size_t next_lf = find(0, '\n'), next_cr = find(0, '\r');
  for (;;) {
    const size_t brk = std::min(next_lf, next_cr);
    if (brk >= size) break;
    size_t next = brk + 1;
    if (text[brk] == '\r' && next < size && text[next] == '\n') ++next;
    add_checkpoints(brk);
    line_start = next;
    line_starts_.push_back(static_cast<uint32_t>(next));
    if (next_lf < next) next_lf = find(next, '\n');
    if (next_cr < next) next_cr = find(next, '\r');
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
