#include "compiler/check/conformance.h"

#include <algorithm>

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "compiler/check/paths.h"
#include "compiler/check/types.h"
#include "runtime/extract/value.h"

namespace rptc::check::internal {
namespace {

rt::Severity ToSeverity(ast::SeverityLevel level) {
  return level == ast::SeverityLevel::kError ? rt::Severity::kError : rt::Severity::kWarning;
}

// Test values are written in template source; value parsers read NFKC text (runtime/extract).
std::string Nfkc(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return text;
  icu::UnicodeString out = nfkc->normalize(icu::UnicodeString::fromUTF8(text), status);
  if (U_FAILURE(status)) return text;
  std::string result;
  out.toUTF8String(result);
  return result;
}

class Conformance {
 public:
  Conformance(CheckContext& ctx, const Structure& s) : ctx_(ctx), s_(s), index_(ctx) {}

  void Run() {
    for (const PendingEndBefore& e : s_.end_befores) EndBefore(e);
    for (const PendingRule& rule : s_.rules) {
      if (const auto* r = std::get_if<PendingRequire>(&rule)) Require(*r);
      if (const auto* c = std::get_if<PendingCheck>(&rule)) Check(*c);
      if (const auto* o = std::get_if<PendingOrder>(&rule)) Order(*o);
    }
    for (const PendingTest& t : s_.tests) Test(t);
  }

 private:
  struct Target {
    uint32_t section = rt::kNoPos;   // the section named, or the one owning the field
    std::optional<uint32_t> field;   // set when the path names a field
    std::string field_name;
  };

  std::string Where(uint32_t section) const {
    return section == rt::kNoPos ? std::string("the document")
                                 : fmt::format("section '{}'", index_.SectionPath(section));
  }

  void UnknownSection(const PendingPath& path, size_t part, uint32_t scope, bool visible) {
    ReportUnknownSection(ctx_, index_, path, part, scope, visible);
  }

  // The sections of parts [0, end); the first is looked up from `scope` outwards.
  std::optional<uint32_t> Sections(const PendingPath& path, size_t end, uint32_t scope) {
    return ResolvePathSections(ctx_, index_, path, end, scope);
  }

  // A path to a field, or (when `section_ok`) to a section.
  std::optional<Target> Resolve(const PendingPath& path, uint32_t scope, bool section_ok) {
    if (path.parts.empty()) return std::nullopt;
    const size_t last = path.parts.size() - 1;
    const std::string& name = path.parts[last];
    uint32_t owner = scope;
    if (last > 0) {
      std::optional<uint32_t> s = Sections(path, last, scope);
      if (!s) return std::nullopt;
      owner = *s;
    }
    if (section_ok) {
      std::optional<uint32_t> s =
          last == 0 ? index_.VisibleSection(scope, name) : index_.ChildSection(owner, name);
      if (s) return Target{*s, std::nullopt, ""};
    }
    if (auto f = index_.FindField(owner, name)) return Target{owner, f->field, f->name};
    std::vector<std::string> fields = index_.FieldNames(owner);
    std::vector<std::string> sections;
    if (section_ok) {
      sections = last == 0 ? index_.VisibleSectionNames(scope) : index_.ChildSectionNames(owner);
    }
    std::vector<std::string> all = fields;
    all.insert(all.end(), sections.begin(), sections.end());
    if (!ctx_.report.saturated()) {
      std::vector<std::string> keyed = index_.KeyedNames(owner);
      all.insert(all.end(), keyed.begin(), keyed.end());
    }
    std::string best = ctx_.report.saturated() ? "" : ClosestName(name, all);
    bool looks_like_section =
        section_ok && (std::find(sections.begin(), sections.end(), best) != sections.end() ||
                       (best.empty() && last == 0 && scope == rt::kNoPos));
    std::string suggestion = best.empty() ? "" : fmt::format("; did you mean '{}'?", best);
    if (looks_like_section) {
      UnknownSection(path, last, last == 0 ? scope : owner, last == 0);
      return std::nullopt;
    }
    std::string help = fields.empty() ? fmt::format("{} declares no fields", Where(owner))
                                      : fmt::format("fields of {}: {}", Where(owner),
                                                    NameList(fields));
    ctx_.report.Error(path.spans[last], "E0402",
                      fmt::format("{} has no field '{}'{}", Where(owner), name, suggestion),
                      std::move(help));
    return std::nullopt;
  }

  void EndBefore(const PendingEndBefore& e) {
    SectionDef& section = ctx_.out.sections[e.section];
    std::string name = e.name.Text();
    std::optional<uint32_t> sibling = index_.ChildSection(section.parent, name);
    if (!sibling || *sibling == e.section) {
      std::vector<std::string> names = index_.ChildSectionNames(section.parent);
      names.erase(std::remove(names.begin(), names.end(), section.name), names.end());
      ctx_.report.Error(e.name.span, "E0401",
                        sibling ? fmt::format("section '{}' cannot end before itself", name)
                                : fmt::format("section '{}' has no sibling section '{}'{}",
                                              section.name, name, DidYouMean(name, names)),
                        names.empty() ? std::string("`end before` names a sibling section")
                                      : fmt::format("sibling sections: {}", NameList(names)));
      return;
    }
    section.end_before.push_back(*sibling);
  }

  void Require(const PendingRequire& r) {
    std::optional<Target> target = Resolve(r.path, r.scope, /*section_ok=*/true);
    if (!target) return;
    ConstraintDef def;
    def.kind = target->field ? rt::Constraint::Kind::kRequireField
                             : rt::Constraint::Kind::kRequireSection;
    def.severity = ToSeverity(r.decl->severity);
    def.section = target->section;
    def.field = target->field_name;
    def.message = r.decl->message;
    def.label = "require " + r.path.Text();
    def.span = r.path.span;
    ctx_.out.constraints.push_back(std::move(def));
  }

  void Check(const PendingCheck& c) {
    const ast::Check& decl = *c.decl;
    bool sum = decl.function == "sum";
    std::string label =
        decl.kind == ast::Check::Kind::kHasQualifier
            ? fmt::format("check {} has qualifier", c.path.Text())
            : fmt::format("check {} in {}..{}",
                          sum ? fmt::format("sum({})", c.path.Text()) : c.path.Text(), decl.low,
                          decl.high);
    bool ok = true;
    if (decl.kind == ast::Check::Kind::kRange && decl.low > decl.high) {
      ctx_.report.Error(decl.span, "E0403",
                        fmt::format("range {}..{} is empty: the low bound is above the high one",
                                    decl.low, decl.high),
                        fmt::format("write {}..{}", decl.high, decl.low));
      ok = false;
    }
    std::optional<Target> target = Resolve(c.path, c.scope, /*section_ok=*/false);
    if (!target) return;
    const FieldDef& field = ctx_.out.fields[*target->field];
    std::string type = TypeDisplay(ctx_, field.type);
    if (!IsNumeric(field.type.value)) {
      ctx_.report.Error(c.path.span, "E0404",
                        decl.kind == ast::Check::Kind::kHasQualifier
                            ? fmt::format("`has qualifier` needs a numeric field, but '{}' is {} "
                                          "{} field",
                                          target->field_name, Article(type), type)
                            : fmt::format("a range check needs a numeric field, but '{}' is {} {} "
                                          "field",
                                          target->field_name, Article(type), type),
                        "qualifiers and ranges apply to numbers, money, percents, counts, "
                        "ratios, ranks and years");
      ok = false;
    } else if (sum && field.type.value != rt::ValueType::kRatio &&
               field.cardinality != rt::Cardinality::kMany) {
      ctx_.report.Error(c.path.span, "E0407",
                        fmt::format("sum() needs several values, but '{}' is a single {}",
                                    target->field_name, type),
                        "sum the terms of a ratio field, or the values of a `many` field");
      ok = false;
    }
    if (!ok) return;
    ConstraintDef def;
    def.kind = decl.kind == ast::Check::Kind::kHasQualifier ? rt::Constraint::Kind::kHasQualifier
               : sum                                         ? rt::Constraint::Kind::kSumRange
                                                             : rt::Constraint::Kind::kRange;
    def.severity = ToSeverity(decl.severity);
    def.section = target->section;
    def.field = target->field_name;
    def.low = decl.low;
    def.high = decl.high;
    def.message = decl.message;
    def.label = std::move(label);
    def.span = decl.span;
    ctx_.out.constraints.push_back(std::move(def));
  }

  void Order(const PendingOrder& o) {
    ConstraintDef def;
    def.kind = rt::Constraint::Kind::kOrder;
    def.severity = ToSeverity(o.decl->severity);
    std::string label = "order ";
    bool ok = true;
    for (size_t i = 0; i < o.sections.size(); ++i) {
      const PendingPath& path = o.sections[i];
      label += (i ? ", " : "") + path.Text();
      std::optional<uint32_t> s = Sections(path, path.parts.size(), o.scope);
      if (!s) {
        ok = false;
        continue;
      }
      def.order.push_back(*s);
    }
    if (!ok) return;
    def.message = o.decl->message;
    def.label = std::move(label);
    def.span = o.decl->span;
    ctx_.out.constraints.push_back(std::move(def));
  }

  void Test(const PendingTest& t) {
    TestDef def;
    def.input = t.decl->input;
    def.section = t.scope;
    def.span = t.decl->span;
    def.module = t.module;
    if (t.in) {
      std::optional<uint32_t> s = Sections(*t.in, t.in->parts.size(), t.scope);
      if (!s) return;
      def.section = *s;
    }
    for (size_t i = 0; i < t.paths.size(); ++i) {
      const ast::Expectation& e = t.decl->expectations[i];
      if (ListExpectation(t.paths[i], e, def)) continue;
      std::optional<Target> target = Resolve(t.paths[i], def.section, /*section_ok=*/false);
      if (!target) continue;
      const FieldDef& field = ctx_.out.fields[*target->field];
      if (!e.absent && e.expected_is_string && !Parses(field, e.expected)) {
        std::string type = TypeDisplay(ctx_, field.type);
        std::string what = field.type.value == rt::ValueType::kKey
                               ? fmt::format("a key or phrase of lexicon '{}'", type)
                               : fmt::format("{} {} value", Article(type), type);
        ctx_.report.Error(e.span, "E0405",
                          fmt::format("\"{}\" is not {}, so it can never equal field '{}'",
                                      e.expected, what, target->field_name),
                          ExampleFor(field.type));
        continue;
      }
      ExpectationDef x;
      x.section = target->section;
      x.field = target->field_name;
      x.absent = e.absent;
      x.expected = e.expected;
      x.expected_is_string = e.expected_is_string;
      x.type = field.type;
      x.span = e.span;
      def.expectations.push_back(std::move(x));
    }
    ctx_.out.tests.push_back(std::move(def));
  }

  // The sections of parts [0, end) as Sections() finds them, without reporting: whether a path
  // names a list is decided before it is known to be meant as one.
  std::optional<uint32_t> QuietSections(const PendingPath& path, size_t end,
                                        uint32_t scope) const {
    return index_.PathSections(path, end, scope);
  }

  // An expectation about a list: `LIST.count == N`, `no LIST` (no items), `LIST[N].FIELD == V`.
  // Returns false when the path does not name a list, so that it is resolved as a field path
  // (fields and lists share their section's names, so a path names one or the other); true
  // when it does, after adding the expectation to `def` or reporting why it cannot hold.
  bool ListExpectation(const PendingPath& path, const ast::Expectation& e, TestDef& def) {
    const size_t n = path.parts.size();
    if (n == 0) return false;
    const bool count = !e.item && n >= 2 && path.parts[n - 1] == "count";
    const size_t at = count ? n - 2 : n - 1;  // the part that names the list
    const std::string& name = path.parts[at];
    const uint32_t scope = def.section;
    std::optional<uint32_t> owner = at == 0 ? std::optional<uint32_t>(scope)
                                            : QuietSections(path, at, scope);
    std::optional<uint32_t> list = owner ? index_.FindList(*owner, name) : std::nullopt;
    if (!list) {
      if (!e.item && !count) return false;
      if (count) {
        // `X.count` is the field `count` of a section X, unless X is meant as a list: no such
        // section exists and X's section has lists.
        if (!owner) return false;
        bool section = at == 0 ? index_.VisibleSection(scope, name).has_value()
                               : index_.ChildSection(*owner, name).has_value();
        if (section || index_.ListNames(*owner).empty()) return false;
      }
      if (!owner) {
        (void)Sections(path, at, scope);  // reports the unknown section
        return true;
      }
      std::vector<std::string> lists = index_.ListNames(*owner);
      std::string help = lists.empty() ? fmt::format("{} declares no lists", Where(*owner))
                                       : fmt::format("lists of {}: {}", Where(*owner),
                                                     NameList(lists));
      std::string message =
          index_.FindField(*owner, name)
              ? fmt::format("'{}' is a field of {}, not a list: only lists have items", name,
                            Where(*owner))
              : fmt::format("{} has no list '{}'{}", Where(*owner), name,
                            DidYouMean(name, lists));
      ctx_.report.Error(path.spans[at], "E0408", std::move(message), std::move(help));
      return true;
    }
    std::string list_path = path.parts[at];
    for (size_t i = at; i-- > 0;) list_path = path.parts[i] + "." + list_path;
    ExpectationDef x;
    x.section = *owner;
    x.list = *list;
    x.absent = e.absent;
    x.expected = e.expected;
    x.expected_is_string = e.expected_is_string;
    x.span = e.span;
    x.type.value = rt::ValueType::kNumber;
    if (count) {
      if (e.absent) {
        return Misused(e, "`no` takes a list, not its count",
                       fmt::format("write `no {0}` or `{0}.count == 0`", list_path));
      }
      x.kind = ExpectationDef::Kind::kListCount;
    } else if (!e.item) {
      if (!e.absent) {
        return Misused(e, fmt::format("'{}' is a list: it has items, not a value", list_path),
                       fmt::format("compare `{0}.count == 2` or `{0}[0].title == \"...\"`",
                                   list_path));
      }
      x.kind = ExpectationDef::Kind::kListCount;
    } else {
      if (e.absent) {
        return Misused(e, "`no` cannot take one item of a list",
                       fmt::format("bound the items with `{}.count == N`", list_path));
      }
      if (!e.item_field) {
        return Misused(e, "an item has several fields, not one value",
                       fmt::format("compare `{0}[{1}].title`, `{0}[{1}].index` or "
                                   "`{0}[{1}].marker`",
                                   list_path, *e.item));
      }
      const std::string field = e.item_field->ToString();
      if (field == "title") {
        x.item_field = ItemField::kTitle;
      } else if (field == "index") {
        x.item_field = ItemField::kIndex;
      } else if (field == "marker") {
        x.item_field = ItemField::kMarker;
      } else {
        const std::vector<std::string> fields = {"index", "marker", "title"};
        ctx_.report.Error(e.item_field->span, "E0409",
                          fmt::format("a list item has no field '{}'{}", field,
                                      DidYouMean(field, fields)),
                          "item fields: index (its number), marker (\"(一)\") and title");
        return true;
      }
      x.kind = ExpectationDef::Kind::kListItem;
      x.item = *e.item;
      if (x.item_field != ItemField::kIndex) x.type.value = rt::ValueType::kText;
    }
    if (x.type.value == rt::ValueType::kNumber && !e.absent && e.expected_is_string &&
        !rt::ParseValue(rt::ValueType::kNumber, Nfkc(e.expected))) {
      ctx_.report.Error(e.span, "E0405",
                        fmt::format("\"{}\" is not a number, so it can never equal '{}'",
                                    e.expected, e.PathText()),
                        "write a whole number such as 2");
      return true;
    }
    def.expectations.push_back(std::move(x));
    return true;
  }

  bool Misused(const ast::Expectation& e, std::string message, std::string help) {
    ctx_.report.Error(e.span, "E0410", std::move(message), std::move(help));
    return true;
  }

  bool Parses(const FieldDef& field, const std::string& expected) const {
    switch (field.type.value) {
      case rt::ValueType::kText:
        return true;
      case rt::ValueType::kKey: {
        // A key ("gdp") or one of its phrases ("生产总值").
        auto lex = ctx_.out.lexicon_index.find(field.type.lexicon);
        if (lex == ctx_.out.lexicon_index.end()) return true;
        if (ctx_.lexicon_keys[lex->second].count(expected)) return true;
        for (const ast::LexiconEntry& entry : ctx_.out.lexicons[lex->second].decl.entries) {
          for (const std::string& phrase : entry.phrases) {
            if (phrase == expected) return true;
          }
        }
        return false;
      }
      default:
        return rt::ParseValue(field.type.value, Nfkc(expected)).has_value();
    }
  }

  std::string ExampleFor(const Type& type) const {
    switch (type.value) {
      case rt::ValueType::kMoney: return "write a money value such as \"431.8亿元\" or \"3.3 billion yuan\"";
      case rt::ValueType::kPercent: return "write a percent such as \"2.5%\" or \"8%左右\"";
      case rt::ValueType::kPoints: return "write percentage points such as \"0.5个百分点\"";
      case rt::ValueType::kCount: return "write a count such as \"1.2万人\"";
      case rt::ValueType::kRatio: return "write a ratio such as \"0.5:16.8:82.7\"";
      case rt::ValueType::kRank: return "write a rank such as \"第三\" or \"first\"";
      case rt::ValueType::kYear: return "write a year such as \"2021年\" or 2021";
      case rt::ValueType::kDate: return "write a date such as \"2021年3月1日\"";
      case rt::ValueType::kNumber: return "write a number such as \"1.2万\" or 42";
      case rt::ValueType::kKey: {
        auto lex = ctx_.out.lexicon_index.find(type.lexicon);
        std::vector<std::string> keys;
        if (lex != ctx_.out.lexicon_index.end()) {
          for (const auto& entry : ctx_.out.lexicons[lex->second].decl.entries) {
            keys.push_back(entry.key);
          }
        }
        return fmt::format("write a key of '{}': {}", TypeDisplay(ctx_, type), NameList(keys));
      }
      default: return "";
    }
  }

  CheckContext& ctx_;
  const Structure& s_;
  StructureIndex index_;
};

}  // namespace

void CheckConformance(CheckContext& ctx, const Structure& structure) {
  Conformance(ctx, structure).Run();
}

}  // namespace rptc::check::internal
