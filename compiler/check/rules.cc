#include "compiler/check/rules.h"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/check/types.h"

namespace rptc::check::internal {
namespace {

class RuleChecker {
 public:
  RuleChecker(CheckContext& ctx, const PatternGraph& graph, const Structure& structure)
      : ctx_(ctx), graph_(graph), structure_(structure) {}

  void Run() {
    for (uint32_t f = 0; f < ctx_.out.fields.size(); ++f) Field(f);
    for (const SectionDef& section : ctx_.out.sections) {
      if (section.begin) {
        NotEmpty(*section.begin, fmt::format("the begin pattern of section '{}'", section.name));
      }
      for (const ast::Pattern& end : section.ends) {
        NotEmpty(end, fmt::format("an end pattern of section '{}'", section.name));
      }
      for (const ast::Pattern& exclude : section.excludes) {
        NotEmpty(exclude, fmt::format("an exclude pattern of section '{}'", section.name));
      }
    }
    for (const ListDef& list : ctx_.out.lists) {
      NotEmpty(list.marker, fmt::format("the marker of list '{}'", list.name));
      if (list.title_end) {
        NotEmpty(*list.title_end, fmt::format("the title end of list '{}'", list.name));
      }
    }
  }

 private:
  void NotEmpty(const ast::Pattern& pattern, const std::string& what) {
    if (!graph_.Nullable(pattern)) return;
    ctx_.report.Error(pattern.span, "E0306",
                      fmt::format("{} can match the empty string, so it matches everywhere", what),
                      "make at least one part of it required");
  }

  static bool SameType(const Type& a, const Type& b) {
    return a.value == b.value && a.lexicon == b.lexicon && a.is_list == b.is_list;
  }

  // Captures with one name in one rule share one pair of slots, and the automaton builder gives
  // the slot the type of the first capture it meets (compiler/automaton/nfa_builder.cc), so the
  // runtime would read a later capture of another type as the first one's type and fail (E0208).
  // `captures` is in that order, each name/type once.
  void SameTypePerName(const std::vector<CaptureInfo>& captures, uint32_t module, size_t rule,
                       const std::string& field) {
    std::vector<const CaptureInfo*> firsts;
    for (const CaptureInfo& c : captures) {
      // A capture whose type did not resolve was reported (E0201).
      if (c.type.value == rt::ValueType::kKey && !ctx_.out.lexicon_index.count(c.type.lexicon)) {
        continue;
      }
      const CaptureInfo* first = nullptr;
      for (const CaptureInfo* f : firsts) {
        if (f->name == c.name) first = f;
      }
      if (!first) {
        firsts.push_back(&c);
        continue;
      }
      if (SameType(first->type, c.type)) continue;
      std::string type = TypeDisplay(ctx_, c.type, module);
      std::string first_type = TypeDisplay(ctx_, first->type, module);
      Diagnostic& d = ctx_.report.Error(
          c.span, "E0208",
          fmt::format("capture '@{0}' is {1} {2} here, but an earlier '@{0}' capture in the same "
                      "rule is {3} {4}",
                      c.name, Article(type), type, Article(first_type), first_type),
          fmt::format("captures with one name share one value in a rule, read as the first "
                      "one's type ({}); use the same type in every alternative, or name the "
                      "captures differently",
                      first_type));
      d.notes.emplace_back(first->span,
                           fmt::format("the first '@{}' capture, {} {}", first->name,
                                       Article(first_type), first_type));
      // A capture inside a named pattern: show where the rule uses the pattern.
      if (!first->direct) {
        d.notes.emplace_back(first->via, fmt::format("the {} capture is reached through this "
                                                     "reference, in rule {} of field '{}'",
                                                     first_type, rule + 1, field));
      }
      if (!c.direct) {
        d.notes.emplace_back(c.via, fmt::format("the {} capture is reached through this "
                                                "reference, in rule {} of field '{}'",
                                                type, rule + 1, field));
      }
    }
  }

  // A `negative` @sign negates the values of the match, but only numeric values with a
  // magnitude (runtime/report/fields.cc, Negate): a year, date, rank, text or key is left as
  // written, so a @sign beside such a @value does nothing (W0201).
  void SignHasEffect(const std::vector<CaptureInfo>& captures, const CaptureInfo* value,
                     const Type& field_type, uint32_t module, size_t rule,
                     const std::string& field) {
    if (!value) return;
    // The runtime reads a `number` capture as the field's type when the field has a number
    // (ParseFor), so `@value:number` in a rank field is a rank.
    Type element = value->type;
    element.is_list = false;
    if (element.value == rt::ValueType::kNumber && field_type.value != rt::ValueType::kText &&
        field_type.value != rt::ValueType::kKey) {
      element.value = field_type.value;
    }
    switch (element.value) {
      case rt::ValueType::kNumber:
      case rt::ValueType::kMoney:
      case rt::ValueType::kPercent:
      case rt::ValueType::kPoints:
      case rt::ValueType::kCount:
      case rt::ValueType::kRatio:
        return;
      case rt::ValueType::kKey:
        if (!ctx_.out.lexicon_index.count(value->type.lexicon)) return;  // E0201
        break;
      default:
        break;
    }
    for (const CaptureInfo& c : captures) {
      if (c.name != "sign") continue;
      // Anything but one known lexicon was reported (E0207, E0201).
      if (c.type.value != rt::ValueType::kKey || c.type.is_list ||
          !ctx_.out.lexicon_index.count(c.type.lexicon)) {
        return;
      }
      std::string type = TypeDisplay(ctx_, element, module);
      ctx_.report
          .Warning(c.span, "W0201",
                   fmt::format("@sign has no effect in rule {} of field '{}': {} {} value is "
                               "never negated",
                               rule + 1, field, Article(type), type),
                   "a fall negates numbers, money, percents, points, counts and ratios only; "
                   "remove @sign from this rule, or capture the value as one of those types")
          .notes.emplace_back(value->span,
                              element.value == value->type.value
                                  ? fmt::format("the @value capture, {} {}", Article(type), type)
                                  : fmt::format("the @value capture: a number in {} {} field "
                                                "is read as {} {}",
                                                Article(type), type, Article(type), type));
      return;
    }
  }

  void Field(uint32_t index) {
    FieldDef& field = ctx_.out.fields[index];
    uint32_t module = structure_.field_module[index];
    // Written names, so that a rule repeated by a `for` loop is reported once.
    const std::string& name = structure_.field_written[index];
    std::vector<std::string> key_lexicons;
    bool key_ok = true;
    for (size_t r = 0; r < field.rules.size(); ++r) {
      const RuleDef& rule = field.rules[r];
      NotEmpty(rule.pattern, fmt::format("rule {} of field '{}'", r + 1, name));
      std::vector<CaptureInfo> captures;
      graph_.CollectCaptures(rule.pattern, captures);
      const CaptureInfo* value = nullptr;
      const CaptureInfo* key = nullptr;
      bool key_unknown = false;
      for (const CaptureInfo& c : captures) {
        // A capture whose type did not resolve was reported (E0201); judging it would mislead.
        if (c.type.value == rt::ValueType::kKey && !ctx_.out.lexicon_index.count(c.type.lexicon)) {
          if (c.name == "value" && !value) value = &c;
          if (c.name == "key" && !key) key_unknown = true;
          continue;
        }
        if (c.name == "value") {
          if (!value) value = &c;
          if (!Fits(c.type, field.type)) {
            Type element = c.type;
            element.is_list = false;
            std::string type = TypeDisplay(ctx_, element, module);
            std::string field_type = TypeDisplay(ctx_, field.type, module);
            ctx_.report.Error(c.span, "E0202",
                              fmt::format("{} {} capture cannot fill the {} field '{}'",
                                          Article(type), type, field_type, name),
                              fmt::format("capture a {0} (@value:{0}) or change the field's type",
                                          field_type));
          }
        } else if (c.name == "key" && !key) {
          key = &c;
        }
      }
      SameTypePerName(captures, module, r, name);
      SignHasEffect(captures, value, field.type, module, r, name);
      if (!value) {
        ctx_.report.Error(rule.span, "E0203",
                          fmt::format("rule {} of field '{}' has no @value capture", r + 1,
                                      name),
                          fmt::format("capture the value the field holds, for example "
                                      "@value:{}",
                                      TypeDisplay(ctx_, field.type, module)));
      }
      if (!field.keyed) continue;
      if (key_unknown && !key) {
        key_ok = false;
        continue;
      }
      if (!key || key->type.value != rt::ValueType::kKey) {
        ctx_.report.Error(
            key ? key->span : rule.span, "E0205",
            key ? fmt::format("the @key capture of keyed field '{}' must have a lexicon type",
                              name)
                : fmt::format("rule {} of keyed field '{}' has no @key capture", r + 1,
                              name),
            "a keyed field takes its name from a lexicon key: capture one with @key:LEXICON");
        key_ok = false;
        continue;
      }
      if (std::find(key_lexicons.begin(), key_lexicons.end(), key->type.lexicon) ==
          key_lexicons.end()) {
        key_lexicons.push_back(key->type.lexicon);
      }
      if (value && value->type.is_list != key->type.is_list &&
          (value->type.value != rt::ValueType::kKey ||
           ctx_.out.lexicon_index.count(value->type.lexicon))) {
        ctx_.report.Error(
            value->type.is_list ? value->span : key->span, "E0206",
            value->type.is_list
                ? fmt::format("@value is a list but @key is not, in keyed field '{}'", name)
                : fmt::format("@key is a list but @value is not, in keyed field '{}'", name),
            "\"respectively\" rules pair keys and values: capture both as lists "
            "(@key:list(LEXICON) ... @value:list(TYPE)), or neither");
      }
    }
    if (field.keyed && key_ok) field.key_lexicons = std::move(key_lexicons);
  }

  CheckContext& ctx_;
  const PatternGraph& graph_;
  const Structure& structure_;
};

}  // namespace

void CheckRules(CheckContext& ctx, const PatternGraph& graph, const Structure& structure) {
  RuleChecker(ctx, graph, structure).Run();
}

}  // namespace rptc::check::internal
