// What changed between two reports of the same document: the `extract --watch` loop prints it
// after every re-run ("+ targets.gdp_growth = 8 % (about)", "- review.fdi_utilized = ...",
// "~ review.gdp: 431.8亿元 -> 431.9亿元").
//
// Reports are compared by field path (section.field, or the field for document-level fields),
// so the two reports may come from different versions of a template. A field with one value on
// both sides is "changed" when its value or its text differs; fields with several values are
// compared as multisets (one removed and one added make a change). Sections that appear or
// disappear, list item counts and conformance violations are compared too.
// Tested by tests/explain/diff_test.cc.
#pragma once

#include <string>
#include <vector>

#include "runtime/report.h"

namespace rptc::rt::explain {

struct ReportChange {
  enum class Kind { kAdded, kRemoved, kChanged };
  Kind kind = Kind::kAdded;
  std::string path;    // "review.gdp", "section review", "violation", "review.tasks"
  std::string before;  // display strings ("" on the side that has nothing)
  std::string after;
};

// `before` may be null (the first run: everything is added).
std::vector<ReportChange> DiffReports(const Report* before, const Report& after);

// One line per change: "+ PATH = AFTER", "- PATH = BEFORE", "~ PATH: BEFORE -> AFTER".
// Coloured (green/red/yellow) when `color`.
std::string FormatChanges(const std::vector<ReportChange>& changes, bool color);

}  // namespace rptc::rt::explain
