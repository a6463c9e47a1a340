// The template AST: plain, copyable structs built by compiler/parse from the ANTLR parse tree.
//
// Every node carries a SourceSpan (file index + byte range); line:column come from the
// SourceManager. No ANTLR type appears here. The checker never rebuilds the tree: it resolves
// names into side tables and expands `for` loops into a checked module (compiler/check).
// Printed form: ast_printer.h (the canonical `rptc fmt` style, and the S-expression dump).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/source/source.h"

namespace rptc::ast {

// A dotted name as written: `std.values.money`, `indicator.gdp`, `indicator.{key}`.
// A part written `{key}` is stored with its braces ("{key}") and is a loop-variable reference.
struct Name {
  std::vector<std::string> parts;
  SourceSpan span;
  std::string ToString() const;  // parts joined with '.'
};

// A field name or path segment that may interpolate a variable: `{key}_growth` is
// [{kVar,"key"}, {kText,"_growth"}]. A plain name is one kText piece.
struct NamePiece {
  enum class Kind { kText, kVar };
  Kind kind = Kind::kText;
  std::string text;
};
struct NameTemplate {
  std::vector<NamePiece> pieces;
  SourceSpan span;
  std::string ToString() const;  // `{key}_growth`
  bool has_vars() const;
};

// A capture's type as written: `money`, `indicator`, `std.qualifiers.qualifier`, `list(money)`.
struct TypeRef {
  Name name;            // empty parts = untyped capture (text)
  bool is_list = false;  // list(T): "respectively" lists, distributed pairwise
  SourceSpan span;
  bool empty() const { return name.parts.empty(); }
};

// Comments kept for `rptc fmt` (ast_printer.h); every other stage ignores them. `before` holds
// the `//` and `/* */` comments on the lines before a node (and any inside it that no child
// claimed), each as written; `after` the one comment that ends the node's last line. Doc
// comments (`///`) go to the node's `doc` instead, or become plain comments where it has none.
struct Comments {
  std::vector<std::string> before;
  std::string after;
};

// Character class `[0-9.]`, `[^,。]`, `[\p{Han}]`; ranges are code points, properties are Unicode
// property names accepted by ICU (`Han`, `L`, `Nd`), negated ones listed separately.
struct CharClass {
  bool negated = false;
  std::vector<std::pair<char32_t, char32_t>> ranges;
  std::vector<std::string> properties;
  std::vector<std::string> negated_properties;
};

enum class PatternKind {
  kLiteral,      // "增长": UTF-8 text; Latin letters match case-insensitively
  kClass,        // [...]
  kAny,          // any: one code point that is not a clause or sentence boundary
  kGap,          // gap(min..max[, sentence]): code points that never cross the boundary kind
  kAnchor,       // line_start | para_start | sentence_start | clause_start | boundary
  kSequence,     // children in order
  kAlternation,  // children, first listed preferred (leftmost-first)
  kRepeat,       // child{min,max}, child? ; max == -1 means unbounded (rejected by the checker)
  kRef,          // a named pattern, a lexicon, lexicon.key or lexicon.{var}
  kCapture,      // @name[:type][(child)]
};

enum class GapKind { kClause, kSentence };
enum class AnchorKind { kLineStart, kParaStart, kSentenceStart, kClauseStart, kWordBoundary };

struct Pattern {
  PatternKind kind = PatternKind::kSequence;
  SourceSpan span;
  std::string text;   // kLiteral: unescaped UTF-8; kClass: the class as written
  CharClass cls;      // kClass
  int min = 0;        // kGap, kRepeat
  int max = 0;        // kGap, kRepeat; -1 = unbounded
  GapKind gap_kind = GapKind::kClause;
  AnchorKind anchor = AnchorKind::kLineStart;
  Name ref;                     // kRef
  std::string capture_name;     // kCapture
  TypeRef capture_type;         // kCapture (may be empty)
  // Filled by the checker (compiler/check): what a kRef names, as a qualified name
  // ("gwr.indicator", "std.values.money"), and for kLexicon with a key, which key.
  enum class RefKind { kUnresolved, kPattern, kLexicon };
  RefKind ref_kind = RefKind::kUnresolved;
  std::string resolved;         // kRef: qualified pattern or lexicon name
  std::string resolved_key;     // kRef to one lexicon key (after loop expansion); "" = all keys
  std::vector<Pattern> children;  // kSequence/kAlternation: items; kRepeat: 1; kCapture: 0 or 1
};

struct Header {
  SourceSpan span;
  std::string name;
  std::string description;
  std::string version;
  std::vector<std::string> languages;   // zh, en
  std::vector<std::string> normalize;   // nfkc, hant_to_hans
  std::string doc;
  Comments comments;  // for `rptc fmt`
  // Of the `version`, `languages` and `normalize` lines, for `rptc fmt`.
  Comments version_comments, languages_comments, normalize_comments;
};

struct Import {
  SourceSpan span;
  bool is_path = false;  // import "common/units.rpt" (true) or import std.values (false)
  std::string module;    // "std.values" or the path as written
  std::string alias;     // `as NAME`; empty = last component of the module name / file stem
  Comments comments;  // for `rptc fmt`
};

struct LexiconEntry {
  SourceSpan span;
  std::string key;
  std::vector<std::string> phrases;        // unescaped UTF-8
  std::vector<SourceSpan> phrase_spans;
  std::string doc;
  Comments comments;  // for `rptc fmt`
};

struct Lexicon {
  SourceSpan span;
  std::string name;
  std::vector<LexiconEntry> entries;
  std::string doc;
  Comments comments;  // for `rptc fmt`
  std::vector<std::string> end_comments;  // before the closing brace, for `rptc fmt`
};

struct PatternDecl {
  SourceSpan span;
  std::string name;
  Pattern pattern;
  std::string doc;
  Comments comments;  // for `rptc fmt`
};

enum class Cardinality { kOne, kMany };
enum class Policy { kFirst, kLast, kBest, kAll };

struct Rule {
  SourceSpan span;
  Pattern pattern;
  int priority = 0;  // `priority N`; higher wins under `best`; default: earlier rules win ties
  Comments comments;  // for `rptc fmt`
};

// A reference to a section or field: `review`, `targets.gdp_growth`, `review.{key}_growth`.
struct Path {
  std::vector<NameTemplate> parts;
  SourceSpan span;
  std::string ToString() const;
};

// `where @CAPTURE == PATH`: a candidate whose capture is set and differs from the value of the
// field PATH names is dropped ("2019年…185亿元,2020年…" in a review of 2020).
struct FieldCondition {
  SourceSpan span;
  std::string capture;       // without the `@`
  SourceSpan capture_span;
  Path field;
};

// field NAME: TYPE [one|many] [first|last|best|all] [where @C == PATH]
//   = PATTERN [priority N] (= PATTERN ...)*
struct Field {
  SourceSpan span;
  NameTemplate name;
  TypeRef type;
  Cardinality cardinality = Cardinality::kOne;
  bool cardinality_written = false;
  Policy policy = Policy::kFirst;
  bool policy_written = false;
  std::optional<FieldCondition> condition;
  std::vector<Rule> rules;
  std::string doc;
  Comments comments;  // for `rptc fmt`
};

// list NAME = MARKER [title until PATTERN]
struct ListDecl {
  SourceSpan span;
  std::string name;
  Pattern marker;
  std::optional<Pattern> title_end;
  std::string doc;
  Comments comments;  // for `rptc fmt`
};

enum class SeverityLevel { kError, kWarning };

struct Require {
  SourceSpan span;
  std::vector<Path> paths;
  SeverityLevel severity = SeverityLevel::kError;
  std::string message;
  Comments comments;  // for `rptc fmt`
};

// check PATH in LO..HI | check sum(PATH) in LO..HI | check PATH has qualifier
struct Check {
  SourceSpan span;
  enum class Kind { kRange, kHasQualifier };
  Kind kind = Kind::kRange;
  std::string function;  // "" or "sum"
  Path path;
  double low = 0, high = 0;
  SeverityLevel severity = SeverityLevel::kWarning;
  std::string message;
  Comments comments;  // for `rptc fmt`
};

// order A, B, C: sections, when present, appear in this order.
struct Order {
  SourceSpan span;
  std::vector<Name> sections;
  SeverityLevel severity = SeverityLevel::kWarning;
  std::string message;
  Comments comments;  // for `rptc fmt`
};

// One line of a test body: `PATH == "431.8亿元"`, `PATH == 2.5`, `no PATH`, and for lists
// `LIST.count == 2`, `no LIST`, `LIST[0].title == "稳增长"` (whether PATH names a field or a list
// is the checker's business: fields and lists share their section's names).
struct Expectation {
  SourceSpan span;
  Path path;
  // `PATH[N]` / `PATH[N].FIELD`: item N (0-based, as in the report's JSON array) of the list PATH
  // names, and which of the item's fields (title, index, marker) the expectation compares.
  std::optional<int> item;
  SourceSpan item_span;                    // the `[N]`
  std::optional<NameTemplate> item_field;
  bool absent = false;          // `no PATH`
  std::string expected;         // the literal as written (string contents, or number text)
  bool expected_is_string = true;
  Comments comments;  // for `rptc fmt`
  std::string PathText() const;  // `tasks.items[0].title`: the path as written
};

// test "INPUT" [in SECTION] { expectations }
struct Test {
  SourceSpan span;
  std::string input;
  std::optional<Name> section;
  std::vector<Expectation> expectations;
  std::string doc;
  Comments comments;  // for `rptc fmt`
  std::vector<std::string> end_comments;  // before the closing brace, for `rptc fmt`
};

struct Section;
struct ForLoop;
struct Item;

struct SectionBoundary {
  SourceSpan span;
  enum class Kind { kPattern, kBefore };
  Kind kind = Kind::kPattern;
  Pattern pattern;                 // kPattern: `end PATTERN`
  std::vector<Name> sections;      // kBefore: `end before targets, tasks`
  Comments comments;  // for `rptc fmt`
};

// `exclude PATTERN`: spans of the section where its rules and lists find nothing.
struct SectionExclude {
  SourceSpan span;
  Pattern pattern;
  Comments comments;  // for `rptc fmt`
};

enum class BeginPolicy { kFirst, kLast };

struct Section {
  SourceSpan span;
  std::string name;
  std::string title;  // optional display title string
  std::optional<Pattern> begin;
  BeginPolicy begin_policy = BeginPolicy::kFirst;
  std::vector<SectionBoundary> ends;
  std::vector<SectionExclude> excludes;
  std::vector<Item> items;
  std::string doc;
  Comments comments;  // for `rptc fmt`
  std::vector<std::string> end_comments;  // before the closing brace, for `rptc fmt`
  Comments begin_comments;  // of the `begin` clause, for `rptc fmt`
};

// for VAR in LEXICON { items }: expanded once per lexicon key by the checker.
struct ForLoop {
  SourceSpan span;
  std::string var;
  Name lexicon;
  std::vector<Item> items;
  std::string doc;  // `///` before `for`: documents the fields it expands to
  Comments comments;  // for `rptc fmt`
  std::vector<std::string> end_comments;  // before the closing brace, for `rptc fmt`
};

struct Item {
  std::variant<Lexicon, PatternDecl, Section, Field, ListDecl, ForLoop, Require, Check, Order,
               Test>
      node;
};

struct Module {
  uint32_t file = 0;  // SourceManager index
  std::optional<Header> header;
  std::vector<Import> imports;
  std::vector<Item> items;
  std::vector<std::string> end_comments;  // after the last declaration, for `rptc fmt`
};

}  // namespace rptc::ast
