// The declaration pass: every lexicon and pattern of every module gets a qualified name, an
// index in the CheckedTemplate and a symbol-table entry, before any name is resolved (names are
// visible in the whole file, whatever the order).
//
// Reports E0102 (a name declared twice in a module, a lexicon key twice in a lexicon), E0302
// (an empty lexicon or phrase) and E0107 (a declaration that a `for` loop cannot repeat).
#pragma once

#include "compiler/check/context.h"

namespace rptc::check::internal {

void DeclareSymbols(CheckContext& ctx);

}  // namespace rptc::check::internal
