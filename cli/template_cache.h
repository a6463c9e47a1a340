// The compiled-template cache: `rptc extract T.rpt` (check, schema, view) compiles T once per
// rptc build and loads the image afterwards, as Python keeps bytecode in __pycache__.
//
// An entry lives in $RPTC_CACHE_DIR, else $XDG_CACHE_HOME/rptc, else $HOME/.cache/rptc, named
// by a hash of the template's absolute path and the -I directories (so there is one per
// template: an edit or a new rptc replaces it). It records the rptc binary that wrote it (inode,
// size and modification time: any rebuild is another compiler), every file the compilation read
// with the hash of its content, the warnings as printed (plain and coloured), and the image. It
// is used only by the same binary and when each recorded file still has its hash, and its image is
// loaded like any image (runtime/image.h: checksum and full validation), so a stale, corrupt or
// foreign entry is never trusted: it is a miss, and the template is compiled in memory and the
// entry rewritten. Entries are written to a temporary file and renamed, so concurrent rptc
// processes never see half an entry (the last rename wins). A cache
// directory that cannot be created or written is silently skipped. RPTC_NO_CACHE (any value)
// turns the cache off. Deleting the directory is always safe.
// Tested by tests/cli/template_cache_test.cc.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "compiler/compiler.h"
#include "runtime/program.h"

namespace rptc::cli {

class TemplateCache {
 public:
  // The cache for template `path` (whose bytes are `text`) compiled with `options`; disabled
  // when RPTC_NO_CACHE is set or no directory is known.
  TemplateCache(const std::string& path, std::string_view text, const CompileOptions& options);

  // The cached program, with its recorded warnings printed on stderr when `show_warnings`; null
  // on a miss (nothing printed).
  std::shared_ptr<const rt::Program> Load(bool show_warnings) const;

  // Records a successful compilation of the template. Errors are ignored: the cache is an
  // optimisation.
  void Store(const CompileResult& result) const;

 private:
  std::string entry_;      // the entry's path; empty when the cache is off
  std::string text_hash_;  // of the template's bytes
  std::string check_;      // "TEXT BUILD" in the entry's header: this text, this rptc binary
  std::string path_;
};

}  // namespace rptc::cli
