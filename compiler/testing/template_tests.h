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
  // What was expected and what the report has instead:
  //   expected review.gdp == "431.8亿元" (43180000000 CNY), got nothing
  //   expected tasks.items.count == 3, got 2 items: (一) "稳增长", (二) "促改革"
  //   expected tasks.items[1].title == "惠民生", got "促改革"
  std::string message;
};

struct TestOutcome {
  int passed = 0;
  int failed = 0;
  std::vector<TestFailure> failures;
};

// Runs every test of every module (the root's and its imports'). A test passes when all its
// expectations hold: field values, and the items of lists (`items.count == 2`, `no items`,
// `items[0].title == "稳增长"`).
TestOutcome RunTemplateTests(const check::CheckedTemplate& checked, const rt::Program& program);

}  // namespace rptc
