// libFuzzer harness for the front end: any bytes through Parse, then (when it parses) through the
// printer round trip and Check. Beyond "no crash, no sanitizer report", it enforces the printer's
// contract, so a formatting bug is a finding too:
//   Parse(FormatModule(m)) succeeds, dumps like m, and formats to the same text again.
// Build and run with fuzz/run.sh; findings go to tests/compiler/parse/regressions/.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/ast/ast_printer.h"
#include "compiler/parse/parser.h"
#if !defined(RPTC_FUZZ_NO_CHECK) && __has_include("compiler/check/checker.h")
#include "compiler/check/checker.h"
#define RPTC_FUZZ_CHECK 1
#endif

namespace {

[[noreturn]] void Fail(const char* what, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "printer contract broken: %s\n--- first\n%s\n--- second\n%s\n", what,
               a.c_str(), b.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 16)) return -1;  // big inputs only slow the search down
  rptc::SourceManager sources;
  uint32_t file =
      sources.Add("fuzz/input.rpt", std::string(reinterpret_cast<const char*>(data), size));
  rptc::Diagnostics diagnostics;
  std::optional<rptc::ast::Module> module = rptc::Parse(sources, file, diagnostics);
  (void)rptc::Render(diagnostics, sources);
  if (!module) return 0;

  std::string formatted = rptc::FormatModule(*module, sources);
  uint32_t again_file = sources.Add("fuzz/formatted.rpt", formatted);
  rptc::Diagnostics again_diagnostics;
  std::optional<rptc::ast::Module> again = rptc::Parse(sources, again_file, again_diagnostics);
  if (!again)
    Fail("formatted text does not parse", formatted, rptc::Render(again_diagnostics, sources));
  std::string dump = rptc::DumpAst(*module);
  std::string again_dump = rptc::DumpAst(*again);
  if (dump != again_dump) Fail("formatted text parses to another tree", dump, again_dump);
  std::string twice = rptc::FormatModule(*again, sources);
  if (twice != formatted) Fail("formatting is not idempotent", formatted, twice);

#ifdef RPTC_FUZZ_CHECK
  // Imports of files would read whatever path the input names; std modules are embedded.
  std::erase_if(module->imports, [](const rptc::ast::Import& i) { return i.is_path; });
  (void)rptc::Check(std::move(*module), sources, diagnostics);
#endif
  return 0;
}
