// The public runtime API: load a compiled Program, read a document, get a typed Report.
//
// This is the one header a C++ user of rptc includes. Extractor is immutable after
// construction and safe to share between threads; Extract() keeps its scratch state per call.
// Offsets in a Report are byte offsets into the *original* document (before normalisation).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/extract/value.h"
#include "runtime/pattern_counts.h"
#include "runtime/program.h"

namespace rptc::rt {

struct Provenance {
  uint32_t begin = 0, end = 0;  // byte span in the original document
  int line = 0, column = 0;     // 1-based; column in code points
  std::string text;             // the original bytes of the span
  std::string rule;             // the rule that produced it ("review.gdp#1")
};

struct FieldValue {
  std::string field;   // concrete field name ("gdp_growth")
  uint32_t field_index = 0;
  Value value;
  Provenance where;
};

struct ListItem {
  int index = 0;           // 1-based position (or the marker's own number)
  std::string marker;      // "(一)"
  std::string title;
  Provenance title_where;
  uint32_t body_begin = 0, body_end = 0;  // original byte span of the item's body
};

struct ListResult {
  std::string name;
  uint32_t list_index = 0;
  std::vector<ListItem> items;
};

struct SectionResult {
  std::string name;
  uint32_t section_index = 0;
  bool present = false;
  Provenance heading;                  // the begin match
  uint32_t begin = 0, end = 0;         // original byte span of the section
  std::vector<FieldValue> values;      // in field declaration order, then text order
  std::vector<ListResult> lists;
};

struct Violation {
  uint32_t constraint = 0;
  Severity severity = Severity::kError;
  std::string rule;        // the rule as written
  std::string message;
  std::optional<Provenance> where;  // the offending value, when there is one
};

struct InputWarning {
  uint32_t offset = 0;   // original byte offset
  int line = 0, column = 0;
  std::string message;   // "invalid UTF-8 byte 0xFF replaced with U+FFFD"
};

struct Report {
  std::string document;                 // name or path given to Extract
  uint64_t bytes = 0;
  SectionResult document_level;         // fields declared outside any section
  std::vector<SectionResult> sections;  // one per template section, in template order
  std::vector<Violation> violations;
  std::vector<InputWarning> warnings;
  bool conforms(bool warnings_count = false) const;
};

struct ExtractOptions {
  // Restricts matching to one section's rules over the whole text (used by inline tests).
  std::optional<uint32_t> whole_text_section;
  // Counts the matcher's work per pattern while extracting (Extractor::Profile).
  bool profile = false;
};

// The matcher's work for one pattern of a template, summed over the documents extracted with
// ExtractOptions::profile: what a rule, a section's begin, end or exclude pattern, or a list's
// marker costs. Counts, not times: they are the same on every machine and run, and the work
// they count (hits woken, bytes stepped, captures) is what the time goes to.
struct PatternCost : PatternCounts {
  std::string pattern;       // "rule review.gdp#1", "section review: exclude 2", ...
  uint32_t source_line = 0;  // the rule's template line; 0 for the other patterns
};

class Extractor {
 public:
  explicit Extractor(std::shared_ptr<const Program> program);
  ~Extractor();
  Extractor(Extractor&&) noexcept;
  const Program& program() const { return *program_; }

  // Reads one document. Never fails on content: invalid UTF-8 is replaced (with a warning and
  // exact offsets), NUL bytes and binary data are scanned like any other bytes.
  Report Extract(std::string_view document, std::string_view name,
                 const ExtractOptions& options = {}) const;

  // The work counted by the Extract calls made with ExtractOptions::profile that have returned,
  // one entry per pattern that did any, the most DFA bytes first (then by name).
  std::vector<PatternCost> Profile() const;

 private:
  struct Impl;
  std::shared_ptr<const Program> program_;
  std::unique_ptr<Impl> impl_;
};

// Serialisations of a report (runtime/output/). JSON: see docs/report-format.md. `indent` < 0
// is compact (one line), otherwise pretty with that many spaces per level.
std::string ReportToJson(const Program& program, const Report& report, int indent = 2);
// The same bytes appended to *out, which a batch reuses from report to report. `base_indent`
// more spaces start every line after the first (a pretty report nested in an array).
void AppendReportJson(const Program& program, const Report& report, int indent, int base_indent,
                      std::string* out);

}  // namespace rptc::rt
