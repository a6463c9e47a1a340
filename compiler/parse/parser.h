// Parse(): template text -> ast::Module. The only public entry of compiler/parse; no ANTLR type
// appears in this header. Syntax errors (E00xx) go to the Diagnostics sink with spans; the parser
// recovers and reports every error in a file, up to ParseOptions::max_errors. Exceptions from the
// ANTLR runtime never escape: they become diagnostics.
#pragma once

#include <optional>

#include "compiler/ast/ast.h"
#include "compiler/source/diagnostic.h"

namespace rptc {

struct ParseOptions {
  size_t max_nesting = 200;  // parentheses/sections deeper than this: E0003, no stack overflow
  size_t max_errors = 50;    // syntax errors reported per file before giving up
};

// Parses sources.Get(file). Returns nullopt when any error was reported.
std::optional<ast::Module> Parse(const SourceManager& sources, uint32_t file,
                                 Diagnostics& diagnostics, const ParseOptions& options = {});

}  // namespace rptc
