// Report assembly: the matches of one scan -> sections, field values, list items, violations.
//
// Works on the *normalised* text and its match table; offsets are normalised byte offsets until
// ToOriginal() maps them back at the very end (report.cc). The scan found every automaton's
// matches in one pass; everything here is proportional to the number of matches, not the text.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/extract/value.h"
#include "runtime/program.h"

namespace rptc::rt::assemble {

struct MatchRecord {
  uint32_t automaton = 0;
  uint32_t begin = 0, end = 0;
  uint32_t slot_base = 0;         // index into MatchTable::slots of this match's slot 0
  mutable bool captured = true;   // false: slots 2.. are still to be computed (see capture)
};

// Computes the capture slots of a match the scan recorded as a span only (Matcher::ScanSpans).
using CaptureFn =
    std::function<void(uint32_t automaton, uint32_t begin, uint32_t end, uint32_t* slots)>;

struct MatchTable {
  std::vector<MatchRecord> matches;  // in the order the scan reported them
  std::vector<std::vector<uint32_t>> by_automaton;  // match indices per automaton, by position
  void Index(size_t automaton_count);

  // The match's slots (num_slots of its automaton). Captures are computed on first use, so the
  // many matches that fall outside their rule's section never pay for them.
  const uint32_t* Slots(const MatchRecord& m) const {
    if (!m.captured) {
      capture(m.automaton, m.begin, m.end, &slots[m.slot_base]);
      m.captured = true;
    }
    return &slots[m.slot_base];
  }

  mutable std::vector<uint32_t> slots;  // every match's slots, num_slots of its automaton each
  CaptureFn capture;                    // set when some match has captured == false
};

// A span of normalised text.
struct Span {
  uint32_t begin = 0, end = 0;
};

struct SectionRegion {
  bool present = false;
  Span span;     // the whole section
  Span heading;  // the begin match
};

struct RawValue {
  uint32_t field = 0;
  std::string name;   // concrete field name
  uint32_t key_order = 0;  // keyed fields: the key's position in its lexicon
  Value value;
  Span value_span;    // the @value capture (or the list item)
  Span match_span;    // the whole rule match
  uint32_t rule = 0;
  // The field's `where` capture in this match, when the field has a condition and the capture
  // took part ("2019年" in "2019年…185亿元"): compared with the other field's chosen value.
  std::optional<Value> condition;
};

struct RawItem {
  int index = 0;
  Span marker, title, body;
};

struct RawList {
  uint32_t list = 0;
  std::vector<RawItem> items;
};

struct RawViolation {
  uint32_t constraint = 0;
  std::string message;
  std::optional<Span> where;
};

struct Assembled {
  std::vector<SectionRegion> sections;      // parallel to Program::sections
  std::vector<RawValue> values;             // chosen values, by field then position
  std::vector<RawList> lists;               // parallel to Program::lists
  std::vector<RawViolation> violations;
};

// Finds the matches of one automaton inside [from, to) (finditer semantics), at most
// `max_matches` of them: every one to split list(...) captures into their items, only the first
// for a section's end or an item's title end (the search then stops there instead of running
// through the rest of the region: on the GWR template that was 3x the text in DFA steps).
// A keyed field's concrete name: "{key}_growth" with key "gdp" is "gdp_growth".
std::string FillName(const std::string& templ, const std::string& key);

using FindAllFn = std::function<void(uint32_t automaton, uint32_t from, uint32_t to,
                                     uint32_t max_matches, std::vector<Span>& out)>;
inline constexpr uint32_t kAllMatches = UINT32_MAX;

struct AssembleOptions {
  std::optional<uint32_t> whole_text_section;
};

Assembled Assemble(const Program& program, std::string_view text, const MatchTable& table,
                   const FindAllFn& find_all, const AssembleOptions& options);
// The same with the sections already resolved (a scan in phases resolves them first).
Assembled Assemble(const Program& program, std::string_view text, const MatchTable& table,
                   std::vector<SectionRegion> sections, const FindAllFn& find_all);

// Looks a normalised phrase up in a lexicon; returns the key index or kNoPos.
uint32_t LookupKey(const Lexicon& lexicon, std::string_view phrase);

// Separate steps, exposed for explain and tests.
std::vector<SectionRegion> ResolveSections(const Program& program, uint32_t text_size,
                                           const MatchTable& table, const FindAllFn& find_all,
                                           const AssembleOptions& options);
std::vector<RawList> BuildLists(const Program& program, std::string_view text,
                                const MatchTable& table,
                                const std::vector<SectionRegion>& sections,
                                const FindAllFn& find_all);
// Every typed candidate of every rule match inside its field's section.
std::vector<RawValue> CollectValues(const Program& program, std::string_view text,
                                    const MatchTable& table,
                                    const std::vector<SectionRegion>& sections,
                                    const FindAllFn& find_all);
// Applies cardinality and policy per field (and per key of a keyed field). Fields with a `where`
// condition are chosen last, from the candidates whose condition value equals the value chosen
// for the compared field (or all of them, when that field has no value).
std::vector<RawValue> ChooseValues(const Program& program, std::vector<RawValue> candidates);
std::vector<RawViolation> EvaluateConstraints(const Program& program,
                                              const std::vector<SectionRegion>& sections,
                                              const std::vector<RawValue>& values);

}  // namespace rptc::rt::assemble
