// Structure checks on patterns as written, once per written pattern (not per `for` key):
// E0302 empty pattern or alternative, E0303 unbounded repetition, E0304 bounds out of order or
// too large, E0305 invalid character class.
#pragma once

#include "compiler/check/context.h"

namespace rptc::check::internal {

// Repetition and gap bounds above this are rejected: they would blow up the automata.
inline constexpr int kMaxRepeat = 1000;

void CheckWrittenPatterns(CheckContext& ctx);

}  // namespace rptc::check::internal
