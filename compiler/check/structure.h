// The structure pass: sections, fields and lists of every module, with `for` loops expanded.
//
// Sections get indices in declaration order (parents before children); each field rule and
// section boundary is resolved with the loop variables of its place. Paths in conformance rules,
// tests, `order` and `end before` are only recorded here (with loop variables substituted) and
// resolved by CheckConformance() once every section and field exists, since declarations may
// come in any order. Reports E0406 (two sibling sections with one name), E0102 (a field or list
// twice in a section), E0201 (a field type), E0101 (an unknown loop variable) and E0108 (a loop
// expansion beyond the budget).
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/check/context.h"

namespace rptc::check::internal {

// Pattern nodes and items `for` loops may create in one template.
inline constexpr size_t kMaxExpansion = 200000;

// A path with loop variables substituted; an unbound `{key}` stays as written (it names a keyed
// field's template).
struct PendingPath {
  std::vector<std::string> parts;
  std::vector<SourceSpan> spans;  // per part
  SourceSpan span;
  std::string Text() const;
};

struct PendingRequire {
  PendingPath path;
  uint32_t scope = rt::kNoPos;  // the section the rule is written in
  const ast::Require* decl = nullptr;
};

struct PendingCheck {
  PendingPath path;
  uint32_t scope = rt::kNoPos;
  const ast::Check* decl = nullptr;
};

struct PendingOrder {
  std::vector<PendingPath> sections;
  uint32_t scope = rt::kNoPos;
  const ast::Order* decl = nullptr;
};

struct PendingEndBefore {
  uint32_t section = 0;
  PendingPath name;
};

struct PendingTest {
  const ast::Test* decl = nullptr;
  uint32_t scope = rt::kNoPos;
  uint32_t module = 0;
  std::optional<PendingPath> in;
  std::vector<PendingPath> paths;  // parallel to decl->expectations
};

// Conformance rules in declaration order, which is the order reports list them in.
using PendingRule = std::variant<PendingRequire, PendingCheck, PendingOrder>;

struct Structure {
  std::vector<PendingRule> rules;
  std::vector<PendingEndBefore> end_befores;
  std::vector<PendingTest> tests;
  std::vector<uint32_t> field_module;       // parallel to ctx.out.fields
  std::vector<std::string> field_written;   // the name as written ("{key}_growth"), for messages
                                            // that one written field repeats for every key
  // Parallel to ctx.out.fields: the field's `where` as written and its path with loop variables
  // substituted, resolved by CheckConditions() once every field exists.
  struct PendingCondition {
    const ast::FieldCondition* decl = nullptr;
    PendingPath path;
  };
  std::vector<std::optional<PendingCondition>> field_condition;
};

void BuildStructure(CheckContext& ctx, Structure& structure);

}  // namespace rptc::check::internal
