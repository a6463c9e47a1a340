// ScanPlan: where the scan looks for each automaton's matches, in two phases.
//
// A rule's matches count only inside its field's section (CollectValues), and a list's markers
// only inside the list's section. So extraction scans in two phases over one set of prefilter
// hits (Matcher::FindHits): first the structure over the whole text (section begins, and the
// rules and lists of document-level fields), then, once the sections are resolved, each
// section's rules and lists inside that section only. On the GWR template every indicator name
// wakes the review's and the targets' rules alike, and most of those verifications fell outside
// the rule's section.
// Tested by tests/runtime/report/scan_plan_test.cc.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/engine/matcher.h"
#include "runtime/program.h"
#include "runtime/report/assemble.h"

namespace rptc::rt::assemble {

class ScanPlan {
 public:
  explicit ScanPlan(const Program& program);

  // Phase one: the automata the sections depend on, and those of document-level fields and
  // lists, over the whole text; the others are left out.
  const std::vector<ScanScope>& Structure() const { return structure_; }

  // Phase two: every automaton of a section's rules and lists, inside its section (left out
  // where the section is absent); the automata of phase one are left out.
  std::vector<ScanScope> InSections(const std::vector<SectionRegion>& sections) const;

 private:
  static constexpr uint32_t kUnscanned = kNoPos;      // not scanned: region-only automata
  static constexpr uint32_t kWholeText = kNoPos - 1;  // phase one
  std::vector<uint32_t> section_of_;  // per automaton: kUnscanned, kWholeText or a section
  std::vector<ScanScope> structure_;
};

}  // namespace rptc::rt::assemble
