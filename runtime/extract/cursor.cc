#include "runtime/extract/cursor.h"

namespace rptc::rt::value_internal {

bool Cursor::SkipSpaces() {
  const size_t start = pos_;
  while (!AtEnd()) {
    size_t len = 0;
    if (!IsSpace(Peek(&len))) break;
    pos_ += len;
  }
  return pos_ != start;
}

bool Cursor::Match(std::string_view lit) {
  if (lit.empty()) return true;
  // Callers try long phrase tables in order (MatchQualifierPrefix has ~150 entries) and nearly
  // every phrase fails on its first byte: reject those before any decoding. Exact: the first
  // literal character is never preceded by skipped blanks unless it is itself a space.
  if (const char first = lit.front(); first != ' ') {
    if (pos_ >= text_.size() || AsciiLower(text_[pos_]) != AsciiLower(first)) return false;
  }
  // Word boundary before a literal that starts with a letter.
  if (IsAsciiAlpha(lit.front()) && pos_ > 0 && pos_ <= text_.size() &&
      IsAsciiAlpha(text_[pos_ - 1])) {
    return false;
  }
  size_t p = pos_;
  size_t i = 0;
  bool prev_non_ascii = false;  // the previous literal code point was non-ASCII
  while (i < lit.size()) {
    const char lc = lit[i];
    if (lc == ' ') {
      // One or more blanks in the text.
      Cursor c(text_, p);
      if (!c.SkipSpaces()) return false;
      p = c.pos();
      ++i;
      prev_non_ascii = false;
      continue;
    }
    const bool non_ascii = static_cast<unsigned char>(lc) >= 0x80;
    if (non_ascii && prev_non_ascii) {
      Cursor c(text_, p);  // spaced-out Han text: "百 分 之"
      c.SkipSpaces();
      p = c.pos();
    }
    if (non_ascii) {
      size_t n = 0;
      DecodeUtf8(lit, i, &n);
      if (p + n > text_.size() || text_.compare(p, n, lit.substr(i, n)) != 0) return false;
      p += n;
      i += n;
      prev_non_ascii = true;
      continue;
    }
    if (p >= text_.size() || AsciiLower(text_[p]) != AsciiLower(lc)) return false;
    ++p;
    ++i;
    prev_non_ascii = false;
  }
  // Word boundary after a literal that ends with a letter.
  if (IsAsciiAlpha(lit.back()) && p < text_.size() && IsAsciiAlpha(text_[p])) return false;
  pos_ = p;
  return true;
}

}  // namespace rptc::rt::value_internal
