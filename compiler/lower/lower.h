// LowerAndEmit(): a CheckedTemplate -> the runtime Program.
//
// Every rule, section boundary and list marker becomes an automaton (compiler/automaton), each
// anchored automaton gets its most selective literal set, and the template's meaning (fields,
// sections, lists, lexicons, constraints) is copied into the Program's flat tables. User errors
// were caught by the checker; what can still fail here is a resource budget (E0501), reported on
// the offending rule. Warns (W0501) about rules without a selective literal anchor.
#pragma once

#include <optional>

#include "compiler/check/checked.h"
#include "compiler/compiler.h"
#include "compiler/source/diagnostic.h"
#include "runtime/program.h"

namespace rptc {

std::optional<rt::Program> LowerAndEmit(const check::CheckedTemplate& checked,
                                        const SourceManager& sources, Diagnostics& diagnostics,
                                        const CompileOptions& options);

}  // namespace rptc
