// Checks on whole rules, once the pattern graph is analysed: what each field rule captures and
// whether a rule, section boundary or list marker can match the empty string.
//
// E0203 a rule without @value; E0202 a @value that does not fit the field type; E0205 a keyed
// field without a lexicon-typed @key in every rule (fills FieldDef::key_lexicons otherwise);
// E0206 @key and @value disagreeing on list-ness; E0306 a whole rule/boundary/marker matching
// the empty string.
#pragma once

#include "compiler/check/context.h"
#include "compiler/check/pattern_graph.h"
#include "compiler/check/structure.h"

namespace rptc::check::internal {

void CheckRules(CheckContext& ctx, const PatternGraph& graph, const Structure& structure);

}  // namespace rptc::check::internal
