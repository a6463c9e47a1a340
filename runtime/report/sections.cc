// Section regions from begin/end matches. Tested by tests/runtime/report/assemble_test.cc.
#include <algorithm>

#include "runtime/report/assemble.h"

namespace rptc::rt::assemble {

void MatchTable::Index(size_t automaton_count) {
  by_automaton.assign(automaton_count, {});
  for (uint32_t i = 0; i < matches.size(); ++i) {
    if (matches[i].automaton < automaton_count) by_automaton[matches[i].automaton].push_back(i);
  }
  for (auto& list : by_automaton) {
    std::stable_sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
      return matches[a].begin < matches[b].begin;
    });
  }
}

namespace {

int Depth(const Program& program, uint32_t s) {
  int d = 0;
  while (program.sections[s].parent != kNoPos && d < 1000) {
    s = program.sections[s].parent;
    ++d;
  }
  return d;
}

}  // namespace

// Sections are resolved level by level: a section's begin is the first (or last) begin match
// inside its parent; its end is the earliest of its parent's end, an end-pattern match after its
// heading, and the begin of a later sibling named in `end before` (or, when it declares no end at
// all, of any later sibling: siblings do not overlap by default).
std::vector<SectionRegion> ResolveSections(const Program& program, uint32_t text_size,
                                           const MatchTable& table, const FindAllFn& find_all,
                                           const AssembleOptions& options) {
  std::vector<Span> found;
  const size_t n = program.sections.size();
  std::vector<SectionRegion> regions(n);
  if (options.whole_text_section) {
    uint32_t s = *options.whole_text_section;
    if (s < n) {
      regions[s].present = true;
      regions[s].span = {0, text_size};
      regions[s].heading = {0, 0};
    }
    return regions;
  }
  int max_depth = 0;
  for (uint32_t s = 0; s < n; ++s) max_depth = std::max(max_depth, Depth(program, s));
  for (int depth = 0; depth <= max_depth; ++depth) {
    // Begins of this level.
    for (uint32_t s = 0; s < n; ++s) {
      if (Depth(program, s) != depth) continue;
      const Section& sec = program.sections[s];
      Span parent{0, text_size};
      if (sec.parent != kNoPos) {
        if (!regions[sec.parent].present) continue;
        parent = regions[sec.parent].span;
      }
      std::optional<Span> chosen;
      for (uint32_t a : sec.begin_automata) {
        for (uint32_t mi : table.by_automaton[a]) {
          const MatchRecord& m = table.matches[mi];
          if (m.begin < parent.begin || m.begin >= parent.end) continue;
          bool better = !chosen || (sec.begin_last ? m.begin > chosen->begin
                                                   : m.begin < chosen->begin);
          if (better) chosen = Span{m.begin, m.end};
        }
      }
      if (!chosen) continue;
      regions[s].present = true;
      regions[s].heading = *chosen;
      regions[s].span = {chosen->begin, parent.end};
    }
    // Ends of this level, now that every sibling's begin is known.
    for (uint32_t s = 0; s < n; ++s) {
      if (Depth(program, s) != depth || !regions[s].present) continue;
      const Section& sec = program.sections[s];
      SectionRegion& r = regions[s];
      uint32_t end = r.span.end;
      for (uint32_t a : sec.end_automata) {
        found.clear();
        find_all(a, r.heading.end, end, 1, found);
        if (!found.empty()) end = std::min(end, found.front().begin);
      }
      auto cut_at_sibling = [&](uint32_t t) {
        if (t == s || t >= n || !regions[t].present) return;
        if (program.sections[t].parent != sec.parent) return;
        if (regions[t].heading.begin > r.heading.begin) end = std::min(end, regions[t].heading.begin);
      };
      if (sec.end_automata.empty() && sec.end_before.empty()) {
        for (uint32_t t = 0; t < n; ++t) cut_at_sibling(t);
      } else {
        for (uint32_t t : sec.end_before) cut_at_sibling(t);
      }
      r.span.end = std::max(end, r.heading.end);
    }
  }
  return regions;
}

}  // namespace rptc::rt::assemble
