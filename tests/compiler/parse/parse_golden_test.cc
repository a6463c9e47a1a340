// Golden syntax diagnostics: every tests/diagnostics/parse_NAME.rpt is parsed and its rendered
// diagnostics must equal parse_NAME.err byte for byte. tests/diagnostics_test.cc runs the same
// files through Parse + Check with the same rendering (file names relative to the source tree,
// sorted by location); this copy needs only the parser, so it runs even when the checker does
// not build. UPDATE_GOLDEN=1 rewrites the .err files instead of comparing.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/parse/parser.h"

namespace rptc {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string RenderParse(const fs::path& path) {
  SourceManager sources;
  Diagnostics diagnostics;
  uint32_t file = sources.Add("tests/diagnostics/" + path.filename().string(), ReadFile(path));
  (void)Parse(sources, file, diagnostics);
  diagnostics.SortByLocation();
  return Render(diagnostics, sources);
}

std::vector<fs::path> ParseGoldens() {
  std::vector<fs::path> cases;
  const fs::path dir = fs::path(RPTC_SOURCE_DIR) / "tests" / "diagnostics";
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    const fs::path& p = entry.path();
    if (p.extension() == ".rpt" && p.filename().string().rfind("parse_", 0) == 0) {
      cases.push_back(p);
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

TEST_SUITE("parse") {
  TEST_CASE("every parse golden template renders exactly its expected diagnostics") {
    std::vector<fs::path> cases = ParseGoldens();
    REQUIRE_FALSE(cases.empty());
    const char* update = std::getenv("UPDATE_GOLDEN");
    const bool updating = update != nullptr && std::string(update) == "1";
    for (const fs::path& rpt : cases) {
      fs::path err = rpt;
      err.replace_extension(".err");
      std::string actual = RenderParse(rpt);
      if (updating) {
        std::ofstream(err, std::ios::binary) << actual;
        continue;
      }
      CAPTURE(rpt.filename().string());
      REQUIRE_MESSAGE(fs::exists(err), "missing golden; run with UPDATE_GOLDEN=1");
      CHECK(actual == ReadFile(err));
    }
  }

  TEST_CASE("every diagnostic code the parser uses has a golden test") {
    std::string goldens;
    for (const fs::path& rpt : ParseGoldens()) {
      fs::path err = rpt;
      err.replace_extension(".err");
      goldens += ReadFile(err);
    }
    for (const char* code : {"E0001", "E0002", "E0003", "E0004", "E0005", "E0006", "E0007", "E0008",
                             "E0009", "E0010", "E0011", "E0012"}) {
      CAPTURE(code);
      CHECK(goldens.find(std::string("[") + code + "]") != std::string::npos);
    }
  }
}

}  // namespace
}  // namespace rptc
