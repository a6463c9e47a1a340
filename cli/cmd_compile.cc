// rptc compile T.rpt [-o T.rpto] : compile a template to a binary image.
//
// The image (runtime/image.h) is deterministic: the same template always gives the same bytes,
// so images can be committed, cached and compared. It is written to a temporary file and
// renamed, so a failed or interrupted compile never leaves a truncated image behind.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/program_io.h"
#include "compiler/compiler.h"

namespace rptc::cli {
namespace {

struct CompileArgs {
  std::string input;
  std::string output;
  std::vector<std::string> include_dirs;
};

int RunCompile(const CompileArgs& args) {
  CompileResult result = CompileFile(args.input, {.include_dirs = args.include_dirs});
  PrintDiagnostics(result);
  if (!result.program) return kExitFailure;
  std::string output = args.output;
  if (output.empty())
    output = std::filesystem::path(args.input).replace_extension(".rpto").string();
  std::string error;
  if (!WriteFileAtomically(output, ImageBytes(*result.program), &error)) {
    PrintError(error);
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void AddCompileCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<CompileArgs>();
  CLI::App* cmd = app.add_subcommand("compile", "Compile a template to a binary image (.rpto)");
  cmd->add_option("template", args->input, "Template (.rpt)")->required();
  cmd->add_option("-o,--output", args->output,
                  "Image to write (default: the template's name "
                  "with .rpto)");
  AddIncludeOption(cmd, args->include_dirs);
  cmd->callback([args, exit_code] { *exit_code = RunCompile(*args); });
}

}  // namespace rptc::cli
