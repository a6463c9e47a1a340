// rptc schema T [-o FILE] : print the JSON Schema of the reports T produces (runtime/output).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/program_io.h"
#include "runtime/output/schema.h"

namespace rptc::cli {
namespace {

struct SchemaArgs {
  std::string template_path;
  std::string output;
  std::vector<std::string> include_dirs;
};

int RunSchema(const SchemaArgs& args) {
  std::shared_ptr<const rt::Program> program =
      LoadProgram(args.template_path, {.include_dirs = args.include_dirs}, true);
  if (!program) return kExitUsage;
  std::string schema = rt::ReportJsonSchema(*program) + "\n";
  if (args.output.empty() || args.output == "-") {
    std::fwrite(schema.data(), 1, schema.size(), stdout);
    return kExitOk;
  }
  std::string error;
  if (!WriteFileAtomically(args.output, schema, &error)) {
    PrintError(error);
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void AddSchemaCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<SchemaArgs>();
  CLI::App* cmd = app.add_subcommand("schema", "Print the JSON Schema of a template's reports");
  cmd->add_option("template", args->template_path, "Template (.rpt) or compiled image (.rpto)")
      ->required();
  cmd->add_option("-o,--output", args->output, "Write to FILE instead of stdout");
  AddIncludeOption(cmd, args->include_dirs);
  cmd->callback([args, exit_code] { *exit_code = RunSchema(*args); });
}

}  // namespace rptc::cli
