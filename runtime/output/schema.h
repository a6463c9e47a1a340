// The JSON Schema (draft 2020-12) of the reports a Program produces, for `rptc schema`.
// Doc comments of sections and fields become "description"s.
#pragma once

#include <string>

#include "runtime/program.h"

namespace rptc::rt {

std::string ReportJsonSchema(const Program& program, int indent = 2);

}  // namespace rptc::rt
