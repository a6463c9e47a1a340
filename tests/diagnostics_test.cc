// Golden diagnostics: every tests/diagnostics/NAME.rpt is parsed and checked (no lowering; the
// lower_*.rpt files go through the whole compiler, for the codes of lowering to automata; the
// coverage_*.rpt files are compiled and their inline tests run for `rptc test --coverage`'s
// W0402), and the rendered diagnostics must equal NAME.err byte for byte. Paths print relative to the source
// tree (tests/diagnostics/NAME.rpt), so goldens do not depend on where the tree is.
//
// UPDATE_GOLDEN=1 in the environment rewrites the .err files instead of comparing.
// A first line `// options: --include DIR ...` passes include folders (relative to
// tests/diagnostics) to the checker.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/check/checker.h"
#include "compiler/compiler.h"
#include "compiler/parse/parser.h"
#include "compiler/testing/test_coverage.h"

namespace rptc {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
}

CheckOptions OptionsFrom(const std::string& text, const fs::path& dir) {
  CheckOptions options;
  const std::string prefix = "// options:";
  if (text.rfind(prefix, 0) != 0) return options;
  std::istringstream words(text.substr(prefix.size(), text.find('\n') - prefix.size()));
  std::string word;
  while (words >> word) {
    if (word == "--include" && words >> word) options.include_dirs.push_back((dir / word).string());
  }
  return options;
}

std::string RenderGolden(const fs::path& path) {
  std::string text = ReadFile(path);
  // lower_*.rpt run the whole compiler, for the codes of lowering to automata (E05xx, W05xx);
  // coverage_*.rpt then their inline tests, for the rules none exercises (W0402).
  const std::string name = path.filename().string();
  const bool coverage = name.rfind("coverage_", 0) == 0;
  if (name.rfind("lower_", 0) == 0 || coverage) {
    CompileOptions options;
    options.include_dirs = OptionsFrom(text, path.parent_path()).include_dirs;
    CompileResult r = CompileText(path.string(), text, options);
    if (coverage && r.checked && r.program) {
      ReportUncovered(MeasureCoverage(*r.checked, *r.program), r.diagnostics);
    }
    r.diagnostics.SortByLocation();
    std::string rendered = Render(r.diagnostics, r.sources);
    ReplaceAll(rendered, std::string(RPTC_SOURCE_DIR) + "/", "");
    return rendered;
  }
  SourceManager sources;
  Diagnostics diagnostics;
  uint32_t file = sources.Add(path.string(), text);
  if (std::optional<ast::Module> module = Parse(sources, file, diagnostics)) {
    (void)Check(std::move(*module), sources, diagnostics, OptionsFrom(text, path.parent_path()));
  }
  diagnostics.SortByLocation();
  std::string rendered = Render(diagnostics, sources);
  ReplaceAll(rendered, std::string(RPTC_SOURCE_DIR) + "/", "");
  return rendered;
}

TEST_SUITE("diagnostics") {
  TEST_CASE("every golden template renders exactly its expected diagnostics") {
    const fs::path dir = fs::path(RPTC_SOURCE_DIR) / "tests" / "diagnostics";
    std::vector<fs::path> cases;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".rpt") cases.push_back(entry.path());
    }
    std::sort(cases.begin(), cases.end());
    REQUIRE_FALSE(cases.empty());
    const char* update = std::getenv("UPDATE_GOLDEN");
    const bool updating = update && std::string(update) == "1";
    for (const fs::path& rpt : cases) {
      fs::path err = rpt;
      err.replace_extension(".err");
      std::string actual = RenderGolden(rpt);
      if (updating) {
        std::ofstream(err, std::ios::binary) << actual;
        continue;
      }
      CAPTURE(rpt.filename().string());
      REQUIRE_MESSAGE(fs::exists(err), "missing golden; run with UPDATE_GOLDEN=1");
      CHECK(actual == ReadFile(err));
    }
  }

  TEST_CASE("every diagnostic code the checker uses has a golden test") {
    // A code without a golden drifts silently; see docs/diagnostics.md.
    const fs::path dir = fs::path(RPTC_SOURCE_DIR) / "tests" / "diagnostics";
    std::string goldens;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".err") goldens += ReadFile(entry.path());
    }
    for (const char* code :
         {"E0001", "E0002", "E0003", "E0004", "E0005", "E0006", "E0007", "E0008", "E0009",
          "E0010", "E0011", "E0012", "E0014", "E0101", "E0102", "E0103", "E0104", "E0105", "E0106", "E0107", "E0108", "E0109",
          "E0201", "E0202", "E0203", "E0204", "E0205", "E0206", "E0207", "E0208", "E0209",
          "E0210", "E0211", "E0212",
          "E0301", "E0302", "E0303", "E0304", "E0305", "E0306",
          "E0401", "E0402", "E0403", "E0404", "E0405", "E0406", "E0407", "E0408", "E0409",
          "E0410", "E0501", "W0101", "W0201", "W0401", "W0402", "W0501"}) {
      CAPTURE(code);
      CHECK(goldens.find(std::string("[") + code + "]") != std::string::npos);
    }
  }

  TEST_CASE("every driver diagnostic code is pinned by an exact-output test") {
    // Driver codes cannot have a tests/diagnostics/*.rpt golden (a missing file is not a
    // template), so each is pinned by a test elsewhere that compares the whole rendered output.
    // This list names that test file; the test file must still pin `error[CODE]`.
    struct Pinned {
      const char* code;
      const char* test_file;  // relative to the source tree
    };
    for (const Pinned& p : {Pinned{"E0013", "tests/cli/cli_basics_test.cc"}}) {
      CAPTURE(p.code);
      CAPTURE(p.test_file);
      std::string text = ReadFile(fs::path(RPTC_SOURCE_DIR) / p.test_file);
      CHECK(text.find(std::string("error[") + p.code + "]") != std::string::npos);
    }
  }
}

}  // namespace
}  // namespace rptc
