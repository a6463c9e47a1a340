// ScanPlan; see scan_plan.h. Tested by tests/runtime/report/scan_plan_test.cc.
#include "runtime/report/scan_plan.h"

#include <algorithm>

#include "runtime/report/match_sinks.h"

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
  is_exclude_.assign(n, 0);
  for (uint32_t s = 0; s < program.sections.size(); ++s) {
    for (uint32_t a : program.sections[s].exclude_automata) {
      // The compiler gives each exclude pattern its own automaton; one that also serves a rule
      // (a hand-made program) stays a rule.
      if (a >= n || section_of_[a] != kUnscanned) continue;
      section_of_[a] = s;
      is_exclude_[a] = 1;
      has_excludes_ = true;
    }
  }
  structure_.assign(n, ScanScope::None());
  for (size_t a = 0; a < n; ++a) {
    if (section_of_[a] == kWholeText) structure_[a] = ScanScope{};
  }
}

std::vector<ScanScope> ScanPlan::Excludes(const std::vector<SectionRegion>& sections) const {
  std::vector<ScanScope> scopes(section_of_.size(), ScanScope::None());
  for (size_t a = 0; a < section_of_.size(); ++a) {
    const uint32_t s = section_of_[a];
    if (!is_exclude_[a] || s >= sections.size() || !sections[s].present) continue;
    scopes[a] = {sections[s].span.begin, sections[s].span.end, {}};
  }
  return scopes;
}

std::vector<std::vector<SkipSpan>> ScanPlan::SkipSpans(
    const Program& program, const MatchTable& table,
    const std::vector<SectionRegion>& sections) const {
  std::vector<std::vector<SkipSpan>> skips(program.sections.size());
  for (uint32_t s = 0; s < program.sections.size() && s < sections.size(); ++s) {
    std::vector<SkipSpan>& out = skips[s];
    for (uint32_t a : program.sections[s].exclude_automata) {
      if (a >= is_exclude_.size() || !is_exclude_[a] || a >= table.by_automaton.size()) continue;
      for (uint32_t mi : table.by_automaton[a]) {
        const MatchRecord& m = table.matches[mi];
        if (m.begin < m.end) out.emplace_back(m.begin, m.end);
      }
    }
    // Two exclude patterns may overlap: merge into disjoint spans.
    std::sort(out.begin(), out.end());
    size_t w = 0;
    for (const SkipSpan& span : out) {
      if (w > 0 && span.first <= out[w - 1].second) {
        out[w - 1].second = std::max(out[w - 1].second, span.second);
      } else {
        out[w++] = span;
      }
    }
    out.resize(w);
  }
  return skips;
}

std::vector<ScanScope> ScanPlan::InSections(const std::vector<SectionRegion>& sections,
                                            const std::vector<std::vector<SkipSpan>>& skips) const {
  std::vector<ScanScope> scopes(section_of_.size(), ScanScope::None());
  for (size_t a = 0; a < section_of_.size(); ++a) {
    const uint32_t s = section_of_[a];
    if (s == kUnscanned || s == kWholeText || is_exclude_[a] || s >= sections.size() ||
        !sections[s].present) {
      continue;
    }
    scopes[a] = {sections[s].span.begin, sections[s].span.end,
                 s < skips.size() ? std::span<const SkipSpan>(skips[s])
                                  : std::span<const SkipSpan>()};
  }
  return scopes;
}

std::vector<SectionRegion> ScanPlan::Scan(const Program& program, const Matcher& matcher,
                                          std::string_view text, Scratch& scratch,
                                          MatchTable& table, const FindAllFn& find_all,
                                          const AssembleOptions& options,
                                          std::vector<std::vector<SkipSpan>>* skips) const {
  TableSink sink(program, table, /*captured=*/false);
  matcher.FindHits(text, scratch);
  matcher.ScanSpansIn(text, Structure(), scratch, sink);
  table.Index(program.automata.size());
  std::vector<SectionRegion> sections = ResolveSections(
      program, static_cast<uint32_t>(text.size()), table, find_all, options);
  if (has_excludes_) {
    matcher.ScanSpansIn(text, Excludes(sections), scratch, sink);
    table.Index(program.automata.size());
  }
  std::vector<std::vector<SkipSpan>> own;
  std::vector<std::vector<SkipSpan>>& spans = skips != nullptr ? *skips : own;
  spans = SkipSpans(program, table, sections);
  matcher.ScanSpansIn(text, InSections(sections, spans), scratch, sink);
  table.Index(program.automata.size());
  return sections;
}

}  // namespace rptc::rt::assemble
