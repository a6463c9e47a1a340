// Keyed fields whose rules take their keys from different lexicons (compiler/check/rules.cc):
// the field's names are the union of the lexicons' keys, at run time, in paths and in the schema.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "compiler/compiler.h"
#include "runtime/output/schema.h"
#include "runtime/report.h"
#include "tests/runtime/report/compile_template.h"

namespace rptc {
namespace {

// Incomes are raised "by" a figure in English; other indicators only grow in Chinese here.
const char* kTemplate = R"rpt(
lexicon ind { gdp: "生产总值" | "GDP"  retail: "零售额" }
lexicon income { rural_income: "农村居民人均可支配收入" | "rural per capita income" }
section targets { begin "目标"
  field {key}_growth: percent
    = @key:ind "增长" @value:percent
    = "raise " @key:income " by " @value:percent
}
check targets.{key}_growth in 0..20
require targets.rural_income_growth
)rpt";

TEST_SUITE("report") {

TEST_CASE("a keyed field's rules may capture keys of different lexicons") {
  std::shared_ptr<const rt::Program> p = testing::CompileTemplate(kTemplate);
  rt::Extractor extractor(p);
  rt::Report report = extractor.Extract(
      "目标:生产总值增长6%,we will raise rural per capita income by 7%.", "doc.txt");
  REQUIRE(report.sections.size() == 1);
  std::vector<std::string> names;
  for (const rt::FieldValue& v : report.sections[0].values) names.push_back(v.field);
  CHECK(names == std::vector<std::string>{"gdp_growth", "rural_income_growth"});
  // The schema names every key of both lexicons.
  const std::string schema = rt::ReportJsonSchema(*p);
  CHECK(schema.find("\"gdp_growth\"") != std::string::npos);
  CHECK(schema.find("\"retail_growth\"") != std::string::npos);
  CHECK(schema.find("\"rural_income_growth\"") != std::string::npos);
}

TEST_CASE("a path names a keyed field through any of its lexicons") {
  // `require targets.rural_income_growth` resolves through the second lexicon; a key of neither
  // is still an unknown field.
  CompileResult r = CompileText("t.rpt", std::string(kTemplate) + "require targets.cpi_growth\n");
  std::vector<std::string> errors;
  for (const Diagnostic& d : r.diagnostics.all()) {
    if (d.severity == Severity::kError) errors.push_back(d.message);
  }
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("cpi_growth") != std::string::npos);
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
