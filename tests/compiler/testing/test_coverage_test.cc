// Coverage of a template's rules by its inline tests (compiler/testing/test_coverage.h).
#include "compiler/testing/test_coverage.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "compiler/compiler.h"

namespace rptc {
namespace {

constexpr const char* kTemplate = R"rpt(
import std.lists

section review {
  begin "工作回顾"
  end "今年工作"
  exclude "五年累计" [^,。]{0,20}
  field gdp: money
    = "生产总值" @value:money
    = "GDP of" @value:money
}

section tasks {
  begin "工作安排"
  list items = "(" @index:rank(std.lists.marker_numeral) ")" title until "。"
}

for key in indicator {
  field {key}_total: money = indicator.{key} "合计" @value:money
}

lexicon indicator {
  tax: "税收"
  fees: "收费"
}
)rpt";

// "kind name" -> exercised, for every rule of the template with `tests` appended.
std::map<std::string, bool> Coverage(const std::string& tests, size_t* total = nullptr) {
  CompileResult r = CompileText("cov.rpt", std::string(kTemplate) + tests);
  INFO(Render(r.diagnostics, r.sources));
  REQUIRE(r.program.has_value());
  CoverageReport report = MeasureCoverage(*r.checked, *r.program);
  if (total) *total = report.rules.size();
  std::map<std::string, bool> out;
  for (const RuleCoverage& rule : report.rules) {
    static const char* const kKinds[] = {"rule", "begin", "end", "exclude", "marker", "title"};
    out[std::string(kKinds[static_cast<int>(rule.kind)]) + " " + rule.name] = rule.exercised;
  }
  return out;
}

TEST_SUITE("template tests") {
  TEST_CASE("every rule as written is counted once, a rule of a for loop too") {
    size_t total = 0;
    std::map<std::string, bool> c = Coverage("", &total);
    CHECK(total == 9);
    CHECK(c.count("rule {key}_total#1") == 1);
    for (const auto& [name, exercised] : c) {
      CAPTURE(name);
      CHECK_FALSE(exercised);
    }
  }

  TEST_CASE("a test marks the rules its extraction used") {
    std::map<std::string, bool> c = Coverage(R"rpt(
test "生产总值431.8亿元,五年累计完成投资1200亿元。" in review { gdp == "431.8亿元" }
test "(一)稳增长。(二)促改革。" in tasks { items.count == 2 }
test "收费合计3亿元。" { fees_total == "3亿元" }
)rpt");
    CHECK(c["rule review.gdp#1"]);
    CHECK_FALSE(c["rule review.gdp#2"]);
    CHECK(c["exclude review"]);
    CHECK(c["marker tasks.items"]);
    CHECK(c["title tasks.items"]);
    CHECK(c["rule {key}_total#1"]);  // one key's expansion is enough
    // `in SECTION` reads the text as the section: no heading is looked for, nor an end.
    CHECK_FALSE(c["begin review"]);
    CHECK_FALSE(c["end review"]);
    CHECK_FALSE(c["begin tasks"]);
  }

  TEST_CASE("begin and end patterns are exercised by tests of whole documents") {
    std::map<std::string, bool> c = Coverage(R"rpt(
test "一、工作回顾\nGDP of 43.2 billion yuan.\n二、今年工作安排\n(一)稳增长。" {
  review.gdp == "43.2 billion yuan"
  tasks.items[0].title == "稳增长"
}
)rpt");
    CHECK(c["begin review"]);
    CHECK(c["end review"]);
    CHECK(c["rule review.gdp#2"]);
    CHECK(c["begin tasks"]);
    CHECK(c["marker tasks.items"]);
  }

  TEST_CASE("a rule whose match lies outside its section is not exercised") {
    std::map<std::string, bool> c = Coverage(R"rpt(
test "生产总值431.8亿元。" in tasks { no items }
)rpt");
    CHECK_FALSE(c["rule review.gdp#1"]);
  }
}

}  // namespace
}  // namespace rptc
