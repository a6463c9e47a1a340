// The driver: one line per stage, stopping between stages when one reported errors.
#include "compiler/compiler.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "compiler/check/checker.h"
#include "compiler/lower/lower.h"
#include "compiler/parse/parser.h"

namespace rptc {
namespace {

void Compile(CompileResult& r, uint32_t file, const CompileOptions& options) {
  std::optional<ast::Module> module = Parse(r.sources, file, r.diagnostics);
  if (!module) return;
  r.checked = Check(std::move(*module), r.sources, r.diagnostics, {options.include_dirs});
  if (!r.checked) return;
  r.program = LowerAndEmit(*r.checked, r.sources, r.diagnostics, options);
}

}  // namespace

CompileResult CompileFile(const std::string& path, const CompileOptions& options) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  int error = !in ? (errno ? errno : ENOENT) : std::filesystem::is_directory(path, ec) ? EISDIR : 0;
  if (error) {
    CompileResult r;
    r.diagnostics.FileError("E0013",
                            fmt::format("cannot read template '{}': {}", path, std::strerror(error)));
    return r;
  }
  std::stringstream text;
  text << in.rdbuf();
  return CompileText(path, text.str(), options);
}

CompileResult CompileText(const std::string& name, std::string text,
                          const CompileOptions& options) {
  CompileResult r;
  uint32_t file = r.sources.Add(name, std::move(text));
  Compile(r, file, options);
  return r;
}

}  // namespace rptc
