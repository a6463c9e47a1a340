// `rptc explain`: why a field got the values it got, and why a rule did not fire where its anchor
// occurs.
//
// For one field (a path as `review.gdp`, or a concrete keyed name as `targets.gdp_growth`) and
// one document, Explain() reports
//   - every match of every rule of the field, anywhere in the text, with its fate: the value it
//     gave won; lost to another value (and why: the field's policy first/last/best, priorities,
//     the same text found by another rule); the match lies outside the field's section; it had
//     no @value (a skip alternative); its value did not parse; its keys and values did not pair;
//   - near misses: each place where one of the rule's anchor literals occurs inside the section
//     but no match of the rule covers it. From candidate starts (the hit minus the anchor's
//     max_before .. the hit) the rule's automaton is simulated (reach.h) to find the start that
//     gets furthest; then the rule is re-walked as a sequence of pattern elements, through a
//     RuleModel: automata for "elements 0..k" find the longest prefix that matches, and the
//     first element that does not is the culprit (descending into groups, alternatives, named
//     patterns and captures for a precise name). A gap before the culprit, or a gap that is the
//     culprit, is measured: "gap(0..8) exceeded: 11 characters between 生产总值 and 431.8亿元".
//     A place where the rule does match but the scan skipped it (it overlaps an earlier match of
//     the same rule) is reported as shadowed.
//
// The runtime does not link the compiler, so the pattern-level knowledge comes in through
// RuleModel; runtime/explain/plan.h implements it over a checked template (header-only: only
// callers that link the compiler include it). Without a model, near misses still get the
// furthest-reach analysis, without element names.
// All offsets in an Explanation are byte offsets of the original document; lines and columns
// are 1-based (columns in code points), as in a Report.
// Tested by tests/explain/explain_test.cc and the CLI tests there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/extract/value.h"
#include "runtime/program.h"

namespace rptc::rt::explain {

// ---- The pattern-level view of rules (implemented by plan.h) -------------------------------

struct ElementInfo {
  enum class Kind { kOther, kLiteral, kGap, kCapture, kReference, kGroup, kAnchor, kSpaces };
  Kind kind = Kind::kOther;
  std::string label;        // the element as written in the template: `gap(0..8)`
  int line = 0, column = 0;  // where it is written (0 when synthetic)
  int gap_min = 0, gap_max = 0;
  bool gap_sentence = false;  // kGap: gap(M..N, sentence)
};

class RuleModel {
 public:
  virtual ~RuleModel() = default;
  // The rule's top-level alternatives, each a sequence of element ids (a rule that is not an
  // alternation has one).
  virtual std::vector<std::vector<uint32_t>> Branches(uint32_t rule) = 0;
  virtual const ElementInfo& Info(uint32_t element) = 0;
  // The alternatives of an element's body, each a sequence of elements (a group, a named
  // pattern, a capture's pattern); empty when the element is atomic.
  virtual std::vector<std::vector<uint32_t>> Expand(uint32_t element) = 0;
  // An automaton for the sequence of elements, in program(); nullopt when it cannot be built.
  virtual std::optional<uint32_t> SequenceAutomaton(const std::vector<uint32_t>& elements) = 0;
  // The program holding the automata above (it may grow between calls).
  virtual const Program& program() const = 0;
  // The rule's pattern as written, for display; empty when unknown.
  virtual std::string RuleSource(uint32_t /*rule*/) { return {}; }
};

// ---- The explanation -------------------------------------------------------------------------

struct Where {
  uint32_t begin = 0, end = 0;  // original byte span
  int line = 0, column = 0;
  std::string text;             // the original text of the span (cut at 200 bytes)
};

struct ValueInfo {
  std::string field;  // concrete name
  Value value;
  Where where;        // the value's span
  std::string rule;   // rule label
};

struct MatchInfo {
  enum class Status {
    kWon, kLost, kDuplicate, kOutsideSection, kExcluded, kNoValue, kUnparsed, kUnpaired
  };
  Status status = Status::kWon;
  Where match;                       // the whole rule match
  std::vector<ValueInfo> values;     // the values it gave (one, or several for list captures)
  std::string reason;                // one sentence
  std::optional<ValueInfo> lost_to;  // kLost / kDuplicate: the value that was kept
};

struct ElementStep {
  std::string label;
  int line = 0, column = 0;  // template position of the element
  Where where;               // the document text it matched (empty span for zero-width)
};

struct NearMiss {
  enum class Kind { kPartial, kShadowed };
  Kind kind = Kind::kPartial;
  std::string anchor;            // the literal that occurred
  Where anchor_at;
  Where start;                   // the start position tried (empty span)
  Where reach;                   // start .. the furthest offset the rule's automaton reached
  std::vector<ElementStep> matched;         // elements that matched, in order
  std::optional<ElementStep> failed;        // the first element that did not
  Where failed_at;               // where that element was expected (empty span)
  std::string message;           // one sentence
  std::optional<Where> shadowed_by;  // kShadowed: the earlier, overlapping match
};

struct RuleExplanation {
  uint32_t rule = 0;
  std::string label;             // "review.gdp#1"
  uint32_t source_line = 0;
  int priority = 0;
  std::string source;            // the rule's pattern as written (from the model), may be empty
  std::vector<std::string> anchors;  // its anchor literals
  bool unanchored = false;
  std::vector<MatchInfo> matches;
  std::vector<NearMiss> near_misses;
  size_t near_misses_omitted = 0;    // past the per-rule limit
  size_t other_keys = 0;             // keyed field: matches that gave values for other keys only
};

struct Explanation {
  std::string path;              // "review.gdp"
  std::string document;
  uint32_t field = 0;
  std::string field_name;        // concrete name
  ValueType type = ValueType::kText;
  Cardinality cardinality = Cardinality::kOne;
  Policy policy = Policy::kFirst;
  bool keyed = false;
  std::string section;           // "" = document level
  bool section_present = true;
  std::optional<Where> section_span;
  std::vector<ValueInfo> chosen;  // what the report contains for the field
  std::vector<RuleExplanation> rules;
};

struct FieldRef {
  uint32_t field = 0;
  std::string name;  // concrete name (a keyed field's key filled in)
  uint32_t key = kNoPos;  // keyed: index of the key in its lexicon
  uint32_t lexicon = kNoPos;
};

// Resolves "section.field", "field" (document level) or a concrete keyed name
// ("targets.gdp_growth" for `{key}_growth`). On failure returns nullopt and sets *error to one
// sentence that lists some of the field paths the template has.
std::optional<FieldRef> ResolveField(const Program& program, std::string_view path,
                                     std::string* error);
// Every field path a user can ask for (keyed fields expanded per key), in template order.
std::vector<std::string> FieldPaths(const Program& program);

struct ExplainOptions {
  size_t max_near_misses_per_rule = 25;
};

// `model` may be null (no element names). Never fails on content.
Explanation Explain(const Program& program, RuleModel* model, std::string_view document,
                    std::string_view document_name, const FieldRef& field,
                    std::string_view path, const ExplainOptions& options = {});

// The stable JSON shape (docs in cli/cmd_explain.cc --help and tests/explain).
std::string ExplanationToJson(const Explanation& e, int indent = 2);
// Text for a terminal; ANSI colours when `color`.
std::string ExplanationToText(const Explanation& e, bool color);

// "431.8亿元 = 43180000000 CNY", "8 % (about)": a value for people (also used by the watch diff
// and the HTML view).
std::string ValueSummary(const Value& v);
std::string_view StatusName(MatchInfo::Status s);
std::string_view PolicyName(Policy p);

}  // namespace rptc::rt::explain
