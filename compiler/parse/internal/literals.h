// Decoding of literal tokens: strings, character classes and numbers.
//
// The lexer accepts any backslash sequence so that a bad escape can be reported precisely; the
// checks live here and serve both the token pre-pass in parser.cc (which reports every problem
// once, even when the parse fails) and ast_builder.cc (which decodes tokens already checked).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast/ast.h"

namespace rptc::parse::internal {

// A problem inside one token; offsets are bytes from the start of the token's text.
struct LiteralError {
  uint32_t offset = 0;
  uint32_t length = 1;
  std::string code;  // "E0004", "E0009"
  std::string message;
  std::string help;
};

// True when a STRING token's text ends with its closing quote (the lexer also returns
// unterminated strings as STRING tokens, ending at the end of the line).
bool IsTerminatedString(std::string_view text);
// True when a CHAR_CLASS token's text ends with its closing bracket.
bool IsTerminatedCharClass(std::string_view text);

// Unescapes a string token (`"a\n\u{4E2D}"`, with or without its closing quote) into UTF-8.
// Bad escapes are appended to `errors` (when given) and decode to nothing.
std::string DecodeString(std::string_view token_text, std::vector<LiteralError>* errors);

// Parses a character class token (`[^0-9\p{Han}]`). `text` of the result is the token as
// written. Problems are appended to `errors` when given.
ast::CharClass ParseCharClass(std::string_view token_text, std::vector<LiteralError>* errors);

// Decimal digits to int; nullopt when the value does not fit.
std::optional<int> ParseInt(std::string_view digits);
// `12`, `2.5` to double; nullopt when out of range.
std::optional<double> ParseDouble(std::string_view text);

}  // namespace rptc::parse::internal
