// Conformance rules, tests and section references, resolved against the built structure.
//
// `end before`, `require`, `check`, `order` and tests become ConstraintDef/TestDef entries with
// concrete section indices and field names. Reports E0401 (unknown section), E0402 (unknown
// field), E0403 (range with LO > HI), E0404 (a numeric check on a non-numeric field), E0405 (a
// test value that is not a value of the field's type) and E0407 (sum of a single value).
#pragma once

#include "compiler/check/context.h"
#include "compiler/check/structure.h"

namespace rptc::check::internal {

void CheckConformance(CheckContext& ctx, const Structure& structure);

}  // namespace rptc::check::internal
