// The scan's match sinks for report assembly, shared by extraction (report.cc) and `explain`.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/engine/matcher.h"
#include "runtime/report/assemble.h"

namespace rptc::rt::assemble {

// Collects the scan's matches into the flat table (slots copied, since the engine's are only
// valid during the callback).
class TableSink final : public MatchSink {
 public:
  // `captured`: whether the scan computed the matches' captures (Scan) or only spans
  // (ScanSpans; MatchTable::capture then computes them on first use).
  TableSink(const Program& program, MatchTable& table, bool captured)
      : program_(program), table_(table), captured_(captured) {}
  void OnMatch(const Match& m) override {
    MatchRecord r;
    r.automaton = m.automaton;
    r.begin = m.begin;
    r.end = m.end;
    const uint32_t n = program_.automata[m.automaton].num_slots;
    r.captured = captured_ || n <= 2;
    r.slot_base = static_cast<uint32_t>(table_.slots.size());
    for (uint32_t i = 0; i < n; ++i) {
      table_.slots.push_back(i < m.slots.size() ? m.slots[i] : kNoPos);
    }
    table_.matches.push_back(r);
  }

 private:
  const Program& program_;
  MatchTable& table_;
  const bool captured_;
};

// The matcher behind assembly's two callbacks, for extraction and `explain` alike: captures of a
// match the scan recorded as a span (here), and region searches (FindAllWith, below). All
// arguments must outlive the result. Region searches use the hits of the scan's FindHits
// (Matcher::FindAllInHits), so they must follow ScanPlan::Scan over the same text.
inline CaptureFn CaptureWith(const Matcher& matcher, const Program& program,
                             std::string_view text, Scratch& scratch) {
  return [&matcher, &program, text, &scratch](uint32_t automaton, uint32_t begin, uint32_t end,
                                              uint32_t* slots) {
    const uint32_t n = program.automata[automaton].num_slots;
    if (!matcher.Captures(automaton, text, begin, end, scratch, {slots, n})) {
      std::fill(slots + 2, slots + n, kNoPos);  // cannot happen for a match the scan reported
    }
  };
}

// Collects match spans only (regions searched after the scan).
class SpanSink final : public MatchSink {
 public:
  explicit SpanSink(std::vector<Span>& out) : out_(out) {}
  void OnMatch(const Match& m) override { out_.push_back({m.begin, m.end}); }

 private:
  std::vector<Span>& out_;
};

inline FindAllFn FindAllWith(const Matcher& matcher, std::string_view text, Scratch& scratch) {
  return [&matcher, text, &scratch](uint32_t automaton, uint32_t from, uint32_t to,
                                    uint32_t max_matches, std::vector<Span>& out) {
    SpanSink spans(out);
    matcher.FindAllInHits(automaton, text, from, to, scratch, spans, max_matches);
  };
}

}  // namespace rptc::rt::assemble
