// Extractor::Profile: the matcher's work counted per pattern of the template, named as the
// template names it (runtime/report/pattern_cost.h).
#include "runtime/report/pattern_cost.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "runtime/report.h"
#include "tests/runtime/report/compile_template.h"

namespace rptc {
namespace {

const char* kTemplate = R"rpt(
pattern ytd = "前三季度" [^,。]{0,10}
pattern marker = "(" [一二三] ")"
section review { begin "回顾"
  exclude ytd
  field gdp: money = "生产总值" @value:money
}
section plan { begin "安排"
  field gdp_growth: percent = "生产总值" "增长" @value:percent
  list items = marker title until "。"
}
)rpt";

// "生产总值" four times: twice in the review (once inside the excluded clause), twice in the plan.
const char* kDocument =
    "回顾\n全县生产总值431.8亿元,前三季度生产总值300亿元。\n"
    "安排\n(一)扩大投资。(二)促进消费。生产总值增长6%。生产总值500亿元。\n";

const rt::PatternCost* Find(const std::vector<rt::PatternCost>& costs, std::string_view name) {
  auto it = std::find_if(costs.begin(), costs.end(),
                         [&](const rt::PatternCost& c) { return c.pattern == name; });
  return it == costs.end() ? nullptr : &*it;
}

TEST_SUITE("report") {

TEST_CASE("every automaton is named as the template names its pattern") {
  std::shared_ptr<const rt::Program> p = testing::CompileTemplate(kTemplate);
  const std::vector<std::string> names = rt::PatternNames(*p);
  REQUIRE(names.size() == p->automata.size());
  for (const rt::Rule& r : p->rules) CHECK(names[r.automaton] == "rule " + r.label);
  CHECK(names[p->sections[0].begin_automata[0]] == "section review: begin");
  CHECK(names[p->sections[0].exclude_automata[0]] == "section review: exclude");
  CHECK(names[p->lists[0].marker_automaton] == "list plan.items: marker");
}

TEST_CASE("a profiled extraction counts each pattern's hits, windows, matches and captures") {
  std::shared_ptr<const rt::Program> p = testing::CompileTemplate(kTemplate);
  rt::Extractor extractor(p);
  rt::ExtractOptions options;
  options.profile = true;
  rt::Report report = extractor.Extract(kDocument, "doc", options);
  const std::vector<rt::PatternCost> costs = extractor.Profile();

  const rt::PatternCost* gdp = Find(costs, "rule review.gdp#1");
  REQUIRE(gdp != nullptr);
  CHECK(gdp->source_line == 6);
  CHECK(gdp->anchor_hits == 4);  // every occurrence is considered...
  CHECK(gdp->windows == 2);      // ...those in the review are verified
  CHECK(gdp->matches == 1);      // the one in the excluded clause is no match
  CHECK(gdp->captures == 1);
  CHECK(gdp->searches >= 1);
  CHECK(gdp->searches <= gdp->windows);
  CHECK(gdp->dfa_bytes > 0);
  CHECK(gdp->dfa_states > 0);

  // Its anchor is the whole literal "生产总值增长", which occurs once.
  const rt::PatternCost* growth = Find(costs, "rule plan.gdp_growth#1");
  REQUIRE(growth != nullptr);
  CHECK(growth->anchor_hits == 1);
  CHECK(growth->windows == 1);
  CHECK(growth->matches == 1);

  const rt::PatternCost* marker = Find(costs, "list plan.items: marker");
  REQUIRE(marker != nullptr);
  CHECK(marker->matches == 2);
  const rt::PatternCost* exclude = Find(costs, "section review: exclude");
  REQUIRE(exclude != nullptr);
  CHECK(exclude->matches == 1);
  REQUIRE(Find(costs, "section review: begin") != nullptr);

  // The most DFA bytes first.
  for (size_t i = 1; i < costs.size(); ++i) CHECK(costs[i - 1].dfa_bytes >= costs[i].dfa_bytes);
}

TEST_CASE("only the extractions made with profile set are counted") {
  std::shared_ptr<const rt::Program> p = testing::CompileTemplate(kTemplate);
  rt::Extractor extractor(p);
  extractor.Extract(kDocument, "first");
  CHECK(extractor.Profile().empty());

  rt::ExtractOptions options;
  options.profile = true;
  extractor.Extract(kDocument, "second", options);
  std::vector<rt::PatternCost> once = extractor.Profile();
  const rt::PatternCost* gdp = Find(once, "rule review.gdp#1");
  REQUIRE(gdp != nullptr);
  CHECK(gdp->anchor_hits == 4);
  CHECK(gdp->matches == 1);
  CHECK(gdp->dfa_bytes > 0);
  CHECK(gdp->dfa_states == 0);  // the unprofiled extraction built them

  // A second profiled document adds the same work again, byte for byte.
  extractor.Extract(kDocument, "third", options);
  std::vector<rt::PatternCost> twice = extractor.Profile();
  const rt::PatternCost* gdp2 = Find(twice, "rule review.gdp#1");
  REQUIRE(gdp2 != nullptr);
  CHECK(gdp2->anchor_hits == 8);
  CHECK(gdp2->windows == 2 * gdp->windows);
  CHECK(gdp2->dfa_bytes == 2 * gdp->dfa_bytes);
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
