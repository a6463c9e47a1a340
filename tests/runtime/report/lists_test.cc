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

TEST_CASE("a restart of the numbering ends a run: sub-lists of every item do not chain") {
  // 一是…三是 in (一) and in (二), 一是…五是 in (三): never 一是, 二是, 三是 of (一) with 四是, 五是
  // of (三); the three sub-lists lie inside items of (一)(二)(三), which is the list.
  const std::string doc =
      "工作安排\n(一)抓产业。一是工业提质,内容。二是农业增效,内容。三是服务业升级,内容。\n"
      "(二)抓改革。一是国企改革,内容。二是财税改革,内容。三是要素改革,内容。\n"
      "(三)抓民生。一是稳就业,内容。二是办教育,内容。三是强医疗,内容。四是兜底线,内容。"
      "五是优环境,内容。\n";
  CHECK(Titles(doc, kShiTemplate) ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
}

TEST_CASE("a sub-list inside the last item does not beat the items before it") {
  // After the last (三) the 一是 items spread over more text than (一)(二)(三), but they lie
  // inside item (三) and are shorter than its items: a sub-list.
  const std::string doc =
      "工作安排\n(一)抓产业。推进工业提质增效,做强现代农业。\n"
      "(二)抓改革。深化重点领域改革,优化营商环境。\n"
      "(三)抓民生。一是稳就业,新增就业岗位两千个。二是办教育,新建学校三所。三是强医疗,"
      "提升卫生院能力。四是兜底线,做好困难群众救助。五是优环境,整治人居环境。\n";
  CHECK(Titles(doc, kShiTemplate) ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
  // The same sub-list in a template numbered "1." inside "(一)".
  const std::string numbered =
      "工作安排\n(一)抓产业。推进工业提质增效,做强现代农业。\n"
      "(二)抓改革。深化重点领域改革,优化营商环境。\n"
      "(三)抓民生。1.稳就业,新增就业岗位两千个。2.办教育,新建学校三所。3.强医疗,"
      "提升卫生院能力。4.兜底线,做好困难群众救助。5.优环境,整治人居环境。\n";
  CHECK(Titles(numbered) == std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
}

TEST_CASE("a plan numbered only 一是…五是 is read from them, after a short run in the preamble") {
  // The (一)(二) run comes first and the 一是 items all follow its last marker, but they are
  // longer than its clauses: the plan, not a sub-list of "(二)调结构".
  const std::string doc =
      "工作安排\n总体要求:(一)稳增长,(二)调结构。\n"
      "一是抓产业。推进工业提质增效,做强现代农业,发展现代服务业。\n"
      "二是抓改革。深化重点领域改革,优化营商环境,激发市场活力。\n"
      "三是抓开放。扩大对外贸易,提高利用外资水平,建设开放平台。\n"
      "四是抓生态。打好污染防治攻坚战,推进绿色低碳发展。\n"
      "五是抓民生。稳定就业,办好教育,提升医疗服务水平。\n";
  CHECK(Titles(doc, kShiTemplate) ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓开放", "4:抓生态", "5:抓民生"});
  CHECK(Titles("工作安排\n一是抓产业,内容。二是抓改革,内容。三是抓开放,内容。四是抓生态,内容。"
               "五是抓民生,内容。\n",
               kShiTemplate) ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓开放", "4:抓生态", "5:抓民生"});
}

TEST_CASE("(1)(2) sub-lists restarting in every 一是 item, the last the longest, stay inside") {
  const std::string doc =
      "工作安排\n一是抓产业。(1)工业。(2)农业。\n二是抓改革。(1)国企。(2)财税。\n"
      "三是抓民生。(1)就业。(2)教育。(3)医疗。(4)养老。(5)住房。\n";
  CHECK(Titles(doc, kShiTemplate) ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
}

TEST_CASE("a stray marker numbered 1 does not end the run it interrupts") {
  // "附件(一)" opens a run of its own; "(三)" still continues (一)(二), not the stray one.
  CHECK(Titles("工作安排\n(一)抓产业。内容。\n(二)抓改革。详见附件(一)。\n(三)抓民生。内容。\n") ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
}

TEST_CASE("a run that restarts after the plan, in the next chapter, is not part of it") {
  // The section runs to the end of the text here; the second (一)(二) lies in the last item.
  CHECK(Titles("工作安排\n(一)抓产业。推进工业提质增效,做强现代农业。\n"
               "(二)抓改革。深化重点领域改革,优化营商环境。\n(三)抓民生。稳定就业。\n"
               "自身建设\n(一)依法行政。(二)廉洁从政。\n") ==
        std::vector<std::string>{"1:抓产业", "2:抓改革", "3:抓民生"});
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
