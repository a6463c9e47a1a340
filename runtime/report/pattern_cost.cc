// Automata named as the template's patterns; see pattern_cost.h.
#include "runtime/report/pattern_cost.h"

#include <algorithm>
#include <tuple>

namespace rptc::rt {
namespace {

// "section review: exclude 2" when a section has several patterns of a kind, else without the
// number.
void NameEach(const std::vector<uint32_t>& automata, const std::string& what,
              std::vector<std::string>& names) {
  for (size_t i = 0; i < automata.size(); ++i) {
    if (automata[i] >= names.size() || !names[automata[i]].empty()) continue;
    names[automata[i]] = automata.size() == 1 ? what : what + " " + std::to_string(i + 1);
  }
}

}  // namespace

std::vector<std::string> PatternNames(const Program& program) {
  std::vector<std::string> names(program.automata.size());
  // Rules first: an automaton shared by several roles is named by the first.
  for (const Rule& rule : program.rules) {
    if (rule.automaton < names.size() && names[rule.automaton].empty()) {
      names[rule.automaton] = "rule " + rule.label;
    }
  }
  for (const Rule& rule : program.rules) {
    for (const Capture& c : rule.captures) {
      if (c.is_list && c.item_automaton < names.size() && names[c.item_automaton].empty()) {
        names[c.item_automaton] = "rule " + rule.label + ": items of @" + c.name;
      }
    }
  }
  for (const Section& s : program.sections) {
    NameEach(s.begin_automata, "section " + s.name + ": begin", names);
    NameEach(s.end_automata, "section " + s.name + ": end", names);
    NameEach(s.exclude_automata, "section " + s.name + ": exclude", names);
  }
  for (const List& l : program.lists) {
    const std::string list = "list " +
                             (l.section < program.sections.size()
                                  ? program.sections[l.section].name + "." + l.name
                                  : l.name);
    NameEach({l.marker_automaton}, list + ": marker", names);
    if (l.title_end_automaton != kNoPos) {
      NameEach({l.title_end_automaton}, list + ": title end", names);
    }
  }
  return names;
}

std::vector<PatternCost> CostByPattern(const Program& program,
                                       const std::vector<PatternCounts>& counts) {
  const std::vector<std::string> names = PatternNames(program);
  std::vector<uint32_t> lines(names.size(), 0);
  for (const Rule& rule : program.rules) {
    if (rule.automaton < lines.size() && lines[rule.automaton] == 0) {
      lines[rule.automaton] = rule.source_line;
    }
  }
  std::vector<PatternCost> out;
  for (size_t r = 0; r < counts.size() && r < names.size(); ++r) {
    if (counts[r].none()) continue;
    PatternCost p;
    static_cast<PatternCounts&>(p) = counts[r];
    // Only a program built by hand leaves an automaton with work unnamed.
    p.pattern = names[r].empty() ? "automaton " + std::to_string(r) : names[r];
    p.source_line = lines[r];
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const PatternCost& x, const PatternCost& y) {
    return std::tie(y.dfa_bytes, y.searches, x.pattern) <
           std::tie(x.dfa_bytes, x.searches, y.pattern);
  });
  return out;
}

}  // namespace rptc::rt
