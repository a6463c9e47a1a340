// Printed forms of the template AST (ast.h).
//
// FormatModule() is `rptc fmt`: the canonical text of a module. DumpAst() is a stable
// S-expression of everything that matters to later stages (used by tests, `rptc --dump=ast`).
// The two agree: Parse(FormatModule(m)) dumps exactly like m, and formatting is idempotent;
// tests/compiler/ast/ast_printer_test.cc checks both over every template in the repository.
#pragma once

#include <string>

#include "compiler/ast/ast.h"
#include "compiler/source/source.h"

namespace rptc {

// Canonical style:
//  - 2-space indentation, one declaration or clause per line; `template` header first, then
//    imports, then declarations in their written order; a section lists its `begin` and `end`
//    clauses before its items;
//  - a blank line around every multi-line declaration and between declarations of different
//    kinds; runs of one-line declarations of one kind (imports, patterns, fields, lists,
//    require/check/order) stay together unless the source separated them with a blank line;
//  - lexicon phrases start in one column per lexicon; entries longer than 100 columns continue
//    on lines that start with `|` under that column;
//  - a field with several rules, or one that does not fit in 100 columns, puts each `= rule`
//    on its own line; defaults that were not written (`one`, `first`, severities, priority 0)
//    are not printed;
//  - comments are kept: those before a declaration stay before it, an end-of-line comment
//    stays at the end of its line, and comments inside a declaration (within a pattern, say)
//    move above it. Doc comments are printed as `///` lines.
// `sources` supplies the module's original text, used to keep blank lines between
// declarations; a module whose `file` is not in `sources` is formatted without it.
std::string FormatModule(const ast::Module& module, const SourceManager& sources);

// `(module (field gdp :money one first (rule (seq (ref indicator.gdp) ...))) ...)`: one
// declaration per line, patterns inline. Comments and spans are left out (so a module and its
// formatted text dump the same); `DumpOptions::spans` adds `@begin-end` byte spans.
struct DumpOptions {
  bool spans = false;
};
std::string DumpAst(const ast::Module& module);
std::string DumpAst(const ast::Module& module, const DumpOptions& options);
// One pattern, as it appears inside DumpAst().
std::string DumpPattern(const ast::Pattern& pattern);

}  // namespace rptc
