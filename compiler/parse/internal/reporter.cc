#include "compiler/parse/internal/reporter.h"

namespace rptc::parse::internal {

SourceSpan Reporter::SpanOf(const antlr4::Token* token) const {
  if (token == nullptr) return {file_, 0, 0};
  size_t start = token->getStartIndex();
  size_t stop = token->getStopIndex();
  uint32_t begin = text_.ByteOffset(start);
  if (token->getType() == antlr4::Token::EOF || stop == INVALID_INDEX || stop < start) {
    return {file_, begin, begin};
  }
  return {file_, begin, text_.ByteOffset(stop + 1)};
}

SourceSpan Reporter::Between(const antlr4::Token* first, const antlr4::Token* last) const {
  SourceSpan a = SpanOf(first);
  if (last == nullptr) return a;
  SourceSpan b = SpanOf(last);
  if (b.end < a.begin) return a;
  return {file_, a.begin, b.end};
}

SourceSpan Reporter::SpanOf(antlr4::ParserRuleContext* ctx) const {
  if (ctx == nullptr) return {file_, 0, 0};
  return Between(ctx->getStart(), ctx->getStop());
}

SourceSpan Reporter::EndOf(const antlr4::Token* token) const {
  SourceSpan s = SpanOf(token);
  return {file_, s.end, s.end};
}

SourceSpan Reporter::Within(const antlr4::Token* token, uint32_t offset, uint32_t length) const {
  SourceSpan s = SpanOf(token);
  uint32_t begin = std::min(s.end, s.begin + offset);
  uint32_t end = std::min(s.end, begin + length);
  return {file_, begin, end};
}

bool Reporter::Error(SourceSpan span, std::string_view code, std::string message, std::string help,
                     std::vector<std::pair<SourceSpan, std::string>> notes) {
  if (exhausted()) return false;
  ++errors_;
  Diagnostic d;
  d.severity = Severity::kError;
  d.code = std::string(code);
  d.span = span;
  d.message = std::move(message);
  d.help = std::move(help);
  d.notes = std::move(notes);
  diagnostics_.Add(std::move(d));
  return !exhausted();
}

}  // namespace rptc::parse::internal
