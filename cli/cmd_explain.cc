// rptc explain T FILE --field PATH : why a field got its values, and where its rules nearly
// matched (runtime/explain/explain.h). Needs the template source (.rpt), not a compiled image:
// the near-miss analysis re-walks the checked patterns (runtime/explain/plan.h).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/documents.h"
#include "cli/program_io.h"
#include "compiler/compiler.h"
#include "runtime/explain/explain.h"
#include "runtime/explain/plan.h"

namespace rptc::cli {
namespace {

struct ExplainArgs {
  std::string template_path;
  std::vector<std::string> inputs;
  std::string field;
  std::string format = "text";
  std::string color = "auto";
  size_t max_near_misses = 25;
  std::vector<std::string> include_dirs;
};

bool StdoutWantsColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (isatty(STDOUT_FILENO) != 1) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string(term) != "dumb";
}

int RunExplain(const ExplainArgs& args) {
  std::string error;
  std::optional<std::string> bytes = ReadSmallFile(args.template_path, &error);
  if (!bytes) {
    PrintError(error);
    return kExitUsage;
  }
  if (std::string_view(*bytes).substr(0, kImageMagic.size()) == kImageMagic) {
    PrintError(args.template_path +
               ": explain needs the template source (.rpt), not a compiled image: it re-walks "
               "the template's patterns");
    return kExitUsage;
  }
  CompileOptions options;
  options.include_dirs = args.include_dirs;
  CompileResult result = CompileText(args.template_path, std::move(*bytes), options);
  PrintDiagnostics(result, /*errors_only=*/true);
  if (!result.program || !result.checked) {
    if (!result.diagnostics.has_errors()) PrintError(args.template_path + ": template did not compile");
    return kExitUsage;
  }
  const rt::Program& program = *result.program;
  std::optional<rt::explain::FieldRef> ref =
      rt::explain::ResolveField(program, args.field, &error);
  if (!ref) {
    PrintError(error);
    return kExitUsage;
  }
  bool json = args.format == "json";
  bool color = !json && StdoutWantsColor(args.color);
  rt::explain::ExplainOptions explain_options;
  explain_options.max_near_misses_per_rule = args.max_near_misses;
  int code = kExitOk;
  std::string out;
  if (json && args.inputs.size() > 1) out += "[\n";
  for (size_t i = 0; i < args.inputs.size(); ++i) {
    const std::string& path = args.inputs[i];
    std::optional<std::string> text = ReadDocument(path, DefaultMaxDocumentBytes(), &error);
    if (!text) {
      PrintError(error);
      code = kExitFailure;
      continue;
    }
    // A fresh model per document keeps the scratch program small.
    rt::explain::TemplateRuleModel model(result);
    rt::explain::Explanation e =
        rt::explain::Explain(program, &model, *text, path, *ref, args.field, explain_options);
    if (json) {
      if (args.inputs.size() > 1 && i > 0) out += ",\n";
      out += rt::explain::ExplanationToJson(e, 2);
    } else {
      if (args.inputs.size() > 1) out += "== " + path + "\n";
      out += rt::explain::ExplanationToText(e, color);
      if (i + 1 < args.inputs.size()) out += "\n";
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    out.clear();
  }
  if (json) out += args.inputs.size() > 1 ? "\n]\n" : "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  return code;
}

}  // namespace

void AddExplainCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "explain",
      "Show why a field got its values: every match of its rules (won, lost and why) and the "
      "near misses where a rule's anchor occurs but the rule failed (which element, where)");
  cmd->add_option("template", args->template_path, "Template source (.rpt)")->required();
  cmd->add_option("inputs", args->inputs, "Documents (.txt)")->required();
  cmd->add_option("--field", args->field,
                  "Field path: section.field, a document-level field, or a keyed field by its "
                  "concrete name (targets.gdp_growth)")
      ->required();
  cmd->add_option("-f,--format", args->format, "text (default) or json (a stable shape)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--color", args->color, "auto (default: when stdout is a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--max-near-misses", args->max_near_misses,
                  "Near misses analysed per rule (default 25)");
  cmd->add_option("-I,--include", args->include_dirs, "Directory searched for imported templates");
  cmd->callback([args, exit_code] { *exit_code = RunExplain(*args); });
}

}  // namespace rptc::cli
