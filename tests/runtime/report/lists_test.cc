// List assembly (runtime/report/lists.cc): which numbered run of markers becomes the list.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "runtime/report.h"
#include "tests/runtime/report/compile_template.h"

namespace rptc {
namespace {

// Items are numbered "(一)" or "1." in this template; the title runs to the first 。
const char* kListTemplate = R"rpt(
import std.lists
pattern marker = "(" @index:rank(std.lists.marker_numeral) ")"
  | @index:rank([0-9]{1,2}) "."
section plan { begin "工作安排"
  list items = marker title until "。"
}
)rpt";

// The same, where a paragraph opening with 着力 is also an (unnumbered) item marker.
const char* kMixedTemplate = R"rpt(
import std.lists
pattern marker = "(" @index:rank(std.lists.marker_numeral) ")" | line_start "着力"
section plan { begin "工作安排"
  list items = marker title until "。"
}
)rpt";

std::vector<std::string> Titles(const std::string& doc, const char* templ = kListTemplate) {
  rt::Extractor extractor(testing::CompileTemplate(templ));
  rt::Report report = extractor.Extract(doc, "doc.txt");
  REQUIRE(report.sections.size() == 1);
  REQUIRE(report.sections[0].lists.size() == 1);
  std::vector<std::string> titles;
  for (const rt::ListItem& item : report.sections[0].lists[0].items) {
    titles.push_back(std::to_string(item.index) + ":" + item.title);
  }
  return titles;
}

TEST_SUITE("report") {

TEST_CASE("a numbered run bridges one missing number") {
  // The page lost "(三)"; the items after it still belong to the list, with their own numbers.
  CHECK(Titles("工作安排\n(一)抓产业。内容。\n(二)抓改革。内容。\n(四)抓民生。内容。\n"
               "(五)抓党建。内容。\n") ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "4:抓民生", "5:抓党建"});
}

TEST_CASE("two missing numbers in a row end the run") {
  CHECK(Titles("工作安排\n(一)抓产业。\n(二)抓改革。\n(五)抓民生。\n") ==
        std::vector<std::string>{"1:抓产业", "2:抓改革"});
}

TEST_CASE("a longer sub-list inside one item does not replace the top-level items") {
  const std::string doc =
      "工作安排\n(一)抓产业。1.工业。2.农业。3.服务业。4.旅游。\n(二)抓改革。内容。\n"
      "(三)抓民生。内容。\n";
  CHECK(Titles(doc) == std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
}

TEST_CASE("a longer run in the preamble does not beat the items that span the section") {
  const std::string doc =
      "工作安排\n总体要求:1.稳增长。2.调结构。3.惠民生。4.防风险。\n"
      "(一)抓产业。产业的内容写得很长很长很长很长很长很长很长很长很长很长很长很长。\n"
      "(二)抓改革。改革的内容写得很长很长很长很长很长很长很长很长很长很长很长很长。\n"
      "(三)抓民生。内容。\n";
  CHECK(Titles(doc) == std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
}

TEST_CASE("markers without a number form one list, numbered by position, titles with them") {
  const std::string doc =
      "工作安排\n着力扩大内需。内容。\n着力稳定就业。内容。\n着力保障民生。内容。\n";
  CHECK(Titles(doc, kMixedTemplate) ==
        std::vector<std::string>{"1:着力扩大内需", "2:着力稳定就业", "3:着力保障民生"});
}

TEST_CASE("numbered items that span the section win over a stray unnumbered marker") {
  const std::string doc =
      "工作安排\n(一)抓产业。内容。\n(二)抓改革。内容。\n着力一点。\n(三)抓民生。内容。\n";
  CHECK(Titles(doc, kMixedTemplate) ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
}

TEST_CASE("unnumbered headings inside every item of a numbered plan stay in the items") {
  const std::string doc =
      "工作安排\n(一)抓产业。\n着力一。很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n"
      "(二)抓改革。\n着力二。很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n"
      "(三)抓民生。\n着力三。很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n"
      "着力四。很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n";
  CHECK(Titles(doc, kMixedTemplate) ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
}

TEST_CASE("a short numbered run in the preamble does not hide an unnumbered plan") {
  const char* templ = R"rpt(
import std.lists
pattern marker = @index:rank(std.lists.chinese_1_99) "是" | line_start "着力"
section plan { begin "工作安排"
  list items = marker title until "。"
}
)rpt";
  const std::string doc =
      "工作安排\n总体思路是:一是稳增长,二是调结构,三是惠民生。\n"
      "着力扩大内需。内容很长很长很长很长很长很长很长很长很长很长很长很长。\n"
      "着力稳定就业。内容很长很长很长很长很长很长很长很长很长很长很长很长。\n"
      "着力保障民生。内容很长很长很长很长很长很长很长很长很长很长很长很长。\n";
  CHECK(Titles(doc, templ) ==
        std::vector<std::string>{"1:着力扩大内需", "2:着力稳定就业", "3:着力保障民生"});
}

// English ordinals as reports write them: opening a paragraph, after the full stop of the sentence
// before, or after a semicolon with "and". The marker's literal text differs, its scheme does not.
const char* kOrdinalTemplate = R"rpt(
import std.lists
pattern marker = clause_start ("and" " ")? @index:rank(std.lists.ordinal_word) ","
  | "." " " @index:rank(std.lists.ordinal_word) ","
section plan { begin "Work plan"
  list items = marker title until "." (" " | "\n") | ";"
}
)rpt";

TEST_CASE("ordinals at a paragraph start and after a full stop are one run") {
  const std::string doc =
      "Work plan\nFirst, we will expand investment. We will build roads. Second, we will boost "
      "consumption. Third, we will stabilize trade. Exports will grow.\n";
  CHECK(Titles(doc, kOrdinalTemplate) ==
        std::vector<std::string>{"1:we will expand investment", "2:we will boost consumption",
                                 "3:we will stabilize trade"});
}

TEST_CASE("ordinals after semicolons, the last after \"and\", are one run") {
  const std::string doc =
      "Work plan\nWe will do four things: first, expand investment; second, boost consumption; "
      "third, stabilize trade; and fourth, improve livelihoods.\n";
  CHECK(Titles(doc, kOrdinalTemplate) ==
        std::vector<std::string>{"1:expand investment", "2:boost consumption",
                                 "3:stabilize trade", "4:improve livelihoods"});
}

TEST_CASE("a title at the very end of the text drops its closing full stop") {
  // "." (" " | "\n") needs a character after the stop; the text ends before one.
  CHECK(Titles("Work plan\nFirst, expand investment. Second, boost consumption.",
               kOrdinalTemplate) ==
        std::vector<std::string>{"1:expand investment", "2:boost consumption"});
  CHECK(Titles("工作安排\n(一)抓产业。(二)抓改革", kListTemplate) ==
        std::vector<std::string>{"1:抓产业", "2:抓改革"});
}

// Chinese markers with a word after the number: 一是, 二要, 三抓 are one scheme.
const char* kShiTemplate = R"rpt(
import std.lists
pattern marker = clause_start @index:rank(std.lists.chinese_1_99) ("是" | "要" | "抓")
  | clause_start "第" @index:rank(std.lists.chinese_1_99) ","
  | "(" @index:rank(std.lists.marker_numeral) ")"
section plan { begin "工作安排"
  list items = marker title until "。" | ","
}
)rpt";

TEST_CASE("一是, 二是 and 三要 are one run") {
  CHECK(Titles("工作安排\n一是稳增长,二是调结构,三要惠民生。", kShiTemplate) ==
        std::vector<std::string>{"1:稳增长", "2:调结构", "3:惠民生"});
}

TEST_CASE("第一 after a full stop or a comma, and full-width brackets, are one run") {
  CHECK(Titles("工作安排\n第一,稳增长。内容。第二,调结构,内容。第三,惠民生。", kShiTemplate) ==
        std::vector<std::string>{"1:稳增长", "2:调结构", "3:惠民生"});
  // NFKC turns （二） into (二).
  CHECK(Titles("工作安排\n(一)抓产业。（二）抓改革。(三)抓民生。") ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
}

TEST_CASE("a mixed 一是/二要 run in the preamble does not replace the plan's items") {
  const std::string doc =
      "工作安排\n总体思路是:一是稳增长,二要调结构,三是惠民生,四要防风险。\n"
      "(一)抓产业。产业的内容写得很长很长很长很长很长很长很长很长很长很长很长很长。\n"
      "(二)抓改革。改革的内容写得很长很长很长很长很长很长很长很长很长很长很长很长。\n"
      "(三)抓民生。内容。\n";
  CHECK(Titles(doc, kShiTemplate) ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
}

TEST_CASE("sub-items in the same brackets but another numeral family are another list") {
  // "(1)" inside "(一)" and "(i)" inside "(I)": the brackets match, the numerals do not.
  CHECK(Titles("工作安排\n(一)抓产业。(1)工业。(2)农业。(3)服务业。\n(二)抓改革。\n(三)抓民生。\n") ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
  CHECK(Titles("工作安排\n(I)抓产业。(i)工业。(ii)农业。(iii)服务业。\n(II)抓改革。\n(III)抓民生。\n") ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
