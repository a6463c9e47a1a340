// Tests of Check(): what the CheckedTemplate holds for valid templates, and which diagnostic
// codes invalid ones get. Templates are parsed from text (compiler/parse), as users write them.
// Rendered messages are pinned by the golden tests in tests/diagnostics/.
#include "compiler/check/checker.h"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/check/capture.h"
#include "compiler/compiler.h"
#include "compiler/parse/parser.h"

namespace rptc {
namespace {

namespace fs = std::filesystem;

struct Checked {
  SourceManager sources;
  Diagnostics diagnostics;
  bool parsed = false;
  std::optional<check::CheckedTemplate> result;

  std::vector<std::string> Codes() const {
    std::vector<std::string> codes;
    for (const Diagnostic& d : diagnostics.all()) codes.push_back(d.code);
    return codes;
  }
  bool Has(std::string_view code) const {
    for (const Diagnostic& d : diagnostics.all()) {
      if (d.code == code) return true;
    }
    return false;
  }
  std::string Rendered() const { return Render(diagnostics, sources); }
};

std::unique_ptr<Checked> CheckText(std::string_view text, std::string name = "test.rpt",
                                   CheckOptions options = {}) {
  auto c = std::make_unique<Checked>();
  uint32_t file = c->sources.Add(std::move(name), std::string(text));
  std::optional<ast::Module> module = Parse(c->sources, file, c->diagnostics);
  c->parsed = module.has_value();
  if (module) c->result = Check(std::move(*module), c->sources, c->diagnostics, options);
  return c;
}

// Checks `text` and requires success without errors.
std::unique_ptr<Checked> CheckOk(std::string_view text, std::string name = "test.rpt",
                                 CheckOptions options = {}) {
  auto c = CheckText(text, std::move(name), std::move(options));
  INFO(c->Rendered());
  REQUIRE(c->parsed);
  REQUIRE(c->result.has_value());
  return c;
}

// Depth-first search for the first node of `kind` (with `name` as capture name, if given).
const ast::Pattern* Find(const ast::Pattern& p, ast::PatternKind kind, std::string_view name = "") {
  if (p.kind == kind && (name.empty() || p.capture_name == name)) return &p;
  for (const ast::Pattern& child : p.children) {
    if (const ast::Pattern* found = Find(child, kind, name)) return found;
  }
  return nullptr;
}

void FindAll(const ast::Pattern& p, ast::PatternKind kind, std::vector<const ast::Pattern*>& out) {
  if (p.kind == kind) out.push_back(&p);
  for (const ast::Pattern& child : p.children) FindAll(child, kind, out);
}

const check::FieldDef* FieldNamed(const check::CheckedTemplate& t, std::string_view name) {
  for (const check::FieldDef& f : t.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

constexpr std::string_view kIndicators = R"(
lexicon indicator {
  gdp: "地区生产总值" | "GDP"
  budget_revenue: "一般公共预算收入" | "budget revenue"
}
)";

std::string With(std::string_view body) { return std::string(kIndicators) + std::string(body); }

// A folder of template files for import tests, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("rptc_check_test_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string Write(const std::string& name, std::string_view text) const {
    fs::path file = path / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
};

TEST_SUITE("check") {
  TEST_CASE("lexicons and patterns get the header name as qualified prefix") {
    auto c = CheckOk(std::string("template gwr \"d\" { version \"1\" }\n") + std::string(kIndicators) +
                     "pattern growth = \"增长\" | \"up\"\n"
                     "field g: text = growth @value(\"x\")\n");
    const check::CheckedTemplate& t = *c->result;
    CHECK(t.header.name == "gwr");
    REQUIRE(t.lexicon_index.count("gwr.indicator"));
    CHECK(t.lexicons[t.lexicon_index.at("gwr.indicator")].decl.entries.size() == 2);
    REQUIRE(t.pattern_index.count("gwr.growth"));
    CHECK(t.patterns[t.pattern_index.at("gwr.growth")].qualified == "gwr.growth");
    CHECK(t.modules.front().header.has_value());
  }

  TEST_CASE("without a header the file stem is the prefix and the template name") {
    auto c = CheckOk(With("field g: text = indicator @value(\"x\")\n"), "reports/county.rpt");
    CHECK(c->result->header.name == "county");
    CHECK(c->result->lexicon_index.count("county.indicator"));
  }

  TEST_CASE("pattern references resolve to qualified patterns, lexicons and lexicon keys") {
    auto c = CheckOk(std::string("template gwr\n") + std::string(kIndicators) +
                     "pattern growth = \"增长\"\n"
                     "field g: percent = indicator.gdp indicator growth @value:percent(\"1%\")\n");
    const check::FieldDef* g = FieldNamed(*c->result, "g");
    REQUIRE(g);
    std::vector<const ast::Pattern*> refs;
    FindAll(g->rules[0].pattern, ast::PatternKind::kRef, refs);
    REQUIRE(refs.size() == 3);
    CHECK(refs[0]->ref_kind == ast::Pattern::RefKind::kLexicon);
    CHECK(refs[0]->resolved == "gwr.indicator");
    CHECK(refs[0]->resolved_key == "gdp");
    CHECK(refs[1]->ref_kind == ast::Pattern::RefKind::kLexicon);
    CHECK(refs[1]->resolved_key == "");
    CHECK(refs[2]->ref_kind == ast::Pattern::RefKind::kPattern);
    CHECK(refs[2]->resolved == "gwr.growth");
  }

  TEST_CASE("named patterns are resolved too, including references between them") {
    auto c = CheckOk(With("pattern a = b \"x\"\npattern b = indicator.gdp\n"
                          "field f: text = a @value(\"y\")\n"), "m.rpt");
    const check::CheckedTemplate& t = *c->result;
    const ast::Pattern& a = t.patterns[t.pattern_index.at("m.a")].pattern;
    const ast::Pattern* ref = Find(a, ast::PatternKind::kRef);
    REQUIRE(ref);
    CHECK(ref->resolved == "m.b");
    const ast::Pattern& b = t.patterns[t.pattern_index.at("m.b")].pattern;
    REQUIRE(Find(b, ast::PatternKind::kRef));
    CHECK(Find(b, ast::PatternKind::kRef)->resolved_key == "gdp");
  }

  TEST_CASE("for loops expand fields per key and substitute names, references and paths") {
    auto c = CheckOk(With(R"(
section review {
  begin "回顾"
  for key in indicator {
    field {key}: money = indicator.{key} gap(0..8) @value:money("元")
    field {key}_growth: percent = indicator.{key} "增长" @value:percent("%")
    check review.{key}_growth in -50..100
  }
}
)"));
    const check::CheckedTemplate& t = *c->result;
    std::vector<std::string> names;
    for (const check::FieldDef& f : t.fields) names.push_back(f.name);
    CHECK(names == std::vector<std::string>{"gdp", "gdp_growth", "budget_revenue",
                                            "budget_revenue_growth"});
    const check::FieldDef* revenue = FieldNamed(t, "budget_revenue");
    REQUIRE(revenue);
    CHECK_FALSE(revenue->keyed);
    CHECK(revenue->section == 0);
    CHECK(revenue->type.value == rt::ValueType::kMoney);
    const ast::Pattern* ref = Find(revenue->rules[0].pattern, ast::PatternKind::kRef);
    REQUIRE(ref);
    CHECK(ref->resolved_key == "budget_revenue");
    CHECK(ref->ref.ToString() == "indicator.budget_revenue");
    REQUIRE(t.constraints.size() == 2);
    CHECK(t.constraints[0].kind == rt::Constraint::Kind::kRange);
    CHECK(t.constraints[0].field == "gdp_growth");
    CHECK(t.constraints[1].field == "budget_revenue_growth");
    CHECK(t.constraints[1].label == "check review.budget_revenue_growth in -50..100");
    CHECK(t.constraints[1].low == -50);
  }

  TEST_CASE("nested loops bind both variables") {
    auto c = CheckOk(With(R"(
lexicon period { now: "本年" ; next: "明年" }
for p in period {
  for key in indicator {
    field {p}_{key}: text = period.{p} indicator.{key} @value("x")
  }
}
)"));
    CHECK(c->result->fields.size() == 4);
    CHECK(FieldNamed(*c->result, "next_budget_revenue"));
  }

  TEST_CASE("sections get indices in declaration order with their parents") {
    auto c = CheckOk(R"(
section review {
  begin "回顾"
  end before targets, tasks
  section sub { begin "小节" }
}
section targets { begin "目标" }
section tasks { begin "任务" }
order review, targets, tasks
require review.sub
)");
    const check::CheckedTemplate& t = *c->result;
    REQUIRE(t.sections.size() == 4);
    CHECK(t.sections[0].name == "review");
    CHECK(t.sections[0].parent == rt::kNoPos);
    CHECK(t.sections[1].name == "sub");
    CHECK(t.sections[1].parent == 0);
    CHECK(t.sections[2].name == "targets");
    CHECK(t.sections[0].end_before == std::vector<uint32_t>{2, 3});
    REQUIRE(t.sections[0].begin.has_value());
    CHECK(t.sections[0].begin->kind == ast::PatternKind::kLiteral);
    REQUIRE(t.constraints.size() == 2);
    CHECK(t.constraints[0].kind == rt::Constraint::Kind::kOrder);
    CHECK(t.constraints[0].order == std::vector<uint32_t>{0, 2, 3});
    CHECK(t.constraints[1].kind == rt::Constraint::Kind::kRequireSection);
    CHECK(t.constraints[1].section == 1);
  }

  TEST_CASE("paths inside a section see its children first, then outer sections") {
    auto c = CheckOk(R"(
section review {
  begin "回顾"
  field gdp: text = "GDP" @value("x")
  require gdp, targets
}
section targets { begin "目标" }
)");
    const check::CheckedTemplate& t = *c->result;
    REQUIRE(t.constraints.size() == 2);
    CHECK(t.constraints[0].kind == rt::Constraint::Kind::kRequireField);
    CHECK(t.constraints[0].section == 0);
    CHECK(t.constraints[0].field == "gdp");
    CHECK(t.constraints[1].kind == rt::Constraint::Kind::kRequireSection);
    CHECK(t.constraints[1].section == 1);
  }

  TEST_CASE("keyed fields keep their template name and the lexicon of their key") {
    auto c = CheckOk(With(R"(
section targets {
  begin "目标"
  field {key}_target: percent = @key:indicator gap(0..4) @value:percent("%")
}
require targets.gdp_target
check targets.{key}_target in 0..20
)"), "gwr.rpt");
    const check::CheckedTemplate& t = *c->result;
    const check::FieldDef* f = FieldNamed(t, "{key}_target");
    REQUIRE(f);
    CHECK(f->keyed);
    CHECK(f->key_lexicons == std::vector<std::string>{"gwr.indicator"});
    REQUIRE(t.constraints.size() == 2);
    CHECK(t.constraints[0].kind == rt::Constraint::Kind::kRequireField);
    CHECK(t.constraints[0].field == "gdp_target");
    CHECK(t.constraints[1].field == "{key}_target");
  }

  TEST_CASE("captures are canonical: type spelling and qualified lexicon names") {
    auto c = CheckOk(With(R"(
field f: rank = @value:ordinal("第三") @key:indicator @t("x") @n:list(indicator)("y")
)"), "gwr.rpt");
    const ast::Pattern& rule = c->result->fields[0].rules[0].pattern;
    const ast::Pattern* value = Find(rule, ast::PatternKind::kCapture, "value");
    REQUIRE(value);
    CHECK(value->capture_type.name.ToString() == "rank");
    CHECK(check::CaptureType(*value).value == rt::ValueType::kRank);
    const ast::Pattern* key = Find(rule, ast::PatternKind::kCapture, "key");
    REQUIRE(key);
    CHECK(key->capture_type.name.ToString() == "gwr.indicator");
    CHECK(key->children.empty());  // lowering matches the lexicon itself
    check::Type key_type = check::CaptureType(*key);
    CHECK(key_type.value == rt::ValueType::kKey);
    CHECK(key_type.lexicon == "gwr.indicator");
    const ast::Pattern* text = Find(rule, ast::PatternKind::kCapture, "t");
    REQUIRE(text);
    CHECK(check::CaptureType(*text).value == rt::ValueType::kText);
    const ast::Pattern* list = Find(rule, ast::PatternKind::kCapture, "n");
    REQUIRE(list);
    CHECK(check::CaptureType(*list).is_list);
  }

  TEST_CASE("tests become TestDefs with sections, field names and types") {
    auto c = CheckOk(With(R"(
field report_year: year = @value:year("2021年")
section review {
  begin "回顾"
  field gdp: money = indicator.gdp @value:money("元")
  field {key}_growth: percent = @key:indicator "增长" @value:percent("%")
}
test "全县GDP完成431.8亿元，增长2.5%" in review {
  gdp == "431.8亿元"
  gdp_growth == "2.5%"
  no budget_revenue_growth
}
test "2021年政府工作报告" { report_year == 2021 }
)"));
    const check::CheckedTemplate& t = *c->result;
    REQUIRE(t.tests.size() == 2);
    CHECK(t.tests[0].section == 0);
    REQUIRE(t.tests[0].expectations.size() == 3);
    CHECK(t.tests[0].expectations[0].field == "gdp");
    CHECK(t.tests[0].expectations[0].type.value == rt::ValueType::kMoney);
    CHECK(t.tests[0].expectations[1].field == "gdp_growth");
    CHECK(t.tests[0].expectations[1].section == 0);
    CHECK(t.tests[0].expectations[2].absent);
    CHECK(t.tests[1].section == rt::kNoPos);
    CHECK(t.tests[1].expectations[0].field == "report_year");
    CHECK_FALSE(t.tests[1].expectations[0].expected_is_string);
  }

  TEST_CASE("imports load relative to the importing file, then from include folders") {
    TempDir dir;
    dir.Write("shared/indicators.rpt", "lexicon indicator { gdp: \"GDP\" }\n"
                                        "import \"units.rpt\"\n"
                                        "pattern amount = units.yuan\n");
    dir.Write("shared/units.rpt", "pattern yuan = \"元\" | \"yuan\"\n");
    dir.Write("lib/extra.rpt", "pattern extra = \"附加\"\n");
    std::string root = dir.Write("main.rpt",
                                 "import \"shared/indicators.rpt\"\n"
                                 "import \"extra.rpt\" as more\n"
                                 "field g: text = indicators.indicator.gdp indicators.amount "
                                 "more.extra @value(\"x\")\n");
    CheckOptions options;
    options.include_dirs.push_back((dir.path / "lib").string());
    std::ifstream in(root);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto d = CheckOk(text, root, options);
    const check::CheckedTemplate& t = *d->result;
    CHECK(t.lexicon_index.count("indicators.indicator"));
    CHECK(t.pattern_index.count("units.yuan"));
    CHECK(t.pattern_index.count("more.extra"));
    std::vector<const ast::Pattern*> refs;
    FindAll(t.fields[0].rules[0].pattern, ast::PatternKind::kRef, refs);
    REQUIRE(refs.size() == 3);
    CHECK(refs[0]->resolved == "indicators.indicator");
    CHECK(refs[0]->resolved_key == "gdp");
    CHECK(refs[1]->resolved == "indicators.amount");
    CHECK(refs[2]->resolved == "more.extra");
    const ast::Pattern& amount = t.patterns[t.pattern_index.at("indicators.amount")].pattern;
    REQUIRE(Find(amount, ast::PatternKind::kRef));
    CHECK(Find(amount, ast::PatternKind::kRef)->resolved == "units.yuan");
    CHECK(t.modules.size() >= 4);
  }

  TEST_CASE("a module imported twice is loaded once") {
    TempDir dir;
    dir.Write("a.rpt", "import \"c.rpt\"\npattern pa = c.pc\n");
    dir.Write("b.rpt", "import \"c.rpt\"\npattern pb = c.pc\n");
    dir.Write("c.rpt", "pattern pc = \"c\"\n");
    std::string root = dir.Write("root.rpt", "");
    auto c = CheckOk("import \"a.rpt\"\nimport \"b.rpt\"\n"
                     "field f: text = a.pa b.pb @value(\"x\")\n", root);
    size_t pc = 0;
    for (const check::PatternDef& p : c->result->patterns) pc += p.qualified == "c.pc";
    CHECK(pc == 1);
  }

  TEST_CASE("an import cycle is reported once with its chain") {
    TempDir dir;
    dir.Write("a.rpt", "import \"b.rpt\"\npattern pa = \"a\"\n");
    dir.Write("b.rpt", "import \"a.rpt\"\npattern pb = \"b\"\n");
    std::string root = dir.Write("root.rpt", "");
    auto c = CheckText("import \"a.rpt\"\nfield f: text = a.pa @value(\"x\")\n", root);
    REQUIRE(c->parsed);
    CHECK_FALSE(c->result);
    CHECK(c->Codes() == std::vector<std::string>{"E0104"});
    CHECK(c->diagnostics.all()[0].message == "import cycle: a.rpt → b.rpt → a.rpt");
  }

  TEST_CASE("a missing import lists every place it looked") {
    TempDir dir;
    std::string root = dir.Write("root.rpt", "");
    CheckOptions options;
    options.include_dirs.push_back((dir.path / "inc").string());
    auto c = CheckText("import \"nope.rpt\"\n", root, options);
    REQUIRE(c->diagnostics.all().size() == 1);
    const Diagnostic& d = c->diagnostics.all()[0];
    CHECK(d.code == "E0103");
    CHECK(d.help.find((dir.path / "nope.rpt").string()) != std::string::npos);
    CHECK(d.help.find((dir.path / "inc" / "nope.rpt").string()) != std::string::npos);
  }

  TEST_CASE("each error case reports exactly its codes") {
    struct Case {
      std::string_view name;
      std::string_view src;
      std::vector<std::string> codes;
    };
    const std::vector<Case> cases = {
        {"unknown pattern", "field f: text = growht @value(\"x\")", {"E0101"}},
        {"unbound loop variable in a pattern",
         "lexicon l { a: \"a\" }\nfield f: text = l.{k} @value(\"x\")", {"E0101"}},
        {"unknown loop variable in a field name", "field {k}_x: text = @value(\"x\")", {"E0101"}},
        {"duplicate pattern", "pattern p = \"a\"\npattern p = \"b\"\nfield f: text = p @value(\"x\")",
         {"E0102"}},
        {"duplicate field", "field f: text = @value(\"x\")\nfield f: text = @value(\"y\")", {"E0102"}},
        {"duplicate lexicon key", "lexicon l { a: \"x\" ; a: \"y\" }\nfield f: l = @value:l",
         {"E0102"}},
        {"unknown std module", "import std.valeus", {"E0103"}},
        {"section used in a pattern",
         "section s { begin \"s\" }\nfield f: text = s @value(\"x\")", {"E0105"}},
        {"pattern used as a type", "pattern p = \"a\"\nfield f: text = @value:p", {"E0105"}},
        {"pattern used as a loop lexicon",
         "pattern p = \"a\"\nfor k in p { field {k}: text = @value(\"x\") }", {"E0105"}},
        {"unknown lexicon key", "lexicon l { gdp: \"x\" }\nfield f: text = l.gpd @value(\"x\")",
         {"E0106"}},
        {"section in a loop", "lexicon l { a: \"x\" }\nfor k in l { section s { begin \"s\" } }",
         {"E0107"}},
        {"unknown language", "template t { languages zh, fr }", {"E0109"}},
        {"unknown normalization", "template t { normalize nfkd }", {"E0109"}},
        {"unknown type", "field f: mony = @value(\"x\")", {"E0201"}},
        {"list field type", "field f: list(money) = @value:money(\"x\")", {"E0201"}},
        {"capture does not fit the field", "field f: percent = @value:money(\"x\")", {"E0202"}},
        {"number fits money", "field f: money = @value:number(\"x\")", {}},
        {"anything fits text", "field f: text = @value:money(\"x\")", {}},
        {"rule without value", "field f: text = @v(\"x\")", {"E0203"}},
        {"capture without type or pattern", "field f: text = @value", {"E0204"}},
        {"text capture without pattern", "field f: text = @value:text", {"E0204"}},
        {"keyed field without key", "field {key}_x: text = @value(\"x\")", {"E0205"}},
        {"keyed field with a text key", "field {key}_x: text = @key(\"k\") @value(\"x\")",
         {"E0205"}},
        {"list value with a single key",
         "lexicon l { a: \"a\" }\nfield {key}: money = @key:l @value:list(money)(\"x\")", {"E0206"}},
        {"list key with a single value",
         "lexicon l { a: \"a\" }\nfield {key}: money = @key:list(l)(\"a\") @value:money(\"x\")",
         {"E0206"}},
        {"qualifier of a value type",
         "field f: percent = @value:percent(\"1%\") @qualifier:text(\"左右\")", {"E0207"}},
        {"sign of a value type",
         "field f: percent = @sign:text(\"下降\") @value:percent(\"1%\")", {"E0207"}},
        {"sign of a list type",
         "field f: percent = @sign:list(direction)(\"下降\") @value:percent(\"1%\")",
         {"E0207"}},
        {"sign of the std direction lexicon",
         "field f: percent = @sign:direction @value:percent(\"1%\")", {}},
        {"sign of a template lexicon",
         "lexicon s { negative: \"跌\" }\nfield f: percent = @sign:s @value:percent(\"1%\")", {}},
        {"one capture name with two types in one rule",
         "field f: percent = \"a\" (@value:number \"点\" | @value:percent)", {"E0208"}},
        {"one capture name with list(T) and T",
         "field f: percent = \"a\" (@value:list(percent) | \"b\" @value:percent)", {"E0208"}},
        {"one capture name with T and list(T)",
         "field f: percent = \"a\" (@value:percent | \"b\" @value:list(percent))", {"E0208"}},
        {"a capture in a named pattern conflicts with one in the rule",
         "pattern p = @value:money\nfield f: text = \"a\" (p | \"b\" @value:percent)",
         {"E0208"}},
        {"a capture in the rule conflicts with one in a named pattern",
         "pattern p = \"c\" @value:money\nfield f: money = (@value:number \"元\" | \"b\" p)",
         {"E0208"}},
        {"two named patterns with one capture name of different types",
         "pattern p = \"c\" @value:money\npattern q = \"d\" @value:percent\n"
         "field f: text = (p | q)",
         {"E0208"}},
        {"qualifier captures of two lexicons",
         "field f: percent = (@qualifier:leading @value:percent | @value:percent "
         "@qualifier:trailing)",
         {"E0208"}},
        {"one capture name with one type in two alternatives",
         "field f: percent = (\"a\" @value:percent | \"b\" @value:percent(\"x\"))", {}},
        {"qualifier captures of one lexicon in several places",
         "field f: percent = (@qualifier:qualifier @value:percent | @value:percent "
         "@qualifier:qualifier)",
         {}},
        {"one named pattern used twice", "pattern p = \"c\" @value:money\nfield f: money = (p | \"d\" p)",
         {}},
        {"different types in different rules of one field",
         "field f: text = \"a\" @value:money = \"b\" @value:percent", {}},
        {"ordinal and rank are one type",
         "field f: rank = (\"a\" @value:ordinal(\"x\") | \"b\" @value:rank(\"y\"))", {}},
        {"direct recursion", "pattern p = \"a\" p\nfield f: text = p @value(\"x\")", {"E0301"}},
        {"indirect recursion",
         "pattern p = \"a\" q\npattern q = (\"b\" | p)\nfield f: text = p @value(\"x\")", {"E0301"}},
        {"empty literal", "field f: text = \"\" @value(\"x\")", {"E0302"}},
        {"empty lexicon", "lexicon l { }\nfield f: text = l @value(\"x\")", {"E0302"}},
        {"star", "field f: text = \"a\"* @value(\"x\")", {"E0303"}},
        {"plus", "field f: text = \"a\"+ @value(\"x\")", {"E0303"}},
        {"open count", "field f: text = \"a\"{2,} @value(\"x\")", {"E0303"}},
        {"gap out of order", "field f: text = \"a\" gap(9..3) @value(\"x\")", {"E0304"}},
        {"gap too large", "field f: text = \"a\" gap(0..5000) @value(\"x\")", {"E0304"}},
        {"repeat too large", "field f: text = \"a\"{1,1001} @value(\"x\")", {"E0304"}},
        {"unknown property", "field f: text = [\\p{Hann}] @value(\"x\")", {"E0305"}},
        {"nullable rule", "field f: text = @value(\"a\"?)", {"E0306"}},
        {"nullable begin", "section s { begin \"a\"? }", {"E0306"}},
        {"nullable through a named pattern",
         "pattern p = gap(0..3)\nfield f: text = p @value(p)", {"E0306"}},
        {"unknown section in require", "section s { begin \"s\" }\nrequire t", {"E0401"}},
        {"unknown section in end before", "section s { begin \"s\"\nend before t }", {"E0401"}},
        {"unknown test section", "section s { begin \"s\" }\ntest \"x\" in t { }", {"E0401"}},
        {"unknown field", "section s { begin \"s\"\nfield a: text = @value(\"x\") }\nrequire s.b",
         {"E0402"}},
        {"reversed range", "field a: percent = @value:percent(\"1%\")\ncheck a in 10..1", {"E0403"}},
        {"qualifier of text", "field a: text = @value(\"x\")\ncheck a has qualifier", {"E0404"}},
        {"range of text", "field a: text = @value(\"x\")\ncheck a in 1..2", {"E0404"}},
        {"bad test value",
         "field a: percent = @value:percent(\"1%\")\ntest \"x\" { a == \"not a percent\" }",
         {"E0405"}},
        {"bad lexicon test value",
         "lexicon l { gdp: \"GDP\" }\nfield a: l = @value:l\ntest \"x\" { a == \"gpd\" }",
         {"E0405"}},
        {"duplicate sibling section", "section s { begin \"a\" }\nsection s { begin \"b\" }",
         {"E0406"}},
        {"sum of one value", "field a: percent = @value:percent(\"1%\")\ncheck sum(a) in 1..2",
         {"E0407"}},
        {"sum of many values", "field a: percent many = @value:percent(\"1%\")\ncheck sum(a) in 1..2",
         {}},
        {"sign beside a rank value",
         "field f: rank = \"a\" @sign:direction @value:rank(\"x\")", {"W0201"}},
        {"sign beside a text value", "field f: text = \"a\" @sign:direction @value(\"x\")",
         {"W0201"}},
        {"sign beside a lexicon value",
         "lexicon l { a: \"a\" }\nfield f: l = \"b\" @sign:direction @value:l", {"W0201"}},
        {"sign beside a year value, through a named pattern",
         "pattern y = @value:year\nfield f: year = \"a\" @sign:direction y", {"W0201"}},
        {"sign beside a list of percents",
         "field f: percent many = \"a\" @sign:direction @value:list(percent)", {}},
        {"sign beside a number in a money field",
         "field f: money = \"a\" @sign:direction @value:number", {}},
        {"sign beside a number in a rank field (read as a rank)",
         "field f: rank = \"a\" @sign:direction @value:number", {"W0201"}},
        {"sign beside a number in a text field",
         "field f: text = \"a\" @sign:direction @value:number", {}},
        {"unused pattern", "pattern p = \"a\"", {"W0101"}},
        {"unused lexicon", "lexicon l { a: \"a\" }", {"W0101"}},
        {"section without begin", "section s { }", {"W0401"}},
    };
    for (const Case& c : cases) {
      SUBCASE(std::string(c.name).c_str()) {
        auto r = CheckText(c.src);
        INFO(r->Rendered());
        REQUIRE(r->parsed);
        CHECK(r->Codes() == c.codes);
        bool has_error = false;
        for (const std::string& code : c.codes) has_error |= code[0] == 'E';
        CHECK(r->result.has_value() == !has_error);
      }
    }
  }

  TEST_CASE("a capture type conflict points at the later capture with the first as a note") {
    auto r = CheckText(
        "pattern amount = \"金额\" @value:money\n"
        "field f: text = \"收入\" (amount | \"增长\" @value:percent)\n"
        "field g: money = \"利润\" (@value:number \"元\" | amount)\n");
    INFO(r->Rendered());
    REQUIRE(r->diagnostics.all().size() == 2);
    const Diagnostic& in_rule = r->diagnostics.all()[1];
    CHECK(in_rule.code == "E0208");
    CHECK(in_rule.message ==
          "capture '@value' is a percent here, but an earlier '@value' capture in the same rule "
          "is a money");
    CHECK(r->sources.Get(0).ToLineCol(in_rule.span.begin).line == 2);
    REQUIRE(in_rule.notes.size() == 2);
    CHECK(r->sources.Get(0).ToLineCol(in_rule.notes[0].first.begin).line == 1);  // in `amount`
    CHECK(r->sources.Get(0).ToLineCol(in_rule.notes[1].first.begin).line == 2);  // `amount` ref
    // The later capture sits in the named pattern: the error points there, and a note shows the
    // reference that brings it into the rule.
    const Diagnostic& in_pattern = r->diagnostics.all()[0];
    CHECK(in_pattern.code == "E0208");
    CHECK(r->sources.Get(0).ToLineCol(in_pattern.span.begin).line == 1);
    REQUIRE(in_pattern.notes.size() == 2);
    CHECK(in_pattern.notes[1].second ==
          "the money capture is reached through this reference, in rule 1 of field 'g'");
  }

  TEST_CASE("a capture type conflict in a for loop body is reported once") {
    auto r = CheckText(With(
        "for k in indicator { field {k}: percent = indicator.{k} (@value:number | @value:percent) }"));
    INFO(r->Rendered());
    CHECK(r->Codes() == std::vector<std::string>{"E0208"});
  }

  TEST_CASE("the driver reports an unreadable template file without a span") {
    CompileResult r = CompileFile("/nonexistent/dir/missing.rpt");
    REQUIRE(r.diagnostics.all().size() == 1);
    const Diagnostic& d = r.diagnostics.all()[0];
    CHECK(d.code == "E0013");
    CHECK_FALSE(d.has_span);
    CHECK(d.message == "cannot read template '/nonexistent/dir/missing.rpt': No such file or directory");
    CHECK_FALSE(r.checked);
  }

  TEST_CASE("the driver runs parse and check and keeps the checked template") {
    CompileResult r = CompileText("t.rpt", "field f: text = \"名称\" @value(any{1,5})\n");
    INFO(Render(r.diagnostics, r.sources));
    REQUIRE(r.checked);
    CHECK(r.checked->fields.size() == 1);
  }

  TEST_CASE("every error has a span inside the template") {
    auto c = CheckText("field f: mony = growht @value\ncheck f in 3..1\nrequire nope\n");
    REQUIRE(c->parsed);
    REQUIRE(c->diagnostics.all().size() >= 4);
    for (const Diagnostic& d : c->diagnostics.all()) {
      CHECK(d.has_span);
      CHECK(d.span.end >= d.span.begin);
      CHECK(d.span.end <= c->sources.Get(0).text().size());
    }
  }

  TEST_CASE("an error in a for loop body is reported once, not once per key") {
    auto c = CheckText(With(R"(
for key in indicator {
  field {key}: percent = indicator.{key} @value:money("元") growht
}
)"));
    INFO(c->Rendered());
    CHECK(c->Codes() == std::vector<std::string>{"E0202", "E0101"});
  }

  TEST_CASE("a loop over a lexicon with a bad key reference reports each bad key") {
    auto c = CheckText(R"(
lexicon a { x: "x" ; y: "y" ; z: "z" }
lexicon b { x: "x" }
for k in a { field {k}: text = b.{k} @value("v") }
)");
    CHECK(c->Codes() == std::vector<std::string>{"E0106", "E0106"});
  }

  TEST_CASE("the checker keeps going after errors and reports all of them") {
    auto c = CheckText("field a: mony = @value(\"x\")\nfield b: text = nope @value(\"y\")\n"
                       "pattern p = \"a\"*\nsection s { begin \"s\" }\nrequire t\n");
    INFO(c->Rendered());
    CHECK(c->Codes() == std::vector<std::string>{"E0201", "E0101", "W0101", "E0303", "E0401"});
  }

  TEST_CASE("a chain of thousands of patterns is checked without deep recursion") {
    std::string text;
    const int n = 20000;
    for (int i = 0; i < n; ++i) text += "pattern p" + std::to_string(i) + " = \"a\" p" + std::to_string(i + 1) + "\n";
    text += "pattern p" + std::to_string(n) + " = @value(\"z\")\n";
    text += "field f: text = p0\n";
    auto c = CheckOk(text);
    CHECK(c->diagnostics.all().empty());
  }

  TEST_CASE("a long recursive chain is reported as one cycle") {
    std::string text;
    const int n = 5000;
    for (int i = 0; i < n; ++i) text += "pattern p" + std::to_string(i) + " = \"a\" p" + std::to_string((i + 1) % n) + "\n";
    text += "field f: text = p0 @value(\"x\")\n";
    auto c = CheckText(text);
    CHECK(c->Codes() == std::vector<std::string>{"E0301"});
  }

  TEST_CASE("a 50,000-line template is checked quickly") {
    std::string text = "lexicon big {\n";
    for (int i = 0; i < 25000; ++i) text += "  k" + std::to_string(i) + ": \"phrase" + std::to_string(i) + "\"\n";
    text += "}\nsection s {\n  begin \"s\"\n";
    for (int i = 0; i < 25000; ++i) {
      text += "  field f" + std::to_string(i) + ": text = big.k" + std::to_string(i) + " @value(\"v\")\n";
    }
    text += "}\n";
    auto start = std::chrono::steady_clock::now();
    auto c = CheckOk(text);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(c->result->fields.size() == 25000);
    CHECK(seconds < 20);  // parse + check; about a second on a laptop
  }

  TEST_CASE("nested loops stop at the expansion budget instead of exhausting memory") {
    std::string lexicon = "lexicon l {";
    for (int i = 0; i < 60; ++i) lexicon += " k" + std::to_string(i) + ": \"p" + std::to_string(i) + "\" ;";
    lexicon += " }\n";
    auto c = CheckText(lexicon + R"(
for a in l { for b in l { for d in l {
  field {a}_{b}_{d}: text = l.{a} l.{b} l.{d} @value("v")
} } }
)");
    CHECK(c->Codes() == std::vector<std::string>{"E0108"});
  }

  TEST_CASE("deeply nested groups do not crash the checker") {
    std::string pattern(180, '(');
    pattern += "\"a\"";
    pattern += std::string(180, ')');
    auto c = CheckOk("field f: text = " + pattern + " @value(\"x\")\n");
    CHECK(c->diagnostics.all().empty());
  }
}

}  // namespace
}  // namespace rptc
