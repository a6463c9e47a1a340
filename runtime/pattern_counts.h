// PatternCounts: the matcher's work for one pattern of a template (an automaton), as counted by
// Matcher::EnableProfile and summed by Extractor::Profile. Plain data, so that both the engine
// and the public API (report.h) can hold it.
#pragma once

#include <cstdint>

namespace rptc::rt {

struct PatternCounts {
  uint64_t anchor_hits = 0;  // occurrences of its anchor literals that the scan considered
  uint64_t windows = 0;      // of those, windows left to verify: in scope, guard held, and not
                             // ruled out by the reversed prefix
  uint64_t searches = 0;     // lazy-DFA (or Pike VM) searches; a run of close windows is one
  uint64_t dfa_bytes = 0;    // bytes its lazy DFA stepped: the searches and the runs that find
                             // where a match starts
  uint64_t matches = 0;      // matches reported
  uint64_t captures = 0;     // capture searches (BitState or Pike VM) over a matched span
  uint64_t dfa_states = 0;   // lazy-DFA states built (resets included)

  PatternCounts& operator+=(const PatternCounts& o) {
    anchor_hits += o.anchor_hits;
    windows += o.windows;
    searches += o.searches;
    dfa_bytes += o.dfa_bytes;
    matches += o.matches;
    captures += o.captures;
    dfa_states += o.dfa_states;
    return *this;
  }
  bool none() const {
    return (anchor_hits | windows | searches | dfa_bytes | matches | captures | dfa_states) == 0;
  }
};

}  // namespace rptc::rt
