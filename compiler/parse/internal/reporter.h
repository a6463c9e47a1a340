// Shared by the pieces of compiler/parse: token -> byte span conversion, and the error budget.
#pragma once

#include <antlr4-runtime.h>

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compiler/parse/internal/code_points.h"
#include "compiler/source/diagnostic.h"

namespace rptc::parse::internal {

class Reporter {
 public:
  Reporter(const CodePointText& text, uint32_t file, Diagnostics& diagnostics, size_t max_errors)
      : text_(text), file_(file), diagnostics_(diagnostics), max_errors_(max_errors) {}

  uint32_t file() const { return file_; }

  // Byte spans of tokens and rule contexts. ANTLR indexes code points and marks the EOF token
  // with stop < start; both become a zero-width span at the end of the text.
  SourceSpan SpanOf(const antlr4::Token* token) const;
  SourceSpan SpanOf(antlr4::ParserRuleContext* ctx) const;
  SourceSpan Between(const antlr4::Token* first, const antlr4::Token* last) const;
  // Zero-width span just after `token`: where a missing token belongs.
  SourceSpan EndOf(const antlr4::Token* token) const;
  // A span inside a token's text, `offset`/`length` in bytes.
  SourceSpan Within(const antlr4::Token* token, uint32_t offset, uint32_t length) const;

  // Reports an error while the budget lasts. Returns false once max_errors were reported, so
  // that callers stop producing more.
  bool Error(SourceSpan span, std::string_view code, std::string message, std::string help = {},
             std::vector<std::pair<SourceSpan, std::string>> notes = {});
  bool exhausted() const { return errors_ >= max_errors_; }

  // A line holding characters that start no token (E0006). The parser never sees those
  // characters, so its complaints about the same line are echoes and are not reported.
  void MarkNoisyLine(size_t line) { noisy_lines_.insert(line); }
  bool IsNoisyLine(size_t line) const { return noisy_lines_.count(line) > 0; }
  size_t errors() const { return errors_; }
  size_t max_errors() const { return max_errors_; }

 private:
  const CodePointText& text_;
  uint32_t file_;
  Diagnostics& diagnostics_;
  size_t max_errors_;
  size_t errors_ = 0;
  std::set<size_t> noisy_lines_;
};

}  // namespace rptc::parse::internal
