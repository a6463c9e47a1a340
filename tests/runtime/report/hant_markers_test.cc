// Traditional input through an Extractor whose program carries the compiler's Traditional
// markers (Program::hant_markers, HantMarkers in runtime/text.h): documents are probed with the
// stored markers, and the transliterator is created only for the first one that holds a marker.
// Every report must equal the one from the same program without stored markers, where the
// normaliser computes the markers itself, whatever order the documents come in.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "runtime/report.h"
#include "runtime/text.h"
#include "tests/runtime/report/compile_template.h"

namespace rptc {
namespace {

const char* kHantTemplate = R"rpt(
template hant "Traditional input" {
  normalize nfkc, hant_to_hans
}
lexicon ind {
  gdp: "地区生产总值" | "GDP"
  unemployment: "城镇调查失业率"
}
pattern pct = [0-9]{1,3} ("." [0-9]{1,2})? "%" ("左右" | "以内")?
section targets { begin "预期目标"
  field {key}_growth: percent = @key:ind "增长" @value:percent(pct)
  field {key}_rate: percent = @key:ind "控制在"? @value:percent(pct)
}
)rpt";

const std::vector<std::string> kDocuments = {
    // Simplified, with characters ICU's Hant-Hans alone would change (著 乾 後).
    "今年经济社会发展的主要预期目标是:地区生产总值增长6%左右,之後显著提升。\n",
    // Traditional: a marker ends the probing pass.
    "今年經濟社會發展的主要預期目標是：地區生產總值增長6.5%左右，城鎮調查失業率控制在5.5%以內。\n",
    "Main targets: GDP 5%.\n",
    // Simplified with one quoted Traditional sentence.
    "预期目标:地区生产总值增长7%。台湾媒体写道:「今年經濟社會發展的主要預期目標已經實現。」\n",
    "预期目标:城镇调查失业率5.5%以内。\n",
};

std::string Json(const rt::Extractor& extractor, const rt::Program& program,
                 const std::string& doc) {
  return rt::ReportToJson(program, extractor.Extract(doc, "doc.txt"));
}

TEST_SUITE("report") {

TEST_CASE("the compiler stores the Traditional markers of this ICU with the program") {
  const std::shared_ptr<const rt::Program> program = testing::CompileTemplate(kHantTemplate);
  REQUIRE(program->hant_to_hans);
  CHECK(program->hant_icu_version == rt::HantIcuVersion());
  const std::optional<std::vector<uint32_t>> markers = rt::ComputeHantMarkers();
  REQUIRE(markers);
  CHECK(program->hant_markers == *markers);
  CHECK_FALSE(program->hant_markers.empty());
  // 經 is Traditional-only; 著 (GB 2312) and 着 (an output of 著) are not markers.
  const rt::HantMarkers set(program->hant_markers);
  CHECK(set.IsMarker(U'經'));
  CHECK_FALSE(set.IsMarker(U'著'));
  CHECK_FALSE(set.IsMarker(U'着'));
  CHECK_FALSE(set.IsMarker(U'经'));
}

TEST_CASE("stored Traditional markers give the reports computed ones give, in any order") {
  const std::shared_ptr<const rt::Program> stored = testing::CompileTemplate(kHantTemplate);
  REQUIRE_FALSE(stored->hant_markers.empty());
  auto computed = std::make_shared<rt::Program>(*stored);
  computed->hant_icu_version.clear();  // as under another ICU: Normalize computes them
  // Markers from another ICU are never used, even when they would be wrong.
  auto foreign = std::make_shared<rt::Program>(*stored);
  foreign->hant_icu_version = "0.0.0.0/0.0.0.0";
  foreign->hant_markers.clear();

  std::vector<std::string> expected;
  {
    const rt::Extractor reference(computed);
    for (const std::string& doc : kDocuments) expected.push_back(Json(reference, *computed, doc));
  }
  // The Traditional document was read (地區生產總值 became the lexicon's 地区生产总值).
  CHECK(expected[1].find("gdp_growth") != std::string::npos);

  // Fresh extractors per order: the first Traditional document comes first, in the middle
  // (after Simplified ones, where the transliterator waits for it) and last.
  const std::vector<std::vector<size_t>> orders = {{0, 1, 2, 3, 4}, {1, 0, 2, 3, 4},
                                                   {0, 2, 4, 1, 3}, {4, 3, 2, 0, 1}};
  for (const std::shared_ptr<const rt::Program>& program :
       {stored, std::shared_ptr<const rt::Program>(foreign)}) {
    for (const std::vector<size_t>& order : orders) {
      const rt::Extractor extractor(program);
      for (const size_t i : order) {
        CAPTURE(i);
        CHECK(Json(extractor, *program, kDocuments[i]) == expected[i]);
      }
    }
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
