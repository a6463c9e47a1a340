// Getting a runtime::Program for a subcommand: compile a template in memory (or take it from
// the template cache, cli/template_cache.h), or load a compiled image, and print the compiler's
// diagnostics. With the cache, the only CLI files that touch runtime/image.h.
#pragma once

#include <memory>
#include <string>

#include "compiler/compiler.h"
#include "runtime/program.h"

namespace rptc::cli {

// The first bytes of every image written by `rptc compile` (runtime/image.h).
inline constexpr std::string_view kImageMagic = "RPTCIMG";

// Prints `result`'s diagnostics on stderr in the GCC form (colour on a terminal). Warnings are
// skipped when `errors_only`.
void PrintDiagnostics(const CompileResult& result, bool errors_only = false);

// Loads T for extract/check/schema: an image when the file starts with kImageMagic (rejected
// with a clear message when truncated, corrupted or of another version), otherwise a template
// compiled in memory or taken from the template cache, which prints the same warnings.
// Diagnostics and errors go to stderr (warnings only when `show_warnings`); nullptr means T is
// unusable, which the caller turns into exit code 2.
std::shared_ptr<const rt::Program> LoadProgram(const std::string& path,
                                               const CompileOptions& options, bool show_warnings);

// The deterministic image bytes of `program` (runtime/image.h SaveImage).
std::string ImageBytes(const rt::Program& program);

}  // namespace rptc::cli
