// The compiler driver: template source in, runtime::Program out.
//
// Compile() runs the pipeline one stage per line (Parse -> Check -> Lower/Build automata ->
// Emit) and stops between stages when a stage reported errors. This file's external interface
// is CompileFile / CompileText; tools and tests call nothing deeper.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/check/checked.h"
#include "compiler/source/diagnostic.h"
#include "runtime/program.h"

namespace rptc {

struct CompileOptions {
  std::vector<std::string> include_dirs;  // searched for `import "x.rpt"` after the file's folder
  // Instruction budgets (E0501 names the rule that exceeds them): one automaton, and the whole
  // template (which bounds the image size: 12 bytes an instruction).
  size_t max_automaton_insts = 1u << 19;
  size_t max_template_insts = 1u << 23;
};

struct CompileResult {
  SourceManager sources;                       // every file read, for rendering diagnostics
  Diagnostics diagnostics;
  std::optional<check::CheckedTemplate> checked;  // present when parse and check succeeded
  std::optional<rt::Program> program;          // present when everything succeeded
};

// Reads and compiles a template file. I/O errors are diagnostics without a span.
CompileResult CompileFile(const std::string& path, const CompileOptions& options = {});
// Compiles template text that claims to come from `name` (imports resolve relative to it).
CompileResult CompileText(const std::string& name, std::string text,
                          const CompileOptions& options = {});

}  // namespace rptc
