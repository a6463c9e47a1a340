// The pass over the token stream between lexing and parsing.
//
// It reports every lexical problem once, whatever the parser later makes of the tokens:
// characters that start no token (E0006), unterminated strings, block comments and classes
// (E0002, E0007, E0008), bad escapes and classes (E0004, E0009). It also measures bracket
// nesting, so that input nested deeper than ParseOptions::max_nesting is refused (E0003)
// before the recursive-descent parser could overflow the stack on it. Last, it retypes each
// `(` that touches the name or `)` before it as ATTACHED_LPAREN (see TemplateLexer.g4).
#pragma once

#include <antlr4-runtime.h>

#include <vector>

#include "compiler/parse/internal/reporter.h"

namespace rptc::parse::internal {

// Returns false when the nesting limit was exceeded: the caller must not parse.
[[nodiscard]] bool ScanTokens(const std::vector<antlr4::Token*>& tokens, size_t max_nesting,
                              Reporter& reporter);

}  // namespace rptc::parse::internal
