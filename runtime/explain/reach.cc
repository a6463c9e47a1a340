#include "runtime/explain/reach.h"

#include <algorithm>

#include "runtime/engine/context.h"

namespace rptc::rt::explain {

// Follows the epsilon closure of `pc` at `pos` in priority order (Split: `out` first), appending
// the ByteRange threads to `list`. Stops the closure at a Match: lower-priority threads of the
// same closure are cut (leftmost-first), which the caller sees through `matched`.
void Reacher::AddThread(const Program& program, std::string_view text, uint32_t pos, uint32_t pc,
                        std::vector<uint32_t>& list, bool& matched) {
  const size_t n = program.insts.size();
  stack_.clear();
  stack_.push_back(pc);
  while (!stack_.empty()) {
    uint32_t p = stack_.back();
    stack_.pop_back();
    if (p >= n || mark_[p] == generation_) continue;
    mark_[p] = generation_;
    const Inst& inst = program.insts[p];
    switch (inst.op) {
      case Op::kByteRange:
      case Op::kBytePair: list.push_back(p); break;
      case Op::kSplit:
        stack_.push_back(inst.out1);
        stack_.push_back(inst.out);  // popped first: higher priority
        break;
      case Op::kSave: stack_.push_back(inst.out); break;
      case Op::kAssert:
        if (internal::AssertionHoldsAt(text, pos, inst.assert)) stack_.push_back(inst.out);
        break;
      case Op::kMatch:
        matched = true;
        stack_.clear();  // cut everything of lower priority
        return;
      case Op::kFail: break;
    }
  }
}

ReachResult Reacher::Run(const Program& program, uint32_t automaton, std::string_view text,
                         uint32_t start, uint32_t limit) {
  ReachResult r;
  r.reach = start;
  if (automaton >= program.automata.size() || start > text.size()) return r;
  limit = std::min<uint32_t>(limit, static_cast<uint32_t>(text.size()));
  if (mark_.size() < program.insts.size()) mark_.assign(program.insts.size(), 0);
  auto next_generation = [&] {
    if (++generation_ == 0) {
      std::fill(mark_.begin(), mark_.end(), 0);
      generation_ = 1;
    }
  };
  current_.clear();
  next_generation();
  bool matched = false;
  AddThread(program, text, start, program.automata[automaton].start, current_, matched);
  if (matched) {
    r.matched = true;
    r.end = start;
  }
  for (uint32_t pos = start; pos < limit && !current_.empty(); ++pos) {
    const uint8_t byte = static_cast<uint8_t>(text[pos]);
    next_.clear();
    next_generation();
    // Threads are in priority order: a match found through thread i cuts threads after i.
    for (uint32_t pc : current_) {
      const Inst& inst = program.insts[pc];
      if (!AcceptsByte(inst.op, inst.lo, inst.hi, byte)) continue;
      r.reach = std::max(r.reach, pos + 1);
      bool m = false;
      AddThread(program, text, pos + 1, inst.out, next_, m);
      if (m) {
        r.matched = true;
        r.end = pos + 1;
        break;
      }
    }
    current_.swap(next_);
  }
  return r;
}

}  // namespace rptc::rt::explain
