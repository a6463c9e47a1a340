// Field conditions: `field gdp: money where @year == review_year = ...`.
//
// Resolves each field's `where` path to a field (looked up in the field's section, then in each
// enclosing section, up to the document level; a longer path starts from a section visible from
// there) and fills FieldDef::condition. Reports E0401/E0402 (unknown section or field), E0209 (a
// compared field with a condition of its own: conditions are evaluated in one round), E0210 (a
// compared field that is not one value: `many`, or keyed), E0211 (a capture no rule of the field
// has) and E0212 (a capture whose type is not the compared field's).
#pragma once

#include "compiler/check/context.h"
#include "compiler/check/pattern_graph.h"
#include "compiler/check/structure.h"

namespace rptc::check::internal {

// Runs after CheckRules(), which fills the keyed fields' lexicons that field lookup needs.
void CheckConditions(CheckContext& ctx, const PatternGraph& graph, const Structure& structure);

}  // namespace rptc::check::internal
