// The matcher's per-automaton counts (Matcher::profile) as the template's patterns: which rule,
// section pattern or list pattern each automaton is. For Extractor::Profile and
// `rptc extract --profile`. Tested by tests/runtime/report/pattern_cost_test.cc.
#pragma once

#include <string>
#include <vector>

#include "runtime/pattern_counts.h"
#include "runtime/program.h"
#include "runtime/report.h"

namespace rptc::rt {

// What each automaton of `program` is, as a user names it: "rule review.gdp#1", "rule
// review.gdp#1: items of @key", "section review: begin", "section review: exclude 2", "list
// tasks.items: marker"; an automaton that is only a reversed prefix has an empty name.
std::vector<std::string> PatternNames(const Program& program);

// One entry per automaton with any count (counts[r] for automaton r), the most DFA bytes first,
// then the most searches, then by name.
std::vector<PatternCost> CostByPattern(const Program& program,
                                       const std::vector<PatternCounts>& counts);

}  // namespace rptc::rt
