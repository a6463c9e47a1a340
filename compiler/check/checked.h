// The checker's output: a resolved, flat view of a template and everything it imports.
//
// Check() (checker.h) loads imports, resolves every name, expands `for` loops, assigns types and
// reports every user error with a span. What it returns is complete and consistent: lowering
// (compiler/lower) cannot fail on it. Patterns are copies of the AST patterns whose kRef nodes
// have ref_kind/resolved/resolved_key filled and whose loop variables are substituted.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "runtime/program.h"

namespace rptc::check {

// A capture's or field's resolved type.
struct Type {
  rt::ValueType value = rt::ValueType::kText;
  std::string lexicon;  // qualified lexicon name when value == kKey
  bool is_list = false;
};

struct LexiconDef {
  std::string qualified;  // "gwr.indicator", "std.qualifiers.qualifier"
  ast::Lexicon decl;
};

struct PatternDef {
  std::string qualified;  // "std.values.money"
  ast::Pattern pattern;   // resolved
  SourceSpan span;
};

struct SectionDef {
  std::string name;
  uint32_t parent = rt::kNoPos;   // index into CheckedTemplate::sections
  std::optional<ast::Pattern> begin;  // resolved
  bool begin_last = false;
  std::vector<ast::Pattern> ends;     // resolved
  std::vector<ast::Pattern> excludes;  // resolved
  std::vector<uint32_t> end_before;   // section indices
  std::string doc;
  SourceSpan span;
};

struct RuleDef {
  ast::Pattern pattern;  // resolved, loop variables substituted
  int priority = 0;
  SourceSpan span;
};

struct FieldDef {
  std::string name;              // concrete ("gdp_growth"), or a template when keyed ("{key}_growth")
  bool keyed = false;            // the name is filled from the `key` capture at run time
  // keyed: the lexicons the rules' `key` captures resolve in, each once, in rule order. Rules
  // may draw keys from different lexicons (indicators in one, incomes in another); the field's
  // concrete names are then the union of their keys.
  std::vector<std::string> key_lexicons;
  uint32_t section = rt::kNoPos;
  Type type;
  rt::Cardinality cardinality = rt::Cardinality::kOne;
  rt::Policy policy = rt::Policy::kFirst;
  std::vector<RuleDef> rules;
  // `where @capture == FIELD`, resolved (compiler/check/conditions.h): candidates whose capture
  // differs from the chosen value of `field` are dropped.
  struct Condition {
    std::string capture;
    uint32_t field = rt::kNoPos;  // index into CheckedTemplate::fields
  };
  std::optional<Condition> condition;
  std::string doc;
  SourceSpan span;
};

struct ListDef {
  std::string name;
  uint32_t section = rt::kNoPos;
  ast::Pattern marker;                   // resolved
  std::optional<ast::Pattern> title_end;  // resolved
  std::string doc;
  SourceSpan span;
};

struct ConstraintDef {
  rt::Constraint::Kind kind = rt::Constraint::Kind::kRequireSection;
  rt::Severity severity = rt::Severity::kError;
  uint32_t section = rt::kNoPos;
  std::string field;               // concrete field name (loop variables substituted)
  std::vector<uint32_t> order;
  double low = 0, high = 0;
  std::string message;
  std::string label;               // the rule as written, for reports
  SourceSpan span;
};

// The fields of a list item an expectation can compare (`tasks.items[0].title`); the names
// are those of the item's members in the report's JSON.
enum class ItemField { kTitle, kIndex, kMarker };

struct ExpectationDef {
  // What is compared: a field's values; the number of a list's items (`LIST.count == N`, and
  // `no LIST`, which is absent with kListCount); or one field of one item (`LIST[N].title`).
  enum class Kind { kField, kListCount, kListItem };
  Kind kind = Kind::kField;
  uint32_t section = rt::kNoPos;  // kNoPos: document level
  std::string field;              // kField
  uint32_t list = rt::kNoPos;     // kListCount, kListItem: index into CheckedTemplate::lists
  int item = 0;                   // kListItem: 0-based, as in the report's JSON array
  ItemField item_field = ItemField::kTitle;  // kListItem
  bool absent = false;
  std::string expected;
  bool expected_is_string = true;
  Type type;                      // the field's type, to parse `expected` (kNumber for counts
                                  // and item indices, kText for titles and markers)
  SourceSpan span;
};

struct TestDef {
  std::string input;
  uint32_t section = rt::kNoPos;  // `in SECTION`, or kNoPos for a whole document
  std::vector<ExpectationDef> expectations;
  SourceSpan span;
  uint32_t module = 0;            // which module declared it (tests of imports run too)
};

struct CheckedTemplate {
  ast::Header header;
  std::vector<ast::Module> modules;  // the root first, then imports in load order
  std::vector<LexiconDef> lexicons;
  std::vector<PatternDef> patterns;
  std::vector<SectionDef> sections;
  std::vector<FieldDef> fields;
  std::vector<ListDef> lists;
  std::vector<ConstraintDef> constraints;
  std::vector<TestDef> tests;
  std::map<std::string, uint32_t> lexicon_index;  // qualified name -> index
  std::map<std::string, uint32_t> pattern_index;  // qualified name -> index
};

}  // namespace rptc::check
