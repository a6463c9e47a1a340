// rptc check: exit codes, the text form (path:line:col, rule, message, snippet), JSON, JUnit XML
// and SARIF 2.1.0 validated with a JSON Schema (tests/cli/data/).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/run_process.h"

namespace rptc::cli_test {
namespace {

std::string Mini() { return DataDir() + "/mini.rpt"; }
std::string Docs() { return DataDir() + "/docs"; }

// a.txt and c.txt conform; b.txt has no targets section (errors) and a review growth of 35%
// (a warning: the template checks review.gdp_growth in -50..20).
TEST_SUITE("cli") {
  TEST_CASE("check exits 0 when every report conforms, 1 when one does not") {
    RunResult ok = RunRptc({"check", Mini(), Docs() + "/a.txt", Docs() + "/sub/c.txt"});
    CHECK(ok.code == 0);
    CHECK(Lines(ok.out).back() == "2 reports: 2 conform, 0 do not (0 errors, 0 warnings)");

    RunResult bad = RunRptc({"check", Mini(), Docs()});
    CHECK(bad.code == 1);
    CHECK(Contains(bad.out, Docs() + "/b.txt: error: "));
    CHECK(Contains(bad.out, "a work report states its GDP growth target"));
    CHECK(!Contains(bad.out, Docs() + "/a.txt"));
    CHECK(Contains(Lines(bad.out).back(), "3 reports: 2 conform, 1 does not"));
  }

  TEST_CASE("a located violation shows path:line:col, the rule and a snippet with a caret") {
    TempDir dir;
    // Conforms except for the warning: the review's growth of 35% is out of -50..20.
    WriteAll(dir / "w.txt",
             "2021年政府工作报告\n一、工作回顾\n全市地区生产总值达到1200亿元，增长35%。\n"
             "二、主要预期目标\n地区生产总值增长6%左右。\n");
    RunResult r = RunRptc({"check", Mini(), dir / "w.txt"});
    CHECK(r.code == 0);  // warnings alone do not fail...
    CHECK(Contains(r.out, dir / "w.txt:3:"));
    CHECK(Contains(r.out, ": warning: "));
    CHECK(Contains(r.out, " 3 | "));
    CHECK(Contains(r.out, "^"));
    CHECK(RunRptc({"check", Mini(), dir / "w.txt", "--werror"}).code == 1);  // ...unless --werror
  }

  TEST_CASE("check of a template that does not compile, or without inputs, exits 2") {
    TempDir dir;
    WriteAll(dir / "bad.rpt", "section {\n");
    CHECK(RunRptc({"check", dir / "bad.rpt", Docs()}).code == 2);
    CHECK(RunRptc({"check", Mini()}).code == 2);
  }

  TEST_CASE("check --format json lists every report with its violations") {
    RunResult r = RunRptc({"check", Mini(), Docs(), "--format", "json"});
    CHECK(r.code == 1);
    nlohmann::json j = nlohmann::json::parse(r.out);
    REQUIRE(j.size() == 3);
    CHECK(j[0]["conforms"] == true);
    CHECK(j[1]["document"] == Docs() + "/b.txt");
    CHECK(j[1]["conforms"] == false);
    CHECK(j[1]["errors"].get<int>() >= 1);
    CHECK(j[1]["violations"].size() >= 2);
  }

  TEST_CASE("check --format junit has one test case per report x rule") {
    RunResult r = RunRptc({"check", Mini(), Docs(), "--format", "junit"});
    CHECK(r.code == 1);
    CHECK(r.out.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", 0) == 0);
    // mini.rpt has 4 rules (`require review, targets` is two) and there are 3 reports.
    CHECK(Contains(r.out, "tests=\"12\""));
    size_t cases = 0;
    for (size_t at = r.out.find("<testcase "); at != std::string::npos;
         at = r.out.find("<testcase ", at + 1)) {
      ++cases;
    }
    CHECK(cases == 12);
    CHECK(Contains(r.out, "<failure "));
    // Well-formed XML: Python's parser accepts it.
    RunResult parsed =
        Run({"python3", "-c", "import sys, xml.etree.ElementTree as E; E.parse(sys.stdin)"}, r.out);
    CHECK(parsed.code == 0);
  }

  TEST_CASE("check --format sarif validates against the SARIF 2.1.0 schema") {
    RunResult r = RunRptc({"check", Mini(), Docs(), "--format", "sarif"});
    CHECK(r.code == 1);
    nlohmann::json sarif = nlohmann::json::parse(r.out);
    CHECK(sarif["version"] == "2.1.0");
    const nlohmann::json& run = sarif["runs"][0];
    CHECK(run["tool"]["driver"]["name"] == "rptc");
    CHECK(run["tool"]["driver"]["rules"].size() == 4);
    REQUIRE(!run["results"].empty());
    for (const nlohmann::json& result : run["results"]) {
      CHECK(result["ruleId"].get<std::string>().rfind("rptc/", 0) == 0);
      CHECK(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .get<std::string>()
                .find("b.txt") != std::string::npos);
    }
    const char* validate = R"(
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.validate(json.load(sys.stdin), schema,
                    format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
)";
    // The official OASIS schema when it is in the tree, else the subset written from the
    // specification for what rptc emits (see its description).
    std::string schema = DataDir() + "/sarif-schema-2.1.0.json";
    if (!fs::exists(schema)) schema = DataDir() + "/sarif-2.1.0-subset.schema.json";
    RunResult valid = Run({"python3", "-c", validate, schema}, r.out);
    if (valid.code != 0 && Contains(valid.err, "No module named 'jsonschema'")) {
      // A python3 earlier in PATH than Debian's may lack the module that setup.sh installs.
      valid = Run({"/usr/bin/python3", "-c", validate, schema}, r.out);
    }
    CHECK_MESSAGE(valid.code == 0, valid.err);
  }
}

}  // namespace
}  // namespace rptc::cli_test
