#include "compiler/parse/internal/code_points.h"

namespace rptc::parse::internal {

namespace {

// Length of the well-formed sequence starting at text[i], or 0 (Unicode Table 3-7).
size_t SequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) -> unsigned { return static_cast<unsigned char>(text[k]); };
  unsigned b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t len = 0;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return len;
}

}  // namespace

std::optional<Utf8Error> FindUtf8Error(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\0') return Utf8Error{static_cast<uint32_t>(i), 1, true};
    size_t len = SequenceLength(text, i);
    if (len == 0) {
      // Cover the lead byte and any continuation bytes after it, so the caret marks the whole
      // broken character.
      size_t end = i + 1;
      while (end < text.size() && end < i + 4 &&
             (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
        ++end;
      }
      return Utf8Error{static_cast<uint32_t>(i), static_cast<uint32_t>(end - i), false};
    }
    i += len;
  }
  return std::nullopt;
}

std::optional<uint32_t> FindBinaryContent(std::string_view text) {
  size_t controls = 0;
  std::optional<uint32_t> first;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F) {
      if (!first) first = static_cast<uint32_t>(i);
      ++controls;
    }
  }
  if (controls >= 8 && controls * 100 > text.size()) return first;
  return std::nullopt;
}

CodePointText::CodePointText(std::string_view text) {
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  lexer_input_.reserve(text.size() - i);
  byte_offsets_.reserve(text.size() - i + 1);
  while (i < text.size()) {
    unsigned char b0 = static_cast<unsigned char>(text[i]);
    size_t len = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
    if (i + len > text.size()) len = text.size() - i;  // unreachable for validated text
    char32_t c = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    for (size_t k = 1; k < len; ++k)
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    lexer_input_.push_back(c < 0x80 ? c : U'\x01');
    byte_offsets_.push_back(static_cast<uint32_t>(i));
    i += len;
  }
  byte_offsets_.push_back(static_cast<uint32_t>(text.size()));
}

CodePointStream::CodePointStream(CodePointText& text, std::string_view utf8)
    : text_(text), utf8_(utf8) {
  _data = text.TakeLexerInput();
  p = 0;
}

std::string CodePointStream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < interval.a) return {};
  size_t begin = text_.ByteOffset(static_cast<size_t>(interval.a));
  size_t end = text_.ByteOffset(static_cast<size_t>(interval.b) + 1);
  return std::string(utf8_.substr(begin, end - begin));
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace rptc::parse::internal
