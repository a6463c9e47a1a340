// Value types: their names, which capture fits which field, and resolving a written TypeRef.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/check/context.h"

namespace rptc::check::internal {

// `number money percent points count ratio rank ordinal year date text` (ordinal = rank).
std::optional<rt::ValueType> ValueTypeByName(std::string_view name);
// The canonical spelling ("rank" for kRank); "" for kKey.
std::string_view ValueTypeSpelling(rt::ValueType type);
// Every type name users may write, in the order the language reference lists them.
const std::vector<std::string>& ValueTypeNames();

// Types with a number: what range checks, sums and `has qualifier` need.
bool IsNumeric(rt::ValueType type);
// Whether a capture of type `capture` may fill a field of type `field`: equal types, `number` into
// any numeric type but ratio, and anything into text. List-ness is checked elsewhere.
bool Fits(const Type& capture, const Type& field);
// "money", "indicator" (as module `from` names it), "list(money)".
std::string TypeDisplay(const CheckContext& ctx, const Type& type, uint32_t from = 0);

// Resolves a written type in `module`: value types, then lexicons. Reports E0201/E0105.
std::optional<Type> ResolveType(CheckContext& ctx, uint32_t module, const ast::TypeRef& ref);

}  // namespace rptc::check::internal
