// A read position in one capture's text, with the few scanning primitives the value parsers share.
//
// Captures are short (a figure and its unit), so the parsers are hand-written recursive descent
// over UTF-8 bytes: no allocation, no regex, no ICU. A Cursor is a string_view and an offset;
// copying it is how a parser remembers a position to backtrack to.
#pragma once

#include <cstddef>
#include <string_view>

namespace rptc::rt::value_internal {

// Decodes the code point at `pos` (which must be < s.size()). Sets *len to its byte length.
// Malformed bytes decode as themselves with length 1, so scanning always makes progress.
inline char32_t DecodeUtf8(std::string_view s, size_t pos, size_t* len) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  auto cont = [&](size_t i) -> int {
    if (pos + i >= s.size()) return -1;
    const auto b = static_cast<unsigned char>(s[pos + i]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 < 0x80) { *len = 1; return b0; }
  if ((b0 & 0xE0) == 0xC0) {
    const int c1 = cont(1);
    if (c1 >= 0) { *len = 2; return (char32_t{b0 & 0x1Fu} << 6) | c1; }
  } else if ((b0 & 0xF0) == 0xE0) {
    const int c1 = cont(1), c2 = cont(2);
    if (c1 >= 0 && c2 >= 0) { *len = 3; return (char32_t{b0 & 0x0Fu} << 12) | (c1 << 6) | c2; }
  } else if ((b0 & 0xF8) == 0xF0) {
    const int c1 = cont(1), c2 = cont(2), c3 = cont(3);
    if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
      *len = 4;
      return (char32_t{b0 & 0x07u} << 18) | (c1 << 12) | (c2 << 6) | c3;
    }
  }
  *len = 1;
  return b0;
}

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Spaces inside a capture: ASCII blanks plus the no-break and ideographic spaces that survive
// when a caller skips NFKC.
inline bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0 || cp == 0x202F ||
         cp == 0x3000;
}

class Cursor {
 public:
  explicit Cursor(std::string_view text, size_t pos = 0) : text_(text), pos_(pos) {}

  size_t pos() const { return pos_; }
  void set_pos(size_t pos) { pos_ = pos; }
  bool AtEnd() const { return pos_ >= text_.size(); }
  std::string_view text() const { return text_; }
  std::string_view rest() const { return text_.substr(pos_); }
  char PeekByte() const { return AtEnd() ? '\0' : text_[pos_]; }

  // The code point at the cursor (0 at the end); *len gets its byte length.
  char32_t Peek(size_t* len = nullptr) const {
    size_t n = 0;
    const char32_t cp = AtEnd() ? 0 : DecodeUtf8(text_, pos_, &n);
    if (len != nullptr) *len = n;
    return cp;
  }
  void Advance(size_t bytes) { pos_ += bytes; }

  // Skips blanks; returns whether any were skipped.
  bool SkipSpaces();

  // Matches `lit` at the cursor and advances past it. ASCII letters compare case-insensitively;
  // a space in `lit` matches one or more blanks; blanks between two non-ASCII code points are
  // skipped ("个 百 分 点" from spaced-out PDF text). A literal that starts or ends with an ASCII
  // letter must sit on an ASCII word boundary ("over" does not match in "moreover").
  bool Match(std::string_view lit);
  bool LookingAt(std::string_view lit) const {
    Cursor c = *this;
    return c.Match(lit);
  }

  // Matches `lit` after optional blanks; on failure the cursor does not move.
  bool MatchAfterSpaces(std::string_view lit) {
    const size_t save = pos_;
    SkipSpaces();
    if (Match(lit)) return true;
    pos_ = save;
    return false;
  }

  // Tries each phrase of `table` in order (put longer phrases first) and returns the index of the
  // one that matched, or -1.
  template <class Table, class Proj>
  int MatchAny(const Table& table, Proj phrase_of) {
    int i = 0;
    for (const auto& entry : table) {
      if (Match(phrase_of(entry))) return i;
      ++i;
    }
    return -1;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace rptc::rt::value_internal
