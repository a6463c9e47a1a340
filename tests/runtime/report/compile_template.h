// The report tests' one way to compile a template from text: every error diagnostic fails the
// test case, and a template that yields no program stops it.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string_view>

#include "compiler/compiler.h"
#include "runtime/program.h"

namespace rptc::testing {

inline std::shared_ptr<const rt::Program> CompileTemplate(std::string_view text) {
  CompileResult r = CompileText("t.rpt", std::string(text));
  for (const Diagnostic& d : r.diagnostics.all()) {
    if (d.severity == Severity::kError) FAIL_CHECK(d.message);
  }
  REQUIRE(r.program);
  return std::make_shared<const rt::Program>(std::move(*r.program));
}

}  // namespace rptc::testing
