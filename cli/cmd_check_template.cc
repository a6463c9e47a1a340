// rptc check-template FILE... : compile templates and report their diagnostics, nothing else.
//
// Text diagnostics go to stderr in the GCC form (colour on a terminal), as a compiler's do.
// --diagnostics-format=json prints one JSON object on stdout for the whole invocation:
//   {"templates": [{"path": "a.rpt", "ok": true, "errors": 0, "warnings": 1,
//                   "diagnostics": [ {file, line, column, end_line, end_column, severity, code,
//                                     message, help}, ... ]}, ...]}
// where each diagnostics array is RenderJson's (diagnostic.h); "file" there may name an
// imported template. Exit 0 when no template has errors, 1 otherwise, 2 on usage errors.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/program_io.h"
#include "compiler/compiler.h"

namespace rptc::cli {
namespace {

struct CheckTemplateArgs {
  std::vector<std::string> files;
  std::string diagnostics_format = "text";
  std::vector<std::string> include_dirs;
};

int RunCheckTemplate(const CheckTemplateArgs& args) {
  bool json = args.diagnostics_format == "json";
  nlohmann::ordered_json templates = nlohmann::ordered_json::array();
  bool any_errors = false;
  for (const std::string& path : args.files) {
    CompileResult result = CompileFile(path, {.include_dirs = args.include_dirs});
    bool ok = !result.diagnostics.has_errors() && result.checked.has_value();
    any_errors = any_errors || !ok;
    if (!json) {
      PrintDiagnostics(result);
      continue;
    }
    nlohmann::ordered_json entry;
    entry["path"] = path;
    entry["ok"] = ok;
    entry["errors"] = result.diagnostics.error_count();
    entry["warnings"] = result.diagnostics.warning_count();
    entry["diagnostics"] = nlohmann::ordered_json::parse(
        RenderJson(result.diagnostics, result.sources), nullptr, /*allow_exceptions=*/false);
    templates.push_back(std::move(entry));
  }
  if (json) {
    nlohmann::ordered_json out;
    out["templates"] = std::move(templates);
    std::string text = out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::printf("%s\n", text.c_str());
  }
  return any_errors ? kExitFailure : kExitOk;
}

}  // namespace

void AddCheckTemplateCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<CheckTemplateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "check-template", "Compile templates and report their diagnostics (exit 1 on any error)");
  cmd->add_option("files", args->files, "Templates (.rpt)")->required();
  cmd->add_option("--diagnostics-format", args->diagnostics_format,
                  "text (GCC style, on stderr) or json (one object on stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  AddIncludeOption(cmd, args->include_dirs);
  cmd->callback([args, exit_code] { *exit_code = RunCheckTemplate(*args); });
}

}  // namespace rptc::cli
