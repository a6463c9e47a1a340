// Helpers shared by the parser and printer tests: parse a string, dump what came out.
#pragma once

#include <string>
#include <string_view>

#include "compiler/ast/ast_printer.h"
#include "compiler/parse/parser.h"

namespace rptc::testing {

// Parses `text` as file `name`; the rendered diagnostics go to *rendered when given.
inline std::optional<ast::Module> ParseText(std::string_view text, std::string* rendered = nullptr,
                                            const ParseOptions& options = {},
                                            std::string_view name = "test.rpt") {
  SourceManager sources;
  uint32_t file = sources.Add(std::string(name), std::string(text));
  Diagnostics diagnostics;
  std::optional<ast::Module> module = Parse(sources, file, diagnostics, options);
  if (rendered != nullptr) *rendered = Render(diagnostics, sources);
  return module;
}

// The declarations of DumpAst(), one per line and without the `(module` wrapper, or "error:"
// and the rendered diagnostics.
inline std::string Declarations(std::string_view text) {
  std::string rendered;
  std::optional<ast::Module> module = ParseText(text, &rendered);
  if (!module) return "error:\n" + rendered;
  std::string dump = DumpAst(*module);
  // "(module\n  A\n    a\n  B)\n" -> "A\n  a\nB"
  std::string out;
  size_t line_start = dump.find('\n');
  while (line_start != std::string::npos) {
    size_t next = dump.find('\n', line_start + 1);
    std::string line = dump.substr(
        line_start + 1, next == std::string::npos ? std::string::npos : next - line_start - 1);
    if (line.size() >= 2) line = line.substr(2);
    if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
    line_start = next;
  }
  if (!out.empty() && out.back() == ')') out.pop_back();  // the module's
  return out;
}

// The dump of one pattern, parsed as `pattern p = PATTERN`.
inline std::string PatternDump(std::string_view pattern) {
  std::string rendered;
  std::optional<ast::Module> module = ParseText("pattern p = " + std::string(pattern), &rendered);
  if (!module) return "error:\n" + rendered;
  if (module->items.size() != 1) return "error: not one declaration";
  const auto* decl = std::get_if<ast::PatternDecl>(&module->items[0].node);
  return decl != nullptr ? DumpPattern(decl->pattern) : "error: not a pattern";
}

}  // namespace rptc::testing
