// Name lookup: a written name (`growth`, `indicator.gdp`, `indicator.{key}`, `std.values.money`,
// `q.qualifier`) -> a lexicon, a lexicon key or a pattern.
//
// Order: the module's own declarations; then an import alias or full std module name followed
// by a name of that module (`values.money`, `std.values.money`); then names of the implicitly
// imported std modules (std.values, std.qualifiers), unless shadowed. One trailing part after
// a lexicon is a key; `{var}` there is the current key of the enclosing `for var in ...` loop.
// Errors: E0101 unknown name (with "did you mean"), E0105 wrong kind of name, E0106 unknown
// lexicon key, and E0201 instead of E0101 when a type was expected.
#pragma once

#include <optional>
#include <string>

#include "compiler/ast/ast.h"
#include "compiler/check/context.h"

namespace rptc::check::internal {

enum class NameUse {
  kPattern,  // inside a pattern: a pattern, a lexicon or one lexicon key
  kLexicon,  // `for var in LEXICON`
  kType,     // a capture or field type that is not a value type: a lexicon
};

struct NameTarget {
  Symbol::Kind kind = Symbol::Kind::kPattern;
  uint32_t index = 0;  // into ctx.out.lexicons or ctx.out.patterns
  std::string key;     // one lexicon key (loop variables substituted); "" = the whole lexicon
};

// Resolves `name` as seen from `module`, marks the target used, and reports failures.
std::optional<NameTarget> ResolveName(CheckContext& ctx, uint32_t module, const ast::Name& name,
                                      const LoopEnv& env, NameUse use);

// `{key}` -> "key"; "" when `part` is not a loop-variable reference.
std::string LoopVar(const std::string& part);

}  // namespace rptc::check::internal
