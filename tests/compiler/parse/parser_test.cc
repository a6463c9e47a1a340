// Parse(): the grammar and the AST it produces, compared as DumpAst() text (table-driven, one
// SUBCASE per row, as in cel-cpp parser_test.cc).
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "tests/compiler/parse/parse_test_util.h"

namespace rptc {
namespace {

using testing::Declarations;
using testing::ParseText;
using testing::PatternDump;

struct Case {
  std::string_view source;
  std::string_view dump;
};

void RunPatternCases(const Case* cases, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    SUBCASE(std::string(cases[i].source).c_str()) {
      CHECK(PatternDump(cases[i].source) == cases[i].dump);
    }
  }
}

void RunDeclarationCases(const Case* cases, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    SUBCASE(std::string(cases[i].source).c_str()) {
      CHECK(Declarations(cases[i].source) == cases[i].dump);
    }
  }
}

TEST_SUITE("parse") {
  TEST_CASE("pattern atoms parse into their pattern kinds") {
    static const Case kCases[] = {
        {R"("增长")", R"("增长")"},
        {R"("a\"b\\c\n\t\u{4E2D}")", R"("a\"b\\c\n\t中")"},
        {R"("")", R"("")"},
        {"[0-9.]", "(class U+0030-U+0039 U+002E)"},
        {"[^,。]", "(class ^ U+002C U+3002)"},
        {R"([\p{Han}])", R"((class \p{Han}))"},
        {R"([\P{Han}a-z])", R"((class U+0061-U+007A \P{Han}))"},
        {R"([\]\\\-\^\n\t])", "(class U+005D U+005C U+002D U+005E U+000A U+0009)"},
        {R"([\u{4E00}-\u{9FFF}])", "(class U+4E00-U+9FFF)"},
        {"[-a]", "(class U+002D U+0061)"},
        {"[a-]", "(class U+0061 U+002D)"},
        {"any", "any"},
        {"gap(0..8)", "(gap 0 8)"},
        {"gap(2..16, sentence)", "(gap 2 16 sentence)"},
        {"line_start", "line_start"},
        {"para_start", "para_start"},
        {"sentence_start", "sentence_start"},
        {"clause_start", "clause_start"},
        {"boundary", "boundary"},
        {"money", "(ref money)"},
        {"std.values.money", "(ref std.values.money)"},
        {"indicator.gdp", "(ref indicator.gdp)"},
        {"indicator.{key}", "(ref indicator.{key})"},
        {"indicator.first", "(ref indicator.first)"},
    };
    RunPatternCases(kCases, std::size(kCases));
  }

  TEST_CASE("sequence binds tighter than alternation and groups nest") {
    static const Case kCases[] = {
        {R"("a" "b")", R"((seq "a" "b"))"},
        {R"("a" | "b")", R"((alt "a" "b"))"},
        {R"("a" "b" | "c")", R"((alt (seq "a" "b") "c"))"},
        {R"("a" ("b" | "c"))", R"((seq "a" (alt "b" "c")))"},
        {R"(("a" | "b") | "c")", R"((alt (alt "a" "b") "c"))"},
        {R"(("a" "b") "c")", R"((seq (seq "a" "b") "c"))"},
        {R"((("a")))", R"("a")"},
    };
    RunPatternCases(kCases, std::size(kCases));
  }

  TEST_CASE("quantifiers become repeats, unbounded ones included for the checker") {
    static const Case kCases[] = {
        {R"("a"?)", R"((repeat 0 1 "a"))"},
        {R"("a"{3})", R"((repeat 3 3 "a"))"},
        {R"("a"{1,3})", R"((repeat 1 3 "a"))"},
        {R"("a"{2,})", R"((repeat 2 inf "a"))"},
        {R"("a"*)", R"((repeat 0 inf "a"))"},
        {R"("a"+)", R"((repeat 1 inf "a"))"},
        {R"("a"?{2})", R"((repeat 2 2 (repeat 0 1 "a")))"},
        {R"(("a" "b")?)", R"((repeat 0 1 (seq "a" "b")))"},
        {R"("a" {1, 2})", R"((repeat 1 2 "a"))"},
    };
    RunPatternCases(kCases, std::size(kCases));
  }

  TEST_CASE("captures take a name, an optional type and an attached sub-pattern") {
    static const Case kCases[] = {
        {"@value:money", "(capture value :money)"},
        {"@value:std.values.money", "(capture value :std.values.money)"},
        {R"(@name("x" any))", R"((capture name (seq "x" any)))"},
        {R"(@value:number([0-9]+))",
         "(capture value :number (repeat 1 inf (class U+0030-U+0039)))"},
        {"@key:indicator", "(capture key :indicator)"},
        {"@key:list(indicator)", "(capture key :list(indicator))"},
        {"@value:list(money)", "(capture value :list(money))"},
        {"@index:ordinal(std.lists.marker_numeral)",
         "(capture index :ordinal (ref std.lists.marker_numeral))"},
        {"@value:money?", "(repeat 0 1 (capture value :money))"},
        // A group after a space is a new item of the sequence, not the capture's pattern.
        {R"(@value:money ("左右")?)", R"((seq (capture value :money) (repeat 0 1 "左右")))"},
        {"@first:number", "(capture first :number)"},
        {"@qualifier:qualifier", "(capture qualifier :qualifier)"},
    };
    RunPatternCases(kCases, std::size(kCases));
  }

  TEST_CASE("soft keywords are pattern references where no clause can follow") {
    static const Case kCases[] = {
        {"qualifier?", "(repeat 0 1 (ref qualifier))"},
        {"in as one many best all",
         "(seq (ref in) (ref as) (ref one) (ref many) (ref best) (ref all))"},
        {"until severity message error warning has no",
         "(seq (ref until) (ref severity) (ref message) (ref error) (ref warning) (ref has) (ref "
         "no))"},
        {"version languages normalize sentence",
         "(seq (ref version) (ref languages) (ref normalize) (ref sentence))"},
    };
    RunPatternCases(kCases, std::size(kCases));
  }

  TEST_CASE("the header and imports parse") {
    static const Case kCases[] = {
        {R"(template gwr "Work reports" {
  version "1.0"
  languages zh, en
  normalize nfkc, hant_to_hans
})",
         R"((header gwr "Work reports" (version "1.0") (languages zh en) (normalize nfkc hant_to_hans)))"},
        {"template t", "(header t)"},
        {"template t { version 2; languages zh; }", R"((header t (version "2") (languages zh)))"},
        {"import std.values", "(import std.values)"},
        {"import std.qualifiers as q", "(import std.qualifiers (as q))"},
        {R"(import "shared/indicators.rpt")", R"((import "shared/indicators.rpt"))"},
        {R"(import "a.rpt" as list)", R"((import "a.rpt" (as list)))"},
    };
    RunDeclarationCases(kCases, std::size(kCases));
  }

  TEST_CASE("lexicons parse with doc comments on the lexicon and its entries") {
    static const Case kCases[] = {
        {R"(/// Indicators.
lexicon indicator {
  /// Gross regional product.
  gdp: "地区生产总值" | "GDP"
  budget_revenue: "一般公共预算收入";
  title: "标题"
  first: "一"
})",
         R"((lexicon indicator (doc "Indicators.")
  (entry gdp "地区生产总值" "GDP" (doc "Gross regional product."))
  (entry budget_revenue "一般公共预算收入")
  (entry title "标题")
  (entry first "一")))"},
        {"lexicon empty {}", "(lexicon empty)"},
        {"/// Two\n/// lines.\n///\n/// Third.\nlexicon l { a: \"x\" }",
         "(lexicon l (doc \"Two\\nlines.\\n\\nThird.\")\n  (entry a \"x\"))"},
    };
    RunDeclarationCases(kCases, std::size(kCases));
  }

  TEST_CASE("sections parse with begin and end clauses and nested items") {
    static const Case kCases[] = {
        {R"(section review "Review of the past year" {
  begin "工作回顾" | "Review of"
  end before targets, tasks
  end "附件"
  field gdp: money = indicator.gdp gap(0..8) @value:money
  section sub { begin last "x" }
})",
         R"((section review "Review of the past year" (begin (alt "工作回顾" "Review of")) (end-before targets tasks) (end "附件")
  (field gdp :money one first
    (rule (seq (ref indicator.gdp) (gap 0 8) (capture value :money))))
  (section sub (begin last "x"))))"},
        {"section s { begin first \"x\" }", R"((section s (begin "x")))"},
        {"section end {}", "(section end)"},
    };
    RunDeclarationCases(kCases, std::size(kCases));
  }

  TEST_CASE("fields parse with modifiers in any order, several rules and priorities") {
    static const Case kCases[] = {
        {R"(field gdp_growth: percent many all
  = indicator.gdp gap(0..16) "增长" @value:percent
  = "GDP growth of" @value:percent priority 2)",
         R"((field gdp_growth :percent many all
  (rule (seq (ref indicator.gdp) (gap 0 16) "增长" (capture value :percent)))
  (rule (priority 2) (seq "GDP growth of" (capture value :percent)))))"},
        {"field x: money best many = \"a\" priority -1",
         "(field x :money many best\n  (rule (priority -1) \"a\"))"},
        {"field first: number = @value:number",
         "(field first :number one first\n  (rule (capture value :number)))"},
        {"field {key}_growth: percent = @key:indicator @value:percent",
         "(field {key}_growth :percent one first\n  (rule (seq (capture key :indicator) (capture "
         "value :percent))))"},
        {"field a{k}b{v}: list(money) = @value:list(money)",
         "(field a{k}b{v} :list(money) one first\n  (rule (capture value :list(money))))"},
    };
    RunDeclarationCases(kCases, std::size(kCases));
  }

  TEST_CASE("lists and for loops parse") {
    static const Case kCases[] = {
        {R"(list items = para_start? @index:ordinal(std.lists.marker_numeral) title until "。")",
         R"((list items (seq (repeat 0 1 para_start) (capture index :ordinal (ref std.lists.marker_numeral))) (title-until "。")))"},
        {"list items = std.lists.top_level", "(list items (ref std.lists.top_level))"},
        {R"(/// Per key.
for key in indicator {
  field {key}: money = indicator.{key} @value:money
  check review.{key}_growth in -50..100
})",
         R"((for key indicator (doc "Per key.")
  (field {key} :money one first
    (rule (seq (ref indicator.{key}) (capture value :money))))
  (check review.{key}_growth (in -50 100) warning)))"},
    };
    RunDeclarationCases(kCases, std::size(kCases));
  }

  TEST_CASE("conformance rules parse with their default and written severities") {
    static const Case kCases[] = {
        {"require review, targets, tasks", "(require review targets tasks error)"},
        {R"(require targets.gdp_growth severity warning message "states its target")",
         R"((require targets.gdp_growth warning (message "states its target")))"},
        {R"(require a message "m" severity warning)", R"((require a warning (message "m")))"},
        {"check review.gdp_growth in -50..100 severity error",
         "(check review.gdp_growth (in -50 100) error)"},
        {"check sum(review.industry_structure) in 99.5..100.5",
         "(check (sum review.industry_structure) (in 99.5 100.5) warning)"},
        {"check targets.gdp_growth has qualifier",
         "(check targets.gdp_growth has-qualifier warning)"},
        {"check sum in 0..1", "(check sum (in 0 1) warning)"},
        {"order review, targets, tasks", "(order review targets tasks warning)"},
        {"order a.b, c severity error", "(order a.b c error)"},
    };
    RunDeclarationCases(kCases, std::size(kCases));
  }

  TEST_CASE("tests parse with string, number and absence expectations") {
    static const Case kCases[] = {
        {R"(test "全县GDP完成431.8亿元,增长2.5%" in review {
  gdp == "431.8亿元"
  gdp_growth == "2.5%"; no fdi_utilized
  review.{key} == -3
})",
         R"((test "全县GDP完成431.8亿元,增长2.5%" (in review)
  (== gdp "431.8亿元")
  (== gdp_growth "2.5%")
  (no fdi_utilized)
  (== review.{key} -3)))"},
        {R"(test "2021年政府工作报告" { report_year == 2021 })",
         R"((test "2021年政府工作报告"
  (== report_year 2021)))"},
        {R"(test "x" { no == 2.5 })", "(test \"x\"\n  (== no 2.5))"},
        {R"(test "x" {})", R"((test "x"))"},
    };
    RunDeclarationCases(kCases, std::size(kCases));
  }

  TEST_CASE("comments, semicolons and an empty file are accepted") {
    static const Case kCases[] = {
        {"", ""},
        {"// only a comment\n/* and a block */", ""},
        {";;", ""},
        {"pattern a = \"x\"; pattern b = /* inline */ \"y\" // end\n",
         "(pattern a \"x\")\n(pattern b \"y\")"},
        {"//// four slashes are a comment\npattern a = \"x\"", "(pattern a \"x\")"},
        {"/* a * star */ pattern a = \"x\" /**/", "(pattern a \"x\")"},
    };
    RunDeclarationCases(kCases, std::size(kCases));
  }

  TEST_CASE("doc comments attach to the next declaration that can hold one") {
    static const Case kCases[] = {
        {"/// P.\npattern p = \"x\"", "(pattern p \"x\" (doc \"P.\"))"},
        {"/// S.\nsection s {\n  /// F.\n  field f: t = \"x\"\n  /// L.\n  list l = \"y\"\n}",
         "(section s (doc \"S.\")\n  (field f :t one first (doc \"F.\")\n    (rule \"x\"))\n  "
         "(list l \"y\" (doc \"L.\")))"},
        {"/// T.\ntest \"x\" {}", "(test \"x\" (doc \"T.\"))"},
        // Imports and rules have no doc; the comment is kept for `rptc fmt` only.
        {"/// not a doc\nrequire a", "(require a error)"},
    };
    RunDeclarationCases(kCases, std::size(kCases));
  }

  TEST_CASE("a UTF-8 byte order mark and CRLF line ends are accepted") {
    CHECK(Declarations("\xEF\xBB\xBFpattern p = \"a\"\r\n// c\r\npattern q = \"b\"\r\n") ==
          "(pattern p \"a\")\n(pattern q \"b\")");
  }

  TEST_CASE("spans are byte offsets into the source, past multi-byte characters and a BOM") {
    // 增长 is six bytes; the BOM three.
    std::string text = "\xEF\xBB\xBFpattern p = \"增长\" @v:money\n";
    std::optional<ast::Module> module = ParseText(text);
    REQUIRE(module);
    const auto& decl = std::get<ast::PatternDecl>(module->items[0].node);
    CHECK(decl.span.begin == 3);
    CHECK(decl.span.end == text.size() - 1);
    REQUIRE(decl.pattern.children.size() == 2);
    const ast::Pattern& literal = decl.pattern.children[0];
    CHECK(text.substr(literal.span.begin, literal.span.end - literal.span.begin) == "\"增长\"");
    const ast::Pattern& capture = decl.pattern.children[1];
    CHECK(text.substr(capture.span.begin, capture.span.end - capture.span.begin) == "@v:money");
    CHECK(text.substr(capture.capture_type.span.begin,
                      capture.capture_type.span.end - capture.capture_type.span.begin) == "money");
  }

  TEST_CASE("every declaration and clause carries the span of its text") {
    std::string text =
        "lexicon l { k: \"甲\" | \"乙\" }\n"
        "section s { end before a\n field f: t = \"x\" ; }\n"
        "test \"测试\" in s { f == \"x\" }\n";
    std::optional<ast::Module> module = ParseText(text);
    REQUIRE(module);
    auto text_of = [&](SourceSpan span) { return text.substr(span.begin, span.end - span.begin); };
    const auto& lex = std::get<ast::Lexicon>(module->items[0].node);
    CHECK(text_of(lex.span) == "lexicon l { k: \"甲\" | \"乙\" }");
    CHECK(text_of(lex.entries[0].span) == "k: \"甲\" | \"乙\"");
    CHECK(text_of(lex.entries[0].phrase_spans[1]) == "\"乙\"");
    const auto& section = std::get<ast::Section>(module->items[1].node);
    CHECK(text_of(section.ends[0].span) == "end before a");
    const auto& field = std::get<ast::Field>(section.items[0].node);
    CHECK(text_of(field.span) == "field f: t = \"x\"");
    CHECK(text_of(field.name.span) == "f");
    CHECK(text_of(field.rules[0].span) == "= \"x\"");
    const auto& test = std::get<ast::Test>(module->items[2].node);
    CHECK(text_of(test.section->span) == "s");
    CHECK(text_of(test.expectations[0].span) == "f == \"x\"");
    CHECK(text_of(test.expectations[0].path.span) == "f");
  }

  TEST_CASE("the parsed module records its file index") {
    SourceManager sources;
    sources.Add("first.rpt", "pattern a = \"x\"");
    uint32_t file = sources.Add("second.rpt", "pattern b = \"y\"");
    Diagnostics diagnostics;
    std::optional<ast::Module> module = Parse(sources, file, diagnostics);
    REQUIRE(module);
    CHECK(module->file == 1);
    CHECK(std::get<ast::PatternDecl>(module->items[0].node).span.file == 1);
  }

  TEST_CASE("comments are kept on the nodes they belong to") {
    std::optional<ast::Module> module = ParseText(R"(// before the header
template t {
  version "1" // the version
}
// about p
pattern p = "x" // after p
lexicon l {
  // before a
  a: "x" // after a
  // dangling in l
}
field f: t
  // before rule 1
  = "a" // after rule 1
  = "b"
// at the end
)");
    REQUIRE(module);
    CHECK(module->header->comments.before == std::vector<std::string>{"// before the header"});
    CHECK(module->header->version_comments.after == "// the version");
    const auto& p = std::get<ast::PatternDecl>(module->items[0].node);
    CHECK(p.comments.before == std::vector<std::string>{"// about p"});
    CHECK(p.comments.after == "// after p");
    const auto& l = std::get<ast::Lexicon>(module->items[1].node);
    CHECK(l.entries[0].comments.before == std::vector<std::string>{"// before a"});
    CHECK(l.entries[0].comments.after == "// after a");
    CHECK(l.end_comments == std::vector<std::string>{"// dangling in l"});
    const auto& f = std::get<ast::Field>(module->items[2].node);
    CHECK(f.comments.before.empty());
    CHECK(f.rules[0].comments.before == std::vector<std::string>{"// before rule 1"});
    CHECK(f.rules[0].comments.after == "// after rule 1");
    CHECK(f.rules[1].comments.before.empty());
    CHECK(module->end_comments == std::vector<std::string>{"// at the end"});
  }
}

}  // namespace
}  // namespace rptc
