// rptc test T... : run the inline tests of templates and of the templates they import
// (compiler/testing/template_tests.h). Each failure prints as
//   path:line:col: test failed: expected ..., got ...
// and the last line is exactly "N passed, N failed". Exit 1 when a test failed, 2 when a
// template does not compile (its tests cannot run).
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

namespace rptc::cli {
namespace {

struct TestArgs {
  std::vector<std::string> templates;
  std::vector<std::string> include_dirs;
};

int RunTest(const TestArgs& args) {
  int passed = 0, failed = 0;
  bool broken = false;
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
  }
  fmt::print("{} passed, {} failed\n", passed, failed);
  std::fflush(stdout);
  if (broken) return kExitUsage;
  return failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace

void AddTestCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<TestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "test", "Run the inline tests of templates (and of the templates they import)");
  cmd->add_option("templates", args->templates, "Templates (.rpt)")->required();
  AddIncludeOption(cmd, args->include_dirs);
  cmd->callback([args, exit_code] { *exit_code = RunTest(*args); });
}

}  // namespace rptc::cli
