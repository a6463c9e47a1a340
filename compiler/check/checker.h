// Check(): a parsed root module -> a CheckedTemplate (checked.h), or errors.
//
// Loads imports (std.* from the embedded standard library, "path.rpt" relative to the importing
// file and then each include dir), resolves names into qualified names, expands `for` loops,
// types captures and fields, and validates patterns, sections, constraints and tests. Every user
// error is reported here with a span and a stable code (E01xx names and modules, E02xx types,
// E03xx patterns, E04xx sections, conformance rules and tests), so lowering cannot fail.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/check/checked.h"
#include "compiler/source/diagnostic.h"

namespace rptc {

struct CheckOptions {
  std::vector<std::string> include_dirs;
};

// `root` was parsed from sources.Get(root.file). Imported files are added to `sources`.
std::optional<check::CheckedTemplate> Check(ast::Module root, SourceManager& sources,
                                            Diagnostics& diagnostics,
                                            const CheckOptions& options = {});

}  // namespace rptc
