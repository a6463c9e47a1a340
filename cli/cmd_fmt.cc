// rptc fmt [--check] FILE... : rewrite templates in the canonical style (compiler/ast/
// ast_printer.h). `-` formats stdin to stdout. With --check nothing is written: the files that
// would change are listed on stdout and the exit code is 1, for CI. A file with syntax errors is
// left untouched, its diagnostics printed, and the exit code is 1.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "compiler/ast/ast_printer.h"
#include "compiler/parse/parser.h"
#include "compiler/source/diagnostic.h"

namespace rptc::cli {
namespace {

struct FmtArgs {
  std::vector<std::string> files;
  bool check = false;
};

// Formats `text`; nullopt (diagnostics printed) when it does not parse.
std::optional<std::string> Format(const std::string& name, std::string text) {
  SourceManager sources;
  uint32_t file = sources.Add(name, std::move(text));
  Diagnostics diagnostics;
  std::optional<ast::Module> module = Parse(sources, file, diagnostics);
  if (!module || diagnostics.has_errors()) {
    std::string rendered = Render(diagnostics, sources, StderrWantsColor());
    std::fwrite(rendered.data(), 1, rendered.size(), stderr);
    return std::nullopt;
  }
  return FormatModule(*module, sources);
}

int RunFmt(const FmtArgs& args) {
  int status = kExitOk;
  for (const std::string& path : args.files) {
    std::string error;
    std::optional<std::string> text;
    if (path == "-") {
      text.emplace(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      text = ReadSmallFile(path, &error);
    }
    if (!text) {
      PrintError(error);
      status = kExitFailure;
      continue;
    }
    std::optional<std::string> formatted = Format(path == "-" ? "<stdin>" : path, *text);
    if (!formatted) {
      status = kExitFailure;
      continue;
    }
    if (path == "-" && !args.check) {
      std::fwrite(formatted->data(), 1, formatted->size(), stdout);
      continue;
    }
    if (*formatted == *text) continue;
    if (args.check) {
      std::printf("%s\n", path.c_str());
      status = kExitFailure;
    } else if (!WriteFileAtomically(path, *formatted, &error)) {
      PrintError(error);
      status = kExitFailure;
    }
  }
  return status;
}

}  // namespace

void AddFmtCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<FmtArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fmt", "Format templates in place (- formats stdin to stdout); --check only lists them");
  cmd->add_option("files", args->files, "Templates (.rpt), or - for stdin")->required();
  cmd->add_flag("--check", args->check,
                "Write nothing; list the files that would change and exit 1 if there are any");
  cmd->callback([args, exit_code] { *exit_code = RunFmt(*args); });
}

}  // namespace rptc::cli
