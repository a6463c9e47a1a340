#include "compiler/parse/internal/ast_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "TemplateLexer.h"
#include "compiler/parse/internal/literals.h"

namespace rptc::parse::internal {

namespace {

using P = grammar::TemplateParser;

// Required children exist in a tree without syntax errors; anything else is a bug, reported by
// Parse() as an internal error rather than a crash.
template <typename T>
T* Need(T* node) {
  if (node == nullptr) throw std::logic_error("the parse tree is missing a required part");
  return node;
}

// The parse tree is walked by token type and child position rather than with the generated
// accessors, which dynamic_cast every child (a third of the build time). Each use relies on a
// fact of the grammar, named where it is used; the tree has no syntax errors.
size_t FirstType(antlr4::ParserRuleContext* ctx) { return Need(ctx->getStart())->getType(); }

template <typename T>
T* ChildAs(antlr4::ParserRuleContext* ctx, size_t i) {
  if (i >= ctx->children.size()) throw std::logic_error("the parse tree is missing a child");
  return static_cast<T*>(ctx->children[i]);
}

std::string DocText(std::string_view comment) {
  std::string_view text = comment.substr(3);  // after "///"
  if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::string RightTrimmed(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

}  // namespace

AstBuilder::AstBuilder(Reporter& reporter, std::vector<antlr4::Token*> tokens)
    : reporter_(reporter), tokens_(std::move(tokens)) {
  for (antlr4::Token* t : tokens_) {
    size_t channel = t->getChannel();
    if (channel != grammar::TemplateLexer::COMMENTS && channel != grammar::TemplateLexer::DOCS) {
      continue;
    }
    Trivia trivia;
    trivia.index = t->getTokenIndex();
    trivia.line = t->getLine();
    trivia.doc = channel == grammar::TemplateLexer::DOCS;
    trivia.text = trivia.doc ? DocText(t->getText()) : RightTrimmed(t->getText());
    trivia_.push_back(std::move(trivia));
  }
}

// ---- comments ----------------------------------------------------------------------------

std::string AstBuilder::AsPlainComment(const Trivia& t) {
  // A doc comment where no documentation belongs stays a comment, spelled `//` so that `rptc
  // fmt` moving it above a declaration cannot turn it into that declaration's doc.
  if (!t.doc) return t.text;
  return t.text.empty() ? "//" : "// " + t.text;
}

void AstBuilder::Leading(antlr4::ParserRuleContext* ctx, ast::Comments* comments,
                         std::string* doc) {
  size_t start = Need(ctx->getStart())->getTokenIndex();
  while (next_trivia_ < trivia_.size() && trivia_[next_trivia_].index < start) {
    const Trivia& t = trivia_[next_trivia_++];
    if (t.doc && doc != nullptr) {
      if (!doc->empty()) *doc += '\n';
      *doc += t.text;
    } else {
      comments->before.push_back(AsPlainComment(t));
    }
  }
}

void AstBuilder::Inner(antlr4::ParserRuleContext* ctx, std::vector<std::string>* into) {
  size_t stop = Need(ctx->getStop())->getTokenIndex();
  while (next_trivia_ < trivia_.size() && trivia_[next_trivia_].index < stop) {
    into->push_back(AsPlainComment(trivia_[next_trivia_++]));
  }
}

void AstBuilder::Trailing(antlr4::ParserRuleContext* ctx, ast::Comments* comments) {
  if (next_trivia_ >= trivia_.size()) return;
  antlr4::Token* stop = Need(ctx->getStop());
  const Trivia& t = trivia_[next_trivia_];
  if (t.doc || t.line != stop->getLine() || t.index <= stop->getTokenIndex()) return;
  for (size_t i = stop->getTokenIndex() + 1; i < t.index; ++i) {
    antlr4::Token* between = tokens_[i];
    if (between->getChannel() == antlr4::Token::DEFAULT_CHANNEL && between->getType() != P::SEMI) {
      return;
    }
  }
  comments->after = t.text;
  ++next_trivia_;
}

void AstBuilder::RestOfFile(std::vector<std::string>* into) {
  while (next_trivia_ < trivia_.size()) into->push_back(AsPlainComment(trivia_[next_trivia_++]));
}

void AstBuilder::Duplicate(SourceSpan span, std::string message, SourceSpan first) {
  reporter_.Error(span, "E0012", std::move(message), "", {{first, "first given here"}});
}

// ---- declarations ------------------------------------------------------------------------

ast::Module AstBuilder::BuildTemplateFile(P::TemplateFileContext* ctx) {
  ast::Module module;
  module.file = reporter_.file();
  bool seen_other = false;
  for (P::ModuleItemContext* item : ctx->moduleItem()) {
    if (P::HeaderContext* header = item->header()) {
      if (module.header) {
        reporter_.Error(reporter_.SpanOf(header->getStart()), "E0011",
                        "a template has only one 'template' header",
                        "merge the two headers into one",
                        {{module.header->span, "the first header is here"}});
        continue;
      }
      if (seen_other) {
        reporter_.Error(reporter_.SpanOf(header->getStart()), "E0011",
                        "the 'template' header must come before imports and declarations",
                        "move `template ... { ... }` to the top of the file");
      }
      BuildHeader(header, module.header.emplace());
    } else if (P::ImportDeclContext* import = item->importDecl()) {
      module.imports.push_back(BuildImport(import));
      seen_other = true;
    } else if (P::DeclarationContext* decl = item->declaration()) {
      module.items.push_back(BuildDeclaration(decl));
      seen_other = true;
    }
  }
  RestOfFile(&module.end_comments);
  return module;
}

void AstBuilder::BuildHeader(P::HeaderContext* ctx, ast::Header& header) {
  Leading(ctx, &header.comments, &header.doc);
  header.span = reporter_.SpanOf(ctx);
  header.name = BuildIdentifier(Need(ctx->identifier()));
  if (ctx->STRING()) header.description = StringValue(ctx->STRING());
  if (P::HeaderBodyContext* body = ctx->headerBody()) {
    SourceSpan version_span{}, languages_span{}, normalize_span{};
    bool has_version = false, has_languages = false, has_normalize = false;
    for (P::HeaderItemContext* item : body->headerItem()) {
      if (dynamic_cast<P::EmptyHeaderItemContext*>(item)) continue;
      SourceSpan span = reporter_.SpanOf(item);
      ast::Comments* comments = nullptr;
      if (auto* v = dynamic_cast<P::VersionItemContext*>(item)) {
        comments = &header.version_comments;
        if (has_version) {
          Duplicate(span, "the template header gives 'version' twice", version_span);
        } else {
          has_version = true;
          version_span = span;
          header.version = v->STRING() ? StringValue(v->STRING()) : Need(v->number())->getText();
        }
      } else if (auto* l = dynamic_cast<P::LanguagesItemContext*>(item)) {
        comments = &header.languages_comments;
        if (has_languages) {
          Duplicate(span, "the template header gives 'languages' twice", languages_span);
        } else {
          has_languages = true;
          languages_span = span;
          for (auto* id : Need(l->identifierList())->identifier()) {
            header.languages.push_back(BuildIdentifier(id));
          }
        }
      } else if (auto* n = Need(dynamic_cast<P::NormalizeItemContext*>(item))) {
        comments = &header.normalize_comments;
        if (has_normalize) {
          Duplicate(span, "the template header gives 'normalize' twice", normalize_span);
        } else {
          has_normalize = true;
          normalize_span = span;
          for (auto* id : Need(n->identifierList())->identifier()) {
            header.normalize.push_back(BuildIdentifier(id));
          }
        }
      }
      Leading(item, comments, nullptr);
      Inner(item, &comments->before);
      Trailing(item, comments);
    }
  }
  Inner(ctx, &header.comments.before);
  Trailing(ctx, &header.comments);
}

ast::Import AstBuilder::BuildImport(P::ImportDeclContext* ctx) {
  ast::Import import;
  Leading(ctx, &import.comments, nullptr);
  import.span = reporter_.SpanOf(ctx);
  if (ctx->STRING()) {
    import.is_path = true;
    import.module = StringValue(ctx->STRING());
  } else {
    import.module = BuildDottedName(Need(ctx->dottedName())).ToString();
  }
  if (ctx->identifier()) import.alias = BuildIdentifier(ctx->identifier());
  Inner(ctx, &import.comments.before);
  Trailing(ctx, &import.comments);
  return import;
}

ast::Item AstBuilder::BuildDeclaration(P::DeclarationContext* ctx) {
  // Every declaration rule starts with its own keyword.
  switch (FirstType(ctx)) {
    case P::KW_LEXICON:
      return {BuildLexicon(ChildAs<P::LexiconDeclContext>(ctx, 0))};
    case P::KW_PATTERN:
      return {BuildPatternDecl(ChildAs<P::PatternDeclContext>(ctx, 0))};
    case P::KW_SECTION:
      return {BuildSection(ChildAs<P::SectionDeclContext>(ctx, 0))};
    case P::KW_FIELD:
      return {BuildField(ChildAs<P::FieldDeclContext>(ctx, 0))};
    case P::KW_LIST:
      return {BuildList(ChildAs<P::ListDeclContext>(ctx, 0))};
    case P::KW_FOR:
      return {BuildForLoop(ChildAs<P::ForLoopContext>(ctx, 0))};
    case P::KW_REQUIRE:
      return {BuildRequire(ChildAs<P::RequireDeclContext>(ctx, 0))};
    case P::KW_CHECK:
      return {BuildCheck(ChildAs<P::CheckDeclContext>(ctx, 0))};
    case P::KW_ORDER:
      return {BuildOrder(ChildAs<P::OrderDeclContext>(ctx, 0))};
    case P::KW_TEST:
      return {BuildTest(ChildAs<P::TestDeclContext>(ctx, 0))};
    default:
      throw std::logic_error("unknown declaration in the parse tree");
  }
}

ast::Lexicon AstBuilder::BuildLexicon(P::LexiconDeclContext* ctx) {
  ast::Lexicon lexicon;
  Leading(ctx, &lexicon.comments, &lexicon.doc);
  lexicon.span = reporter_.SpanOf(ctx);
  lexicon.name = BuildIdentifier(Need(ctx->identifier()));
  for (P::LexiconEntryContext* entry : ctx->lexiconEntry()) {
    lexicon.entries.push_back(BuildLexiconEntry(entry));
  }
  Inner(ctx, &lexicon.end_comments);
  Trailing(ctx, &lexicon.comments);
  return lexicon;
}

ast::LexiconEntry AstBuilder::BuildLexiconEntry(P::LexiconEntryContext* ctx) {
  ast::LexiconEntry entry;
  Leading(ctx, &entry.comments, &entry.doc);
  entry.span = reporter_.SpanOf(ctx);
  entry.key = BuildIdentifier(Need(ctx->identifier()));
  for (antlr4::tree::TerminalNode* phrase : ctx->STRING()) {
    entry.phrases.push_back(StringValue(phrase));
    entry.phrase_spans.push_back(reporter_.SpanOf(phrase->getSymbol()));
  }
  Inner(ctx, &entry.comments.before);
  Trailing(ctx, &entry.comments);
  return entry;
}

ast::PatternDecl AstBuilder::BuildPatternDecl(P::PatternDeclContext* ctx) {
  ast::PatternDecl decl;
  Leading(ctx, &decl.comments, &decl.doc);
  decl.span = reporter_.SpanOf(ctx);
  decl.name = BuildIdentifier(Need(ctx->identifier()));
  decl.pattern = BuildPattern(Need(ctx->pattern()));
  Inner(ctx, &decl.comments.before);
  Trailing(ctx, &decl.comments);
  return decl;
}

ast::Section AstBuilder::BuildSection(P::SectionDeclContext* ctx) {
  ast::Section section;
  Leading(ctx, &section.comments, &section.doc);
  section.span = reporter_.SpanOf(ctx);
  section.name = BuildIdentifier(Need(ctx->identifier()));
  if (ctx->STRING()) section.title = StringValue(ctx->STRING());
  SourceSpan begin_span{};
  for (antlr4::tree::ParseTree* child : ctx->children) {
    auto* item = dynamic_cast<P::SectionItemContext*>(child);
    if (item == nullptr) continue;  // the name, title and braces
    size_t first = FirstType(item);
    if (first == P::SEMI) continue;
    if (first == P::KW_BEGIN) {
      auto* begin = ChildAs<P::BeginClauseContext>(item, 0);
      if (section.begin) {
        Duplicate(reporter_.SpanOf(begin),
                  fmt::format("section '{}' has more than one 'begin' clause", section.name),
                  begin_span);
        ast::Section scratch;  // still claim the clause's comments, in order
        BuildBeginClause(begin, scratch);
        continue;
      }
      begin_span = reporter_.SpanOf(begin);
      BuildBeginClause(begin, section);
    } else if (first == P::KW_END) {
      section.ends.push_back(BuildEndClause(ChildAs<P::EndClauseContext>(item, 0)));
    } else if (first == P::KW_EXCLUDE) {
      auto* clause = ChildAs<P::ExcludeClauseContext>(item, 0);
      ast::SectionExclude exclude;
      Leading(clause, &exclude.comments, nullptr);
      exclude.span = reporter_.SpanOf(clause);
      exclude.pattern = BuildPattern(Need(clause->pattern()));
      Inner(clause, &exclude.comments.before);
      Trailing(clause, &exclude.comments);
      section.excludes.push_back(std::move(exclude));
    } else {
      section.items.push_back(BuildDeclaration(ChildAs<P::DeclarationContext>(item, 0)));
    }
  }
  Inner(ctx, &section.end_comments);
  Trailing(ctx, &section.comments);
  return section;
}

void AstBuilder::BuildBeginClause(P::BeginClauseContext* ctx, ast::Section& section) {
  Leading(ctx, &section.begin_comments, nullptr);
  section.begin_policy = ctx->KW_LAST() ? ast::BeginPolicy::kLast : ast::BeginPolicy::kFirst;
  section.begin = BuildPattern(Need(ctx->pattern()));
  Inner(ctx, &section.begin_comments.before);
  Trailing(ctx, &section.begin_comments);
}

ast::SectionBoundary AstBuilder::BuildEndClause(P::EndClauseContext* ctx) {
  ast::SectionBoundary end;
  Leading(ctx, &end.comments, nullptr);
  end.span = reporter_.SpanOf(ctx);
  if (auto* before = dynamic_cast<P::EndBeforeContext*>(ctx)) {
    end.kind = ast::SectionBoundary::Kind::kBefore;
    for (P::DottedNameContext* name : before->dottedName()) {
      end.sections.push_back(BuildDottedName(name));
    }
  } else {
    auto* pattern = Need(dynamic_cast<P::EndPatternContext*>(ctx));
    end.kind = ast::SectionBoundary::Kind::kPattern;
    end.pattern = BuildPattern(Need(pattern->pattern()));
  }
  Inner(ctx, &end.comments.before);
  Trailing(ctx, &end.comments);
  return end;
}

ast::Field AstBuilder::BuildField(P::FieldDeclContext* ctx) {
  ast::Field field;
  Leading(ctx, &field.comments, &field.doc);
  field.span = reporter_.SpanOf(ctx);
  field.name = BuildNameTemplate(Need(ctx->namePart()));
  field.type = BuildTypeRef(Need(ctx->typeRef()));
  SourceSpan cardinality_span{}, policy_span{};
  for (P::FieldModifierContext* modifier : ctx->fieldModifier()) {
    SourceSpan span = reporter_.SpanOf(modifier);
    size_t type = Need(modifier->getStart())->getType();
    if (type == P::KW_ONE || type == P::KW_MANY) {
      if (field.cardinality_written) {
        Duplicate(span,
                  fmt::format("field '{}' gives its cardinality twice", field.name.ToString()),
                  cardinality_span);
        continue;
      }
      field.cardinality_written = true;
      cardinality_span = span;
      field.cardinality = type == P::KW_ONE ? ast::Cardinality::kOne : ast::Cardinality::kMany;
    } else {
      if (field.policy_written) {
        Duplicate(span, fmt::format("field '{}' gives its policy twice", field.name.ToString()),
                  policy_span);
        continue;
      }
      field.policy_written = true;
      policy_span = span;
      field.policy = type == P::KW_FIRST  ? ast::Policy::kFirst
                     : type == P::KW_LAST ? ast::Policy::kLast
                     : type == P::KW_BEST ? ast::Policy::kBest
                                          : ast::Policy::kAll;
    }
  }
  if (P::FieldConditionContext* where = ctx->fieldCondition()) {
    ast::FieldCondition condition;
    condition.span = reporter_.SpanOf(where);
    P::IdentifierContext* capture = Need(where->identifier());
    condition.capture = BuildIdentifier(capture);
    condition.capture_span = reporter_.SpanOf(capture);
    condition.field = BuildPath(Need(where->path()));
    field.condition = std::move(condition);
  }
  for (P::FieldRuleContext* rule : ctx->fieldRule()) field.rules.push_back(BuildRule(rule));
  Inner(ctx, &field.comments.before);
  Trailing(ctx, &field.comments);
  return field;
}

ast::Rule AstBuilder::BuildRule(P::FieldRuleContext* ctx) {
  ast::Rule rule;
  Leading(ctx, &rule.comments, nullptr);
  rule.span = reporter_.SpanOf(ctx);
  rule.pattern = BuildPattern(Need(ctx->pattern()));
  if (P::IntegerContext* priority = ctx->integer()) {
    int value = IntValue(Need(priority->INT())->getSymbol());
    rule.priority = priority->MINUS() ? -value : value;
  }
  Inner(ctx, &rule.comments.before);
  Trailing(ctx, &rule.comments);
  return rule;
}

ast::ListDecl AstBuilder::BuildList(P::ListDeclContext* ctx) {
  ast::ListDecl list;
  Leading(ctx, &list.comments, &list.doc);
  list.span = reporter_.SpanOf(ctx);
  list.name = BuildIdentifier(Need(ctx->identifier()));
  list.marker = BuildPattern(Need(ctx->pattern(0)));
  if (ctx->KW_TITLE()) list.title_end = BuildPattern(Need(ctx->pattern(1)));
  Inner(ctx, &list.comments.before);
  Trailing(ctx, &list.comments);
  return list;
}

ast::ForLoop AstBuilder::BuildForLoop(P::ForLoopContext* ctx) {
  ast::ForLoop loop;
  Leading(ctx, &loop.comments, &loop.doc);
  loop.span = reporter_.SpanOf(ctx);
  loop.var = BuildIdentifier(Need(ctx->identifier()));
  loop.lexicon = BuildDottedName(Need(ctx->dottedName()));
  for (P::DeclarationContext* decl : ctx->declaration()) {
    loop.items.push_back(BuildDeclaration(decl));
  }
  Inner(ctx, &loop.end_comments);
  Trailing(ctx, &loop.comments);
  return loop;
}

void AstBuilder::BuildRuleOptions(const std::vector<P::RuleOptionContext*>& options,
                                  ast::SeverityLevel* severity, std::string* message) {
  bool has_severity = false, has_message = false;
  SourceSpan severity_span{}, message_span{};
  for (P::RuleOptionContext* option : options) {
    SourceSpan span = reporter_.SpanOf(option);
    if (auto* s = dynamic_cast<P::SeverityOptionContext*>(option)) {
      if (has_severity) {
        Duplicate(span, "the severity is given twice", severity_span);
        continue;
      }
      has_severity = true;
      severity_span = span;
      *severity = s->KW_ERROR() ? ast::SeverityLevel::kError : ast::SeverityLevel::kWarning;
    } else if (auto* m = dynamic_cast<P::MessageOptionContext*>(option)) {
      if (has_message) {
        Duplicate(span, "the message is given twice", message_span);
        continue;
      }
      has_message = true;
      message_span = span;
      *message = StringValue(Need(m->STRING()));
    }
  }
}

ast::Require AstBuilder::BuildRequire(P::RequireDeclContext* ctx) {
  ast::Require require;
  Leading(ctx, &require.comments, nullptr);
  require.span = reporter_.SpanOf(ctx);
  for (P::PathContext* path : ctx->path()) require.paths.push_back(BuildPath(path));
  BuildRuleOptions(ctx->ruleOption(), &require.severity, &require.message);
  Inner(ctx, &require.comments.before);
  Trailing(ctx, &require.comments);
  return require;
}

ast::Check AstBuilder::BuildCheck(P::CheckDeclContext* ctx) {
  ast::Check check;
  Leading(ctx, &check.comments, nullptr);
  check.span = reporter_.SpanOf(ctx);
  P::CheckSubjectContext* subject = Need(ctx->checkSubject());
  if (auto* call = dynamic_cast<P::CallSubjectContext*>(subject)) {
    check.function = BuildIdentifier(Need(call->identifier()));
    check.path = BuildPath(Need(call->path()));
  } else {
    check.path = BuildPath(Need(Need(dynamic_cast<P::PathSubjectContext*>(subject))->path()));
  }
  P::CheckConditionContext* condition = Need(ctx->checkCondition());
  if (auto* range = dynamic_cast<P::RangeConditionContext*>(condition)) {
    P::RangeContext* r = Need(range->range());
    check.kind = ast::Check::Kind::kRange;
    check.low = NumberValue(Need(r->number(0)));
    check.high = NumberValue(Need(r->number(1)));
  } else {
    check.kind = ast::Check::Kind::kHasQualifier;
  }
  BuildRuleOptions(ctx->ruleOption(), &check.severity, &check.message);
  Inner(ctx, &check.comments.before);
  Trailing(ctx, &check.comments);
  return check;
}

ast::Order AstBuilder::BuildOrder(P::OrderDeclContext* ctx) {
  ast::Order order;
  Leading(ctx, &order.comments, nullptr);
  order.span = reporter_.SpanOf(ctx);
  for (P::DottedNameContext* name : ctx->dottedName()) {
    order.sections.push_back(BuildDottedName(name));
  }
  BuildRuleOptions(ctx->ruleOption(), &order.severity, &order.message);
  Inner(ctx, &order.comments.before);
  Trailing(ctx, &order.comments);
  return order;
}

ast::Test AstBuilder::BuildTest(P::TestDeclContext* ctx) {
  ast::Test test;
  Leading(ctx, &test.comments, &test.doc);
  test.span = reporter_.SpanOf(ctx);
  test.input = StringValue(Need(ctx->STRING()));
  if (ctx->KW_IN()) test.section = BuildDottedName(Need(ctx->dottedName()));
  for (P::ExpectationContext* expectation : ctx->expectation()) {
    test.expectations.push_back(BuildExpectation(expectation));
  }
  Inner(ctx, &test.end_comments);
  Trailing(ctx, &test.comments);
  return test;
}

ast::Expectation AstBuilder::BuildExpectation(P::ExpectationContext* ctx) {
  ast::Expectation expectation;
  Leading(ctx, &expectation.comments, nullptr);
  expectation.span = reporter_.SpanOf(ctx);
  if (auto* absent = dynamic_cast<P::AbsentExpectationContext*>(ctx)) {
    expectation.absent = true;
    expectation.path = BuildPath(Need(absent->path()));
    if (absent->itemRef()) BuildItemRef(absent->itemRef(), expectation);
  } else {
    auto* value = Need(dynamic_cast<P::ValueExpectationContext*>(ctx));
    expectation.path = BuildPath(Need(value->path()));
    if (value->itemRef()) BuildItemRef(value->itemRef(), expectation);
    if (value->STRING()) {
      expectation.expected = StringValue(value->STRING());
      expectation.expected_is_string = true;
    } else {
      P::NumberContext* number = Need(value->number());
      NumberValue(number);  // reports a number out of range
      expectation.expected = number->getText();
      expectation.expected_is_string = false;
    }
  }
  Inner(ctx, &expectation.comments.before);
  Trailing(ctx, &expectation.comments);
  return expectation;
}

// `[N]` lexes as a character class, so its text is read here: a whole number, no sign (items
// count from 0, as in the report's JSON array; a negative index would have to mean "from the
// end", which the language does not have).
void AstBuilder::BuildItemRef(P::ItemRefContext* ctx, ast::Expectation& expectation) {
  antlr4::Token* token = Need(ctx->CHAR_CLASS())->getSymbol();
  expectation.item_span = reporter_.SpanOf(token);
  if (ctx->namePart()) expectation.item_field = BuildNameTemplate(ctx->namePart());
  std::string text = token->getText();
  std::string digits = text.size() >= 2 ? text.substr(1, text.size() - 2) : "";
  while (!digits.empty() && digits.front() == ' ') digits.erase(digits.begin());
  while (!digits.empty() && digits.back() == ' ') digits.pop_back();
  bool numeric = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (!numeric) {
    reporter_.Error(expectation.item_span, "E0014",
                    fmt::format("invalid list index {}: an index is a whole number", text),
                    "items count from 0: tasks.items[0].title is the first item's title");
    expectation.item = 0;
    return;
  }
  std::optional<int> value = ParseInt(digits);
  if (!value) {
    reporter_.Error(expectation.item_span, "E0010",
                    fmt::format("number {} is too large", digits),
                    "counts, bounds and priorities must be at most 2147483647");
  }
  expectation.item = value.value_or(0);
}

// ---- patterns ----------------------------------------------------------------------------

ast::Pattern AstBuilder::BuildPattern(P::PatternContext* ctx) {
  // pattern : alternative (PIPE alternative)* -- alternatives at the even positions.
  if (ctx->children.size() == 1) return BuildAlternative(ChildAs<P::AlternativeContext>(ctx, 0));
  ast::Pattern p;
  p.kind = ast::PatternKind::kAlternation;
  p.span = reporter_.SpanOf(ctx);
  for (size_t i = 0; i < ctx->children.size(); i += 2) {
    p.children.push_back(BuildAlternative(ChildAs<P::AlternativeContext>(ctx, i)));
  }
  return p;
}

ast::Pattern AstBuilder::BuildAlternative(P::AlternativeContext* ctx) {
  // alternative : repetition+
  if (ctx->children.size() == 1) return BuildRepetition(ChildAs<P::RepetitionContext>(ctx, 0));
  ast::Pattern p;
  p.kind = ast::PatternKind::kSequence;
  p.span = reporter_.SpanOf(ctx);
  p.children.reserve(ctx->children.size());
  for (size_t i = 0; i < ctx->children.size(); ++i) {
    p.children.push_back(BuildRepetition(ChildAs<P::RepetitionContext>(ctx, i)));
  }
  return p;
}

ast::Pattern AstBuilder::BuildRepetition(P::RepetitionContext* ctx) {
  // repetition : atom quantifier*
  ast::Pattern p = BuildAtom(ChildAs<P::AtomContext>(ctx, 0));
  for (size_t i = 1; i < ctx->children.size(); ++i) {
    auto* q = ChildAs<P::QuantifierContext>(ctx, i);
    ast::Pattern repeat;
    repeat.kind = ast::PatternKind::kRepeat;
    repeat.span = {reporter_.file(), p.span.begin, reporter_.SpanOf(q).end};
    switch (FirstType(q)) {
      case P::QUESTION:
        repeat.min = 0;
        repeat.max = 1;
        break;
      case P::STAR:
        repeat.min = 0;
        repeat.max = -1;
        break;
      case P::PLUS:
        repeat.min = 1;
        repeat.max = -1;
        break;
      default: {
        auto* count = static_cast<P::CountQuantifierContext*>(q);  // `{`
        repeat.min = IntValue(Need(count->INT(0))->getSymbol());
        if (!count->COMMA()) {
          repeat.max = repeat.min;
        } else if (count->INT(1) != nullptr) {
          repeat.max = IntValue(count->INT(1)->getSymbol());
        } else {
          repeat.max = -1;
        }
      }
    }
    repeat.children.push_back(std::move(p));
    p = std::move(repeat);
  }
  return p;
}

ast::Pattern AstBuilder::BuildAtom(P::AtomContext* ctx) {
  // Each labelled alternative of `atom` starts with a token no other one starts with; a
  // reference starts with a name.
  ast::Pattern p;
  p.span = reporter_.SpanOf(ctx);
  antlr4::Token* first = Need(ctx->getStart());
  switch (first->getType()) {
    case P::STRING:
      p.kind = ast::PatternKind::kLiteral;
      p.text = DecodeString(first->getText(), nullptr);
      break;
    case P::CHAR_CLASS:
      p.kind = ast::PatternKind::kClass;
      p.text = first->getText();
      p.cls = ParseCharClass(p.text, nullptr);
      break;
    case P::KW_ANY:
      p.kind = ast::PatternKind::kAny;
      break;
    case P::KW_GAP: {
      auto* gap = static_cast<P::GapAtomContext*>(ctx);
      p.kind = ast::PatternKind::kGap;
      p.min = IntValue(Need(gap->INT(0))->getSymbol());
      p.max = IntValue(Need(gap->INT(1))->getSymbol());
      p.gap_kind = gap->KW_SENTENCE() ? ast::GapKind::kSentence : ast::GapKind::kClause;
      break;
    }
    case P::KW_LINE_START:
    case P::KW_PARA_START:
    case P::KW_SENTENCE_START:
    case P::KW_CLAUSE_START:
    case P::KW_BOUNDARY:
      p.kind = ast::PatternKind::kAnchor;
      p.anchor = first->getType() == P::KW_LINE_START       ? ast::AnchorKind::kLineStart
                 : first->getType() == P::KW_PARA_START     ? ast::AnchorKind::kParaStart
                 : first->getType() == P::KW_SENTENCE_START ? ast::AnchorKind::kSentenceStart
                 : first->getType() == P::KW_CLAUSE_START   ? ast::AnchorKind::kClauseStart
                                                            : ast::AnchorKind::kWordBoundary;
      break;
    case P::AT: {
      auto* capture = static_cast<P::CaptureAtomContext*>(ctx);
      p.kind = ast::PatternKind::kCapture;
      p.capture_name = BuildIdentifier(Need(capture->identifier()));
      if (capture->typeRef()) p.capture_type = BuildTypeRef(capture->typeRef());
      if (capture->pattern()) p.children.push_back(BuildPattern(capture->pattern()));
      break;
    }
    case P::LPAREN:
    case P::ATTACHED_LPAREN: {
      SourceSpan with_parens = p.span;
      p = BuildPattern(Need(static_cast<P::GroupAtomContext*>(ctx)->pattern()));
      p.span = with_parens;
      break;
    }
    default: {
      // refHead (DOT namePart)*: the head, then a part after each dot.
      p.kind = ast::PatternKind::kRef;
      p.ref.span = p.span;
      p.ref.parts.push_back(first->getText());
      for (size_t i = 2; i < ctx->children.size(); i += 2) {
        p.ref.parts.push_back(BuildNamePart(ChildAs<P::NamePartContext>(ctx, i)));
      }
      break;
    }
  }
  return p;
}

// ---- names, types, literals --------------------------------------------------------------

// An identifier is exactly one token (a name or a keyword).
std::string AstBuilder::BuildIdentifier(P::IdentifierContext* ctx) {
  return Need(ctx->getStart())->getText();
}

// namePart : identifier | NAME_TEMPLATE -- one token either way, kept as written.
std::string AstBuilder::BuildNamePart(P::NamePartContext* ctx) {
  return Need(ctx->getStart())->getText();
}

ast::Name AstBuilder::BuildDottedName(P::DottedNameContext* ctx) {
  ast::Name name;
  name.span = reporter_.SpanOf(ctx);
  // dottedName : identifier (DOT namePart)*
  name.parts.push_back(BuildIdentifier(ChildAs<P::IdentifierContext>(ctx, 0)));
  for (size_t i = 2; i < ctx->children.size(); i += 2) {
    name.parts.push_back(BuildNamePart(ChildAs<P::NamePartContext>(ctx, i)));
  }
  return name;
}

ast::NameTemplate AstBuilder::BuildNameTemplate(P::NamePartContext* ctx) {
  ast::NameTemplate name;
  name.span = reporter_.SpanOf(ctx);
  // `{key}_growth` -> {kVar "key"}, {kText "_growth"}; the lexer guarantees the braces pair up.
  std::string text = BuildNamePart(ctx);
  for (size_t i = 0; i < text.size();) {
    ast::NamePiece piece;
    if (text[i] == '{') {
      size_t close = text.find('}', i);
      if (close == std::string::npos) throw std::logic_error("unbalanced name template");
      piece.kind = ast::NamePiece::Kind::kVar;
      piece.text = text.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      size_t open = std::min(text.find('{', i), text.size());
      piece.kind = ast::NamePiece::Kind::kText;
      piece.text = text.substr(i, open - i);
      i = open;
    }
    name.pieces.push_back(std::move(piece));
  }
  return name;
}

ast::Path AstBuilder::BuildPath(P::PathContext* ctx) {
  ast::Path path;
  path.span = reporter_.SpanOf(ctx);
  // path : namePart (DOT namePart)*
  for (size_t i = 0; i < ctx->children.size(); i += 2) {
    path.parts.push_back(BuildNameTemplate(ChildAs<P::NamePartContext>(ctx, i)));
  }
  return path;
}

ast::TypeRef AstBuilder::BuildTypeRef(P::TypeRefContext* ctx) {
  ast::TypeRef type;
  type.span = reporter_.SpanOf(ctx);
  if (auto* list = dynamic_cast<P::ListTypeRefContext*>(ctx)) {
    type.is_list = true;
    type.name = BuildDottedName(Need(list->dottedName()));
  } else {
    type.name =
        BuildDottedName(Need(Need(dynamic_cast<P::PlainTypeRefContext*>(ctx))->dottedName()));
  }
  return type;
}

std::string AstBuilder::StringValue(antlr4::tree::TerminalNode* node) {
  // Escapes were checked by the token pre-pass in parser.cc.
  return DecodeString(node->getText(), nullptr);
}

int AstBuilder::IntValue(antlr4::Token* token) {
  std::string text = token->getText();
  if (std::optional<int> value = ParseInt(text)) return *value;
  reporter_.Error(reporter_.SpanOf(token), "E0010", fmt::format("number {} is too large", text),
                  "counts, bounds and priorities must be at most 2147483647");
  return 0;
}

double AstBuilder::NumberValue(P::NumberContext* ctx) {
  antlr4::tree::TerminalNode* digits = ctx->INT() ? ctx->INT() : Need(ctx->FLOAT());
  std::optional<double> value = ParseDouble(digits->getText());
  if (!value) {
    reporter_.Error(reporter_.SpanOf(ctx), "E0010",
                    fmt::format("number {} is out of range", ctx->getText()),
                    "numbers must fit a double-precision value");
  }
  return ctx->MINUS() ? -value.value_or(0) : value.value_or(0);
}

}  // namespace rptc::parse::internal
