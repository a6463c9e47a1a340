// bench/baseline_template.py: the baseline's regexes as a template that rptc compiles and that
// finds what the regexes find.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/run_process.h"

namespace rptc::cli_test {
namespace {

std::string Script() { return SourceDir() + "/bench/baseline_template.py"; }

// The template the script writes for `patterns`, checked to convert without an error.
std::string Translate(const TempDir& dir, const std::string& patterns) {
  WriteAll(dir / "patterns.txt", patterns);
  RunResult r = Run({"python3", Script(), dir / "patterns.txt"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return r.out;
}

TEST_SUITE("bench") {
  TEST_CASE("each regex becomes a field that keeps every match, as the baseline counts them") {
    TempDir dir;
    // Lazy and greedy bounds, a negated class with an escaped quote, (?:...), \n, \d and \.
    const std::string tmpl = Translate(dir,
                                       "(生产总值|GDP)[^,，。\\n]{0,12}?([0-9]{1,9}(?:\\.[0-9]{1,4})?)"
                                       "(亿元|万元)\n"
                                       "增长(\\d{1,3}(?:\\.\\d)?)%\n"
                                       "\n"
                                       "“([^”\\\"]{2,8})”\n");
    CHECK(tmpl.find("field f01: text many all = @value(") != std::string::npos);
    CHECK(tmpl.find("field f02: text many all = @value(") != std::string::npos);
    CHECK(tmpl.find("field f03") == std::string::npos);  // the empty line
    CHECK(tmpl.find("field f04: text many all = @value(") != std::string::npos);
    WriteAll(dir / "baseline.rpt", tmpl);
    WriteAll(dir / "doc.txt",
             "全县GDP完成431.8亿元,增长2.5%;财政收入增长10%。生产总值约20万元。提出“高质量发展”。\n");
    RunResult r = RunRptc({"extract", dir / "baseline.rpt", dir / "doc.txt", "--format", "jsonl"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const auto fields = nlohmann::json::parse(r.out)["fields"];
    auto texts = [&](const char* field) {
      std::vector<std::string> out;
      for (const auto& v : fields.value(field, nlohmann::json::array())) out.push_back(v["text"]);
      return out;
    };
    CHECK(texts("f01") == std::vector<std::string>{"GDP完成431.8亿元", "生产总值约20万元"});
    CHECK(texts("f02") == std::vector<std::string>{"增长2.5%", "增长10%"});
    CHECK(texts("f04") == std::vector<std::string>{"“高质量发展”"});
  }

  TEST_CASE("a regex outside the subset is named with its line, and no template is written") {
    TempDir dir;
    WriteAll(dir / "patterns.txt", "增长[0-9\n");
    RunResult r = Run({"python3", Script(), dir / "patterns.txt"});
    CHECK(r.code != 0);
    CHECK(r.err.find("patterns.txt:1: unterminated class at column 3") != std::string::npos);
  }

  TEST_CASE("the baseline's own 86 regexes compile") {
    const std::string patterns = std::string(RPTC_SHARED_DIR) + "/bench/patterns.txt";
    if (!fs::exists(patterns)) {
      MESSAGE("skipped: " << patterns << " is absent (the shared benchmark is not checked out)");
      return;
    }
    TempDir dir;
    RunResult t = Run({"python3", Script(), patterns});
    REQUIRE_MESSAGE(t.code == 0, t.err);
    size_t fields = 0;
    for (size_t at = t.out.find("\nfield f"); at != std::string::npos;
         at = t.out.find("\nfield f", at + 1)) {
      ++fields;
    }
    CHECK(fields == 86);
    WriteAll(dir / "baseline.rpt", t.out);
    RunResult r = RunRptc({"check-template", dir / "baseline.rpt"});
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(r.err.find("error") == std::string::npos);
  }
}

}  // namespace
}  // namespace rptc::cli_test
