// The template text as ANTLR reads it: UTF-32 code points, with a table back to byte offsets.
//
// ANTLR's char streams index code points, while every SourceSpan holds byte offsets into the
// Source. The text is validated and decoded here once (a leading UTF-8 BOM is skipped), and
// ByteOffset() converts a code point index in O(1), so spans cost nothing to build later.
// cel-cpp solves the same problem with its CodePointStream over cel::Source.
#pragma once

#include <antlr4-runtime.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rptc::parse::internal {

// Where the UTF-8 text first goes wrong.
struct Utf8Error {
  uint32_t offset = 0;  // byte offset of the first bad byte
  uint32_t length = 1;  // bytes of the bad sequence (at least 1)
  bool nul = false;     // a NUL byte: valid UTF-8, but the file is binary
};

// Checks well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF) and the
// absence of NUL bytes. Returns the first problem, or nullopt.
std::optional<Utf8Error> FindUtf8Error(std::string_view text);

// A file of UTF-8 that is still not text: more than 1% control characters (other than tab, line
// and form feeds, carriage return), and at least 8 of them. Returns the offset of the first.
std::optional<uint32_t> FindBinaryContent(std::string_view text);

class CodePointText {
 public:
  // `text` must be valid UTF-8 (FindUtf8Error found nothing). Skips a leading BOM.
  explicit CodePointText(std::string_view text);

  // The code points as the lexer sees them (note [ascii lexer]); moved out once.
  std::u32string TakeLexerInput() { return std::move(lexer_input_); }
  // Byte offset in the original text of code point `index`; index == size() gives the end.
  uint32_t ByteOffset(size_t index) const {
    return index < byte_offsets_.size() ? byte_offsets_[index] : byte_offsets_.back();
  }

 private:
  std::u32string lexer_input_;
  std::vector<uint32_t> byte_offsets_;  // one per code point, plus the end offset
};

// The char stream the lexer reads. note [ascii lexer]: the ANTLR lexer caches DFA edges only
// for code points below 128; every other code point sends it through full ATN simulation,
// which made lexing Chinese strings about ten times slower than ASCII. No lexer rule tells
// non-ASCII code points apart (they may only appear inside strings, classes and comments, and
// are an ERROR_CHAR anywhere else), and none mentions U+0001 either, so the lexer is fed U+0001
// in place of every code point >= 128: token boundaries and types are unchanged, and all of it
// stays on the DFA. Token text is taken from the original UTF-8 through getText().
class CodePointStream : public antlr4::ANTLRInputStream {
 public:
  CodePointStream(CodePointText& text, std::string_view utf8);

  std::string getText(const antlr4::misc::Interval& interval) override;

 private:
  const CodePointText& text_;
  std::string_view utf8_;
};

// Encodes one code point as UTF-8 (the caller guarantees it is a scalar value).
void AppendUtf8(std::string& out, char32_t c);

}  // namespace rptc::parse::internal
