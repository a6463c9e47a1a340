// rptc: the report template compiler. One binary, one subcommand per file (commands.h).
//
// Exit codes are the same for every subcommand: 0 success; 1 the inputs failed what was asked
// (template diagnostics, failed documents, non-conforming reports, failing tests); 2 usage
// errors, and a template that does not compile where the template is only a means (extract,
// check, schema, test).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/heap_tuning.h"

int main(int argc, char** argv) {
  using namespace rptc::cli;
  TuneHeapForShortRuns();
  CLI::App app{"rptc: compiles report templates and extracts typed figures from reports.", "rptc"};
  app.set_version_flag("--version", "rptc " + std::string(kVersion), "Print the version and exit");
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 success; 1 template diagnostics, failed documents, non-conforming reports or "
      "failed tests; 2 usage errors, and templates that do not compile in extract, check, schema "
      "and test.\n"
      "Run 'rptc COMMAND --help' for a command's options.");

  int exit_code = kExitOk;
  AddCheckTemplateCommand(app, &exit_code);
  AddFmtCommand(app, &exit_code);
  AddCompileCommand(app, &exit_code);
  AddExtractCommand(app, &exit_code);
  AddCheckCommand(app, &exit_code);
  AddTestCommand(app, &exit_code);
  AddBuildCommand(app, &exit_code);
  AddSchemaCommand(app, &exit_code);
  AddExplainCommand(app, &exit_code);
  AddViewCommand(app, &exit_code);
  AddExtractWatch(app, &exit_code);  // adds --watch to extract (cmd_watch.cc)

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message and a hint at --help
    return kExitUsage;
  } catch (const std::exception& e) {
    // Commands report their own errors; this is the last line of defence (e.g. bad_alloc).
    PrintError(std::string("internal error: ") + e.what());
    return kExitUsage;
  }
  std::fflush(stdout);
  return exit_code;
}
