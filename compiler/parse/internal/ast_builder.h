// Parse tree -> ast::Module, one typed Build* function per grammar rule (Kuzu's Transformer
// shape, no visitors and no std::any).
//
// Runs only on a tree without syntax errors, so every required child is present; a missing one
// is an internal error (std::logic_error, turned into a diagnostic by Parse()). What the grammar
// accepts but the language does not (a second header, a repeated clause, a number too large) is
// reported here, with E0010-E0012 and E0014 (a list index that is not a whole number). The builder also attaches comments: see note [comments].
#pragma once

#include <string>
#include <vector>

#include "TemplateParser.h"
#include "compiler/ast/ast.h"
#include "compiler/parse/internal/reporter.h"

namespace rptc::parse::internal {

class AstBuilder {
 public:
  // `tokens` is the whole token stream, hidden channels included (for comments).
  AstBuilder(Reporter& reporter, std::vector<antlr4::Token*> tokens);

  ast::Module BuildTemplateFile(grammar::TemplateParser::TemplateFileContext* ctx);

 private:
  using P = grammar::TemplateParser;

  // Declarations.
  void BuildHeader(P::HeaderContext* ctx, ast::Header& header);
  ast::Import BuildImport(P::ImportDeclContext* ctx);
  ast::Item BuildDeclaration(P::DeclarationContext* ctx);
  ast::Lexicon BuildLexicon(P::LexiconDeclContext* ctx);
  ast::LexiconEntry BuildLexiconEntry(P::LexiconEntryContext* ctx);
  ast::PatternDecl BuildPatternDecl(P::PatternDeclContext* ctx);
  ast::Section BuildSection(P::SectionDeclContext* ctx);
  void BuildBeginClause(P::BeginClauseContext* ctx, ast::Section& section);
  ast::SectionBoundary BuildEndClause(P::EndClauseContext* ctx);
  ast::Field BuildField(P::FieldDeclContext* ctx);
  ast::Rule BuildRule(P::FieldRuleContext* ctx);
  ast::ListDecl BuildList(P::ListDeclContext* ctx);
  ast::ForLoop BuildForLoop(P::ForLoopContext* ctx);
  ast::Require BuildRequire(P::RequireDeclContext* ctx);
  ast::Check BuildCheck(P::CheckDeclContext* ctx);
  ast::Order BuildOrder(P::OrderDeclContext* ctx);
  ast::Test BuildTest(P::TestDeclContext* ctx);
  ast::Expectation BuildExpectation(P::ExpectationContext* ctx);
  void BuildItemRef(P::ItemRefContext* ctx, ast::Expectation& expectation);
  void BuildRuleOptions(const std::vector<P::RuleOptionContext*>& options,
                        ast::SeverityLevel* severity, std::string* message);

  // Patterns.
  ast::Pattern BuildPattern(P::PatternContext* ctx);
  ast::Pattern BuildAlternative(P::AlternativeContext* ctx);
  ast::Pattern BuildRepetition(P::RepetitionContext* ctx);
  ast::Pattern BuildAtom(P::AtomContext* ctx);

  // Names, types, literals.
  std::string BuildIdentifier(P::IdentifierContext* ctx);
  std::string BuildNamePart(P::NamePartContext* ctx);
  ast::Name BuildDottedName(P::DottedNameContext* ctx);
  ast::NameTemplate BuildNameTemplate(P::NamePartContext* ctx);
  ast::Path BuildPath(P::PathContext* ctx);
  ast::TypeRef BuildTypeRef(P::TypeRefContext* ctx);
  std::string StringValue(antlr4::tree::TerminalNode* node);
  int IntValue(antlr4::Token* token);
  double NumberValue(P::NumberContext* ctx);

  // note [comments]
  // Comments live on hidden channels; the builder hands each one to exactly one node, walking
  // the tree in source order with a cursor over the comment tokens:
  //  - Leading(): every unclaimed comment before a node's first token goes to the node (doc
  //    comments to its `doc` when it has one);
  //  - Inner(): after a node's children took theirs, what is left inside the node goes to its
  //    `comments.before` (or to a block's `end_comments`), so nothing is dropped, only moved
  //    above the declaration by `rptc fmt`;
  //  - Trailing(): an ordinary comment after the node's last token, on the same line with
  //    nothing but `;` between, becomes `comments.after`.
  struct Trivia {
    size_t index = 0;  // token index in the stream
    size_t line = 0;
    bool doc = false;
    std::string text;  // as written; for doc comments, the text after `///`
  };
  void Leading(antlr4::ParserRuleContext* ctx, ast::Comments* comments, std::string* doc);
  void Inner(antlr4::ParserRuleContext* ctx, std::vector<std::string>* into);
  void Trailing(antlr4::ParserRuleContext* ctx, ast::Comments* comments);
  void RestOfFile(std::vector<std::string>* into);
  static std::string AsPlainComment(const Trivia& t);

  void Duplicate(SourceSpan span, std::string message, SourceSpan first);

  Reporter& reporter_;
  std::vector<antlr4::Token*> tokens_;
  std::vector<Trivia> trivia_;
  size_t next_trivia_ = 0;
};

}  // namespace rptc::parse::internal
