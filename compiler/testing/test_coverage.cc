// Coverage of a template's rules by its inline tests; see test_coverage.h.
#include "compiler/testing/test_coverage.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

#include <fmt/format.h>

#include "runtime/engine/matcher.h"
#include "runtime/report/assemble.h"
#include "runtime/report/match_sinks.h"
#include "runtime/report/scan_plan.h"
#include "runtime/text.h"

namespace rptc {

namespace {

using Kind = RuleCoverage::Kind;

// A rule as written is found again in the checked template by its kind and where it starts
// (a field rule in a `for` loop keeps its span in every expansion).
using RuleKey = std::tuple<Kind, uint32_t, uint32_t>;
RuleKey KeyOf(Kind kind, SourceSpan span) { return {kind, span.file, span.begin}; }

// The root module's rules in source order, named as written.
class WrittenRules {
 public:
  explicit WrittenRules(std::vector<RuleCoverage>& out) : out_(out) {}

  void Items(const std::vector<ast::Item>& items, const std::string& prefix) {
    for (const ast::Item& item : items) {
      if (const auto* section = std::get_if<ast::Section>(&item.node)) {
        Section(*section, prefix);
      } else if (const auto* field = std::get_if<ast::Field>(&item.node)) {
        for (size_t i = 0; i < field->rules.size(); ++i) {
          Add(Kind::kFieldRule, fmt::format("{}{}#{}", prefix, field->name.ToString(), i + 1),
              field->rules[i].span);
        }
      } else if (const auto* list = std::get_if<ast::ListDecl>(&item.node)) {
        Add(Kind::kListMarker, prefix + list->name, list->marker.span);
        if (list->title_end) Add(Kind::kTitleEnd, prefix + list->name, list->title_end->span);
      } else if (const auto* loop = std::get_if<ast::ForLoop>(&item.node)) {
        Items(loop->items, prefix);
      }
    }
  }

 private:
  void Section(const ast::Section& section, const std::string& prefix) {
    const std::string name = prefix + section.name;
    if (section.begin) Add(Kind::kBegin, name, section.begin->span);
    for (const ast::SectionBoundary& end : section.ends) {
      if (end.kind == ast::SectionBoundary::Kind::kPattern) Add(Kind::kEnd, name, end.pattern.span);
    }
    for (const ast::SectionExclude& exclude : section.excludes) {
      Add(Kind::kExclude, name, exclude.pattern.span);
    }
    Items(section.items, name + ".");
  }

  void Add(Kind kind, std::string name, SourceSpan span) {
    out_.push_back({kind, std::move(name), span, false});
  }

  std::vector<RuleCoverage>& out_;
};

// Which rule as written each automaton of the program serves, and how its use is recognised.
struct AutomatonRoles {
  std::vector<std::optional<size_t>> of_rule;     // per program rule: index into the report
  std::vector<std::optional<size_t>> begin;       // per section
  std::vector<std::pair<uint32_t, size_t>> ends;  // (automaton, rule)
  std::vector<std::tuple<uint32_t, uint32_t, size_t>> excludes;  // (section, automaton, rule)
  std::vector<std::tuple<uint32_t, uint32_t, size_t>> markers;   // (list, automaton, rule)
  std::vector<std::pair<uint32_t, size_t>> title_ends;           // (automaton, rule)
};

AutomatonRoles MapAutomata(const check::CheckedTemplate& checked, const rt::Program& program,
                           const std::map<RuleKey, size_t>& index) {
  AutomatonRoles roles;
  auto find = [&](Kind kind, SourceSpan span) -> std::optional<size_t> {
    auto it = index.find(KeyOf(kind, span));
    if (it == index.end()) return std::nullopt;
    return it->second;
  };
  // Lowering emits rules field by field, rule by rule, sections and lists in checked order
  // (compiler/lower); a program that does not line up (it cannot, once compiled) maps nothing.
  size_t rule_count = 0;
  for (const check::FieldDef& f : checked.fields) rule_count += f.rules.size();
  if (rule_count == program.rules.size()) {
    for (const check::FieldDef& f : checked.fields) {
      for (const check::RuleDef& r : f.rules) roles.of_rule.push_back(find(Kind::kFieldRule, r.span));
    }
  }
  if (checked.sections.size() == program.sections.size()) {
    for (size_t s = 0; s < checked.sections.size(); ++s) {
      const check::SectionDef& def = checked.sections[s];
      const rt::Section& sec = program.sections[s];
      roles.begin.push_back(def.begin && sec.begin_automata.size() == 1
                                ? find(Kind::kBegin, def.begin->span)
                                : std::nullopt);
      if (def.ends.size() == sec.end_automata.size()) {
        for (size_t i = 0; i < def.ends.size(); ++i) {
          if (auto r = find(Kind::kEnd, def.ends[i].span)) roles.ends.emplace_back(sec.end_automata[i], *r);
        }
      }
      if (def.excludes.size() == sec.exclude_automata.size()) {
        for (size_t i = 0; i < def.excludes.size(); ++i) {
          if (auto r = find(Kind::kExclude, def.excludes[i].span)) {
            roles.excludes.emplace_back(static_cast<uint32_t>(s), sec.exclude_automata[i], *r);
          }
        }
      }
    }
  }
  if (checked.lists.size() == program.lists.size()) {
    for (size_t l = 0; l < checked.lists.size(); ++l) {
      const check::ListDef& def = checked.lists[l];
      const rt::List& list = program.lists[l];
      if (auto r = find(Kind::kListMarker, def.marker.span)) {
        roles.markers.emplace_back(static_cast<uint32_t>(l), list.marker_automaton, *r);
      }
      if (def.title_end && list.title_end_automaton != rt::kNoPos) {
        if (auto r = find(Kind::kTitleEnd, def.title_end->span)) {
          roles.title_ends.emplace_back(list.title_end_automaton, *r);
        }
      }
    }
  }
  return roles;
}

bool HasMatchIn(const rt::assemble::MatchTable& table, uint32_t automaton,
                rt::assemble::Span region) {
  if (automaton >= table.by_automaton.size()) return false;
  for (uint32_t mi : table.by_automaton[automaton]) {
    const rt::assemble::MatchRecord& m = table.matches[mi];
    if (m.begin >= region.begin && m.begin < region.end) return true;
  }
  return false;
}

// One test's extraction, step by step as rt::Extractor::Extract takes it, marking what it used.
void RunTest(const check::TestDef& test, const rt::Program& program, const rt::Matcher& matcher,
             rt::Scratch& scratch, const rt::assemble::ScanPlan& plan,
             const AutomatonRoles& roles, std::vector<RuleCoverage>& rules) {
  namespace as = rt::assemble;
  rt::NormalizeOptions norm_options;
  norm_options.nfkc = program.normalize_nfkc;
  norm_options.hant_to_hans = program.hant_to_hans;
  const rt::NormalizedText norm = rt::Normalize(test.input, norm_options);
  const std::string_view text = norm.text;

  as::MatchTable table;
  table.capture = as::CaptureWith(matcher, program, text, scratch);
  // Region searches (section ends, title ends) are not in the table: the ones that found
  // something are noted on the way.
  std::vector<uint8_t> found_in_region(program.automata.size(), 0);
  const as::FindAllFn search = as::FindAllWith(matcher, text, scratch);
  const as::FindAllFn find_all = [&](uint32_t automaton, uint32_t from, uint32_t to,
                                     uint32_t max_matches, std::vector<as::Span>& out) {
    const size_t before = out.size();
    search(automaton, from, to, max_matches, out);
    if (out.size() > before && automaton < found_in_region.size()) found_in_region[automaton] = 1;
  };
  as::AssembleOptions options;
  if (test.section != rt::kNoPos) options.whole_text_section = test.section;
  std::vector<as::SectionRegion> sections =
      plan.Scan(program, matcher, text, scratch, table, find_all, options, nullptr);
  const std::vector<as::RawValue> candidates =
      as::CollectValues(program, text, table, sections, find_all);
  (void)as::BuildLists(program, text, table, sections, find_all);  // searches the title ends

  auto mark = [&](std::optional<size_t> rule) {
    if (rule) rules[*rule].exercised = true;
  };
  for (const as::RawValue& v : candidates) {
    if (v.rule < roles.of_rule.size()) mark(roles.of_rule[v.rule]);
  }
  for (size_t s = 0; s < roles.begin.size() && s < sections.size(); ++s) {
    if (sections[s].present && test.section != s) mark(roles.begin[s]);
  }
  for (const auto& [automaton, rule] : roles.ends) {
    if (found_in_region[automaton]) mark(rule);
  }
  for (const auto& [section, automaton, rule] : roles.excludes) {
    if (section < sections.size() && sections[section].present &&
        HasMatchIn(table, automaton, sections[section].span)) {
      mark(rule);
    }
  }
  const as::Span whole{0, static_cast<uint32_t>(text.size())};
  for (const auto& [list, automaton, rule] : roles.markers) {
    const uint32_t section = program.lists[list].section;
    if (section == rt::kNoPos) {
      if (HasMatchIn(table, automaton, whole)) mark(rule);
    } else if (section < sections.size() && sections[section].present &&
               HasMatchIn(table, automaton, sections[section].span)) {
      mark(rule);
    }
  }
  for (const auto& [automaton, rule] : roles.title_ends) {
    if (found_in_region[automaton]) mark(rule);
  }
}

std::string Describe(const RuleCoverage& r) {
  switch (r.kind) {
    case Kind::kFieldRule: return fmt::format("rule {}", r.name);
    case Kind::kBegin: return fmt::format("the begin pattern of section '{}'", r.name);
    case Kind::kEnd: return fmt::format("an end pattern of section '{}'", r.name);
    case Kind::kExclude: return fmt::format("an exclude pattern of section '{}'", r.name);
    case Kind::kListMarker: return fmt::format("the marker of list '{}'", r.name);
    case Kind::kTitleEnd: return fmt::format("the title end of list '{}'", r.name);
  }
  return r.name;
}

// What kind of test would exercise the rule.
std::string Help(const RuleCoverage& r) {
  switch (r.kind) {
    case Kind::kFieldRule: {
      // "review.gdp#1" -> test "..." in review { gdp == "..." }
      const std::string path = r.name.substr(0, r.name.rfind('#'));
      const size_t dot = path.rfind('.');
      const std::string in = dot == std::string::npos ? "" : " in " + path.substr(0, dot);
      const std::string field = dot == std::string::npos ? path : path.substr(dot + 1);
      return fmt::format("add a test whose text this rule reads: test \"...\"{} {{ {} == \"...\" }}",
                         in, field);
    }
    case Kind::kBegin:
      return "add a test without `in` whose text has this heading (a test `in SECTION` reads "
             "its whole text as the section and looks for no heading)";
    case Kind::kEnd:
      return "add a test without `in` whose text has the section's heading, then text this "
             "pattern matches";
    case Kind::kExclude:
      return "add a test whose text has a clause this pattern excludes, with `no FIELD` for "
             "the figure in it";
    case Kind::kListMarker:
    case Kind::kTitleEnd: {
      const std::string list = r.name.substr(r.name.rfind('.') + 1);
      return fmt::format("add a test with items in this style: {0}.count == 2, "
                         "{0}[0].title == \"...\"",
                         list);
    }
  }
  return "";
}

}  // namespace

size_t CoverageReport::exercised() const {
  return static_cast<size_t>(
      std::count_if(rules.begin(), rules.end(), [](const RuleCoverage& r) { return r.exercised; }));
}

CoverageReport MeasureCoverage(const check::CheckedTemplate& checked,
                               const rt::Program& program) {
  CoverageReport report;
  if (checked.modules.empty()) return report;
  WrittenRules(report.rules).Items(checked.modules.front().items, "");
  std::map<RuleKey, size_t> index;
  for (size_t i = 0; i < report.rules.size(); ++i) {
    index.emplace(KeyOf(report.rules[i].kind, report.rules[i].span), i);
  }
  const AutomatonRoles roles = MapAutomata(checked, program, index);
  const rt::Matcher matcher(program);
  std::unique_ptr<rt::Scratch> scratch = matcher.NewScratch();
  const rt::assemble::ScanPlan plan(program);
  for (const check::TestDef& test : checked.tests) {
    RunTest(test, program, matcher, *scratch, plan, roles, report.rules);
  }
  return report;
}

void ReportUncovered(const CoverageReport& coverage, Diagnostics& diagnostics) {
  for (const RuleCoverage& r : coverage.rules) {
    if (r.exercised) continue;
    diagnostics.Warning(r.span, "W0402",
                        fmt::format("{} is not exercised by any inline test", Describe(r)),
                        Help(r));
  }
}

}  // namespace rptc
