// The subcommands of `rptc`, one file each (cmd_<name>.cc). Each Add*Command registers its
// options on `app`; when the command line selects it, its callback runs the command and stores
// the exit code (common.h ExitCode) in *exit_code.
#pragma once

#include <CLI/CLI.hpp>

namespace rptc::cli {

void AddCheckTemplateCommand(CLI::App& app, int* exit_code);
void AddFmtCommand(CLI::App& app, int* exit_code);
void AddCompileCommand(CLI::App& app, int* exit_code);
void AddExtractCommand(CLI::App& app, int* exit_code);
void AddCheckCommand(CLI::App& app, int* exit_code);
void AddBuildCommand(CLI::App& app, int* exit_code);
void AddSchemaCommand(CLI::App& app, int* exit_code);
void AddTestCommand(CLI::App& app, int* exit_code);
void AddExplainCommand(CLI::App& app, int* exit_code);
void AddViewCommand(CLI::App& app, int* exit_code);
// Adds --watch to the extract subcommand (registered before it); cmd_watch.cc.
void AddExtractWatch(CLI::App& app, int* exit_code);

}  // namespace rptc::cli
