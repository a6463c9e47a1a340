// The government-work-report template on the development corpus: runs examples/gwr/gwr.rpt over
// ../shared/corpus/*.txt, writes each report as JSON, and scores the lot with
// ../shared/tools/score.py against ../shared/eval/gold-dev. Skipped (with a message) when the
// shared folder or python3 is not there.
//
// A dev score proves little by itself (the template is judged on reports it has never seen);
// this test keeps it from sliding back.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>

#include "compiler/compiler.h"
#include "runtime/report.h"

namespace rptc {
namespace {

namespace fs = std::filesystem;

// The F1 each part reaches today on the six dev reports; raise when it improves.
constexpr double kMinReviewF1 = 0.98;
constexpr double kMinTargetsF1 = 0.98;
constexpr double kMinTasksF1 = 0.95;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs a shell command, returning its stdout (stderr is folded in).
std::string Capture(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    *status = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  *status = pclose(pipe);
  return out;
}

TEST_SUITE("gwr") {
  TEST_CASE("gold-dev: the template scores on the six development reports") {
    const fs::path shared = RPTC_SHARED_DIR;
    const fs::path corpus = shared / "corpus";
    const fs::path gold = shared / "eval" / "gold-dev";
    const fs::path scorer = shared / "tools" / "score.py";
    if (!fs::exists(corpus) || !fs::exists(gold) || !fs::exists(scorer)) {
      MESSAGE("skipped: " << shared.string() << " (corpus, gold-dev, score.py) is not there");
      return;
    }
    int status = 0;
    Capture("python3 --version", &status);
    if (status != 0) {
      MESSAGE("skipped: python3 is not available");
      return;
    }

    CompileResult compiled = CompileFile(std::string(RPTC_SOURCE_DIR) + "/examples/gwr/gwr.rpt");
    INFO(Render(compiled.diagnostics, compiled.sources));
    REQUIRE(compiled.program.has_value());
    auto program = std::make_shared<const rt::Program>(std::move(*compiled.program));
    rt::Extractor extractor(program);

    const fs::path pred = fs::temp_directory_path() /
                          ("rptc-gwr-gold-" + std::to_string(static_cast<long>(::getpid())));
    fs::create_directories(pred);
    int documents = 0;
    for (const auto& entry : fs::directory_iterator(corpus)) {
      if (entry.path().extension() != ".txt") continue;
      std::string text = ReadFile(entry.path());
      rt::Report report = extractor.Extract(text, entry.path().string());
      std::ofstream out(pred / (entry.path().stem().string() + ".json"), std::ios::binary);
      out << rt::ReportToJson(*program, report);
      ++documents;
    }
    REQUIRE(documents > 0);

    const std::string command = "python3 '" + scorer.string() + "' --gold '" + gold.string() +
                                "' --pred '" + pred.string() + "' --verbose";
    std::string output = Capture(command, &status);
    std::error_code ec;
    fs::remove_all(pred, ec);
    INFO(output);
    REQUIRE(status == 0);

    // The last line: "review P=… R=… F1=0.980 (tp=…); targets …; tasks …".
    std::string summary = output;
    while (!summary.empty() && summary.back() == '\n') summary.pop_back();
    summary = summary.substr(summary.rfind('\n') + 1);
    MESSAGE("gold-dev: " << summary << "\n" << output);
    auto f1 = [&](const std::string& part) {
      std::smatch m;
      std::regex re(part + R"( P=[0-9.]+ R=[0-9.]+ F1=([0-9.]+))");
      return std::regex_search(summary, m, re) ? std::stod(m[1].str()) : -1.0;
    };
    CHECK(f1("review") >= kMinReviewF1);
    CHECK(f1("targets") >= kMinTargetsF1);
    CHECK(f1("tasks") >= kMinTasksF1);
  }
}

}  // namespace
}  // namespace rptc
