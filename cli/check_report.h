// The outputs of `rptc check`: conformance findings per document, rendered as text (for
// people), JSON (for scripts), JUnit XML (for CI test tabs) or SARIF 2.1.0 (for code scanning).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/report.h"

namespace rptc::cli {

// One violated conformance rule in one document.
struct Finding {
  rt::Severity severity = rt::Severity::kError;
  uint32_t constraint = 0;  // index into Program::constraints
  std::string rule;         // the rule as written in the template
  std::string message;
  bool located = false;      // false when the rule concerns something absent (a section)
  int line = 0, column = 0;  // 1-based; column in code points
  uint32_t begin = 0, end = 0;
  std::string text;     // the offending value's text
  std::string excerpt;  // the document line around it, cut to a window
};

struct CheckedDoc {
  std::string path;
  bool read = false;  // false: the document could not be read (see `error`)
  std::string error;
  std::vector<Finding> findings;
  size_t errors = 0, warnings = 0;
  std::string text;  // the text rendering, built by the worker while the document is loaded

  bool conforms(bool werror) const { return read && errors == 0 && (!werror || warnings == 0); }
};

// Builds the findings of `report` over `document` (its original bytes), and the text block.
CheckedDoc MakeCheckedDoc(std::string path, const rt::Report& report, std::string_view document,
                          bool color);

// The closing line of the text format: "3 reports: 2 conform, 1 does not (2 errors, 1 warning)".
struct CheckTotals {
  size_t reports = 0, nonconforming = 0, unreadable = 0, errors = 0, warnings = 0;
  void Add(const CheckedDoc& doc, bool werror);
};
std::string TextSummary(const CheckTotals& totals);
std::string CheckJson(const std::vector<CheckedDoc>& docs, bool werror);
// One <testsuite> per report, one <testcase> per report x constraint.
std::string CheckJunit(const rt::Program& program, const std::vector<CheckedDoc>& docs,
                       bool werror);
// SARIF 2.1.0: one rule per template constraint, one result per finding.
std::string CheckSarif(const rt::Program& program, const std::vector<CheckedDoc>& docs);

// The SARIF rule id of constraint `index`: "rptc/" + a slug of its label, unique in `program`.
std::vector<std::string> SarifRuleIds(const rt::Program& program);

}  // namespace rptc::cli
