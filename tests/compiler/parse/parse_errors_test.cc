// Syntax diagnostics: wording, location and recovery. The full rendered form of one case per
// code is pinned by the goldens in tests/diagnostics/parse_*.err.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "tests/compiler/parse/parse_test_util.h"

namespace rptc {
namespace {

using testing::ParseText;

// The first line of the rendered diagnostics: `file:line:col: error[CODE]: message`.
std::string FirstError(std::string_view text) {
  std::string rendered;
  std::optional<ast::Module> module = ParseText(text, &rendered);
  if (module) return "parsed";
  return rendered.substr(0, rendered.find('\n'));
}

struct Case {
  std::string_view source;
  std::string_view first_error;
};

TEST_SUITE("parse") {
  TEST_CASE("common mistakes get a message that names what was expected") {
    static const Case kCases[] = {
        {"field gdp money = \"x\"",
         "test.rpt:1:10: error[E0001]: expected ':' and the field type after the field name, "
         "found 'money'"},
        {"field gdp: money \"x\"",
         "test.rpt:1:18: error[E0001]: expected '=' after the field type, found string \"x\""},
        {"field gdp: money == \"x\"",
         "test.rpt:1:18: error[E0001]: expected '=' after the field type, found '=='"},
        {"field gdp: money =\n",
         "test.rpt:1:19: error[E0001]: expected a pattern after '=', found the end of the file"},
        {"field gdp: = \"x\"", "test.rpt:1:12: error[E0001]: expected a type after ':', found '='"},
        {"field : money = \"x\"",
         "test.rpt:1:7: error[E0001]: expected the field name after 'field', found ':'"},
        {"field x: money = \"a\" priority high",
         "test.rpt:1:31: error[E0001]: expected a number after 'priority', found 'high'"},
        {"pattern p \"x\"",
         "test.rpt:1:10: error[E0001]: expected '=' after the pattern name, found string \"x\""},
        {"pattern p = field",
         "test.rpt:1:13: error[E0001]: expected a pattern after '=', found keyword 'field'"},
        {"pattern p = \"a\" | | \"b\"",
         "test.rpt:1:19: error[E0001]: expected a pattern after '|', found '|'"},
        {"pattern p = @",
         "test.rpt:1:14: error[E0001]: expected the capture name after '@', found the end of the "
         "file"},
        {"pattern p = gap(0,8)",
         "test.rpt:1:18: error[E0001]: expected a range like gap(0..8) or gap(0..8, sentence), "
         "found ','"},
        {"pattern p = (\"a\"",
         "test.rpt:1:17: error[E0001]: expected ')' to close the group, found the end of the file"},
        {"pattern p = \"a\"{1,",
         "test.rpt:1:19: error[E0001]: expected '}' to close the repetition count, found the end "
         "of the file"},
        {"lexicon l { a \"x\" }",
         "test.rpt:1:14: error[E0001]: expected ':' after the lexicon key, found string \"x\""},
        {"lexicon l { a: x }",
         "test.rpt:1:15: error[E0001]: expected a phrase string after ':', found 'x'"},
        {"lexicon l { a: \"x\" \"y\" }",
         "test.rpt:1:20: error[E0001]: expected '|' between the phrases, found string \"y\""},
        {"lexicon { a: \"x\" }",
         "test.rpt:1:9: error[E0001]: expected the lexicon name after 'lexicon', found '{'"},
        {"section s begin \"x\"",
         "test.rpt:1:11: error[E0001]: expected '{' to open the section body, found keyword "
         "'begin'"},
        {"section s {\n  field x: t = \"a\"\n",
         "test.rpt:2:19: error[E0001]: expected '}' to close the section 's', found the end of "
         "the file"},
        {"section s { fild x: t = \"a\" }",
         "test.rpt:1:13: error[E0001]: expected a section item or '}', found 'fild'"},
        {"section s { begin }",
         "test.rpt:1:19: error[E0001]: expected a pattern after 'begin', found '}'"},
        {"begin \"x\"",
         "test.rpt:1:1: error[E0001]: expected a declaration; 'begin' clauses belong inside a "
         "section, found keyword 'begin'"},
        {"feild x: t = \"a\"", "test.rpt:1:1: error[E0001]: expected a declaration, found 'feild'"},
        {"require a b", "test.rpt:1:11: error[E0001]: expected a declaration, found 'b'"},
        {"end before a b",
         "test.rpt:1:1: error[E0001]: expected a declaration; 'end' clauses "
         "belong inside a section, found keyword 'end'"},
        {"check a in 1 severity warning",
         "test.rpt:1:14: error[E0001]: expected '..' and an upper bound after the lower bound, "
         "found keyword 'severity'"},
        {"check a severity warning",
         "test.rpt:1:9: error[E0001]: expected 'in LOW..HIGH' or 'has qualifier' after the "
         "checked path, found keyword 'severity'"},
        {"require a severity fatal",
         "test.rpt:1:20: error[E0001]: expected 'error' or 'warning' after 'severity', found "
         "'fatal'"},
        {"test { a == 1 }",
         "test.rpt:1:5: error[E0001]: expected the test input string after 'test', found '{'"},
        {"test \"x\" { a = \"1\" }",
         "test.rpt:1:14: error[E0001]: expected '==' after the field path, found '='"},
        {"list items \"x\"",
         "test.rpt:1:11: error[E0001]: expected '=' after the list name, found string \"x\""},
        {"list items = \"x\" title \"y\"",
         "test.rpt:1:23: error[E0001]: expected 'until' after 'title', found string \"y\""},
        {"for k indicator {}",
         "test.rpt:1:6: error[E0001]: expected 'in' after the loop variable, found 'indicator'"},
        {"import",
         "test.rpt:1:7: error[E0001]: expected a module name like std.values or a file "
         "path string after 'import', found the end of the file"},
        {"template { }",
         "test.rpt:1:10: error[E0001]: expected the template name after 'template', found '{'"},
    };
    for (const Case& c : kCases) {
      SUBCASE(std::string(c.source).c_str()) { CHECK(FirstError(c.source) == c.first_error); }
    }
  }

  TEST_CASE("lexical problems are reported with their own codes") {
    static const Case kCases[] = {
        {"pattern p = \"abc", "test.rpt:1:13: error[E0002]: unterminated string literal"},
        {"pattern p = \"a\\q\"", "test.rpt:1:15: error[E0004]: invalid escape sequence '\\q'"},
        {"pattern p = \"\\u{110000}\"",
         "test.rpt:1:14: error[E0004]: '\\u{110000}' is not a valid character"},
        {"pattern p = \"\\u{}\"", "test.rpt:1:14: error[E0004]: invalid unicode escape '\\u{}'"},
        {"pattern p = \"\\u41\"",
         "test.rpt:1:14: error[E0004]: invalid unicode escape '\\u'; write it as \\u{XXXX}"},
        {"pattern p = [a", "test.rpt:1:13: error[E0008]: unterminated character class"},
        {"pattern p = []", "test.rpt:1:13: error[E0009]: empty character class '[]'"},
        {"pattern p = [^]", "test.rpt:1:13: error[E0009]: empty character class '[^]'"},
        {"pattern p = [a-\\p{Han}]",
         "test.rpt:1:14: error[E0009]: invalid range 'a-\\p{Han}' in a character class"},
        {"/* open", "test.rpt:1:1: error[E0007]: unterminated block comment"},
        {"pattern p = \"x\" #", "test.rpt:1:17: error[E0006]: unexpected character '#'"},
        {"pattern p = \"x\"\u3000", "test.rpt:1:16: error[E0006]: unexpected character U+3000"},
        {"field 增长: t = \"x\"", "test.rpt:1:7: error[E0006]: unexpected characters '增长'"},
        {"pattern p = gap(0..3000000000)",
         "test.rpt:1:20: error[E0010]: number 3000000000 is too large"},
        {"pattern p = \"x\"\ntemplate t",
         "test.rpt:2:1: error[E0011]: the 'template' header must come before imports and "
         "declarations"},
        {"field x: t one one = \"a\"",
         "test.rpt:1:16: error[E0012]: field 'x' gives its cardinality twice"},
        {"field x: t first best = \"a\"",
         "test.rpt:1:18: error[E0012]: field 'x' gives its policy twice"},
        {"require a message \"m\" message \"n\"",
         "test.rpt:1:23: error[E0012]: the message is given twice"},
        {"template t { normalize nfkc; normalize nfkc }",
         "test.rpt:1:30: error[E0012]: the template header gives 'normalize' twice"},
    };
    for (const Case& c : kCases) {
      SUBCASE(std::string(c.source).c_str()) { CHECK(FirstError(c.source) == c.first_error); }
    }
  }

  TEST_CASE("the parser recovers and reports an error on each bad line") {
    std::string rendered;
    std::optional<ast::Module> module = ParseText(
        "pattern a = \"x\" |\n"
        "field b money = \"y\"\n"
        "pattern c = \"ok\"\n"
        "lexicon d { k \"v\" }\n"
        "test \"t\" { e = 1 }\n",
        &rendered);
    CHECK_FALSE(module);
    CHECK(rendered.find("test.rpt:1:18: error[E0001]") != std::string::npos);
    CHECK(rendered.find("test.rpt:2:8: error[E0001]") != std::string::npos);
    CHECK(rendered.find("test.rpt:3:") == std::string::npos);
    CHECK(rendered.find("test.rpt:4:14: error[E0001]") != std::string::npos);
    CHECK(rendered.find("test.rpt:5:14: error[E0001]") != std::string::npos);
  }

  TEST_CASE("a line with a bad character gets no echoing syntax error") {
    std::string rendered;
    CHECK_FALSE(ParseText("field 增长: money = \"x\"\n", &rendered));
    CHECK(rendered.find("E0006") != std::string::npos);
    CHECK(rendered.find("E0001") == std::string::npos);
  }

  TEST_CASE("lexical errors are reported even when the parse also fails") {
    std::string rendered;
    CHECK_FALSE(ParseText("pattern p = \"a\\q\"\nfield x money = \"y\"\n", &rendered));
    CHECK(rendered.find("E0004") != std::string::npos);
    CHECK(rendered.find("E0001") != std::string::npos);
  }

  TEST_CASE("the number of reported syntax errors is capped by max_errors") {
    std::string text;
    for (int i = 0; i < 500; ++i) text += "field x\n";
    ParseOptions options;
    options.max_errors = 7;
    SourceManager sources;
    uint32_t file = sources.Add("many.rpt", text);
    Diagnostics diagnostics;
    CHECK_FALSE(Parse(sources, file, diagnostics, options));
    CHECK(diagnostics.error_count() == 7);
    REQUIRE_FALSE(diagnostics.all().empty());
    CHECK(diagnostics.all().back().severity == Severity::kNote);
    CHECK(diagnostics.all().back().message == "many.rpt: stopped after 7 syntax errors");
  }

  TEST_CASE("lexical errors count towards max_errors too") {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "pattern p = \"\\q\"\n";
    ParseOptions options;
    options.max_errors = 5;
    SourceManager sources;
    uint32_t file = sources.Add("many.rpt", text);
    Diagnostics diagnostics;
    CHECK_FALSE(Parse(sources, file, diagnostics, options));
    CHECK(diagnostics.error_count() == 5);
  }
}

}  // namespace
}  // namespace rptc
