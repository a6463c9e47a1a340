// Inline template tests (compiler/testing/template_tests.h): field and list expectations, passing
// and failing, with the messages `rptc test` prints.
#include "compiler/testing/template_tests.h"

#include <doctest/doctest.h>

#include <string>

#include "compiler/compiler.h"

namespace rptc {
namespace {

// A work plan numbered (一), (二) ... with a title up to the first 。, and a figure beside it.
constexpr const char* kTemplate = R"rpt(
import std.lists

section tasks {
  begin "工作安排"
  list items = "(" @index:rank(std.lists.marker_numeral) ")" title until "。"
  field budget: money = "预算" @value:money
}
)rpt";

struct Run {
  CompileResult compiled;
  TestOutcome outcome;
};

Run RunTests(const std::string& tests) {
  Run r;
  r.compiled = CompileText("plan.rpt", std::string(kTemplate) + tests);
  INFO(Render(r.compiled.diagnostics, r.compiled.sources));
  REQUIRE(r.compiled.program.has_value());
  r.outcome = RunTemplateTests(*r.compiled.checked, *r.compiled.program);
  return r;
}

// "line:col: message" of each failure.
std::vector<std::string> Failures(const Run& r) {
  std::vector<std::string> out;
  for (const TestFailure& f : r.outcome.failures) {
    LineCol at = r.compiled.sources.Get(f.span.file).ToLineCol(f.span.begin);
    out.push_back(std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + f.message);
  }
  return out;
}

TEST_SUITE("template tests") {
  TEST_CASE("list expectations pass on the items the report has") {
    Run r = RunTests(R"rpt(
test "(一)稳增长。预算12亿元。(二)促改革。" in tasks {
  items.count == 2
  items[0].title == "稳增长"
  items[0].marker == "(一)"
  items[0].index == 1
  items[1].title == "促改革"
  items[1].index == "二"
  budget == "12亿元"
}
test "今年没有分项任务。" in tasks { no items }
test "二、工作安排\n(一)稳增长。" { tasks.items[0].title == "稳增长" }
)rpt");
    CHECK(Failures(r).empty());
    CHECK(r.outcome.passed == 3);
    CHECK(r.outcome.failed == 0);
  }

  TEST_CASE("a failing list expectation names what the list has instead, at its line") {
    Run r = RunTests(R"rpt(
test "(一)稳增长。(二)促改革。" in tasks {
  items.count == 3
  items[1].title == "惠民生"
  items[2].title == "惠民生"
  items[0].index == 2
  items[1].marker == "(三)"
  no items
}
test "今年没有分项任务。" in tasks { items[0].title == "稳增长" }
)rpt");
    CHECK(r.outcome.passed == 0);
    CHECK(r.outcome.failed == 2);
    const std::vector<std::string> expected = {
        "11:3: expected tasks.items.count == 3, got 2 items: (一) \"稳增长\", (二) \"促改革\"",
        "12:3: expected tasks.items[1].title == \"惠民生\", got \"促改革\"",
        "13:3: expected tasks.items[2].title == \"惠民生\", got no item [2]: the list has 2 "
        "items: (一) \"稳增长\", (二) \"促改革\"",
        "14:3: expected tasks.items[0].index == 2, got 1 ((一) \"稳增长\")",
        "15:3: expected tasks.items[1].marker == \"(三)\", got \"(二)\"",
        "16:3: expected no tasks.items, got 2 items: (一) \"稳增长\", (二) \"促改革\"",
        "18:29: expected tasks.items[0].title == \"稳增长\", got no item [0]: the list has no "
        "items",
    };
    const std::vector<std::string> actual = Failures(r);
    CHECK(actual.size() == expected.size());
    for (size_t i = 0; i < actual.size() && i < expected.size(); ++i) {
      CHECK(actual[i] == expected[i]);  // line:column of the expectation (columns in code points)
    }
  }

  TEST_CASE("a list of an absent section has no items") {
    Run r = RunTests(R"rpt(
test "(一)稳增长。" {
  no tasks.items
  tasks.items.count == 0
}
)rpt");
    CHECK(Failures(r).empty());
    CHECK(r.outcome.passed == 1);
  }

  TEST_CASE("field expectations still report their values") {
    Run r = RunTests(R"rpt(
test "预算12亿元。" in tasks { budget == "13亿元" }
)rpt");
    REQUIRE(r.outcome.failures.size() == 1);
    CHECK(r.outcome.failures[0].message ==
          "expected tasks.budget == \"13亿元\" (1300000000 CNY), got 1200000000 CNY (\"12亿元\")");
  }
}

}  // namespace
}  // namespace rptc
