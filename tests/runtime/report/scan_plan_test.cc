// The scan in two phases (runtime/report/scan_plan.h): where each automaton is scanned, and what
// that means for a report.
#include "runtime/report/scan_plan.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "runtime/report.h"
#include "tests/runtime/report/compile_template.h"

namespace rptc {
namespace {

// A document-level field, a section with a field and a list, and a second section.
const char* kTemplate = R"rpt(
pattern marker = "(" [一二三] ")"
field year: year = @value:year "年工作报告"
section review { begin "回顾"
  field gdp: money = "生产总值" @value:money
}
section plan { begin "安排"
  field gdp_growth: percent = "增长" @value:percent
  list items = marker title until "。"
}
)rpt";

std::shared_ptr<const rt::Program> Compile(const char* text) {
  return testing::CompileTemplate(text);
}

bool Whole(const rt::ScanScope& s) { return s.begin == 0 && s.end == rt::kNoPos; }
bool Left(const rt::ScanScope& s) { return s.begin >= s.end; }

TEST_SUITE("report") {

TEST_CASE("the structure phase scans section begins and document-level rules over the text") {
  std::shared_ptr<const rt::Program> p = Compile(kTemplate);
  rt::assemble::ScanPlan plan(*p);
  const auto& scopes = plan.Structure();
  REQUIRE(scopes.size() == p->automata.size());
  for (const rt::Section& s : p->sections) {
    for (uint32_t a : s.begin_automata) CHECK(Whole(scopes[a]));
  }
  for (const rt::Rule& r : p->rules) {
    const bool document_level = p->fields[r.field].section == rt::kNoPos;
    CHECK(Whole(scopes[r.automaton]) == document_level);
    CHECK(Left(scopes[r.automaton]) == !document_level);
  }
  CHECK(Left(scopes[p->lists[0].marker_automaton]));
}

TEST_CASE("the section phase scans each section's rules and lists inside it only") {
  std::shared_ptr<const rt::Program> p = Compile(kTemplate);
  rt::assemble::ScanPlan plan(*p);
  std::vector<rt::assemble::SectionRegion> sections(2);
  sections[0].present = false;
  sections[1].present = true;
  sections[1].span = {10, 20};
  const std::vector<std::vector<rt::SkipSpan>> skips(2);
  const std::vector<rt::ScanScope> scopes = plan.InSections(sections, skips);
  for (const rt::Rule& r : p->rules) {
    const uint32_t s = p->fields[r.field].section;
    if (s == 1) {
      CHECK(scopes[r.automaton].begin == 10);
      CHECK(scopes[r.automaton].end == 20);
    } else {
      CHECK(Left(scopes[r.automaton]));  // absent section, or done in the structure phase
    }
  }
  CHECK(scopes[p->lists[0].marker_automaton].begin == 10);
  CHECK(scopes[p->lists[0].marker_automaton].end == 20);
}

TEST_CASE("a match that starts before its section never hides one inside it") {
  // "增长" before "安排" starts a match of the plan's rule that runs into the section; scanned
  // over the whole text it would hide the one at "增长8%" inside. Each section's rules are
  // scanned inside it, so the value is found.
  std::shared_ptr<const rt::Program> p = Compile(R"rpt(
section plan { begin "安排"
  field gdp_growth: percent = "增长" gap(0..8) @value:percent
}
)rpt");
  rt::Extractor extractor(p);
  rt::Report report = extractor.Extract("增长安排增长8%。", "doc.txt");
  REQUIRE(report.sections.size() == 1);
  REQUIRE(report.sections[0].present);
  REQUIRE(report.sections[0].values.size() == 1);
  CHECK(report.sections[0].values[0].value.number == doctest::Approx(8));
  CHECK(report.sections[0].values[0].where.begin == std::string("增长安排增长").size());
}

TEST_CASE("a section's exclude pattern hides its spans from the section's rules and lists") {
  // 去年 ... is a clause quoting last year: excluded, its figure is no target, and the rule
  // resumes after it (the figure of the next clause is read). Outside the section the exclude
  // pattern does nothing.
  std::shared_ptr<const rt::Program> p = Compile(R"rpt(
pattern marker = "(" [一二三] ")"
section plan { begin "目标"
  exclude "去年" [^,。]{0,20}
  field gdp_growth: percent many all = "增长" @value:percent
  list items = marker title until "。"
}
)rpt");
  REQUIRE(p->sections[0].exclude_automata.size() == 1);
  rt::Extractor extractor(p);
  rt::Report report = extractor.Extract(
      "去年增长5%。目标:去年生产总值增长6%,今年增长7%,(一)抓产业。去年(二)抓改革。", "doc.txt");
  REQUIRE(report.sections.size() == 1);
  REQUIRE(report.sections[0].values.size() == 1);
  CHECK(report.sections[0].values[0].value.number == doctest::Approx(7));
  REQUIRE(report.sections[0].lists.size() == 1);
  // "(二)" stands inside the excluded "去年(二)抓改革": not a marker.
  CHECK(report.sections[0].lists[0].items.size() == 1);
}

TEST_CASE("overlapping exclude matches merge into disjoint skip spans") {
  std::shared_ptr<const rt::Program> p = Compile(R"rpt(
section plan { begin "目标"
  exclude "AB" | "EF"
  exclude "BCD"
  field x: number = "N" @value:number
}
)rpt");
  rt::assemble::ScanPlan plan(*p);
  REQUIRE(plan.has_excludes());
  rt::assemble::MatchTable table;
  const auto& excl = p->sections[0].exclude_automata;
  REQUIRE(excl.size() == 2);
  table.matches = {{excl[0], 2, 4, 0, true}, {excl[1], 3, 6, 0, true}, {excl[0], 8, 10, 0, true},
                   {excl[1], 12, 12, 0, true}};
  table.Index(p->automata.size());
  std::vector<rt::assemble::SectionRegion> sections(1);
  sections[0].present = true;
  sections[0].span = {0, 20};
  const auto skips = plan.SkipSpans(*p, table, sections);
  REQUIRE(skips.size() == 1);
  CHECK(skips[0] == std::vector<rt::SkipSpan>{{2, 6}, {8, 10}});  // the empty match is dropped
  const std::vector<rt::ScanScope> scopes = plan.Excludes(sections);
  CHECK(scopes[excl[0]].begin == 0);
  CHECK(scopes[excl[0]].end == 20);
  CHECK(Left(plan.Structure()[excl[0]]));
}

TEST_CASE("a section's end pattern is anchored, left out of the scan, and found around its hits") {
  // The end pattern has a selective literal, so the compiler anchors it, and the section's end
  // search verifies only around its hits. A weak end ("。") stays a plain region search.
  std::shared_ptr<const rt::Program> p = Compile(R"rpt(
section plan { begin "目标"
  end "三、" gap(0..6) "政府"
  field gdp_growth: percent many all = "增长" @value:percent
}
section notes { begin "附注"
  end "。"
}
)rpt");
  const uint32_t end = p->sections[0].end_automata.at(0);
  const uint32_t weak_end = p->sections[1].end_automata.at(0);
  auto anchored = [&](uint32_t a) {
    for (const rt::Anchor& an : p->anchors) {
      if (an.automaton == a) return true;
    }
    return false;
  };
  CHECK(anchored(end));
  CHECK_FALSE(anchored(weak_end));
  rt::assemble::ScanPlan plan(*p);
  CHECK(Left(plan.Structure()[end]));
  rt::Extractor extractor(p);
  rt::Report report = extractor.Extract(
      "目标:增长7%,三、开放增长8%。三、加强政府建设,增长9%。附注:增长1%。", "doc.txt");
  REQUIRE(report.sections.size() == 2);
  REQUIRE(report.sections[0].present);
  // "三、开放增长8%" is no end (no 政府 within 6 bytes); "三、加强政府" is.
  REQUIRE(report.sections[0].values.size() == 2);
  CHECK(report.sections[0].values[0].value.number == doctest::Approx(7));
  CHECK(report.sections[0].values[1].value.number == doctest::Approx(8));
}

TEST_CASE("document-level and section values come from the same two-phase scan") {
  std::shared_ptr<const rt::Program> p = Compile(kTemplate);
  rt::Extractor extractor(p);
  rt::Report report = extractor.Extract(
      "2021年工作报告\n回顾:生产总值431.8亿元。\n安排:(一)抓产业。生产总值增长7%。\n",
      "doc.txt");
  REQUIRE(report.document_level.values.size() == 1);
  CHECK(report.document_level.values[0].value.number == doctest::Approx(2021));
  REQUIRE(report.sections.size() == 2);
  REQUIRE(report.sections[0].values.size() == 1);
  CHECK(report.sections[0].values[0].value.number == doctest::Approx(431.8e8));
  REQUIRE(report.sections[1].values.size() == 1);
  CHECK(report.sections[1].values[0].value.number == doctest::Approx(7));
  REQUIRE(report.sections[1].lists.size() == 1);
  CHECK(report.sections[1].lists[0].items.size() == 1);
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
