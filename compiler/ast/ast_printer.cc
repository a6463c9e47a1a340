#include "compiler/ast/ast_printer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace rptc {

namespace {

constexpr int kMaxWidth = 100;

// ---- shared helpers ----------------------------------------------------------------------

char32_t NextCodePoint(std::string_view s, size_t* i) {
  unsigned char b0 = static_cast<unsigned char>(s[*i]);
  size_t n = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  if (*i + n > s.size()) n = s.size() - *i;
  char32_t c = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += n;
  return c;
}

// Terminal columns: East Asian wide and full-width characters take two.
int DisplayWidth(std::string_view s) {
  int width = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t c = NextCodePoint(s, &i);
    bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
    width += wide ? 2 : 1;
  }
  return width;
}

// A string literal that DecodeString() (compiler/parse) reads back as `text`.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += fmt::format("\\u{{{:X}}}", c);
        } else {
          out.push_back(ch);
        }
    }
  }
  out += '"';
  return out;
}

// Shortest text that reads back as `value`, never in exponent form (the grammar has none).
std::string FormatNumber(double value) {
  std::string s = fmt::format("{}", value);
  if (s.find_first_of("eE") == std::string::npos) return s;
  int exponent = value == 0 ? 0 : static_cast<int>(std::floor(std::log10(std::fabs(value))));
  int decimals = std::clamp(16 - exponent, 0, 340);
  s = fmt::format("{:.{}f}", value, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string AnchorName(ast::AnchorKind kind) {
  switch (kind) {
    case ast::AnchorKind::kLineStart:
      return "line_start";
    case ast::AnchorKind::kParaStart:
      return "para_start";
    case ast::AnchorKind::kSentenceStart:
      return "sentence_start";
    case ast::AnchorKind::kClauseStart:
      return "clause_start";
    case ast::AnchorKind::kWordBoundary:
      return "boundary";
  }
  return "boundary";
}

std::string TypeText(const ast::TypeRef& type) {
  return type.is_list ? fmt::format("list({})", type.name.ToString()) : type.name.ToString();
}

std::string JoinNames(const std::vector<ast::Name>& names, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += sep;
    out += names[i].ToString();
  }
  return out;
}

std::string JoinPaths(const std::vector<ast::Path>& paths, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (i) out += sep;
    out += paths[i].ToString();
  }
  return out;
}

// A class written back from its parsed form, for ASTs that were not parsed (no text).
std::string ClassText(const ast::CharClass& cls) {
  auto member = [](char32_t c) -> std::string {
    switch (c) {
      case ']':
        return "\\]";
      case '[':
        return "\\[";
      case '\\':
        return "\\\\";
      case '-':
        return "\\-";
      case '^':
        return "\\^";
      case '\n':
        return "\\n";
      case '\t':
        return "\\t";
      default:
        break;
    }
    if (c < 0x20 || c == 0x7F) return fmt::format("\\u{{{:X}}}", static_cast<uint32_t>(c));
    std::string out;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out = fmt::format("\\u{{{:X}}}", static_cast<uint32_t>(c));
    }
    return out;
  };
  std::string out = cls.negated ? "[^" : "[";
  for (auto [lo, hi] : cls.ranges) {
    out += member(lo);
    if (hi != lo) out += "-" + member(hi);
  }
  for (const std::string& p : cls.properties) out += fmt::format("\\p{{{}}}", p);
  for (const std::string& p : cls.negated_properties) out += fmt::format("\\P{{{}}}", p);
  return out + "]";
}

// ---- patterns ----------------------------------------------------------------------------

// A pattern as a list of words: the printed text is the words joined by spaces, and a long
// pattern may break between any two of them (before `|` in an alternation, between the items
// of a sequence, also inside groups). Parentheses are added exactly where the tree needs them,
// so the text parses back to the same tree.
void Words(const ast::Pattern& p, std::vector<std::string>& out);

bool Compound(const ast::Pattern& p) {
  return p.kind == ast::PatternKind::kSequence || p.kind == ast::PatternKind::kAlternation;
}

// Adds the words of `child`, in parentheses when `parens`, and returns the index of the first.
size_t ChildWords(const ast::Pattern& child, bool parens, std::string_view open,
                  std::vector<std::string>& out) {
  size_t start = out.size();
  Words(child, out);
  if (out.size() == start) out.push_back("");  // an empty group, only in hand-built trees
  if (parens || !open.empty()) {
    out[start] = fmt::format("{}{}{}", open, parens ? "(" : "", out[start]);
    out.back() += ")";
  }
  return start;
}

void Words(const ast::Pattern& p, std::vector<std::string>& out) {
  using K = ast::PatternKind;
  switch (p.kind) {
    case K::kLiteral:
      out.push_back(Quote(p.text));
      return;
    case K::kClass:
      out.push_back(p.text.empty() ? ClassText(p.cls) : p.text);
      return;
    case K::kAny:
      out.push_back("any");
      return;
    case K::kGap:
      out.push_back(fmt::format("gap({}..{}{})", p.min, p.max,
                                p.gap_kind == ast::GapKind::kSentence ? ", sentence" : ""));
      return;
    case K::kAnchor:
      out.push_back(AnchorName(p.anchor));
      return;
    case K::kRef:
      out.push_back(p.ref.ToString());
      return;
    case K::kSequence:
      for (const ast::Pattern& c : p.children) ChildWords(c, Compound(c), "", out);
      return;
    case K::kAlternation:
      for (size_t i = 0; i < p.children.size(); ++i) {
        const ast::Pattern& c = p.children[i];
        size_t start = ChildWords(c, c.kind == K::kAlternation, "", out);
        if (i > 0) out[start] = "| " + out[start];
      }
      return;
    case K::kRepeat: {
      if (p.children.empty()) {
        out.push_back("()");
      } else {
        ChildWords(p.children[0], Compound(p.children[0]), "", out);
      }
      std::string suffix;
      if (p.min == 0 && p.max == 1) {
        suffix = "?";
      } else if (p.min == 0 && p.max == -1) {
        suffix = "*";
      } else if (p.min == 1 && p.max == -1) {
        suffix = "+";
      } else if (p.max == -1) {
        suffix = fmt::format("{{{},}}", p.min);
      } else if (p.min == p.max) {
        suffix = fmt::format("{{{}}}", p.min);
      } else {
        suffix = fmt::format("{{{},{}}}", p.min, p.max);
      }
      out.back() += suffix;
      return;
    }
    case K::kCapture: {
      std::string head = "@" + p.capture_name;
      if (!p.capture_type.empty()) head += ":" + TypeText(p.capture_type);
      if (p.children.empty()) {
        out.push_back(head);
      } else {
        ChildWords(p.children[0], false, head + "(", out);
      }
      return;
    }
  }
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += ' ';
    out += words[i];
  }
  return out;
}

// ---- formatting --------------------------------------------------------------------------

// A declaration's text, relative to its indentation: comment and doc lines, then its own lines
// (nested blocks already indented inside them). A line may hold a multi-line block comment.
struct Printed {
  std::vector<std::string> leading;
  std::vector<std::string> body;
};

enum class Family { kImport, kLexicon, kPattern, kSection, kField, kList, kFor, kRule, kTest };

class Formatter {
 public:
  explicit Formatter(const Source* source) : source_(source) {}

  std::string Module(const ast::Module& m) {
    std::vector<std::string> lines;
    auto separate = [&] {
      if (!lines.empty() && !lines.back().empty()) lines.push_back("");
    };
    if (m.header) Append(lines, Header(*m.header), 0);
    if (!m.imports.empty()) {
      separate();
      for (size_t i = 0; i < m.imports.size(); ++i) {
        if (i > 0 && BlankBetween(m.imports[i - 1].span, m.imports[i].span)) lines.push_back("");
        Append(lines, Import(m.imports[i]), 0);
      }
    }
    if (!m.items.empty()) {
      separate();
      Items(lines, m.items, 0);
    }
    if (!m.end_comments.empty()) {
      separate();
      for (const std::string& c : m.end_comments) lines.push_back(c);
    }
    std::string out;
    for (const std::string& line : lines) {
      out += line;
      out += '\n';
    }
    return out;
  }

 private:
  // Adds `p` to `out`, every line indented by `indent` spaces.
  static void Append(std::vector<std::string>& out, const Printed& p, int indent) {
    std::string pad(indent, ' ');
    for (const std::string& line : p.leading) out.push_back(pad + line);
    for (const std::string& line : p.body) out.push_back(line.empty() ? line : pad + line);
  }

  static void Leading(Printed& p, const ast::Comments& comments, const std::string& doc) {
    for (const std::string& c : comments.before) p.leading.push_back(c);
    if (doc.empty()) return;
    size_t start = 0;
    while (true) {
      size_t end = doc.find('\n', start);
      std::string_view line = std::string_view(doc).substr(
          start, end == std::string::npos ? std::string::npos : end - start);
      p.leading.push_back(line.empty() ? "///" : fmt::format("/// {}", line));
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }

  static void Trailing(Printed& p, const ast::Comments& comments) {
    if (comments.after.empty() || p.body.empty()) return;
    p.body.back() += "  " + comments.after;
  }

  static bool Fits(int indent, std::string_view line) {
    return indent + DisplayWidth(line) <= kMaxWidth;
  }

  // `prefix` and a pattern's words in lines of at most kMaxWidth columns (at `indent`);
  // continuation lines are indented 4 more than the first. Breaks go between the top-level
  // alternatives (or sequence items) first: a unit moves to the next line whole when it fits
  // there, and only a unit longer than a line breaks between its own words.
  static std::vector<std::string> Fill(std::string prefix,
                                       const std::vector<std::vector<std::string>>& units,
                                       int indent) {
    const std::string continuation = "    ";
    std::vector<std::string> lines;
    std::string line = std::move(prefix);
    bool line_empty = true;  // nothing after the prefix or the continuation indent yet
    auto add = [&](const std::string& text) {
      std::string candidate = line_empty ? line + text : line + " " + text;
      if (line_empty || Fits(indent, candidate)) {
        line = std::move(candidate);
      } else {
        lines.push_back(std::move(line));
        line = continuation + text;
      }
      line_empty = false;
    };
    for (const std::vector<std::string>& unit : units) {
      std::string text = Join(unit);
      std::string candidate = line_empty ? line + text : line + " " + text;
      if (line_empty || Fits(indent, candidate)) {
        if (Fits(indent, candidate) || unit.size() == 1) {
          line = std::move(candidate);
          line_empty = false;
          continue;
        }
      } else if (Fits(indent, continuation + text)) {
        lines.push_back(std::move(line));
        line = continuation + text;
        line_empty = false;
        continue;
      }
      for (const std::string& word : unit) add(word);
    }
    lines.push_back(std::move(line));
    return lines;
  }

  // The break units of a pattern: its alternatives, or its sequence items, or itself.
  static std::vector<std::vector<std::string>> UnitsOf(const ast::Pattern& p) {
    std::vector<std::vector<std::string>> units;
    std::vector<std::string> words;
    Words(p, words);
    if (p.kind != ast::PatternKind::kAlternation && p.kind != ast::PatternKind::kSequence) {
      units.push_back(std::move(words));
      return units;
    }
    // Re-split the words at the children's boundaries.
    size_t at = 0;
    for (const ast::Pattern& child : p.children) {
      std::vector<std::string> child_words;
      Words(child, child_words);
      size_t n = std::max<size_t>(1, child_words.size());
      units.emplace_back(words.begin() + at, words.begin() + std::min(words.size(), at + n));
      at += n;
    }
    if (at < words.size()) units.back().insert(units.back().end(), words.begin() + at, words.end());
    return units;
  }

  static std::vector<std::string> WordsOf(const ast::Pattern& p) {
    std::vector<std::string> words;
    Words(p, words);
    return words;
  }

  // True when the original text has a blank line between the end of `a` and the start of `b`.
  bool BlankBetween(SourceSpan a, SourceSpan b) const {
    if (source_ == nullptr || a.file != b.file || b.begin <= a.end) return false;
    std::string_view text = source_->text();
    if (b.begin > text.size()) return false;
    std::string_view gap = text.substr(a.end, b.begin - a.end);
    size_t nl = gap.find('\n');
    while (nl != std::string_view::npos) {
      size_t next = gap.find_first_not_of(" \t\r", nl + 1);
      if (next != std::string_view::npos && gap[next] == '\n') return true;
      nl = gap.find('\n', nl + 1);
    }
    return false;
  }

  // The rule for blank lines between neighbours in a block (see ast_printer.h).
  void Items(std::vector<std::string>& lines, const std::vector<ast::Item>& items, int indent) {
    Family prev_family = Family::kImport;
    bool prev_multi = false;
    SourceSpan prev_span{};
    for (size_t i = 0; i < items.size(); ++i) {
      Family family;
      SourceSpan span;
      Printed p = Item(items[i], indent, &family, &span);
      bool multi = p.body.size() > 1;
      if (i > 0 &&
          (multi || prev_multi || family != prev_family || BlankBetween(prev_span, span))) {
        lines.push_back("");
      }
      Append(lines, p, indent);
      prev_family = family;
      prev_multi = multi;
      prev_span = span;
    }
  }

  Printed Item(const ast::Item& item, int indent, Family* family, SourceSpan* span) {
    return std::visit(
        [&](const auto& node) -> Printed {
          using T = std::decay_t<decltype(node)>;
          *span = node.span;
          if constexpr (std::is_same_v<T, ast::Lexicon>) {
            *family = Family::kLexicon;
            return Lexicon(node, indent);
          } else if constexpr (std::is_same_v<T, ast::PatternDecl>) {
            *family = Family::kPattern;
            return PatternDecl(node, indent);
          } else if constexpr (std::is_same_v<T, ast::Section>) {
            *family = Family::kSection;
            return Section(node, indent);
          } else if constexpr (std::is_same_v<T, ast::Field>) {
            *family = Family::kField;
            return Field(node, indent);
          } else if constexpr (std::is_same_v<T, ast::ListDecl>) {
            *family = Family::kList;
            return List(node, indent);
          } else if constexpr (std::is_same_v<T, ast::ForLoop>) {
            *family = Family::kFor;
            return ForLoop(node, indent);
          } else if constexpr (std::is_same_v<T, ast::Require>) {
            *family = Family::kRule;
            return Require(node);
          } else if constexpr (std::is_same_v<T, ast::Check>) {
            *family = Family::kRule;
            return Check(node);
          } else if constexpr (std::is_same_v<T, ast::Order>) {
            *family = Family::kRule;
            return Order(node);
          } else {
            *family = Family::kTest;
            return Test(node, indent);
          }
        },
        item.node);
  }

  // `{` ... `}` around already printed lines; `{}` when there is nothing inside.
  static void Block(Printed& p, std::string head, std::vector<std::string> inner,
                    const std::vector<std::string>& end_comments) {
    for (const std::string& c : end_comments) inner.push_back(c);
    if (inner.empty()) {
      p.body.push_back(head + " {}");
      return;
    }
    p.body.push_back(head + " {");
    for (std::string& line : inner) p.body.push_back(line.empty() ? line : "  " + line);
    p.body.push_back("}");
  }

  Printed Header(const ast::Header& h) {
    Printed p;
    Leading(p, h.comments, h.doc);
    std::string head = "template " + h.name;
    if (!h.description.empty()) head += " " + Quote(h.description);
    std::vector<std::string> inner;
    auto item = [&](const std::string& text, const ast::Comments& comments) {
      Printed line;
      Leading(line, comments, "");
      line.body.push_back(text);
      Trailing(line, comments);
      Append(inner, line, 0);
    };
    auto list = [](const std::vector<std::string>& names) {
      std::string out;
      for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
      return out;
    };
    bool version_commented =
        !h.version_comments.before.empty() || !h.version_comments.after.empty();
    if (!h.version.empty() || version_commented) {
      item("version " + Quote(h.version), h.version_comments);
    }
    if (!h.languages.empty()) item("languages " + list(h.languages), h.languages_comments);
    if (!h.normalize.empty()) item("normalize " + list(h.normalize), h.normalize_comments);
    if (inner.empty()) {
      p.body.push_back(head);
    } else {
      Block(p, head, inner, {});
    }
    Trailing(p, h.comments);
    return p;
  }

  Printed Import(const ast::Import& import) {
    Printed p;
    Leading(p, import.comments, "");
    std::string line = "import " + (import.is_path ? Quote(import.module) : import.module);
    if (!import.alias.empty()) line += " as " + import.alias;
    p.body.push_back(line);
    Trailing(p, import.comments);
    return p;
  }

  Printed Lexicon(const ast::Lexicon& lex, int indent) {
    Printed p;
    Leading(p, lex.comments, lex.doc);
    size_t key_width = 0;
    for (const ast::LexiconEntry& e : lex.entries) key_width = std::max(key_width, e.key.size());
    std::vector<std::string> inner;
    for (size_t i = 0; i < lex.entries.size(); ++i) {
      const ast::LexiconEntry& e = lex.entries[i];
      if (i > 0 && BlankBetween(lex.entries[i - 1].span, e.span)) inner.push_back("");
      Printed entry;
      Leading(entry, e.comments, e.doc);
      std::string head = e.key + ":" + std::string(key_width - e.key.size() + 1, ' ');
      int phrase_column = indent + 2 + static_cast<int>(head.size());
      std::string line = head;
      for (size_t k = 0; k < e.phrases.size(); ++k) {
        std::string phrase = Quote(e.phrases[k]);
        if (k == 0) {
          line += phrase;
        } else if (Fits(indent + 2, line + " | " + phrase)) {
          line += " | " + phrase;
        } else {
          entry.body.push_back(line);
          line = std::string(phrase_column - indent - 4, ' ') + "| " + phrase;
        }
      }
      entry.body.push_back(line);
      Trailing(entry, e.comments);
      for (std::string& l : entry.leading) inner.push_back(l);
      for (std::string& l : entry.body) inner.push_back(l);
    }
    Block(p, "lexicon " + lex.name, inner, lex.end_comments);
    Trailing(p, lex.comments);
    return p;
  }

  Printed PatternDecl(const ast::PatternDecl& decl, int indent) {
    Printed p;
    Leading(p, decl.comments, decl.doc);
    p.body = Fill(fmt::format("pattern {} = ", decl.name), UnitsOf(decl.pattern), indent);
    Trailing(p, decl.comments);
    return p;
  }

  Printed Section(const ast::Section& s, int indent) {
    Printed p;
    Leading(p, s.comments, s.doc);
    std::string head = "section " + s.name;
    if (!s.title.empty()) head += " " + Quote(s.title);
    std::vector<std::string> inner;
    if (s.begin) {
      Printed begin;
      Leading(begin, s.begin_comments, "");
      begin.body = Fill(s.begin_policy == ast::BeginPolicy::kLast ? "begin last " : "begin ",
                        UnitsOf(*s.begin), indent + 2);
      Trailing(begin, s.begin_comments);
      Append(inner, begin, 0);
    }
    for (const ast::SectionBoundary& end : s.ends) {
      Printed e;
      Leading(e, end.comments, "");
      if (end.kind == ast::SectionBoundary::Kind::kBefore) {
        e.body.push_back("end before " + JoinNames(end.sections, ", "));
      } else {
        e.body = Fill("end ", UnitsOf(end.pattern), indent + 2);
      }
      Trailing(e, end.comments);
      Append(inner, e, 0);
    }
    for (const ast::SectionExclude& exclude : s.excludes) {
      Printed e;
      Leading(e, exclude.comments, "");
      e.body = Fill("exclude ", UnitsOf(exclude.pattern), indent + 2);
      Trailing(e, exclude.comments);
      Append(inner, e, 0);
    }
    if (!s.items.empty()) {
      if (!inner.empty()) inner.push_back("");
      std::vector<std::string> items;
      Items(items, s.items, indent + 2);
      for (std::string& line : items) inner.push_back(std::move(line));
    }
    Block(p, head, StripIndent(inner, indent + 2), s.end_comments);
    Trailing(p, s.comments);
    return p;
  }

  // Items() indents absolutely (it needs the column for width decisions); blocks hold
  // relative lines.
  static std::vector<std::string> StripIndent(std::vector<std::string> lines, int indent) {
    for (std::string& line : lines) {
      size_t n = 0;
      while (n < line.size() && n < static_cast<size_t>(indent) && line[n] == ' ') ++n;
      line.erase(0, n);
    }
    return lines;
  }

  Printed Field(const ast::Field& f, int indent) {
    Printed p;
    Leading(p, f.comments, f.doc);
    std::string head = fmt::format("field {}: {}", f.name.ToString(), TypeText(f.type));
    if (f.cardinality_written) head += f.cardinality == ast::Cardinality::kOne ? " one" : " many";
    if (f.policy_written) {
      switch (f.policy) {
        case ast::Policy::kFirst:
          head += " first";
          break;
        case ast::Policy::kLast:
          head += " last";
          break;
        case ast::Policy::kBest:
          head += " best";
          break;
        case ast::Policy::kAll:
          head += " all";
          break;
      }
    }
    if (f.condition) {
      head += fmt::format(" where @{} == {}", f.condition->capture, f.condition->field.ToString());
    }
    auto rule_units = [](const ast::Rule& r) {
      std::vector<std::vector<std::string>> units = UnitsOf(r.pattern);
      if (r.priority != 0) units.push_back({fmt::format("priority {}", r.priority)});
      return units;
    };
    if (f.rules.size() == 1 && f.rules[0].comments.before.empty()) {
      std::string line = head + " = " + Join(WordsOf(f.rules[0].pattern));
      if (f.rules[0].priority != 0) line += fmt::format(" priority {}", f.rules[0].priority);
      if (Fits(indent, line)) {
        p.body.push_back(line);
        Trailing(p, f.rules[0].comments);
        Trailing(p, f.comments);
        return p;
      }
    }
    p.body.push_back(head);
    for (const ast::Rule& r : f.rules) {
      Printed rule;
      Leading(rule, r.comments, "");
      rule.body = Fill("= ", rule_units(r), indent + 2);
      Trailing(rule, r.comments);
      Append(p.body, rule, 2);
    }
    Trailing(p, f.comments);
    return p;
  }

  Printed List(const ast::ListDecl& l, int indent) {
    Printed p;
    Leading(p, l.comments, l.doc);
    std::vector<std::vector<std::string>> units = UnitsOf(l.marker);
    if (l.title_end) {
      std::vector<std::string> title = WordsOf(*l.title_end);
      title.front() = "title until " + title.front();
      units.push_back(std::move(title));
    }
    p.body = Fill(fmt::format("list {} = ", l.name), units, indent);
    Trailing(p, l.comments);
    return p;
  }

  Printed ForLoop(const ast::ForLoop& loop, int indent) {
    Printed p;
    Leading(p, loop.comments, loop.doc);
    std::vector<std::string> items;
    Items(items, loop.items, indent + 2);
    Block(p, fmt::format("for {} in {}", loop.var, loop.lexicon.ToString()),
          StripIndent(items, indent + 2), loop.end_comments);
    Trailing(p, loop.comments);
    return p;
  }

  static std::string Options(ast::SeverityLevel severity, ast::SeverityLevel default_severity,
                             const std::string& message) {
    std::string out;
    if (severity != default_severity) {
      out += severity == ast::SeverityLevel::kError ? " severity error" : " severity warning";
    }
    if (!message.empty()) out += " message " + Quote(message);
    return out;
  }

  Printed Require(const ast::Require& r) {
    Printed p;
    Leading(p, r.comments, "");
    p.body.push_back("require " + JoinPaths(r.paths, ", ") +
                     Options(r.severity, ast::SeverityLevel::kError, r.message));
    Trailing(p, r.comments);
    return p;
  }

  Printed Check(const ast::Check& c) {
    Printed p;
    Leading(p, c.comments, "");
    std::string subject = c.function.empty() ? c.path.ToString()
                                             : fmt::format("{}({})", c.function, c.path.ToString());
    std::string condition =
        c.kind == ast::Check::Kind::kHasQualifier
            ? "has qualifier"
            : fmt::format("in {}..{}", FormatNumber(c.low), FormatNumber(c.high));
    p.body.push_back(fmt::format("check {} {}{}", subject, condition,
                                 Options(c.severity, ast::SeverityLevel::kWarning, c.message)));
    Trailing(p, c.comments);
    return p;
  }

  Printed Order(const ast::Order& o) {
    Printed p;
    Leading(p, o.comments, "");
    p.body.push_back("order " + JoinNames(o.sections, ", ") +
                     Options(o.severity, ast::SeverityLevel::kWarning, o.message));
    Trailing(p, o.comments);
    return p;
  }

  static std::string ExpectationText(const ast::Expectation& e) {
    if (e.absent) return "no " + e.PathText();
    return fmt::format("{} == {}", e.PathText(),
                       e.expected_is_string ? Quote(e.expected) : e.expected);
  }

  Printed Test(const ast::Test& t, int indent) {
    Printed p;
    Leading(p, t.comments, t.doc);
    std::string head = "test " + Quote(t.input);
    if (t.section) head += " in " + t.section->ToString();
    if (t.expectations.size() == 1 && t.end_comments.empty() &&
        t.expectations[0].comments.before.empty() && t.expectations[0].comments.after.empty()) {
      std::string line = fmt::format("{} {{ {} }}", head, ExpectationText(t.expectations[0]));
      if (Fits(indent, line)) {
        p.body.push_back(line);
        Trailing(p, t.comments);
        return p;
      }
    }
    std::vector<std::string> inner;
    for (size_t i = 0; i < t.expectations.size(); ++i) {
      const ast::Expectation& e = t.expectations[i];
      if (i > 0 && BlankBetween(t.expectations[i - 1].span, e.span)) inner.push_back("");
      Printed line;
      Leading(line, e.comments, "");
      line.body.push_back(ExpectationText(e));
      Trailing(line, e.comments);
      Append(inner, line, 0);
    }
    Block(p, head, inner, t.end_comments);
    Trailing(p, t.comments);
    return p;
  }

  const Source* source_;
};

// ---- S-expression dump -------------------------------------------------------------------

class Dumper {
 public:
  explicit Dumper(const DumpOptions& options) : options_(options) {}

  std::string Module(const ast::Module& m) {
    out_ = "(module";
    if (m.header) {
      const ast::Header& h = *m.header;
      Open(1, "header " + h.name, h.span);
      if (!h.description.empty()) Put(" ", Quote(h.description));
      if (!h.version.empty()) Put(" (version ", Quote(h.version), ")");
      if (!h.languages.empty()) Put(" (languages", Words(h.languages), ")");
      if (!h.normalize.empty()) Put(" (normalize", Words(h.normalize), ")");
      Doc(h.doc);
      out_ += ")";
    }
    for (const ast::Import& i : m.imports) {
      Open(1, "import " + (i.is_path ? Quote(i.module) : i.module), i.span);
      if (!i.alias.empty()) Put(" (as ", i.alias, ")");
      out_ += ")";
    }
    for (const ast::Item& item : m.items) Item(item, 1);
    out_ += ")\n";
    return std::move(out_);
  }

  std::string Pattern(const ast::Pattern& p) {
    using K = ast::PatternKind;
    std::string s;
    switch (p.kind) {
      case K::kLiteral:
        s = Quote(p.text);
        break;
      case K::kClass:
        s = Class(p.cls);
        break;
      case K::kAny:
        s = "any";
        break;
      case K::kGap:
        s = fmt::format("(gap {} {}{})", p.min, p.max,
                        p.gap_kind == ast::GapKind::kSentence ? " sentence" : "");
        break;
      case K::kAnchor:
        s = AnchorName(p.anchor);
        break;
      case K::kSequence:
        s = "(seq" + Children(p) + ")";
        break;
      case K::kAlternation:
        s = "(alt" + Children(p) + ")";
        break;
      case K::kRepeat:
        s = fmt::format("(repeat {} {}{})", p.min, p.max == -1 ? "inf" : std::to_string(p.max),
                        Children(p));
        break;
      case K::kRef:
        s = "(ref " + p.ref.ToString();
        if (!p.resolved.empty()) {
          s += " => " + p.resolved;
          if (!p.resolved_key.empty()) s += "." + p.resolved_key;
        }
        s += ")";
        break;
      case K::kCapture:
        s = "(capture " + p.capture_name;
        if (!p.capture_type.empty()) s += " :" + TypeText(p.capture_type);
        s += Children(p) + ")";
        break;
    }
    if (options_.spans) s += SpanText(p.span);
    return s;
  }

 private:
  static std::string Words(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& w : words) out += " " + w;
    return out;
  }

  std::string SpanText(SourceSpan span) const {
    return options_.spans ? fmt::format("@{}-{}", span.begin, span.end) : "";
  }

  template <typename... Parts>
  void Put(const Parts&... parts) {
    (out_.append(std::string_view(parts)), ...);
  }

  // Starts `(head` on a new line at `depth`.
  void Open(int depth, const std::string& head, SourceSpan span) {
    Put("\n", std::string(2 * depth, ' '), "(", head, SpanText(span));
  }

  void Doc(const std::string& doc) {
    if (!doc.empty()) Put(" (doc ", Quote(doc), ")");
  }

  std::string Children(const ast::Pattern& p) {
    std::string out;
    for (const ast::Pattern& c : p.children) {
      out += ' ';
      out += Pattern(c);
    }
    return out;
  }

  static std::string CodePoint(char32_t c) {
    return fmt::format("U+{:04X}", static_cast<uint32_t>(c));
  }

  static std::string Class(const ast::CharClass& cls) {
    std::string out = "(class";
    if (cls.negated) out += " ^";
    for (auto [lo, hi] : cls.ranges) {
      out += " " + CodePoint(lo);
      if (hi != lo) out += "-" + CodePoint(hi);
    }
    for (const std::string& p : cls.properties) out += " \\p{" + p + "}";
    for (const std::string& p : cls.negated_properties) out += " \\P{" + p + "}";
    return out + ")";
  }

  static std::string Severity(ast::SeverityLevel s) {
    return s == ast::SeverityLevel::kError ? "error" : "warning";
  }

  void Items(const std::vector<ast::Item>& items, int depth) {
    for (const ast::Item& item : items) Item(item, depth);
  }

  void Item(const ast::Item& item, int depth) {
    std::visit([&](const auto& node) { Node(node, depth); }, item.node);
  }

  void Node(const ast::Lexicon& lex, int depth) {
    Open(depth, "lexicon " + lex.name, lex.span);
    Doc(lex.doc);
    for (const ast::LexiconEntry& e : lex.entries) {
      Open(depth + 1, "entry " + e.key, e.span);
      for (const std::string& phrase : e.phrases) Put(" ", Quote(phrase));
      Doc(e.doc);
      out_ += ")";
    }
    out_ += ")";
  }

  void Node(const ast::PatternDecl& d, int depth) {
    Open(depth, "pattern " + d.name, d.span);
    Put(" ", Pattern(d.pattern));
    Doc(d.doc);
    out_ += ")";
  }

  void Node(const ast::Section& s, int depth) {
    Open(depth, "section " + s.name, s.span);
    if (!s.title.empty()) Put(" ", Quote(s.title));
    Doc(s.doc);
    if (s.begin) {
      out_ += fmt::format(" (begin {}{})", s.begin_policy == ast::BeginPolicy::kLast ? "last " : "",
                          Pattern(*s.begin));
    }
    for (const ast::SectionBoundary& end : s.ends) {
      if (end.kind == ast::SectionBoundary::Kind::kBefore) {
        out_ += " (end-before";
        for (const ast::Name& n : end.sections) Put(" ", n.ToString());
        out_ += ")";
      } else {
        Put(" (end ", Pattern(end.pattern), ")");
      }
    }
    for (const ast::SectionExclude& exclude : s.excludes) {
      Put(" (exclude ", Pattern(exclude.pattern), ")");
    }
    Items(s.items, depth + 1);
    out_ += ")";
  }

  void Node(const ast::Field& f, int depth) {
    Open(depth,
         fmt::format("field {} :{} {} {}", f.name.ToString(), TypeText(f.type),
                     f.cardinality == ast::Cardinality::kOne ? "one" : "many",
                     f.policy == ast::Policy::kFirst  ? "first"
                     : f.policy == ast::Policy::kLast ? "last"
                     : f.policy == ast::Policy::kBest ? "best"
                                                      : "all"),
         f.span);
    if (f.condition) {
      out_ += fmt::format(" (where @{} {})", f.condition->capture,
                          f.condition->field.ToString());
    }
    Doc(f.doc);
    for (const ast::Rule& r : f.rules) {
      Open(depth + 1, "rule", r.span);
      if (r.priority != 0) out_ += fmt::format(" (priority {})", r.priority);
      Put(" ", Pattern(r.pattern), ")");
    }
    out_ += ")";
  }

  void Node(const ast::ListDecl& l, int depth) {
    Open(depth, "list " + l.name, l.span);
    Put(" ", Pattern(l.marker));
    if (l.title_end) Put(" (title-until ", Pattern(*l.title_end), ")");
    Doc(l.doc);
    out_ += ")";
  }

  void Node(const ast::ForLoop& loop, int depth) {
    Open(depth, fmt::format("for {} {}", loop.var, loop.lexicon.ToString()), loop.span);
    Doc(loop.doc);
    Items(loop.items, depth + 1);
    out_ += ")";
  }

  void Options(ast::SeverityLevel severity, const std::string& message) {
    Put(" ", Severity(severity));
    if (!message.empty()) Put(" (message ", Quote(message), ")");
  }

  void Node(const ast::Require& r, int depth) {
    Open(depth, "require", r.span);
    for (const ast::Path& p : r.paths) Put(" ", p.ToString());
    Options(r.severity, r.message);
    out_ += ")";
  }

  void Node(const ast::Check& c, int depth) {
    Open(depth, "check", c.span);
    out_ += c.function.empty() ? " " + c.path.ToString()
                               : fmt::format(" ({} {})", c.function, c.path.ToString());
    if (c.kind == ast::Check::Kind::kHasQualifier) {
      out_ += " has-qualifier";
    } else {
      out_ += fmt::format(" (in {} {})", FormatNumber(c.low), FormatNumber(c.high));
    }
    Options(c.severity, c.message);
    out_ += ")";
  }

  void Node(const ast::Order& o, int depth) {
    Open(depth, "order", o.span);
    for (const ast::Name& n : o.sections) Put(" ", n.ToString());
    Options(o.severity, o.message);
    out_ += ")";
  }

  void Node(const ast::Test& t, int depth) {
    Open(depth, "test " + Quote(t.input), t.span);
    if (t.section) Put(" (in ", t.section->ToString(), ")");
    Doc(t.doc);
    for (const ast::Expectation& e : t.expectations) {
      if (e.absent) {
        Open(depth + 1, "no " + e.PathText(), e.span);
      } else {
        Open(depth + 1,
             fmt::format("== {} {}", e.PathText(),
                         e.expected_is_string ? Quote(e.expected) : e.expected),
             e.span);
      }
      out_ += ")";
    }
    out_ += ")";
  }

  const DumpOptions& options_;
  std::string out_;
};

}  // namespace

std::string FormatModule(const ast::Module& module, const SourceManager& sources) {
  const Source* source = module.file < sources.size() ? &sources.Get(module.file) : nullptr;
  return Formatter(source).Module(module);
}

std::string DumpAst(const ast::Module& module) { return DumpAst(module, DumpOptions{}); }

std::string DumpAst(const ast::Module& module, const DumpOptions& options) {
  return Dumper(options).Module(module);
}

std::string DumpPattern(const ast::Pattern& pattern) {
  DumpOptions options;
  return Dumper(options).Pattern(pattern);
}

}  // namespace rptc
