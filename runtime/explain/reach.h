// How far an automaton gets: a priority-ordered Pike VM simulation (no captures) for `explain`.
//
// The production engines (runtime/engine/) answer "is there a match, and where": they never say
// how close a failed attempt came. Reach() runs one automaton from one start position and
// reports, besides the leftmost-first match (the highest-priority one, as Matcher::MatchAt finds
// it), the furthest byte any thread consumed. For a rule that did not match, that offset is
// where the text stopped fitting the pattern: `explain` prints it as the place a near miss
// failed.
//
// Works on any Program (the compiled template, or the scratch program of prefix automata that
// runtime/explain/plan.h builds). Assertions see the whole text (AssertionHoldsAt). Cost:
// O((limit - start) * threads); each instruction enters a position's thread list at most once.
// Tested by tests/explain/reach_test.cc.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/program.h"

namespace rptc::rt::explain {

struct ReachResult {
  bool matched = false;
  uint32_t end = 0;    // matched: the end of the highest-priority match
  uint32_t reach = 0;  // the furthest offset any thread reached (>= start)
};

class Reacher {
 public:
  // Runs automaton `automaton` of `program` anchored at `start`, never past `limit` (clamped to
  // the text size). A bad automaton index or a jump outside the program never matches.
  ReachResult Run(const Program& program, uint32_t automaton, std::string_view text,
                  uint32_t start, uint32_t limit);

 private:
  void AddThread(const Program& program, std::string_view text, uint32_t pos, uint32_t pc,
                 std::vector<uint32_t>& list, bool& matched);
  std::vector<uint32_t> mark_;  // generation per instruction
  uint32_t generation_ = 0;
  std::vector<uint32_t> stack_;
  std::vector<uint32_t> current_, next_;
};

}  // namespace rptc::rt::explain
