// The scan's match sinks for report assembly, shared by extraction (report.cc) and `explain`.
#pragma once

#include <cstdint>
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

// Collects match spans only (regions searched after the scan).
class SpanSink final : public MatchSink {
 public:
  explicit SpanSink(std::vector<Span>& out) : out_(out) {}
  void OnMatch(const Match& m) override { out_.push_back({m.begin, m.end}); }

 private:
  std::vector<Span>& out_;
};

}  // namespace rptc::rt::assemble
