// rptc test T... : run the inline tests of templates and of the templates they import
// (compiler/testing/template_tests.h). Each failure prints as
//   path:line:col: test failed: expected ..., got ...
// and the last line is exactly "N passed, N failed". Exit 1 when a test failed, 2 when a
// template does not compile (its tests cannot run).
//
// --coverage then also reports each rule of the templates that no inline test exercises
// (compiler/testing/test_coverage.h) as a located warning W0402, and the line
// "N of M rules exercised by inline tests" (summed over the templates) before the last line.
// Unexercised rules are warnings: the exit code is still 0 when every test passed, unless
// --require-coverage (which implies --coverage) makes them failures (exit 1).
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/program_io.h"
#include "compiler/compiler.h"
#include "compiler/testing/template_tests.h"
#include "compiler/testing/test_coverage.h"

namespace rptc::cli {
namespace {

struct TestArgs {
  std::vector<std::string> templates;
  std::vector<std::string> include_dirs;
  bool coverage = false;
  bool require_coverage = false;
};

int RunTest(const TestArgs& args) {
  int passed = 0, failed = 0;
  size_t rules = 0, exercised = 0;
  bool broken = false;
  const bool coverage = args.coverage || args.require_coverage;
  for (const std::string& path : args.templates) {
    CompileResult result = CompileFile(path, {.include_dirs = args.include_dirs});
    PrintDiagnostics(result, /*errors_only=*/true);
    if (!result.checked || !result.program) {
      broken = true;
      continue;
    }
    TestOutcome outcome = RunTemplateTests(*result.checked, *result.program);
    passed += outcome.passed;
    failed += outcome.failed;
    for (const TestFailure& f : outcome.failures) {
      const Source& source = result.sources.Get(f.span.file);
      LineCol at = source.ToLineCol(f.span.begin);
      fmt::print("{}:{}:{}: test failed: {}\n", source.name(), at.line, at.column, f.message);
    }
    if (coverage) {
      CoverageReport report = MeasureCoverage(*result.checked, *result.program);
      rules += report.rules.size();
      exercised += report.exercised();
      Diagnostics uncovered;
      ReportUncovered(report, uncovered);
      uncovered.SortByLocation();
      fmt::print("{}", Render(uncovered, result.sources));
    }
  }
  if (coverage) fmt::print("{} of {} rules exercised by inline tests\n", exercised, rules);
  fmt::print("{} passed, {} failed\n", passed, failed);
  std::fflush(stdout);
  if (broken) return kExitUsage;
  if (failed > 0) return kExitFailure;
  return args.require_coverage && exercised < rules ? kExitFailure : kExitOk;
}

}  // namespace

void AddTestCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<TestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "test", "Run the inline tests of templates (and of the templates they import)");
  cmd->add_option("templates", args->templates, "Templates (.rpt)")->required();
  AddIncludeOption(cmd, args->include_dirs);
  cmd->add_flag("--coverage", args->coverage,
                "Also warn (W0402) about every rule no inline test exercises, and print "
                "\"N of M rules exercised by inline tests\"");
  cmd->add_flag("--require-coverage", args->require_coverage,
                "As --coverage, and exit 1 when some rule is not exercised");
  cmd->callback([args, exit_code] { *exit_code = RunTest(*args); });
}

}  // namespace rptc::cli
