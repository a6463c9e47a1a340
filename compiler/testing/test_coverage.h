// Which rules of a template its inline tests exercise (`rptc test --coverage`).
//
// A rule, for coverage, is a pattern of the root template as written: each `= PATTERN` of a
// field, each section's `begin`, `end PATTERN` and `exclude`, and each list's marker and `title
// until`. A field rule inside a `for` loop is one rule, exercised when any of its expansions is.
// Rules of imported templates are left out (their own `rptc test --coverage` counts them).
//
// Each test's text is scanned again the way extraction scans it (runtime/report's ScanPlan and
// assembly steps, as `explain` uses them), and a rule is exercised when that extraction used a
// match of it:
//   - a field rule gave a candidate value inside its section (kept by the field's policy or not);
//   - a begin pattern started its section, which takes a test without `in` (with `in SECTION`
//     the section is the whole text and its heading is never looked for);
//   - an end pattern was found after its section's heading;
//   - an exclude pattern matched inside its section;
//   - a list marker matched inside its section;
//   - a `title until` pattern ended an item's title.
// Extraction itself is not instrumented, so neither `rptc extract` nor `rptc test` without
// --coverage pays anything for this.
// Tested by tests/compiler/testing/test_coverage_test.cc and tests/diagnostics/coverage_*.rpt.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "compiler/check/checked.h"
#include "compiler/source/diagnostic.h"
#include "runtime/program.h"

namespace rptc {

struct RuleCoverage {
  enum class Kind { kFieldRule, kBegin, kEnd, kExclude, kListMarker, kTitleEnd };
  Kind kind = Kind::kFieldRule;
  std::string name;   // "review.gdp#1", "review.{key}_growth#2" (field rules); "tasks.items"
                      // (list markers and title ends); "review" (section patterns)
  SourceSpan span;    // the rule (`= PATTERN ...`) or the pattern, as written
  bool exercised = false;
};

struct CoverageReport {
  std::vector<RuleCoverage> rules;  // in source order
  size_t exercised() const;
};

// Runs every test of `checked` (the root's and its imports') and marks the root's rules they
// exercise. `program` must be the one compiled from `checked`.
CoverageReport MeasureCoverage(const check::CheckedTemplate& checked, const rt::Program& program);

// One warning W0402 per rule no test exercises, located at the rule.
void ReportUncovered(const CoverageReport& coverage, Diagnostics& diagnostics);

}  // namespace rptc
