// ScanPlan: where the scan looks for each automaton's matches, in two phases.
//
// A rule's matches count only inside its field's section (CollectValues), and a list's markers
// only inside the list's section. So extraction scans in phases over one set of prefilter hits
// (Matcher::FindHits): first the structure over the whole text (section begins, and the rules
// and lists of document-level fields); then, once the sections are resolved, each section's
// `exclude` patterns inside it; then each section's rules and lists inside it, skipping the
// excluded spans. On the GWR template every indicator name wakes the review's and the targets'
// rules alike, and most of those verifications fell outside the rule's section. An exclude
// pattern is matched once per section, where a decoy alternative written into each rule was
// matched (and compiled, and captured) once per rule.
// Tested by tests/runtime/report/scan_plan_test.cc.
#pragma once

#include <cstdint>
#include <string_view>
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

  // Phase two: the exclude automata of each present section, inside it.
  bool has_excludes() const { return has_excludes_; }
  std::vector<ScanScope> Excludes(const std::vector<SectionRegion>& sections) const;

  // The spans to skip in each section: the union of its exclude automata's matches, sorted.
  std::vector<std::vector<SkipSpan>> SkipSpans(const Program& program, const MatchTable& table,
                                               const std::vector<SectionRegion>& sections) const;

  // Phase three: every automaton of a section's rules and lists, inside its section (left out
  // where the section is absent) and outside its skip spans (`skips` must outlive the scan).
  std::vector<ScanScope> InSections(const std::vector<SectionRegion>& sections,
                                    const std::vector<std::vector<SkipSpan>>& skips) const;

  // The whole scan, phase by phase, into `table` (spans only; MatchTable::capture computes the
  // captures on demand): returns the resolved sections and, in *skips unless null, each
  // section's skip spans. Extraction and `explain` both assemble from this, so they agree.
  std::vector<SectionRegion> Scan(const Program& program, const Matcher& matcher,
                                  std::string_view text, Scratch& scratch, MatchTable& table,
                                  const FindAllFn& find_all, const AssembleOptions& options,
                                  std::vector<std::vector<SkipSpan>>* skips) const;

 private:
  static constexpr uint32_t kUnscanned = kNoPos;      // not scanned: region-only automata
  static constexpr uint32_t kWholeText = kNoPos - 1;  // phase one
  // Per automaton: kUnscanned, kWholeText or a section; and whether it is an exclude pattern.
  std::vector<uint32_t> section_of_;
  std::vector<uint8_t> is_exclude_;
  bool has_excludes_ = false;
  std::vector<ScanScope> structure_;
};

}  // namespace rptc::rt::assemble
