// What a checked capture means: its resolved type.
//
// In a CheckedTemplate every kCapture node is canonical (compiler/check/resolve.h):
//   - capture_type.name is one part naming a value type by its canonical spelling ("money",
//     "rank", "text"), or the parts of a qualified lexicon name ({"gwr", "indicator"}), so
//     ToString() is the key of CheckedTemplate::lexicon_index; capture_type.is_list is kept;
//   - a typed capture without a sub-pattern (`@value:money`, `@key:indicator`) matches its
//     type's recognizer: the pattern "std.values.<type>" or the lexicon; list captures add
//     "std.values.sep" between items. The checker has verified that these patterns exist.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/check/checked.h"

namespace rptc::check {

// The type of a checked kCapture node.
Type CaptureType(const ast::Pattern& capture);

}  // namespace rptc::check
