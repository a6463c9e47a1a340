// Diagnostics: what every stage reports instead of throwing.
//
// Stages append to a Diagnostics sink and keep going where that is sensible; the driver stops
// between stages when has_errors(). Render() prints the GCC/Clang form, pinned by golden tests:
//
//   gwr.rpt:3:14: error[E0201]: unknown lexicon 'indicatr'; did you mean 'indicator'?
//       3 | field gdp: money = indicatr.gdp @value:money
//         |                    ^^^^^^^^
//     help: lexicons in scope: indicator, qualifier
//
// Codes are stable identifiers (tests match on them); docs/diagnostics.md lists every code.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/source/source.h"

namespace rptc {

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;     // "E0201"; empty for I/O errors without a code
  bool has_span = true;  // false for errors about a whole file or the command line
  SourceSpan span;
  std::string message;  // one lowercase sentence, no final period
  std::string help;     // optional "help:" line
  std::vector<std::pair<SourceSpan, std::string>> notes;  // secondary locations
};

class Diagnostics {
 public:
  // Caps the number of errors kept, so hostile input cannot produce unbounded output.
  static constexpr size_t kMaxErrors = 100;

  Diagnostic& Error(SourceSpan span, std::string_view code, std::string message,
                    std::string help = {});
  Diagnostic& Warning(SourceSpan span, std::string_view code, std::string message,
                      std::string help = {});
  // An error that concerns a whole file or invocation (no source location).
  Diagnostic& FileError(std::string_view code, std::string message);
  void Add(Diagnostic d);

  bool has_errors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  size_t warning_count() const { return warning_count_; }
  bool truncated() const { return truncated_; }
  const std::vector<Diagnostic>& all() const { return items_; }
  // Sorts by (file, offset) so output is deterministic whatever order stages reported in.
  void SortByLocation();

 private:
  std::vector<Diagnostic> items_;
  size_t error_count_ = 0;
  size_t warning_count_ = 0;
  bool truncated_ = false;
  Diagnostic overflow_;  // returned once the cap is hit, so callers can still write to it
};

// GCC/Clang text form, one block per diagnostic, with source line, caret underline and help.
std::string Render(const Diagnostics& diagnostics, const SourceManager& sources,
                   bool color = false);
std::string RenderOne(const Diagnostic& d, const SourceManager& sources, bool color = false);
// Machine form: a JSON array of {file, line, column, end_line, end_column, severity, code,
// message, help}.
std::string RenderJson(const Diagnostics& diagnostics, const SourceManager& sources);

}  // namespace rptc
