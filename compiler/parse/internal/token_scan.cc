#include "compiler/parse/internal/token_scan.h"

#include <fmt/format.h>

#include <string>

#include "TemplateLexer.h"
#include "compiler/parse/internal/literals.h"

namespace rptc::parse::internal {

namespace {

using L = grammar::TemplateLexer;

struct LookAlike {
  char32_t c;
  const char* ascii;
  const char* name;
};

// Characters that a Chinese input method produces in place of ASCII syntax.
constexpr LookAlike kLookAlikes[] = {
    {U'\uFF1A', ":", "full-width colon"},
    {U'\uFF08', "(", "full-width parenthesis"},
    {U'\uFF09', ")", "full-width parenthesis"},
    {U'\u201C', "\"", "curly quote"},
    {U'\u201D', "\"", "curly quote"},
    {U'\uFF02', "\"", "full-width quote"},
    {U'\uFF0C', ",", "full-width comma"},
    {U'\uFF1B', ";", "full-width semicolon"},
    {U'\uFF5C', "|", "full-width vertical bar"},
    {U'\uFF1D', "=", "full-width equals sign"},
    {U'\uFF5B', "{", "full-width brace"},
    {U'\uFF5D', "}", "full-width brace"},
    {U'\u3010', "[", "lenticular bracket"},
    {U'\u3011', "]", "lenticular bracket"},
    {U'\uFF3B', "[", "full-width bracket"},
    {U'\uFF3D', "]", "full-width bracket"},
    {U'\uFF1F', "?", "full-width question mark"},
    {U'\uFF20', "@", "full-width at sign"},
    {U'\uFF0E', ".", "full-width full stop"},
    {U'\u3002', ".", "ideographic full stop"},
    {U'\u3000', " ", "ideographic space"},
    {U'\u00A0', " ", "no-break space"},
    {U'\uFEFF', "", "byte order mark"},
    {U'\u2018', "\"", "curly quote"},
    {U'\u2019', "\"", "curly quote"},
};

char32_t FirstCodePoint(const std::string& utf8) {
  if (utf8.empty()) return 0;
  unsigned char b0 = static_cast<unsigned char>(utf8[0]);
  size_t n = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  char32_t c = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (size_t k = 1; k < n && k < utf8.size(); ++k) {
    c = (c << 6) | (static_cast<unsigned char>(utf8[k]) & 0x3F);
  }
  return c;
}

std::string CodePointName(char32_t c) { return fmt::format("U+{:04X}", static_cast<uint32_t>(c)); }

std::string HelpFor(char32_t c) {
  for (const LookAlike& l : kLookAlikes) {
    if (l.c != c) continue;
    if (c == U'\uFEFF') return "a byte order mark is only allowed at the very start of the file";
    if (std::string_view(l.ascii) == " ") {
      return fmt::format("this is a {} ({}); use an ordinary space outside strings", l.name,
                         CodePointName(c));
    }
    return fmt::format("this is a {}; outside strings, write the ASCII '{}'", l.name, l.ascii);
  }
  if (c < 0x20 || c == 0x7F) return "remove the control character; is this a binary file?";
  if (c == '\'') return "strings are written in double quotes: \"...\"";
  if (c == '#') return "comments start with //";
  if (c == '/')
    return "to match text, write it as a string literal: \"...\"; comments start with //";
  if (c == '\\') return "backslash escapes work only inside strings and character classes";
  if (c >= 0x80) {
    return "names use ASCII letters, digits and '_'; text to match goes inside a string literal";
  }
  return "";
}

void ReportBadCharacters(const std::vector<antlr4::Token*>& run, Reporter& reporter) {
  std::string text;
  bool printable = true;
  for (antlr4::Token* t : run) {
    std::string piece = t->getText();
    char32_t c = static_cast<unsigned char>(piece[0]);
    if (c < 0x20 || c == 0x7F) printable = false;
    text += piece;
  }
  char32_t c = FirstCodePoint(run[0]->getText());
  bool invisible = c == U'\u3000' || c == U'\u00A0' || c == U'\uFEFF';
  std::string shown;
  if (!printable || invisible) {
    for (size_t i = 0; i < run.size() && i < 4; ++i) {
      if (i) shown += ' ';
      shown += CodePointName(FirstCodePoint(run[i]->getText()));
    }
    if (run.size() > 4) shown += " ...";
  } else {
    char quote = text.find('\'') != std::string::npos ? '"' : '\'';
    shown = fmt::format("{}{}{}", quote, text, quote);
  }
  std::string message = run.size() == 1 ? fmt::format("unexpected character {}", shown)
                                        : fmt::format("unexpected characters {}", shown);
  reporter.Error(reporter.Between(run.front(), run.back()), "E0006", std::move(message),
                 HelpFor(c));
}

// A token after which a touching `(` belongs to it: a name, a keyword, or a `)`.
bool IsAttachable(antlr4::Token* t) {
  size_t type = t->getType();
  return t->getChannel() == antlr4::Token::DEFAULT_CHANNEL &&
         (type == L::ID || type == L::NAME_TEMPLATE || type == L::RPAREN ||
          (type >= L::KW_TEMPLATE && type <= L::KW_BOUNDARY));
}

void ReportLiteralErrors(antlr4::Token* token, const std::vector<LiteralError>& errors,
                         Reporter& reporter) {
  for (const LiteralError& e : errors) {
    reporter.Error(reporter.Within(token, e.offset, e.length), e.code, e.message, e.help);
  }
}

}  // namespace

bool ScanTokens(const std::vector<antlr4::Token*>& tokens, size_t max_nesting, Reporter& reporter) {
  size_t depth = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    antlr4::Token* t = tokens[i];
    size_t type = t->getType();
    if (t->getChannel() == L::ERRORS) {
      // One diagnostic per run of adjacent bad characters, not one per character.
      std::vector<antlr4::Token*> run{t};
      while (i + 1 < tokens.size() && tokens[i + 1]->getChannel() == L::ERRORS &&
             tokens[i + 1]->getStartIndex() == run.back()->getStopIndex() + 1 && run.size() < 16) {
        run.push_back(tokens[++i]);
      }
      ReportBadCharacters(run, reporter);
      reporter.MarkNoisyLine(t->getLine());
      continue;
    }
    switch (type) {
      case L::STRING: {
        std::string text = t->getText();
        if (!IsTerminatedString(text)) {
          reporter.Error(reporter.SpanOf(t), "E0002", "unterminated string literal",
                         "close it with '\"' on the same line; strings cannot span lines "
                         "(write \\n for a line break)");
        }
        std::vector<LiteralError> errors;
        DecodeString(text, &errors);
        ReportLiteralErrors(t, errors, reporter);
        break;
      }
      case L::CHAR_CLASS: {
        std::string text = t->getText();
        if (!IsTerminatedCharClass(text)) {
          reporter.Error(reporter.SpanOf(t), "E0008", "unterminated character class",
                         "close it with ']' on the same line; write \\] for a literal ']'");
        }
        std::vector<LiteralError> errors;
        ParseCharClass(text, &errors);
        ReportLiteralErrors(t, errors, reporter);
        break;
      }
      case L::UNTERMINATED_BLOCK_COMMENT:
        reporter.Error(reporter.Within(t, 0, 2), "E0007", "unterminated block comment",
                       "close it with '*/'");
        break;
      case L::LPAREN:
        if (i > 0 && IsAttachable(tokens[i - 1]) &&
            tokens[i - 1]->getStopIndex() + 1 == t->getStartIndex()) {
          if (auto* writable = dynamic_cast<antlr4::WritableToken*>(t)) {
            writable->setType(L::ATTACHED_LPAREN);
          }
        }
        [[fallthrough]];
      case L::LBRACE:
        if (++depth > max_nesting) {
          reporter.Error(
              reporter.SpanOf(t), "E0003",
              fmt::format("brackets are nested too deeply (more than {} levels)", max_nesting),
              "split the pattern into named patterns, or flatten the sections");
          return false;
        }
        break;
      case L::RPAREN:
      case L::RBRACE:
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return true;
}

}  // namespace rptc::parse::internal
