// The table `rptc extract --profile` prints: the matcher's work per pattern of the template
// (runtime/report.h PatternCost), so a template author sees which rules cost the most.
// Tested by tests/cli/extract_test.cc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/report.h"

namespace rptc::cli {

// One header line naming the batch, a column header, a row per pattern in the given order and
// a total; numbers are plain integers, columns aligned with spaces.
std::string FormatProfile(const std::vector<rt::PatternCost>& costs, uint64_t documents,
                          uint64_t bytes);

}  // namespace rptc::cli
