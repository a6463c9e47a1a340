// The template header's closed vocabularies: `languages` (zh, en) and `normalize` (nfkc,
// hant_to_hans). Lowering reads them by name, so a misspelt one would silently do nothing;
// E0109 reports it instead.
#pragma once

#include "compiler/check/context.h"

namespace rptc::check::internal {

void CheckHeader(CheckContext& ctx);

}  // namespace rptc::check::internal
