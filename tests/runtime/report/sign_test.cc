// `@sign` captures (runtime/report/fields.cc): a phrase whose lexicon key is `negative` negates
// every value of its match — a number, both ends of a range, each item of a list.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "runtime/report.h"
#include "tests/runtime/report/compile_template.h"

namespace rptc {
namespace {

// Falls and rises of a few indicators, in Chinese and English; @sign:direction is the std
// lexicon (std.qualifiers), `mine` a template lexicon with only a `positive` key.
const char* kSignTemplate = R"rpt(
lexicon ind {
  gdp: "生产总值" | "GDP"
  retail: "零售额" | "retail sales"
  trade: "进出口" | "exports"
}
lexicon mine { positive: "跌" }
pattern pct = [0-9]{1,3} ("." [0-9]{1,2})? "%" ("左右" | "以上")?
pattern pct_v = pct ("-" pct)? | [0-9]{1,3} ("." [0-9]{1,2})? " percent"
section review { begin "回顾"
  field {key}_growth: percent
    = @key:ind "同比"? @sign:direction (" by")? " "? @value:percent(pct_v)
    = @key:list(ind)(ind ("、" ind){0,3}) "分别" @sign:direction @value:list(percent)(pct ("、" pct){0,3})
  field {key}_level: percent = @key:ind "下降到" @value:percent(pct)
  field {key}_mine: percent = @key:ind "指数" @sign:mine @value:percent(pct)
  field budget: money = "预算收入" @sign:direction @value:money
}
)rpt";

struct Got {
  double number = 0, low = 0, high = 0;
  std::string qualifier;
  bool found = false;
};

std::vector<rt::FieldValue> Values(const std::string& doc) {
  rt::Extractor extractor(testing::CompileTemplate(kSignTemplate));
  rt::Report report = extractor.Extract("回顾\n" + doc, "doc.txt");
  REQUIRE(report.sections.size() == 1);
  return report.sections[0].values;
}

Got Find(const std::vector<rt::FieldValue>& values, const std::string& field) {
  for (const rt::FieldValue& v : values) {
    if (v.field != field) continue;
    return {v.value.number, v.value.low, v.value.high,
            std::string(rt::QualifierName(v.value.qualifier)), true};
  }
  return {};
}

TEST_SUITE("report") {

TEST_CASE("a negative @sign negates the value; a positive one keeps it") {
  auto values = Values("生产总值下降2.5%,零售额同比增长3.1%。");
  Got gdp = Find(values, "gdp_growth");
  REQUIRE(gdp.found);
  CHECK(gdp.number == doctest::Approx(-2.5));
  CHECK(gdp.qualifier == "exact");
  Got retail = Find(values, "retail_growth");
  REQUIRE(retail.found);
  CHECK(retail.number == doctest::Approx(3.1));
}

TEST_CASE("English falls: fell by, dropped, decreased") {
  auto values = Values("exports fell by 4.2 percent; retail sales dropped 1.5%; GDP decreased by 0.8%.");
  CHECK(Find(values, "trade_growth").number == doctest::Approx(-4.2));
  CHECK(Find(values, "retail_growth").number == doctest::Approx(-1.5));
  CHECK(Find(values, "gdp_growth").number == doctest::Approx(-0.8));
}

TEST_CASE("a fall's qualifier stays as written, and a range's bounds swap") {
  auto values = Values("生产总值下降3%以上,零售额下降2%-3%。");
  Got gdp = Find(values, "gdp_growth");
  CHECK(gdp.number == doctest::Approx(-3));
  CHECK(gdp.qualifier == "above");
  Got retail = Find(values, "retail_growth");
  REQUIRE(retail.found);
  CHECK(retail.qualifier == "range");
  CHECK(retail.low == doctest::Approx(-3));
  CHECK(retail.high == doctest::Approx(-2));
  CHECK(retail.number == doctest::Approx(-3));
}

TEST_CASE("every item of a list value takes the sign") {
  auto values = Values("生产总值、零售额、进出口分别下降3%、4%、5.5%。");
  CHECK(Find(values, "gdp_growth").number == doctest::Approx(-3));
  CHECK(Find(values, "retail_growth").number == doctest::Approx(-4));
  CHECK(Find(values, "trade_growth").number == doctest::Approx(-5.5));
}

TEST_CASE("money falls are negated too") {
  auto values = Values("预算收入减少1.2亿元。");
  Got budget = Find(values, "budget");
  REQUIRE(budget.found);
  CHECK(budget.number == doctest::Approx(-1.2e8));
}

TEST_CASE("without @sign a fall to a level is the level; a key other than negative keeps it") {
  auto values = Values("生产总值下降到4.5%。零售额指数跌2%。");
  CHECK(Find(values, "gdp_level").number == doctest::Approx(4.5));
  CHECK(Find(values, "retail_mine").number == doctest::Approx(2));
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
