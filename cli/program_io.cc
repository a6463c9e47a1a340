#include "cli/program_io.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <optional>

#include "cli/common.h"
#include "cli/template_cache.h"
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

namespace {

// Whether the file open at `fd` is a regular file that starts with kImageMagic: rt::LoadImageFile
// reads such a file a window at a time. Anything else is read whole. Leaves the offset at 0.
bool IsImageFile(int fd) {
  struct stat st {};
  char magic[kImageMagic.size()];
  return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
         pread(fd, magic, sizeof magic, 0) == static_cast<ssize_t>(sizeof magic) &&
         std::string_view(magic, sizeof magic) == kImageMagic;
}

std::shared_ptr<const rt::Program> LoadImageFile(const std::string& path, int fd) {
  std::string error;
  std::optional<rt::Program> program = rt::LoadImageFile(fd, &error);
  if (!program) {
    PrintError(path + ": " + error);
    return nullptr;
  }
  return std::make_shared<const rt::Program>(std::move(*program));
}

}  // namespace

std::shared_ptr<const rt::Program> LoadProgram(const std::string& path,
                                               const CompileOptions& options, bool show_warnings) {
  {
    const ReadOnlyFile file(path);  // if it cannot be opened, the read below says why
    if (file.fd() >= 0 && IsImageFile(file.fd())) return LoadImageFile(path, file.fd());
  }
  std::string error;
  // Read, not mapped: a file truncated in place by another program while it is parsed would
  // kill a mapping's reader with SIGBUS (so rt::LoadImageFile reads too). ReadFileBytes maps its
  // buffer in one call (runtime/memory.h).
  const std::optional<FileBytes> file = ReadFileBytes(path, &error);
  if (!file) {
    PrintError(error);
    return nullptr;
  }
  const std::string_view bytes = file->view();
  if (bytes.substr(0, kImageMagic.size()) == kImageMagic) {
    std::optional<rt::Program> program = rt::LoadImage(bytes, &error);
    if (!program) {
      PrintError(path + ": " + error);
      return nullptr;
    }
    return std::make_shared<const rt::Program>(std::move(*program));
  }
  const TemplateCache cache(path, bytes, options);
  if (std::shared_ptr<const rt::Program> cached = cache.Load(show_warnings)) return cached;
  // The text is already in memory: compile it instead of letting CompileFile read it again.
  CompileResult result = CompileText(path, std::string(bytes), options);
  PrintDiagnostics(result, /*errors_only=*/!show_warnings);
  if (!result.program) {
    if (!result.diagnostics.has_errors()) PrintError(path + ": template did not compile");
    return nullptr;
  }
  cache.Store(result);
  return std::make_shared<const rt::Program>(std::move(*result.program));
}

std::string ImageBytes(const rt::Program& program) { return rt::SaveImage(program); }

}  // namespace rptc::cli
