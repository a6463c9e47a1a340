// FormatModule (`rptc fmt`) and DumpAst: the canonical style, comments kept, and the two
// properties every template must have: formatting is idempotent, and the formatted text parses
// to the same tree (Souffle's ast_print_test round trip).
#include "compiler/ast/ast_printer.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/parse/parser.h"

namespace rptc {
namespace {

namespace fs = std::filesystem;

// Formats `text`; "error:" and the diagnostics when it does not parse.
std::string Format(const std::string& text) {
  SourceManager sources;
  uint32_t file = sources.Add("fmt.rpt", text);
  Diagnostics diagnostics;
  std::optional<ast::Module> module = Parse(sources, file, diagnostics);
  if (!module) return "error:\n" + Render(diagnostics, sources);
  return FormatModule(*module, sources);
}

std::optional<std::string> Dump(const std::string& text) {
  SourceManager sources;
  uint32_t file = sources.Add("dump.rpt", text);
  Diagnostics diagnostics;
  std::optional<ast::Module> module = Parse(sources, file, diagnostics);
  if (!module) return std::nullopt;
  return DumpAst(*module);
}

// Both properties for one template that parses.
void CheckRoundTrip(const std::string& text) {
  std::optional<std::string> original = Dump(text);
  REQUIRE(original);
  std::string once = Format(text);
  REQUIRE(once.rfind("error:", 0) != 0);
  std::optional<std::string> reparsed = Dump(once);
  REQUIRE_MESSAGE(reparsed, once);
  CHECK(*reparsed == *original);
  CHECK(Format(once) == once);
}

struct Case {
  std::string_view source;
  std::string_view formatted;
};

// Hand-picked templates for the round-trip properties, beside the repository's own.
const char* const kRoundTripCases[] = {
    "pattern p = (\"a\" | \"b\") | \"c\"",
    "pattern p = (\"a\" \"b\") \"c\" (\"d\" | (\"e\" | \"f\"))",
    "pattern p = \"a\"?{2} (\"b\" \"c\")+ \"d\"* \"e\"{2,} \"f\"{1,3}",
    "pattern p = @v:money (\"x\") @w:list(money)(any) @k(\"y\")",
    "pattern p = [^,。\\]\\\\\\-\\^\\n\\t\\u{4E2D}\\p{Han}\\P{L}]",
    "pattern p = \"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u{7}\"",
    "field {key}_growth: percent many best = @key:indicator \"x\" priority -3",
    "check sum(a.b) in -0.5..1000000000000000000000 severity error message \"m\"",
    "test \"t\" in s.sub { a.{k}_x == -2.5; no b }",
    "test \"t\" in s { items.count == 2; items[0].title == \"x\"; s.items[12].index == 3 "
    "no items; items [ 1 ] . marker == \"(二)\" }",
    "section s { section t { section u { field f: t = \"x\" } } }",
    "template t \"d\" { version \"\" }",
    "/// a\n///\n/// b\nlexicon l { /// k\n k: \"v\" }",
    "pattern p = \"x\" // trailing\n// between\npattern q = \"y\" /* block\n spanning */\n"
    "// at the end\n",
    "field f: t\n  // first\n  = \"a\" // one\n  = \"b\" priority 2 // two\n",
    "section s {\n  // about begin\n  begin \"x\" // b\n  end before a // e\n  // inner end\n}\n",
    "pattern long = \"一二三四五六七八九十\" \"一二三四五六七八九十\" \"一二三四五六七八九十\" "
    "\"一二三四五六七八九十\" \"一二三四五六七八九十\" (\"一二三四五六七八九十\" | "
    "\"一二三四五六七八九十\" | \"一二三四五六七八九十\")",
};

TEST_SUITE("parse") {
  TEST_CASE("formatting follows the canonical style") {
    static const Case kCases[] = {
        {"template   gwr \"Reports\"{version \"1.0\" languages zh,en}",
         "template gwr \"Reports\" {\n  version \"1.0\"\n  languages zh, en\n}\n"},
        {"import std.values\n\n\nimport \"a.rpt\" as a",
         "import std.values\n\nimport \"a.rpt\" as a\n"},
        {"lexicon l { gdp: \"生产总值\"|\"GDP\"; budget_revenue: \"x\" }",
         "lexicon l {\n  gdp:            \"生产总值\" | \"GDP\"\n  budget_revenue: \"x\"\n}\n"},
        {"pattern a = \"x\"\npattern b = \"y\"\n\n\npattern c = \"z\"\nfield f: t = a",
         "pattern a = \"x\"\npattern b = \"y\"\n\npattern c = \"z\"\n\nfield f: t = a\n"},
        {"section s{begin last \"x\" end before a,b field f: money one first = \"y\" "
         "field g: t = \"z\"}",
         "section s {\n  begin last \"x\"\n  end before a, b\n\n  field f: money one first = "
         "\"y\"\n  field g: t = \"z\"\n}\n"},
        {"field g: percent many all = \"a\" = \"b\" priority 2",
         "field g: percent many all\n  = \"a\"\n  = \"b\" priority 2\n"},
        {"field g: money best where  @year==review_year = \"a\"",
         "field g: money best where @year == review_year = \"a\"\n"},
        {"require a,b severity error\ncheck x in 0..1 severity warning\norder a,b severity "
         "error message \"m\"",
         "require a, b\ncheck x in 0..1\norder a, b severity error message \"m\"\n"},
        {"test \"x\" in s { a == \"1\" }\ntest \"y\" { a == 1 no b }",
         "test \"x\" in s { a == \"1\" }\n\ntest \"y\" {\n  a == 1\n  no b\n}\n"},
        {"for k in l { field {k}: t = l.{k} }", "for k in l {\n  field {k}: t = l.{k}\n}\n"},
        {"list items = \"x\" title until \"。\"", "list items = \"x\" title until \"。\"\n"},
        {"test \"x\" in s {items.count==2 items [1] .title==\"b\" no  items}",
         "test \"x\" in s {\n  items.count == 2\n  items[1].title == \"b\"\n  no items\n}\n"},
        {"test \"x\" in s { items[ 0 ].index == 1 }",
         "test \"x\" in s { items[0].index == 1 }\n"},
        {"section s {}", "section s {}\n"},
        {"", ""},
    };
    for (const Case& c : kCases) {
      SUBCASE(std::string(c.source).c_str()) {
        CHECK(Format(std::string(c.source)) == c.formatted);
      }
    }
  }

  TEST_CASE("comments are kept in place, and comments inside a declaration move above it") {
    CHECK(Format("// header comment\n/// Doc.\npattern p = \"a\" /* inner */ \"b\" // end\n") ==
          "// header comment\n/* inner */\n/// Doc.\npattern p = \"a\" \"b\"  // end\n");
    CHECK(Format("lexicon l {\n  a: \"x\"  // first\n  // before b\n  b: \"y\"\n  // last\n}\n") ==
          "lexicon l {\n  a: \"x\"  // first\n  // before b\n  b: \"y\"\n  // last\n}\n");
    CHECK(Format("template t {\n  version \"1\" // v\n}\n") ==
          "template t {\n  version \"1\"  // v\n}\n");
    // A doc comment where no documentation belongs stays as a plain comment.
    CHECK(Format("/// about r\nrequire a\n") == "// about r\nrequire a\n");
  }

  TEST_CASE("long patterns and lexicon entries wrap at 100 columns") {
    std::string alternatives;
    for (int i = 0; i < 30; ++i) alternatives += (i ? " | " : "") + std::string("\"word\"");
    std::string formatted = Format("pattern p = " + alternatives);
    CHECK(formatted.find("\n    | \"word\"") != std::string::npos);
    for (size_t start = 0; start < formatted.size();) {
      size_t end = formatted.find('\n', start);
      CHECK(end - start <= 100);
      start = end + 1;
    }
    std::string phrases;
    for (int i = 0; i < 20; ++i) phrases += (i ? " | " : "") + std::string("\"国内生产总值\"");
    formatted = Format("lexicon l { gdp: " + phrases + " }");
    CHECK(formatted.find("\n     | \"国内生产总值\"") != std::string::npos);
  }

  TEST_CASE("formatting is idempotent and keeps the tree, for hand-picked templates") {
    for (const char* text : kRoundTripCases) {
      CAPTURE(text);
      CheckRoundTrip(text);
    }
  }

  TEST_CASE("formatting is idempotent and keeps the tree, for every template in the repository") {
    size_t checked = 0;
    for (const char* sub : {"examples", "compiler/std", "tests", "fuzz/seeds"}) {
      fs::path dir = fs::path(RPTC_SOURCE_DIR) / sub;
      if (!fs::exists(dir)) continue;
      for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().extension() != ".rpt") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        if (!Dump(text.str())) continue;  // diagnostics goldens and regressions need not parse
        CAPTURE(entry.path().string());
        CheckRoundTrip(text.str());
        ++checked;
      }
    }
    CHECK(checked > 0);
  }

  TEST_CASE("the dump can show byte spans") {
    SourceManager sources;
    uint32_t file = sources.Add("s.rpt", "pattern p = \"ab\" x");
    Diagnostics diagnostics;
    std::optional<ast::Module> module = Parse(sources, file, diagnostics);
    REQUIRE(module);
    DumpOptions options;
    options.spans = true;
    CHECK(DumpAst(*module, options) ==
          "(module\n  (pattern p@0-18 (seq \"ab\"@12-16 (ref x)@17-18)@12-18))\n");
  }

  TEST_CASE("hand-built trees print in a form that parses back to them") {
    ast::Module module;
    ast::Pattern cls;
    cls.kind = ast::PatternKind::kClass;  // no `text`: printed from the parsed class
    cls.cls.negated = true;
    cls.cls.ranges = {{U'a', U'z'}, {U']', U']'}, {U'中', U'中'}};
    cls.cls.properties = {"Han"};
    ast::PatternDecl decl;
    decl.name = "p";
    decl.pattern = cls;
    module.items.push_back({decl});
    ast::Check check;
    check.path.parts.push_back({{{ast::NamePiece::Kind::kText, "x"}}, {}});
    check.low = 1e-7;
    check.high = 1e22;
    module.items.push_back({check});
    SourceManager sources;
    std::string text = FormatModule(module, sources);
    CHECK(text ==
          "pattern p = [^a-z\\]\\u{4E2D}\\p{Han}]\n\ncheck x in "
          "0.0000001..10000000000000000000000\n");
    std::optional<std::string> dump = Dump(text);
    REQUIRE(dump);
    CHECK(dump->find("(class ^ U+0061-U+007A U+005D U+4E2D \\p{Han})") != std::string::npos);
    CHECK(dump->find("(in 0.0000001 10000000000000000000000)") != std::string::npos);
  }
}

}  // namespace
}  // namespace rptc
