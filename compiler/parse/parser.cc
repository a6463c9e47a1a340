#include "compiler/parse/parser.h"

#include <fmt/format.h>

#include <memory>
#include <stdexcept>

#include "TemplateLexer.h"
#include "TemplateParser.h"
#include "compiler/parse/internal/ast_builder.h"
#include "compiler/parse/internal/code_points.h"
#include "compiler/parse/internal/error_listener.h"
#include "compiler/parse/internal/reporter.h"
#include "compiler/parse/internal/token_scan.h"

namespace rptc {

namespace {

using parse::internal::AstBuilder;
using parse::internal::CodePointStream;
using parse::internal::CodePointText;
using parse::internal::DiagnosticErrorListener;
using parse::internal::FriendlyErrorStrategy;
using parse::internal::Reporter;

void ReportBadEncoding(const Source& source, uint32_t file, Diagnostics& diagnostics,
                       const parse::internal::Utf8Error& error) {
  SourceSpan span{file, error.offset, error.offset + error.length};
  if (error.nul) {
    diagnostics.Error(span, "E0005", "template contains a NUL byte; is it a binary file?",
                      "a template is UTF-8 text");
    return;
  }
  std::string bytes;
  for (uint32_t i = 0; i < error.length; ++i) {
    bytes += fmt::format("{}0x{:02X}", i ? " " : "",
                         static_cast<unsigned char>(source.text()[error.offset + i]));
  }
  diagnostics.Error(span, "E0005", fmt::format("invalid UTF-8 in template (bytes {})", bytes),
                    "save the template as UTF-8; to convert a GBK file: iconv -f GBK -t UTF-8");
}

// Two-stage parse (ANTLR's recommended setup): SLL prediction with a bail-out strategy is fast
// and succeeds on every valid template; only if it fails is the input parsed again with full LL
// prediction and the recovering strategy, which then reports the errors.
grammar::TemplateParser::TemplateFileContext* ParseTree(grammar::TemplateParser& parser,
                                                        antlr4::CommonTokenStream& tokens,
                                                        Reporter& reporter,
                                                        DiagnosticErrorListener& listener) {
  parser.removeErrorListeners();
  parser.setBuildParseTree(true);
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  try {
    return parser.templateFile();
  } catch (const antlr4::ParseCancellationException&) {
  }
  tokens.seek(0);
  parser.reset();
  parser.addErrorListener(&listener);
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::LL);
  parser.setErrorHandler(std::make_shared<FriendlyErrorStrategy>(reporter));
  return parser.templateFile();
}

std::optional<ast::Module> ParseImpl(const Source& source, uint32_t file, Diagnostics& diagnostics,
                                     const ParseOptions& options) {
  if (auto error = parse::internal::FindUtf8Error(source.text())) {
    ReportBadEncoding(source, file, diagnostics, *error);
    return std::nullopt;
  }
  if (auto offset = parse::internal::FindBinaryContent(source.text())) {
    diagnostics.Error({file, *offset, *offset + 1}, "E0005",
                      fmt::format("template looks like a binary file (control character U+{:04X})",
                                  static_cast<unsigned char>(source.text()[*offset])),
                      "a template is UTF-8 text");
    return std::nullopt;
  }
  CodePointText text(source.text());
  Reporter reporter(text, file, diagnostics, std::max<size_t>(1, options.max_errors));
  DiagnosticErrorListener listener(reporter);

  CodePointStream input(text, source.text());
  grammar::TemplateLexer lexer(&input);
  lexer.removeErrorListeners();
  lexer.addErrorListener(&listener);
  antlr4::CommonTokenStream tokens(&lexer);
  try {
    tokens.fill();
    if (!parse::internal::ScanTokens(tokens.getTokens(), options.max_nesting, reporter)) {
      return std::nullopt;
    }
    grammar::TemplateParser parser(&tokens);
    grammar::TemplateParser::TemplateFileContext* tree =
        ParseTree(parser, tokens, reporter, listener);
    if (reporter.errors() > 0 || tree == nullptr) return std::nullopt;
    AstBuilder builder(reporter, tokens.getTokens());
    ast::Module module = builder.BuildTemplateFile(tree);
    if (reporter.errors() > 0) return std::nullopt;
    return module;
  } catch (const antlr4::ParseCancellationException&) {
    // The error budget ran out (FriendlyErrorStrategy); what was found is reported.
    Diagnostic note;
    note.severity = Severity::kNote;
    note.has_span = false;
    note.message =
        fmt::format("{}: stopped after {} syntax errors", source.name(), reporter.errors());
    diagnostics.Add(std::move(note));
    return std::nullopt;
  }
}

}  // namespace

std::optional<ast::Module> Parse(const SourceManager& sources, uint32_t file,
                                 Diagnostics& diagnostics, const ParseOptions& options) {
  // The ANTLR runtime throws; nothing may escape Parse() (architecture.md §3).
  try {
    return ParseImpl(sources.Get(file), file, diagnostics, options);
  } catch (const std::exception& e) {
    diagnostics.FileError("", fmt::format("internal error while parsing: {}", e.what()));
  } catch (...) {
    diagnostics.FileError("", "internal error while parsing");
  }
  return std::nullopt;
}

}  // namespace rptc
