// `where @C == FIELD` conditions (runtime/report/fields.cc, ChooseValues): a candidate whose
// capture took part and differs from the compared field's chosen value is dropped, before the
// field's policy chooses; a match without the capture, or a document where the compared field
// found nothing, keeps every candidate.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "runtime/report.h"
#include "tests/runtime/report/compile_template.h"

namespace rptc {
namespace {

const char* kConditionTemplate = R"rpt(
lexicon ind {
  gdp: "生产总值"
  revenue: "财政收入"
}
lexicon unit_kind {
  yuan: "元"
  dollar: "美元"
}
pattern fig = [0-9]{1,4} ("." [0-9]{1,2})? "亿元"
field review_year: year = @value:year "工作回顾"
field currency: unit_kind = "以" @value:unit_kind "计"
section review { begin "回顾"
  field {key}: money all many where @year == review_year
    = (@year:year ","?)? @key:ind @value:money(fig)
  field last: money last where @year == review_year = (@year:year ","?)? "收入" @value:money(fig)
  field trade: money where @unit == currency = "进出口" @value:money(fig) "(" @unit:unit_kind ")"
}
)rpt";

std::vector<std::string> Texts(const std::string& doc, const std::string& field) {
  rt::Extractor extractor(testing::CompileTemplate(kConditionTemplate));
  rt::Report report = extractor.Extract(doc, "doc.txt");
  std::vector<std::string> out;
  for (const rt::SectionResult& s : report.sections) {
    for (const rt::FieldValue& v : s.values) {
      if (v.field == field) out.push_back(v.where.text);
    }
  }
  return out;
}

TEST_SUITE("report") {

// Each case: a document, a field, and the texts of the values it keeps.
struct Case {
  const char* what;
  const char* doc;
  const char* field;
  std::vector<std::string> kept;
};

const Case kCases[] = {
    {"a condition drops the candidates of another year and keeps those without one",
     "2020年工作回顾\n2019年生产总值185亿元。2020年生产总值203.6亿元。生产总值9亿元。", "gdp",
     {"203.6亿元", "9亿元"}},
    // `last` would take the 2019 figure, written after the 2020 one; the condition drops it.
    {"the policy chooses among the candidates the condition keeps",
     "2020年工作回顾\n2020年收入12亿元。2019年收入11亿元。", "last", {"12亿元"}},
    {"without a value of the compared field, every candidate is kept",
     "回顾\n2019年生产总值185亿元。2020年生产总值203.6亿元。", "gdp", {"185亿元", "203.6亿元"}},
    {"lexicon keys compare as keys", "以美元计。回顾\n进出口3亿元(元)。进出口5亿元(美元)。", "trade",
     {"5亿元"}},
};

TEST_CASE("a `where` condition keeps the candidates whose capture equals the compared value") {
  for (const Case& c : kCases) {
    SUBCASE(c.what) { CHECK(Texts(c.doc, c.field) == c.kept); }
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
