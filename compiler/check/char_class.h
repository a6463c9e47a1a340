// Character classes: validated with ICU at compile time (the only place the checker needs it).
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/check/reporter.h"

namespace rptc::check::internal {

// Reports E0305 for a reversed range (`z-a`), a code point beyond U+10FFFF, a Unicode property
// ICU does not know (`\p{Hann}`), or a class that matches no character at all. Returns whether
// the class is valid.
bool CheckCharClass(const ast::CharClass& cls, SourceSpan span, Reporter& report);

}  // namespace rptc::check::internal
