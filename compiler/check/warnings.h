// Warnings about templates that work but probably not as meant: W0101 a lexicon or pattern of
// the root module that nothing uses; W0401 a section without a begin pattern (it is never found
// in a document; only `test ... in SECTION` reaches it).
#pragma once

#include "compiler/check/context.h"

namespace rptc::check::internal {

void ReportWarnings(CheckContext& ctx);

}  // namespace rptc::check::internal
