// rptc explain: the furthest-reach simulation, match verdicts (won, lost and why, outside the
// section, unparsed), near misses named by pattern element, and the CLI (text, JSON, errors).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compiler/compiler.h"
#include "runtime/engine/matcher.h"
#include "runtime/explain/explain.h"
#include "runtime/explain/plan.h"
#include "runtime/explain/reach.h"
#include "tests/cli/run_process.h"

namespace rptc {
namespace {

using rt::explain::Explanation;
using rt::explain::MatchInfo;
using rt::explain::NearMiss;

CompileResult MustCompile(const std::string& text) {
  CompileResult r = CompileText("t.rpt", text);
  for (const Diagnostic& d : r.diagnostics.all()) {
    if (d.severity == Severity::kError) FAIL_CHECK(d.message);
  }
  REQUIRE(r.program);
  REQUIRE(r.checked);
  return r;
}

Explanation ExplainField(const CompileResult& r, const std::string& doc, const std::string& path) {
  std::string error;
  auto ref = rt::explain::ResolveField(*r.program, path, &error);
  REQUIRE_MESSAGE(ref, error);
  rt::explain::TemplateRuleModel model(r);
  return rt::explain::Explain(*r.program, &model, doc, "doc.txt", *ref, path);
}

const char* kGapTemplate = R"(
lexicon economy { gdp: "地区生产总值" | "生产总值" }
section review { begin "工作回顾"
  field gdp: money = economy.gdp gap(0..8) @value:money
}
)";

TEST_SUITE("explain") {

TEST_CASE("The reach simulation agrees with the matcher and reports how far a failed match got") {
  CompileResult r = MustCompile(R"(
section s { begin "S"
  field f: text = "增长" [0-9]{1,3} @value("%") }
)");
  const rt::Program& p = *r.program;
  uint32_t a = p.rules[0].automaton;
  rt::Matcher matcher(p);
  auto scratch = matcher.NewScratch();
  rt::explain::Reacher reacher;
  for (std::string text : {"增长12%", "增长12", "增长%", "增长1234%", "下降5%"}) {
    CAPTURE(text);
    uint32_t slots[2];
    bool expected = matcher.MatchAt(a, text, 0, static_cast<uint32_t>(text.size()), *scratch, slots);
    rt::explain::ReachResult rr = reacher.Run(p, a, text, 0, static_cast<uint32_t>(text.size()));
    CHECK(rr.matched == expected);
    if (expected) CHECK(rr.end == slots[1]);
  }
  std::string text = "增长12元";
  rt::explain::ReachResult rr = reacher.Run(p, a, text, 0, static_cast<uint32_t>(text.size()));
  CHECK_FALSE(rr.matched);
  CHECK(rr.reach == std::string("增长12").size());  // got through the digits, failed at 元
}

TEST_CASE("A gap that is too short is measured between the elements around it") {
  CompileResult r = MustCompile(kGapTemplate);
  std::string doc = "一、工作回顾\n全县生产总值按可比价格计算全年完成431.8亿元。\n";
  Explanation e = ExplainField(r, doc, "review.gdp");
  REQUIRE(e.rules.size() == 1);
  CHECK(e.chosen.empty());
  REQUIRE(e.rules[0].near_misses.size() == 1);
  const NearMiss& nm = e.rules[0].near_misses[0];
  CHECK(nm.kind == NearMiss::Kind::kPartial);
  CHECK(nm.message == "gap(0..8) exceeded: 11 characters between 生产总值 and 431.8亿元");
  REQUIRE(nm.failed);
  CHECK(nm.failed->label == "gap(0..8)");
  REQUIRE_FALSE(nm.matched.empty());
  CHECK(nm.matched[0].label == "economy.gdp");
  CHECK(nm.matched[0].where.text == "生产总值");
  // Offsets are in the original document.
  CHECK(doc.substr(nm.anchor_at.begin, nm.anchor_at.end - nm.anchor_at.begin) == "生产总值");
  CHECK(nm.anchor_at.line == 2);
}

TEST_CASE("A gap that would cross a clause boundary says so") {
  CompileResult r = MustCompile(kGapTemplate);
  std::string doc = "工作回顾\n生产总值稳步增长,达到431.8亿元。\n";
  Explanation e = ExplainField(r, doc, "review.gdp");
  REQUIRE(e.rules[0].near_misses.size() == 1);
  const NearMiss& nm = e.rules[0].near_misses[0];
  CHECK(nm.message.find("cannot cross the clause boundary ','") != std::string::npos);
  CHECK(nm.message.find("431.8亿元") != std::string::npos);
}

TEST_CASE("The failing element is named when a literal does not follow") {
  CompileResult r = MustCompile(R"(
section review { begin "工作回顾"
  field growth: percent = "生产总值" gap(0..4) "增长" @value:percent
}
)");
  std::string doc = "工作回顾\n生产总值下降3%。\n";
  Explanation e = ExplainField(r, doc, "review.growth");
  REQUIRE(e.rules[0].near_misses.size() == 1);
  const NearMiss& nm = e.rules[0].near_misses[0];
  REQUIRE(nm.failed);
  CHECK(nm.failed->label == "\"增长\"");
  CHECK(nm.message.find("\"增长\" does not occur within gap(0..4) after 生产总值") !=
        std::string::npos);
}

TEST_CASE("A match inside a section's excluded text is reported as excluded, as extract skips it") {
  CompileResult r = MustCompile(R"(
section review { begin "工作回顾"
  exclude "五年来" [^。]{0,30}
  field gdp: money = "生产总值" gap(0..4) @value:money
}
)");
  std::string doc = "工作回顾\n五年来,生产总值达到300亿元。今年生产总值431.8亿元。\n";
  Explanation e = ExplainField(r, doc, "review.gdp");
  REQUIRE(e.chosen.size() == 1);
  CHECK(e.chosen[0].where.text == "431.8亿元");
  const auto& m = e.rules[0].matches;
  REQUIRE(m.size() == 2);
  CHECK(m[0].status == MatchInfo::Status::kExcluded);
  CHECK(m[0].reason.find("an exclude pattern of section review") != std::string::npos);
  CHECK(m[1].status == MatchInfo::Status::kWon);
  CHECK(StatusName(MatchInfo::Status::kExcluded) == "excluded");
}

TEST_CASE("Every match is reported with the policy that decided it") {
  CompileResult r = MustCompile(R"(
lexicon economy { gdp: "生产总值" }
section review { begin "工作回顾"
  field gdp: money = economy.gdp gap(0..4) @value:money
  field gdp_best: money best
    = economy.gdp gap(0..4) @value:money
    = "GDP" gap(0..4) @value:money priority 2
}
)");
  std::string doc =
      "生产总值100亿元。\n工作回顾\n生产总值431.8亿元。后来生产总值达到500亿元。GDP为431.8亿元。\n";
  Explanation e = ExplainField(r, doc, "review.gdp");
  REQUIRE(e.chosen.size() == 1);
  CHECK(e.chosen[0].where.text == "431.8亿元");
  const auto& m = e.rules[0].matches;
  REQUIRE(m.size() == 3);
  CHECK(m[0].status == MatchInfo::Status::kOutsideSection);
  CHECK(m[0].reason.find("outside section review") != std::string::npos);
  CHECK(m[1].status == MatchInfo::Status::kWon);
  CHECK(m[1].reason.find("policy first") != std::string::npos);
  CHECK(m[2].status == MatchInfo::Status::kLost);
  REQUIRE(m[2].lost_to);
  CHECK(m[2].lost_to->where.text == "431.8亿元");
  CHECK(m[2].reason.find("policy first") != std::string::npos);

  Explanation best = ExplainField(r, doc, "review.gdp_best");
  REQUIRE(best.rules.size() == 2);
  REQUIRE(best.chosen.size() == 1);
  CHECK(best.chosen[0].rule == "review.gdp_best#2");
  bool saw_priority = false;
  for (const MatchInfo& mi : best.rules[0].matches) {
    if (mi.status == MatchInfo::Status::kLost &&
        mi.reason.find("higher priority (2 > 0; policy best)") != std::string::npos) {
      saw_priority = true;
    }
    if (mi.status == MatchInfo::Status::kDuplicate) {
      CHECK(mi.reason.find("review.gdp_best#2") != std::string::npos);
    }
  }
  CHECK(saw_priority);
}

TEST_CASE("A candidate a `where` condition drops is reported with both values") {
  CompileResult r = MustCompile(R"(
field review_year: year = @value:year "工作回顾"
section review { begin "工作回顾"
  field gdp: money where @year == review_year = @year:year "生产总值" @value:money
}
)");
  Explanation e = ExplainField(r, "2020年工作回顾\n2019年生产总值185亿元。2020年生产总值203.6亿元。\n",
                               "review.gdp");
  REQUIRE(e.chosen.size() == 1);
  CHECK(e.chosen[0].where.text == "203.6亿元");
  const auto& m = e.rules[0].matches;
  REQUIRE(m.size() == 2);
  CHECK(m[0].status == MatchInfo::Status::kLost);
  CHECK(m[0].reason == "its @year is 2019, not review_year = 2020 (where @year == review_year)");
  CHECK(m[1].status == MatchInfo::Status::kWon);
}

TEST_CASE("A value that does not parse is reported with its text") {
  CompileResult r = MustCompile(R"(
section review { begin "工作回顾"
  field amount: money = "金额" @value:money([0-9]{1,6})
}
)");
  Explanation e = ExplainField(r, "工作回顾\n金额123。\n", "review.amount");
  REQUIRE(e.rules[0].matches.size() == 1);
  CHECK(e.rules[0].matches[0].status == MatchInfo::Status::kUnparsed);
  CHECK(e.rules[0].matches[0].reason == "the @value text '123' did not parse as money");
}

TEST_CASE("Field paths resolve keyed names and unknown paths list what exists") {
  CompileResult r = MustCompile(R"(
lexicon ind { gdp: "生产总值" tax: "税收" }
section targets { begin "目标"
  field {key}_growth: percent = @key:ind gap(0..4) "增长" @value:percent
}
field report_year: year = @value:year "政府工作报告"
)");
  std::string error;
  auto ref = rt::explain::ResolveField(*r.program, "targets.tax_growth", &error);
  REQUIRE(ref);
  CHECK(ref->name == "tax_growth");
  CHECK(rt::explain::ResolveField(*r.program, "report_year", &error));
  CHECK_FALSE(rt::explain::ResolveField(*r.program, "targets.nothing", &error));
  CHECK(error.find("targets.gdp_growth") != std::string::npos);
  // Keyed: values of other keys are counted, not listed.
  Explanation e = ExplainField(r, "目标\n生产总值增长8%,税收增长5%。\n", "targets.tax_growth");
  REQUIRE(e.chosen.size() == 1);
  CHECK(e.chosen[0].where.text == "5%");
  CHECK(e.rules[0].other_keys == 1);
  REQUIRE(e.rules[0].matches.size() == 1);
  CHECK(e.rules[0].matches[0].status == MatchInfo::Status::kWon);
}

TEST_CASE("explain prints text and a stable JSON shape from the command line") {
  using namespace cli_test;
  std::string quick = SourceDir() + "/examples/quickstart/quickstart.rpt";
  std::string sample = SourceDir() + "/examples/quickstart/reports/sample.txt";
  RunResult text = RunRptc({"explain", quick, sample, "--field", "review.gdp"});
  CHECK(text.code == 0);
  CHECK(Contains(text.out, "field review.gdp"));
  CHECK(Contains(text.out, "won"));
  CHECK_FALSE(Contains(text.out, "\x1b["));  // not a terminal: no colour
  RunResult coloured =
      RunRptc({"explain", quick, sample, "--field", "review.gdp", "--color", "always"});
  CHECK(Contains(coloured.out, "\x1b[32m"));

  RunResult json = RunRptc({"explain", quick, sample, "--field", "review.gdp", "--format", "json"});
  REQUIRE(json.code == 0);
  nlohmann::json j = nlohmann::json::parse(json.out);
  for (const char* key : {"field", "document", "name", "type", "cardinality", "policy", "keyed",
                          "section", "chosen", "rules"}) {
    CHECK_MESSAGE(j.contains(key), key);
  }
  REQUIRE(j["rules"].size() == 1);
  for (const char* key : {"rule", "line", "priority", "source", "anchors", "unanchored", "matches",
                          "near_misses", "near_misses_omitted", "other_keys"}) {
    CHECK_MESSAGE(j["rules"][0].contains(key), key);
  }
  REQUIRE(j["chosen"].size() == 1);
  CHECK(j["chosen"][0]["text"] == "431.8亿元");
  CHECK(j["rules"][0]["matches"][0]["status"] == "won");

  RunResult bad = RunRptc({"explain", quick, sample, "--field", "review.nothing"});
  CHECK(bad.code == 2);
  CHECK(Contains(bad.err, "review.gdp_growth"));

  TempDir dir;
  RunResult compiled = RunRptc({"compile", quick, "-o", dir / "q.rpto"});
  if (compiled.code == 0) {
    RunResult image = RunRptc({"explain", dir / "q.rpto", sample, "--field", "review.gdp"});
    CHECK(image.code == 2);
    CHECK(Contains(image.err, "template source"));
  }
}

TEST_CASE("explain agrees with extract on the values of the GWR template over real reports") {
  using namespace cli_test;
  std::string gwr = SourceDir() + "/examples/gwr/gwr.rpt";
  std::string doc = SourceDir() + "/examples/gwr/reports/zh-jiangtun-2020.txt";
  RunResult ex = RunRptc({"extract", gwr, doc, "-q"});
  REQUIRE(ex.code == 0);
  nlohmann::json report = nlohmann::json::parse(ex.out);
  for (std::string path : {"review.gdp", "review.gdp_growth", "targets.gdp_growth",
                           "review.fixed_asset_investment_growth"}) {
    CAPTURE(path);
    RunResult r = RunRptc({"explain", gwr, doc, "--field", path, "--format", "json"});
    REQUIRE(r.code == 0);
    nlohmann::json e = nlohmann::json::parse(r.out);
    std::string section = path.substr(0, path.find('.'));
    std::string field = path.substr(path.find('.') + 1);
    nlohmann::json expected = report[section].contains(field) ? report[section][field]
                                                              : nlohmann::json();
    if (expected.is_null()) {
      CHECK(e["chosen"].empty());
      continue;
    }
    if (!expected.is_array()) expected = nlohmann::json::array({expected});
    REQUIRE(e["chosen"].size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      CHECK(e["chosen"][i]["span"] == expected[i]["span"]);
      // The chosen value is one of the matches that won.
      bool found = false;
      for (const auto& rule : e["rules"]) {
        for (const auto& m : rule["matches"]) {
          if (m["status"] != "won") continue;
          for (const auto& v : m["values"]) found = found || v["span"] == expected[i]["span"];
        }
      }
      CHECK(found);
    }
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
