// Helpers shared by the engine tests: collect matches from a Matcher into comparable values.
#pragma once

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "runtime/engine/matcher.h"
#include "tests/runtime/engine/reference_matcher.h"

namespace rptc::rt::testing {

// Copies every match, slots included (they are valid only during OnMatch).
class CollectingSink final : public MatchSink {
 public:
  void OnMatch(const Match& m) override {
    matches.push_back({m.automaton, m.begin, m.end, {m.slots.begin(), m.slots.end()}});
  }
  std::vector<RefMatch> matches;
};

// Matches ordered by (automaton, begin): Scan's order across automata is unspecified.
inline std::vector<RefMatch> Sorted(std::vector<RefMatch> v) {
  std::stable_sort(v.begin(), v.end(), [](const RefMatch& a, const RefMatch& b) {
    return std::tie(a.automaton, a.begin) < std::tie(b.automaton, b.begin);
  });
  return v;
}

inline std::vector<RefMatch> ScanAll(const Matcher& m, std::string_view text, Scratch& scratch) {
  CollectingSink sink;
  m.Scan(text, scratch, sink);
  return Sorted(std::move(sink.matches));
}

inline std::vector<RefMatch> ScanAll(const Matcher& m, std::string_view text) {
  auto scratch = m.NewScratch();
  return ScanAll(m, text, *scratch);
}

// (begin, end) pairs of one automaton's matches, for compact expectations.
inline std::vector<std::pair<uint32_t, uint32_t>> Spans(const std::vector<RefMatch>& v,
                                                        uint32_t automaton) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (const RefMatch& m : v) {
    if (m.automaton == automaton) out.emplace_back(m.begin, m.end);
  }
  return out;
}

inline std::ostream& operator<<(std::ostream& os, const RefMatch& m) {
  os << "{automaton " << m.automaton << " [" << m.begin << "," << m.end << ") slots";
  for (uint32_t s : m.slots) {
    if (s == kNoPos) {
      os << " -";
    } else {
      os << " " << s;
    }
  }
  return os << "}";
}

// Printable bytes for failure messages.
inline std::string Escape(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace rptc::rt::testing
