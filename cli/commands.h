// The subcommands of `rptc`, one file each (cmd_<name>.cc). Each Add*Command registers its
// options on `app`; when the command line selects it, its callback runs the command and stores
// the exit code (common.h ExitCode) in *exit_code.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace rptc::cli {

// `-I DIR` / `--include DIR`, repeatable. One directory per flag: a vector option would
// otherwise swallow the positional arguments that follow it (`-I dir a.txt`).
inline CLI::Option* AddIncludeOption(CLI::App* cmd, std::vector<std::string>& dirs) {
  return cmd->add_option("-I,--include", dirs, "Directory searched for imported templates")
      ->allow_extra_args(false);
}

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
