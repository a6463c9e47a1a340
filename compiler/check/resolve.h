// Resolving a written pattern: a copy whose names are bound, ready for lowering.
//
// In the copy, every kRef has ref_kind/resolved/resolved_key set (loop variables substituted,
// also in `ref`), and every kCapture is canonical (compiler/check/capture.h): its type is a
// value type or a qualified lexicon; one without a sub-pattern matches its type's recognizer
// (RecognizerName), which is checked to exist. Reports name errors (E0101, E0105, E0106, E0201),
// E0204 (a capture with nothing to match) and E0207 (`@qualifier` or `@sign` not of a single
// lexicon type). Structure errors are CheckWrittenPatterns()'s job, so a `for` body is not
// re-checked per key.
#pragma once

#include <string>
#include <string_view>

#include "compiler/ast/ast.h"
#include "compiler/check/context.h"

namespace rptc::check::internal {

// Nesting beyond this is not walked (the parser already stops at 200; see ParseOptions).
inline constexpr int kMaxPatternDepth = 1000;

// The pattern a typed capture without a sub-pattern matches: "std.values.money". List captures
// match `item (sep item){0,7}` with kListSeparator between items (compiler/automaton).
std::string RecognizerName(rt::ValueType type);
inline constexpr std::string_view kListSeparator = "std.values.sep";

ast::Pattern ResolvePattern(CheckContext& ctx, uint32_t module, const ast::Pattern& written,
                            const LoopEnv& env);

// Resolves every named pattern of every module into ctx.out.patterns.
void ResolveNamedPatterns(CheckContext& ctx);

}  // namespace rptc::check::internal
