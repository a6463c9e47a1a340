// Hostile and unusual input: every case ends in a module or in diagnostics, never in a crash,
// a hang or a stack overflow. Also parses every saved fuzzer finding in regressions/.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "tests/compiler/parse/parse_test_util.h"

namespace rptc {
namespace {

namespace fs = std::filesystem;
using testing::ParseText;

struct Outcome {
  bool parsed = false;
  std::vector<std::string> codes;
  std::string rendered;
};

Outcome Run(const std::string& text, const ParseOptions& options = {}) {
  SourceManager sources;
  uint32_t file = sources.Add("input.rpt", text);
  Diagnostics diagnostics;
  Outcome out;
  out.parsed = Parse(sources, file, diagnostics, options).has_value();
  for (const Diagnostic& d : diagnostics.all()) out.codes.push_back(d.code);
  out.rendered = Render(diagnostics, sources);
  return out;
}

std::string Repeat(std::string_view unit, size_t n) {
  std::string s;
  s.reserve(unit.size() * n);
  for (size_t i = 0; i < n; ++i) s += unit;
  return s;
}

TEST_SUITE("parse") {
  TEST_CASE("an empty file is an empty module without diagnostics") {
    for (const char* text : {"", "   \n\n\t", "// nothing\n", "\xEF\xBB\xBF", ";"}) {
      CAPTURE(text);
      Outcome out = Run(text);
      CHECK(out.parsed);
      CHECK(out.codes.empty());
    }
  }

  TEST_CASE("CRLF line ends give the same lines and columns as LF") {
    Outcome lf = Run("pattern a = \"x\"\nfield b money = \"y\"\n");
    Outcome crlf = Run("pattern a = \"x\"\r\nfield b money = \"y\"\r\n");
    CHECK(lf.rendered == crlf.rendered);
    CHECK(crlf.rendered.rfind("input.rpt:2:8: error[E0001]", 0) == 0);
  }

  TEST_CASE("a byte order mark does not shift byte spans") {
    // Columns come from Source::ToLineCol, which counts the BOM as a code point of line 1; the
    // span itself starts after it, at the same bytes as without the BOM plus three.
    SourceManager sources;
    uint32_t file = sources.Add("input.rpt",
                                "\xEF\xBB\xBF"
                                "field b money = \"y\"");
    Diagnostics diagnostics;
    CHECK_FALSE(Parse(sources, file, diagnostics));
    REQUIRE(diagnostics.all().size() == 1);
    CHECK(diagnostics.all()[0].span.begin == 3 + 7);
  }

  TEST_CASE("invalid UTF-8 is reported once, at the first bad byte") {
    struct Case {
      std::string text;
      std::string_view where;
    };
    const Case cases[] = {
        {"pattern p = \"\x80\"",
         "input.rpt:1:14: error[E0005]: invalid UTF-8 in template (bytes 0x80)"},
        {"pattern p = \"\xC0\x80\"",
         "input.rpt:1:14: error[E0005]: invalid UTF-8 in template (bytes 0xC0 0x80)"},
        {"pattern p = \"\xED\xA0\x80\"",
         "input.rpt:1:14: error[E0005]: invalid UTF-8 in template (bytes 0xED 0xA0 0x80)"},
        {"pattern p = \"\xF4\x90\x80\x80\"",
         "input.rpt:1:14: error[E0005]: invalid UTF-8 in template (bytes 0xF4 0x90 0x80 0x80)"},
        {"pattern p = \"\xE4\xB8\"",
         "input.rpt:1:14: error[E0005]: invalid UTF-8 in template (bytes 0xE4 0xB8)"},
        {"\n\n\xFF", "input.rpt:3:1: error[E0005]: invalid UTF-8 in template (bytes 0xFF)"},
        {std::string("pattern p = \"a\0b\"", 17),
         "input.rpt:1:15: error[E0005]: template contains a NUL byte; is it a binary file?"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.where);
      Outcome out = Run(c.text);
      CHECK_FALSE(out.parsed);
      CHECK(out.codes == std::vector<std::string>{"E0005"});
      CHECK(out.rendered.substr(0, out.rendered.find('\n')) == c.where);
    }
  }

  TEST_CASE("binary files get one diagnostic") {
    std::mt19937 random(42);
    std::string noise;
    for (int i = 0; i < 100000; ++i) noise.push_back(static_cast<char>(random() & 0xFF));
    Outcome out = Run(noise);
    CHECK_FALSE(out.parsed);
    CHECK(out.codes == std::vector<std::string>{"E0005"});

    std::string controls = Repeat(std::string("\x01\x02\x03\x1B\x7F", 5), 200);
    out = Run(controls);
    CHECK_FALSE(out.parsed);
    CHECK(out.codes == std::vector<std::string>{"E0005"});
  }

  TEST_CASE("a stray control character is an unexpected character, not a binary file") {
    Outcome out = Run("pattern p = \"x\" \x07\n");
    CHECK(out.codes == std::vector<std::string>{"E0006"});
    CHECK(out.rendered.find("unexpected character U+0007") != std::string::npos);
  }

  TEST_CASE("a one-megabyte line parses") {
    std::string literal = "pattern p = \"" + std::string(1 << 20, 'x') + "\"\n";
    CHECK(Run(literal).parsed);
    std::string alternatives = "pattern p = \"a\"" + Repeat(" | \"abcd\"", 120000) + "\n";
    CHECK(alternatives.size() > (1u << 20));
    CHECK(Run(alternatives).parsed);
  }

  TEST_CASE("a one-megabyte line of garbage stops at the error budget") {
    Outcome out = Run(Repeat(") ", 600000));
    CHECK_FALSE(out.parsed);
    CHECK(out.codes.size() <= 52);
  }

  TEST_CASE("ten thousand nested parentheses are refused before parsing") {
    Outcome out = Run("pattern p = " + Repeat("(", 10000) + "\"a\"" + Repeat(")", 10000));
    CHECK_FALSE(out.parsed);
    CHECK(out.codes == std::vector<std::string>{"E0003"});
    out = Run("pattern p = " + Repeat("(", 10000));  // and unbalanced
    CHECK(out.codes == std::vector<std::string>{"E0003"});
    out = Run(Repeat("section s { ", 10000));
    CHECK(out.codes == std::vector<std::string>{"E0003"});
    out = Run("pattern p = " + Repeat("@c(", 10000));
    CHECK(out.codes == std::vector<std::string>{"E0003"});
  }

  TEST_CASE("nesting up to the limit parses") {
    CHECK(Run("pattern p = " + Repeat("(", 200) + "\"a\"" + Repeat(")", 200)).parsed);
    CHECK(Run(Repeat("section s { ", 199) + Repeat("}", 199)).parsed);
    ParseOptions options;
    options.max_nesting = 10;
    Outcome out = Run("pattern p = " + Repeat("(", 11) + "\"a\"" + Repeat(")", 11), options);
    CHECK(out.codes == std::vector<std::string>{"E0003"});
  }

  TEST_CASE("a fifty-thousand-line template parses") {
    std::string text = "lexicon indicator { gdp: \"生产总值\" }\n";
    for (int i = 0; i < 50000; ++i) {
      text += "field f" + std::to_string(i) + ": money = indicator.gdp gap(0..8) @value:money\n";
    }
    std::optional<ast::Module> module = ParseText(text);
    REQUIRE(module);
    CHECK(module->items.size() == 50001);
  }

  TEST_CASE("many errors in a long file stay within the budget") {
    Outcome out = Run(Repeat("field x\n", 20000));
    CHECK_FALSE(out.parsed);
    CHECK(out.codes.size() == 51);  // 50 errors and the note that parsing stopped
  }

  TEST_CASE("every saved fuzzer finding parses or reports, without crashing") {
    const fs::path dir = fs::path(RPTC_SOURCE_DIR) / "tests" / "compiler" / "parse" / "regressions";
    size_t count = 0;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".md") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      CAPTURE(entry.path().filename().string());
      Outcome out = Run(text.str());
      CHECK((out.parsed || !out.codes.empty()));
      ++count;
    }
    CHECK(count > 0);
  }
}

}  // namespace
}  // namespace rptc
