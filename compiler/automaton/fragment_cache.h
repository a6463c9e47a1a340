// A compiled NFA fragment kept as a relocatable block, so that a named pattern or lexicon that
// many rules reference is compiled once and then copied: inlining the same references again and
// again (and rebuilding the same lexicon tries) was most of the NFA build of a large template.
//
// A fragment's instructions are contiguous and jump only inside themselves, except through its
// exits ("holes": unpatched `out`/`out1` fields threaded into a list, see NfaBuilder::Holes). A
// copy placed at another pc, with its internal jumps shifted and its exits threaded in the same
// order, is exactly what compiling the pattern again there would have produced.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "runtime/program.h"

namespace rptc::automaton {

struct CachedFragment {
  std::vector<rt::Inst> insts;  // jump targets relative to the first; exit fields are 0
  std::vector<uint32_t> exits;  // exits as relative holes ((pc << 1) | out1), in list order
  uint32_t start = 0;           // relative entry
  uint32_t min_w = 0, max_w = 0;
  int height = 0;               // how much deeper than the reference the compilation recursed
};

// Records insts[begin, insts.size()) whose exit list starts at `head` (holes chained through the
// fields, ending with `end`). Nullopt when an instruction jumps outside the block (never the
// case for a fragment; the caller then simply does not cache it).
std::optional<CachedFragment> RecordFragment(const std::vector<rt::Inst>& insts, uint32_t begin,
                                             uint32_t start, uint32_t head, uint32_t end);

// Appends the block at insts.size(), shifting its jumps, and threads its exits into a list in
// the recorded order, its last exit holding `end`. The caller checks the instruction budgets.
// Returns the pc of the block's first instruction (its exits are `exits[k] + 2 * pc`).
uint32_t AppendFragment(std::vector<rt::Inst>& insts, const CachedFragment& fragment,
                        uint32_t end);

// Whether `op` uses `out` (and, for kSplit, `out1`) as a jump target.
bool JumpsWithOut(rt::Op op);

}  // namespace rptc::automaton
