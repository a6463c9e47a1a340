#include "compiler/parse/internal/error_listener.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "TemplateParser.h"

namespace rptc::parse::internal {

namespace {

using P = grammar::TemplateParser;
using antlr4::Token;
using antlr4::misc::IntervalSet;

// IntervalSet::contains is overloaded for ssize_t and size_t; token enums need one chosen.
bool Has(const IntervalSet& set, size_t type) { return set.contains(type); }

bool IsKeyword(size_t type) { return type >= P::KW_TEMPLATE && type <= P::KW_BOUNDARY; }

bool IsDeclarationStart(size_t type) {
  switch (type) {
    case P::KW_LEXICON:
    case P::KW_PATTERN:
    case P::KW_SECTION:
    case P::KW_FIELD:
    case P::KW_LIST:
    case P::KW_FOR:
    case P::KW_REQUIRE:
    case P::KW_CHECK:
    case P::KW_ORDER:
    case P::KW_TEST:
    case P::KW_IMPORT:
    case P::KW_TEMPLATE:
    case P::KW_BEGIN:
    case P::KW_END: return true;
    default: return false;
  }
}

bool IsPatternStart(size_t type) {
  switch (type) {
    case P::STRING:
    case P::CHAR_CLASS:
    case P::KW_ANY:
    case P::KW_GAP:
    case P::KW_LINE_START:
    case P::KW_PARA_START:
    case P::KW_SENTENCE_START:
    case P::KW_CLAUSE_START:
    case P::KW_BOUNDARY:
    case P::AT:
    case P::LPAREN:
    case P::ATTACHED_LPAREN:
    case P::ID: return true;
    default: return false;
  }
}

// The first `max` code points of `text`, with "..." when cut.
std::string Shorten(const std::string& text, size_t max = 24) {
  size_t cps = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (cps++ == max) return fmt::format("{}...", text.substr(0, i));
  }
  return text;
}

// What the parser found, as a noun phrase: "keyword 'field'", "string \"GDP\"".
std::string DescribeFound(const Token* t) {
  if (t == nullptr || t->getType() == Token::EOF) return "the end of the file";
  std::string text = t->getText();
  size_t type = t->getType();
  if (type == P::STRING) return fmt::format("string {}", Shorten(text));
  if (type == P::CHAR_CLASS) return fmt::format("character class {}", Shorten(text));
  if (type == P::INT || type == P::FLOAT) return fmt::format("number {}", Shorten(text));
  if (IsKeyword(type)) return fmt::format("keyword '{}'", text);
  return fmt::format("'{}'", Shorten(text));
}

// The previous token, as written, for "after '...'".
std::string DescribePrevious(const Token* t) {
  if (t == nullptr) return "";
  if (t->getType() == P::STRING) return fmt::format("the string {}", Shorten(t->getText(), 16));
  if (t->getType() == P::CHAR_CLASS) return fmt::format("the class {}", Shorten(t->getText(), 16));
  return fmt::format("'{}'", Shorten(t->getText(), 16));
}

std::string JoinOr(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

// The expected token set as a short noun phrase: "a pattern", "':' or '='", "a declaration".
std::string DescribeExpected(const IntervalSet& expected, const antlr4::dfa::Vocabulary& vocab) {
  bool pattern = Has(expected, P::STRING) && Has(expected, P::AT) && Has(expected, P::LPAREN);
  // Where any word is a name, the keywords in the set are names too, not declarations.
  bool name = Has(expected, P::ID);
  bool declaration = !name && Has(expected, P::KW_FIELD) && Has(expected, P::KW_LEXICON);
  std::vector<std::string> items;
  if (declaration) items.push_back("a declaration");
  if (pattern) items.push_back("a pattern");
  if (name && !pattern) items.push_back("a name");
  bool number_done = false;
  for (size_t type : expected.toList()) {
    if (declaration && IsDeclarationStart(type)) continue;
    if (pattern && (IsPatternStart(type) || IsKeyword(type))) continue;
    if (name && (type == P::ID || type == P::NAME_TEMPLATE || IsKeyword(type))) continue;
    if (type == P::INT || type == P::FLOAT || type == P::MINUS) {
      if (!number_done) items.push_back(Has(expected, P::FLOAT) ? "a number" : "a whole number");
      number_done = true;
      continue;
    }
    if (type == P::STRING) {
      items.push_back("a string");
    } else if (type == P::CHAR_CLASS) {
      items.push_back("a character class");
    } else if (type == Token::EOF) {
      items.push_back("the end of the file");
    } else if (type == Token::EPSILON) {
      continue;
    } else if (type == P::ATTACHED_LPAREN || type == P::LPAREN) {
      if (std::find(items.begin(), items.end(), "'('") == items.end()) items.push_back("'('");
    } else if (type == P::NAME_TEMPLATE) {
      if (std::find(items.begin(), items.end(), "a name") == items.end()) items.push_back("a name");
    } else {
      std::string literal = vocab.getLiteralName(type);
      items.push_back(literal.empty() ? vocab.getDisplayName(type) : literal);
    }
  }
  // The end of the file is in the set whenever the construct may end there; naming it next to
  // real alternatives only adds noise.
  if (items.size() > 1) {
    items.erase(std::remove(items.begin(), items.end(), "the end of the file"), items.end());
  }
  if (items.size() > 5) {
    items.resize(4);
    items.push_back("another token");
  }
  return items.empty() ? "something else" : JoinOr(items);
}

// The innermost enclosing context that opened `open` (LBRACE or LPAREN) without its closing
// token yet: where an unclosed bracket began.
antlr4::tree::TerminalNode* UnclosedBracket(antlr4::RuleContext* ctx, size_t open, size_t close,
                                            antlr4::ParserRuleContext** owner) {
  for (; ctx != nullptr; ctx = dynamic_cast<antlr4::RuleContext*>(ctx->parent)) {
    auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(ctx);
    if (rule == nullptr) continue;
    antlr4::tree::TerminalNode* last_open = nullptr;
    for (antlr4::tree::ParseTree* child : rule->children) {
      auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
      if (auto* paren = dynamic_cast<P::LparenContext*>(child); paren && !paren->children.empty()) {
        terminal = dynamic_cast<antlr4::tree::TerminalNode*>(paren->children[0]);
      }
      if (terminal == nullptr) continue;
      size_t type = terminal->getSymbol()->getType();
      if (type == P::ATTACHED_LPAREN) type = P::LPAREN;
      if (type == open) last_open = terminal;
      if (type == close) last_open = nullptr;
    }
    if (last_open != nullptr) {
      *owner = rule;
      return last_open;
    }
  }
  return nullptr;
}

std::string NameOf(antlr4::ParserRuleContext* ctx) {
  if (auto* s = dynamic_cast<P::SectionDeclContext*>(ctx); s && s->identifier()) {
    return fmt::format("the section '{}'", s->identifier()->getText());
  }
  if (auto* l = dynamic_cast<P::LexiconDeclContext*>(ctx); l && l->identifier()) {
    return fmt::format("the lexicon '{}'", l->identifier()->getText());
  }
  if (dynamic_cast<P::TestDeclContext*>(ctx)) return "the test";
  if (dynamic_cast<P::ForLoopContext*>(ctx)) return "the for loop";
  if (dynamic_cast<P::HeaderBodyContext*>(ctx)) return "the template header";
  if (dynamic_cast<P::GapAtomContext*>(ctx)) return "gap(...)";
  if (dynamic_cast<P::CaptureAtomContext*>(ctx)) return "the capture's pattern";
  if (dynamic_cast<P::CallSubjectContext*>(ctx)) return "the function call";
  if (dynamic_cast<P::ListTypeRefContext*>(ctx)) return "list(...)";
  if (dynamic_cast<P::CountQuantifierContext*>(ctx)) return "the repetition count";
  return "the group";
}

struct Wording {
  std::string what;  // "'=' after the field type"
  std::string help;
  std::optional<std::pair<SourceSpan, std::string>> note;
};

constexpr std::string_view kDeclarationHelp =
    "a declaration starts with lexicon, pattern, section, field, list, for, require, check, "
    "order, test or import";
constexpr std::string_view kSectionItemHelp =
    "inside a section: begin, end, field, list, section, for, require, check, order or test";
constexpr std::string_view kCommaHint = "is a ',' missing between two names?";
constexpr std::string_view kFieldHelp =
    "a field is written `field NAME: TYPE [one|many] [first|last|best|all] = PATTERN`";

constexpr std::string_view kDeclarationKeywords[] = {"lexicon", "pattern", "section", "field",
                                                     "list",    "for",     "require", "check",
                                                     "order",   "test",    "import",  "template"};
constexpr std::string_view kSectionKeywords[] = {"begin",   "end",   "lexicon", "pattern",
                                                 "section", "field", "list",    "for",
                                                 "require", "check", "order",   "test"};

// Edits (insert, delete, substitute, swap neighbours) between a and b: `feild` is one from
// `field`.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// "did you mean 'field'?" for a misspelt keyword, else `fallback`.
template <size_t N>
std::string DidYouMean(const Token* found, const std::string_view (&keywords)[N],
                       std::string_view fallback) {
  if (found == nullptr || found->getType() != P::ID) return std::string(fallback);
  std::string word = found->getText();
  if (word.size() > 16) return std::string(fallback);
  std::string_view best;
  size_t best_distance = 3;
  for (std::string_view k : keywords) {
    size_t d = EditDistance(word, k);
    if (d < best_distance && d * 3 <= k.size()) {
      best = k;
      best_distance = d;
    }
  }
  if (best.empty()) return std::string(fallback);
  return fmt::format("did you mean '{}'?", best);
}

// The kind of name that follows `token` ("the field name" after `field`), or "".
std::string_view NameExpectedAfter(size_t token) {
  switch (token) {
    case P::KW_TEMPLATE: return "the template name";
    case P::KW_LEXICON: return "the lexicon name";
    case P::KW_PATTERN: return "the pattern name";
    case P::KW_SECTION: return "the section name";
    case P::KW_FIELD: return "the field name";
    case P::KW_LIST: return "the list name";
    case P::KW_FOR: return "the loop variable";
    case P::KW_BEFORE: return "a section name";
    case P::AT: return "the capture name";
    case P::COLON: return "a type";
    case P::KW_IN: return "a name";
    default: return "";
  }
}

// Words the common mistakes by where the parser was; nullopt falls back to the generic form.
std::optional<Wording> WordSpecific(antlr4::RuleContext* ctx, const Token* prev,
                                    const Token* offending, const IntervalSet& expected,
                                    const Reporter& reporter) {
  // Errors right after a name surface in the small name rules; the construct that holds the
  // name knows what should follow it.
  auto name_rule = [](size_t r) {
    return r == P::RuleIdentifier || r == P::RuleDottedName || r == P::RuleNamePart ||
           r == P::RulePath || r == P::RuleRefHead || r == P::RuleLparen ||
           r == P::RuleSoftKeyword || r == P::RuleReservedWord;
  };
  size_t innermost = ctx != nullptr ? ctx->getRuleIndex() : 0;
  antlr4::RuleContext* holder = ctx;
  while (holder != nullptr && name_rule(holder->getRuleIndex()) &&
         dynamic_cast<antlr4::RuleContext*>(holder->parent) != nullptr) {
    holder = dynamic_cast<antlr4::RuleContext*>(holder->parent);
  }
  size_t rule = holder != nullptr ? holder->getRuleIndex() : innermost;
  size_t prev_type = prev != nullptr ? prev->getType() : Token::INVALID_TYPE;
  size_t found = offending != nullptr ? offending->getType() : Token::EOF;
  auto has = [&](size_t t) { return Has(expected, t); };

  // Unclosed brackets first: at the end of the file, or when nothing but the closer fits.
  for (auto [open, close, closer] :
       {std::tuple<size_t, size_t, const char*>{P::LBRACE, P::RBRACE, "'}'"},
        {P::LPAREN, P::RPAREN, "')'"}}) {
    if (!has(close) || (found != Token::EOF && expected.size() > 1 && close == P::RBRACE)) {
      continue;
    }
    antlr4::ParserRuleContext* owner = nullptr;
    if (auto* node = UnclosedBracket(ctx, open, close, &owner)) {
      Wording w;
      w.what = fmt::format("{} to close {}", closer, NameOf(owner));
      w.note = std::make_pair(reporter.SpanOf(node->getSymbol()),
                              fmt::format("{} opened here", open == P::LBRACE ? "'{'" : "'('"));
      return w;
    }
  }

  if (found == P::KW_BEGIN || found == P::KW_END) {
    if (rule == P::RuleTemplateFile || rule == P::RuleModuleItem || rule == P::RuleDeclaration ||
        rule == P::RuleForLoop) {
      return Wording{
          fmt::format("a declaration; '{}' clauses belong inside a section", offending->getText()),
          "write it inside `section NAME { ... }`", std::nullopt};
    }
  }

  bool in_name_list = rule == P::RuleRequireDecl || rule == P::RuleOrderDecl ||
                      rule == P::RuleEndClause || rule == P::RuleIdentifierList ||
                      name_rule(innermost);
  if (in_name_list && has(P::COMMA) && (found == P::ID || IsKeyword(found)) && prev != nullptr &&
      (prev->getType() == P::ID || IsKeyword(prev->getType()))) {
    return Wording{"',' between names", "separate the names with commas, as in `order a, b, c`",
                   std::nullopt};
  }

  bool prev_is_name = prev_type == P::ID || IsKeyword(prev_type);
  if (has(P::ID) && !has(P::STRING)) {
    std::string_view what = NameExpectedAfter(prev_type);
    if (!what.empty()) {
      return Wording{fmt::format("{} after {}", what, DescribePrevious(prev)),
                     "names are written with ASCII letters, digits and '_'", std::nullopt};
    }
  }

  // A name after a name where a new item should start: most likely a list without commas.
  bool comma_hint =
      found == P::ID && prev_is_name && DidYouMean(offending, kSectionKeywords, "").empty();

  switch (rule) {
    case P::RuleTemplateFile:
    case P::RuleModuleItem:
    case P::RuleDeclaration:
      return Wording{"a declaration",
                     comma_hint ? std::string(kCommaHint)
                                : DidYouMean(offending, kDeclarationKeywords, kDeclarationHelp),
                     std::nullopt};
    case P::RuleHeader:
      if (prev_type == P::KW_TEMPLATE) return Wording{"the template name after 'template'", "", {}};
      break;
    case P::RuleHeaderBody:
    case P::RuleHeaderItem:
      if (prev_type == P::KW_VERSION) return Wording{"a version string after 'version'", "", {}};
      if (prev_type == P::KW_LANGUAGES || prev_type == P::KW_NORMALIZE || prev_type == P::COMMA) {
        break;
      }
      return Wording{"a header item or '}'",
                     comma_hint ? std::string(kCommaHint)
                                : "the header may contain `version \"1.0\"`, `languages zh, en` "
                                  "and `normalize nfkc, hant_to_hans`",
                     std::nullopt};
    case P::RuleImportDecl:
      return Wording{"a module name like std.values or a file path string after 'import'", "", {}};
    case P::RuleLexiconDecl:
      if (has(P::LBRACE)) return Wording{"'{' after the lexicon name", "", {}};
      if (found == P::STRING && prev_type == P::STRING) {
        return Wording{"'|' between the phrases",
                       "a lexicon entry is written `key: \"phrase\" | \"phrase\"`", std::nullopt};
      }
      return Wording{"a lexicon entry or '}'",
                     "a lexicon entry is written `key: \"phrase\" | \"phrase\"`", std::nullopt};
    case P::RuleLexiconEntry:
      if (has(P::COLON)) {
        return Wording{"':' after the lexicon key",
                       "a lexicon entry is written `key: \"phrase\" | \"phrase\"`", std::nullopt};
      }
      if (has(P::STRING)) {
        return Wording{fmt::format("a phrase string after {}", DescribePrevious(prev)),
                       "lexicon phrases are string literals: `gdp: \"生产总值\" | \"GDP\"`",
                       std::nullopt};
      }
      break;
    case P::RulePatternDecl:
      if (has(P::ASSIGN)) return Wording{"'=' after the pattern name", "", {}};
      break;
    case P::RuleSectionDecl:
      if (has(P::LBRACE) && !has(P::RBRACE)) {
        return Wording{"'{' to open the section body",
                       "a section is written `section NAME [\"title\"] { ... }`", std::nullopt};
      }
      [[fallthrough]];
    case P::RuleSectionItem:
      return Wording{"a section item or '}'",
                     comma_hint ? std::string(kCommaHint)
                                : DidYouMean(offending, kSectionKeywords, kSectionItemHelp),
                     std::nullopt};
    case P::RuleBeginClause: return Wording{"a pattern after 'begin'", "", {}};
    case P::RuleEndClause:
      if (prev_type == P::KW_BEFORE) return Wording{"a section name after 'before'", "", {}};
      return Wording{"a pattern or 'before' after 'end'", "", {}};
    case P::RuleFieldDecl:
      if (has(P::COLON)) {
        return Wording{"':' and the field type after the field name", std::string(kFieldHelp),
                       std::nullopt};
      }
      if (has(P::ASSIGN)) {
        std::string help(kFieldHelp);
        if (found == P::EQ) help = "a field's rules start with a single '='";
        return Wording{"'=' after the field type", help, std::nullopt};
      }
      if (prev_type == P::COLON)
        return Wording{"the field type after ':'", std::string(kFieldHelp), {}};
      break;
    case P::RuleFieldModifier: break;
    case P::RuleFieldRule:
      if (prev_type == P::ASSIGN) return Wording{"a pattern after '='", "", {}};
      break;
    case P::RuleListDecl:
      if (has(P::ASSIGN)) {
        return Wording{"'=' after the list name",
                       "a list is written `list NAME = MARKER [title until PATTERN]`",
                       std::nullopt};
      }
      if (has(P::KW_UNTIL)) return Wording{"'until' after 'title'", "", {}};
      break;
    case P::RuleForLoop:
      if (has(P::KW_IN)) {
        return Wording{"'in' after the loop variable",
                       "a loop is written `for key in LEXICON { ... }`", std::nullopt};
      }
      if (has(P::LBRACE)) return Wording{"'{' after the lexicon name", "", {}};
      if (has(P::RBRACE)) return Wording{"a declaration or '}'", std::string(kDeclarationHelp), {}};
      break;
    case P::RuleCheckDecl:
    case P::RuleCheckCondition:
      if (has(P::KW_IN) || has(P::KW_HAS)) {
        return Wording{"'in LOW..HIGH' or 'has qualifier' after the checked path",
                       "for example `check review.gdp_growth in -50..100`", std::nullopt};
      }
      if (prev_type == P::KW_HAS) return Wording{"'qualifier' after 'has'", "", {}};
      break;
    case P::RuleRuleOption:
      if (prev_type == P::KW_SEVERITY)
        return Wording{"'error' or 'warning' after 'severity'", "", {}};
      if (prev_type == P::KW_MESSAGE) return Wording{"a message string after 'message'", "", {}};
      break;
    case P::RuleTestDecl:
      if (prev_type == P::KW_TEST) {
        return Wording{
            "the test input string after 'test'",
            "a test is written `test \"input text\" [in SECTION] { FIELD == \"value\" }`",
            std::nullopt};
      }
      if (has(P::LBRACE) && !has(P::RBRACE)) return Wording{"'{' to open the test body", "", {}};
      return Wording{"an expectation or '}'",
                     "an expectation is `FIELD == \"value\"`, `FIELD == 12`, `no FIELD`, "
                     "`LIST.count == 2` or `LIST[0].title == \"value\"`",
                     std::nullopt};
    case P::RuleExpectation:
      if (has(P::EQ)) {
        return Wording{"'==' after the field path",
                       found == P::ASSIGN ? "compare with '==', not '='"
                                          : "an expectation is `FIELD == \"value\"` or `no FIELD`",
                       std::nullopt};
      }
      if (prev_type == P::EQ) return Wording{"a string or a number after '=='", "", {}};
      break;
    case P::RuleAtom:
    case P::RulePattern:
    case P::RuleAlternative:
    case P::RuleRepetition:
      if (prev_type == P::AT) return Wording{"a capture name after '@'", "", {}};
      if (prev_type == P::KW_GAP) return Wording{"'(' after 'gap'", "write gap(0..8)", {}};
      if (auto* gap = dynamic_cast<P::GapAtomContext*>(ctx); gap != nullptr) {
        return Wording{"a range like gap(0..8) or gap(0..8, sentence)", "", {}};
      }
      if (IsPatternStart(found) || found == Token::EOF || IsKeyword(found) ||
          prev_type == P::ASSIGN || prev_type == P::PIPE || prev_type == P::LPAREN) {
        if (has(P::STRING) && has(P::AT)) {
          return Wording{fmt::format("a pattern after {}", DescribePrevious(prev)),
                         IsDeclarationStart(found)
                             ? fmt::format("'{}' starts a declaration; a pattern is a string, "
                                           "[class], name, @capture, gap(...) or (group)",
                                           offending->getText())
                             : "",
                         std::nullopt};
        }
      }
      break;
    case P::RuleTypeRef:
      return Wording{fmt::format("a type after {}", DescribePrevious(prev)),
                     "a type is a name like money or percent, or list(TYPE)", std::nullopt};
    case P::RuleQuantifier: return Wording{"a repetition count like {2} or {1,3}", "", {}};
    case P::RuleRange:
      if (has(P::DOTDOT)) {
        return Wording{"'..' and an upper bound after the lower bound",
                       "a range is written LOW..HIGH, like -50..100", std::nullopt};
      }
      [[fallthrough]];
    case P::RuleNumber:
    case P::RuleInteger:
      return Wording{fmt::format("a number after {}", DescribePrevious(prev)), "", {}};
    default: break;
  }
  return std::nullopt;
}

// The visible token before `t` in the stream.
Token* PreviousVisible(antlr4::Parser* parser, Token* t) {
  auto* stream = dynamic_cast<antlr4::BufferedTokenStream*>(parser->getTokenStream());
  if (stream == nullptr || t == nullptr) return nullptr;
  size_t index = t->getTokenIndex();
  while (index > 0) {
    --index;
    Token* candidate = stream->get(index);
    if (candidate->getChannel() == Token::DEFAULT_CHANNEL) return candidate;
  }
  return nullptr;
}

}  // namespace

void FriendlyErrorStrategy::Report(antlr4::Parser* recognizer, Token* offending,
                                   const IntervalSet& expected, bool missing) {
  Token* prev = PreviousVisible(recognizer, offending);
  if ((offending != nullptr && reporter_.IsNoisyLine(offending->getLine())) ||
      (prev != nullptr && reporter_.IsNoisyLine(prev->getLine()))) {
    return;
  }
  antlr4::RuleContext* ctx = recognizer->getContext();
  std::optional<Wording> specific = WordSpecific(ctx, prev, offending, expected, reporter_);
  Wording w =
      specific
          ? *specific
          : Wording{DescribeExpected(expected, recognizer->getVocabulary()) +
                        (prev != nullptr ? fmt::format(" after {}", DescribePrevious(prev)) : ""),
                    "", std::nullopt};
  std::string message = fmt::format("expected {}, found {}", w.what, DescribeFound(offending));

  // A missing token belongs right after the previous one; so does anything that went wrong at
  // a line end, where pointing at the next line's first token would mislead.
  SourceSpan span = reporter_.SpanOf(offending);
  size_t line = offending != nullptr ? offending->getLine() : 0;
  if (prev != nullptr && (missing || offending == nullptr || offending->getType() == Token::EOF ||
                          offending->getLine() > prev->getLine())) {
    span = reporter_.EndOf(prev);
    line = prev->getLine();
  }
  // Recovery guesses; a second complaint about the same line is nearly always an echo of the
  // first, so one per line is reported.
  if (line == last_error_line_) return;
  last_error_line_ = line;
  std::vector<std::pair<SourceSpan, std::string>> notes;
  if (w.note) notes.push_back(*w.note);
  reporter_.Error(span, "E0001", std::move(message), std::move(w.help), std::move(notes));
  CheckBudget();
}

void FriendlyErrorStrategy::CheckBudget() {
  if (reporter_.exhausted()) throw antlr4::ParseCancellationException("too many syntax errors");
}

void FriendlyErrorStrategy::recover(antlr4::Parser* recognizer, std::exception_ptr e) {
  // Resynchronising can consume many tokens per call; cap the calls so that hostile input
  // cannot make recovery quadratic (cel-cpp RecoveryLimitErrorStrategy).
  if (++recoveries_ > 4 * reporter_.max_errors() + 16) {
    throw antlr4::ParseCancellationException("too many recovery attempts");
  }
  DefaultErrorStrategy::recover(recognizer, e);
}

Token* FriendlyErrorStrategy::recoverInline(antlr4::Parser* recognizer) {
  if (++recoveries_ > 4 * reporter_.max_errors() + 16) {
    throw antlr4::ParseCancellationException("too many recovery attempts");
  }
  return DefaultErrorStrategy::recoverInline(recognizer);
}

namespace {

// The current token starts a declaration on a line of its own.
bool AtDeclarationStart(antlr4::Parser* recognizer) {
  Token* current = recognizer->getCurrentToken();
  if (current == nullptr || !IsDeclarationStart(current->getType())) return false;
  Token* prev = PreviousVisible(recognizer, current);
  return prev == nullptr || prev->getLine() < current->getLine();
}

}  // namespace

bool FriendlyErrorStrategy::singleTokenInsertion(antlr4::Parser* recognizer) {
  if (AtDeclarationStart(recognizer)) return false;
  return DefaultErrorStrategy::singleTokenInsertion(recognizer);
}

Token* FriendlyErrorStrategy::singleTokenDeletion(antlr4::Parser* recognizer) {
  if (AtDeclarationStart(recognizer)) return nullptr;
  return DefaultErrorStrategy::singleTokenDeletion(recognizer);
}

void FriendlyErrorStrategy::reportNoViableAlternative(antlr4::Parser* recognizer,
                                                      const antlr4::NoViableAltException& e) {
  Report(recognizer, e.getOffendingToken(), e.getExpectedTokens(), false);
}

void FriendlyErrorStrategy::reportInputMismatch(antlr4::Parser* recognizer,
                                                const antlr4::InputMismatchException& e) {
  Report(recognizer, e.getOffendingToken(), e.getExpectedTokens(), false);
}

void FriendlyErrorStrategy::reportFailedPredicate(antlr4::Parser* recognizer,
                                                  const antlr4::FailedPredicateException& e) {
  Report(recognizer, e.getOffendingToken(), recognizer->getExpectedTokens(), false);
}

void FriendlyErrorStrategy::reportUnwantedToken(antlr4::Parser* recognizer) {
  if (inErrorRecoveryMode(recognizer)) return;
  beginErrorCondition(recognizer);
  Report(recognizer, recognizer->getCurrentToken(), getExpectedTokens(recognizer), false);
}

void FriendlyErrorStrategy::reportMissingToken(antlr4::Parser* recognizer) {
  if (inErrorRecoveryMode(recognizer)) return;
  beginErrorCondition(recognizer);
  Report(recognizer, recognizer->getCurrentToken(), getExpectedTokens(recognizer), true);
}

void DiagnosticErrorListener::syntaxError(antlr4::Recognizer* /*recognizer*/,
                                          Token* offending_symbol, size_t /*line*/,
                                          size_t /*char_position_in_line*/, const std::string& msg,
                                          std::exception_ptr /*e*/) {
  reporter_.Error(reporter_.SpanOf(offending_symbol), "E0001", msg);
}

}  // namespace rptc::parse::internal
