// Inline template tests (`test "..." in SECTION { ... }`): run each test's text through the
// compiled Program and compare the report with the expectations. Used by `rptc test` and by the
// test suite, so every example template's own tests run in CI.
#pragma once

#include <string>
#include <vector>

#include "compiler/check/checked.h"
#include "runtime/program.h"

namespace rptc {

struct TestFailure {
  SourceSpan span;        // the failing expectation (or the test when it has none)
  std::string message;    // "expected review.gdp == \"431.8亿元\" (43180000000 CNY), got nothing"
};

struct TestOutcome {
  int passed = 0;
  int failed = 0;
  std::vector<TestFailure> failures;
};

// Runs every test of every module (the root's and its imports'). A test passes when all its
// expectations hold.
TestOutcome RunTemplateTests(const check::CheckedTemplate& checked, const rt::Program& program);

}  // namespace rptc
