// Report JSON (runtime/output/json.cc and json_writer.cc) against the tree-building serialiser it
// replaced (json_reference.h): the same bytes, compact and pretty, over real reports of the
// example templates and over random reports built to hit the corners (names that meet twice in
// one object, strings with control characters and ill-formed UTF-8, every kind of double).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/compiler.h"
#include "runtime/output/json_writer.h"
#include "runtime/report.h"
#include "tests/runtime/output/json_reference.h"

namespace rptc {
namespace {

namespace fs = std::filesystem;

// What cli/output_json.cc did to nest a pretty report in an array, before base_indent.
std::string IndentLines(const std::string& json) {
  std::string out;
  for (char c : json) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out;
}

void CheckSameJson(const rt::Program& program, const rt::Report& report) {
  for (int indent : {-1, 2, 4}) {
    INFO("indent " << indent);
    CHECK(rt::ReportToJson(program, report, indent) ==
          rt::reference::ReferenceReportToJson(program, report, indent));
  }
  std::string nested;
  rt::AppendReportJson(program, report, 2, 2, &nested);
  CHECK(nested == IndentLines(rt::reference::ReferenceReportToJson(program, report, 2)));
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// ---- Random reports ----------------------------------------------------------------------------

class Random {
 public:
  explicit Random(uint32_t seed) : gen_(seed) {}
  uint32_t Below(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(gen_); }
  bool OneIn(uint32_t n) { return Below(n) == 0; }

  // Mostly text, with every byte class the escaper distinguishes.
  std::string Text() {
    static const char* const kPieces[] = {
        "增长", "6.5%", "GDP", "\"", "\\", "\n", "\t", "\b", "\f", "\r", "\x01", "\x1F",
        "\x7F", "/", " ", "é", "𠀀", "\xEF\xBF\xBD", "。", "\xFF", "\xC3", "\xE4\xB8",
        "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC0\xAF", "\xE0\x80\x80", "\xF0\x80\x80\x80", "a"};
    std::string s;
    const uint32_t n = Below(8);
    for (uint32_t i = 0; i < n; ++i) {
      // Ill-formed pieces (index 19 on) are rarer, so most strings take the fast path.
      const uint32_t k = OneIn(6) ? Below(std::size(kPieces)) : Below(19);
      s += kPieces[k];
    }
    return s;
  }

  // A name from a small set, so that names meet: sections, fields and lists share it.
  std::string Name() {
    static const char* const kNames[] = {"gdp", "revenue", "fields", "sections", "template",
                                         "violations", "warnings", "review", "tasks", "增长"};
    return kNames[Below(std::size(kNames))];
  }

  double Double() {
    switch (Below(12)) {
      case 0: return 0.0;
      case 1: return -0.0;
      case 2: return std::numeric_limits<double>::quiet_NaN();
      case 3: return std::numeric_limits<double>::infinity();
      case 4: return -std::numeric_limits<double>::infinity();
      case 5: return 9e15;
      case 6: return 8999999999999999.0;
      case 7: return 1e300 * (OneIn(2) ? 1 : -1);
      case 8: return 1e-300;
      case 9: return static_cast<double>(Below(1000000)) / 100.0;
      case 10: return static_cast<double>(Below(100000)) * 10000.0;
      default: return std::uniform_real_distribution<double>(-1e12, 1e12)(gen_);
    }
  }

  rt::Provenance Where() {
    rt::Provenance p;
    p.begin = Below(100000);
    p.end = p.begin + Below(100);
    p.line = static_cast<int>(Below(1000));
    p.column = static_cast<int>(Below(200));
    p.text = Text();
    p.rule = Name() + "#" + std::to_string(Below(5));
    return p;
  }

 private:
  std::mt19937 gen_;
};

rt::Program RandomProgram(Random& r) {
  rt::Program p;
  p.template_name = r.OneIn(4) ? r.Text() : "gwr";
  p.template_version = "1." + std::to_string(r.Below(10));
  const uint32_t fields = 1 + r.Below(8);
  for (uint32_t f = 0; f < fields; ++f) {
    rt::Field field;
    field.name = r.Name();
    field.cardinality = r.OneIn(2) ? rt::Cardinality::kMany : rt::Cardinality::kOne;
    p.fields.push_back(field);
  }
  return p;
}

rt::FieldValue RandomValue(Random& r, const rt::Program& program) {
  rt::FieldValue fv;
  fv.field_index = r.Below(static_cast<uint32_t>(program.fields.size()));
  // Keyed fields have concrete names of their own; here they collide on purpose.
  fv.field = r.OneIn(3) ? r.Name() : program.fields[fv.field_index].name;
  rt::Value& v = fv.value;
  v.type = static_cast<rt::ValueType>(r.Below(11));
  v.qualifier = static_cast<rt::Qualifier>(r.Below(5));
  v.number = r.Double();
  v.low = r.Double();
  v.high = r.Double();
  if (r.OneIn(2)) v.unit = r.OneIn(2) ? "CNY" : r.Text();
  const uint32_t parts = r.Below(4);
  for (uint32_t i = 0; i < parts; ++i) v.parts.push_back(r.Double());
  v.year = static_cast<int>(r.Below(3000)) - (r.OneIn(10) ? 100000 : 0);
  v.month = static_cast<int>(r.Below(13));
  v.day = r.OneIn(20) ? -2147483647 : static_cast<int>(r.Below(32));
  v.text = r.Text();
  fv.where = r.Where();
  return fv;
}

void RandomBody(Random& r, const rt::Program& program, rt::SectionResult* s) {
  const uint32_t values = r.Below(12);
  for (uint32_t i = 0; i < values; ++i) s->values.push_back(RandomValue(r, program));
  const uint32_t lists = r.Below(3);
  for (uint32_t l = 0; l < lists; ++l) {
    rt::ListResult list;
    list.name = r.Name();
    const uint32_t items = r.Below(4);
    for (uint32_t i = 0; i < items; ++i) {
      rt::ListItem item;
      item.index = static_cast<int>(r.Below(20)) - 1;
      item.marker = r.Text();
      item.title = r.Text();
      item.title_where = r.Where();
      item.body_begin = r.Below(1000);
      item.body_end = item.body_begin + r.Below(1000);
      list.items.push_back(item);
    }
    s->lists.push_back(list);
  }
}

rt::Report RandomReport(Random& r, const rt::Program& program) {
  rt::Report report;
  report.document = r.OneIn(3) ? r.Text() : "reports/zh-2021.txt";
  report.bytes = r.OneIn(5) ? std::numeric_limits<uint64_t>::max() : r.Below(1u << 30);
  RandomBody(r, program, &report.document_level);
  const uint32_t sections = r.Below(5);
  for (uint32_t s = 0; s < sections; ++s) {
    rt::SectionResult section;
    section.name = r.Name();
    section.section_index = s;
    section.present = !r.OneIn(3);
    section.heading = r.Where();
    section.begin = r.Below(1000);
    section.end = section.begin + r.Below(100000);
    RandomBody(r, program, &section);
    report.sections.push_back(section);
  }
  const uint32_t violations = r.Below(3);
  for (uint32_t v = 0; v < violations; ++v) {
    rt::Violation violation;
    violation.severity = r.OneIn(2) ? rt::Severity::kError : rt::Severity::kWarning;
    violation.rule = r.Text();
    violation.message = r.Text();
    if (r.OneIn(2)) violation.where = r.Where();
    report.violations.push_back(violation);
  }
  const uint32_t warnings = r.OneIn(2) ? 0 : r.Below(3);
  for (uint32_t w = 0; w < warnings; ++w) {
    report.warnings.push_back({r.Below(1000), static_cast<int>(r.Below(9)),
                               static_cast<int>(r.Below(9)), r.Text()});
  }
  return report;
}

TEST_SUITE("output") {

TEST_CASE("json: random reports print as the tree-building serialiser printed them") {
  Random r(20261122);
  for (int i = 0; i < 3000; ++i) {
    const rt::Program program = RandomProgram(r);
    const rt::Report report = RandomReport(r, program);
    INFO("report " << i);
    CheckSameJson(program, report);
  }
}

TEST_CASE("json: strings escape as nlohmann escapes them") {
  Random r(7);
  for (int i = 0; i < 20000; ++i) {
    std::string s = r.Text();
    if (r.OneIn(4)) s.push_back(static_cast<char>(r.Below(256)));  // any byte at the end
    std::string ours;
    rt::AppendJsonString(s, &ours);
    CHECK(ours == nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<char>(b));
  std::string ours;
  rt::AppendJsonString(all_bytes, &ours);
  CHECK(ours ==
        nlohmann::json(all_bytes).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

TEST_CASE("json: the example templates' reports print as before") {
  const fs::path root = RPTC_SOURCE_DIR;
  for (const char* example : {"quickstart", "gwr"}) {
    const fs::path dir = root / "examples" / example;
    CompileResult compiled = CompileFile((dir / (std::string(example) + ".rpt")).string());
    INFO(Render(compiled.diagnostics, compiled.sources));
    REQUIRE(compiled.program.has_value());
    auto program = std::make_shared<const rt::Program>(std::move(*compiled.program));
    rt::Extractor extractor(program);
    std::vector<fs::path> documents;
    for (const auto& e : fs::directory_iterator(dir / "reports")) documents.push_back(e.path());
    const fs::path corpus = fs::path(RPTC_SHARED_DIR) / "corpus";
    if (std::string(example) == "gwr" && fs::exists(corpus)) {
      for (const auto& e : fs::directory_iterator(corpus)) documents.push_back(e.path());
    }
    for (const fs::path& path : documents) {
      INFO(path.string());
      const std::string text = ReadAll(path);
      CheckSameJson(*program, extractor.Extract(text, path.string()));
      // Broken input: ill-formed bytes and NULs end up in matched text and warnings.
      std::string broken = text;
      for (size_t at = 7; at < broken.size(); at += 997) broken[at] = (at % 2) ? '\xFF' : '\0';
      CheckSameJson(*program, extractor.Extract(broken, path.string() + "\xC3"));
    }
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace rptc
