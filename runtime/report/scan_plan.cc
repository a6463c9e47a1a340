// ScanPlan; see scan_plan.h. Tested by tests/runtime/report/scan_plan_test.cc.
#include "runtime/report/scan_plan.h"

namespace rptc::rt::assemble {

ScanPlan::ScanPlan(const Program& program) {
  const size_t n = program.automata.size();
  section_of_.assign(n, kUnscanned);
  // An automaton with users in two places (two sections, or a section and the document) is
  // scanned over the whole text: correct for both, if slower.
  auto use = [&](uint32_t automaton, uint32_t section) {
    if (automaton >= n) return;
    uint32_t& s = section_of_[automaton];
    const uint32_t want = section == kNoPos ? kWholeText : section;
    s = (s == kUnscanned || s == want) ? want : kWholeText;
  };
  for (const Section& sec : program.sections) {
    for (uint32_t a : sec.begin_automata) use(a, kNoPos);
  }
  for (const Rule& rule : program.rules) {
    const uint32_t field = rule.field;
    use(rule.automaton, field < program.fields.size() ? program.fields[field].section : kNoPos);
  }
  for (const List& list : program.lists) use(list.marker_automaton, list.section);
  structure_.assign(n, ScanScope::None());
  for (size_t a = 0; a < n; ++a) {
    if (section_of_[a] == kWholeText) structure_[a] = ScanScope{};
  }
}

std::vector<ScanScope> ScanPlan::InSections(const std::vector<SectionRegion>& sections) const {
  std::vector<ScanScope> scopes(section_of_.size(), ScanScope::None());
  for (size_t a = 0; a < section_of_.size(); ++a) {
    const uint32_t s = section_of_[a];
    if (s == kUnscanned || s == kWholeText || s >= sections.size() || !sections[s].present) {
      continue;
    }
    scopes[a] = {sections[s].span.begin, sections[s].span.end};
  }
  return scopes;
}

}  // namespace rptc::rt::assemble
