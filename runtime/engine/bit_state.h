// BitState: a backtracking matcher bounded by a visited bitmap (RE2 bitstate.cc). It computes
// the captures of a match whose span the lazy DFA has already confirmed: it is anchored at the
// match start and confined to the match, so the text it sees is short.
//
// Semantics: the same as the Pike VM (pike_vm.h) for an anchored search. It explores paths
// depth first in priority order (a kSplit's `out` before its `out1`) and returns the first kMatch
// reached. That is by definition the highest-priority (leftmost-first) match at the start, with
// that path's captures.
//
// Guarantees: each (instruction, position) pair is visited (marked in the bitmap and explored)
// at most once. A pair that was left without a match fails again whatever the captures, so the
// search is O(m * (limit - begin)) and cannot take exponential time, where m is the automaton's
// instruction span [pc_lo, pc_hi]. Two kinds of step pass pairs without a visit, each a constant
// number of times per visit or per stacked branch, so the bound holds with a larger constant:
// a chain walk passes up to 64 splits whose `out` branch fails at once, and a branch about to
// be explored is first moved past its leading byte instructions, up to 3, or dropped if one of
// them cannot consume its byte (most branches of a lexicon fail within their first character).
// Byte instructions only consume, so passing them unmarked changes no result: a path that
// reaches them again reaches the same next pair, which was explored before or is explored now.
// It never recurses. It declines, returning kTooBig, when the bitmap would exceed
// kMaxVisitedBits: the caller then runs the Pike VM, whose memory does not grow with the text.
// Against the Pike VM it avoids copying slot arrays for every thread at every byte. It writes
// slots along the single path being explored and undoes them when it backtracks. After a search
// it clears only the bitmap words it set, so a search costs what it explores, not the bitmap size.
// Tested by tests/runtime/engine/bit_state_test.cc and differential_test.cc.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/engine/context.h"
#include "runtime/engine/prepared.h"

namespace rptc::rt::internal {

struct BitStateBuffers {
  struct Job {
    uint32_t pc;  // kNoPos: restore slot `pos` := value
    uint32_t pos;
    uint32_t value;
  };
  std::vector<uint64_t> visited;  // all zero between searches
  std::vector<uint32_t> dirty;    // words of `visited` set by the current search
  std::vector<Job> stack;
  std::vector<uint32_t> slots;
  std::vector<Context>
      contexts;  // the assertion context at each position, if the automaton asserts
};

// RE2 stops at 32 KiB, but its programs are small. A template's automaton inlines typed value
// recognizers and reaches tens of thousands of instructions, so 32 KiB covered only spans of a
// few bytes and sent ~8,800 capture searches per 6 MB of reports to the Pike VM (~17% of
// extraction time). The bitmap is cleared sparsely, so only its memory grows: 4 MiB per Scratch.
inline constexpr uint64_t kMaxVisitedBits = uint64_t{32} << 20;  // 4 MiB

enum class BitStateResult { kNoMatch, kMatch, kTooBig };

// The highest-priority match of `automaton` anchored at `begin` and ending at or before `limit`.
// On kMatch, writes num_slots slots with slots[0] = begin and slots[1] = the match end.
BitStateResult BitStateSearch(const PreparedProgram& prog, uint32_t automaton,
                              std::string_view text, uint32_t begin, uint32_t limit,
                              BitStateBuffers& buffers, uint32_t* slots);

}  // namespace rptc::rt::internal
