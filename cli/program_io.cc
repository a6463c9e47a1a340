#include "cli/program_io.h"

#include <cstdio>
#include <optional>

#include "cli/common.h"
#include "runtime/image.h"

namespace rptc::cli {

void PrintDiagnostics(const CompileResult& result, bool errors_only) {
  const Diagnostics* shown = &result.diagnostics;
  Diagnostics filtered;
  if (errors_only) {
    for (const Diagnostic& d : result.diagnostics.all()) {
      if (d.severity == Severity::kError) filtered.Add(d);
    }
    shown = &filtered;
  }
  if (shown->all().empty()) return;
  std::string text = Render(*shown, result.sources, StderrWantsColor());
  std::fwrite(text.data(), 1, text.size(), stderr);
}

std::shared_ptr<const rt::Program> LoadProgram(const std::string& path,
                                               const CompileOptions& options, bool show_warnings) {
  std::string error;
  std::optional<std::string> bytes = ReadSmallFile(path, &error);
  if (!bytes) {
    PrintError(error);
    return nullptr;
  }
  if (std::string_view(*bytes).substr(0, kImageMagic.size()) == kImageMagic) {
    std::optional<rt::Program> program = rt::LoadImage(*bytes, &error);
    if (!program) {
      PrintError(path + ": " + error);
      return nullptr;
    }
    return std::make_shared<const rt::Program>(std::move(*program));
  }
  // The text is already in memory: compile it instead of letting CompileFile read it again.
  CompileResult result = CompileText(path, std::move(*bytes), options);
  PrintDiagnostics(result, /*errors_only=*/!show_warnings);
  if (!result.program) {
    if (!result.diagnostics.has_errors()) PrintError(path + ": template did not compile");
    return nullptr;
  }
  return std::make_shared<const rt::Program>(std::move(*result.program));
}

std::string ImageBytes(const rt::Program& program) { return rt::SaveImage(program); }

}  // namespace rptc::cli
