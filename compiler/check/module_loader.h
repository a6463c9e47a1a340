// Module loading: the root module and everything it imports, transitively.
//
// `import std.NAME` reads the embedded standard library (compiler/std); `import "x/y.rpt"` reads
// a file relative to the importing file's folder, then each CheckOptions::include_dirs entry.
// Every module implicitly imports std.values and std.qualifiers. A module imported twice is
// loaded once. Errors: E0103 (import not found), E0104 (import cycle), E0102 (two imports with
// one name). Imported files are added to the SourceManager and parsed with Parse().
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/check/context.h"

namespace rptc::check::internal {

// The std modules every module sees without an import, in lookup order.
inline constexpr std::string_view kImplicitStdModules[] = {"std.values", "std.qualifiers"};

// Fills ctx.out.modules (root first, then imports in load order) and ctx.modules.
void LoadModules(CheckContext& ctx, ast::Module root);

}  // namespace rptc::check::internal
